"""``GET /api/v1/health`` (store reachable, live workers and their lag, queue depth, webhook backlog),
``POST /api/v1/live/refresh`` (a global context refresh on demand) and ``GET /metrics`` (Prometheus).

Every route needs an API key or a console session, like the rest of the API (Prometheus sends the key with
``authorization: {credentials: ...}`` in its scrape config).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from harrier.review.deps import api_csrf, api_principal, store_of

router = APIRouter(tags=["operations"], dependencies=[Depends(api_principal), Depends(api_csrf)])

BEHIND_S = 5.0  # a worker whose scan lag p95 exceeds this, or items waiting longer, is "behind"


def health(store: Any) -> tuple[int, dict[str, Any]]:
    from harrier.live.metrics import store_snapshot

    try:
        with store.session() as s:
            s.execute(text("SELECT 1"))
        snap = store_snapshot(store)
    except Exception as e:  # noqa: BLE001 - the point is to report it
        return 503, {"status": "down", "store": {"reachable": False, "error": f"{type(e).__name__}: {e}"[:300]}}
    alive = [w for w in snap["workers"] if w["alive"]]
    behind = any(float(w.get("lag_p95") or 0) > BEHIND_S or float(w.get("oldest_pending_s") or 0) > BEHIND_S
                 for w in alive)
    pending = sum(snap["queue_depth"].values())
    status = "ok" if alive and not behind else ("behind" if alive else "no_live_workers")
    return 200, {"status": status, "store": {"reachable": True, "dialect": store.dialect},
                 "live": {"workers": snap["workers"], "alive": len(alive), "behind": behind},
                 "queue_depth": snap["queue_depth"], "pending_items": pending,
                 "webhook_backlog": snap["webhook_backlog"], "webhook_failed": snap["webhook_failed"]}


@router.get("/api/v1/health")
def get_health(request: Request) -> JSONResponse:
    """Store reachable, live workers (heartbeat, scan lag p50/p95, oldest pending item), queue depth per
    detector, webhook backlog. 503 when the store is unreachable."""
    code, body = health(store_of(request))
    return JSONResponse(body, status_code=code)


@router.post("/api/v1/live/refresh", status_code=202)
def post_refresh(request: Request) -> dict[str, str]:
    """Ask the live workers for a global refresh (propagation, communities, rings) at their next cycle."""
    who = request.state.principal
    if not (who.has() or "ingest" in who.scopes):
        raise HTTPException(403, "needs the ingest scope or an admin")
    from harrier.live.refresh import request_global

    request_global(store_of(request))
    return {"status": "requested"}


@router.get("/metrics", include_in_schema=False)
def get_metrics(request: Request) -> Response:
    from harrier.live.metrics import registry_for

    app = request.app
    reg = getattr(app.state, "metrics_registry", None)
    if reg is None:
        reg = app.state.metrics_registry = registry_for(store_of(request))
    return Response(generate_latest(reg), media_type=CONTENT_TYPE_LATEST)
