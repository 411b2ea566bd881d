"""Console benchmark: queue and case pages on a big SQLite store, and the ingest API's throughput.

    .venv/bin/python bench/console.py [--comments 1000000] [--cases 100000] [--requests 200] [--keep DIR]

Generates the store directly with bulk inserts (accounts, posts, media rows, 1M comments, follows, message
edges, 100k cases with signals and evidence), serves the console with uvicorn on loopback in a thread, and
times real HTTP requests (httpx, one logged-in reviewer): the queue overview, random queue pages, random case
pages. Then posts comment events to /api/v1/events in batches with an API key and reports events/s.
Prints p50/p95/max per page and peak RSS. Plain script, not a test.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import socket
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import insert, select

from harrier.config import Settings
from harrier.review import auth
from harrier.review.app import create_app
from harrier.store.db import Store
from harrier.store.tables import Account, Case, Comment, Follow, Media, MessageEdge, Post

CHUNK = 50_000
SEVERITIES = ["critical", "high", "medium", "low"]
REMARKS = ["what a lovely photo", "she is at the perfect age 🍒", "sent you a DM", "so cute", "p3do vibes 🍒",
           "great recipe", "add me on the other app", "beautiful sunset"]


def _bulk(store: Store, table, rows_iter, total: int, label: str) -> None:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    buf = []
    with store.engine.begin() as conn:
        for row in rows_iter:
            buf.append(row)
            if len(buf) >= CHUNK:
                conn.execute(insert(table), buf)
                buf = []
        if buf:
            conn.execute(insert(table), buf)
    print(f"  {label:<14} {total:>9,} rows in {time.perf_counter() - t:5.1f} s", flush=True)


def generate(store: Store, n_comments: int, n_cases: int, rng: random.Random) -> None:
    n_accounts = max(2 * n_cases, 1000)
    n_posts = max(n_accounts, n_comments // 5)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    print(f"generating: {n_accounts:,} accounts, {n_posts:,} posts, {n_comments:,} comments, {n_cases:,} cases")
    _bulk(store, Account, ({"id": f"a{i}", "handle": f"user_{i}", "display_name": f"User {i}",
                            "bio": "dm me 🍒" if i % 7 == 0 else "hello", "created_at": t0,
                            "profile_url": None, "declared_age": None, "extra": None}
                           for i in range(n_accounts)), n_accounts, "accounts")
    _bulk(store, Post, ({"id": f"p{i}", "author_id": f"a{(i * 31) % n_accounts}",
                         "created_at": t0 + timedelta(minutes=i), "caption": f"post {i} #summer",
                         "hashtags": ["summer"], "sound": None, "platform_labels": None, "url": None, "extra": None}
                        for i in range(n_posts)), n_posts, "posts")
    sha = store.blobs.put_bytes(b"not an image: the bench renders pages, it does not fetch media")
    _bulk(store, Media, ({"id": f"p{i}#0", "post_id": f"p{i}", "position": 0, "type": "image", "path": None,
                          "url": None, "sha256": sha, "declared_sha256": None, "error": None}
                         for i in range(0, n_posts, 3)), n_posts // 3, "media")
    # comment i is written by account i % n_accounts: every case account has a few comments to point at
    _bulk(store, Comment, ({"id": f"c{i}", "post_id": f"p{(i * 7919) % n_posts}", "author_id": f"a{i % n_accounts}",
                            "parent_id": f"c{i - 3}" if i % 4 == 3 else None,
                            "created_at": t0 + timedelta(seconds=i), "text": REMARKS[i % len(REMARKS)],
                            "extra": None} for i in range(n_comments)), n_comments, "comments")
    n_follows = n_accounts * 2
    _bulk(store, Follow, ({"follower_id": f"a{i % n_accounts}",
                           "followee_id": f"a{(i * 17 + 1 + (i // n_accounts) * 7) % n_accounts}",
                           "created_at": None} for i in range(n_follows)), n_follows, "follows")
    _bulk(store, MessageEdge, ({"sender_id": f"a{i}", "recipient_id": f"a{(i * 13 + 5) % n_accounts}",
                                "created_at": t0, "count": 3} for i in range(0, n_accounts, 2)),
          n_accounts // 2, "message_edges")

    def case_row(k: int) -> dict:
        sev = SEVERITIES[min(3, int(rng.random() ** 2 * 4))]
        acct = f"a{k}"
        sigs = []
        for j in range(4):
            cid = k + j * n_accounts
            if cid < n_comments:
                text = REMARKS[cid % len(REMARKS)]
                sigs.append({"kind": "text.sexualising_minor", "subject": {"type": "comment", "id": f"c{cid}"},
                             "score": round(rng.random(), 3), "detector": "text.intent@1.0.0",
                             "evidence": [{"kind": "span", "field": "text", "start": 0, "end": min(8, len(text)),
                                           "value": text[:8]}]})
        sigs.append({"kind": "account.propagated_risk", "subject": {"type": "account", "id": acct},
                     "score": 0.6, "detector": "context.propagation@1",
                     "evidence": [{"kind": "path", "ref": [acct, f"a{(k + 1) % n_accounts}"]}]})
        return {"case_id": f"case{k}", "account_id": acct, "kind": "account", "rank": None,
                "score": round(rng.random(), 4), "severity": sev, "recommended_action": "review",
                "queue": "child_safety" if k % 10 == 0 else "default", "status": "open",
                "ring_id": None, "signals": sigs,
                "related_accounts": [f"a{(k * 3 + d) % n_accounts}" for d in range(1, 9)],
                "summary": None, "created_at": t0 + timedelta(seconds=k), "updated_at": t0}

    rows = [case_row(k) for k in range(n_cases)]
    order = sorted(range(n_cases), key=lambda i: (SEVERITIES.index(rows[i]["severity"]), -rows[i]["score"]))
    for rank, i in enumerate(order, 1):
        rows[i]["rank"] = rank
    _bulk(store, Case, iter(rows), n_cases, "cases")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def serve(store: Store) -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock_port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=sock_port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{sock_port}"


def timed(client: httpx.Client, urls: list[str]) -> list[float]:
    out = []
    for u in urls:
        t = time.perf_counter()
        r = client.get(u)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (u, r.status_code, r.text[:200])
    return out


def report(name: str, ms: list[float]) -> dict:
    ms = sorted(ms)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    row = {"page": name, "n": len(ms), "p50": statistics.median(ms), "p95": p95, "max": ms[-1]}
    print(f"  {name:<22} n={len(ms):>4}  p50 {row['p50']:7.1f} ms  p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms")
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--comments", type=int, default=1_000_000)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the generated store in this folder")
    args = ap.parse_args()
    rng = random.Random(7)
    home = args.keep or Path(tempfile.mkdtemp(prefix="harrier-bench-console-"))
    store = Store(Settings(home=home, database_url=f"sqlite:///{home / 'harrier.db'}"))
    fresh = not (home / "harrier.db").exists()
    store.migrate()
    t = time.perf_counter()
    if fresh:
        generate(store, args.comments, args.cases, rng)
        print(f"store generated in {time.perf_counter() - t:.1f} s "
              f"({(home / 'harrier.db').stat().st_size / 2**20:,.0f} MiB)")
    with store.session() as s:
        if s.execute(select(auth.User).where(auth.User.username == "bench")).scalar() is None:
            auth.create_user(s, "bench", "bench-password", ["admin", "child_safety_moderator"])
        key = auth.create_api_key(s, f"bench-{time.time_ns()}", ["ingest", "read"]).key
    server, base = serve(store)
    try:
        with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as c:
            tok = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
            r = c.post("/login", data={"username": "bench", "password": "bench-password", "csrf_token": tok})
            assert r.status_code == 303
            n = args.requests
            cases = [f"case{rng.randrange(args.cases)}" for _ in range(n)]
            timed(c, ["/queues", "/queues/default", f"/cases/{cases[0]}"])  # warm-up
            print(f"pages over HTTP ({n} requests each, one reviewer):")
            rows = [
                report("queue overview", timed(c, ["/queues"] * n)),
                report("queue page (default)", timed(c, [f"/queues/default?page={rng.randrange(1, 40)}"
                                                         for _ in range(n)])),
                report("queue oldest-first", timed(c, [f"/queues/child_safety?sort=oldest&page={rng.randrange(1, 40)}"
                                                       for _ in range(n)])),
                report("case page", timed(c, [f"/cases/{cid}" for cid in cases])),
            ]
        # ingest API: comment events on existing posts, by an API key, batched
        with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {key}"}) as api:
            base_id = time.time_ns()
            evs = [{"id": f"e{base_id}-{i}", "type": "comment",
                    "data": {"id": f"api-{base_id}-{i}", "post_id": f"p{i % 1000}", "author_id": f"a{i % 5000}",
                             "created_at": "2026-11-20T10:00:00Z", "text": REMARKS[i % len(REMARKS)]}}
                   for i in range(args.events)]
            t = time.perf_counter()
            for i in range(0, len(evs), args.batch):
                r = api.post("/api/v1/events", json={"events": evs[i:i + args.batch]})
                assert r.status_code == 200 and r.json()["accepted"] == len(evs[i:i + args.batch]), r.text[:300]
            dt = time.perf_counter() - t
            rate = len(evs) / dt
            t = time.perf_counter()
            r = api.post("/api/v1/events", json={"events": evs[:args.batch]})  # replay: idempotent
            assert r.json()["duplicates"] == args.batch
            print(f"ingest API: {len(evs):,} comment events in batches of {args.batch}: {rate:,.0f} events/s "
                  f"(replayed batch: {args.batch / (time.perf_counter() - t):,.0f} events/s, all duplicates)")
    finally:
        server.should_exit = True
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MiB")
    ok = all(r["p95"] < 300 for r in rows) and rate >= 2000
    print("PASS" if ok else "FAIL", "(targets: p95 < 300 ms per page, >= 2,000 events/s)")
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
