"""Review verbs: ``harrier serve``, ``harrier users add|list|passwd|disable|enable|roles``,
``harrier apikeys create|rotate|revoke|list``, ``harrier api schema``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import orjson
import typer
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from harrier.store.db import open_store

CLI_ACTOR = "cli"

console = Console(stderr=True)


def _emit(obj: object, json_out: bool, text: str) -> None:
    if json_out:
        sys.stdout.write(orjson.dumps(obj).decode() + "\n")
    else:
        console.print(text)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@contextmanager
def _chore() -> Iterator[tuple[Session, ModuleType]]:
    """One transaction for an account chore and the module that does them (imported here: hashing set-up makes it
    slow to import, and ``harrier --help`` should not wait for it). An operator's mistake (``ValueError``) exits 1
    with its message."""
    from harrier.review import admin

    try:
        with open_store().session() as s:
            yield s, admin
    except ValueError as e:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(1) from e


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    users_app = typer.Typer(help="Console users (reviewers) and their roles.", no_args_is_help=True)
    keys_app = typer.Typer(help="API keys for the HTTP ingest/read API (stored hashed).", no_args_is_help=True)
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="apikeys")
    api_app = typer.Typer(help="The /api/v1 HTTP API.", no_args_is_help=True)
    app.add_typer(api_app, name="api")

    @api_app.command("schema")
    def api_schema(out: Path | None = typer.Option(None, "--out", help="Write here (e.g. docs/openapi.json); "
                                                    "default: standard output.")) -> None:
        """The OpenAPI document of /api/v1, as the console serves it at /api/v1/openapi.json."""
        from harrier.review.apidocs import openapi_json

        text = openapi_json()
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
            console.print(f"wrote {out}")

    @app.command("serve")
    def serve(host: str = typer.Option("127.0.0.1", help="Interface to bind (loopback by default)."),
              port: int = typer.Option(8765, help="TCP port."),
              purge_every_hours: float | None = typer.Option(
                  None, min=0, help="Purge expired evidence bundles this often while serving (0: never; default: "
                                    "the setting evidence.purge_interval_hours, 24)."),
              live: bool = typer.Option(False, "--live", help="Also scan events as they arrive (a live worker; "
                                        "HARRIER_LIVE_* settings, docs/LIVE.md)."),
              log_json: bool = typer.Option(False, "--log-json", help="Structured JSON logs.")) -> None:
        """Serve the review console and the /api/v1 HTTP API."""
        from harrier.enforce.retention import purge_interval_hours
        from harrier.review.server import serve as run

        store = open_store()
        if purge_every_hours is None:
            try:
                with store.session() as s:
                    purge_every_hours = purge_interval_hours(s)
            except ValueError as e:
                console.print(f"[red]{e}[/]")
                raise typer.Exit(2) from e
        console.print(f"Harrier console on http://{host}:{port}/ (create users with `harrier users add`); "
                      + (f"expired evidence purged every {purge_every_hours:g} h" if purge_every_hours
                         else "no scheduled evidence purge"))
        if live or log_json:
            from harrier.live import logs, service, worker

            logs.configure(log_json)
            if live:
                from harrier.enforce.retention import PurgeSchedule

                schedule = PurgeSchedule(store, purge_every_hours * 3600).start() if purge_every_hours > 0 else None
                try:
                    service.serve_live(store, host, port, worker.LiveOptions.from_env(log_json=log_json or None),
                                       log_config=None if log_json else "default")
                finally:
                    if schedule is not None:
                        schedule.stop()
                return
        run(store, host, port, purge_every_hours)

    @users_app.command("add")
    def users_add(username: str, role: list[str] = typer.Option(..., "--role", help="admin, analyst, moderator, "
                                                                  "child_safety_moderator (repeatable)"),
                  password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
                  json_out: bool = typer.Option(False, "--json")) -> None:
        """Create a console user."""
        password = _read_password(password_stdin)
        with _chore() as (s, admin):
            user = admin.add_user(s, CLI_ACTOR, username, password, role)
            uid, roles = user.id, user.roles
        _emit({"id": uid, "username": username, "roles": roles}, json_out,
              f"created user [bold]{username}[/] with roles {', '.join(roles)}")

    @users_app.command("passwd")
    def users_passwd(username: str, password_stdin: bool = typer.Option(False, "--password-stdin")) -> None:
        """Set a user's password (logs them out everywhere)."""
        password = _read_password(password_stdin)
        with _chore() as (s, admin):
            admin.set_password(s, CLI_ACTOR, username, password)
        console.print(f"password set for {username}")

    @users_app.command("disable")
    def users_disable(username: str) -> None:
        """Disable a user: they cannot log in and their sessions end at once."""
        with _chore() as (s, admin):
            ended = admin.disable_user(s, CLI_ACTOR, username)
        console.print(f"disabled {username} ({ended} session(s) ended)")

    @users_app.command("enable")
    def users_enable(username: str) -> None:
        """Let a disabled user log in again."""
        with _chore() as (s, admin):
            admin.enable_user(s, CLI_ACTOR, username)
        console.print(f"enabled {username}")

    @users_app.command("roles")
    def users_roles(username: str, role: list[str] = typer.Option(..., "--role", help="the new roles (repeatable)"),
                    json_out: bool = typer.Option(False, "--json")) -> None:
        """Replace a user's roles."""
        with _chore() as (s, admin):
            roles = admin.set_roles(s, CLI_ACTOR, username, role)
        _emit({"username": username, "roles": roles}, json_out, f"{username}: {', '.join(roles)}")

    @users_app.command("list")
    def users_list(json_out: bool = typer.Option(False, "--json")) -> None:
        """List console users."""
        from harrier.review.tables import User

        with open_store().session() as s:
            rows = [{"username": u.username, "roles": u.roles, "active": u.active}
                    for u in s.execute(select(User).order_by(User.username)).scalars()]
        _emit(rows, json_out, "\n".join(f"{r['username']}\t{','.join(r['roles'])}\t"
                                        f"{'active' if r['active'] else 'disabled'}" for r in rows) or "no users")

    @keys_app.command("create")
    def keys_create(name: str, scope: list[str] = typer.Option(["ingest", "read"], "--scope",
                                                                 help="ingest, read, child_safety (repeatable)"),
                    json_out: bool = typer.Option(False, "--json")) -> None:
        """Create an API key; the secret is printed once and stored only as a hash."""
        with _chore() as (s, admin):
            k = admin.create_key(s, CLI_ACTOR, name, scope)
        _emit({"id": k.id, "name": name, "key": k.key, "scopes": k.scopes}, json_out,
              f"API key [bold]{name}[/] (scopes {', '.join(k.scopes)}):\n{k.key}\nStore it now: it is not shown "
              "again.")

    @keys_app.command("rotate")
    def keys_rotate(name: str, grace_hours: float = typer.Option(24.0, help="How long the old key keeps working."),
                    json_out: bool = typer.Option(False, "--json")) -> None:
        """Issue a new key for NAME; the old one expires after the grace period."""
        with _chore() as (s, admin):
            k = admin.rotate_key(s, CLI_ACTOR, name, grace_hours)
        _emit({"id": k.id, "name": name, "key": k.key, "scopes": k.scopes, "grace_hours": grace_hours}, json_out,
              f"new API key for [bold]{name}[/]:\n{k.key}\nThe old key stops working in {grace_hours:g} h.")

    @keys_app.command("revoke")
    def keys_revoke(name: str, json_out: bool = typer.Option(False, "--json")) -> None:
        """Revoke every key named NAME at once."""
        with _chore() as (s, admin):
            n = admin.revoke_key(s, CLI_ACTOR, name)
        _emit({"name": name, "revoked": n}, json_out, f"revoked {n} key(s) named {name}")

    @keys_app.command("list")
    def keys_list(json_out: bool = typer.Option(False, "--json")) -> None:
        """List API keys (never their secrets)."""
        from harrier.review.tables import ApiKey

        with open_store().session() as s:
            rows = [{"id": k.id, "name": k.name, "prefix": f"hk_{k.prefix}", "scopes": k.scopes,
                     "created_at": k.created_at.isoformat(),
                     "expires_at": k.expires_at.isoformat() if k.expires_at else None,
                     "revoked": k.revoked_at is not None}
                    for k in s.execute(select(ApiKey).order_by(ApiKey.name, ApiKey.id)).scalars()]
        _emit(rows, json_out, "\n".join(f"{r['name']}\t{r['prefix']}…\t{','.join(r['scopes'])}\t"
                                        f"{'revoked' if r['revoked'] else (r['expires_at'] or 'active')}"
                                        for r in rows) or "no API keys")
