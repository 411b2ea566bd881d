"""Reviewer accounts, server-side sessions, roles and API keys.

Passwords: argon2id (argon2-cffi). Session cookies and API keys are 256-bit random secrets, so a single
SHA-256 is enough to store them (no dictionary to attack) and keeps per-request checks cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from harrier.review.tables import ROLES, ApiKey, User, UserSession

SESSION_TTL = timedelta(hours=12)
API_KEY_SCOPES = ("ingest", "read", "child_safety")
DEFAULT_API_SCOPES = ("ingest", "read")
CHILD_SAFETY_QUEUES = frozenset({"child_safety"})

_hasher = PasswordHasher()
# A fixed hash to verify against when the user does not exist, so login time does not reveal usernames.
_DUMMY_HASH = _hasher.hash("harrier-dummy-password")


def _sha256(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def aware(dt: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


# --- principals ---------------------------------------------------------------------------------------------


@dataclass
class Principal:
    """Whoever is making the request: a reviewer (session) or an integration (API key)."""

    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    user_id: int | None = None
    api_key_id: int | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    csrf_token: str | None = None
    blur_strength: int | None = None
    greyscale: bool | None = None

    @property
    def is_user(self) -> bool:
        return self.user_id is not None

    def has(self, *roles: str) -> bool:
        return "admin" in self.roles or any(r in self.roles for r in roles)

    # -- permissions (one place, so every route asks the same question) --
    @property
    def can_review(self) -> bool:
        return self.has("moderator", "child_safety_moderator")

    @property
    def can_view_cases(self) -> bool:
        return self.has("moderator", "child_safety_moderator", "analyst") or "read" in self.scopes

    @property
    def can_audit(self) -> bool:
        return self.has("analyst")

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def can_see_queue(self, queue: str) -> bool:
        if not self.can_view_cases:
            return False
        if queue in CHILD_SAFETY_QUEUES:
            return self.has("child_safety_moderator") or "child_safety" in self.scopes
        return True


# --- users --------------------------------------------------------------------------------------------------


def validate_roles(roles: list[str]) -> list[str]:
    bad = [r for r in roles if r not in ROLES]
    if bad:
        raise ValueError(f"unknown role(s) {bad}; choose from {list(ROLES)}")
    if not roles:
        raise ValueError("a user needs at least one role")
    return sorted(set(roles))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(session: Session, username: str, password: str, roles: list[str]) -> User:
    if not username or len(password) < 8:
        raise ValueError("username required and password must be at least 8 characters")
    if session.execute(select(User).where(User.username == username)).scalar():
        raise ValueError(f"user {username!r} exists")
    user = User(username=username, password_hash=hash_password(password), roles=validate_roles(roles),
                active=True, created_at=now())
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    if len(password) < 8:
        raise ValueError("password must be at least 8 characters")
    user.password_hash = hash_password(password)
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))  # log out everywhere


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.execute(select(User).where(User.username == username)).scalar()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now()
    return user


# --- sessions -----------------------------------------------------------------------------------------------


def start_session(session: Session, user: User) -> str:
    """Create a session; return the cookie token (never stored in clear)."""
    token = secrets.token_urlsafe(32)
    t = now()
    session.execute(delete(UserSession).where(UserSession.expires_at < t))
    session.add(UserSession(token_hash=_sha256(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                            created_at=t, expires_at=t + SESSION_TTL))
    return token


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == _sha256(token)))


def principal_for_session(session: Session, token: str | None) -> Principal | None:
    if not token:
        return None
    row = session.execute(
        select(UserSession, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _sha256(token))
    ).first()
    if row is None:
        return None
    us, user = row
    if aware(us.expires_at) < now() or not user.active:
        return None
    return Principal(name=user.username, roles=frozenset(user.roles or []), user_id=user.id,
                     csrf_token=us.csrf_token, blur_strength=user.blur_strength, greyscale=user.greyscale)


# --- API keys -----------------------------------------------------------------------------------------------


@dataclass
class NewKey:
    id: int
    name: str
    key: str  # shown once
    scopes: list[str]


def _new_secret() -> tuple[str, str, str]:
    prefix = secrets.token_hex(6)
    key = f"hk_{prefix}_{secrets.token_urlsafe(32)}"
    return prefix, key, _sha256(key)


def create_api_key(session: Session, name: str, scopes: list[str] | None = None,
                   rotated_from: int | None = None) -> NewKey:
    scopes = sorted(set(scopes or DEFAULT_API_SCOPES))
    bad = [s for s in scopes if s not in API_KEY_SCOPES]
    if bad:
        raise ValueError(f"unknown scope(s) {bad}; choose from {list(API_KEY_SCOPES)}")
    prefix, key, digest = _new_secret()
    row = ApiKey(name=name, prefix=prefix, key_hash=digest, scopes=scopes, created_at=now(),
                 rotated_from=rotated_from)
    session.add(row)
    session.flush()
    return NewKey(row.id, name, key, scopes)


def _active_keys(session: Session, name: str) -> list[ApiKey]:
    return list(session.execute(
        select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None))
    ).scalars())


def rotate_api_key(session: Session, name: str, grace: timedelta = timedelta(hours=24)) -> NewKey:
    """Issue a new key for ``name``; the old one keeps working for ``grace`` so integrations can switch over."""
    old = [k for k in _active_keys(session, name) if k.expires_at is None or aware(k.expires_at) > now()]
    if not old:
        raise ValueError(f"no active API key named {name!r}")
    newest = max(old, key=lambda k: k.id)
    for k in old:
        k.expires_at = now() + grace
    return create_api_key(session, name, list(newest.scopes), rotated_from=newest.id)


def revoke_api_key(session: Session, name: str) -> int:
    keys = _active_keys(session, name)
    for k in keys:
        k.revoked_at = now()
    return len(keys)


def api_key_prefix(key: str | None) -> str | None:
    """The lookup prefix of a key shaped ``hk_<prefix>_<secret>``; None for anything else."""
    if not key or not key.startswith("hk_") or "_" not in key[3:]:
        return None
    return key[3:].split("_", 1)[0] or None


def principal_for_api_key(session: Session, key: str | None) -> Principal | None:
    prefix = api_key_prefix(key)
    if key is None or prefix is None:
        return None
    row = session.execute(select(ApiKey).where(ApiKey.prefix == prefix)).scalar()
    if row is None or not hmac.compare_digest(row.key_hash, _sha256(key)):
        return None
    if row.revoked_at is not None or (row.expires_at is not None and aware(row.expires_at) < now()):
        return None
    return Principal(name=f"apikey:{row.name}", api_key_id=row.id, scopes=frozenset(row.scopes or []))
