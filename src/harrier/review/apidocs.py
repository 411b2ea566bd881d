"""The API's documentation: the OpenAPI document of /api/v1 (served at /api/v1/openapi.json and written to
docs/openapi.json by ``harrier api schema``) and a Swagger UI page at /api-docs for logged-in reviewers.

Swagger UI's files come from the installed ``swagger-ui-bundle-v2`` package (no CDN, nothing vendored here) and
are started by /static/api-docs.js, so the console's CSP (``script-src 'self'``, no inline script) holds.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import orjson
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from harrier.review import api
from harrier.review.deps import page_user
from harrier.review.pages import render

API_INFO: dict[str, str] = {
    "title": "Harrier API",
    "version": "1",
    "description": "Ingest platform events and read cases and signals. Authenticate with "
                   "`Authorization: Bearer <API key>` (create one with `harrier apikeys create`).",
}
ASSETS = "/static/swagger-ui"  # Swagger UI's dist files, mounted from the package

router = APIRouter(dependencies=[Depends(page_user)], include_in_schema=False)


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of /api/v1, built from its router alone (no store needed to write the docs). Cached:
    the routes are fixed at import; callers must not change it."""
    app = FastAPI(**API_INFO)
    app.include_router(api.router)
    doc = app.openapi()
    # api_principal reads the header itself (it also takes a session), so FastAPI cannot see the scheme: declare it,
    # which also gives Swagger UI its "Authorize" button
    doc.setdefault("components", {})["securitySchemes"] = {
        "apiKey": {"type": "http", "scheme": "bearer", "description": "An API key from `harrier apikeys create`."}}
    doc["security"] = [{"apiKey": []}]
    return doc


def openapi_json() -> str:
    """The document as docs/openapi.json holds it: indented, keys in FastAPI's order, a final newline."""
    return orjson.dumps(openapi_document(), option=orjson.OPT_INDENT_2).decode() + "\n"


def mount_assets(app: FastAPI) -> None:
    """Serve Swagger UI's files. Mount before /static, which would otherwise shadow this path."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return render(request, "api_docs.html", {"assets": ASSETS, "spec_url": "/api/v1/openapi.json"})
