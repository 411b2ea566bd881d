"""Authorisation covers every piece of every page: a moderator without the child-safety role walks every GET
route of the console and the API, with every id the store holds, and no response carries a child-safety
case's id or severity (tables, graphs, counts by severity, JSON)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import select

from harrier.store.tables import Account, Case, Comment, Media, Post, Ring

from .test_console import app_routes, client, login

SEVERITY_MARKS = re.compile(r"sev-(critical|high|medium)\b|— (critical|high|medium)\b")


def _values(store: Any) -> dict[str, list[str]]:
    with store.sessions() as s:
        cases = list(s.scalars(select(Case)))
        accounts = list(s.scalars(select(Account)))
        return {
            "case_id": [c.case_id for c in cases],
            "ring_id": list(s.scalars(select(Ring.ring_id))),
            "media_id": list(s.scalars(select(Media.id))),
            "queue": sorted({c.queue for c in cases}),
            "q": [c.case_id for c in cases] + [a.id for a in accounts] + ["@" + a.handle for a in accounts]
            + list(s.scalars(select(Post.id))) + list(s.scalars(select(Comment.id)))
            + list(s.scalars(select(Ring.ring_id))) + list(s.scalars(select(Media.sha256))),
        }


def _urls(routes: list[tuple[str, str]], values: dict[str, list[str]]) -> list[str]:
    urls: list[str] = []
    for method, path in routes:
        if method != "GET":
            continue
        params = re.findall(r"\{([^}]+)\}", path)
        if not params:
            urls.append(path)
        for p in params:  # every route has at most one path parameter
            urls += [path.replace(f"{{{p}}}", quote(v, safe="")) for v in values[p]]
    urls += [f"/search?q={quote(q, safe='')}" for q in values["q"]]
    for status in ("open", "escalated", "decided"):
        urls += [f"/queues/{q}?status={status}" for q in values["queue"]]
        urls += [f"/api/v1/cases?status={status}"] + [f"/api/v1/cases?status={status}&queue={q}"
                                                      for q in values["queue"]]
    urls += [f"/api/v1/signals?subject_type=account&subject_id={quote(q, safe='')}" for q in values["q"]]
    return urls


def test_moderator_without_child_safety_role_sees_no_child_safety_case_anywhere(seeded) -> None:
    with seeded.store.session() as s:
        cs = {c.case_id: c.severity for c in s.scalars(select(Case).where(Case.queue == "child_safety"))}
        # A case the moderator may open, tied to child-safety accounts: its graph must not give them away.
        s.get(Case, seeded.default_case).related_accounts = ["a_groomer", "a_peer1", "a_peer2"]
        s.get(Case, seeded.default_case).ring_id = seeded.ring_id
    assert len(cs) == 3 and set(cs.values()) == {"critical", "high", "medium"}

    c = client(seeded)
    login(c, "mod")
    urls = _urls(app_routes(c.harrier_app), _values(seeded.store))
    seen_ok = 0
    for url in urls:
        r = c.get(url)  # refusals and errors are checked too: an error page must not leak either
        assert r.status_code < 500, (url, r.status_code)
        seen_ok += r.status_code == 200
        body = r.text + r.headers.get("location", "")
        if url.startswith("/search?q="):  # the search box echoes what was asked
            body = body.replace(f'value="{unquote(url.split("=", 1)[1])}"', "")
        for cid in cs:
            assert cid not in body, f"{url} names child-safety case {cid}"
        assert not SEVERITY_MARKS.search(body), f"{url} shows a child-safety severity: {SEVERITY_MARKS.search(body)}"
        if r.headers.get("content-type", "").startswith("application/json"):
            assert '"critical"' not in body and '"high"' not in body and '"medium"' not in body, url
    # The walk reached the pages that hold the child-safety accounts (not only 403s).
    assert seen_ok > 40
    for url in (f"/rings/{seeded.ring_id}", f"/cases/{seeded.default_case}", "/queues", "/search?q=a_groomer"):
        r = c.get(url)
        assert r.status_code == 200, url
    ring = c.get(f"/rings/{seeded.ring_id}").text
    assert "@p3do_watcher" in ring and "<svg" in ring and "3 member case(s) are in restricted queues" in ring

    # The same walk as a child-safety moderator does find them: the check above can fail.
    csm = client(seeded)
    login(csm, "csmod")
    assert "/cases/case-groomer" in csm.get(f"/rings/{seeded.ring_id}").text
    assert SEVERITY_MARKS.search(csm.get(f"/cases/{seeded.default_case}").text)
