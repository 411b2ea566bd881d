"""``harrier ingest`` and ``harrier format schemas`` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import orjson
from typer.testing import CliRunner

from harrier.cli import app
from harrier.ingest.schemas import write_schemas

from .ingest_testlib import ACCOUNTS, COMMENTS, full_export, write_jsonl

REPO = Path(__file__).resolve().parents[2]


def _export_with_bad_lines(folder: Path) -> Path:
    full_export(folder)
    bad = [{"id": f"x{i}", "post_id": "p1", "author_id": "a1", "created_at": "2026-01-01T00:00:00Z"}
           for i in range(25)]  # 25 lines without text
    write_jsonl(folder / "comments.jsonl", [*COMMENTS, *bad])
    return folder


def test_ingest_prints_a_summary_and_exits_0_despite_rejected_lines(harrier_env, tmp_path):
    folder = _export_with_bad_lines(tmp_path / "export")
    res = CliRunner().invoke(app, ["ingest", str(folder), "--no-progress"])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "25 problem(s), the first 20:" in out
    assert "comments.jsonl:4: text: Field required" in out and "comments.jsonl:23: text" in out
    assert "comments.jsonl:24: text" not in out  # only the first 20 are printed
    assert f"{harrier_env / 'quarantine'}/export-" in out and "comments.quarantine.jsonl" in out


def test_ingest_strict_exits_1_and_json_reports_counts(harrier_env, tmp_path):
    folder = _export_with_bad_lines(tmp_path / "export")
    res = CliRunner().invoke(app, ["ingest", str(folder), "--json", "--strict", "--batch-size", "7"])
    assert res.exit_code == 1
    report = orjson.loads(res.stdout)
    comments = next(f for f in report["files"] if f["file"] == "comments.jsonl")
    assert (comments["accepted"], comments["rejected"]) == (3, 25)
    assert report["error_count"] == 25 and report["accepted"] == 3 + 3 + 3 + 2 + 2 + 1 + 1
    clean = tmp_path / "clean"
    full_export(clean)
    assert CliRunner().invoke(app, ["ingest", str(clean), "--json", "--strict"]).exit_code == 0


def test_ingest_of_a_folder_without_accounts_fails_clearly(harrier_env, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    write_jsonl(folder / "posts.jsonl", [])
    res = CliRunner().invoke(app, ["ingest", str(folder)])
    assert res.exit_code == 2 and "accounts.jsonl (or accounts.parquet) is required" in res.output
    write_jsonl(folder / "accounts.jsonl", ACCOUNTS)
    assert CliRunner().invoke(app, ["ingest", str(folder), "--no-progress"]).exit_code == 0


def test_committed_schemas_are_current(tmp_path):
    fresh = {p.name: p.read_bytes() for p in write_schemas(tmp_path)}
    committed = {p.name: p.read_bytes() for p in (REPO / "docs" / "schemas").glob("*.schema.json")}
    assert committed == fresh, "docs/schemas is stale: run `harrier format schemas --out docs/schemas`"


def test_format_schemas_cli_writes_every_file(tmp_path):
    res = CliRunner().invoke(app, ["format", "schemas", "--out", str(tmp_path), "--json"])
    assert res.exit_code == 0
    names = sorted(Path(p).name for p in orjson.loads(res.stdout))
    assert names == sorted(f"{n}.schema.json" for n in ("manifest", "accounts", "posts", "comments", "follows",
                                                         "interactions", "message_edges", "reports"))
    posts = orjson.loads((tmp_path / "posts.schema.json").read_bytes())
    assert posts["required"] == ["id", "author_id", "created_at"] and posts["additionalProperties"] is True
