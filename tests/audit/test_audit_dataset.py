"""``harrier audit-dataset``: real inference on small benign inputs (generated shapes, the shipped PDQ and
provenance fixtures, and the unshipped face crops and provenance samples when present)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from harrier.cli import app

runner = CliRunner()
SRC = Path(__file__).resolve().parents[2] / "src"


# ---- helpers -----------------------------------------------------------------------------------------------


def shapes(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """Rectangles and ellipses on a gradient: benign, nothing a face or body detector should see."""
    rng = np.random.default_rng(seed)
    w, h = size
    grad = np.linspace(0, 1, w)[None, :, None] * rng.integers(0, 255, 3)[None, None, :]
    im = Image.fromarray(np.ascontiguousarray(np.broadcast_to(grad, (h, w, 3)).astype(np.uint8)))
    d = ImageDraw.Draw(im)
    for _ in range(6):
        x0, y0 = int(rng.integers(0, w - 10)), int(rng.integers(0, h - 10))
        x1, y1 = x0 + int(rng.integers(20, w // 2)), y0 + int(rng.integers(20, h // 2))
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        [d.rectangle, d.ellipse][int(rng.integers(0, 2))]((x0, y0, x1, y1), fill=colour)
    return im


def _save(im: Image.Image, path: Path, fmt: str = "JPEG", **kw: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    path.write_bytes(buf.getvalue())
    return path


def make_dataset(root: Path, fixtures: Path, n_shapes: int = 4) -> Path:
    """Generated shapes (two re-encoded/resized copies of the first: a near-duplicate cluster), shipped
    provenance and PDQ files, a labels file that is not an image, and one corrupt .jpg."""
    for i in range(n_shapes):
        _save(shapes(i), root / "gen" / f"shape{i:02d}.jpg", quality=90)
    _save(shapes(0).resize((200, 150)), root / "gen" / "shape00-small.jpg", quality=70)
    _save(shapes(0), root / "gen" / "sub" / "shape00.png", "PNG")
    for rel in ("provenance/sd_metadata/sd-parsers__AUTOMATIC1111_automatic1111_cropped.png",
                "provenance/c2pa/c2pa-rs__CA.jpg", "pdq/bridge-1-original.jpg", "pdq/q0746.jpg"):
        dst = root / "fix" / Path(rel).name
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes((fixtures / rel).read_bytes())
    (root / "labels.csv").write_text("path,label\n")
    (root / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not a jpeg " + os.urandom(200))
    return root


def audit(source: Path | str, out: Path, *args: str) -> dict[str, Any]:
    res = runner.invoke(app, ["audit-dataset", str(source), "--out", str(out), "--workers", "1", "--json", *args])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary == json.loads((out / "summary.json").read_text())
    return summary


def audit_records(out: Path) -> dict[str, dict[str, Any]]:
    """images.parquet's full per-image records, by path."""
    rows = pq.read_table(out / "images.parquet").to_pylist()
    return {r["path"]: json.loads(r["record_json"]) for r in rows}


def image_scan(paths: list[str]) -> dict[str, dict[str, Any]]:
    """What ``harrier image scan --json`` prints, by path."""
    res = runner.invoke(app, ["image", "scan", *paths, "--json"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    return {r["path"]: r for r in recs}


def assert_same_as_image_scan(out: Path, summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    got = audit_records(out)
    want = image_scan(sorted(got))
    assert got == want  # image by image, field by field
    assert summary["images"] == len(want)
    assert summary["errors"] == sum(1 for r in want.values() if r["error"])
    assert summary["ai_generated"] == sum(1 for r in want.values() if r["ai_generated"] == "yes")
    assert summary["with_minor_faces"] == sum(1 for r in want.values() if (r["minor_likelihood"] or 0) >= 0.5)
    assert summary["nudity_flagged"] == sum(1 for r in want.values() if r.get("nudity_score", 0) >= 0.3)
    return got


def no_input_copied(out: Path, inputs: list[Path]) -> None:
    """No file in the output folder has the bytes of any input (the report's thumbnails are re-rendered)."""
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs}
    for f in out.rglob("*"):
        if f.is_file():
            assert hashlib.sha256(f.read_bytes()).hexdigest() not in digests, f


def _images(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in (".jpg", ".png"))


# ---- tests -------------------------------------------------------------------------------------------------


def test_folder_audit_is_image_scan_image_by_image(fixtures: Path, tmp_path: Path, harrier_env: Path) -> None:
    from harrier.detect.hashing import banks
    from harrier.detect.hashing.pdq import hash_file
    from harrier.store.db import open_store

    data = make_dataset(tmp_path / "data", fixtures)
    with open_store().session() as s:  # one bank holding the PDQ of a shipped photo, one empty
        b = banks.create_bank(s, "known")
        banks.add_entries(s, b, [banks.EntryIn(hash_file(data / "fix" / "q0746.jpg").pdq, "pdq", "ref-1")])
        banks.create_bank(s, "other")
        s.commit()
    out = tmp_path / "out"
    summary = audit(data, out)
    recs = assert_same_as_image_scan(out, summary)
    broken = str(data / "broken.jpg")
    assert summary["images"] == 11 and summary["decoded"] == 10 and summary["errors"] == 1
    assert [e["path"] for e in summary["error_list"]] == [broken] and recs[broken]["error"]
    assert summary["ai_generated"] >= 1
    assert summary["bank_matches"] == 1 and summary["bank_matches_by_bank"] == {"known": 1, "other": 0}
    # the shape, its small re-encode and its PNG copy: one cluster of three
    shape0 = {str(data / "gen" / n) for n in ("shape00.jpg", "shape00-small.jpg", "sub/shape00.png")}
    assert any(set(c["members"]) == shape0 for c in summary["largest_clusters"])
    assert summary["near_duplicate_clusters"] >= 1
    table = pq.read_table(out / "images.parquet").to_pylist()
    row = next(r for r in table if r["path"].endswith("q0746.jpg"))
    assert row["bank_matches"] == 1 and json.loads(row["bank_matches_json"])[0]["bank"] == "known"
    assert next(r for r in table if r["path"].endswith("shape00.jpg"))["near_duplicate_cluster"].startswith("nd-")
    html = (out / "report.html").read_text()
    assert "q0746.jpg" in html and "data:image/jpeg;base64," in html and "<svg" in html
    assert "src='http" not in html and 'src="http' not in html  # self-contained
    no_input_copied(out, _images(data))
    run = json.loads((out / "run.json").read_text())
    assert run["scanned_this_run"] == 11 and run["images_per_second"] > 0

    only = audit(data, tmp_path / "out2", "--banks", "other")
    assert only["banks"] == ["other"] and only["bank_matches"] == 0
    res = runner.invoke(app, ["audit-dataset", str(data), "--out", str(tmp_path / "o3"), "--banks", "nope"])
    assert res.exit_code == 2 and "nope" in res.output


def test_table_and_webdataset_sources_give_the_folders_verdicts(fixtures: Path, tmp_path: Path,
                                                                harrier_env: Path) -> None:
    data = make_dataset(tmp_path / "data", fixtures)
    audit(data, tmp_path / "f")
    folder = {os.path.relpath(p, data): r for p, r in audit_records(tmp_path / "f").items()}

    def strip(r: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in r.items() if k != "path"}

    rels = sorted(folder)
    # CSV with paths relative to its folder, under a custom column name
    with (data / "list.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "img"])
        w.writerows([i, r] for i, r in enumerate(rels))
    s_csv = audit(data / "list.csv", tmp_path / "c", "--path-column", "img")
    assert s_csv["source_kind"] == "table"
    assert {os.path.relpath(p, data): r for p, r in audit_records(tmp_path / "c").items()} == folder
    # Parquet with absolute paths, auto-detected column
    pq.write_table(pa.table({"image_path": [str(data / r) for r in rels]}), tmp_path / "list.parquet")
    audit(tmp_path / "list.parquet", tmp_path / "p")
    assert {os.path.relpath(p, data): r for p, r in audit_records(tmp_path / "p").items()} == folder
    # WebDataset: two shards, each sample a key with an image and a caption
    shards = tmp_path / "shards"
    shards.mkdir()
    key_of = {}
    for n, part in enumerate((rels[:5], rels[5:])):
        with tarfile.open(shards / f"shard-{n:05d}.tar", "w") as tf:
            for i, rel in enumerate(part):
                key = f"sample{n}{i:03d}"
                key_of[key] = rel
                tf.add(data / rel, arcname=f"{key}{Path(rel).suffix}")
                cap = f"caption {i}".encode()
                info = tarfile.TarInfo(f"{key}.txt")
                info.size = len(cap)
                tf.addfile(info, io.BytesIO(cap))
    s_tar = audit(str(shards / "*.tar"), tmp_path / "t")
    assert s_tar["source_kind"] == "glob" and s_tar["images"] == len(rels)
    tar_rows = pq.read_table(tmp_path / "t" / "images.parquet").to_pylist()
    assert {key_of[r["key"]]: strip(json.loads(r["record_json"])) for r in tar_rows} == \
        {k: strip(v) for k, v in folder.items()}
    assert all("#sample" in r["path"] for r in tar_rows)
    one = audit(shards / "shard-00000.tar", tmp_path / "t1")
    assert one["source_kind"] == "tar" and one["images"] == 5
    no_input_copied(tmp_path / "t", _images(data))


def test_shared_provenance_fixtures_match_image_scan(restricted_provenance: Path, tmp_path: Path,
                                                     harrier_env: Path) -> None:
    out = tmp_path / "out"
    summary = audit(restricted_provenance, out)
    recs = assert_same_as_image_scan(out, summary)
    assert summary["ai_generated"] >= 5  # SD watermark samples, the IPTC image, the SD metadata files
    no_input_copied(out, [Path(p) for p in recs])


def test_face_crops_match_image_scan(faces_dir: Path, tmp_path: Path, harrier_env: Path) -> None:
    """The first 20 face crops (sorted): linked into a folder, so the run stays seconds long."""
    sample = tmp_path / "faces"
    sample.mkdir()
    first = sorted((faces_dir / "images").glob("*.jpg"))[:20]
    for p in first:
        (sample / p.name).symlink_to(p)
    out = tmp_path / "out"
    summary = audit(sample, out, "--engine", "local")
    assert_same_as_image_scan(out, summary)
    assert summary["with_faces"] >= 15 and summary["with_minor_faces"] >= 1
    no_input_copied(out, first)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "harrier.cli", "audit-dataset", *args]


def test_kill_and_rerun_gives_the_uninterrupted_summary(tmp_path: Path, harrier_env: Path) -> None:
    data = tmp_path / "data"
    for i in range(24):
        _save(shapes(100 + i, (480, 360)), data / f"img{i:02d}.jpg", quality=85)
    (data / "zz-broken.jpg").write_bytes(b"garbage" * 50)
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    full = tmp_path / "full"
    subprocess.run(_cli(str(data), "--out", str(full), "--workers", "1", "--json"), env=env, check=True,
                   capture_output=True, timeout=300)

    out = tmp_path / "killed"
    proc = subprocess.Popen(_cli(str(data), "--out", str(out), "--workers", "1", "--batch-size", "1", "--json"),
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ckpt, rows, deadline = out / "checkpoint.sqlite", 0, time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if ckpt.exists():
                try:
                    with sqlite3.connect(ckpt) as db:
                        rows = db.execute("SELECT count(*) FROM results").fetchone()[0]
                except sqlite3.OperationalError:
                    rows = 0  # the table is not created yet
                if rows >= 3:
                    break
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not (out / "summary.json").exists()
    with sqlite3.connect(ckpt) as db:
        kept = db.execute("SELECT count(*) FROM results").fetchone()[0]
    assert 3 <= kept < 25

    subprocess.run(_cli(str(data), "--out", str(out), "--workers", "2", "--json"), env=env, check=True,
                   capture_output=True, timeout=300)
    assert (out / "summary.json").read_bytes() == (full / "summary.json").read_bytes()
    run = json.loads((out / "run.json").read_text())
    assert run["resumed_from_checkpoint"] == kept and run["scanned_this_run"] == 25 - kept
    summary = json.loads((out / "summary.json").read_text())
    assert summary["images"] == 25 and summary["errors"] == 1


@pytest.mark.slow
@pytest.mark.xdist_group("ray")  # one Ray at a time on the machine (tests/pipeline/test_ray_engine.py)
def test_ray_engine_gives_the_local_summary(fixtures: Path, tmp_path: Path, harrier_env: Path) -> None:
    ray = pytest.importorskip("ray")
    data = make_dataset(tmp_path / "data", fixtures, n_shapes=2)
    local = audit(data, tmp_path / "local")
    ray.init(address="local", num_cpus=1, include_dashboard=False, log_to_driver=False)  # never another job's
    try:
        remote = audit(data, tmp_path / "ray", "--engine", "ray", "--batch-size", "4")
    finally:
        ray.shutdown()
    assert remote == local
    assert audit_records(tmp_path / "ray") == audit_records(tmp_path / "local")
    assert json.loads((tmp_path / "ray" / "run.json").read_text())["engine"] == "ray"
