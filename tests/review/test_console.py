"""The console over real HTTP semantics (Starlette's ASGI client) on a real store: authentication on every
route, CSRF on every state-changing one, roles, locks, decisions, wellness media, the API and the CLI."""

from __future__ import annotations

import csv
import io
import re
import threading

import numpy as np
import orjson
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from typer.testing import CliRunner

from harrier.review import auth, locks
from harrier.review.app import create_app
from harrier.review.wellness import RevealTokens
from harrier.store import audit
from harrier.store.audit import AuditEntry
from harrier.store.tables import Case, Decision, Label

from .conftest import PASSWORD, USERS, seed

PUBLIC = {"/login", "/healthz"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def client(sd) -> TestClient:  # type: ignore[no-untyped-def]
    app = create_app(sd.store)
    tc = TestClient(app, follow_redirects=False)
    tc.harrier_app = app  # type: ignore[attr-defined]
    return tc


def login(c: TestClient, user: str) -> str:
    r = c.get("/login")
    tok = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    r = c.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": tok, "next": "/queues"})
    assert r.status_code == 303 and r.headers["location"] == "/queues", r.text
    page = c.get("/settings").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path)


def app_routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, path) of every API route, also through included routers (FastAPI >= 0.16x nests them)."""
    out: list[tuple[str, str]] = []

    def walk(routes, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for r in routes:
            if isinstance(r, APIRoute):
                out.extend((m, prefix + r.path) for m in sorted(r.methods))
            elif hasattr(r, "original_router"):
                walk(r.original_router.routes, prefix + getattr(r.include_context, "prefix", ""))
            elif hasattr(r, "routes") and not hasattr(r, "app"):
                walk(r.routes, prefix + getattr(r, "path", ""))

    walk(app.routes, "")
    return out


def test_every_route_requires_authentication(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    routes = app_routes(c.harrier_app)
    assert len(routes) >= 25
    for method, path in routes:
        r = c.request(method, concrete(path))
        if path in PUBLIC:
            assert method != "GET" or r.status_code == 200, (method, path)
            continue
        ok = r.status_code in (401, 403) or (r.status_code == 303 and r.headers["location"].startswith("/login"))
        assert ok, (method, path, r.status_code)
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path)
    # a bad API key or a forged cookie is no better than nothing
    assert c.get("/api/v1/cases", headers={"Authorization": "Bearer hk_nope_nope"}).status_code == 401
    c.cookies.set("harrier_session", "forged")
    assert c.get("/queues").status_code == 303
    assert c.get("/static/console.css").status_code == 200  # static assets are public


def test_csrf_required_on_every_state_changing_route(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    # the login form itself: no double-submit token, no login
    r = c.post("/login", data={"username": "cs_admin", "password": PASSWORD, "csrf_token": "x"})
    assert r.status_code == 403
    csrf = login(c, "cs_admin")
    unsafe = [(m, p) for m, p in app_routes(c.harrier_app) if m in UNSAFE and p != "/login"]
    assert len(unsafe) >= 10
    for method, path in unsafe:
        url = concrete(path).replace("/cases/x", "/cases/case-default").replace("/rings/x", "/rings/ring-1")
        r = c.request(method, url, data={"action": "no_violation"})
        assert r.status_code == 403 and "CSRF" in r.text, (method, path, r.status_code)
        r = c.request(method, url, data={"action": "no_violation", "csrf_token": "wrong"})
        assert r.status_code == 403, (method, path)
    # with the token the same request goes through
    r = c.post("/cases/case-default/skip", data={"csrf_token": csrf})
    assert r.status_code == 303
    with seeded.store.session() as s:  # nothing else changed state
        assert s.execute(select(func.count()).select_from(Decision)).scalar() == 0


def test_roles(seeded) -> None:  # type: ignore[no-untyped-def]
    mod = client(seeded)
    login(mod, "mod")
    assert mod.get("/queues/child_safety").status_code == 403
    assert mod.get("/cases/case-groomer").status_code == 403
    assert mod.get("/media/post0%230/blurred").status_code == 403  # media of a child-safety case
    assert mod.get("/api/v1/cases/case-groomer").status_code == 403
    assert "case-groomer" not in mod.get("/search?q=a_groomer").text
    assert mod.get("/audit").status_code == 403
    assert mod.get("/queues/default").status_code == 200
    assert "child_safety" not in {c["queue"] for c in mod.get("/api/v1/cases").json()}

    analyst = client(seeded)
    csrf = login(analyst, "analyst")
    assert analyst.get("/audit").status_code == 200
    assert analyst.get("/queues/default").status_code == 200
    r = analyst.post("/cases/case-default/decide", data={"action": "no_violation", "csrf_token": csrf})
    assert r.status_code == 403

    cs = client(seeded)
    login(cs, "csmod")
    assert cs.get("/cases/case-groomer").status_code == 200
    assert cs.get("/settings/org").status_code in (403, 405)


def test_locks_are_exclusive_and_decisions_need_the_lock(seeded) -> None:  # type: ignore[no-untyped-def]
    a, b = client(seeded), client(seeded)
    csrf_a, csrf_b = login(a, "cs_admin"), login(b, "csmod")
    r = a.post("/queues/child_safety/next", data={"csrf_token": csrf_a})
    assert r.headers["location"] == "/cases/case-groomer"
    r = b.post("/queues/child_safety/next", data={"csrf_token": csrf_b})
    assert r.headers["location"] == "/cases/case-peer1"  # never the same case
    page = b.get("/cases/case-groomer").text
    assert "cs_admin is reviewing" in page and 'id="decide-form"' not in page
    r = b.post("/cases/case-groomer/decide", data={"action": "no_violation", "csrf_token": csrf_b})
    assert r.status_code == 409
    # skip hands the next case and never hands back the skipped one
    r = b.post("/cases/case-peer1/skip", data={"csrf_token": csrf_b})
    assert r.headers["location"].startswith("/cases/case-peer2")
    r = b.post("/queues/child_safety/next", data={"csrf_token": csrf_b})
    assert r.headers["location"] == "/cases/case-peer2"  # resumes its own claim


def test_claim_next_is_atomic_under_concurrency(any_store) -> None:  # type: ignore[no-untyped-def]
    sd = seed(any_store)
    with any_store.session() as s:
        ids = {u: s.execute(select(auth.User.id).where(auth.User.username == u)).scalar() for u in USERS}
    got: dict[str, str | None] = {}
    barrier = threading.Barrier(len(ids))

    def claim(user: str) -> None:
        barrier.wait()
        for _ in range(5):
            try:
                with sd.store.session() as s:
                    got[user] = locks.claim_next(s, "child_safety", ids[user], user)
                return
            except Exception:  # noqa: BLE001 - SQLite "database is locked" or PG serialization: retry
                continue

    threads = [threading.Thread(target=claim, args=(u,)) for u in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claimed = [c for c in got.values() if c]
    assert sorted(claimed) == ["case-groomer", "case-peer1", "case-peer2"]  # 3 cases, 5 reviewers, no repeats
    assert len(got) == len(ids)
    with any_store.session() as s:  # an expired lock can be taken over
        s.execute(locks.update(locks.CaseLock).values(expires_at=auth.now() - locks.LOCK_TTL))
        assert locks.claim_next(s, "child_safety", 999, "late") is not None


def test_decision_writes_decision_labels_audit_and_enforcement(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    csrf = login(c, "cs_admin")
    c.get("/cases/case-peer1")
    r = c.post("/cases/case-peer1/decide", data={"action": "suspend_account", "note": "contact moves",
                                                 "targets": ["comment:c4", "bogus"], "then": "next",
                                                 "csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"].startswith("/cases/case-groomer")
    r = c.post("/cases/case-default/decide", data={"action": "report", "csrf_token": csrf})
    assert r.status_code == 400  # a report needs a classification
    with seeded.store.session() as s:
        d = s.execute(select(Decision)).scalar_one()
        assert (d.action, d.reviewer, d.targets) == ("suspend_account", "cs_admin", [{"type": "comment", "id": "c4"}])
        labels = set(s.execute(select(Label.subject_type, Label.subject_id, Label.label, Label.source)).all())
        assert labels == {("account", "a_peer1", "confirmed_harmful", f"decision:{d.id}"),
                          ("comment", "c4", "confirmed_harmful", f"decision:{d.id}")}
        assert s.get(Case, "case-peer1").status == "decided"
        e = s.execute(select(AuditEntry).where(AuditEntry.action == "case.decide")).scalar_one()
        assert e.target_id == "case-peer1" and e.details["action"] == "suspend_account"
        assert audit.verify(s).ok
        from harrier.enforce.tables import WebhookDelivery  # the webhook outbox got the decision

        assert s.execute(select(WebhookDelivery.decision_id)).scalars().all() == [d.id]
    page = c.get("/cases/case-peer1").text
    assert "suspend account" in page and "contact moves" in page  # decision history
    assert re.search(r'webhook <span class="dstate ds-pending">pending</span>', page)  # delivery state


def test_ring_bulk_decision(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    csrf = login(c, "cs_admin")
    other = client(seeded)
    login(other, "csmod")
    other.get("/cases/case-peer2")  # held by someone else: left alone
    r = c.post("/rings/ring-1/bulk", data={"action": "restrict_account", "case_ids": ["case-peer1", "case-peer2",
                                                                                      "case-default"],
                                           "csrf_token": csrf})
    assert r.status_code == 303
    with seeded.store.session() as s:
        decided = set(s.execute(select(Decision.case_id)).scalars())
        assert decided == {"case-peer1"}
        e = s.execute(select(AuditEntry).where(AuditEntry.action == "ring.bulk_decide")).scalar_one()
        assert e.details["skipped"] == ["case-peer2", "case-default"]
    assert "ring-1" in c.get("/rings/ring-1").text


def _sharp(img: Image.Image) -> float:
    a = np.asarray(img.convert("L"), dtype=np.float64)
    return float((-4 * a[1:-1, 1:-1] + a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:]).var())


def test_media_blurred_by_default_reveal_is_signed_and_logged(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    csrf = login(c, "cs_admin")
    r = c.get("/media/post0%230/blurred")
    assert r.headers["cache-control"] == "no-store"
    img = Image.open(io.BytesIO(r.content))
    assert img.mode == "L"
    assert c.get("/media/post0%230/revealed").status_code == 403  # no token
    r = c.post("/media/post0%230/reveal", headers={"X-CSRF-Token": csrf})
    url = r.json()["url"]
    sharp = Image.open(io.BytesIO(c.get(url).content))
    assert sharp.mode == "RGB" and _sharp(sharp) > 20 * _sharp(img)
    assert c.get(url.replace("post0%230", "post1%230")).status_code == 403  # token bound to the item
    other = client(seeded)
    login(other, "csmod")
    assert other.get(url).status_code == 403  # and to the reviewer
    tokens: RevealTokens = c.harrier_app.state.reveals
    token = url.split("token=")[1]
    assert tokens.check(token, "post0#0", tokens_uid(seeded, "cs_admin"))
    assert not tokens.check(token, "post0#0", tokens_uid(seeded, "cs_admin"), max_age=-1)  # expires
    with seeded.store.session() as s:
        assert s.execute(select(func.count()).where(AuditEntry.action == "media.reveal")).scalar() == 1
    assert re.search(r'id="exposure-reveals">1<', c.get("/queues").text)
    # per-user settings: colour instead of greyscale, still blurred
    c.post("/settings", data={"blur_strength": "50", "greyscale": "off", "csrf_token": csrf})
    colour = Image.open(io.BytesIO(c.get("/media/post0%230/blurred").content))
    assert colour.mode == "RGB" and _sharp(colour) < 0.1 * _sharp(sharp)


def tokens_uid(sd, name: str) -> int:  # type: ignore[no-untyped-def]
    with sd.store.session() as s:
        return s.execute(select(auth.User.id).where(auth.User.username == name)).scalar()


def test_audit_page_and_csv_export(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    login(c, "analyst")
    assert "login" in c.get("/audit").text
    assert "Chain intact" in c.get("/audit/verify").text
    rows = list(csv.reader(io.StringIO(c.get("/audit/export.csv").text)))
    assert rows[0][:4] == ["id", "at", "actor", "action"] and any(r[3] == "login" for r in rows[1:])


def test_api_reads_keys_and_openapi(seeded) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    h = {"Authorization": f"Bearer {seeded.api_key}"}
    cases = c.get("/api/v1/cases", headers=h).json()
    assert [x["case_id"] for x in cases] == ["case-default"]  # no child_safety scope
    assert c.get("/api/v1/cases/case-groomer", headers=h).status_code == 403
    assert c.get("/api/v1/cases/case-default", headers=h).json()["decisions"] == []
    assert c.get("/api/v1/openapi.json").status_code == 401
    doc = c.get("/api/v1/openapi.json", headers=h).json()
    assert {"/api/v1/events", "/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/signals"} <= set(doc["paths"])
    assert not any(p.startswith("/cases") or p == "/login" for p in doc["paths"])
    with seeded.store.session() as s:
        new = auth.rotate_api_key(s, "platform")
    h2 = {"Authorization": f"Bearer {new.key}"}
    assert c.get("/api/v1/cases", headers=h).status_code == 200  # old key in its grace period
    assert c.get("/api/v1/cases", headers=h2).status_code == 200
    with seeded.store.session() as s:
        auth.revoke_api_key(s, "platform")
    assert c.get("/api/v1/cases", headers=h2).status_code == 401
    assert c.get("/api/v1/cases", headers=h).status_code == 401


def test_cli_users_and_apikeys(harrier_env) -> None:  # type: ignore[no-untyped-def]
    from harrier.cli import app

    run = CliRunner()
    r = run.invoke(app, ["users", "add", "alice", "--role", "moderator", "--role", "child_safety_moderator",
                         "--password-stdin", "--json"], input="a-long-password\n")
    assert r.exit_code == 0, r.output
    assert orjson.loads(r.stdout)["roles"] == ["child_safety_moderator", "moderator"]
    assert run.invoke(app, ["users", "add", "bob", "--role", "janitor", "--password-stdin"],
                      input="a-long-password\n").exit_code == 1
    r = run.invoke(app, ["apikeys", "create", "plat", "--json"])
    key = orjson.loads(r.stdout)["key"]
    r = run.invoke(app, ["apikeys", "rotate", "plat", "--grace-hours", "0", "--json"])
    new = orjson.loads(r.stdout)["key"]
    assert new != key
    from harrier.store.db import open_store

    with open_store().session() as s:
        assert auth.principal_for_api_key(s, key) is None  # grace 0: the old key stopped at once
        assert auth.principal_for_api_key(s, new) is not None
        stored = [k.key_hash for k in s.execute(select(auth.ApiKey)).scalars()]
        assert new not in stored and all(len(h) == 64 for h in stored)
        u = s.execute(select(auth.User).where(auth.User.username == "alice")).scalar_one()
        assert u.password_hash.startswith("$argon2id$")
    assert orjson.loads(run.invoke(app, ["apikeys", "revoke", "plat", "--json"]).stdout)["revoked"] == 2


@pytest.mark.parametrize("n", [3])
def test_ingest_api_batched_idempotent_with_item_errors(seeded, n: int) -> None:  # type: ignore[no-untyped-def]
    c = client(seeded)
    h = {"Authorization": f"Bearer {seeded.api_key}"}
    events = [{"id": f"ev{i}", "type": "comment", "data": {"id": f"cc{i}", "post_id": "post0",
                                                           "author_id": "a_normal", "text": "nice photo",
                                                           "created_at": "2026-11-02T10:00:00Z"}}
              for i in range(n)]
    events.append({"id": "bad", "type": "comment", "data": {"id": "ccbad"}})
    r = c.post("/api/v1/events", json={"events": events}, headers=h)
    assert r.status_code == 207, r.text
    body = r.json()
    assert (body["accepted"], body["rejected"]) == (n, 1)
    assert body["results"][-1]["status"] >= 400 and body["results"][-1]["errors"]
    r = c.post("/api/v1/events", json={"events": events[:n]}, headers=h)
    assert r.status_code == 200 and r.json()["duplicates"] == n


def test_demo_login_is_idempotent_and_loopback_only(store) -> None:  # type: ignore[no-untyped-def]
    from harrier.review.server import ensure_demo_user, serve_demo

    _, first = ensure_demo_user(store)
    user, second = ensure_demo_user(store)
    with store.session() as s:
        users = s.execute(select(auth.User)).scalars().all()
        assert [u.username for u in users] == [user]
        assert set(users[0].roles) == {"admin", "child_safety_moderator"}
        assert auth.authenticate(s, user, second) is not None
        assert auth.authenticate(s, user, first) is None  # a fresh password each run
    with pytest.raises(ValueError):
        serve_demo(store, host="0.0.0.0", port=1)


def _hostile_urls(sd) -> None:  # type: ignore[no-untyped-def]
    """Export URLs of every kind the console must not turn into links, and one it must."""
    from harrier.store.tables import Account, Post

    with sd.store.session() as s:
        s.get(Account, "a_groomer").profile_url = "javascript:alert(document.cookie)"
        s.get(Post, "post0").url = "data:text/html,<script>alert(1)</script>"
        s.get(Post, "post1").url = "https://platform.example/p/post1"


def test_only_http_urls_become_links_on_the_case_page(seeded) -> None:  # type: ignore[no-untyped-def]
    from lxml import html

    _hostile_urls(seeded)
    c = client(seeded)
    login(c, "cs_admin")
    page = c.get(f"/cases/{seeded.cs_case}")
    assert page.status_code == 200
    doc = html.fromstring(page.text)
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert "https://platform.example/p/post1" in hrefs  # a web URL is still a link
    assert all(h.startswith(("/", "?", "#", "http://", "https://")) for h in hrefs), hrefs
    assert not any("javascript" in h or h.startswith("data:") for h in hrefs)
    inert = {el.text_content() for el in doc.find_class("inert-url")}
    assert inert == {"javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>"}
    assert "<script>alert(1)" not in page.text  # shown as text, escaped


def test_guardian_notice_line_on_commenter_case_and_ring(seeded) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from harrier.enforce import guardian
    from harrier.enforce.tables import WebhookDelivery

    did = guardian.delivery_id_for("post0", 1)
    entry = {"post_id": "post0", "flagged_comments": 2, "accounts": 2}
    now = datetime.now(UTC)
    with seeded.store.session() as s:
        s.add(WebhookDelivery(delivery_id=did, decision_id=None, event=guardian.EVENT, state="pending", attempts=0,
                              payload=guardian.payload(did, "a_creator", entry, 1, None, {}, {}, "run"),
                              next_attempt_at=now, created_at=now))
    c = client(seeded)
    login(c, "cs_admin")
    line = 'Guardian notice proposed for post <span class="mono">post0</span> by family account @a_creator'
    assert line in c.get("/cases/case-groomer").text  # c2, its flagged comment, is under post0
    assert line in c.get("/rings/ring-1").text
    assert "Guardian notice" not in c.get("/cases/case-default").text
