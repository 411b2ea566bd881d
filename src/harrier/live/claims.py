"""Claiming items so that several live workers never scan one twice.

A worker claims a chunk of pending items (an insert that skips rows another worker holds: the primary key
decides, on SQLite and PostgreSQL alike), then re-checks that each is *still* pending: a worker that finished
an item committed its scan row and dropped its claim in one transaction, so an item whose claim we got is
either unscanned or visibly scanned. The claims are dropped in the transaction that commits the batch's
signals and scan marks; a killed worker's claims lapse at ``expires_at`` and the items are pending again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from harrier.detect.base import DetectorSpec
from harrier.live.tables import LiveClaim
from harrier.store.signals import id_chunks


def claim(session: Session, spec: DetectorSpec, ids: Sequence[str], worker: str, lease_s: float) -> list[str]:
    """Claim what no live claim holds; returns the ids this worker now holds (in the given order)."""
    now = datetime.now(UTC)
    until = now + timedelta(seconds=lease_s)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    got: set[str] = set()
    for chunk in id_chunks(ids):
        session.execute(delete(LiveClaim).where(  # lapsed claims of a dead (or stalled) worker
            LiveClaim.detector == spec.name, LiveClaim.subject_type == spec.subject_type,
            LiveClaim.subject_id.in_(chunk), LiveClaim.expires_at < now))
        rows = [{"detector": spec.name, "subject_type": spec.subject_type, "subject_id": i, "worker": worker,
                 "expires_at": until} for i in chunk]
        # executemany of one cached statement (a 500-row VALUES clause costs more to compile than to run);
        # what we got is read back: rows another worker held were skipped by the conflict clause
        session.execute(insert(LiveClaim).on_conflict_do_nothing(), rows)
        got.update(session.execute(select(LiveClaim.subject_id).where(
            LiveClaim.detector == spec.name, LiveClaim.subject_type == spec.subject_type,
            LiveClaim.subject_id.in_(chunk), LiveClaim.worker == worker, LiveClaim.expires_at == until)).scalars())
    return [i for i in ids if i in got]


def release(session: Session, spec: DetectorSpec, ids: Sequence[str], worker: str) -> None:
    for chunk in id_chunks(ids):
        session.execute(delete(LiveClaim).where(
            LiveClaim.detector == spec.name, LiveClaim.subject_type == spec.subject_type,
            LiveClaim.subject_id.in_(chunk), LiveClaim.worker == worker))


def release_all(session: Session, worker: str) -> None:
    session.execute(delete(LiveClaim).where(LiveClaim.worker == worker))


def held_by_others(session: Session, spec: DetectorSpec, worker: str) -> set[str]:
    now = datetime.now(UTC)
    q = select(LiveClaim.subject_id).where(and_(
        LiveClaim.detector == spec.name, LiveClaim.subject_type == spec.subject_type,
        LiveClaim.worker != worker, LiveClaim.expires_at >= now))
    return set(session.execute(q).scalars())
