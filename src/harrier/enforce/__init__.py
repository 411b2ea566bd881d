"""Enforce: decisions reach the platform (signed webhooks) and the authorities (CyberTipline reports), and a
report decision freezes the case's evidence into a sealed bundle.

The review console calls :func:`on_decision` in the transaction that records a decision, so the outbox row,
the report record and the evidence record commit with the decision or not at all.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from harrier.store.tables import Decision

log = logging.getLogger(__name__)


def on_decision(session: Session, store: Any, decision: Decision) -> None:
    """Everything enforcement does when a reviewer decides, inside the decision's transaction.

    * every decision: one webhook outbox row (delivered later by ``DeliveryWorker``);
    * ``report`` decisions: build and validate the CyberTipline XML, record it (status ``built``; a build
      error is recorded as ``error`` rather than losing the decision), and freeze the evidence bundle (a
      failure to write evidence raises, so the reviewer can retry: a report without preserved evidence is
      worse than a retried click).
    """
    from harrier.enforce import cybertipline, evidence, webhooks
    from harrier.store import audit

    if decision.id is None:
        session.flush()
    delivery = webhooks.enqueue_decision(session, decision)
    if decision.action != "report":
        return
    details = decision.details or {}
    report_row = cybertipline.record_report_for_decision(session, store, decision,
                                                         classification=details.get("classification"))
    bundle = evidence.freeze(session, store, decision.case_id, decision_id=decision.id,
                             actor=decision.reviewer,
                             report_xml=report_row.xml.encode() if report_row.xml else None)
    audit.append(session, actor=decision.reviewer, action="enforce.report_prepared", target_type="case",
                 target_id=decision.case_id,
                 details={"decision_id": decision.id, "delivery_id": delivery.delivery_id,
                          "cybertipline_report": report_row.id, "report_status": report_row.status,
                          "evidence_bundle": bundle.bundle_id, "manifest_sha256": bundle.manifest_sha256})


def __getattr__(name: str) -> Any:
    # The console's entry points, importable from the package without importing httpx/lxml at package import.
    if name in {"delivery_states", "DeliveryWorker", "DeliveryState"}:
        from harrier.enforce import webhooks

        return getattr(webhooks, name)
    raise AttributeError(name)


__all__ = ["on_decision", "delivery_states", "DeliveryWorker", "DeliveryState"]
