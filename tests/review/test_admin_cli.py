"""The account chores from the CLI go through the same functions as the console (review/admin.py): disabling
ends sessions, roles are replaced, the last active admin is protected, every chore is audited as `cli`."""

from __future__ import annotations

from sqlalchemy import func, select
from typer.testing import CliRunner

from harrier.cli import app
from harrier.review import auth
from harrier.review.tables import User, UserSession
from harrier.store.audit import AuditEntry
from harrier.store.db import open_store


def test_cli_disable_enable_roles_and_last_admin(harrier_env) -> None:  # type: ignore[no-untyped-def]
    run = CliRunner()
    for name, role in (("root", "admin"), ("eve", "moderator")):
        r = run.invoke(app, ["users", "add", name, "--role", role, "--password-stdin"], input="a-long-password\n")
        assert r.exit_code == 0, r.output
    store = open_store()
    with store.session() as s:
        eve = s.execute(select(User).where(User.username == "eve")).scalar_one()
        token = auth.start_session(s, eve)
    with store.session() as s:
        assert auth.principal_for_session(s, token) is not None

    r = run.invoke(app, ["users", "disable", "eve"])
    assert r.exit_code == 0 and "1 session(s) ended" in r.output
    with store.session() as s:
        assert s.execute(select(func.count()).select_from(UserSession)).scalar() == 0
        assert auth.authenticate(s, "eve", "a-long-password") is None
    assert run.invoke(app, ["users", "enable", "eve"]).exit_code == 0
    with store.session() as s:
        assert auth.authenticate(s, "eve", "a-long-password") is not None

    r = run.invoke(app, ["users", "roles", "eve", "--role", "analyst", "--role", "moderator"])
    assert r.exit_code == 0, r.output
    r = run.invoke(app, ["users", "roles", "eve", "--role", "janitor"])
    assert r.exit_code == 1 and "unknown role" in r.output
    # nobody could manage users if the only admin went
    r = run.invoke(app, ["users", "disable", "root"])
    assert r.exit_code == 1 and "last active admin" in r.output
    r = run.invoke(app, ["users", "roles", "root", "--role", "analyst"])
    assert r.exit_code == 1 and "last active admin" in r.output
    assert run.invoke(app, ["users", "disable", "nobody"]).exit_code == 1
    r = run.invoke(app, ["apikeys", "revoke", "nothing"])
    assert r.exit_code == 1 and "no active API key" in r.output

    with store.session() as s:
        assert s.execute(select(User.roles).where(User.username == "eve")).scalar_one() == ["analyst", "moderator"]
        log = [(e.actor, e.action, e.target_id) for e in s.execute(select(AuditEntry).order_by(AuditEntry.id))
               .scalars()]
    assert log == [("cli", "user.create", "root"), ("cli", "user.create", "eve"), ("cli", "user.disable", "eve"),
                   ("cli", "user.enable", "eve"), ("cli", "user.roles", "eve")]
