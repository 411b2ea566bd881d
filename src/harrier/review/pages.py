"""Server-rendered console pages. Sync handlers (run in FastAPI's thread pool) over SQLAlchemy sessions."""

from __future__ import annotations

import csv
import hmac
import io
import secrets
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import func, select

from harrier.enforce import retention
from harrier.review import auth, locks, throttle, views, wellness
from harrier.review.auth import Principal
from harrier.review.decisions import (
    ACTION_TITLES,
    ACTIONS,
    CLASSIFICATIONS,
    INCIDENT_TYPES,
    SHORTCUTS,
    DecisionError,
    decide,
)
from harrier.review.deps import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    client_address,
    clock,
    forbid,
    page_csrf,
    page_user,
    store_of,
)
from harrier.review.tables import ROLES, ApiKey, User
from harrier.store import audit
from harrier.store.audit import AuditEntry
from harrier.store.tables import Case, Decision, Media, Post, Ring

public = APIRouter()
router = APIRouter(dependencies=[Depends(page_user), Depends(page_csrf)])

MESSAGES = {
    "decided": "Decision recorded.",
    "reported": "Report decision recorded — download the CyberTipline XML below.",
    "empty": "No unclaimed cases left in this queue.",
    "skipped": "Case skipped; it will not be offered to you again for a few hours.",
    "released": "Case released.",
    "saved": "Settings saved.",
    "locked": "Another reviewer holds this case.",
    "bulk": "Bulk decision recorded.",
    "user_added": "User added.",
    "user_disabled": "User disabled; their sessions have ended.",
    "user_enabled": "User enabled.",
    "roles_saved": "Roles saved.",
    "key_revoked": "API key revoked.",
    "hold_set": "Legal hold set: this case's evidence bundles will not be purged.",
    "hold_cleared": "Legal hold cleared.",
}


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    who: Principal | None = getattr(request.state, "principal", None)
    exposure = None
    if who is not None and who.user_id is not None:
        with store_of(request).session() as s:
            exposure = wellness.exposure_today(s, who.user_id)
    msg = MESSAGES.get(request.query_params.get("msg", ""))
    base = {"me": who, "csrf": who.csrf_token if who else "", "exposure": exposure, "flash": msg,
            "path": request.url.path}
    return request.app.state.templates.TemplateResponse(request, name, {**base, **ctx}, status_code=status)


def _safe_next(nxt: str | None) -> str:
    return nxt if nxt and nxt.startswith("/") and not nxt.startswith("//") else "/queues"


# --- public: login, logout, health ---------------------------------------------------------------------------


@public.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> dict[str, str]:
    with store_of(request).session() as s:
        s.execute(select(1))
    return {"status": "ok"}


@public.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str = "/queues", error: str | None = None) -> HTMLResponse:
    # double-submit token: the login form is state-changing too, but there is no session yet
    token = secrets.token_urlsafe(24)
    resp = render(request, "login.html", {"next": _safe_next(next), "error": error, "login_csrf": token})
    resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", max_age=3600,
                    secure=request.url.scheme == "https")
    return resp


@public.post("/login", include_in_schema=False)
def login(request: Request, username: str = Form(...), password: str = Form(...),
          csrf_token: str = Form(""), next: str = Form("/queues")) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        raise HTTPException(403, "CSRF token missing or invalid")
    address, at = client_address(request), clock(request)
    keys = [(throttle.LOGIN_ACCOUNT, username), (throttle.LOGIN_ADDRESS, address)]
    wait, user = 0, None
    with store_of(request).session() as s:
        blocked = throttle.blocked(s, keys, at)
        if blocked:  # the password is not even checked: a right one gets the same answer as a wrong one
            wait = throttle.refuse(s, blocked, address, username or "?", "login.throttled", "user", username)
        else:
            user = auth.authenticate(s, username, password)
            if user is None:
                throttle.record_failure(s, keys, at)
                audit.append(s, username[:255] or "?", "login.failed", "user", username[:255], {"address": address})
            else:
                throttle.clear(s, keys[:1])  # the account's count only: an address may still be guessing others
                token = auth.start_session(s, user)
                audit.append(s, user.username, "login", "user", str(user.id))
    if wait:
        resp = render(request, "login.html", {"next": _safe_next(next), "error": None, "retry_after": wait,
                                              "login_csrf": cookie}, status=429)
        resp.headers["Retry-After"] = str(wait)
        return resp
    if user is None:
        return RedirectResponse("/login?" + urlencode({"next": _safe_next(next), "error": "1"}), status_code=303)
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                    max_age=int(auth.SESSION_TTL.total_seconds()))
    resp.delete_cookie(LOGIN_CSRF_COOKIE)
    return resp


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    with store_of(request).session() as s:
        auth.end_session(s, request.cookies.get(COOKIE, ""))
        audit.append(s, request.state.principal.name, "logout", "user", str(request.state.principal.user_id))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE)
    return resp


# --- queues --------------------------------------------------------------------------------------------------


def _who(request: Request) -> Principal:
    return request.state.principal


def _need(ok: bool, detail: str = "your role does not allow this") -> None:
    if not ok:
        raise forbid(detail)


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/queues", status_code=303)


@router.get("/queues", response_class=HTMLResponse, include_in_schema=False)
def queues(request: Request) -> HTMLResponse:
    who = _who(request)
    _need(who.can_view_cases)
    with store_of(request).session() as s:
        qs = views.visible_queues(s, who)
        mine = s.execute(select(locks.CaseLock.case_id, Case.queue).join(Case, Case.case_id == locks.CaseLock.case_id)
                         .where(locks.CaseLock.user_id == who.user_id, locks.CaseLock.expires_at > auth.now())).all()
    return render(request, "queues.html", {"queues": qs, "mine": mine})


@router.get("/queues/{queue}", response_class=HTMLResponse, include_in_schema=False)
def queue(request: Request, queue: str, status: str = "open", sort: str = "severity",
          page: int = Query(1, ge=1)) -> HTMLResponse:
    who = _who(request)
    _need(who.can_see_queue(queue), f"the {queue} queue needs the child_safety_moderator role")
    with store_of(request).session() as s:
        data = views.queue_page(s, queue, status if status in ("open", "escalated", "decided") else "open",
                                "oldest" if sort == "oldest" else "severity", page)
    return render(request, "queue.html", data)


@router.post("/queues/{queue}/next", include_in_schema=False)
def next_case(request: Request, queue: str) -> Response:
    who = _who(request)
    _need(who.can_see_queue(queue) and who.can_review, "you cannot review this queue")
    with store_of(request).session() as s:
        cid = locks.claim_next(s, queue, who.user_id or 0, who.name)
        if cid:
            audit.append(s, who.name, "case.claim", "case", cid, {"queue": queue})
    if cid is None:
        return RedirectResponse(f"/queues/{queue}?msg=empty", status_code=303)
    return RedirectResponse(f"/cases/{cid}", status_code=303)


# --- case page -----------------------------------------------------------------------------------------------


def _case_for(s: Any, who: Principal, case_id: str) -> Case:
    case = s.get(Case, case_id)
    if case is None:
        raise HTTPException(404, "no such case")
    _need(who.can_see_queue(case.queue), f"cases in the {case.queue} queue need the child_safety_moderator role")
    return case


@router.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def case_view(request: Request, case_id: str) -> HTMLResponse:
    who = _who(request)
    store = store_of(request)
    with store.session() as s:
        case = _case_for(s, who, case_id)
        holder = locks.holder(s, case_id)
        if who.can_review and case.status in ("open", "escalated") and (holder is None or
                                                                         holder.user_id == who.user_id):
            locks.acquire(s, case_id, who.user_id or 0, who.name)
            holder = locks.holder(s, case_id)
            wellness.bump_exposure(s, who.user_id or 0, cases_viewed=1)
        data = views.case_page(s, store, case, who)
        eff = wellness.effective(s, who.blur_strength, who.greyscale)
        kept = retention.case_evidence(s, case_id)  # "evidence" is a template macro
    mine = holder is not None and holder.user_id == who.user_id
    return render(request, "case.html", {
        **data, "holder": holder, "mine": mine, "can_decide": who.can_review and mine,
        "actions": ACTION_TITLES, "shortcuts": SHORTCUTS, "classifications": CLASSIFICATIONS,
        "incident_types": INCIDENT_TYPES, "wellness": eff,
        "has_report": any(d.action == "report" for d in data["decisions"]), "kept": kept,
    })


def _targets(raw: list[str]) -> list[dict[str, str]]:
    out = []
    for t in raw:
        typ, _, tid = t.partition(":")
        if typ in ("post", "comment", "media") and tid:
            out.append({"type": typ, "id": tid})
    return out


@router.post("/cases/{case_id}/decide", include_in_schema=False)
def case_decide(request: Request, case_id: str, action: str = Form(...), note: str = Form(""),
                classification: str = Form(""), incident_type: str = Form(""),
                targets: list[str] = Form([]), then: str = Form("next")) -> Response:
    who = _who(request)
    _need(who.can_review, "deciding needs a moderator role")
    store = store_of(request)
    with store.session() as s:
        case = _case_for(s, who, case_id)
        if not locks.acquire(s, case_id, who.user_id or 0, who.name):
            raise HTTPException(409, "another reviewer holds this case")
        try:
            decide(s, store, case, who, action, note, _targets(targets), classification or None,
                   incident_type or None)
        except DecisionError as e:
            raise HTTPException(400, str(e)) from e
        locks.release(s, case_id)
        queue_name = case.queue
    if action == "report":
        return RedirectResponse(f"/cases/{case_id}?msg=reported", status_code=303)
    if then == "next" and who.can_see_queue(queue_name):
        with store.session() as s:
            cid = locks.claim_next(s, queue_name, who.user_id or 0, who.name)
        if cid:
            return RedirectResponse(f"/cases/{cid}?msg=decided", status_code=303)
        return RedirectResponse(f"/queues/{queue_name}?msg=empty", status_code=303)
    return RedirectResponse(f"/cases/{case_id}?msg=decided", status_code=303)


@router.post("/cases/{case_id}/skip", include_in_schema=False)
def case_skip(request: Request, case_id: str) -> Response:
    who = _who(request)
    _need(who.can_review)
    with store_of(request).session() as s:
        case = _case_for(s, who, case_id)
        locks.skip(s, case_id, who.user_id or 0)
        audit.append(s, who.name, "case.skip", "case", case_id)
        cid = locks.claim_next(s, case.queue, who.user_id or 0, who.name)
    return RedirectResponse(f"/cases/{cid}?msg=skipped" if cid else f"/queues/{case.queue}?msg=empty",
                            status_code=303)


@router.post("/cases/{case_id}/release", include_in_schema=False)
def case_release(request: Request, case_id: str) -> Response:
    who = _who(request)
    with store_of(request).session() as s:
        case = _case_for(s, who, case_id)
        locks.release(s, case_id, None if who.is_admin else who.user_id)
        audit.append(s, who.name, "case.release", "case", case_id)
    return RedirectResponse(f"/queues/{case.queue}?msg=released", status_code=303)


@router.get("/cases/{case_id}/report.xml", include_in_schema=False)
def case_report(request: Request, case_id: str) -> Response:
    """The CyberTipline report XML for a case decided as ``report``, validated against the repo's XSD."""
    who = _who(request)
    _need(who.can_review or who.can_audit)
    store = store_of(request)
    with store.session() as s:
        case = _case_for(s, who, case_id)
        dec = s.execute(select(Decision).where(Decision.case_id == case_id, Decision.action == "report")
                        .order_by(Decision.id.desc()).limit(1)).scalar()
        if dec is None:
            raise HTTPException(409, "this case has no report decision")
        from harrier.enforce.cybertipline import ReportValidationError, build_report, validate_report

        try:
            xml = build_report(s, store, case.case_id, dec.reviewer, (dec.details or {}).get("classification"))
            validate_report(xml)
        except (ReportValidationError, ValueError) as e:
            raise HTTPException(500, f"the report could not be built: {e}") from e
        audit.append(s, who.name, "report.download", "case", case_id, {"decision_id": dec.id})
    return Response(xml, media_type="application/xml", headers={
        "Content-Disposition": f'attachment; filename="cybertipline-{case_id}.xml"'})


# --- media (wellness) ----------------------------------------------------------------------------------------


def _media_for(s: Any, who: Principal, media_id: str) -> Media:
    _need(who.can_view_cases)
    m = s.get(Media, media_id)
    if m is None:
        raise HTTPException(404, "no such media")
    author = s.execute(select(Post.author_id).where(Post.id == m.post_id)).scalar()
    q = s.execute(select(Case.queue).where(Case.account_id == author)).scalar() if author else None
    # Least exposure: media of an account without a case of its own is shown in context of child-safety
    # cases (the photo under which the flagged comments were written), so it needs child-safety access.
    _need(who.can_see_queue(q or next(iter(auth.CHILD_SAFETY_QUEUES))),
          "this media belongs to a child-safety case")
    return m


def _media_bytes(request: Request, m: Media) -> bytes | None:
    blobs = store_of(request).blobs
    if not m.sha256 or not blobs.has(m.sha256):
        return None
    return blobs.read(m.sha256)


@router.get("/media/{media_id}/blurred", include_in_schema=False)
def media_blurred(request: Request, media_id: str) -> Response:
    who = _who(request)
    with store_of(request).session() as s:
        m = _media_for(s, who, media_id)
        eff = wellness.effective(s, who.blur_strength, who.greyscale)
    data = _media_bytes(request, m)
    # never less protective than "blurred": a user who set blur 0 and colour still gets the org floor of 20
    body = wellness.render(data, wellness.WellnessSettings(max(eff.blur_strength, 20), eff.greyscale)) if data \
        else wellness.placeholder()
    return Response(body, media_type="image/jpeg" if data else "image/png")


@router.post("/media/{media_id}/reveal", include_in_schema=False)
def media_reveal(request: Request, media_id: str) -> Response:
    who = _who(request)
    _need(who.is_user)
    with store_of(request).session() as s:
        m = _media_for(s, who, media_id)
        audit.append(s, who.name, "media.reveal", "media", media_id, {"post_id": m.post_id, "sha256": m.sha256})
        wellness.bump_exposure(s, who.user_id or 0, reveals=1)
        revealed = wellness.exposure_today(s, who.user_id or 0)
    token = request.app.state.reveals.issue(media_id, who.user_id)
    url = f"/media/{quote(media_id, safe='')}/revealed?{urlencode({'token': token})}"
    if request.headers.get("hx-request"):
        return render(request, "_revealed.html", {"media_id": media_id, "url": url, "revealed": revealed})
    return Response(f'{{"url": "{url}"}}', media_type="application/json")


@router.get("/media/{media_id}/revealed", include_in_schema=False)
def media_revealed(request: Request, media_id: str, token: str = "") -> Response:
    who = _who(request)
    if not request.app.state.reveals.check(token, media_id, who.user_id):
        raise HTTPException(403, "reveal token missing, expired or not yours")
    with store_of(request).session() as s:
        m = _media_for(s, who, media_id)
    data = _media_bytes(request, m)
    return Response(wellness.render(data, None) if data else wellness.placeholder(), media_type="image/jpeg")


# --- rings ---------------------------------------------------------------------------------------------------


@router.get("/rings/{ring_id}", response_class=HTMLResponse, include_in_schema=False)
def ring_view(request: Request, ring_id: str) -> HTMLResponse:
    who = _who(request)
    _need(who.can_view_cases)
    with store_of(request).session() as s:
        ring = s.get(Ring, ring_id)
        if ring is None:
            raise HTTPException(404, "no such ring")
        data = views.ring_page(s, ring, who)
        data["lock_holders"] = {c.case_id: locks.holder(s, c.case_id) for c in data["cases"].values()}
    return render(request, "ring.html", {**data, "actions": ACTION_TITLES, "classifications": CLASSIFICATIONS})


@router.post("/rings/{ring_id}/bulk", include_in_schema=False)
def ring_bulk(request: Request, ring_id: str, action: str = Form(...), case_ids: list[str] = Form([]),
              note: str = Form(""), classification: str = Form("")) -> Response:
    """One decision applied to several member cases of a ring; cases held by other reviewers are left alone."""
    who = _who(request)
    _need(who.can_review, "deciding needs a moderator role")
    if action not in ACTIONS:
        raise HTTPException(400, f"unknown action {action!r}")
    store = store_of(request)
    done, skipped = [], []
    with store.session() as s:
        ring = s.get(Ring, ring_id)
        if ring is None:
            raise HTTPException(404, "no such ring")
        for cid in case_ids:
            case = s.get(Case, cid)
            if case is None or case.ring_id != ring_id or not who.can_see_queue(case.queue) or \
                    case.status not in ("open", "escalated"):
                skipped.append(cid)
                continue
            if not locks.acquire(s, cid, who.user_id or 0, who.name):
                skipped.append(cid)
                continue
            try:
                decide(s, store, case, who, action, note, [], classification or None, None,
                       extra={"bulk": True, "ring_id": ring_id})
            except DecisionError as e:
                raise HTTPException(400, str(e)) from e
            locks.release(s, cid)
            done.append(cid)
        audit.append(s, who.name, "ring.bulk_decide", "ring", ring_id,
                     {"action": action, "decided": done, "skipped": skipped})
    return RedirectResponse(f"/rings/{ring_id}?msg=bulk", status_code=303)


# --- search, audit, settings ---------------------------------------------------------------------------------


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search(request: Request, q: str = "") -> HTMLResponse:
    who = _who(request)
    _need(who.can_view_cases)
    with store_of(request).session() as s:
        res = views.search(s, q, who)
    if len(res["cases"]) == 1 and res["cases"][0].case_id == q.strip():
        return RedirectResponse(f"/cases/{q.strip()}", status_code=303)  # type: ignore[return-value]
    return render(request, "search.html", {"q": q, "res": res, "hidden": res["hidden"]})


AUDIT_PAGE = 100


def _audit_query(actor: str, action: str, target: str):  # type: ignore[no-untyped-def]
    q = select(AuditEntry)
    if actor:
        q = q.where(AuditEntry.actor == actor)
    if action:
        q = q.where(AuditEntry.action == action)
    if target:
        q = q.where(AuditEntry.target_id == target)
    return q


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, actor: str = "", action: str = "", target: str = "",
               before: int | None = None) -> HTMLResponse:
    who = _who(request)
    _need(who.can_audit, "the audit log needs the analyst or admin role")
    with store_of(request).session() as s:
        q = _audit_query(actor, action, target)
        if before:
            q = q.where(AuditEntry.id < before)
        rows = list(s.execute(q.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)).scalars())
        total = s.execute(select(func.count()).select_from(AuditEntry)).scalar()
        action_names = list(s.execute(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).scalars())
    return render(request, "audit.html", {"rows": rows, "total": total, "actor": actor, "action": action,
                                          "target": target, "actions_list": action_names,
                                          "older": rows[-1].id if len(rows) == AUDIT_PAGE else None})


@router.get("/audit/export.csv", include_in_schema=False)
def audit_export(request: Request, actor: str = "", action: str = "", target: str = "") -> Response:
    who = _who(request)
    _need(who.can_audit, "the audit log needs the analyst or admin role")
    store = store_of(request)
    with store.session() as s:
        audit.append(s, who.name, "audit.export", None, None, {"actor": actor, "action": action, "target": target})

    def rows():  # type: ignore[no-untyped-def]
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["id", "at", "actor", "action", "target_type", "target_id", "details", "note", "prev_hash",
                    "hash"])
        last = 0
        with store.session() as s:
            while True:
                batch = list(s.execute(_audit_query(actor, action, target).where(AuditEntry.id > last)
                                       .order_by(AuditEntry.id).limit(2000)).scalars())
                if not batch:
                    break
                for e in batch:
                    import orjson

                    w.writerow([e.id, e.at.isoformat(), e.actor, e.action, e.target_type or "", e.target_id or "",
                                orjson.dumps(e.details).decode() if e.details else "", e.note or "",
                                e.prev_hash, e.hash])
                last = batch[-1].id
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    return StreamingResponse(rows(), media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="harrier-audit.csv"'})


@router.get("/audit/verify", response_class=HTMLResponse, include_in_schema=False)
def audit_verify(request: Request) -> HTMLResponse:
    who = _who(request)
    _need(who.can_audit, "the audit log needs the analyst or admin role")
    with store_of(request).session() as s:
        res = audit.verify(s)
    return render(request, "_verify.html", {"res": res})


def settings_context(s: Any, who: Principal) -> dict[str, Any]:
    """What the settings page shows; users and API keys to admins only."""
    return {"org": wellness.org_defaults(s),
            "users": list(s.execute(select(User).order_by(User.username)).scalars()) if who.is_admin else [],
            "keys": list(s.execute(select(ApiKey).order_by(ApiKey.name, ApiKey.id)).scalars()) if who.is_admin else [],
            "eff": wellness.effective(s, who.blur_strength, who.greyscale), "now": auth.now(), "aware": auth.aware,
            "roles": ROLES, "scopes": auth.API_KEY_SCOPES, "new_key": None}


@router.get("/settings", response_class=HTMLResponse, include_in_schema=False)
def settings_page(request: Request) -> HTMLResponse:
    who = _who(request)
    with store_of(request).session() as s:
        ctx = settings_context(s, who)
    return render(request, "settings.html", ctx)


@router.post("/settings", include_in_schema=False)
def settings_save(request: Request, blur_strength: str = Form(""), greyscale: str = Form("default")) -> Response:
    who = _who(request)
    _need(who.is_user)
    with store_of(request).session() as s:
        user = s.get(User, who.user_id)
        user.blur_strength = max(0, min(100, int(blur_strength))) if blur_strength.strip() else None
        user.greyscale = {"on": True, "off": False}.get(greyscale)
        audit.append(s, who.name, "settings.user", "user", str(who.user_id),
                     {"blur_strength": user.blur_strength, "greyscale": user.greyscale})
    return RedirectResponse("/settings?msg=saved", status_code=303)


@router.post("/settings/org", include_in_schema=False)
def settings_org(request: Request, blur_strength: int = Form(...), greyscale: str = Form("off")) -> Response:
    who = _who(request)
    _need(who.is_admin, "organisation settings need the admin role")
    with store_of(request).session() as s:
        wellness.set_org_defaults(s, blur_strength, greyscale == "on", who.name)
        audit.append(s, who.name, "settings.org", None, None,
                     {"blur_strength": blur_strength, "greyscale": greyscale == "on"})
    return RedirectResponse("/settings?msg=saved", status_code=303)
