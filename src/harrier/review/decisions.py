"""A reviewer's decision: one ``Decision`` row, labels that feed propagation and policy, an audit entry, and
hand-off to enforcement (webhooks, evidence freeze) — all in the caller's transaction, so none is lost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from harrier.review.auth import Principal, now
from harrier.store import audit
from harrier.store.db import Store
from harrier.store.tables import Case, Decision, Label

# action -> (label on the account, case status after it)
ACTIONS: dict[str, tuple[str, str]] = {
    "no_violation": ("cleared", "decided"),
    "remove_content": ("confirmed_harmful", "decided"),
    "restrict_account": ("confirmed_harmful", "decided"),
    "suspend_account": ("confirmed_harmful", "decided"),
    "escalate": ("escalated", "escalated"),
    "report": ("confirmed_harmful", "decided"),
}
ACTION_TITLES = {
    "no_violation": "No violation",
    "remove_content": "Remove content",
    "restrict_account": "Restrict account",
    "suspend_account": "Suspend account",
    "escalate": "Escalate",
    "report": "Report to NCMEC",
}
# keyboard shortcut per action, shown on the buttons and bound in static/console.js
SHORTCUTS = {"no_violation": "1", "remove_content": "2", "restrict_account": "3", "suspend_account": "4",
             "escalate": "5", "report": "6"}

# ESP industry classification used in CyberTipline reports (NCMEC's categorisation scheme):
# A = prepubescent minor, B = pubescent minor; 1 = sex act, 2 = lascivious exhibition. "E" marks content that is
# not apparent CSAM but is reported as context (e.g. enticement, sexualising comments).
CLASSIFICATIONS = {
    "A1": "A1 — prepubescent minor, sex act",
    "A2": "A2 — prepubescent minor, lascivious exhibition",
    "B1": "B1 — pubescent minor, sex act",
    "B2": "B2 — pubescent minor, lascivious exhibition",
    "E": "Not apparent CSAM — context/enticement (text-only or sexualising comments)",
}
try:  # the report builder owns the list of NCMEC incident types; empty choice = it picks from the signals
    from harrier.enforce.cybertipline import INCIDENT_TYPES
except ImportError:  # pragma: no cover - enforcement not installed
    INCIDENT_TYPES = ("Online Enticement of Children for Sexual Acts",
                      "Misleading Words or Digital Images on the Internet")


class DecisionError(ValueError):
    pass


@dataclass
class Outcome:
    decision: Decision
    labels: list[Label]
    enforce_error: str | None = None


def decide(session: Session, store: Store, case: Case, who: Principal, action: str, note: str | None = None,
           targets: list[dict[str, str]] | None = None, classification: str | None = None,
           incident_type: str | None = None, extra: dict[str, Any] | None = None) -> Outcome:
    if action not in ACTIONS:
        raise DecisionError(f"unknown action {action!r}")
    details: dict[str, Any] = dict(extra or {})
    if action == "report":
        if classification not in CLASSIFICATIONS:
            raise DecisionError("a report needs an industry classification (A1, A2, B1, B2 or E)")
        details["classification"] = classification
        if incident_type in INCIDENT_TYPES:
            details["incident_type"] = incident_type
    details["queue"] = case.queue
    targets = [t for t in (targets or []) if t.get("type") in ("post", "comment", "media") and t.get("id")]
    t = now()
    decision = Decision(case_id=case.case_id, account_id=case.account_id, action=action, targets=targets,
                        reviewer=who.name, note=(note or None), details=details, created_at=t)
    session.add(decision)
    session.flush()
    account_label, status = ACTIONS[action]
    source = f"decision:{decision.id}"
    labels = [Label(subject_type="account", subject_id=case.account_id, label=account_label, source=source,
                    created_at=t, expires_at=None)]
    if account_label == "confirmed_harmful":
        labels += [Label(subject_type=x["type"], subject_id=x["id"], label="confirmed_harmful", source=source,
                         created_at=t, expires_at=None) for x in targets]
    session.add_all(labels)
    case.status = status
    case.updated_at = t
    audit.append(session, who.name, "case.decide", "case", case.case_id,
                 {"decision_id": decision.id, "action": action, "targets": targets,
                  **({"classification": classification} if action == "report" else {})}, note=note or None)
    session.flush()
    return Outcome(decision, labels, _enforce(session, store, decision))


def _enforce(session: Session, store: Store, decision: Decision) -> str | None:
    """Hand the decision to enforcement (webhook outbox, evidence freeze) inside the same transaction."""
    try:
        from harrier.enforce import on_decision
    except ImportError:  # enforcement not installed in this build: the decision row is the record
        return "enforcement module not available"
    on_decision(session, store, decision)
    return None
