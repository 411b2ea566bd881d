"""The FastAPI application: server-rendered pages (Jinja2 + htmx), the /api/v1 HTTP API, static files.

Every route needs a logged-in reviewer or an API key, except ``/login``, ``/healthz`` and ``/static``.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from harrier.model.urls import is_web_url
from harrier.review import api, apidocs, pages
from harrier.review.deps import LoginRequired, login_redirect
from harrier.review.tables import OrgSetting
from harrier.review.wellness import RevealTokens
from harrier.store.db import Store

HERE = Path(__file__).parent
SEVERITY_CLASS = {"critical": "sev-critical", "high": "sev-high", "medium": "sev-medium", "low": "sev-low"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _secret(store: Store) -> str:
    """Signing key for reveal tokens: HARRIER_SECRET_KEY, else one generated once and kept in the store (so
    several workers and restarts agree)."""
    env = os.environ.get("HARRIER_SECRET_KEY")
    if env:
        return env
    with store.session() as s:
        row = s.get(OrgSetting, "signing_secret")
        if row is None:
            row = OrgSetting(key="signing_secret", value={"key": secrets.token_urlsafe(48)}, updated_by="system",
                             updated_at=datetime.now(UTC))
            s.add(row)
        return str(row.value["key"])


def _fmt_time(dt: datetime | None) -> str:
    if dt is None:
        return "—"
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _ago(dt: datetime | None) -> str:
    if dt is None:
        return "—"
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    s = (datetime.now(UTC) - dt).total_seconds()
    for unit, n in (("d", 86400), ("h", 3600), ("m", 60)):
        if s >= n:
            return f"{int(s // n)}{unit} ago"
    return "just now"


def _short(s: str, width: int = 48) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"


def weblink(url: object, label: str | None = None, cls: str = "") -> Markup:
    """The one way a URL from platform data reaches a page: an http(s) URL becomes a link that opens outside
    the console; anything else (``javascript:``, ``data:``, relative, malformed) is shown as inert text."""
    text = _short(str(url or ""))
    if is_web_url(url):
        return Markup('<a class="{}" href="{}" rel="noreferrer noopener" target="_blank">{}</a>').format(
            cls, url, label or text)
    return Markup('<span class="inert-url {}" title="not an http(s) URL: shown as text, not a link">{}</span>'
                  ).format(cls, text)


def make_templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))
    t.env.filters["t"] = _fmt_time
    t.env.filters["ago"] = _ago
    t.env.filters["sev"] = lambda s: SEVERITY_CLASS.get(s or "", "sev-none")
    t.env.filters["pct"] = lambda x: f"{100 * float(x or 0):.0f}%"
    t.env.filters["u"] = lambda s: quote(str(s), safe="")
    t.env.filters["weblink"] = weblink
    t.env.filters["domid"] = lambda s: re.sub(r"[^A-Za-z0-9_-]", "-", str(s)) + "-" + \
        hashlib.sha1(str(s).encode()).hexdigest()[:6]
    t.env.globals["SEVERITIES"] = ("critical", "high", "medium", "low")
    return t


def create_app(store: Store, clock: Callable[[], datetime] | None = None) -> FastAPI:
    """``clock``: what time it is for login throttling (tests pass one they can move); default the real one."""
    from harrier.review import admin_pages, hold_pages
    from harrier.review.auth import now

    # FastAPI's own public /docs and /openapi.json are off: the document is served authenticated (api.py)
    app = FastAPI(**apidocs.API_INFO, docs_url=None, redoc_url=None, openapi_url=None)
    app.openapi = apidocs.openapi_document  # type: ignore[method-assign] # /api/v1/openapi.json is what docs/ holds
    app.state.store = store
    app.state.clock = clock or now
    app.state.templates = make_templates()
    app.state.reveals = RevealTokens(_secret(store))
    try:  # signal-kind descriptions for "why flagged"; the console works without them
        from harrier.detect.registry import load_kind_modules

        load_kind_modules()
    except Exception:  # noqa: BLE001 - a broken detector module must not take the console down
        pass
    apidocs.mount_assets(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(pages.public)
    app.include_router(pages.router)
    app.include_router(admin_pages.router)
    app.include_router(hold_pages.router)
    app.include_router(api.router)
    app.include_router(apidocs.router)
    from harrier.live import http as live_http  # /api/v1/health, /metrics

    app.include_router(live_http.router)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        resp: Response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        if not request.url.path.startswith("/static/"):
            # case data and media must never land in a browser or proxy cache
            resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": login_redirect(exc.next_url)})
        return RedirectResponse(login_redirect(exc.next_url), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        wants_html = "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/api/")
        if wants_html and exc.status_code in (400, 403, 404, 409):
            who = getattr(request.state, "principal", None)
            return app.state.templates.TemplateResponse(
                request, "error.html", {"status": exc.status_code, "detail": exc.detail, "me": who,
                                        "csrf": who.csrf_token if who else "", "exposure": None,
                                        "path": request.url.path, "flash": None},
                status_code=exc.status_code)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    return app
