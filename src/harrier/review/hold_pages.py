"""Legal holds from the case page: an admin sets (with a reason) or lifts the hold that keeps a case's evidence
bundles from the retention purge. Thin form handlers over ``enforce/retention.py``, as ``harrier evidence hold``
is; admin-only and CSRF-protected."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from harrier.enforce import retention
from harrier.review.deps import page_csrf, page_user, require_admin, store_of

router = APIRouter(dependencies=[Depends(page_user), Depends(page_csrf), Depends(require_admin)])


def _back(case_id: str, msg: str) -> Response:
    return RedirectResponse(f"/cases/{quote(case_id, safe='')}?msg={msg}#evidence", status_code=303)


@router.post("/cases/{case_id}/legal-hold", include_in_schema=False)
def hold_set(request: Request, case_id: str, reason: str = Form("")) -> Response:
    try:
        with store_of(request).session() as s:
            retention.set_hold(s, request.state.principal.name, case_id, reason)
    except ValueError as e:
        raise HTTPException(400, str(e)) from e
    return _back(case_id, "hold_set")


@router.post("/cases/{case_id}/legal-hold/clear", include_in_schema=False)
def hold_clear(request: Request, case_id: str) -> Response:
    try:
        with store_of(request).session() as s:
            retention.clear_hold(s, request.state.principal.name, case_id)
    except ValueError as e:
        raise HTTPException(400, str(e)) from e
    return _back(case_id, "hold_cleared")
