"""Back-off after failed sign-ins and API-key checks.

Every failure is a row in ``review_auth_failures`` under each of its keys: the account name and the client
address for the login form, the key's lookup prefix and the client address for ``/api/v1``. A key with
``FREE_FAILURES`` or more failures within ``WINDOW`` is blocked until its last failure plus
``BASE * 2**(failures - FREE_FAILURES)``, at most ``CAP``. While blocked, a request is answered 429 with
``Retry-After`` and its credentials are not checked at all, so a right password gets the same answer as a
wrong one; and it is not counted, so nobody can hold a block longer than ``CAP`` after their last counted try.

The rows live in the store, not in the process, so several server workers (or instances behind a balancer)
count the same failures. Written by hand: rate-limit libraries (slowapi, limits) count requests, not
failures, keep their state in memory or Redis rather than the project's SQL store, and know no audit log.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from harrier.review.auth import aware
from harrier.review.tables import AuthFailure
from harrier.store import audit

FREE_FAILURES = 5  # failures within WINDOW before the first block
BASE = timedelta(minutes=1)  # the first block; each further failure doubles it
CAP = timedelta(minutes=15)  # no block is longer: the most an attacker can lock a real user out for
WINDOW = timedelta(hours=1)  # failures older than this no longer count (long enough for the back-off to reach CAP)

LOGIN_ACCOUNT, LOGIN_ADDRESS = "login.account", "login.address"
APIKEY_PREFIX, APIKEY_ADDRESS = "apikey.prefix", "apikey.address"

Key = tuple[str, str]  # (scope, key)


def delay(failures: int) -> timedelta:
    """How long a key with ``failures`` recent failures is blocked after its last one."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(BASE * 2 ** min(failures - FREE_FAILURES, 16), CAP)


def _clip(keys: list[Key]) -> list[Key]:
    return [(scope, key[:255]) for scope, key in keys]


def blocked(session: Session, keys: list[Key], at: datetime) -> dict[str, int]:
    """The scopes among ``keys`` that are blocked at ``at``, each with the seconds left (rounded up)."""
    out: dict[str, int] = {}
    for scope, key in _clip(keys):
        n, last = session.execute(
            select(func.count(), func.max(AuthFailure.at))
            .where(AuthFailure.scope == scope, AuthFailure.key == key, AuthFailure.at > at - WINDOW)
        ).one()
        if n >= FREE_FAILURES and last is not None:
            left = (aware(last) + delay(n) - at).total_seconds()
            if left > 0:
                out[scope] = math.ceil(left)
    return out


def record_failure(session: Session, keys: list[Key], at: datetime) -> None:
    """Count one failure under each key; rows past the window go (any key's: they no longer count)."""
    session.execute(delete(AuthFailure).where(AuthFailure.at <= at - WINDOW))
    session.add_all(AuthFailure(scope=scope, key=key, at=at) for scope, key in _clip(keys))
    session.flush()


def clear(session: Session, keys: list[Key]) -> None:
    """A proven credential (right password, valid key) forgets the failures counted against it. Looks before it
    deletes: every valid API request comes through here, and a read costs no write lock on SQLite."""
    for scope, key in _clip(keys):
        match = and_(AuthFailure.scope == scope, AuthFailure.key == key)
        if session.execute(select(AuthFailure.id).where(match).limit(1)).first() is not None:
            session.execute(delete(AuthFailure).where(match))


def refuse(session: Session, scopes: dict[str, int], address: str, actor: str, action: str, target_type: str,
           target_id: str | None) -> int:
    """Write the audit entry of a throttled request; return its ``Retry-After`` in seconds."""
    wait = max(scopes.values())
    audit.append(session, actor[:255], action, target_type, target_id[:255] if target_id else None,
                 {"address": address, "retry_after": wait, "blocked": scopes})
    return wait
