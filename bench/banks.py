"""Hash-bank matching benchmark: N random PDQ hashes plus planted near matches.

Prints build time, lookups/s at radius 31 (single process), recall of the planted near matches and peak
memory. Usage: python bench/banks.py [--n 10000000] [--queries 20000]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from harrier.detect.hashing.index import PDQIndex


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--queries", type=int, default=20_000)
    ap.add_argument("--radius", type=int, default=31)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=None, help="search threads (default: one per core)")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    base = rss_mb()
    codes = rng.integers(0, 2**63, size=(a.n, 4), dtype=np.int64).astype(np.uint64)
    codes ^= rng.integers(0, 2, size=(a.n, 4), dtype=np.int64).astype(np.uint64) << np.uint64(63)
    ids = np.arange(a.n, dtype=np.int64)
    t = time.perf_counter()
    index = PDQIndex.build(codes, ids, threads=a.threads)
    build_s = time.perf_counter() - t
    # queries: half planted near matches (0..radius bits flipped from a bank entry), half random
    nq = a.queries
    targets = rng.integers(0, a.n, nq // 2)
    q = np.concatenate([codes[targets], rng.integers(0, 2**63, size=(nq - nq // 2, 4)).astype(np.uint64)])
    flips = rng.integers(0, a.radius + 1, nq // 2)
    for i, f in enumerate(flips.tolist()):
        for b in rng.choice(256, size=f, replace=False).tolist():
            q[i, b // 64] ^= np.uint64(1 << (63 - b % 64))
    index.search(q[:10], a.radius)  # warm-up: loads (or compiles, first run only) the numba kernel
    t, c = time.perf_counter(), time.process_time()
    hits = index.search(q, a.radius)
    search_s, cpu_s = time.perf_counter() - t, time.process_time() - c
    found = {(h.query, h.id) for h in hits}
    recall = sum((i, int(targets[i])) in found for i in range(nq // 2)) / max(1, nq // 2)
    print(f"bank size            {a.n:,} random PDQ hashes "
          f"(+{nq // 2:,} planted near matches at 0..{a.radius} bits)")
    print(f"index                {'multi-index hashing 11x23 bits, 2 flips' if index.uses_mih else 'brute force'}")
    print(f"build time           {build_s:.1f} s")
    threads = index.threads or "all"
    print(f"lookups/s            {nq / search_s:,.0f} at radius {a.radius} ({nq:,} queries, {threads} threads)")
    print(f"lookups per CPU-s    {nq / cpu_s:,.0f} (CPU time of all search threads: the rate one idle core gives, "
          f"whatever else shares the machine)")
    print(f"planted recall       {recall:.4f}")
    print(f"index memory         {index.memory_bytes() / 2**20:,.0f} MiB; peak RSS {rss_mb():,.0f} MiB "
          f"(process start {base:,.0f} MiB)")


if __name__ == "__main__":
    main()
