"""A small, benign seeded store for the console tests: accounts, posts with generated images (shapes and a
checkerboard: no people), threads with short non-graphic flagged remarks, cases in two queues, a ring, users."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import uvicorn
from PIL import Image, ImageDraw

from harrier.review import auth
from harrier.review.app import create_app
from harrier.store.db import Store
from harrier.store.tables import Account, Case, Comment, Follow, Media, MessageEdge, Post, Ring

PASSWORD = "correct-horse-battery"
USERS = {
    "cs_admin": ["admin", "child_safety_moderator"],
    "mod": ["moderator"],
    "mod2": ["moderator"],
    "csmod": ["child_safety_moderator"],
    "analyst": ["analyst"],
}


def make_image(seed: int, size: tuple[int, int] = (320, 240)) -> bytes:
    """A colourful, detailed, benign picture: a checkerboard with coloured shapes (sharp edges everywhere)."""
    w, h = size
    img = Image.new("RGB", size, (240, 240, 235))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 8):
        for x in range(0, w, 8):
            if (x // 8 + y // 8 + seed) % 2:
                d.rectangle([x, y, x + 7, y + 7], fill=(30 + seed * 20 % 200, 90, 160))
    d.ellipse([w * 0.2, h * 0.2, w * 0.5, h * 0.6], fill=(220, 60, 40))
    d.rectangle([w * 0.6, h * 0.3, w * 0.9, h * 0.8], fill=(40, 180, 80))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@dataclass
class Seeded:
    store: Store
    cs_case: str  # top case of the child_safety queue
    default_case: str
    ring_id: str
    media_id: str
    api_key: str


def _sig(subject: tuple[str, str], kind: str, score: float, detector: str, evidence: list[dict]) -> dict:
    return {"kind": kind, "subject": {"type": subject[0], "id": subject[1]}, "score": score, "detector": detector,
            "evidence": evidence}


def seed(store: Store) -> Seeded:
    t0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    with store.session() as s:
        accts = [
            ("a_creator", "sunny.days.family", "Family vlog", "We share our weekend trips"),
            ("a_groomer", "p3do_watcher", "Watcher", "dm me 🍒 collector"),
            ("a_peer1", "uncle_tom_77", None, None),
            ("a_peer2", "cherry.fan", None, "🍒🍒"),
            ("a_normal", "gardening_gran", "Gran", "Roses and tomatoes"),
            ("a_default", "spammy_reseller", None, "follow 4 follow"),
        ]
        for i, (aid, handle, dn, bio) in enumerate(accts):
            s.add(Account(id=aid, handle=handle, display_name=dn, bio=bio, created_at=t0 - timedelta(days=100 + i),
                          profile_url=f"https://platform.example/u/{handle}"))
        media_ids = []
        for p in range(3):
            pid = f"post{p}"
            s.add(Post(id=pid, author_id="a_creator", created_at=t0 + timedelta(hours=p),
                       caption=f"Day at the beach part {p} #family #summer", hashtags=["family", "summer"],
                       platform_labels=["ai_generated"] if p == 2 else None))
            sha = store.blobs.put_bytes(make_image(p))
            mid = f"{pid}#0"
            s.add(Media(id=mid, post_id=pid, position=0, type="image", path=f"media/{pid}.png", sha256=sha))
            media_ids.append(mid)
        s.add(Post(id="post_def", author_id="a_default", created_at=t0, caption="cheap followers here"))
        comments = [
            ("c1", "post0", "a_normal", None, "What a lovely day out!"),
            ("c2", "post0", "a_groomer", None, "she is at the perfect age 🍒"),
            ("c3", "post0", "a_creator", "c2", "Please stop."),
            ("c4", "post0", "a_peer1", "c2", "sent you a DM"),
            ("c5", "post1", "a_peer2", None, "🍒🍒 p3do vibes"),
            ("c6", "post1", "a_groomer", "c5", "agreed, sent you a DM"),
            ("c7", "post_def", "a_peer1", None, "how much?"),
        ]
        for j, (cid, pid, aid, parent, text) in enumerate(comments):
            s.add(Comment(id=cid, post_id=pid, author_id=aid, parent_id=parent,
                          created_at=t0 + timedelta(minutes=10 * j), text=text))
        s.add_all([Follow(follower_id="a_groomer", followee_id="a_creator"),
                   Follow(follower_id="a_peer1", followee_id="a_groomer"),
                   Follow(follower_id="a_peer2", followee_id="a_groomer")])
        s.add(MessageEdge(sender_id="a_groomer", recipient_id="a_peer1", created_at=t0, count=4))
        signals = [
            _sig(("comment", "c2"), "text.sexualising_minor", 0.94, "text.intent@1.0.0",
                 [{"kind": "span", "field": "text", "start": 14, "end": 25, "value": "perfect age",
                   "note": "age term in sexualising frame"},
                  {"kind": "span", "field": "text", "start": 26, "end": 27, "value": "🍒",
                   "note": "fruit emoji code"}]),
            _sig(("comment", "c6"), "text.contact_move", 0.81, "text.intent@1.0.0",
                 [{"kind": "span", "field": "text", "start": 8, "end": 21, "value": "sent you a DM"}]),
            _sig(("media", media_ids[0]), "image.minor_likelihood", 0.77, "image.faces@1.0.0",
                 [{"kind": "face", "box": [0.2, 0.2, 0.5, 0.6], "value": 9, "note": "estimated age"}]),
            _sig(("media", media_ids[1]), "hash.match", 1.0, "hash.match@1.0.0",
                 [{"kind": "hash", "field": "pdq", "value": "f" * 64, "distance": 12, "ref": "bank:demo/42"}]),
            _sig(("media", media_ids[2]), "image.ai_generated", 1.0, "image.provenance@1.0.0",
                 [{"kind": "metadata", "field": "c2pa.actions.digitalSourceType",
                   "value": "trainedAlgorithmicMedia", "note": "C2PA assertion"}]),
            _sig(("account", "a_groomer"), "text.account_handle", 0.7, "text.account@1.0.0",
                 [{"kind": "span", "field": "handle", "start": 0, "end": 4, "value": "p3do"}]),
            _sig(("account", "a_groomer"), "account.propagated_risk", 0.66, "context.propagation@1",
                 [{"kind": "path", "ref": ["a_groomer", "a_peer1"], "note": "co-commenting"}]),
        ]
        s.add(Case(case_id="case-groomer", account_id="a_groomer", kind="account", rank=1, score=0.93,
                   severity="critical", recommended_action="report", queue="child_safety", status="open",
                   ring_id="ring-1", signals=signals, related_accounts=["a_peer1", "a_peer2", "a_creator"],
                   summary={"headline": "Sexualising comments under a family account's posts, contact moves"},
                   created_at=t0, updated_at=t0))
        s.add(Case(case_id="case-peer1", account_id="a_peer1", kind="account", rank=2, score=0.71, severity="high",
                   recommended_action="review", queue="child_safety", status="open", ring_id="ring-1",
                   signals=[signals[1]], related_accounts=["a_groomer"], summary=None, created_at=t0,
                   updated_at=t0))
        s.add(Case(case_id="case-peer2", account_id="a_peer2", kind="account", rank=3, score=0.6, severity="medium",
                   recommended_action="review", queue="child_safety", status="open", ring_id="ring-1",
                   signals=[], related_accounts=["a_groomer"], summary=None, created_at=t0, updated_at=t0))
        s.add(Case(case_id="case-default", account_id="a_default", kind="account", rank=4, score=0.4,
                   severity="low", recommended_action="review", queue="default", status="open", ring_id=None,
                   signals=[], related_accounts=[], summary=None, created_at=t0, updated_at=t0))
        s.add(Ring(ring_id="ring-1", members=["a_groomer", "a_peer1", "a_peer2"], posts=["post0", "post1"],
                   score=0.8, summary={"why": "co-commenting on a family account"}, updated_at=t0))
        for name, roles in USERS.items():
            auth.create_user(s, name, PASSWORD, roles)
        key = auth.create_api_key(s, "platform", ["ingest", "read"]).key
    return Seeded(store, "case-groomer", "case-default", "ring-1", media_ids[0], key)


@pytest.fixture
def seeded(store: Store) -> Seeded:
    return seed(store)


@contextmanager
def served(app: Any) -> Iterator[str]:
    """A real uvicorn server for ``app`` on loopback in a thread, on a port the kernel picks: the socket is bound
    to port 0 here and handed to uvicorn, so parallel test workers never race for a port. Yields the base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    th.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        th.join(10)
        sock.close()


@pytest.fixture
def live_server(seeded: Seeded) -> Iterator[tuple[str, Seeded]]:
    with served(create_app(seeded.store)) as base:
        yield base, seeded
