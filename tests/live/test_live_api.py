"""Acceptance: a real `harrier serve --live` process, events in through /api/v1/events with an API key, signals
and cases out over HTTP within seconds, with no `harrier scan`; case webhooks pushed to a real receiver."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import httpx
import orjson
import pytest
from sqlalchemy import select

from harrier.enforce.webhooks import verify_signature
from harrier.live.tables import LiveWorkerRow
from harrier.review import auth
from harrier.store.db import open_store
from tests.enforce.enforce_helpers import Server

from .livelib import accounts, env_for, family_posts, free_port, harrier, stop, wait_for, wait_http

SECRET = "whsec_live_test"
CREEP = ["perfect age 😍", "so mature for her age 😏", "can't wait till she's older 😏"]
FRIEND = ["Happy birthday sweetheart! 🎉", "She looks so happy, what a lovely day",
          "Such a great memory for your family"]


@pytest.mark.slow  # real server and worker processes: started first, beside the short tests
def test_events_to_signals_and_cases_without_a_scan(harrier_env: Path, tmp_path: Path) -> None:
    store = open_store()
    with store.session() as s:
        key = auth.create_api_key(s, "platform", ["ingest", "read", "child_safety"]).key
    received: list[tuple[str, dict]] = []
    lock = threading.Lock()

    def receiver(method: str, path: str, headers: dict, body: bytes) -> tuple[int, dict, bytes]:
        verify_signature(SECRET, headers["Harrier-Signature"], body)  # raises (-> 500, retried) if forged
        with lock:
            received.append((headers["Harrier-Event"], orjson.loads(body)))
        return 200, {}, b"ok"

    hook = Server(receiver)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = env_for(harrier_env, HARRIER_WEBHOOK_URL=hook.url + "/harrier", HARRIER_WEBHOOK_SECRET=SECRET,
                  HARRIER_WEBHOOK_CASE_QUEUES="*", HARRIER_LIVE_REFRESH_INTERVAL="1")
    proc = harrier(["serve", "--live", "--port", str(port)], env, tmp_path / "serve.log")
    try:
        wait_http(f"{base}/healthz", 60)
        api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30)
        wait_for(lambda: any(w["state"] == "running" for w in api.get("/api/v1/health").json()["live"]["workers"]),
                 120, 0.2, "the live worker to load its models")

        events = accounts("mum", "creep", "friend") + family_posts("mum", 3)
        for i in range(3):
            events.append({"type": "comment", "data": {"id": f"c{i}", "post_id": f"p{i}", "author_id": "creep",
                                                       "created_at": "2026-12-01T11:00:00Z", "text": CREEP[i]}})
            events.append({"type": "comment", "data": {"id": f"f{i}", "post_id": f"p{i}", "author_id": "friend",
                                                       "created_at": "2026-12-01T11:05:00Z", "text": FRIEND[i]}})
        r = api.post("/api/v1/events", json={"events": events})
        t0 = time.monotonic()
        assert r.status_code == 200 and r.json()["accepted"] == len(events), r.text

        def flagged() -> list[dict] | None:
            sigs = api.get("/api/v1/signals", params={"subject_type": "comment", "subject_id": ["c0", "c1", "c2"],
                                                      "kind": ["text.sexualising_minor"]}).json()
            hit = {s["subject"]["id"] for s in sigs if s["score"] >= 0.5}
            return sigs if hit == {"c0", "c1", "c2"} else None

        sigs = wait_for(flagged, 5.0, 0.1, "the comments' signals")
        signals_after = time.monotonic() - t0
        assert signals_after <= 5.0 and all(s["detector"].startswith("text.comment@") for s in sigs)

        def creep_case() -> dict | None:
            return next((c for c in api.get("/api/v1/cases", params={"limit": 100}).json()
                         if c["account_id"] == "creep"), None)

        case = wait_for(creep_case, 30.0, 0.25, "the commenter's case")
        case_after = time.monotonic() - t0
        assert case_after <= 30.0 and case["status"] == "open"
        detail = api.get(f"/api/v1/cases/{case['case_id']}").json()
        assert any(s["kind"] == "account.child_comment_evidence" for s in detail["signals"])
        assert "lone_offender" in [r["rule"] for r in detail["summary"]["rules"]]

        # the friend's comments were scanned in the same batches (nothing left pending) and open no case
        health = api.get("/api/v1/health").json()
        assert health["store"]["reachable"] and health["queue_depth"]["text.comment"] == 0
        assert health["live"]["alive"] == 1 and health["status"] in ("ok", "behind")
        cases = {c["account_id"] for c in api.get("/api/v1/cases", params={"limit": 100}).json()}
        assert cases == {"creep"}, cases
        assert api.get("/api/v1/signals", params={"subject_type": "comment", "subject_id": ["f0", "f1", "f2"],
                                                  "kind": ["text.sexualising_minor"]}).json() == [] or all(
            s["score"] < 0.5 for s in api.get("/api/v1/signals", params={
                "subject_type": "comment", "subject_id": ["f0", "f1", "f2"]}).json())

        # pushed to the platform: a signed case.opened for that case
        def opened() -> dict | None:
            with lock:
                return next((b for e, b in received if e == "case.opened"
                             and b["data"]["case"]["case_id"] == case["case_id"]), None)

        body = wait_for(opened, 30.0, 0.2, "the case.opened webhook")
        assert body["data"]["case"]["account_id"] == "creep" and body["data"]["change"] == "opened"
        assert not [b for _, b in received if b["data"]["case"]["account_id"] != "creep"]

        # a global refresh (propagation, communities, rings) on demand
        before = api.get("/api/v1/health").json()["live"]["workers"][0]["last_refresh"].get("run_id")
        assert api.post("/api/v1/live/refresh").status_code == 202

        def refreshed() -> bool:
            last = api.get("/api/v1/health").json()["live"]["workers"][0]["last_refresh"]
            return last.get("kind") == "global" and last.get("run_id") != before

        wait_for(refreshed, 60, 0.25, "the requested global refresh")
        assert {c["account_id"] for c in api.get("/api/v1/cases", params={"limit": 100}).json()} == {"creep"}

        metrics = api.get("/metrics").text
        assert 'harrier_events_accepted_total{type="comment"} 6.0' in metrics
        assert 'harrier_queue_depth{detector="text.comment"} 0.0' in metrics
        assert "harrier_scan_lag_seconds_bucket" in metrics and "harrier_detector_batch_seconds_count" in metrics
        assert "harrier_webhook_backlog" in metrics
        assert httpx.get(f"{base}/metrics").status_code == 401  # like every API route: a key or a session
        print(f"signals after {signals_after:.2f} s, case after {case_after:.2f} s")
    finally:
        rc = stop(proc)
        hook.close()
    # uvicorn exits through the signal it caught, once the app (and the live worker) shut down
    assert rc in (0, -signal.SIGTERM), (tmp_path / "serve.log").read_text()[-3000:]
    with store.session() as s:  # graceful shutdown: the worker said goodbye
        assert [w.state for w in s.execute(select(LiveWorkerRow)).scalars()] == ["stopped"]
