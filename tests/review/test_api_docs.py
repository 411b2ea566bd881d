"""The API documentation: /api-docs (Swagger UI from the installed package, local assets only, behind the login,
under the console's CSP) and docs/openapi.json, which must be what the app serves."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from .test_console import client, login

DOCS = Path(__file__).resolve().parents[2] / "docs"


def asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]+)"', html)


def test_api_docs_page_references_only_local_assets_that_load(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    login(c, "analyst")
    r = c.get("/api-docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "<script>" not in r.text and " style=" not in r.text  # nothing inline for the CSP to refuse
    urls = asset_urls(r.text)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in urls and "/static/swagger-ui/swagger-ui.css" in urls
    assert "/static/api-docs.js" in urls
    for url in urls:
        assert not urlsplit(url).scheme and not urlsplit(url).netloc and url.startswith("/"), url  # no CDN
        assert c.get(url).status_code == 200, url
    spec = re.search(r'data-spec-url="([^"]+)"', r.text).group(1)
    assert c.get(spec).json()["info"]["title"] == "Harrier API"


def test_api_docs_page_needs_a_login(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    r = c.get("/api-docs")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fapi-docs"
    assert c.get("/api/v1/openapi.json").status_code == 401
    key = {"Authorization": f"Bearer {seeded.api_key}"}  # an API key is no console session
    assert c.get("/api-docs", headers=key).status_code == 303


def test_docs_openapi_json_is_what_the_app_serves(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    served = c.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {seeded.api_key}"})
    assert served.status_code == 200
    assert orjson.loads((DOCS / "openapi.json").read_bytes()) == served.json(), (
        "docs/openapi.json is stale: run `harrier api schema --out docs/openapi.json`")


def test_openapi_has_examples_and_the_bearer_scheme() -> None:
    doc = orjson.loads((DOCS / "openapi.json").read_bytes())
    events = doc["paths"]["/api/v1/events"]["post"]
    assert events["requestBody"]["content"]["application/json"]["examples"]
    assert doc["security"] == [{"apiKey": []}] and doc["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    schemas = doc["components"]["schemas"]
    for name in ("EventsRequest", "EventsResponse", "CaseSummary", "CaseDetail"):
        assert schemas[name].get("examples"), name


def test_the_event_examples_do_what_they_say(seeded) -> None:  # type: ignore[no-untyped-def]
    from harrier.review.api import EVENT_EXAMPLES

    c = client(seeded)
    key = {"Authorization": f"Bearer {seeded.api_key}"}
    r = c.post("/api/v1/events", json=EVENT_EXAMPLES["batch"]["value"], headers=key)
    assert r.status_code == 200 and r.json()["accepted"] == 4, r.text
    r = c.post("/api/v1/events", json=EVENT_EXAMPLES["replay"]["value"], headers=key)
    assert r.status_code == 200 and r.json()["duplicates"] == 1, r.text
    r = c.post("/api/v1/events", json=EVENT_EXAMPLES["rejected"]["value"], headers=key)
    assert r.status_code == 422 and r.json()["results"][0]["errors"][0]["field"] == "created_at", r.text
