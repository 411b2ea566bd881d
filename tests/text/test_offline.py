"""The detector runs with no network: hub offline and every non-loopback connection refused."""

from __future__ import annotations

import ipaddress
import socket

import pytest


def _refuse_non_loopback(real_connect):
    def connect(self, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else address
        try:
            if isinstance(host, str) and (host == "localhost" or ipaddress.ip_address(host).is_loopback):
                return real_connect(self, address)
        except ValueError:
            pass
        raise OSError(f"network blocked by test: {address!r}")

    return connect


def test_detector_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", _refuse_non_loopback(socket.socket.connect))
    monkeypatch.setattr(socket, "create_connection",
                        lambda *a, **k: (_ for _ in ()).throw(OSError("network blocked by test")))
    # the block is real: an outside address is refused
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError, match="blocked"):
        s.connect(("93.184.216.34", 80))
    s.close()
    from harrier.detect.text.score import TextScorer

    scorer = TextScorer()  # loads the embedder and head afresh under the block
    res = scorer.score([{"id": "x", "text": "she's at the perfect age 😍 dm me"}])
    assert res[0]["flagged"]
