"""Operators' account chores: add, disable, enable and re-role users; create, rotate and revoke API keys.

The one place that does each chore together with its audit entry, so that ``harrier users|apikeys`` (actor
``cli``) and the console's ``/settings`` page (actor: the admin) do exactly the same thing. Each function runs
in the caller's transaction and raises ``ValueError`` with a message fit for the operator.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from harrier.review import auth
from harrier.review.tables import User, UserSession
from harrier.store import audit


def find_user(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar()
    if user is None:
        raise ValueError(f"no user {username!r}")
    return user


def _other_active_admins(session: Session, user: User) -> int:
    return sum(1 for u in session.execute(select(User).where(User.active.is_(True), User.id != user.id)).scalars()
               if "admin" in (u.roles or []))


def add_user(session: Session, actor: str, username: str, password: str, roles: list[str]) -> User:
    user = auth.create_user(session, username, password, roles)
    audit.append(session, actor, "user.create", "user", username, {"roles": user.roles})
    return user


def set_password(session: Session, actor: str, username: str, password: str) -> None:
    """New password; the user's sessions end everywhere."""
    auth.set_password(session, find_user(session, username), password)
    audit.append(session, actor, "user.password_reset", "user", username)


def disable_user(session: Session, actor: str, username: str) -> int:
    """Disable a user: they can no longer log in and every session of theirs ends now. Returns the number of
    sessions ended. The last active admin cannot be disabled (nobody could manage users afterwards)."""
    user = find_user(session, username)
    if "admin" in (user.roles or []) and user.active and not _other_active_admins(session, user):
        raise ValueError(f"{username} is the last active admin")
    user.active = False
    ended = session.execute(delete(UserSession).where(UserSession.user_id == user.id)).rowcount or 0
    audit.append(session, actor, "user.disable", "user", username, {"sessions_ended": ended})
    return ended


def enable_user(session: Session, actor: str, username: str) -> None:
    user = find_user(session, username)
    user.active = True
    audit.append(session, actor, "user.enable", "user", username)


def set_roles(session: Session, actor: str, username: str, roles: list[str]) -> list[str]:
    """Replace a user's roles (effective on their next request: sessions read roles live)."""
    user = find_user(session, username)
    new = auth.validate_roles(roles)
    old = list(user.roles or [])
    if "admin" in old and "admin" not in new and user.active and not _other_active_admins(session, user):
        raise ValueError(f"{username} is the last active admin")
    user.roles = new
    audit.append(session, actor, "user.roles", "user", username, {"from": sorted(old), "to": new})
    return new


def create_key(session: Session, actor: str, name: str, scopes: list[str] | None) -> auth.NewKey:
    """A new API key; its secret is in the result only (stored as SHA-256)."""
    if not name.strip():
        raise ValueError("an API key needs a name")
    k = auth.create_api_key(session, name.strip(), scopes)
    audit.append(session, actor, "apikey.create", "apikey", k.name, {"id": k.id, "scopes": k.scopes})
    return k


def rotate_key(session: Session, actor: str, name: str, grace_hours: float) -> auth.NewKey:
    if grace_hours < 0:
        raise ValueError("the grace period cannot be negative")
    k = auth.rotate_api_key(session, name, timedelta(hours=grace_hours))
    audit.append(session, actor, "apikey.rotate", "apikey", name, {"id": k.id, "grace_hours": grace_hours})
    return k


def revoke_key(session: Session, actor: str, name: str) -> int:
    """Revoke every active key named ``name``; an error when there is none."""
    n = auth.revoke_api_key(session, name)
    if n == 0:
        raise ValueError(f"no active API key named {name!r}")
    audit.append(session, actor, "apikey.revoke", "apikey", name, {"revoked": n})
    return n
