"""Per-image work of ``harrier audit-dataset``: :func:`scan_item` (exactly ``scan_file``, the record behind
``harrier image scan``), the resumable checkpoint, and the two engines (a local process pool, Ray Data).

The checkpoint is a SQLite file in the output folder, one row per image keyed by (id, size, mtime_ns),
committed after every batch: a killed run loses at most the batches in flight, and a re-run skips the rest.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import orjson

from harrier.audit.sources import Item

CHECKPOINT = "checkpoint.sqlite"


# ---- one image ---------------------------------------------------------------------------------------------


def scan_item(item: Item, analyser: Any) -> dict[str, Any]:
    """``scan_file`` on the item. A tar member is written to a private temporary file under its own name first:
    the C2PA reader opens files by path, and the same bytes under the same name give the same record."""
    from harrier.detect.image.scan import scan_file

    if item.file is not None:
        return scan_file(item.file, analyser)
    tmp = tempfile.mkdtemp(prefix="harrier-audit-")  # never the output folder: flagged bytes stay out of it
    try:
        p = Path(tmp) / os.path.basename(item.member or "member")
        try:
            p.write_bytes(item.read_bytes())
        except OSError as e:
            return {"path": item.id, "error": f"cannot read tar member: {e}", "ai_generated": "unknown",
                    "generator": None, "markers": [], "pdq": None, "quality": None, "faces": [],
                    "minor_likelihood": None, "nudity": []}
        rec = scan_file(p, analyser)
        rec["path"] = item.id
        return rec
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- checkpoint ----------------------------------------------------------------------------------------------


class Checkpoint:
    def __init__(self, out_dir: Path) -> None:
        self.db = sqlite3.connect(out_dir / CHECKPOINT)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS results (id TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
                        "record TEXT NOT NULL)")
        self.db.commit()

    def done(self, items: Iterable[Item]) -> set[str]:
        """Ids of the items already scanned with the same size and mtime."""
        have = {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT id, size, mtime_ns FROM results")}
        return {it.id for it in items if have.get(it.id) == (it.size, it.mtime_ns)}

    def put(self, rows: list[tuple[Item, dict[str, Any]]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                            [(it.id, it.size, it.mtime_ns, orjson.dumps(rec).decode()) for it, rec in rows])
        self.db.commit()

    def records(self, items: list[Item]) -> list[dict[str, Any]]:
        """The records of these items, in their order (rows of items no longer in the source are ignored)."""
        by_id = {r[0]: r[1] for r in self.db.execute("SELECT id, record FROM results")}
        return [orjson.loads(by_id[it.id]) for it in items if it.id in by_id]

    def close(self) -> None:
        self.db.close()


# ---- engines -----------------------------------------------------------------------------------------------

_analyser: Any = None


def _init_worker() -> None:
    global _analyser
    from harrier.detect.image.content import ContentAnalyser

    _analyser = ContentAnalyser()  # once per worker process: the models load once


def _scan_batch(batch: list[Item]) -> list[tuple[Item, dict[str, Any]]]:
    return [(it, scan_item(it, _analyser)) for it in batch]


def _batches(items: list[Item], size: int) -> Iterator[list[Item]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_local(items: list[Item], workers: int, batch_size: int) -> Iterator[list[tuple[Item, dict[str, Any]]]]:
    """Batches of (item, record) as they finish: inline with one worker, else a process pool with a bounded
    window of batches in flight (a million-image source never becomes a million futures)."""
    if workers <= 1:
        _init_worker()
        for b in _batches(items, batch_size):
            yield _scan_batch(b)
        return
    # fork: workers start in milliseconds and inherit the imported code; the parent never loads the models.
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_init_worker) as ex:
        pending: set[Future[list[tuple[Item, dict[str, Any]]]]] = set()
        it = _batches(items, batch_size)
        for b in it:
            pending.add(ex.submit(_scan_batch, b))
            if len(pending) >= workers * 3:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield f.result()


class RayScanner:
    """A Ray Data actor: loads the models once, scans a batch of items."""

    def __init__(self) -> None:
        _init_worker()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        items = [Item(**orjson.loads(str(j))) for j in batch["item"]]
        recs = [orjson.dumps(scan_item(it, _analyser)).decode() for it in items]
        return {"id": np.array([it.id for it in items], dtype=object), "record": np.array(recs, dtype=object)}


def run_ray(items: list[Item], workers: int, batch_size: int,
            address: str | None = None) -> Iterator[list[tuple[Item, dict[str, Any]]]]:
    import ray  # lazily: only this engine needs it

    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        if address:  # a cluster the operator named: join it, its resources are its own
            ray.init(address=address, log_to_driver=False)
        else:  # never join a cluster some other job left running on this machine: start our own
            ray.init(address="local", num_cpus=workers, include_dashboard=False, log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # the CLI draws its own bar
    by_id = {it.id: it for it in items}
    # One JSON column: None-valued fields never make Arrow guess a null-typed column per block.
    ds = ray.data.from_items([{"item": orjson.dumps(it.to_dict()).decode()} for it in items])
    out = ds.map_batches(RayScanner, concurrency=workers, batch_size=batch_size, num_cpus=1)
    for b in out.iter_batches(batch_size=batch_size, batch_format="numpy"):
        yield [(by_id[str(i)], orjson.loads(r)) for i, r in zip(b["id"], b["record"], strict=True)]


def scan_all(items: list[Item], ckpt: Checkpoint, engine: str, workers: int, batch_size: int,
             progress: Callable[[int], None], address: str | None = None) -> int:
    """Scan the items not yet in the checkpoint; returns how many were scanned now."""
    done = ckpt.done(items)
    todo = [it for it in items if it.id not in done]
    progress(len(items) - len(todo))
    if not todo:
        return 0
    batches = run_ray(todo, workers, batch_size, address) if engine == "ray" else run_local(todo, workers, batch_size)
    n = 0
    for rows in batches:
        ckpt.put(rows)
        n += len(rows)
        progress(len(rows))
    return n
