"""case.opened / case.updated outbox rows, written with the case change, per subscribed queue; and the live
queue's order: comments under child-likely posts first."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from harrier.context.cases import assemble
from harrier.detect import registry
from harrier.enforce import settings as cfg
from harrier.enforce.case_events import enqueue_case_changes
from harrier.enforce.tables import WebhookDelivery
from harrier.ingest.events import ingest_events
from harrier.live import queue
from harrier.model.signals import Signal
from harrier.policy.verdict import RuleHit, Verdict
from harrier.store.db import Store
from harrier.store.signals import append_signals


def _verdict(account: str, severity: str, queue_: str) -> Verdict:
    hit = RuleHit("r", "1", "live", severity, "suspend_account", queue_)
    return Verdict(account, severity=severity, recommended_action="suspend_account", queue=queue_, hits=[hit])


def _events(store: Store) -> list[tuple[str, str, dict]]:
    with store.session() as s:
        return [(r.event, r.payload["data"]["case"]["account_id"], r.payload["data"])
                for r in s.execute(select(WebhookDelivery).order_by(WebhookDelivery.id)).scalars()]


def test_case_changes_reach_the_outbox_of_subscribed_queues_only(any_store: Store) -> None:
    store = any_store
    assemble(store, {"a": _verdict("a", "medium", "default")}, "r1", on_change=enqueue_case_changes)
    assert _events(store) == []  # no subscription, nothing queued (an install without a receiver piles nothing)

    with store.session() as s:
        cfg.set_value(s, "webhook.case_queues", "child_safety")
    assemble(store, {"a": _verdict("a", "high", "default"), "b": _verdict("b", "high", "child_safety")}, "r2",
             on_change=enqueue_case_changes)
    assert [(e, a) for e, a, _ in _events(store)] == [("case.opened", "b")]  # a's queue is not subscribed

    with store.session() as s:
        cfg.set_value(s, "webhook.case_queues", "*")
    assemble(store, {"a": _verdict("a", "high", "child_safety"), "b": _verdict("b", "critical", "child_safety")},
             "r3", on_change=enqueue_case_changes)
    got = {(e, a): d for e, a, d in _events(store)[1:]}
    assert got[("case.updated", "a")]["change"] == "escalated"
    assert got[("case.updated", "a")]["previous"] == {"severity": "high", "queue": "default"}
    assert got[("case.updated", "b")]["change"] == "severity_raised"
    assert len(got) == 2

    assemble(store, {"a": _verdict("a", "high", "child_safety")}, "r4", on_change=enqueue_case_changes)
    assert len(_events(store)) == 3  # b closed, a unchanged: nothing new
    assemble(store, {"a": _verdict("a", "high", "child_safety"), "b": _verdict("b", "low", "child_safety")}, "r5",
             on_change=enqueue_case_changes)
    last = _events(store)[-1]
    assert last[:2] == ("case.opened", "b") and last[2]["change"] == "reopened"


@pytest.mark.parametrize("n", [40])
def test_comments_under_child_likely_posts_are_scanned_first(store: Store, n: int) -> None:
    events = [{"type": "account", "data": {"id": "u", "handle": "u"}}]
    events += [{"type": "post", "data": {"id": p, "author_id": "u", "created_at": "2026-12-01T10:00:00Z",
                                         "caption": "x", "hashtags": []}} for p in ("adult", "child")]
    # the adult post's comments sort first by id; the child post's must still come first
    events += [{"type": "comment", "data": {"id": f"{'a' if i % 2 else 'z'}{i:03d}",
                                            "post_id": "adult" if i % 2 else "child", "author_id": "u",
                                            "created_at": "2026-12-01T11:00:00Z", "text": "hi"}} for i in range(n)]
    ingest_events(store, events)
    fusion = next(s for s in registry.DETECTORS if s.name == "post.fusion")
    with store.session() as s:
        append_signals(s, [Signal(subject=("post", "child"), kind="post.minor_likelihood", score=0.9,
                                  detector=fusion.ident),
                           Signal(subject=("post", "adult"), kind="post.minor_likelihood", score=0.1,
                                  detector=fusion.ident)], "run")
    spec = next(s for s in registry.DETECTORS if s.subject_type == "comment")
    with store.session() as s:
        order = queue.new_items(s, spec, n)
        assert queue.depth(s, spec) == n
    assert [c[0] for c in order] == ["z"] * (n // 2) + ["a"] * (n // 2)
