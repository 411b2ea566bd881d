from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter
from datetime import UTC, datetime

import orjson
import pytest
from sqlalchemy import func, select

from harrier.enforce import on_decision
from harrier.enforce.tables import WebhookDelivery
from harrier.enforce.webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    DeliveryWorker,
    SignatureError,
    backoff_delay,
    delivery_states,
    retry_failed,
    signature_header,
    verify_signature,
)
from harrier.store.tables import Decision

from .enforce_helpers import make_decision, seed_case

SECRET = "whsec_test_secret"
OUTAGE_S = float(os.environ.get("HARRIER_TEST_WEBHOOK_OUTAGE_S", "30"))


class Receiver:
    """What a platform would run: verify the signature, deduplicate on the delivery id, answer 2xx."""

    def __init__(self, secret: str = SECRET, fail_first: int = 0, status: int = 200) -> None:
        self.secret, self.fail_first, self.status = secret, fail_first, status
        self.lock = threading.Lock()
        self.posts: list[dict] = []  # every request that reached us
        self.accepted: dict[str, dict] = {}  # delivery id -> payload, after dedup
        self.acked = Counter()  # delivery id -> number of 2xx answers we gave
        self.bad_signatures = 0

    def __call__(self, method: str, path: str, headers: dict, body: bytes) -> tuple[int, dict, bytes]:
        with self.lock:
            self.posts.append({"headers": headers, "body": body})
            try:
                verify_signature(self.secret, headers[SIGNATURE_HEADER], body)
            except (SignatureError, KeyError):
                self.bad_signatures += 1
                return 401, {}, b"bad signature"
            if len(self.posts) <= self.fail_first:
                return 500, {}, b"temporarily broken"
            payload = orjson.loads(body)
            assert payload["id"] == headers[DELIVERY_HEADER]
            self.accepted.setdefault(payload["id"], payload)
            self.acked[payload["id"]] += 1
            return self.status, {"Content-Type": "application/json"}, b'{"ok":true}'


def _decide(store, n: int, action: str = "suspend_account") -> list[int]:
    ids = []
    for _ in range(n):
        with store.session() as s:
            d = make_decision(s, action=action)
            on_decision(s, store, d)
            ids.append(d.id)
    return ids


def _free_port() -> int:
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        return sk.getsockname()[1]


def test_signature_roundtrip_rotation_and_tampering():
    body = b'{"a":1}'
    now = int(time.time())
    header = signature_header([SECRET, "old_secret"], now, body)
    assert header.startswith(f"t={now},v1=") and header.count("v1=") == 2
    assert verify_signature(SECRET, header, body) == now
    assert verify_signature("old_secret", header, body) == now  # rotation: either secret verifies
    with pytest.raises(SignatureError, match="no signature matches"):
        verify_signature(SECRET, header, b'{"a":2}')
    with pytest.raises(SignatureError, match="no signature matches"):
        verify_signature("wrong", header, body)
    with pytest.raises(SignatureError, match="tolerance"):
        verify_signature(SECRET, signature_header([SECRET], now - 3600, body), body)
    with pytest.raises(SignatureError, match="malformed"):
        verify_signature(SECRET, "v1=abc", body)


def test_backoff_grows_exponentially_with_jitter_and_cap():
    import random

    rng = random.Random(1)
    d = [backoff_delay(n, 1.0, 60.0, rng) for n in range(1, 12)]
    assert 0.5 <= d[0] <= 1.0 and 1.0 <= d[1] <= 2.0 and 4.0 <= d[3] <= 8.0
    assert all(30.0 <= x <= 60.0 for x in d[7:])  # capped
    assert len({round(x, 6) for x in d[7:]}) > 1  # jittered


def test_outbox_row_commits_with_the_decision_or_not_at_all(any_store):
    seed_case(any_store)
    with pytest.raises(RuntimeError), any_store.session() as s:
        d = make_decision(s, action="remove_content")
        on_decision(s, any_store, d)
        raise RuntimeError("console crashed before commit")
    with any_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        assert s.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    ids = _decide(any_store, 1, "remove_content")
    with any_store.session() as s:
        states = delivery_states(s, ids)
    assert states[ids[0]].state == "pending" and states[ids[0]].attempts == 0


def test_retries_then_delivers_once_and_never_resends_after_2xx(any_store, http_server):
    seed_case(any_store)
    ids = _decide(any_store, 3)
    rec = Receiver(fail_first=2)
    srv = http_server(rec)
    w = DeliveryWorker(any_store, url=srv.url, secrets=[SECRET], base_delay=0.05, max_delay=0.2)
    deadline = time.time() + 20
    while time.time() < deadline:
        w.run_once()
        with any_store.session() as s:
            if all(st.state == "delivered" for st in delivery_states(s, ids).values()):
                break
        time.sleep(0.05)
    with any_store.session() as s:
        states = delivery_states(s, ids)
    assert {st.state for st in states.values()} == {"delivered"}
    assert sum(st.attempts for st in states.values()) == 3 + 2  # two 500s were retried
    assert rec.bad_signatures == 0 and set(rec.acked.values()) == {1}
    assert {p["data"]["decision"]["id"] for p in rec.accepted.values()} == set(ids)
    assert all(p["data"]["platform_action"]["type"] == "suspend_account" for p in rec.accepted.values())
    n = len(rec.posts)
    assert w.run_once().attempted == 0  # delivered rows are never sent again
    assert len(rec.posts) == n
    w.stop()


def test_failed_after_max_attempts_then_requeued_with_same_delivery_id(any_store, http_server):
    seed_case(any_store)
    [did] = _decide(any_store, 1)
    port = _free_port()  # nobody listens: connection refused
    w = DeliveryWorker(any_store, url=f"http://127.0.0.1:{port}/hook", secrets=[SECRET], base_delay=0.01,
                       max_delay=0.02, max_attempts=2)
    for _ in range(50):
        w.run_once()
        with any_store.session() as s:
            st = delivery_states(s, [did])[did]
        if st.state == "failed":
            break
        time.sleep(0.02)
    assert st.state == "failed" and st.attempts == 2 and "Connect" in (st.last_error or "")
    with any_store.session() as s:
        assert retry_failed(s) == 1
    rec = Receiver()
    srv = http_server(rec, port=port)
    w2 = DeliveryWorker(any_store, url=srv.url + "/hook", secrets=[SECRET])
    assert w2.run_once().delivered == 1
    assert list(rec.accepted) == [st.delivery_id]
    w.stop()
    w2.stop()


def test_two_workers_never_send_the_same_row_concurrently(any_store, http_server):
    seed_case(any_store)
    ids = _decide(any_store, 12, "restrict_account")
    rec = Receiver()
    srv = http_server(rec)
    workers = [DeliveryWorker(any_store, url=srv.url, secrets=[SECRET], batch_size=4) for _ in range(2)]
    threads = [threading.Thread(target=w.run_once) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for w in workers:
        w.run_once()
        w.stop()
    assert len(rec.posts) == 12 and set(rec.acked.values()) == {1}
    with any_store.session() as s:
        assert {st.state for st in delivery_states(s, ids).values()} == {"delivered"}


def test_no_url_or_no_secret_keeps_deliveries_pending(store, monkeypatch):
    monkeypatch.delenv("HARRIER_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("HARRIER_WEBHOOK_SECRET", raising=False)
    seed_case(store)
    [did] = _decide(store, 1)
    run = DeliveryWorker(store).run_once()
    assert run.skipped and "not configured" in run.skipped
    monkeypatch.setenv("HARRIER_WEBHOOK_URL", "http://127.0.0.1:9/")
    assert "secret" in DeliveryWorker(store).run_once().skipped
    with store.session() as s:
        assert delivery_states(s, [did])[did].state == "pending"


@pytest.mark.slow
def test_receiver_down_30s_then_up_every_decision_delivered_exactly_once(any_store, http_server):
    """Acceptance: the receiver is down for 30 s while reviewers keep deciding; then it comes up.
    Every decision arrives, each exactly once after dedup by delivery id, every signature verifies."""
    seed_case(any_store)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/harrier"
    worker = DeliveryWorker(any_store, url=url, secrets=[SECRET], base_delay=0.5, max_delay=4.0,
                            max_attempts=1000, poll_interval=0.2).start()
    t_down = time.time()
    ids = _decide(any_store, 5, "suspend_account")
    worker.wake()
    while time.time() - t_down < OUTAGE_S / 2:  # more decisions keep coming during the outage
        time.sleep(0.5)
    ids += _decide(any_store, 5, "report")
    while time.time() - t_down < OUTAGE_S:
        time.sleep(0.2)
    with any_store.session() as s:
        during = delivery_states(s, ids)
    assert all(st.state == "pending" for st in during.values())
    assert all(st.attempts >= 1 and st.last_error for st in during.values())
    rec = Receiver()
    http_server(rec, port=port)
    t_up = time.time()
    deadline = t_up + 30
    while time.time() < deadline:
        with any_store.session() as s:
            if all(st.state == "delivered" for st in delivery_states(s, ids).values()):
                break
        time.sleep(0.2)
    worker.stop()
    with any_store.session() as s:
        states = delivery_states(s, ids)
    assert {st.state for st in states.values()} == {"delivered"}, states
    assert rec.bad_signatures == 0
    assert sorted(p["data"]["decision"]["id"] for p in rec.accepted.values()) == sorted(ids)
    assert set(rec.acked.values()) == {1}  # each delivery acknowledged once: never re-sent after a 2xx
    assert max(st.attempts for st in states.values()) > 3  # it really did retry through the outage
    assert time.time() - t_up < 10  # and caught up promptly (backoff capped at 4 s)
    delivered_at = [datetime.fromisoformat(st.delivered_at.replace("Z", "+00:00")) for st in states.values()]
    assert min(delivered_at) >= datetime.fromtimestamp(t_up - 1, UTC)


def test_cli_deliver_deliveries_and_config(harrier_env, http_server, monkeypatch):
    from typer.testing import CliRunner

    from harrier.cli import app
    from harrier.store.db import open_store

    store = open_store()
    seed_case(store)
    ids = _decide(store, 2, "remove_content")
    rec = Receiver()
    srv = http_server(rec)
    monkeypatch.delenv("HARRIER_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("HARRIER_WEBHOOK_SECRET", SECRET)
    runner = CliRunner()
    assert runner.invoke(app, ["enforce", "deliver", "--once"]).exit_code == 1  # no URL yet: nothing sent
    assert runner.invoke(app, ["enforce", "config", "set", "webhook.url", srv.url]).exit_code == 0
    assert runner.invoke(app, ["enforce", "config", "set", "ncmec.password", "x"]).exit_code == 2  # env only
    shown = orjson.loads(runner.invoke(app, ["enforce", "config", "show", "--json"]).stdout)
    by_key = {r["key"]: r for r in shown}
    assert by_key["webhook.url"]["source"] == "settings table" and by_key["webhook.secret"]["value"] == "********"
    r = runner.invoke(app, ["enforce", "deliver", "--once", "--json"])
    assert r.exit_code == 0 and orjson.loads(r.stdout)["delivered"] == 2
    r = runner.invoke(app, ["enforce", "deliveries", "--json"])
    out = orjson.loads(r.stdout)
    assert out["counts"] == {"delivered": 2}
    assert sorted(d["decision_id"] for d in out["deliveries"]) == sorted(ids)
    assert len(rec.accepted) == 2
