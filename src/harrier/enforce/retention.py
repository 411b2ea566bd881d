"""Evidence retention: bundles past their ``retention_until`` are purged (file deleted, row kept with
``purged_at``, one ``evidence.purge`` audit entry each) unless their case is under legal hold.

``harrier evidence purge`` runs it once; ``harrier serve`` runs :class:`PurgeSchedule` in a background thread
every ``evidence.purge_interval_hours``. A purge and a hold being set at the same moment cannot cross: each
bundle is claimed by one conditional UPDATE that also checks for a hold, and only the claimer deletes the file
and writes the audit entry (so two purgers never log the same bundle twice).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from harrier.enforce import settings as cfg
from harrier.enforce.casedata import aware, iso
from harrier.enforce.tables import EvidenceBundle, LegalHold
from harrier.store import audit
from harrier.store.tables import Case

log = logging.getLogger(__name__)


# --- legal holds ----------------------------------------------------------------------------------------------


def set_hold(session: Session, actor: str, case_id: str, reason: str) -> LegalHold:
    """Put a case under legal hold (or change the reason of its hold)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a legal hold needs a reason (e.g. the request or order it answers)")
    known = session.get(Case, case_id) is not None or session.execute(
        select(EvidenceBundle.bundle_id).where(EvidenceBundle.case_id == case_id).limit(1)).first() is not None
    if not known:
        raise ValueError(f"no case {case_id!r}")
    hold = session.get(LegalHold, case_id)
    if hold is None:
        hold = LegalHold(case_id=case_id, reason=reason, set_by=actor, set_at=datetime.now(UTC))
        session.add(hold)
    else:
        hold.reason, hold.set_by, hold.set_at = reason, actor, datetime.now(UTC)
    audit.append(session, actor, "evidence.hold_set", "case", case_id, {"reason": reason})
    session.flush()
    return hold


def clear_hold(session: Session, actor: str, case_id: str) -> None:
    hold = session.get(LegalHold, case_id)
    if hold is None:
        raise ValueError(f"case {case_id!r} is not under legal hold")
    audit.append(session, actor, "evidence.hold_clear", "case", case_id,
                 {"reason": hold.reason, "set_by": hold.set_by, "set_at": iso(hold.set_at)})
    session.delete(hold)


def holds(session: Session) -> list[dict[str, Any]]:
    return [{"case_id": h.case_id, "reason": h.reason, "set_by": h.set_by, "set_at": iso(h.set_at)}
            for h in session.execute(select(LegalHold).order_by(LegalHold.case_id)).scalars()]


def case_evidence(session: Session, case_id: str) -> dict[str, Any]:
    """The case page's evidence panel: its bundles (newest first) and its legal hold."""
    now = datetime.now(UTC)
    bundles = list(session.execute(select(EvidenceBundle).where(EvidenceBundle.case_id == case_id)
                                   .order_by(EvidenceBundle.created_at.desc())).scalars())
    return {"bundles": [{"bundle_id": b.bundle_id, "created_at": b.created_at, "retention_until": b.retention_until,
                         "expired": aware(b.retention_until) < now, "purged_at": b.purged_at} for b in bundles],
            "hold": session.get(LegalHold, case_id)}


# --- purge ----------------------------------------------------------------------------------------------------


@dataclass
class PurgeResult:
    purged: list[dict[str, Any]] = field(default_factory=list)  # bundle_id, case_id, path, file_present
    held: list[dict[str, str]] = field(default_factory=list)  # expired, kept for a legal hold
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _unheld(now: datetime):  # type: ignore[no-untyped-def]
    return (EvidenceBundle.purged_at.is_(None), EvidenceBundle.retention_until < now,
            ~exists(select(LegalHold.case_id).where(LegalHold.case_id == EvidenceBundle.case_id)))


def purge_expired(store: Any, actor: str = "harrier", *, dry_run: bool = False,
                  now: datetime | None = None) -> PurgeResult:
    """Delete every expired bundle not under legal hold, one transaction per bundle."""
    now = now or datetime.now(UTC)
    res = PurgeResult(dry_run=dry_run)
    with store.session() as s:
        expired = s.execute(select(EvidenceBundle.bundle_id, EvidenceBundle.case_id, EvidenceBundle.path,
                                   LegalHold.case_id.is_not(None))
                            .outerjoin(LegalHold, LegalHold.case_id == EvidenceBundle.case_id)
                            .where(EvidenceBundle.purged_at.is_(None), EvidenceBundle.retention_until < now)
                            .order_by(EvidenceBundle.retention_until)).all()
    for bundle_id, case_id, path, held in expired:
        if held:
            res.held.append({"bundle_id": bundle_id, "case_id": case_id})
            continue
        if dry_run:
            res.purged.append({"bundle_id": bundle_id, "case_id": case_id, "path": path,
                               "file_present": Path(path).exists()})
            continue
        with store.session() as s:
            claimed = s.execute(update(EvidenceBundle).where(EvidenceBundle.bundle_id == bundle_id, *_unheld(now))
                                .values(purged_at=now)).rowcount
            if not claimed:  # another purger got there first, or a hold was set since the listing
                continue
            row = s.get(EvidenceBundle, bundle_id)
            file = Path(path)
            present = file.exists()
            audit.append(s, actor, "evidence.purge", "case", case_id,
                         {"bundle_id": bundle_id, "manifest_sha256": row.manifest_sha256 if row else None,
                          "path": path, "retention_until": iso(row.retention_until) if row else None,
                          "file_present": present})
            s.flush()
            # Deleted inside the transaction: if the file cannot go, the row and audit entry roll back with it.
            file.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # not empty: the case has other bundles
            file.parent.rmdir()  # the case's folder, once its last bundle is gone
        res.purged.append({"bundle_id": bundle_id, "case_id": case_id, "path": path, "file_present": present})
    return res


def purge_interval_hours(session: Session | None) -> float:
    raw = cfg.get(session, "evidence.purge_interval_hours") or "0"
    try:
        hours = float(raw)
    except ValueError:
        raise ValueError(f"evidence.purge_interval_hours must be a number of hours, not {raw!r}") from None
    if hours < 0:
        raise ValueError("evidence.purge_interval_hours cannot be negative")
    return hours


class PurgeSchedule:
    """Purge expired evidence now and then every ``interval_s`` seconds in a daemon thread, until stopped."""

    def __init__(self, store: Any, interval_s: float, actor: str = "scheduler") -> None:
        if interval_s <= 0:
            raise ValueError("the purge interval must be positive")
        self.store, self.interval_s, self.actor = store, interval_s, actor
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="harrier-evidence-purge", daemon=True)

    def start(self) -> PurgeSchedule:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                res = purge_expired(self.store, self.actor)
                if res.purged or res.held:
                    log.info("evidence purge: %d purged, %d kept for legal hold", len(res.purged), len(res.held))
            except Exception:  # noqa: BLE001 - a failed purge is retried next time; it must not stop the console
                log.exception("evidence purge failed")
            self.runs += 1
            self._stop.wait(self.interval_s)
