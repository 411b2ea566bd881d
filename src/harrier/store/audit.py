"""Append-only, hash-chained audit log.

Each entry stores the SHA-256 of the previous entry's hash plus its own canonical content, so editing,
deleting or reordering any row breaks the chain from that row on; :func:`verify` names the first bad one.
Written by hand because the chain is a dozen lines and no maintained library fits SQLAlchemy tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import String, Text, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from harrier.store.tables import Base, BigId

GENESIS = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(255), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)  # e.g. media.reveal, case.decide, login
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(255), index=True)
    details: Mapped[dict | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


def _digest(prev: str, at: datetime, actor: str, action: str, target_type: str | None,
            target_id: str | None, details: dict | None, note: str | None) -> str:
    at_utc = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    body = orjson.dumps(
        [prev, at_utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), actor, action, target_type, target_id, details, note],
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(body).hexdigest()


def append(session: Session, actor: str, action: str, target_type: str | None = None,
           target_id: str | None = None, details: dict[str, Any] | None = None,
           note: str | None = None) -> AuditEntry:
    """Append one entry. Callers hold a transaction; on PostgreSQL the table lock keeps the chain linear."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_log IN EXCLUSIVE MODE"))
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    prev = last or GENESIS
    at = datetime.now(UTC)
    entry = AuditEntry(at=at, actor=actor, action=action, target_type=target_type, target_id=target_id,
                       details=details, note=note, prev_hash=prev,
                       hash=_digest(prev, at, actor, action, target_type, target_id, details, note))
    session.add(entry)
    session.flush()
    return entry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str | None = None


def iter_entries(session: Session, batch: int = 5000) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).scalars().all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def verify(session: Session) -> VerifyResult:
    prev = GENESIS
    n = 0
    for e in iter_entries(session):
        n += 1
        if e.prev_hash != prev:
            return VerifyResult(False, n, e.id, "prev_hash breaks the chain (row removed or reordered)")
        expected = _digest(prev, e.at, e.actor, e.action, e.target_type, e.target_id, e.details, e.note)
        if e.hash != expected:
            return VerifyResult(False, n, e.id, "content does not match its hash (row edited)")
        prev = e.hash
    return VerifyResult(True, n)
