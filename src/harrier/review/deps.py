"""Request dependencies: who is asking (session cookie or API key), role checks and CSRF."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request

from harrier.review import throttle
from harrier.review.auth import Principal, api_key_prefix, principal_for_api_key, principal_for_session
from harrier.store.db import Store

COOKIE = "harrier_session"
LOGIN_CSRF_COOKIE = "harrier_login_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class LoginRequired(Exception):
    next_url: str


def store_of(request: Request) -> Store:
    return request.app.state.store


def clock(request: Request) -> datetime:
    """The app's clock (``create_app(clock=...)``; tests move it instead of sleeping through a back-off)."""
    return request.app.state.clock()


def client_address(request: Request) -> str:
    """The peer's address. ``harrier serve`` trusts no X-Forwarded-For (proxy_headers off), so it cannot be
    spoofed by a header; behind a proxy every client shares the proxy's address."""
    return request.client.host if request.client else "unknown"


def too_many(wait: int) -> HTTPException:
    return HTTPException(429, f"too many failed attempts: retry in {wait} s", headers={"Retry-After": str(wait)})


def _session_principal(request: Request) -> Principal | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    with store_of(request).session() as s:
        return principal_for_session(s, token)


def page_user(request: Request) -> Principal:
    """Pages: a logged-in reviewer, else a redirect to the login page."""
    who = _session_principal(request)
    if who is None:
        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(nxt if request.method in SAFE_METHODS else "/")
    request.state.principal = who
    return who


def api_principal(request: Request) -> Principal:
    """API: ``Authorization: Bearer hk_...`` (integrations) or a reviewer's session cookie (the console)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        key, address, at = auth[7:].strip(), client_address(request), clock(request)
        prefix = api_key_prefix(key)
        keys = [(throttle.APIKEY_ADDRESS, address)] + ([(throttle.APIKEY_PREFIX, prefix)] if prefix else [])
        wait = 0
        with store_of(request).session() as s:
            blocked = throttle.blocked(s, keys, at)
            if blocked:  # the key is not even looked at: a valid one gets the same answer
                wait = throttle.refuse(s, blocked, address, f"apikey:{prefix or '?'}", "apikey.throttled",
                                       "api_key", prefix)
                who = None
            else:
                who = principal_for_api_key(s, key)
                if who is None:
                    throttle.record_failure(s, keys, at)
                elif prefix:
                    throttle.clear(s, [(throttle.APIKEY_PREFIX, prefix)])
        if wait:
            raise too_many(wait)
        if who is None:
            raise HTTPException(401, "invalid, expired or revoked API key", headers={"WWW-Authenticate": "Bearer"})
        request.state.principal = who
        return who
    who = _session_principal(request)
    if who is None:
        raise HTTPException(401, "authentication required", headers={"WWW-Authenticate": "Bearer"})
    request.state.principal = who
    return who


def _check_csrf(request: Request, who: Principal, form_token: str | None) -> None:
    if request.method in SAFE_METHODS or who.api_key_id is not None:
        return  # API-key requests carry no ambient credentials: nothing to forge
    token = request.headers.get("x-csrf-token") or form_token
    if not who.csrf_token or not token or not hmac.compare_digest(str(token), who.csrf_token):
        raise HTTPException(403, "CSRF token missing or invalid")


async def page_csrf(request: Request, who: Principal = Depends(page_user)) -> None:
    form_token = None
    if request.method not in SAFE_METHODS and "x-csrf-token" not in request.headers:
        form_token = (await request.form()).get("csrf_token")
    _check_csrf(request, who, form_token if isinstance(form_token, str) else None)


async def api_csrf(request: Request, who: Principal = Depends(api_principal)) -> None:
    _check_csrf(request, who, None)


def login_redirect(next_url: str) -> str:
    return f"/login?next={quote(next_url, safe='')}"


def require_admin(request: Request) -> None:
    """Router dependency for admin-only routes: a non-admin gets 403 before any form field is validated."""
    if not request.state.principal.is_admin:
        raise HTTPException(403, "this needs the admin role")


def forbid(detail: str = "your role does not allow this") -> HTTPException:
    return HTTPException(403, detail)


def require(pred_name: str):  # type: ignore[no-untyped-def]
    """Dependency factory: 403 unless ``Principal.<pred_name>`` is true."""

    def dep(request: Request) -> Principal:
        who: Principal = request.state.principal
        if not getattr(who, pred_name):
            raise HTTPException(403, f"your role does not allow this ({pred_name.replace('_', ' ')})")
        return who

    return dep
