"""A watched export folder: exports moved into it are ingested and scanned by the live worker, each once."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import func, select

from harrier.live.worker import LiveOptions, LiveWorker
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import fresh_signals


def _write(folder: Path, name: str, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))


def test_exports_dropped_into_the_watched_folder_are_ingested_and_scanned(store: Store, tmp_path: Path) -> None:
    watched = tmp_path / "incoming"
    watched.mkdir()
    worker = LiveWorker(store, LiveOptions(name="w", watch=watched, watch_interval=0, refresh=False))
    assert worker.cycle() is False  # nothing there yet

    staging = tmp_path / "staging" / "export-1"
    _write(staging, "accounts", [{"id": "mum", "handle": "mum"}, {"id": "x", "handle": "x"}])
    _write(staging, "posts", [{"id": "p1", "author_id": "mum", "created_at": "2026-12-01T10:00:00Z",
                               "caption": "My little girl turned 6 today! #birthday"}])
    _write(staging, "comments", [{"id": "c1", "post_id": "p1", "author_id": "x",
                                  "created_at": "2026-12-01T11:00:00Z", "text": "perfect age 😍"}])
    staging.rename(watched / "export-1")  # dropped in whole
    assert worker.cycle() is True
    with store.session() as s:
        assert [x.kind for x in fresh_signals(s, "comment", ["c1"]) if x.score >= 0.5] == ["text.sexualising_minor"]
    assert worker.cycle() is False  # read once: nothing new, nothing re-scanned
    with store.session() as s:
        assert s.execute(select(func.count()).select_from(t.DetectorScan)).scalar() == 4  # account x2, post, comment
