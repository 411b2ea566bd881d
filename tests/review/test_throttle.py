"""Login and API-key throttling over real HTTP: a uvicorn server on loopback, clients bound to different loopback
addresses (127.0.0.x) so the per-address and per-account counts can be told apart, and an injected clock that the
tests move instead of sleeping through a back-off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from harrier.review import throttle
from harrier.review.app import create_app
from harrier.review.tables import AuthFailure
from harrier.store import audit
from harrier.store.audit import AuditEntry

from .conftest import PASSWORD, Seeded, served


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


@pytest.fixture
def server(seeded: Seeded) -> Iterator[tuple[str, Seeded, Clock]]:
    clock = Clock()
    with served(create_app(seeded.store, clock=clock)) as base:
        yield base, seeded, clock


def client_at(base: str, address: str = "127.0.0.1") -> httpx.Client:
    """A client whose connections come from ``address`` (any 127.0.0.x reaches a server on 127.0.0.1)."""
    return httpx.Client(base_url=base, transport=httpx.HTTPTransport(local_address=address), follow_redirects=False)


def sign_in(c: httpx.Client, user: str, password: str) -> httpx.Response:
    form = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    return c.post("/login", data={"username": user, "password": password, "csrf_token": token, "next": "/queues"})


def entries(sd: Seeded, action: str) -> list[AuditEntry]:
    with sd.store.session() as s:
        return list(s.execute(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).scalars())


def test_sixth_wrong_password_is_throttled_right_one_too_until_the_back_off_passes(server) -> None:  # type: ignore[no-untyped-def]
    base, sd, clock = server
    with client_at(base) as c, client_at(base, "127.0.0.2") as elsewhere:
        for _ in range(5):
            r = sign_in(c, "mod", "wrong-password")
            assert r.status_code == 303 and "error=1" in r.headers["location"]
            clock.advance(5)
        # the 6th wrong password within a minute: 429, retry one minute after the 5th failure (20 s ago)
        wrong = sign_in(c, "mod", "wrong-password")
        assert wrong.status_code == 429 and wrong.headers["retry-after"] == "55"
        assert "Too many failed sign-ins" in wrong.text
        # the right password during the back-off: the very same answer, no session
        right = sign_in(c, "mod", PASSWORD)
        assert right.status_code == 429 and right.headers["retry-after"] == "55"
        assert "harrier_session" not in right.cookies
        mask = re.compile(r'name="csrf_token" value="[^"]+"')
        assert mask.sub("", right.text) == mask.sub("", wrong.text)
        # the account is blocked from another address too (that address has no failures of its own)
        other = sign_in(elsewhere, "mod", PASSWORD)
        assert other.status_code == 429 and other.headers["retry-after"] == "55"

        logged = entries(sd, "login.throttled")
        assert len(logged) == 3 and {e.target_id for e in logged} == {"mod"}
        assert logged[0].details == {"address": "127.0.0.1", "retry_after": 55,
                                     "blocked": {"login.account": 55, "login.address": 55}}
        assert logged[2].details["blocked"] == {"login.account": 55}
        assert [e.details["address"] for e in entries(sd, "login.failed")] == ["127.0.0.1"] * 5

        clock.advance(55)  # the back-off has passed: the right password works, and the page behind it
        r = sign_in(c, "mod", PASSWORD)
        assert r.status_code == 303 and r.headers["location"] == "/queues"
        assert c.get("/queues").status_code == 200
    with sd.store.session() as s:
        assert audit.verify(s).ok


def test_an_address_guessing_many_accounts_is_throttled(server) -> None:  # type: ignore[no-untyped-def]
    base, sd, clock = server
    with client_at(base, "127.0.0.3") as guesser, client_at(base, "127.0.0.4") as colleague:
        for name in ("mod", "mod2", "csmod", "nobody", "admin"):
            assert sign_in(guesser, name, "wrong-password").status_code == 303
        r = sign_in(guesser, "analyst", PASSWORD)  # an account that never failed, from the guessing address
        assert r.status_code == 429 and r.headers["retry-after"] == "60"
        assert entries(sd, "login.throttled")[-1].details["blocked"] == {"login.address": 60}
        # each account has one failure: from elsewhere they all sign in, which clears that account's count only
        assert sign_in(colleague, "mod", PASSWORD).status_code == 303
        with sd.store.session() as s:
            left = set(s.execute(select(AuthFailure.scope, AuthFailure.key)).tuples())
        assert (throttle.LOGIN_ACCOUNT, "mod") not in left and (throttle.LOGIN_ACCOUNT, "mod2") in left
        assert (throttle.LOGIN_ADDRESS, "127.0.0.3") in left
        clock.advance(60)
        assert sign_in(guesser, "analyst", PASSWORD).status_code == 303


def test_back_off_doubles_is_capped_and_failures_expire(any_store) -> None:  # type: ignore[no-untyped-def]
    """The schedule on both engines: 1, 2, 4, 8 minutes, then never more than CAP; a blocked try is not
    counted; failures older than WINDOW are forgotten."""
    keys = [(throttle.LOGIN_ACCOUNT, "mod")]
    t = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    waits = []
    with any_store.session() as s:
        for _ in range(10):
            assert throttle.blocked(s, keys, t) == {}
            throttle.record_failure(s, keys, t)
            waits.append(throttle.blocked(s, keys, t).get(throttle.LOGIN_ACCOUNT, 0))
            t += timedelta(seconds=waits[-1])
    assert waits == [0, 0, 0, 0, 60, 120, 240, 480, 900, 900]
    with any_store.session() as s:
        assert throttle.blocked(s, keys, t - timedelta(seconds=1)) == {throttle.LOGIN_ACCOUNT: 1}
        later = t + throttle.WINDOW
        assert throttle.blocked(s, keys, later) == {}
        for _ in range(4):  # the old ones expired: these are the first of a new count
            throttle.record_failure(s, keys, later)
        assert throttle.blocked(s, keys, later) == {}
        throttle.record_failure(s, keys, later)
        assert throttle.blocked(s, keys, later) == {throttle.LOGIN_ACCOUNT: 60}
        throttle.clear(s, keys)  # a proven credential forgets them
        assert throttle.blocked(s, keys, later) == {}
        assert s.execute(select(func.count()).select_from(AuthFailure)).scalar_one() == 0


def test_api_key_failures_are_throttled_per_prefix_and_per_address(server) -> None:  # type: ignore[no-untyped-def]
    base, sd, clock = server
    prefix = sd.api_key.split("_")[1]
    good = {"Authorization": f"Bearer {sd.api_key}"}
    bad = {"Authorization": f"Bearer hk_{prefix}_not-the-secret"}
    with client_at(base, "127.0.0.5") as c, client_at(base, "127.0.0.6") as elsewhere:
        assert c.get("/api/v1/cases", headers=good).status_code == 200
        for _ in range(5):
            assert c.get("/api/v1/cases", headers=bad).status_code == 401
            clock.advance(2)
        r = c.get("/api/v1/cases", headers=bad)
        assert r.status_code == 429 and r.headers["retry-after"] == "58"
        r = c.get("/api/v1/cases", headers=good)  # the valid key during the back-off: the same answer
        assert r.status_code == 429 and r.headers["retry-after"] == "58" and "cases" not in r.text
        r = elsewhere.get("/api/v1/cases", headers=good)  # the prefix is blocked from any address
        assert r.status_code == 429
        logged = entries(sd, "apikey.throttled")
        assert len(logged) == 3 and {e.target_id for e in logged} == {prefix}
        assert logged[0].details == {"address": "127.0.0.5", "retry_after": 58,
                                     "blocked": {"apikey.address": 58, "apikey.prefix": 58}}
        clock.advance(58)
        r = c.get("/api/v1/cases", headers=good)
        assert r.status_code == 200 and [x["case_id"] for x in r.json()] == ["case-default"]

    with client_at(base, "127.0.0.7") as sprayer:  # random keys: no shared prefix, the address is what counts
        for i in range(5):
            assert sprayer.get("/api/v1/cases", headers={"Authorization": f"Bearer hk_{i:012x}_x"}).status_code == 401
        assert sprayer.get("/api/v1/cases", headers={"Authorization": "Bearer garbage"}).status_code == 429
        r = sprayer.get("/api/v1/cases", headers=good)
        assert r.status_code == 429 and r.headers["retry-after"] == "60"
        assert entries(sd, "apikey.throttled")[-1].details["blocked"] == {"apikey.address": 60}
