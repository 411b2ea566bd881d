"""``audit_dataset``: scan every image of a source (resumably), then write summary.json, images.parquet,
report.html and run.json into the output folder."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from harrier.audit import report, scanning, summary
from harrier.audit.sources import collect


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def audit_dataset(source: str, out_dir: Path, *, engine: str = "local", workers: int | None = None,
                  banks: list[str] | None = None, path_column: str | None = None, batch_size: int = 8,
                  address: str | None = None,
                  on_total: Callable[[int], None] = lambda n: None,
                  on_progress: Callable[[int], None] = lambda n: None) -> dict[str, Any]:
    """Returns the summary (also written to ``out_dir/summary.json``)."""
    if engine not in ("local", "ray"):
        raise ValueError(f"engine must be local or ray, not {engine!r}")
    t0, started = time.perf_counter(), datetime.now(UTC)
    workers = workers or default_workers()
    kind, items = collect(source, path_column)
    out_dir.mkdir(parents=True, exist_ok=True)
    on_total(len(items))
    ckpt = scanning.Checkpoint(out_dir)
    try:
        scanned_now = scanning.scan_all(items, ckpt, engine, workers, batch_size, on_progress, address)
        records = ckpt.records(items)
    finally:
        ckpt.close()
    scan_seconds = time.perf_counter() - t0
    banks_used, matches = summary.match_banks(records, banks)
    clusters = summary.near_duplicates(records)
    summ = summary.build_summary(source, kind, len(items), records, banks_used, matches, clusters)
    _write(out_dir / "summary.json", orjson.dumps(summ, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    summary.write_images_parquet(out_dir / "images.parquet", {it.id: it.key for it in items}, records, matches,
                                 clusters)
    by_id = {it.id: it for it in items}

    def read(i: str) -> bytes | None:
        try:
            return by_id[i].read_bytes()
        except (OSError, KeyError):
            return None

    _write(out_dir / "report.html", report.render(summ, records, matches, clusters, read).encode())
    seconds = time.perf_counter() - t0
    run = {"started_at": started.isoformat(), "finished_at": datetime.now(UTC).isoformat(), "engine": engine,
           "workers": workers, "images": len(items), "scanned_this_run": scanned_now,
           "resumed_from_checkpoint": len(items) - scanned_now, "seconds": round(seconds, 3),
           "scan_seconds": round(scan_seconds, 3),
           "images_per_second": round(scanned_now / scan_seconds, 2) if scanned_now and scan_seconds else None}
    _write(out_dir / "run.json", orjson.dumps(run, option=orjson.OPT_INDENT_2))
    return summ


def _write(path: Path, data: bytes) -> None:
    """Write then rename: a kill never leaves a truncated summary or report under the final name."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data if data.endswith(b"\n") else data + b"\n")
    tmp.replace(path)
