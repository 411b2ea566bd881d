"""Ingest throughput: JSONL -> SQLite for >= 1M comments (plus accounts and posts).

    .venv/bin/python bench/ingest.py [--comments 1000000] [--batch-size 5000] [--postgres URL]

Generates a synthetic export in a temp folder, ingests it into a fresh store, prints events/s and peak
memory, then re-ingests the same files (--restart) to time the idempotent no-op path.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from harrier.config import Settings
from harrier.ingest import run_ingest
from harrier.ingest.synthetic import write_export
from harrier.store.db import Store


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def cpu_seconds() -> float:
    """This process and its finished children (the parse/validate worker processes)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=1_000_000)
    ap.add_argument("--accounts", type=int, default=20_000)
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=None, help="parse/validate processes (default: auto; 0: none)")
    ap.add_argument("--postgres", help="ingest into this PostgreSQL database instead of SQLite")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="harrier-bench-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        write_export(root / "export", accounts=args.accounts, posts=args.posts, comments=args.comments)
        size = sum(p.stat().st_size for p in (root / "export").iterdir())
        print(f"generated {args.accounts:,} accounts, {args.posts:,} posts, {args.comments:,} comments "
              f"({size / 2**20:,.0f} MiB JSONL) in {time.perf_counter() - t:.1f}s")
        url = args.postgres or f"sqlite:///{root / 'home' / 'harrier.db'}"
        store = Store(Settings(home=root / "home", database_url=url)).migrate()
        rss_before = peak_rss_mib()
        cpu = cpu_seconds()
        report = run_ingest(store, root / "export", progress=False, batch_size=args.batch_size,
                            workers=args.workers)
        cpu = cpu_seconds() - cpu
        assert report.error_count == 0, report.errors[:5]
        print(f"ingest  {store.dialect}: {report.events:,} events in {report.elapsed:.1f}s = {report.rate:,.0f} "
              f"events/s (CPU {cpu:.1f}s incl. workers = {report.events / cpu:,.0f} events per CPU-second); "
              f"peak RSS {peak_rss_mib():,.0f} MiB (before ingest {rss_before:,.0f} MiB), "
              f"worker processes {peak_rss_mib(resource.RUSAGE_CHILDREN):,.0f} MiB each at most")
        cpu = cpu_seconds()
        again = run_ingest(store, root / "export", progress=False, batch_size=args.batch_size, restart=True,
                           workers=args.workers)
        cpu = cpu_seconds() - cpu
        assert all(f.inserted == f.updated == 0 for f in again.files)
        print(f"re-ingest (all unchanged): {again.events:,} events in {again.elapsed:.1f}s = {again.rate:,.0f} "
              f"events/s (CPU {cpu:.1f}s)")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        store.engine.dispose()


if __name__ == "__main__":
    main()
