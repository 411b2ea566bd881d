"""Review verbs: ``harrier serve``, ``harrier users add|list|passwd|disable``,
``harrier apikeys create|rotate|revoke|list``."""

from __future__ import annotations

import sys

import orjson
import typer
from rich.console import Console
from sqlalchemy import select

from harrier.store.db import open_store

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


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    users_app = typer.Typer(help="Console users (reviewers) and their roles.", no_args_is_help=True)
    keys_app = typer.Typer(help="API keys for the HTTP ingest/read API (stored hashed).", no_args_is_help=True)
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="apikeys")

    @app.command("serve")
    def serve(host: str = typer.Option("127.0.0.1", help="Interface to bind (loopback by default)."),
              port: int = typer.Option(8765, help="TCP port."),
              live: bool = typer.Option(False, "--live", help="Also scan events as they arrive (a live worker; "
                                        "HARRIER_LIVE_* settings, docs/LIVE.md)."),
              log_json: bool = typer.Option(False, "--log-json", help="Structured JSON logs.")) -> None:
        """Serve the review console and the /api/v1 HTTP API."""
        from harrier.review.server import serve as run

        store = open_store()
        console.print(f"Harrier console on http://{host}:{port}/ (create users with `harrier users add`)")
        if live or log_json:
            from harrier.live import logs, service, worker

            logs.configure(log_json)
            if live:
                service.serve_live(store, host, port, worker.LiveOptions.from_env(log_json=log_json or None),
                                   log_config=None if log_json else "default")
                return
        run(store, host, port)

    @users_app.command("add")
    def users_add(username: str, role: list[str] = typer.Option(..., "--role", help="admin, analyst, moderator, "
                                                                  "child_safety_moderator (repeatable)"),
                  password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
                  json_out: bool = typer.Option(False, "--json")) -> None:
        """Create a console user."""
        from harrier.review import auth
        from harrier.store import audit

        password = _read_password(password_stdin)
        store = open_store()
        try:
            with store.session() as s:
                user = auth.create_user(s, username, password, role)
                audit.append(s, "cli", "user.create", "user", username, {"roles": user.roles})
                uid, roles = user.id, user.roles
        except ValueError as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(1) from e
        _emit({"id": uid, "username": username, "roles": roles}, json_out,
              f"created user [bold]{username}[/] with roles {', '.join(roles)}")

    @users_app.command("passwd")
    def users_passwd(username: str, password_stdin: bool = typer.Option(False, "--password-stdin")) -> None:
        """Set a user's password (logs them out everywhere)."""
        from harrier.review import auth
        from harrier.review.tables import User
        from harrier.store import audit

        password = _read_password(password_stdin)
        with open_store().session() as s:
            user = s.execute(select(User).where(User.username == username)).scalar()
            if user is None:
                console.print(f"[red]no user {username!r}[/]")
                raise typer.Exit(1)
            auth.set_password(s, user, password)
            audit.append(s, "cli", "user.password_reset", "user", username)
        console.print(f"password set for {username}")

    @users_app.command("disable")
    def users_disable(username: str) -> None:
        """Disable a user (their sessions stop working at once)."""
        from harrier.review.tables import User
        from harrier.store import audit

        with open_store().session() as s:
            user = s.execute(select(User).where(User.username == username)).scalar()
            if user is None:
                console.print(f"[red]no user {username!r}[/]")
                raise typer.Exit(1)
            user.active = False
            audit.append(s, "cli", "user.disable", "user", username)
        console.print(f"disabled {username}")

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
        from harrier.review import auth
        from harrier.store import audit

        try:
            with open_store().session() as s:
                k = auth.create_api_key(s, name, scope)
                audit.append(s, "cli", "apikey.create", "apikey", name, {"id": k.id, "scopes": k.scopes})
        except ValueError as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(1) from e
        _emit({"id": k.id, "name": name, "key": k.key, "scopes": k.scopes}, json_out,
              f"API key [bold]{name}[/] (scopes {', '.join(k.scopes)}):\n{k.key}\nStore it now: it is not shown "
              "again.")

    @keys_app.command("rotate")
    def keys_rotate(name: str, grace_hours: float = typer.Option(24.0, help="How long the old key keeps working."),
                    json_out: bool = typer.Option(False, "--json")) -> None:
        """Issue a new key for NAME; the old one expires after the grace period."""
        from datetime import timedelta

        from harrier.review import auth
        from harrier.store import audit

        try:
            with open_store().session() as s:
                k = auth.rotate_api_key(s, name, timedelta(hours=grace_hours))
                audit.append(s, "cli", "apikey.rotate", "apikey", name, {"id": k.id, "grace_hours": grace_hours})
        except ValueError as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(1) from e
        _emit({"id": k.id, "name": name, "key": k.key, "scopes": k.scopes, "grace_hours": grace_hours}, json_out,
              f"new API key for [bold]{name}[/]:\n{k.key}\nThe old key stops working in {grace_hours:g} h.")

    @keys_app.command("revoke")
    def keys_revoke(name: str, json_out: bool = typer.Option(False, "--json")) -> None:
        """Revoke every key named NAME at once."""
        from harrier.review import auth
        from harrier.store import audit

        with open_store().session() as s:
            n = auth.revoke_api_key(s, name)
            audit.append(s, "cli", "apikey.revoke", "apikey", name, {"revoked": n})
        _emit({"name": name, "revoked": n}, json_out, f"revoked {n} key(s) named {name}")
        if n == 0:
            raise typer.Exit(1)

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
