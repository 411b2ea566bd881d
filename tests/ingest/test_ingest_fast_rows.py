"""The validation fast path (``validate_rows``) must accept, reject and store exactly what Pydantic does."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest

from harrier.ingest.spec import SPECS
from harrier.ingest.validate import FastRows, validate, validate_rows
from harrier.ingest.writer import backend_for

BASE = {"id": "c1", "post_id": "p1", "author_id": "a1", "created_at": "2026-08-10T05:48:23Z", "text": "hi"}
TIMES: list[Any] = [
    "2026-08-10T05:48:23Z", "2026-08-10T05:48:23.5Z", "2026-08-10T05:48:23.123456+05:30", "2026-08-10T05:48:23-00:00",
    "2026-08-10T05:48:23.1234567Z", "2026-02-31T05:48:23Z", "2026-08-10T24:00:00Z", "2026-08-10T05:48:60Z",
    "2026-08-10T05:48:23+05:99", "2026-08-10 05:48:23Z", "2026-08-10T05:48:23z", "2026-08-10T05:48:23",
    "0000-01-01T00:00:00Z", "20260810T054823Z", "2026-08-10T05:48:23+0530", "2026-08-10T05:48:23.000000Z",
    "2026-08-10T05:48:23+23:59", "2024-02-29T00:00:00Z", 1786340903, None, "",
]
VALUES: list[Any] = ["x", "", None, 1, 1.5, True, ["a"], {"a": 1}, " "]


def _records() -> list[dict[str, Any]]:
    recs = [{**BASE, "created_at": t} for t in TIMES]
    for k in ("id", "post_id", "author_id", "parent_id", "text"):
        recs += [{**BASE, k: v} for v in VALUES]
        recs.append({f: v for f, v in BASE.items() if f != k})
    recs += [{**BASE, "extra1": 1, "z": "q"}, {**BASE, "nested": {"a": [1, 2]}}, {**BASE, "parent_id": "c0", "x": None},
             {**BASE, "id": "c1", "text": "again"}]  # a repeated id: the order of rows must be kept
    return recs


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_fast_rows_match_pydantic(kind: str) -> None:
    spec = SPECS["comments"]
    assert FastRows.for_spec(spec) is not None
    items = [(i, orjson.dumps(r), r) for i, r in enumerate(_records())]
    valid, rejected = validate(spec, copy.deepcopy(items))
    be = backend_for(kind, spec.table, spec.key)
    expected = [(i, be.prepare(spec.to_row(m))) for i, _, m in valid]
    for sqlite_times in (False, True) if kind == "sqlite" else (False,):
        rows, bad = validate_rows(spec, copy.deepcopy(items), sqlite_times)
        assert [(i, be.prepare(r)) for i, _, r in rows] == expected
        assert [(r.index, r.problems) for r in bad] == [(r.index, r.problems) for r in rejected]
    assert 20 < len(expected) < len(items) and len(rejected) > 30  # both paths are exercised


def test_fast_path_only_for_simple_entities() -> None:
    assert FastRows.for_spec(SPECS["posts"]) is None  # lists and media: always Pydantic
    assert FastRows.for_spec(SPECS["accounts"]) is None  # a bounded int
