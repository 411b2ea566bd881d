"""Lines bench/fuzz_ingest.py found that stopped a whole ingest: each is now one quarantined line with its field,
and the lines around it are still stored."""

from __future__ import annotations

import json

import orjson
import pytest
from sqlalchemy import text

from harrier.ingest import run_ingest
from harrier.ingest.events import ingest_events
from harrier.ingest.quarantine import quarantine_path
from harrier.ingest.validate import MAX_NESTING

from .ingest_testlib import ACCOUNTS, make_export

EDGE = {"sender_id": "a1", "recipient_id": "a2", "created_at": "2026-01-01T00:00:00Z"}


def _nested(depth: int) -> list:
    v: list = []
    for _ in range(depth - 1):
        v = [v]
    return v


BAD_EDGES = [  # (record, field named in the error): each raised out of run_ingest before the fix
    ({**EDGE, "recipient_id": "x1", "count": 2**63}, "count"),  # OverflowError: SQLite INTEGER is 64-bit
    ({**EDGE, "recipient_id": "x0", "count": 2**31}, "count"),  # PostgreSQL's INTEGER is 32-bit
    ({**EDGE, "recipient_id": "x2", "count": 2**64 - 1}, "count"),
    ({**EDGE, "recipient_id": "x3", "created_at": "9999-12-31T23:59:59-23:59"}, "created_at"),  # past year 9999 in UTC
    ({**EDGE, "recipient_id": "x4", "created_at": "0001-01-01T00:00:00+01:00"}, "created_at"),  # before year 1
    ({**EDGE, "recipient_id": "x5", "deep": _nested(500)}, "deep"),  # pydantic-core cannot serialise it to extra
    ({**EDGE, "recipient_id": "x6", "deep": {"a": _nested(MAX_NESTING)}}, "deep"),
]


@pytest.mark.parametrize(("record", "field"), BAD_EDGES, ids=lambda x: str(x)[:40] if isinstance(x, str) else None)
def test_a_line_the_store_cannot_hold_is_quarantined_not_fatal(any_store, tmp_path, record, field):
    good = [{**EDGE, "recipient_id": "before"}, {**EDGE, "recipient_id": "after", "count": 2**31 - 1,
                                                  "deep_ok": _nested(MAX_NESTING - 1)}]
    folder = make_export(tmp_path / "export", accounts=ACCOUNTS,
                         message_edges=[good[0], json.dumps(record).encode(), good[1]])  # orjson: 255 levels
    report = run_ingest(any_store, folder, progress=False)
    f = report.file("message_edges")
    assert (f.accepted, f.rejected) == (2, 1)
    assert len(report.errors) == 1 and report.errors[0].startswith(f"message_edges.jsonl:2: {field}: "), report.errors
    with any_store.engine.connect() as c:
        stored = sorted(r[0] for r in c.execute(text("SELECT recipient_id FROM message_edges")))
    assert stored == ["after", "before"]
    q = quarantine_path(any_store.settings.quarantine_dir, folder / "message_edges.jsonl")
    entry = orjson.loads(q.read_bytes().splitlines()[0])
    assert entry["line"] == 2 and entry["errors"][0]["field"] == field


def test_the_fast_path_leaves_edge_years_and_nested_extras_to_pydantic(store, tmp_path):
    # comments take the fast path: the same lines must be judged exactly as Pydantic judges them
    base = {"post_id": "p1", "author_id": "a1", "text": "hi"}
    comments = [
        {**base, "id": "c1", "created_at": "0001-01-01T00:30:00+01:00"},  # before year 1 in UTC: rejected
        {**base, "id": "c2", "created_at": "0001-01-01T01:30:00+01:00"},  # 0001-01-01 00:30 UTC: fine
        {**base, "id": "c3", "created_at": "2026-01-01T00:00:00Z", "deep": _nested(MAX_NESTING + 1)},
        {**base, "id": "c4", "created_at": "2026-01-01T00:00:00Z", "nested": {"k": [1, 2]}},
    ]
    folder = make_export(tmp_path / "export", accounts=ACCOUNTS, comments=comments)
    report = run_ingest(store, folder, progress=False)
    assert [e.split(":")[:3] for e in report.errors] == [["comments.jsonl", "1", " created_at"],
                                                        ["comments.jsonl", "3", " deep"]]
    with store.engine.connect() as c:
        rows = dict(c.execute(text("SELECT id, extra FROM comments")).all())
    assert sorted(rows) == ["c2", "c4"] and orjson.loads(rows["c4"]) == {"nested": {"k": [1, 2]}}


def test_a_media_path_the_file_system_refuses_keeps_the_post(any_store, tmp_path):
    # A NUL byte raised ValueError out of Path.resolve() (the ingest stopped); a 5,000-character name raised
    # ENAMETOOLONG, taken for an unreadable posts.jsonl: every post after it was lost. A NUL is now refused with
    # its record on both backends (PostgreSQL cannot store it); the long name is the post's media problem.
    post = {"author_id": "a1", "created_at": "2026-01-02T10:00:00Z"}
    posts = [{**post, "id": "p1", "media": [{"type": "image", "path": "media/a\u0000b.png"}]},
             {**post, "id": "p2", "media": [{"type": "image", "path": "m" * 5000 + ".png"}]},
             {**post, "id": "p3", "caption": "after both"}]
    folder = make_export(tmp_path / "export", accounts=ACCOUNTS, posts=posts)
    report = run_ingest(any_store, folder, progress=False)
    f = report.file("posts")
    assert (f.status, f.accepted, f.rejected, f.media_errors) == ("ingested", 2, 1, 1)
    assert [e.split(": ")[:2] for e in report.errors] == [["posts.jsonl:1", "media[0].path"],
                                                         ["posts.jsonl:2", "media[0].path"]]
    assert "NUL" in report.errors[0] and "unusable path" in report.errors[1]


def test_a_nul_anywhere_is_refused_with_its_record_on_both_backends(any_store, tmp_path):
    base = {"post_id": "p1", "author_id": "a1", "created_at": "2026-01-01T00:00:00Z"}
    comments = [{**base, "id": "c1", "text": "a\u0000b"}, {**base, "id": "c2", "text": "fine", "note": "x\u0000"},
                {**base, "id": "c3", "text": "fine too"}]
    posts = [{"id": "p1", "author_id": "a1", "created_at": "2026-01-01T00:00:00Z"}]
    folder = make_export(tmp_path / "export", accounts=ACCOUNTS, posts=posts, comments=comments)
    report = run_ingest(any_store, folder, progress=False)
    assert [e.split(": ")[:2] for e in report.errors] == [["comments.jsonl:1", "text"], ["comments.jsonl:2", "note"]]
    with any_store.engine.connect() as c:
        assert [r[0] for r in c.execute(text("SELECT id FROM comments"))] == ["c3"]


def test_events_api_rejects_the_same_records(store):
    results = ingest_events(store, [{"type": "message_edge", "data": rec} for rec, _ in BAD_EDGES])
    assert [r["status"] for r in results] == ["rejected"] * len(BAD_EDGES)
    assert [r["errors"][0]["field"] for r in results] == [field for _, field in BAD_EDGES]
