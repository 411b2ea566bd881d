"""bench/fuzz_ingest.py at a small fixed size: 500 mutated lines, no crash, nothing lost, every rejected line
quarantined with file:line:field. The volume run (10,000+ lines) is in docs/BENCHMARKS.md."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import text

from harrier.config import Settings
from harrier.ingest import run_ingest
from harrier.store.db import Store

from ..fuzzing import bench_module

fuzz = bench_module("fuzz_ingest")
SEED, N = 20261205, 500
MUTATIONS = {"bom", "crlf", "unknown_field", "null_optional", "unicode", "dup_key", "odd_key", "unknown_ref", "time_ok",
             "huge_valid", "deep_ok", "whitespace", "broken_utf8", "nul_raw", "truncated", "not_object", "garbage",
             "deep_json", "missing_field", "wrong_type", "out_of_range", "bad_time", "bad_media", "byte_flip",
             "splice", "plain"}


def test_500_fuzzed_lines_are_all_accounted_for(tmp_path: Path) -> None:
    res = fuzz.run(N, SEED, tmp_path)
    shown = "\n".join(f.show(SEED, N) for f in res.failures[:10])
    assert (res.crashes, res.lost, res.wrong) == (0, 0, 0), shown
    assert res.inputs == res.accepted + res.rejected + res.blank >= N  # total = input
    assert res.accepted > 100 and res.rejected > 100 and res.media_errors > 0
    assert set(res.mutations) - {"blank"} == MUTATIONS  # every mutation ran (the generator cycles through them first)
    # every quarantine entry names its file, line and field
    entries = [orjson.loads(ln) for q in (tmp_path / "home").rglob("*.quarantine.jsonl")
               for ln in q.read_bytes().splitlines()]
    assert len(entries) == res.quarantined == res.rejected + res.media_errors
    for e in entries:
        assert e["file"].endswith(".jsonl") and isinstance(e["line"], int) and e["line"] >= 1
        assert e["errors"] and all(isinstance(p["field"], str) and p["field"] and p["message"] for p in e["errors"])


def test_the_same_seed_writes_the_same_lines(tmp_path: Path) -> None:
    a = fuzz.generate(tmp_path / "a", 120, SEED)
    b = fuzz.generate(tmp_path / "b", 120, SEED)
    c = fuzz.generate(tmp_path / "c", 120, SEED + 1)
    assert {e: [ln.data for ln in v] for e, v in a.items()} == {e: [ln.data for ln in v] for e, v in b.items()}
    assert a["comments"] != c["comments"]


def test_the_checker_sees_a_lost_row_and_a_quarantine_entry_without_its_field(tmp_path: Path) -> None:
    """The check must be able to fail: drop one stored row and blank one quarantined field, and it says so."""
    folder = tmp_path / "export"
    files = fuzz.generate(folder, 300, SEED)
    store = Store(Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'h.db'}")).migrate()
    report = run_ingest(store, folder, progress=False)
    with store.engine.begin() as c:
        c.execute(text("DELETE FROM comments WHERE id = (SELECT MIN(id) FROM comments)"))
    q = next((tmp_path / "home").rglob("follows.quarantine.jsonl"))
    lines = q.read_bytes().splitlines()
    first = orjson.loads(lines[0])
    first["errors"][0]["field"] = ""
    q.write_bytes(b"\n".join([orjson.dumps(first), *lines[1:]]) + b"\n")
    res = fuzz.Result(SEED, 300)
    for entity in ("comments", "follows"):
        fuzz.check_file(store, folder, entity, files[entity], res, report.file(entity))
    problems = [f.problem for f in res.failures]
    assert res.lost >= 1 and any("not in the store" in p for p in problems), problems
    assert res.wrong >= 1 and any("without file:line:field" in p for p in problems), problems
