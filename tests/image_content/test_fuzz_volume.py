"""bench/fuzz_images.py at a small fixed size: 200 mutated images (+20 intact) through image scan and the
pipeline's media detectors. No crash, no image without a result or a recorded error, bombs refused, intact images
hashed. The volume run (10,000+ images) is in docs/BENCHMARKS.md."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from ..fuzzing import bench_module

fuzz = bench_module("fuzz_images")
SEED, N = 20261205, 200
MUTATIONS = {"flip_few", "flip_many", "truncate", "splice", "wrong_ext", "zero", "foreign", "bomb", "exif", "xmp",
             "icc", "jumbf", "png_chunks", "animation", "alpha", "odd_geometry", "intact"}


@pytest.mark.slow  # 25 s on the 2-core box at load 4, 37 s at load 8: the models run on every image twice
def test_200_fuzzed_images_through_image_scan_and_the_pipeline(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Pillow names each corrupt EXIF block it skips
        res = fuzz.run(N, SEED, tmp_path, workers=2)
    shown = "\n".join(f.show(SEED, N) for f in res.failures[:10])
    assert (res.crashes, res.lost, res.wrong) == (0, 0, 0), shown
    assert set(res.mutations) == MUTATIONS and res.inputs == N + N // 10
    assert res.decoded + res.errors == res.inputs and res.decoded > 50 and res.errors > 20 and res.bombs >= 1
    assert res.pipeline_media == res.inputs  # every image went through the detectors as a post's media
    assert res.hashed >= N // 10 and res.decode_errors >= 1


def test_the_checks_can_fail() -> None:
    """A raise, a missing error, an unnamed bomb and a media item nobody scanned are each reported."""
    res = fuzz.Result(SEED, 1)
    ok = fuzz.Sample("a.png", b"", "intact", "ok")
    bomb = fuzz.Sample("b.png", b"", "bomb", "bomb")
    fuzz._check_record(ok, "Traceback ...", 0.1, res)
    fuzz._check_record(ok, {"error": "cannot open image"}, 0.1, res)
    fuzz._check_record(bomb, {"error": "truncated file"}, 0.1, res)
    fuzz._check_record(bomb, {"error": None, "pdq": "0" * 64}, fuzz.SLOW_S + 1, res)
    fuzz._check_media("m0", ok, {"hash.pdq"}, {}, {"image.hashes": [("hash.pdq", [{"field": "md5"}])]}, res)
    assert res.crashes == 1
    assert res.lost == 2  # image.content and image.provenance: neither a scan nor an error
    problems = " | ".join(f.problem for f in res.failures)
    for said in ("intact pixels", "bomb not named", "must be refused", "took", "PDQ missing"):
        assert said in problems, problems
