"""PDQ conformance: every fixture within 16 bits of Meta's expected hash and within 2 of pdqhash (C++)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
from PIL import Image

from harrier.detect.hashing import pdq_numpy
from harrier.detect.hashing.eval import evaluate_pdq, reference_pdq
from harrier.detect.hashing.pdq import hamming_hex, hash_file


def test_fixtures_within_tolerance_of_expected_and_reference(fixtures):
    rows = evaluate_pdq(fixtures / "pdq")
    assert len(rows) == 18
    report = {r["file"]: (r["to_expected"], r["to_reference"], r["fast_to_reference"]) for r in rows}
    print("file: (to expected, to pdqhash, fast mode to pdqhash)", report)
    for r in rows:
        assert r["to_expected"] is not None and r["to_expected"] <= 16, r
        assert r["to_reference"] is not None and r["to_reference"] <= 2, r
        assert r["fast_to_reference"] <= 8, r  # the pipeline's draft-decode mode: measured <= 4


def test_numpy_port_matches_cxx_reference(fixtures):
    for name in ("wee.jpg", "q0291.jpg", "bridge-4-rotate-270.jpg"):
        path = fixtures / "pdq" / name
        bits, quality = pdq_numpy.compute(np.asarray(Image.open(path).convert("RGB")))
        ours = np.packbits(bits).tobytes().hex()
        assert hamming_hex(ours, reference_pdq(path)) == 0
        assert quality == hash_file(path).quality


def test_md5_sha256(fixtures):
    import hashlib

    p = fixtures / "pdq" / "wee.jpg"
    h = hash_file(p)
    assert h.md5 == hashlib.md5(p.read_bytes()).hexdigest()
    assert h.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert len(h.pdq) == 64 and 0 <= h.quality <= 100


def test_hash_cli_json(fixtures, tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    files = [str(fixtures / "pdq" / "q0122.jpg"), str(bad)]
    out = subprocess.run([sys.executable, "-m", "harrier.cli", "hash", *files, "--json"], capture_output=True,
                         text=True).stdout.splitlines()
    recs = [json.loads(x) for x in out]
    with (fixtures / "pdq" / "expected.csv").open() as f:
        expected = {r["file"]: r["expected_pdq"] for r in csv.DictReader(f)}
    assert recs[0]["path"] == files[0] and recs[0]["pdq"] == expected["q0122.jpg"]
    assert set(recs[0]) >= {"path", "pdq", "quality", "md5", "sha256"}
    assert "error" in recs[1]


def test_eval_pdq_cli(fixtures):
    r = subprocess.run([sys.executable, "-m", "harrier.cli", "eval", "pdq", str(fixtures / "pdq"), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(recs) == 18 and all(x["pass"] for x in recs)
