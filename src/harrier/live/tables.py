"""Tables of the live area: item claims (so several workers never scan one item twice), the workers' heartbeats
(``/api/v1/health``) and the refresh bookkeeping (who runs the context step, when it last ran).

The queue itself is not here: the detectors' pending sets (``detector_scans``) are the queue, so an accepted
event is never lost, whatever happens to a worker. A claim only says "being scanned by this worker until".
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from harrier.store.tables import Base


class LiveClaim(Base):
    """One item being scanned by one worker. The primary key makes a claim exclusive on SQLite and PostgreSQL
    alike; ``expires_at`` lets a killed worker's claims lapse (the item is pending again, never lost)."""

    __tablename__ = "live_claims"
    detector: Mapped[str] = mapped_column(String(128), primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    worker: Mapped[str] = mapped_column(String(64), index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LiveWorkerRow(Base):
    """A live worker's heartbeat and what it last measured (lag, queue depth), for /health across processes."""

    __tablename__ = "live_workers"
    worker: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(16))  # running | stopping | stopped
    stats: Mapped[dict]  # queue depth per detector, lag p50/p95, items scanned, last refresh


class LiveState(Base):
    """Small shared state: the refresh lease (one worker at a time runs context/policy/cases) and the marks
    the cadence is measured from (last quick/global refresh, detector signals at the last global one)."""

    __tablename__ = "live_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict]
    lease_until: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime]
