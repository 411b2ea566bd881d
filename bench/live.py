"""Live benchmark: sustained event rate through POST /api/v1/events, scan lag end to end, /metrics scraped.

    .venv/bin/python bench/live.py [--rate 500] [--duration 600] [--batch 50] [--database-url URL] [--keep DIR]

Starts `harrier serve` (the API) and `harrier live --metrics-port` (one live worker, its refresh thread
beside it) as real processes on a fresh store with 5,000 accounts and 2,000 posts (a third of them family
posts about children), then posts events at a fixed rate for the duration: 90% comments (5% of them
sexualising remarks from 100 accounts, the rest ordinary comments), 5% new posts, 5% new accounts, in
batches with an API key. Records when each comment was accepted (the POST's response) and, at the end, when
its text scan committed (detector_scans.scanned_at): the scan lag end to end, p50/p95/max and p95 per minute
(sustained means the last minutes' p95 holds too). Scrapes both /metrics endpoints every 10 s. Prints JSON.
Plain script, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import select

from harrier.config import Settings
from harrier.demo.phrases import FAMILY_CAPTION, FAMILY_COMMENT, SEXUALISING, TOPIC_CAPTION, TOPIC_COMMENT
from harrier.ingest.events import ingest_events
from harrier.review import auth
from harrier.store import tables as t
from harrier.store.db import Store

TOPIC_POSTS = [c for topic in TOPIC_CAPTION.values() for c in topic.get("en", [])]
TOPIC_REMARKS = [c for topic in TOPIC_COMMENT.values() for c in topic.get("en", [])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


class Platform:
    """Generates the event stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.accounts = [f"a{i}" for i in range(5000)]
        self.bad = self.accounts[:100]
        self.posts: list[str] = []
        self.n_post = self.n_comment = self.n_account = 0

    def account(self) -> dict[str, Any]:
        aid = f"n{self.n_account}"
        self.n_account += 1
        self.accounts.append(aid)
        return {"type": "account", "data": {"id": aid, "handle": aid}}

    def post(self) -> dict[str, Any]:
        pid = f"p{self.n_post}"
        self.n_post += 1
        self.posts.append(pid)
        family = self.rng.random() < 1 / 3
        cap = self.rng.choice(FAMILY_CAPTION["en"] if family else TOPIC_POSTS).replace("{name}", "Emma")
        return {"type": "post", "data": {"id": pid, "author_id": self.rng.choice(self.accounts[100:]),
                                         "created_at": "2026-12-01T10:00:00Z",
                                         "caption": cap.replace("{age}", "6"), "hashtags": []}}

    def comment(self) -> dict[str, Any]:
        cid = f"c{self.n_comment}"
        self.n_comment += 1
        if self.rng.random() < 0.05:
            author, text = self.rng.choice(self.bad), self.rng.choice(SEXUALISING["en"])
        else:
            author = self.rng.choice(self.accounts[100:])
            text = self.rng.choice(FAMILY_COMMENT["en"] + TOPIC_REMARKS)
        return {"type": "comment", "data": {"id": cid, "post_id": self.rng.choice(self.posts), "author_id": author,
                                            "created_at": "2026-12-01T11:00:00Z", "text": f"{text} {cid}"}}

    def event(self) -> dict[str, Any]:
        x = self.rng.random()
        return self.account() if x < 0.05 else self.post() if x < 0.10 else self.comment()


def scrape(client: httpx.Client, url: str, headers: dict[str, str] | None = None) -> dict[str, float]:
    try:
        text = client.get(url, headers=headers or {}, timeout=10).text
    except httpx.HTTPError:
        return {}
    out: dict[str, float] = {}
    for line in text.splitlines():
        m = re.match(r"^(harrier_[a-z_]+(?:\{[^}]*\})?) ([0-9.e+-]+|NaN)$", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, default=500.0, help="events per second")
    ap.add_argument("--duration", type=float, default=600.0, help="seconds of sustained load")
    ap.add_argument("--batch", type=int, default=50, help="events per request")
    ap.add_argument("--database-url", default=None, help="default: SQLite in the temporary home")
    ap.add_argument("--keep", type=Path, default=None, help="keep the home (store, logs) here")
    ap.add_argument("--out", type=Path, default=None, help="write the JSON summary here too")
    args = ap.parse_args()

    home = args.keep or Path(tempfile.mkdtemp(prefix="harrier-live-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{home / 'harrier.db'}"
    store = Store(Settings(home=home, database_url=url)).migrate()
    with store.session() as s:
        key = auth.create_api_key(s, "bench", ["ingest", "read", "child_safety"]).key
    rng = random.Random(17)
    plat = Platform(rng)
    seed = [{"type": "account", "data": {"id": a, "handle": a}} for a in plat.accounts]
    seed += [plat.post() for _ in range(2000)]
    for i in range(0, len(seed), 5000):
        ingest_events(store, seed[i:i + 5000])

    env = {**os.environ, "HARRIER_HOME": str(home), "HARRIER_DATABASE_URL": url}
    repo = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] = str(repo / "src") + os.pathsep + env.get("PYTHONPATH", "")
    api_port, metrics_port = free_port(), free_port()
    logs = {n: (home / f"{n}.log").open("ab") for n in ("serve", "live")}
    serve = subprocess.Popen([sys.executable, "-m", "harrier.cli", "serve", "--port", str(api_port)], env=env,
                             stdout=logs["serve"], stderr=subprocess.STDOUT, start_new_session=True)
    live = subprocess.Popen([sys.executable, "-m", "harrier.cli", "live", "--name", "bench", "--log-json",
                             "--metrics-port", str(metrics_port)], env=env, stdout=logs["live"],
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{api_port}"
    hdr = {"Authorization": f"Bearer {key}"}
    client = httpx.Client(base_url=base, headers=hdr, timeout=60)
    scraper = httpx.Client()
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                h = client.get("/api/v1/health").json()
                if any(w["state"] == "running" for w in h["live"]["workers"]) and h["pending_items"] == 0:
                    break
            except (httpx.HTTPError, KeyError, ValueError):
                pass
            time.sleep(0.5)
        accepted_at: dict[str, float] = {}
        samples: list[dict[str, Any]] = []
        sent = accepted = 0
        start = time.time()
        next_scrape = start
        interval = args.batch / args.rate
        k = 0
        while time.time() - start < args.duration:
            due = start + k * interval
            now = time.time()
            if due > now:
                time.sleep(due - now)
            evs = [plat.event() for _ in range(args.batch)]
            r = client.post("/api/v1/events", json={"events": evs})
            done = time.time()
            body = r.json()
            accepted += body["accepted"]
            sent += len(evs)
            for ev, res in zip(evs, body["results"], strict=True):
                if ev["type"] == "comment" and res["outcome"] == "accepted":
                    accepted_at[ev["data"]["id"]] = done
            k += 1
            if done >= next_scrape:
                next_scrape += 10
                m = scrape(scraper, f"{base}/metrics", hdr) | scrape(scraper, f"http://127.0.0.1:{metrics_port}/")
                samples.append({"t": round(done - start, 1), "sent": sent,
                                "queue_text_comment": m.get('harrier_queue_depth{detector="text.comment"}'),
                                "lag_p50": m.get('harrier_scan_lag_quantile_seconds{quantile="0.5"}'),
                                "lag_p95": m.get('harrier_scan_lag_quantile_seconds{quantile="0.95"}'),
                                "webhook_backlog": m.get("harrier_webhook_backlog"),
                                "refreshes": m.get('harrier_live_refresh_seconds_count{kind="quick"}'),
                                "events_accepted": sum(v for key_, v in m.items()
                                                       if key_.startswith("harrier_events_accepted_total"))})
                print(orjson.dumps(samples[-1]).decode(), flush=True)
        elapsed = time.time() - start
        # drain: wait until the text detector has nothing left
        drain_start = time.time()
        while time.time() - drain_start < 300:
            if client.get("/api/v1/health").json()["queue_depth"].get("text.comment", 1) == 0:
                break
            time.sleep(0.5)
        drained = time.time() - drain_start
        health = client.get("/api/v1/health").json()
        final_metrics = scrape(scraper, f"{base}/metrics", hdr)
    finally:
        for p in (live, serve):
            p.send_signal(signal.SIGTERM)
        for p in (live, serve):
            try:
                p.wait(120)
            except subprocess.TimeoutExpired:
                p.kill()

    with store.session() as s:
        scanned = {i: at for i, at in s.execute(select(t.DetectorScan.subject_id, t.DetectorScan.scanned_at)
                                               .where(t.DetectorScan.detector == "text.comment"))}
        n_cases = len(list(s.execute(select(t.Case.case_id).where(t.Case.status == "open")).scalars()))
    lags: list[tuple[float, float]] = []
    for cid, at in accepted_at.items():
        sc = scanned.get(cid)
        if sc is not None:
            sc = sc if sc.tzinfo else sc.replace(tzinfo=UTC)
            lags.append((at - start, sc.timestamp() - at))
    per_minute = {}
    for minute in range(int(elapsed // 60) + 1):
        xs = [lag for t0, lag in lags if minute * 60 <= t0 < (minute + 1) * 60]
        if xs:
            per_minute[str(minute)] = {"n": len(xs), "p50": round(pct(xs, 0.5), 2), "p95": round(pct(xs, 0.95), 2)}
    all_lags = [lag for _, lag in lags]
    summary = {
        "target_rate": args.rate, "duration_s": round(elapsed, 1), "events_sent": sent, "events_accepted": accepted,
        "achieved_rate": round(sent / elapsed, 1), "comments": len(accepted_at), "comments_scanned": len(lags),
        "scan_lag_s": {"p50": round(pct(all_lags, 0.5), 3), "p95": round(pct(all_lags, 0.95), 3),
                       "p99": round(pct(all_lags, 0.99), 3), "max": round(max(all_lags, default=0), 3),
                       "mean": round(statistics.fmean(all_lags), 3) if all_lags else None},
        "scan_lag_p95_per_minute": per_minute, "drain_s": round(drained, 1), "open_cases": n_cases,
        "health_after": {k: health[k] for k in ("status", "queue_depth", "webhook_backlog")},
        "metrics_after": {k: v for k, v in final_metrics.items() if "events_accepted" in k or "queue_depth" in k},
        "scrapes": samples, "home": str(home),
    }
    text = orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode()
    print(text)
    if args.out:
        args.out.write_text(text)
    if args.keep is None:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
