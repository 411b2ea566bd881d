"""``case.opened`` / ``case.updated`` webhooks: the platform hears of a case as it is opened, reopened,
escalated to another queue or raised in severity, without polling ``/api/v1/cases``.

Same outbox, signatures, retries and dedup as decision webhooks (``webhooks.py``): the outbox row is written
in the transaction that changes the case, so the change and its delivery commit together or not at all. A
platform subscribes per queue (``webhook.case_queues``: ``*`` or a comma-separated list; unset sends none,
so an install without a receiver does not pile up undeliverable rows).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from harrier.enforce import settings as cfg
from harrier.enforce.webhooks import _iso, envelope, outbox_row

EVENT_OPENED = "case.opened"
EVENT_UPDATED = "case.updated"


def subscribed_queues(session: Session) -> set[str] | None:
    """The queues whose case events are sent: None for none, ``{"*"}`` for all."""
    raw = (cfg.get(session, "webhook.case_queues") or "").strip()
    if not raw:
        return None
    return {q.strip() for q in raw.split(",") if q.strip()}


def case_payload(event: str, case: Any, change: dict[str, Any], delivery_id: str) -> dict[str, Any]:
    summary = case.summary or {}
    return envelope(delivery_id, event, {
        "case": {
            "case_id": case.case_id, "account_id": case.account_id, "status": case.status,
            "severity": case.severity, "queue": case.queue, "recommended_action": case.recommended_action,
            "score": round(float(case.score or 0.0), 4), "rank": case.rank, "ring_id": case.ring_id,
            "why": summary.get("why"), "rules": [r.get("rule") for r in summary.get("rules", [])],
            "updated_at": _iso(case.updated_at),
        },
        **change,
    })


def enqueue_case_changes(session: Session, changes: list[tuple[str, Any, dict[str, Any]]]) -> int:
    """Outbox rows for the subscribed queues' case changes, in the caller's (the case assembly's) transaction."""
    queues = subscribed_queues(session)
    if not queues:
        return 0
    now = datetime.now(UTC)
    n = 0
    for event, case, change in changes:
        if "*" not in queues and case.queue not in queues:
            continue
        delivery_id = f"dlv_{uuid.uuid4().hex}"
        session.add(outbox_row(delivery_id, event, case_payload(event, case, change, delivery_id), now=now))
        n += 1
    return n
