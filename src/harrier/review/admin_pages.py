"""The admin's account chores on ``/settings``: add, disable, enable and re-role users; create, rotate and
revoke API keys. Each route is a thin form handler over ``review/admin.py`` (the same functions the CLI calls),
admin-only (403 otherwise) and CSRF-protected like every console route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from harrier.review import admin
from harrier.review.auth import Principal
from harrier.review.deps import page_csrf, page_user, require_admin, store_of
from harrier.review.pages import render, settings_context

router = APIRouter(dependencies=[Depends(page_user), Depends(page_csrf), Depends(require_admin)])


def _chore(request: Request, do: Callable[[Any, str], Any]) -> Any:
    """Run one chore as the logged-in admin in one transaction; an operator's mistake is a 400 with its message."""
    who: Principal = request.state.principal
    try:
        with store_of(request).session() as s:
            return do(s, who.name)
    except ValueError as e:
        raise HTTPException(400, str(e)) from e


def _done(msg: str) -> Response:
    return RedirectResponse(f"/settings?msg={msg}#users", status_code=303)


@router.post("/settings/users", include_in_schema=False)
def user_add(request: Request, username: str = Form(...), password: str = Form(...),
             roles: list[str] = Form([])) -> Response:
    _chore(request, lambda s, actor: admin.add_user(s, actor, username.strip(), password, roles))
    return _done("user_added")


@router.post("/settings/users/{username:path}/disable", include_in_schema=False)
def user_disable(request: Request, username: str) -> Response:
    _chore(request, lambda s, actor: admin.disable_user(s, actor, username))
    return _done("user_disabled")


@router.post("/settings/users/{username:path}/enable", include_in_schema=False)
def user_enable(request: Request, username: str) -> Response:
    _chore(request, lambda s, actor: admin.enable_user(s, actor, username))
    return _done("user_enabled")


@router.post("/settings/users/{username:path}/roles", include_in_schema=False)
def user_roles(request: Request, username: str, roles: list[str] = Form([])) -> Response:
    _chore(request, lambda s, actor: admin.set_roles(s, actor, username, roles))
    return _done("roles_saved")


def _show_key(request: Request, key: Any, rotated: bool) -> HTMLResponse:
    """The new secret goes into this one response (no-store, like every page) and nowhere else: not into a
    redirect URL, a flash message or the store."""
    with store_of(request).session() as s:
        ctx = settings_context(s, request.state.principal)
    return render(request, "settings.html", {**ctx, "new_key": key, "rotated": rotated})


@router.post("/settings/apikeys", response_class=HTMLResponse, include_in_schema=False)
def key_create(request: Request, name: str = Form(...), scopes: list[str] = Form([])) -> HTMLResponse:
    if not scopes:
        raise HTTPException(400, "choose at least one scope")
    key = _chore(request, lambda s, actor: admin.create_key(s, actor, name, scopes))
    return _show_key(request, key, rotated=False)


@router.post("/settings/apikeys/{name:path}/rotate", response_class=HTMLResponse, include_in_schema=False)
def key_rotate(request: Request, name: str, grace_hours: float = Form(24.0)) -> HTMLResponse:
    key = _chore(request, lambda s, actor: admin.rotate_key(s, actor, name, grace_hours))
    return _show_key(request, key, rotated=True)


@router.post("/settings/apikeys/{name:path}/revoke", include_in_schema=False)
def key_revoke(request: Request, name: str) -> Response:
    _chore(request, lambda s, actor: admin.revoke_key(s, actor, name))
    return RedirectResponse("/settings?msg=key_revoked#apikeys", status_code=303)
