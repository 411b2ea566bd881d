from __future__ import annotations

import textwrap
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from harrier.model.signals import Signal, register_kind
from harrier.policy.backfill import backfill
from harrier.policy.engine import evaluate
from harrier.policy.rules import load_rules
from harrier.policy.tables import RuleHit
from harrier.store import tables as t
from harrier.store.signals import append_signals

register_kind("testpol.comment_flag", ["comment"], "test: a flagged comment")
register_kind("testpol.feature", ["account"], "test: an account feature", score="0..1 feature")

RULES = """\
version: 1
rules:
  - name: commenter
    when: {signal: testpol.comment_flag, scope: content, min_score: 0.7, count_at_least: 2, distinct_posts_at_least: 2}
    then: {severity: high, action: suspend_account, queue: child_safety, labels: [suspect], label_ttl_days: 30}
  - name: audience
    when: {signal: testpol.comment_flag, scope: received, min_score: 0.7, count_at_least: 2}
    then: {severity: medium, action: review, queue: default}
  - name: watch
    mode: shadow
    when: {feature: testpol.feature, gte: 0.5}
    then: {severity: critical, action: report, queue: child_safety, labels: [shadow_label]}
"""


def _seed(store):
    now = datetime.now(UTC)
    with store.session() as s:
        s.execute(insert(t.Account), [{"id": a, "handle": a} for a in ("poster", "bad", "watched", "kind")])
        s.execute(insert(t.Post), [{"id": p, "author_id": "poster", "created_at": now} for p in ("p1", "p2")])
        s.execute(insert(t.Comment), [
            {"id": "c1", "post_id": "p1", "author_id": "bad", "created_at": now, "text": "x"},
            {"id": "c2", "post_id": "p2", "author_id": "bad", "created_at": now, "text": "y"},
            {"id": "c3", "post_id": "p1", "author_id": "kind", "created_at": now, "text": "z"},
        ])
        append_signals(s, [
            Signal(subject=("comment", "c1"), kind="testpol.comment_flag", score=0.9, detector="ctx.test@1"),
            Signal(subject=("comment", "c2"), kind="testpol.comment_flag", score=0.8, detector="ctx.test@1"),
            Signal(subject=("comment", "c3"), kind="testpol.comment_flag", score=0.1, detector="ctx.test@1"),
            Signal(subject=("account", "watched"), kind="testpol.feature", score=0.9, detector="ctx.test@1"),
        ], run_id="r1")


def test_live_rules_decide_and_shadow_rules_only_log(any_store, tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text(textwrap.dedent(RULES))
    _seed(any_store)
    verdicts = evaluate(any_store, "run-1", rules=load_rules(p))
    assert verdicts["bad"].recommended_action == "suspend_account"
    assert verdicts["bad"].severity == "high" and verdicts["bad"].queue == "child_safety"
    assert [h.rule for h in verdicts["bad"].hits] == ["commenter"]
    # The poster received two flagged comments, under different posts -> audience rule.
    assert verdicts["poster"].recommended_action == "review"
    # Shadow: evaluated and logged, no effect on the verdict or on labels.
    assert not verdicts["watched"].actionable and verdicts["watched"].hits == []
    assert not verdicts["kind"].actionable
    with any_store.session() as s:
        hits = s.execute(select(RuleHit.rule, RuleHit.mode, RuleHit.account_id)).all()
        labels = s.execute(select(t.Label.subject_id, t.Label.label, t.Label.expires_at)).all()
    assert ("watch", "shadow", "watched") in hits
    assert [(a, lab) for a, lab, _ in labels] == [("bad", "suspect")]
    assert labels[0][2] is not None
    # Re-evaluating refreshes the rule's label instead of piling up rows.
    evaluate(any_store, "run-2", rules=load_rules(p))
    with any_store.session() as s:
        assert s.execute(select(func.count()).select_from(t.Label)).scalar() == 1


def test_backfill_reports_without_writing(any_store, tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text(textwrap.dedent(RULES))
    _seed(any_store)
    rep = backfill(any_store, load_rules(p))
    assert rep.hits_by_rule == {"commenter": 1, "audience": 1, "watch": 1}
    assert sorted(rep.would_open) == ["bad", "poster", "watched"]
    with any_store.session() as s:
        for table in (RuleHit, t.Label, t.Decision, t.Case):
            assert s.execute(select(func.count()).select_from(table)).scalar() == 0
