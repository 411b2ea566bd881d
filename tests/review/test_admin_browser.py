"""An admin's chores on /settings in Debian's Chromium (Playwright): add a user, disable one (their open session
ends), change a role, create/rotate/revoke an API key (each secret shown once); every change is in the store and
the audit log; a POST without the CSRF token and a non-admin's POST are refused. Then a legal hold set and lifted
from the case page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from harrier.enforce.tables import LegalHold
from harrier.review import auth
from harrier.review.tables import User, UserSession
from harrier.store import audit
from harrier.store.audit import AuditEntry

from .conftest import PASSWORD
from .test_browser import browser, login  # noqa: F401 - the module-scoped Chromium fixture

pytestmark = pytest.mark.browser


def _user(sd, name: str) -> User | None:  # type: ignore[no-untyped-def]
    with sd.store.session() as s:
        return s.execute(select(User).where(User.username == name)).scalar()


def _actions(sd, actor: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with sd.store.session() as s:
        return [(e.action, e.target_id) for e in s.execute(
            select(AuditEntry).where(AuditEntry.actor == actor).order_by(AuditEntry.id)).scalars()
            if e.action not in ("login", "case.view")]


def _key_ok(sd, key: str) -> bool:  # type: ignore[no-untyped-def]
    with sd.store.session() as s:
        return auth.principal_for_api_key(s, key) is not None


def test_admin_manages_users_and_keys_in_browser(browser, live_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, sd = live_server
    # "mod" is logged in elsewhere: disabling them must end that session
    mod_ctx = browser.new_context()
    mod_page = mod_ctx.new_page()
    login(mod_page, base, "mod")

    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    login(page, base, "cs_admin")
    page.goto(f"{base}/settings")

    # add a user
    form = page.locator("#add-user")
    form.locator("input[name=username]").fill("newmod")
    form.locator("input[name=password]").fill("another-long-password")
    form.locator("input[name=roles][value=moderator]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/settings?msg=user_added#users")
    assert page.locator("tr[data-user=newmod]").count() == 1
    u = _user(sd, "newmod")
    assert u is not None and u.roles == ["moderator"] and u.active and u.password_hash.startswith("$argon2id$")

    # disable "mod": the flag in the store, their sessions gone, their open page sends them to the login
    with sd.store.session() as s:
        mod_id = _user(sd, "mod").id
        assert s.execute(select(func.count()).select_from(UserSession).where(UserSession.user_id == mod_id)) \
            .scalar() == 1
    page.locator("tr[data-user=mod] button.disable").click()
    page.wait_for_url(f"{base}/settings?msg=user_disabled#users")
    assert page.locator("tr[data-user=mod] .user-state").inner_text() == "disabled"
    assert _user(sd, "mod").active is False
    with sd.store.session() as s:
        assert s.execute(select(func.count()).select_from(UserSession).where(UserSession.user_id == mod_id)) \
            .scalar() == 0
    mod_page.goto(f"{base}/queues")
    assert "/login" in mod_page.url
    mod_page.fill("input[name=username]", "mod")
    mod_page.fill("input[name=password]", PASSWORD)
    mod_page.click("button[type=submit]")
    mod_page.wait_for_url(re.compile(r".*/login\?.*error=1.*"))  # a disabled user cannot log in

    # change a role: the analyst becomes a moderator too
    row = page.locator("tr[data-user=analyst]")
    row.locator("input[name=roles][value=moderator]").check()
    row.locator("button[type=submit]", has_text="Save roles").click()
    page.wait_for_url(f"{base}/settings?msg=roles_saved#users")
    assert _user(sd, "analyst").roles == ["analyst", "moderator"]

    # create a key: the secret is on this page once, works, and is stored only as a hash
    form = page.locator("#create-key")
    form.locator("input[name=name]").fill("crm")
    form.locator("input[name=scopes][value=ingest]").uncheck()
    form.locator("button[type=submit]").click()
    first = page.locator("#new-key-secret").inner_text().strip()
    assert first.startswith("hk_") and _key_ok(sd, first)
    with sd.store.session() as s:
        k = s.execute(select(auth.ApiKey).where(auth.ApiKey.name == "crm")).scalar_one()
        assert k.scopes == ["read"] and k.key_hash != first
    page.goto(f"{base}/settings")
    assert first not in page.content() and page.locator("#new-key-secret").count() == 0  # shown once

    # rotate with no grace: a new secret, the old one stops at once
    row = page.locator("tr[data-key=crm]")
    row.locator("input[name=grace_hours]").fill("0")
    row.locator("button.rotate").click()
    second = page.locator("#new-key-secret").inner_text().strip()
    assert second != first and _key_ok(sd, second) and not _key_ok(sd, first)

    # revoke: nothing named crm works any more
    page.goto(f"{base}/settings")
    page.locator("tr[data-key=crm] button.revoke").click()
    page.wait_for_url(f"{base}/settings?msg=key_revoked#apikeys")
    assert not _key_ok(sd, second)

    # every chore is in the audit log under the admin's name, also on the audit page; the chain holds
    assert _actions(sd, "cs_admin") == [("user.create", "newmod"), ("user.disable", "mod"),
                                        ("user.roles", "analyst"), ("apikey.create", "crm"),
                                        ("apikey.rotate", "crm"), ("apikey.revoke", "crm")]
    page.goto(f"{base}/audit?actor=cs_admin")
    text = page.locator("main").inner_text()
    assert all(a in text for a in ("user.create", "user.disable", "user.roles", "apikey.rotate", "apikey.revoke"))
    with sd.store.session() as s:
        assert audit.verify(s).ok

    # CSRF: the same form posted without the token is refused and changes nothing
    r = page.request.post(f"{base}/settings/users", form={"username": "forged", "password": "forged-password",
                                                           "roles": "admin"})
    assert r.status == 403 and "CSRF" in r.text()
    r = page.request.post(f"{base}/settings/users/cs_admin/disable", form={"csrf_token": "wrong"})
    assert r.status == 403
    assert _user(sd, "forged") is None and _user(sd, "cs_admin").active

    # a non-admin with a valid token still gets 403, and sees no user or key management
    other = browser.new_context().new_page()
    login(other, base, "mod2")
    other.goto(f"{base}/settings")
    assert other.locator("#add-user").count() == 0 and other.locator("#create-key").count() == 0
    token = other.locator("input[name=csrf_token]").first.get_attribute("value")
    r = other.request.post(f"{base}/settings/users", form={"csrf_token": token, "username": "x",
                                                            "password": "long-enough-1", "roles": "admin"})
    assert r.status == 403
    r = other.request.post(f"{base}/settings/apikeys", form={"csrf_token": token, "name": "x", "scopes": "read"})
    assert r.status == 403
    assert _user(sd, "x") is None

    # legal hold from the case page: set with a reason, shown, audited; then lifted
    page.goto(f"{base}/cases/{sd.default_case}")
    page.fill("#hold-form input[name=reason]", "preservation request 2026-114")
    page.click("#hold-form button[type=submit]")
    page.wait_for_url(f"{base}/cases/{sd.default_case}?msg=hold_set#evidence")
    assert "preservation request 2026-114" in page.locator("#evidence .legal-hold").inner_text()
    with sd.store.session() as s:
        assert s.get(LegalHold, sd.default_case).set_by == "cs_admin"
    page.click("#hold-clear")
    page.wait_for_url(f"{base}/cases/{sd.default_case}?msg=hold_cleared#evidence")
    with sd.store.session() as s:
        assert s.get(LegalHold, sd.default_case) is None
    assert _actions(sd, "cs_admin")[-2:] == [("evidence.hold_set", sd.default_case),
                                             ("evidence.hold_clear", sd.default_case)]
    r = other.request.post(f"{base}/cases/{sd.default_case}/legal-hold",
                           form={"csrf_token": token, "reason": "not mine to set"})
    assert r.status == 403
