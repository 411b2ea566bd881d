"""Tables of the enforce area: the webhook outbox, CyberTipline reports, evidence bundles, legal holds, settings.

All are declared on the shared ``Base`` and created by the Alembic branch ``enforce`` (``0002_enforce``,
``0003_enforce_retention``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from harrier.store.tables import Base, BigId


class WebhookDelivery(Base):
    """The transactional outbox: one row per decision event, written in the decision's own transaction.

    ``delivery_id`` is stable across retries so a receiver can deduplicate; ``state`` moves
    pending -> delivered (on a 2xx, never re-sent) or pending -> failed (after ``max_attempts``).
    ``lease_until``/``lease_token`` let several workers share the outbox without sending a row twice
    at the same time.
    """

    __tablename__ = "enforce_webhook_deliveries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(String(64), unique=True)
    decision_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict]
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_url: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    lease_token: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_enforce_webhook_due", "state", "next_attempt_at"),)


class CyberTiplineReport(Base):
    """A CyberTipline report built for a case, and its submission state.

    status: built | queued (transient failure, retried) | awaiting_upload (opened at NCMEC; the platform's
    uploader adds files and finishes) | finished | failed (permanent error) | error (could not be built).
    """

    __tablename__ = "enforce_cybertipline_reports"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    decision_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    incident_type: Mapped[str | None] = mapped_column(String(128))
    xml: Mapped[str | None] = mapped_column(Text)
    xml_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    files: Mapped[list]  # the upload manifest: [{sha256, md5, pdq, media_id, ...}]
    endpoint: Mapped[str | None] = mapped_column(Text)
    ncmec_report_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EvidenceBundle(Base):
    """A sealed evidence bundle on disk; ``manifest_sha256`` is the seal that ``evidence verify`` checks."""

    __tablename__ = "enforce_evidence_bundles"
    bundle_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    decision_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    path: Mapped[str] = mapped_column(Text)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    file_count: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    includes_media: Mapped[bool] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    retention_until: Mapped[datetime] = mapped_column(index=True)
    # set when the retention purge deleted the file; the row stays as the record of what existed (0003_enforce)
    purged_at: Mapped[datetime | None]


class LegalHold(Base):
    """A legal hold on a case: none of its evidence bundles (also later ones) is purged while the row exists."""

    __tablename__ = "enforce_legal_holds"
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(255))
    set_at: Mapped[datetime]


class EnforceSetting(Base):
    """Key/value configuration (webhook URL and secret, reporter contact...); environment variables win."""

    __tablename__ = "enforce_settings"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
