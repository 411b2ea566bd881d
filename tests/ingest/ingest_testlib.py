"""Helpers for the ingestion tests: small hand-written exports and store snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import text

from harrier.store.db import Store

TABLES = ("accounts", "posts", "media", "comments", "follows", "interactions", "message_edges", "reports")
MANIFEST = {"format_version": "1", "platform": "example", "exported_at": "2026-11-20T10:00:00Z"}


def write_jsonl(path: Path, records: list[Any]) -> Path:
    """Records are dicts (written as JSON) or bytes/str (written as they are: broken lines on purpose)."""
    lines = []
    for r in records:
        if isinstance(r, bytes):
            lines.append(r)
        elif isinstance(r, str):
            lines.append(r.encode())
        else:
            lines.append(orjson.dumps(r))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def make_export(folder: Path, **files: list[Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_bytes(orjson.dumps(MANIFEST))
    for name, records in files.items():
        write_jsonl(folder / f"{name}.jsonl", records)
    return folder


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as c:
        return {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES + ("ingest_errors",)}


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every platform-data row, in a stable order, for before/after comparisons."""
    out = {}
    with store.engine.connect() as c:
        for t in TABLES + ("detector_scans",):
            out[t] = sorted(tuple(map(repr, r)) for r in c.execute(text(f"SELECT * FROM {t}")))
    return out


def errors(store: Store) -> list[tuple[int, str | None, str]]:
    with store.engine.connect() as c:
        return sorted((r.line, r.field, r.message)
                      for r in c.execute(text("SELECT line, field, message FROM ingest_errors")))


ACCOUNTS = [
    {"id": "a1", "handle": "sunny_days", "display_name": "Sunny", "bio": "family, food, football",
     "created_at": "2025-03-01T09:00:00+01:00", "declared_age": 34},
    {"id": "a2", "handle": "chef_tom", "created_at": "2025-04-01T10:00:00Z"},
    {"id": "a3", "handle": "runner_k"},
]
POSTS = [
    {"id": "p1", "author_id": "a1", "created_at": "2026-01-02T10:00:00Z", "caption": "birthday cake!",
     "hashtags": ["birthday", "cake"], "media": [{"type": "image", "path": "media/cake.png"}]},
    {"id": "p2", "author_id": "a2", "created_at": "2026-01-03T12:30:00+02:00", "caption": "pasta night",
     "platform_labels": ["ai_generated"], "media": [{"id": "m-remote", "type": "image",
                                                       "url": "https://cdn.example/x.jpg"}]},
    {"id": "p3", "author_id": "a3", "created_at": "2026-01-04T07:00:00Z", "caption": "morning run"},
]
COMMENTS = [
    {"id": "c1", "post_id": "p1", "author_id": "a2", "created_at": "2026-01-02T11:00:00Z", "text": "happy birthday!"},
    {"id": "c2", "post_id": "p1", "author_id": "a3", "parent_id": "c1", "created_at": "2026-01-02T11:05:00Z",
     "text": "so lovely"},
    {"id": "c3", "post_id": "p2", "author_id": "a1", "created_at": "2026-01-03T13:00:00Z", "text": "recipe please?"},
]
FOLLOWS = [{"follower_id": "a1", "followee_id": "a2"}, {"follower_id": "a2", "followee_id": "a1",
                                                         "created_at": "2026-01-01T00:00:00Z"}]
INTERACTIONS = [{"account_id": "a3", "post_id": "p1", "kind": "like"},
                {"account_id": "a3", "post_id": "p1", "kind": "save", "created_at": "2026-01-02T12:00:00Z"}]
MESSAGE_EDGES = [{"sender_id": "a2", "recipient_id": "a3", "created_at": "2026-01-05T20:00:00Z", "count": 3}]
REPORTS = [{"id": "r1", "subject_type": "comment", "subject_id": "c2", "reason": "spam", "reporter_id": "a1"}]

PNG_BYTES = bytes.fromhex(  # a valid 1x1 white PNG: benign test media
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
    "a7d6a4830000000049454e44ae426082")


def full_export(folder: Path) -> Path:
    make_export(folder, accounts=ACCOUNTS, posts=POSTS, comments=COMMENTS, follows=FOLLOWS,
                interactions=INTERACTIONS, message_edges=MESSAGE_EDGES, reports=REPORTS)
    (folder / "media").mkdir(exist_ok=True)
    (folder / "media" / "cake.png").write_bytes(PNG_BYTES)
    return folder


def write_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    """pyarrow infers columns from the first row only: give every row every column (None where absent)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = list(dict.fromkeys(k for r in rows for k in r))
    pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows]), path)
    return path
