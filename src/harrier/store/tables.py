"""SQLAlchemy tables for the platform data, signals and cases.

One schema for SQLite and PostgreSQL; Alembic migrations in ``store/migrations`` create it. Other areas
(review, enforce, hashing) declare their tables in their own modules on the same ``Base`` and import
them in ``harrier.store.all_tables`` so Alembic and tests see every table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# BigInteger autoincrement is INTEGER PRIMARY KEY (rowid) on SQLite, BIGSERIAL on PostgreSQL.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict: JSON, list: JSON}


# --- platform data (export format v1) ---------------------------------------------------------------


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    handle: Mapped[str] = mapped_column(String(255), index=True)
    display_name: Mapped[str | None] = mapped_column(Text)
    bio: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None]
    profile_url: Mapped[str | None] = mapped_column(Text)
    declared_age: Mapped[int | None]
    extra: Mapped[dict | None]


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    author_id: Mapped[str] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime]
    caption: Mapped[str | None] = mapped_column(Text)
    hashtags: Mapped[list | None]
    sound: Mapped[str | None] = mapped_column(Text)
    platform_labels: Mapped[list | None]
    url: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict | None]


class Media(Base):
    """One media item of a post. ``id`` is the platform's, or ``<post_id>#<position>`` when it gave none."""

    __tablename__ = "media"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(255), index=True)
    position: Mapped[int]
    type: Mapped[str] = mapped_column(String(16))
    path: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)  # blob key once the bytes are stored
    declared_sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)  # e.g. missing file: the row is kept, the bytes are not
    extra: Mapped[dict | None]


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(255), index=True)
    author_id: Mapped[str] = mapped_column(String(255), index=True)
    parent_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    extra: Mapped[dict | None]


class Follow(Base):
    __tablename__ = "follows"
    follower_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    followee_id: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    created_at: Mapped[datetime | None]
    extra: Mapped[dict | None]


class Interaction(Base):
    __tablename__ = "interactions"
    account_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime | None]
    extra: Mapped[dict | None]


class MessageEdge(Base):
    """Metadata only: who messaged whom, when, how many messages. Never content."""

    __tablename__ = "message_edges"
    sender_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    recipient_id: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(primary_key=True)
    count: Mapped[int | None]
    extra: Mapped[dict | None]


class Report(Base):
    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(255), index=True)
    reason: Mapped[str] = mapped_column(Text)
    reporter_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime | None]
    text: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict | None]


# --- ingestion bookkeeping ---------------------------------------------------------------------------


class IngestProgress(Base):
    """How far each export file has been ingested, committed in the same transaction as its rows,
    so a killed run resumes exactly where the last commit left off."""

    __tablename__ = "ingest_progress"
    source: Mapped[str] = mapped_column(String(1024), primary_key=True)  # absolute file path
    fingerprint: Mapped[str] = mapped_column(String(128))  # size+mtime: a changed file starts over
    line: Mapped[int] = mapped_column(BigInteger)  # lines (or parquet rows) fully handled
    byte_offset: Mapped[int] = mapped_column(BigInteger)
    done: Mapped[bool]
    accepted: Mapped[int] = mapped_column(BigInteger, default=0)
    rejected: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime]


class IngestError(Base):
    __tablename__ = "ingest_errors"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(1024), index=True)
    line: Mapped[int] = mapped_column(BigInteger)
    field: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


# --- signals -------------------------------------------------------------------------------------------


class SignalRow(Base):
    """Append-only. A signal is fresh while its detector_version is the registered detector's version."""

    __tablename__ = "signals"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(128), index=True)
    score: Mapped[float] = mapped_column(Float)
    detector: Mapped[str] = mapped_column(String(128))
    detector_version: Mapped[str] = mapped_column(String(64))
    evidence: Mapped[list]
    run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_signals_subject", "subject_type", "subject_id"),
        Index("ix_signals_detector", "detector", "detector_version"),
    )


class ContentChange(Base):
    """A subject whose content changed on re-ingest. Its signals from before ``changed_at`` are stale even
    though their detector version is current: they judged the old content."""

    __tablename__ = "content_changes"
    subject_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    changed_at: Mapped[datetime]


class ProducerRun(Base):
    """A run of a store-level producer that writes whole snapshots (bank matches, clusters, context
    features). Its latest run defines which of its signals are fresh — also when that run wrote none."""

    __tablename__ = "producer_runs"
    producer: Mapped[str] = mapped_column(String(128), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime]


class DetectorScan(Base):
    """Marks that detector@version has looked at a subject, also when it found nothing.

    ``context`` is a digest of what the scan saw besides the subject itself (its post, parent comment, author,
    media and their upstream signals; ``harrier.scan_deps``): when the store's digest differs, the subject is
    pending again. ``run_id`` is the scan that wrote the row; only that run's signals of this detector about
    this subject are fresh (a re-scan supersedes the earlier result)."""

    __tablename__ = "detector_scans"
    detector: Mapped[str] = mapped_column(String(128), primary_key=True)
    detector_version: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    scanned_at: Mapped[datetime]
    run_id: Mapped[str | None] = mapped_column(String(64))
    context: Mapped[str | None] = mapped_column(String(64))


class ScanError(Base):
    """A subject a detector failed on, alone, with the exception: it stays pending (every scan tries it again)
    and the row goes when a scan scores it (``harrier scan --errors``)."""

    __tablename__ = "scan_errors"
    detector: Mapped[str] = mapped_column(String(128), primary_key=True)
    detector_version: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64))
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime]


# --- cases ---------------------------------------------------------------------------------------------


class Case(Base):
    """Account-centred case. ``case_id`` is derived from the account id so re-scans update, not duplicate."""

    __tablename__ = "cases"
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="account")  # account | ring
    rank: Mapped[int | None] = mapped_column(Integer, index=True)
    score: Mapped[float] = mapped_column(Float)
    severity: Mapped[str] = mapped_column(String(16))
    recommended_action: Mapped[str] = mapped_column(String(32))
    queue: Mapped[str] = mapped_column(String(64), default="default", index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | decided | closed
    ring_id: Mapped[str | None] = mapped_column(String(64), index=True)
    signals: Mapped[list]  # [{kind, subject, score, detector, evidence}] as in the case export
    related_accounts: Mapped[list]
    summary: Mapped[dict | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Ring(Base):
    """A community of accounts tied by co-commenting and interaction around flagged content."""

    __tablename__ = "rings"
    ring_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    members: Mapped[list]
    posts: Mapped[list]  # posts that tie the members
    score: Mapped[float] = mapped_column(Float)
    summary: Mapped[dict | None]
    updated_at: Mapped[datetime]


# --- decisions and labels (written by reviewers and rules, read by policy, propagation and enforcement) ---


class Decision(Base):
    """A reviewer's decision on a case. Append-only: a changed mind is a new decision."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    account_id: Mapped[str] = mapped_column(String(255), index=True)
    # no_violation | remove_content | restrict_account | suspend_account | escalate | report
    action: Mapped[str] = mapped_column(String(32))
    targets: Mapped[list]  # [{"type": "post", "id": ...}] the decision applies to; [] = the account
    reviewer: Mapped[str] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict | None]  # e.g. the industry classification chosen for a CyberTipline report
    created_at: Mapped[datetime]


class Label(Base):
    """A label on a subject, from a decision or a rule, optionally expiring. Confirmed labels seed propagation."""

    __tablename__ = "labels"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(128))  # "decision:<id>" or "rule:<name>@<version>"
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_labels_subject", "subject_type", "subject_id"),)
