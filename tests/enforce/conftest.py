"""Fixtures for the enforce tests: real local HTTP servers on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from .enforce_helpers import Server


@pytest.fixture
def http_server() -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(handler: Callable[[str, str, dict, bytes], tuple[int, dict, bytes]], port: int = 0) -> Server:
        srv = Server(handler, port)
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.close()
