"""``harrier sharecheck``: JSON report per photo, bad files reported with exit code 1."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from harrier.cli import app

from .photos import write_jpeg, write_png

runner = CliRunner()


def test_sharecheck_json_and_exit_codes(tmp_path: Path) -> None:
    good = write_jpeg(tmp_path / "a.jpg")
    png = write_png(tmp_path / "b.png")
    out = tmp_path / "clean"
    res = runner.invoke(app, ["sharecheck", str(good), str(png), "--out", str(out), "--json",
                              "--caption", "Bath time for my son Liam"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["path"] for r in rows] == [str(good), str(png)]
    for r in rows:
        assert {"path", "out_path", "removed", "faces", "caption_risks", "advice"} <= set(r)
        assert Path(r["out_path"]).parent == out and r["error"] is None
        assert {k["kind"] for k in r["caption_risks"]} == {"sensitive_context", "child_name"}
        assert all(set(k) >= {"kind", "span", "text", "advice"} for k in r["caption_risks"])
    assert "EXIF GPSInfo" in rows[0]["removed"] and "PNG text: Author" in rows[1]["removed"]

    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really")
    res = runner.invoke(app, ["sharecheck", str(bad), str(good), "--out", str(out), "--json"])
    assert res.exit_code == 1
    rows = json.loads(res.stdout)
    assert rows[0]["error"] and rows[0]["out_path"] is None
    assert rows[1]["error"] is None and rows[1]["out_path"]


def test_sharecheck_human_output_and_bad_mask(tmp_path: Path) -> None:
    png = write_png(tmp_path / "b.png")
    res = runner.invoke(app, ["sharecheck", str(png), "--out", str(tmp_path / "o"), "--caption", "We live in Utrecht"])
    assert res.exit_code == 0, res.output
    assert "PNG text: Author" in res.stdout and "home_location" in res.stdout
    res = runner.invoke(app, ["sharecheck", str(png), "--mask", "paint"])
    assert res.exit_code != 0
