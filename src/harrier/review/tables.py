"""Tables owned by the review console: reviewers, their sessions, API keys, case locks, skips, wellness
exposure counters, organisation-wide settings and failed sign-ins. Migrations: ``0002_review``,
``0003_review_throttle``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from harrier.store.tables import Base, BigId, Case

ROLES = ("admin", "analyst", "moderator", "child_safety_moderator")


class User(Base):
    __tablename__ = "review_users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)  # argon2id, PHC string
    roles: Mapped[list]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # wellness: None means "use the organisation default"
    blur_strength: Mapped[int | None] = mapped_column(Integer)
    greyscale: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]


class UserSession(Base):
    """Server-side session. The cookie carries a random token; only its SHA-256 is stored."""

    __tablename__ = "review_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class ApiKey(Base):
    """An ingest/read API key. The secret is shown once; the table keeps its SHA-256 and a lookup prefix."""

    __tablename__ = "review_api_keys"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # set on the old key when it is rotated (grace period)
    rotated_from: Mapped[int | None] = mapped_column(BigInteger)


class CaseLock(Base):
    """Exclusive claim of a case by one reviewer until ``expires_at``. The primary key makes a claim atomic."""

    __tablename__ = "review_case_locks"
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    username: Mapped[str] = mapped_column(String(255))
    claimed_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class CaseSkip(Base):
    """A reviewer skipped a case: next-case does not hand it back to them until ``until``."""

    __tablename__ = "review_case_skips"
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    until: Mapped[datetime]


class Exposure(Base):
    """Daily wellness counter per reviewer (UTC day)."""

    __tablename__ = "review_exposure"
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD
    reveals: Mapped[int] = mapped_column(Integer, default=0)
    cases_viewed: Mapped[int] = mapped_column(Integer, default=0)


class AuthFailure(Base):
    """One failed sign-in or API-key check, counted per scope (``login.account``, ``login.address``,
    ``apikey.prefix``, ``apikey.address``) and key for back-off (``review/throttle.py``). In the store, not in
    the process, so several server workers or instances count the same failures. Rows past the window go."""

    __tablename__ = "review_auth_failures"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(index=True)


Index("ix_review_auth_failures_scope_key_at", AuthFailure.scope, AuthFailure.key, AuthFailure.at)


class OrgSetting(Base):
    __tablename__ = "review_org_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict]
    updated_by: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime]


# Queue pages read "open cases of one queue, most urgent (or oldest) first": these two indexes make that an
# index range scan on 100k+ cases. Declared here (not in store/tables.py) because the review console owns them.
Index("ix_review_cases_queue_sev", Case.queue, Case.status, Case.severity, Case.rank)
Index("ix_review_cases_queue_created", Case.queue, Case.status, Case.created_at)
