"""Helpers for the enforce tests: a small, benign case in a real store, and real local HTTP servers."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image, ImageDraw

from harrier.store.tables import Account, Case, Comment, Decision, Media, MessageEdge, Post, SignalRow

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def _png() -> bytes:
    """A generated landscape-like picture (shapes only): benign test media."""
    im = Image.new("RGB", (96, 64), (120, 170, 230))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 40, 96, 64], fill=(60, 140, 60))
    d.ellipse([60, 6, 80, 26], fill=(250, 220, 80))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def _sig(subject_type: str, subject_id: str, kind: str, score: float, detector: str = "test.detector",
         evidence: list[dict] | None = None) -> SignalRow:
    return SignalRow(subject_type=subject_type, subject_id=subject_id, kind=kind, score=score, detector=detector,
                     detector_version="1.0.0", evidence=evidence or [], run_id=None, created_at=T0)


def seed_case(store: Any, *, media: bool = True, hashes_signal: bool = False) -> str:
    """Account ``a1`` posts a generated picture (AI-provenance signal) and leaves contact-move comments under
    a declared 13-year-old's post, and messages them (metadata only). Returns the case id."""
    with store.session() as s:
        s.add_all([
            Account(id="a1", handle="suspect_1", display_name="Sus Pect", bio="dm me", created_at=T0,
                    profile_url="https://platform.example/u/suspect_1", declared_age=None,
                    extra={"ip_events": [{"ip": "203.0.113.7", "event": "login", "at": "2024-05-01T09:00:00Z"},
                                         {"ip_address": "198.51.100.2", "event_name": "Upload", "port": 443,
                                          "possible_proxy": True}]}),
            Account(id="kid1", handle="skater_kid", display_name="Kid", created_at=T0, declared_age=13,
                    profile_url="https://platform.example/u/skater_kid"),
            Account(id="adult1", handle="another_user", created_at=T0),
            Post(id="p_kid", author_id="kid1", created_at=T0, caption="my new board",
                 url="https://platform.example/p/p_kid"),
            Post(id="p_adult", author_id="adult1", created_at=T0, caption="sunset",
                 url="https://platform.example/p/p_adult"),
            Comment(id="c1", post_id="p_kid", author_id="a1", created_at=T0 + timedelta(minutes=5),
                    text="perfect age"),
            Comment(id="c2", post_id="p_kid", author_id="a1", created_at=T0 + timedelta(minutes=6),
                    text="sent you a DM"),
            Comment(id="c3", post_id="p_adult", author_id="a1", created_at=T0 + timedelta(minutes=7), text="nice"),
            MessageEdge(sender_id="a1", recipient_id="kid1", created_at=T0 + timedelta(minutes=8), count=3),
            _sig("comment", "c1", "text.sexualising_minor", 0.91, "text.intent",
                 [{"kind": "span", "field": "text", "start": 0, "end": 11, "value": "perfect age"}]),
            _sig("comment", "c2", "text.contact_move", 0.88, "text.intent",
                 [{"kind": "span", "field": "text", "start": 0, "end": 13, "value": "sent you a DM"}]),
            _sig("comment", "c3", "text.counter_speech", 0.9, "text.intent"),
        ])
        case_signals = [{"kind": "text.contact_move", "subject": {"type": "comment", "id": "c2"}, "score": 0.88,
                         "detector": "text.intent@1.0.0", "evidence": []}]
        if media:
            sha = store.blobs.put_bytes(_png())
            s.add_all([
                Post(id="p1", author_id="a1", created_at=T0 - timedelta(days=1), caption="look",
                     url="https://platform.example/p/p1", platform_labels=["ai_generated"]),
                Media(id="m1", post_id="p1", position=0, type="image", path="media/m1.png", sha256=sha),
                _sig("media", "m1", "image.ai_generated", 0.97, "image.provenance",
                     [{"kind": "metadata", "field": "c2pa.generator", "value": "ExampleGen"}]),
            ])
            if hashes_signal:
                s.add(_sig("media", "m1", "image.hashes", 1.0, "hashing.pdq",
                           [{"kind": "hash", "field": "pdq", "value": "f" * 64},
                            {"kind": "hash", "field": "md5", "value": "0" * 32}]))
            case_signals.append({"kind": "image.ai_generated", "subject": {"type": "media", "id": "m1"},
                                 "score": 0.97, "detector": "image.provenance@1.0.0", "evidence": []})
        s.add(Case(case_id="case-a1", account_id="a1", kind="account", rank=1, score=0.93, severity="high",
                   recommended_action="report", queue="child_safety", status="open", ring_id=None,
                   signals=case_signals, related_accounts=["kid1"], summary={"why": "test"},
                   created_at=T0 + timedelta(hours=1), updated_at=T0 + timedelta(hours=1)))
    return "case-a1"


def make_decision(session: Any, action: str = "report", case_id: str = "case-a1",
                  details: dict | None = None) -> Decision:
    d = Decision(case_id=case_id, account_id="a1", action=action, targets=[], reviewer="rev1", note="test",
                 details=details if details is not None else ({"classification": "E",
                                                                "incident_type": None} if action == "report" else {}),
                 created_at=datetime.now(UTC))
    session.add(d)
    session.flush()
    return d


class Server:
    """A real HTTP server on loopback whose behaviour a test sets with ``handler(method, path, headers, body)``."""

    def __init__(self, handler: Callable[[str, str, dict, bytes], tuple[int, dict, bytes]], port: int = 0) -> None:
        outer = self

        class H(BaseHTTPRequestHandler):
            def _do(self, method: str) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                status, headers, out = outer.handler(method, self.path, dict(self.headers), body)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def do_POST(self) -> None:  # noqa: N802
                self._do("POST")

            def do_GET(self) -> None:  # noqa: N802
                self._do("GET")

            def log_message(self, *a: Any) -> None:
                pass

        self.handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), H)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
