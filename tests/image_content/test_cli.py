from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from harrier.cli import app

from .helpers import CHILD, jpeg_bytes, landscape, scene_with_faces

runner = CliRunner()


def test_image_scan_json_one_object_per_line(fixtures: Path, faces_dir: Path, tmp_path: Path) -> None:
    scene = tmp_path / "scene.jpg"
    scene.write_bytes(jpeg_bytes(scene_with_faces(faces_dir, [(CHILD, (100, 300))])))
    land = tmp_path / "land.png"
    landscape().save(land)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    sd = fixtures / "provenance" / "sd_metadata" / "sd-parsers__AUTOMATIC1111_automatic1111_cropped.png"
    res = runner.invoke(app, ["image", "scan", str(scene), str(land), str(broken), str(sd), "--json"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert [r["path"] for r in recs] == [str(scene), str(land), str(broken), str(sd)]
    for r in recs:
        assert {"path", "ai_generated", "generator", "markers", "pdq", "quality", "faces", "minor_likelihood",
                "nudity", "error"} <= set(r)
    s, la, b, a1111 = recs
    assert s["error"] is None and len(s["pdq"]) == 64 and s["quality"] > 0
    assert len(s["faces"]) == 1 and set(s["faces"][0]) >= {"box", "age", "minor_probability"}
    assert s["minor_likelihood"] > 0.9 and s["faces"][0]["age"] < 8
    assert s["ai_generated"] == "no" and not [n for n in s["nudity"] if n["exposed"]]
    assert la["faces"] == [] and la["minor_likelihood"] is None and la["nudity"] == []
    assert b["error"] and b["pdq"] is None
    assert a1111["ai_generated"] == "yes" and a1111["markers"]


def test_eval_faces_meets_the_bar_on_the_shared_fixtures(faces_dir: Path) -> None:
    res = runner.invoke(app, ["eval", "faces", str(faces_dir), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["overall"]["n"] == 99 and out["overall"]["n_child"] == 30 and out["overall"]["n_adult"] == 44
    assert out["overall"]["auc_child_vs_adult"] >= 0.9
    assert out["worst_group_auc"] >= 0.8 and out["passed"] is True
    assert {"gender=female", "gender=male", "race=asian", "race=black", "race=indian", "race=white",
            "race=others"} <= set(out["groups"])
    assert 0.0 <= out["overall"]["recall_teen"] <= 1.0
    assert {m["name"] for m in out["model"]} == {"faces", "face_landmarks", "age"}


def test_eval_faces_fails_when_labels_are_wrong(faces_dir: Path, tmp_path: Path) -> None:
    """The metric can fail: swap children's and adults' labels and the AUC collapses (exit 1)."""
    src = faces_dir
    with (src / "labels.csv").open() as f:
        rows = list(csv.DictReader(f))
    picked = [r for r in rows if int(r["age"]) <= 12][:6] + [r for r in rows if int(r["age"]) >= 26][:6]
    with (tmp_path / "labels.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "age", "gender"])
        w.writeheader()
        for r in picked:  # files stay in the shared folder: UTKFace crops are never copied
            w.writerow({"file": str(src / r["file"]), "age": 40 if int(r["age"]) <= 12 else 5,
                        "gender": r["gender"]})
    res = runner.invoke(app, ["eval", "faces", str(tmp_path), "--json"])
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert out["overall"]["auc_child_vs_adult"] < 0.2 and out["passed"] is False


def test_models_list_reports_every_bundled_model() -> None:
    res = runner.invoke(app, ["models", "list", "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in map(json.loads, res.stdout.splitlines())}
    assert {"age", "faces", "face_landmarks", "nudity"} <= set(rows)
    assert rows["nudity"]["version"] == "nudenet==3.4.2" and "AGPL" in rows["nudity"]["licence"]
