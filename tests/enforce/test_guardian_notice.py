"""Guardian notice (notify_poster): a family post that drew flagged remarks from strangers gets exactly one signed
``poster.notify`` webhook (one follow-up at most, when more arrive); benign posts and showcase accounts get none."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from harrier.context.guardian import KIND
from harrier.enforce import guardian
from harrier.enforce.tables import WebhookDelivery
from harrier.enforce.webhooks import DeliveryWorker
from harrier.model.signals import Evidence, Signal
from harrier.pipeline import ScanReport, _investigate, new_run_id
from harrier.policy.engine import AccountEvidence, decide
from harrier.policy.rules import load_rules
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import append_signals

from .test_webhooks import SECRET, Receiver

T0 = datetime(2026, 1, 1, tzinfo=UTC)
REMARKS = ("perfect age 😍", "dream age 🍒", "so grown up now 😍")  # short, non-graphic


class Platform:
    """A few accounts, posts and comments with the detector signals a scan would have written."""

    def __init__(self, store: Store) -> None:
        self.store, self.n_posts, self.n_comments = store, 0, 0

    def add(self, table: type, rows: list[dict]) -> None:
        with self.store.session() as s:
            s.execute(insert(table), rows)

    def accounts(self, *ids: str) -> None:
        self.add(t.Account, [{"id": a, "handle": a, "bio": None} for a in ids])

    def mutual(self, a: str, b: str) -> None:
        self.add(t.Follow, [{"follower_id": a, "followee_id": b}, {"follower_id": b, "followee_id": a}])

    def posts(self, author: str, n: int, child: float = 0.9, ai: float = 0.0) -> list[str]:
        ids, sigs = [], []
        for _ in range(n):
            pid = f"p{self.n_posts:03d}"
            self.n_posts += 1
            ids.append(pid)
            self.add(t.Post, [{"id": pid, "author_id": author, "created_at": T0 + timedelta(hours=self.n_posts),
                               "caption": "", "hashtags": [], "sound": None, "platform_labels": []}])
            sigs.append(Signal(subject=("post", pid), kind="post.minor_likelihood", score=child,
                               detector="test.post@1"))
            if ai:
                sigs.append(Signal(subject=("post", pid), kind="post.ai_generated", score=ai, detector="test.post@1"))
        self._signals(sigs)
        return ids

    def comment(self, author: str, post: str, text: str, harm: float = 0.0, alone: bool = True) -> str:
        cid = f"c{self.n_comments:04d}"
        self.n_comments += 1
        self.add(t.Comment, [{"id": cid, "post_id": post, "author_id": author, "parent_id": None, "text": text,
                              "created_at": T0 + timedelta(days=1, hours=self.n_comments)}])
        if harm:
            ev = [Evidence(kind="span", field="text", start=0, end=len(text)),
                  Evidence(kind="feature", field="flagged_alone", value=alone)]
            self._signals([Signal(subject=("comment", cid), kind="text.sexualising_minor", score=harm,
                                  detector="test.text@1", evidence=ev)])
        return cid

    def _signals(self, sigs: list[Signal]) -> None:
        with self.store.session() as s:
            append_signals(s, sigs, "r0")


def scan(store: Store) -> None:
    """The batch scan's last stage as `harrier scan` runs it: context, policy, cases, then guardian notices."""
    _investigate(store, ScanReport(new_run_id()))


def notices(store: Store) -> list[WebhookDelivery]:
    with store.session() as s:
        rows = list(s.execute(select(WebhookDelivery).where(WebhookDelivery.event == guardian.EVENT)
                              .order_by(WebhookDelivery.id)).scalars())
        s.expunge_all()
    return rows


def world(store: Store) -> Platform:
    w = Platform(store)
    w.accounts("fam", "aunt", "calm", "str1", "str2", "str3", "str4", "show")
    w.mutual("fam", "aunt")
    fam = w.posts("fam", 3)  # a parent's real photos of their children
    calm = w.posts("calm", 3)
    show = w.posts("show", 5, ai=0.95)  # a showcase of AI-generated children
    w.comment("aunt", fam[0], "so cute ❤️")
    w.comment("aunt", fam[0], REMARKS[0], harm=0.9)  # in the family's circle: no stranger
    w.comment("str1", fam[0], REMARKS[0], harm=0.9)
    w.comment("str2", fam[0], REMARKS[1], harm=0.9)
    # benign only, and context-only flags ("so cute" misread under a child's photo) are no remarks of their own
    w.comment("str1", calm[0], "so cute", harm=0.6, alone=False)
    w.comment("str2", calm[0], "lovely day out")
    w.comment("str3", calm[0], "so sweet", harm=0.6, alone=False)
    for i, p in enumerate(show[:2]):
        w.comment("str1", p, REMARKS[i], harm=0.9)
        w.comment("str2", p, REMARKS[i], harm=0.9)
    return w


def test_notify_poster_is_a_side_action_that_opens_no_case() -> None:
    rules = [r for r in load_rules().active() if r.name == "guardian_notice"]
    ev = AccountEvidence("fam", own=[Signal(subject=("account", "fam"), kind=KIND, score=0.5, detector="t@1")])
    verdict, _ = decide(rules, ev)
    assert [h.action for h in verdict.notices] == ["notify_poster"]
    assert not verdict.hits and not verdict.actionable and verdict.labels == []


def test_family_post_gets_one_signed_notice_retried_after_500(any_store: Store, http_server) -> None:
    store = any_store
    w = world(store)
    scan(store)
    rows = notices(store)
    assert [(r.payload["data"]["notice"]["post_id"], r.payload["data"]["notice"]["poster_account_id"])
            for r in rows] == [("p000", "fam")]  # (b) calm's benign post and (c) the showcase get none
    with store.session() as s:
        assert s.execute(select(t.Case).where(t.Case.account_id.in_(["fam", "calm"]))).first() is None

    rec = Receiver(fail_first=1)
    srv = http_server(rec)
    worker = DeliveryWorker(store, url=srv.url, secrets=[SECRET], base_delay=0.05, max_delay=0.2)
    deadline = time.time() + 20
    while time.time() < deadline and not rec.accepted:
        worker.run_once()
        time.sleep(0.05)
    worker.run_once()
    worker.stop()
    assert rec.bad_signatures == 0 and len(rec.posts) == 2  # one 500, then delivered once
    assert list(rec.acked.values()) == [1]
    [body] = rec.accepted.values()
    assert rec.posts[-1]["headers"]["Harrier-Event"] == "poster.notify"
    n = body["data"]["notice"]
    assert body["type"] == "poster.notify" and body["data"]["platform_action"]["type"] == "notify_poster"
    assert (n["flagged_comments"], n["accounts"], n["sequence"], n["follow_up"]) == (2, 2, 1, False)
    assert n["advice"] and any("location" in a for a in n["advice"])
    raw = rec.posts[-1]["body"].decode()
    assert not any(r in raw for r in REMARKS) and "str1" not in raw  # counts only: no remark, no commenter
    [row] = notices(store)
    assert row.state == "delivered" and row.attempts == 2

    # (d) rescans and reassembly never send it again
    scan(store)
    scan(store)
    assert len(notices(store)) == 1

    # more flagged remarks later: at most one more notice, saying so; then none
    w.comment("str3", "p000", REMARKS[2], harm=0.9)
    scan(store)
    scan(store)
    rows = notices(store)
    assert len(rows) == 2
    follow = rows[1].payload["data"]["notice"]
    assert follow["follow_up"] is True and follow["sequence"] == 2 and follow["flagged_comments"] == 3
    assert follow["previous_delivery_id"] == rows[0].delivery_id
    w.comment("str4", "p000", REMARKS[0], harm=0.9)
    scan(store)
    assert len(notices(store)) == 2

    # the console's line: on commenters' cases and ring pages, by post
    with store.session() as s:
        shown = guardian.notices_for_posts(s, ["p000", "p003"])
    assert [(x["post_id"], x["poster"], x["state"], x["sequence"]) for x in shown] == [
        ("p000", "fam", "sent", 1), ("p000", "fam", "proposed", 2)]
