"""Helpers for the live tests: real `harrier` processes (server, live workers) on a real store, over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from harrier.demo.phrases import SEXUALISING

REPO = Path(__file__).resolve().parents[2]
HARMFUL = SEXUALISING["en"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(home: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HARRIER_LIVE_", "HARRIER_WEBHOOK"))}
    env["HARRIER_HOME"] = str(home)
    if database_url:
        env["HARRIER_DATABASE_URL"] = database_url
    else:
        env.pop("HARRIER_DATABASE_URL", None)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("OMP_NUM_THREADS", "1")
    env.update(extra)
    return env


def harrier(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "harrier.cli", *args], env=env, stdout=out,
                            stderr=subprocess.STDOUT, cwd=str(REPO), start_new_session=True)


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 60) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(10)


def wait_for(check: Callable[[], Any], timeout: float, every: float = 0.1, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last!r})")


def wait_http(url: str, timeout: float = 60) -> None:
    def up() -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(up, timeout, 0.2, f"{url} to answer")


def accounts(*ids: str) -> list[dict[str, Any]]:
    return [{"type": "account", "data": {"id": a, "handle": a}} for a in ids]


def harmful_comments(n: int, post_ids: list[str], authors: list[str], prefix: str = "c") -> list[dict[str, Any]]:
    """n comments from the demo's sexualising bank (non-graphic; each gets text signals)."""
    return [{"type": "comment", "data": {"id": f"{prefix}{i:05d}", "post_id": post_ids[i % len(post_ids)],
                                         "author_id": authors[i % len(authors)],
                                         "created_at": "2026-12-01T11:00:00Z",
                                         "text": f"{HARMFUL[i % len(HARMFUL)]} #{i}"}} for i in range(n)]


def family_posts(author: str, n: int, prefix: str = "p") -> list[dict[str, Any]]:
    captions = ["My little girl turned 6 today! So proud of our daughter #birthday #family",
                "First day of school for my 7 year old daughter, she was so brave #firstdayofschool #kids",
                "Beach day with my little princess, she loved building sandcastles #family #toddler"]
    return [{"type": "post", "data": {"id": f"{prefix}{i}", "author_id": author, "created_at": "2026-12-01T10:00:00Z",
                                      "caption": captions[i % len(captions)], "hashtags": []}} for i in range(n)]
