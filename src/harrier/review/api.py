"""HTTP API under /api/v1: batched, idempotent event ingest and read access to cases and signals.

Authentication: ``Authorization: Bearer <API key>`` (scopes ``ingest``, ``read``, ``child_safety``) or a
console session (then CSRF applies to writes). The OpenAPI document is served only to authenticated callers.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from harrier.review.auth import Principal
from harrier.review.deps import api_csrf, api_principal, store_of
from harrier.store.tables import Case, Decision

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(api_principal), Depends(api_csrf)])
MAX_BATCH = 5000

# Examples for the OpenAPI document (docs/openapi.json, /api-docs). Benign on purpose: documentation is no place
# for harmful text. Ids and times follow docs/FORMAT.md.
_ACCOUNT = {"type": "account", "data": {"id": "u_1001", "handle": "sunny.days.family", "display_name": "Family vlog",
                                        "created_at": "2026-10-01T09:00:00Z"}}
_POST = {"type": "post", "data": {"id": "p_2001", "author_id": "u_1001", "created_at": "2026-11-01T12:00:00Z",
                                  "caption": "Day at the beach", "hashtags": ["family", "summer"],
                                  "media": [{"type": "image", "sha256": "9f" * 32}]}}
_COMMENT = {"type": "comment", "data": {"id": "c_3001", "post_id": "p_2001", "author_id": "u_1002",
                                        "created_at": "2026-11-01T12:10:00Z", "text": "What a lovely day out!"}}
_FOLLOW = {"type": "follow", "data": {"follower_id": "u_1002", "followee_id": "u_1001"}}
EVENT_EXAMPLES: dict[str, dict[str, Any]] = {
    "batch": {"summary": "An account, its post, a comment under it and a follow",
              "value": {"events": [_ACCOUNT, _POST, _COMMENT, _FOLLOW]}},
    "replay": {"summary": "A replayed comment: answered as a duplicate, stored once",
               "value": {"events": [_COMMENT]}},
    "rejected": {"summary": "A comment without a time zone: rejected, naming the field",
                 "value": {"events": [{"type": "comment", "data": {**_COMMENT["data"],
                                                                   "created_at": "2026-11-01T12:10:00"}}]}},
}
_SIGNAL = {"kind": "text.contact_move", "subject": {"type": "comment", "id": "c_3002"}, "score": 0.62,
           "detector": "text.intent@1.2.0",
           "evidence": [{"kind": "span", "field": "text", "start": 0, "end": 13, "value": "sent you a DM",
                         "note": "move to private messages"}]}
# A default-queue case: the document is served to every API caller, child-safety access or not.
_CASE = {"case_id": "case-u_1002", "account_id": "u_1002", "rank": 14, "score": 0.41, "severity": "low",
         "recommended_action": "review", "queue": "default", "status": "open", "ring_id": None,
         "updated_at": "2026-11-02T08:00:00Z"}


class EventResult(BaseModel):
    index: int
    id: str | None = None
    status: int = Field(description="201 stored, 200 already stored (idempotent replay), 4xx rejected")
    outcome: str = Field(description="accepted | duplicate | rejected")
    errors: list[dict[str, Any]] = Field(default_factory=list)
    warnings: list[dict[str, Any]] = Field(default_factory=list, description="stored, but e.g. a URL that is not "
                                           "http(s) and will be shown as text, never a link")


class EventsResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"accepted": 3, "duplicates": 0, "rejected": 1, "results": [
            {"index": 0, "id": "u_1001", "status": 201, "outcome": "accepted", "errors": []},
            {"index": 1, "id": "p_2001", "status": 201, "outcome": "accepted", "errors": []},
            {"index": 2, "id": "c_3001", "status": 200, "outcome": "duplicate", "errors": []},
            {"index": 3, "id": "c_3002", "status": 422, "outcome": "rejected",
             "errors": [{"field": "created_at",
                         "message": "Input should have timezone info (got '2026-11-01T12:10:00')"}]}]}]})

    accepted: int
    duplicates: int
    rejected: int
    results: list[EventResult]


class EventsRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLES["batch"]["value"]]})

    events: list[dict[str, Any]] = Field(description="Platform events, each with a unique `id` (see docs/FORMAT.md)")


class CaseSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CASE]})

    case_id: str
    account_id: str
    rank: int | None
    score: float
    severity: str
    recommended_action: str
    queue: str
    status: str
    ring_id: str | None
    updated_at: datetime


class CaseDetail(CaseSummary):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **_CASE, "signals": [_SIGNAL], "related_accounts": ["u_1003"],
        "summary": {"headline": "Contact moves under strangers' posts"},
        "decisions": [{"id": 12, "action": "no_violation", "reviewer": "mod", "targets": ["u_1002"],
                       "note": "a friend's account", "details": {}, "created_at": "2026-11-02T09:30:00+00:00"}]}]})

    signals: list[dict[str, Any]]
    related_accounts: list[Any]
    summary: dict[str, Any] | None
    decisions: list[dict[str, Any]]


def _who(request: Request) -> Principal:
    return request.state.principal


def _as_dict(x: Any) -> dict[str, Any]:
    if isinstance(x, dict):
        return x
    if hasattr(x, "as_dict"):
        return x.as_dict()
    if hasattr(x, "model_dump"):
        return x.model_dump()
    if dataclasses.is_dataclass(x):
        return dataclasses.asdict(x)  # type: ignore[arg-type]
    return {"value": x}


def _normalise(events: list[dict[str, Any]], raw: Any) -> EventsResponse:
    """Map the ingest module's per-item outcomes onto HTTP-style statuses."""
    items = raw
    for attr in ("results", "items"):
        if hasattr(raw, attr):
            items = getattr(raw, attr)
    if isinstance(raw, dict):
        items = raw.get("results", raw.get("items", []))
    results: list[EventResult] = []
    for i, item in enumerate(list(items)):
        d = _as_dict(item)
        outcome = str(d.get("outcome") or d.get("status") or "accepted").lower()
        errs = d.get("errors") or ([d["error"]] if d.get("error") else [])
        errs = [e if isinstance(e, dict) else {"message": str(e)} for e in errs]
        if outcome in ("rejected", "error", "invalid", "conflict") or errs:
            code = int(d.get("http_status") or (409 if outcome == "conflict" else 422))
            outcome = "rejected"
        elif outcome in ("duplicate", "unchanged", "exists", "replayed", "skipped"):
            code, outcome = 200, "duplicate"
        else:
            code, outcome = 201, "accepted"
        idx = int(d.get("index", i))
        ev = events[idx] if idx < len(events) and isinstance(events[idx], dict) else {}
        data = ev.get("data") if isinstance(ev.get("data"), dict) else {}
        ev_id = d.get("id") or ev.get("id") or data.get("id")
        results.append(EventResult(index=idx, id=None if ev_id is None else str(ev_id), status=code,
                                   outcome=outcome, errors=errs, warnings=list(d.get("warnings") or [])))
    return EventsResponse(accepted=sum(r.outcome == "accepted" for r in results),
                          duplicates=sum(r.outcome == "duplicate" for r in results),
                          rejected=sum(r.outcome == "rejected" for r in results), results=results)


@router.post("/events", response_model=EventsResponse, responses={
    207: {"model": EventsResponse, "description": "some events were rejected (see per-item status and errors)"},
    413: {"description": f"more than {MAX_BATCH} events in one batch"},
    422: {"model": EventsResponse, "description": "every event was rejected"}})
def post_events(request: Request, body: EventsRequest = Body(..., openapi_examples=EVENT_EXAMPLES)) -> JSONResponse:
    """Ingest a batch of platform events. Idempotent by event id: replaying a batch stores nothing twice."""
    who = _who(request)
    if not (who.has() or "ingest" in who.scopes):
        raise HTTPException(403, "this API key lacks the ingest scope")
    if len(body.events) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} events per request")
    from harrier.ingest.events import ingest_events

    res = _normalise(body.events, ingest_events(store_of(request), body.events))
    status = 200 if res.rejected == 0 else (422 if res.rejected == len(res.results) else 207)
    return JSONResponse(res.model_dump(), status_code=status)


def _summary(c: Case) -> dict[str, Any]:
    return {k: getattr(c, k) for k in CaseSummary.model_fields}


@router.get("/cases", response_model=list[CaseSummary])
def list_cases(request: Request, queue: str | None = None, status: str = "open",
               limit: int = Query(100, ge=1, le=1000), after_rank: int | None = None) -> list[dict[str, Any]]:
    """Cases, most urgent first. Page with ``after_rank`` (the last rank you saw)."""
    who = _who(request)
    if not who.can_view_cases:
        raise HTTPException(403, "needs the read scope or a reviewer role")
    q = select(Case).where(Case.status == status)
    if queue:
        if not who.can_see_queue(queue):
            raise HTTPException(403, f"the {queue} queue needs child-safety access")
        q = q.where(Case.queue == queue)
    if after_rank is not None:
        q = q.where(Case.rank > after_rank)
    with store_of(request).session() as s:
        rows = s.execute(q.order_by(Case.rank, Case.case_id).limit(limit)).scalars().all()
    return [_summary(c) for c in rows if who.can_see_queue(c.queue)]


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(request: Request, case_id: str) -> dict[str, Any]:
    who = _who(request)
    with store_of(request).session() as s:
        c = s.get(Case, case_id)
        if c is None:
            raise HTTPException(404, "no such case")
        if not who.can_see_queue(c.queue):
            raise HTTPException(403, "needs child-safety access" if who.can_view_cases else "needs read access")
        decisions = s.execute(select(Decision).where(Decision.case_id == case_id).order_by(Decision.id)).scalars()
        dec = [{"id": d.id, "action": d.action, "reviewer": d.reviewer, "targets": d.targets, "note": d.note,
                "details": d.details, "created_at": d.created_at.isoformat()} for d in decisions]
        return {**_summary(c), "signals": c.signals or [], "related_accounts": c.related_accounts or [],
                "summary": c.summary, "decisions": dec}


@router.get("/signals")
def get_signals(request: Request, subject_type: str, subject_id: list[str] = Query(...),
                kind: list[str] | None = Query(None)) -> list[dict[str, Any]]:
    """Fresh signals for subjects (repeat ``subject_id`` for several)."""
    who = _who(request)
    if not who.can_view_cases:
        raise HTTPException(403, "needs the read scope or a reviewer role")
    if len(subject_id) > 500:
        raise HTTPException(413, "at most 500 subject ids")
    from harrier.store.signals import fresh_signals

    with store_of(request).session() as s:
        sigs = fresh_signals(s, subject_type=subject_type, subject_ids=subject_id, kinds=kind)
    return [sig.to_json() for sig in sigs]


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())
