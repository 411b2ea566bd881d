"""Run the console: ``serve`` for real deployments, ``serve_demo`` for ``harrier demo`` on loopback."""

from __future__ import annotations

import secrets
import signal

import uvicorn
from rich.console import Console
from sqlalchemy import select

from harrier.review import auth
from harrier.review.app import create_app
from harrier.review.tables import User
from harrier.store import audit
from harrier.store.db import Store

DEMO_USER = "demo"
DEMO_ROLES = ["admin", "child_safety_moderator"]
console = Console(stderr=True)


def serve(store: Store, host: str = "127.0.0.1", port: int = 8765, purge_every_hours: float | None = None) -> None:
    """Serve until interrupted. Binding beyond loopback is the operator's choice (put TLS in front).

    Expired evidence is purged meanwhile every ``purge_every_hours`` (default: the setting
    ``evidence.purge_interval_hours``; 0: never)."""
    from harrier.enforce.retention import PurgeSchedule, purge_interval_hours

    # A Ctrl-C or SIGTERM before uvicorn installs its own handlers (while the app is built, the first purge runs)
    # was swallowed on the way and the server then ran on: until then a stop request is a flag that uvicorn reads
    # (``should_exit``) or that keeps it from starting at all.
    server = uvicorn.Server(uvicorn.Config(None, host=host, port=port, log_level="info", proxy_headers=False,
                                           server_header=False))

    def stop_early(signum: int, frame: object) -> None:
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop_early) for sig in (signal.SIGINT, signal.SIGTERM)}
    if purge_every_hours is None:
        with store.session() as s:
            purge_every_hours = purge_interval_hours(s)
    schedule = PurgeSchedule(store, purge_every_hours * 3600).start() if purge_every_hours > 0 else None
    try:
        server.config.app = create_app(store)
        if not server.should_exit:
            server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if schedule is not None:
            schedule.stop()


def ensure_demo_user(store: Store) -> tuple[str, str]:
    """Create the demo reviewer (or give it a fresh password) and return (username, password)."""
    password = secrets.token_urlsafe(9)
    with store.session() as s:
        user = s.execute(select(User).where(User.username == DEMO_USER)).scalar()
        if user is None:
            auth.create_user(s, DEMO_USER, password, DEMO_ROLES)
            audit.append(s, "system", "user.create", "user", DEMO_USER, {"roles": DEMO_ROLES, "demo": True})
        else:
            user.roles = sorted(set(user.roles) | set(DEMO_ROLES))
            user.active = True
            auth.set_password(s, user, password)
            audit.append(s, "system", "user.password_reset", "user", DEMO_USER, {"demo": True})
    return DEMO_USER, password


def serve_demo(store: Store, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Create the demo login, print URL and credentials, serve on loopback until Ctrl-C."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the demo console serves on loopback only")
    store.migrate()
    user, password = ensure_demo_user(store)
    console.print(f"\n[bold]Harrier console[/]  http://{host}:{port}/\n"
                  f"  username: [cyan]{user}[/]\n  password: [cyan]{password}[/]  (new each run)\n"
                  "  Ctrl-C to stop.\n")
    serve(store, host, port)
