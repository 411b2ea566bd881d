"""Exclusive case locks with expiry; ``claim_next`` hands each reviewer a different case.

Atomicity comes from the database, not from the app: a claim is either an INSERT that the primary key lets
only one transaction win, or an UPDATE of an expired (or own) lock whose WHERE clause is re-checked under
the row lock. Both hold on SQLite (single writer) and PostgreSQL (READ COMMITTED re-evaluates the WHERE).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from harrier.review.auth import aware, now
from harrier.review.tables import CaseLock, CaseSkip
from harrier.store.tables import Case

LOCK_TTL = timedelta(minutes=15)
SKIP_FOR = timedelta(hours=4)
SEVERITY_ORDER = ("critical", "high", "medium", "low")


@dataclass
class LockInfo:
    username: str
    user_id: int
    expires_at: datetime


def holder(session: Session, case_id: str) -> LockInfo | None:
    lock = session.get(CaseLock, case_id)
    if lock is None or aware(lock.expires_at) <= now():
        return None
    return LockInfo(lock.username, lock.user_id, aware(lock.expires_at))


def acquire(session: Session, case_id: str, user_id: int, username: str, ttl: timedelta = LOCK_TTL) -> bool:
    """Take or renew the lock on ``case_id``. False when another reviewer holds a live lock."""
    t = now()
    res = session.execute(
        update(CaseLock)
        .where(CaseLock.case_id == case_id, or_(CaseLock.user_id == user_id, CaseLock.expires_at <= t))
        .values(user_id=user_id, username=username, claimed_at=t, expires_at=t + ttl)
        .execution_options(synchronize_session=False)
    )
    if res.rowcount == 1:
        return True
    try:
        with session.begin_nested():
            session.add(CaseLock(case_id=case_id, user_id=user_id, username=username, claimed_at=t,
                                 expires_at=t + ttl))
        return True
    except IntegrityError:
        return False


def release(session: Session, case_id: str, user_id: int | None = None) -> None:
    q = delete(CaseLock).where(CaseLock.case_id == case_id)
    if user_id is not None:
        q = q.where(CaseLock.user_id == user_id)
    session.execute(q)


def skip(session: Session, case_id: str, user_id: int) -> None:
    release(session, case_id, user_id)
    until = now() + SKIP_FOR
    res = session.execute(update(CaseSkip).where(CaseSkip.user_id == user_id, CaseSkip.case_id == case_id)
                          .values(until=until))
    if res.rowcount == 0:
        session.add(CaseSkip(user_id=user_id, case_id=case_id, until=until))


def claim_next(session: Session, queue: str, user_id: int, username: str, batch: int = 20) -> str | None:
    """Claim the most urgent open case of ``queue`` nobody else holds and this reviewer has not skipped.

    A case this reviewer already holds in the queue is returned first (resume after a reload)."""
    t = now()
    own = session.execute(
        select(CaseLock.case_id).join(Case, Case.case_id == CaseLock.case_id)
        .where(CaseLock.user_id == user_id, CaseLock.expires_at > t, Case.queue == queue, Case.status == "open")
        .limit(1)
    ).scalar()
    if own and acquire(session, own, user_id, username):
        return own
    locked = exists().where(CaseLock.case_id == Case.case_id, CaseLock.expires_at > t)
    skipped = exists().where(and_(CaseSkip.case_id == Case.case_id, CaseSkip.user_id == user_id,
                                  CaseSkip.until > t))
    for sev in SEVERITY_ORDER:
        for _attempt in range(3):  # candidates can be taken between SELECT and claim: look again
            ids = session.execute(
                select(Case.case_id)
                .where(Case.queue == queue, Case.status == "open", Case.severity == sev, ~locked, ~skipped)
                .order_by(Case.rank, Case.created_at)
                .limit(batch)
            ).scalars().all()
            if not ids:
                break
            for cid in ids:
                if acquire(session, cid, user_id, username):
                    return cid
    return None
