"""Signed webhooks that carry decisions to the platform, through a transactional outbox.

Guarantees (see docs/ENFORCEMENT.md):

* **Never lost.** :func:`enqueue_decision` writes the outbox row in the decision's own transaction: the
  decision and its delivery commit together or not at all. A receiver that is down only delays delivery.
* **At-least-once, exactly-once after dedup.** Each row has a stable ``delivery_id`` (also in the body's
  ``id`` and the ``Harrier-Delivery`` header). The worker retries until a 2xx, so a receiver that keys on the
  delivery id sees each decision exactly once. After a 2xx the row is marked delivered and never re-sent;
  the only way to see a repeat is a crash between the 2xx and that commit.
* **Signed.** ``Harrier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`` (the
  Stripe scheme: the timestamp is signed with the body, so a captured request cannot be replayed later).
  While rotating, several secrets may be configured (comma-separated) and one ``v1=`` is sent per secret.

Retries back off exponentially with jitter, capped (``max_delay``), honouring ``Retry-After``; after
``max_attempts`` a row is ``failed`` and can be re-queued with ``harrier enforce retry``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import random
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from harrier.enforce import settings as cfg
from harrier.enforce.tables import WebhookDelivery
from harrier.store.tables import Decision

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "Harrier-Signature"
DELIVERY_HEADER = "Harrier-Delivery"
EVENT_HEADER = "Harrier-Event"
EVENT_DECISION = "decision.created"
USER_AGENT = "Harrier-Webhooks/1"

# What the platform is asked to do for each decision action.
PLATFORM_ACTIONS: dict[str, str] = {
    "no_violation": "none",
    "remove_content": "remove_content",
    "restrict_account": "restrict_account",
    "suspend_account": "suspend_account",
    "escalate": "escalate",
    "report": "preserve_and_report",  # keep the data (legal preservation) and expect a CyberTipline report
}


# --- signatures ----------------------------------------------------------------------------------------


class SignatureError(ValueError):
    pass


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secrets: Sequence[str], timestamp: int, body: bytes) -> str:
    return ",".join([f"t={timestamp}"] + [f"v1={sign(s, timestamp, body)}" for s in secrets])


def verify_signature(secret: str, header: str, body: bytes, *, tolerance: int = 300,
                     now: float | None = None) -> int:
    """Check a ``Harrier-Signature`` header; return its timestamp or raise :class:`SignatureError`.

    This is the receiver side, shipped so platforms (and our tests) verify exactly as documented.
    """
    parts = [p.strip().split("=", 1) for p in header.split(",") if "=" in p]
    ts = [v for k, v in parts if k == "t"]
    sigs = [v for k, v in parts if k == "v1"]
    if len(ts) != 1 or not ts[0].isdigit() or not sigs:
        raise SignatureError("malformed signature header")
    t = int(ts[0])
    if abs((now if now is not None else time.time()) - t) > tolerance:
        raise SignatureError("timestamp outside tolerance (possible replay)")
    expected = sign(secret, t, body)
    if not any(hmac.compare_digest(expected, s) for s in sigs):
        raise SignatureError("no signature matches")
    return t


# --- the outbox ----------------------------------------------------------------------------------------


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    return _aware(dt).isoformat().replace("+00:00", "Z")


def _aware(dt: datetime) -> datetime:
    # SQLite hands timestamps back naive; everything Harrier writes is UTC.
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def envelope(delivery_id: str, event: str, data: dict[str, Any]) -> dict[str, Any]:
    """The body every webhook event shares: its delivery id (the receiver's dedup key), type, time and data."""
    return {"id": delivery_id, "type": event, "created_at": _iso(datetime.now(UTC)), "data": data}


def outbox_row(delivery_id: str, event: str, payload: dict[str, Any], decision_id: int | None = None,
               now: datetime | None = None) -> WebhookDelivery:
    """A pending outbox row, due now: ``DeliveryWorker`` signs, sends and retries it whatever produced it."""
    now = now or datetime.now(UTC)
    return WebhookDelivery(delivery_id=delivery_id, decision_id=decision_id, event=event, payload=payload,
                           state="pending", attempts=0, next_attempt_at=now, created_at=now)


def decision_payload(decision: Decision, delivery_id: str) -> dict[str, Any]:
    return envelope(delivery_id, EVENT_DECISION, {
        "decision": {
            "id": decision.id,
            "case_id": decision.case_id,
            "account_id": decision.account_id,
            "action": decision.action,
            "targets": decision.targets or [],
            "reviewer": decision.reviewer,
            "note": decision.note,
            "details": decision.details or {},
            "created_at": _iso(decision.created_at),
        },
        "platform_action": {
            "type": PLATFORM_ACTIONS.get(decision.action, decision.action),
            "account_id": decision.account_id,
            "targets": decision.targets or [],
        },
    })


def enqueue_decision(session: Session, decision: Decision) -> WebhookDelivery:
    """Write the outbox row for a decision in the caller's transaction (the decision's own)."""
    if decision.id is None:
        session.flush()
    delivery_id = f"dlv_{uuid.uuid4().hex}"
    row = outbox_row(delivery_id, EVENT_DECISION, decision_payload(decision, delivery_id), decision.id)
    session.add(row)
    session.flush()
    return row


@dataclass
class DeliveryState:
    decision_id: int
    delivery_id: str
    state: str  # pending | delivered | failed
    attempts: int
    last_error: str | None
    last_status: int | None
    next_attempt_at: str | None
    delivered_at: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _state_of(row: WebhookDelivery) -> DeliveryState:
    return DeliveryState(
        decision_id=row.decision_id or 0, delivery_id=row.delivery_id, state=row.state, attempts=row.attempts,
        last_error=row.last_error, last_status=row.last_status,
        next_attempt_at=_iso(row.next_attempt_at) if row.state == "pending" else None,
        delivered_at=_iso(row.delivered_at),
    )


def delivery_states(session: Session, decision_ids: Iterable[int]) -> dict[int, DeliveryState]:
    """Delivery state per decision id (decisions without an outbox row are absent)."""
    ids = list(dict.fromkeys(decision_ids))
    out: dict[int, DeliveryState] = {}
    for i in range(0, len(ids), 500):
        rows = session.execute(
            select(WebhookDelivery).where(WebhookDelivery.decision_id.in_(ids[i:i + 500]))
            .order_by(WebhookDelivery.id)
        ).scalars()
        for r in rows:
            out[r.decision_id] = _state_of(r)  # one row per decision; the latest wins if ever several
    return out


def list_deliveries(session: Session, state: str | None = None, decision_id: int | None = None,
                    limit: int = 200) -> list[DeliveryState]:
    q = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    if state:
        q = q.where(WebhookDelivery.state == state)
    if decision_id is not None:
        q = q.where(WebhookDelivery.decision_id == decision_id)
    return [_state_of(r) for r in session.execute(q).scalars()]


def counts(session: Session) -> dict[str, int]:
    from sqlalchemy import func

    return dict(session.execute(select(WebhookDelivery.state, func.count()).group_by(WebhookDelivery.state)).all())


def retry_failed(session: Session, delivery_ids: Sequence[str] | None = None) -> int:
    """Put failed deliveries back in the queue (attempts restart; the delivery id stays the same)."""
    q = update(WebhookDelivery).where(WebhookDelivery.state == "failed")
    if delivery_ids:
        q = q.where(WebhookDelivery.delivery_id.in_(list(delivery_ids)))
    res = session.execute(q.values(state="pending", attempts=0, next_attempt_at=datetime.now(UTC),
                                   lease_until=None, lease_token=None))
    return res.rowcount or 0


# --- the worker ----------------------------------------------------------------------------------------


@dataclass
class DeliveryRun:
    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: str | None = None  # why nothing was sent (e.g. no URL configured)
    errors: list[str] = field(default_factory=list)


def backoff_delay(attempts: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with 'equal jitter': half fixed, half random, so retries spread but still grow."""
    ceiling = min(cap, base * (2 ** max(0, attempts - 1)))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


class DeliveryWorker:
    """Sends due outbox rows. ``run_once()`` for cron/CLI, ``start()`` for a background thread (console).

    Several workers may run at once (console thread + ``harrier enforce deliver --loop``): a row is leased
    with a conditional UPDATE before it is sent, so only one of them sends it at a time.
    """

    def __init__(self, store: Any, *, url: str | None = None, secrets: Sequence[str] | None = None,
                 base_delay: float = 2.0, max_delay: float = 600.0, max_attempts: int = 20,
                 batch_size: int = 50, poll_interval: float = 1.0, timeout: float = 10.0,
                 lease_seconds: float = 60.0) -> None:
        self.store = store
        self._url, self._secrets = url, list(secrets) if secrets else None
        self.base_delay, self.max_delay, self.max_attempts = base_delay, max_delay, max_attempts
        self.batch_size, self.poll_interval, self.timeout = batch_size, poll_interval, timeout
        # a lease must outlive sending its whole batch, or a second worker could send the tail of it again
        self.lease_seconds = max(lease_seconds, batch_size * timeout + 30)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: httpx.Client | None = None
        self._rng = random.Random()

    # configuration is read each round, so a URL set in the console applies without a restart
    def _config(self, session: Session) -> tuple[str | None, list[str]]:
        url = self._url or cfg.get(session, "webhook.url")
        raw = self._secrets if self._secrets is not None else (cfg.get(session, "webhook.secret") or "").split(",")
        return url, [s.strip() for s in raw if s and s.strip()]

    def run_once(self) -> DeliveryRun:
        run = DeliveryRun()
        with self.store.session() as s:
            url, secrets = self._config(s)
        if not url:
            run.skipped = "webhook.url not configured (HARRIER_WEBHOOK_URL); deliveries stay pending"
            return run
        if not secrets:
            run.skipped = "webhook.secret not configured (HARRIER_WEBHOOK_SECRET); refusing to send unsigned"
            return run
        while not self._stop.is_set():
            batch = self._claim()
            if not batch:
                break
            for row_id, token, delivery_id, payload in batch:
                self._send(run, url, secrets, row_id, token, delivery_id, payload)
            if len(batch) < self.batch_size:
                break
        return run

    def _claim(self) -> list[tuple[int, str, str, dict]]:
        now = datetime.now(UTC)
        with self.store.session() as s:
            due = s.execute(
                select(WebhookDelivery.id).where(
                    WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now,
                    or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
                ).order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(self.batch_size)
            ).scalars().all()
        if not due:
            return []
        # one conditional UPDATE leases the whole batch; rows another worker leased meanwhile are skipped
        token = uuid.uuid4().hex
        with self.store.session() as s:
            s.execute(
                update(WebhookDelivery).where(
                    WebhookDelivery.id.in_(due), WebhookDelivery.state == "pending",
                    or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
                ).values(lease_until=now + timedelta(seconds=self.lease_seconds), lease_token=token)
            )
        with self.store.session() as s:
            rows = s.execute(select(WebhookDelivery).where(WebhookDelivery.lease_token == token)
                             .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)).scalars().all()
            claimed = [(r.id, token, r.delivery_id, r.payload) for r in rows]
        return claimed

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=self.timeout, follow_redirects=False,
                                        headers={"User-Agent": USER_AGENT})
        return self._client

    def _send(self, run: DeliveryRun, url: str, secrets: list[str], row_id: int, token: str,
              delivery_id: str, payload: dict) -> None:
        # The body is byte-identical on every attempt; only the signature's timestamp changes.
        body = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
        ts = int(time.time())
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature_header(secrets, ts, body),
            DELIVERY_HEADER: delivery_id,
            EVENT_HEADER: str(payload.get("type", EVENT_DECISION)),
        }
        status: int | None = None
        error: str | None = None
        retry_after: float | None = None
        run.attempted += 1
        try:
            resp = self._http().post(url, content=body, headers=headers)
            status = resp.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}: {resp.text[:200]}"
                ra = resp.headers.get("Retry-After")
                if ra and ra.strip().isdigit():
                    retry_after = float(ra.strip())
        except httpx.HTTPError as e:
            error = f"{type(e).__name__}: {e}"[:500]
        now = datetime.now(UTC)
        with self.store.session() as s:
            row = s.get(WebhookDelivery, row_id)
            if row is None or row.lease_token != token:
                return  # lease lost (took longer than lease_seconds); the other worker owns it now
            row.attempts += 1
            row.last_status, row.last_url = status, url
            row.lease_until = row.lease_token = None
            if error is None:
                row.state, row.delivered_at, row.last_error = "delivered", now, None
                run.delivered += 1
                return
            row.last_error = error
            run.errors.append(f"{delivery_id}: {error}")
            if row.attempts >= self.max_attempts:
                row.state = "failed"
                run.failed += 1
                log.warning("webhook %s failed permanently after %d attempts: %s", delivery_id, row.attempts, error)
                return
            delay = backoff_delay(row.attempts, self.base_delay, self.max_delay, self._rng)
            if retry_after is not None:
                delay = min(self.max_delay, max(delay, retry_after))
            row.next_attempt_at = now + timedelta(seconds=delay)
            run.retrying += 1

    def next_due_in(self) -> float | None:
        """Seconds until the earliest pending row is due (None when nothing is pending)."""
        with self.store.session() as s:
            nxt = s.execute(
                select(WebhookDelivery.next_attempt_at).where(WebhookDelivery.state == "pending")
                .order_by(WebhookDelivery.next_attempt_at).limit(1)
            ).scalar()
        if nxt is None:
            return None
        return max(0.0, (_aware(nxt) - datetime.now(UTC)).total_seconds())

    def run_forever(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                due = self.next_due_in()
            except Exception:  # keep the thread alive through a database hiccup; log and poll again
                log.exception("webhook delivery round failed")
                due = None
            wait = self.poll_interval if due is None else min(self.poll_interval, max(0.05, due))
            self._wake.wait(wait)
            self._wake.clear()

    def start(self) -> DeliveryWorker:
        if self._thread and self._thread.is_alive():
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self.run_forever, name="harrier-webhooks", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        """Deliver now rather than at the next poll (call after committing a decision)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)
        if self._client is not None:
            self._client.close()
            self._client = None
