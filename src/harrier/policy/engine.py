"""Evaluate rules over every account's signals: the account's own, its content's, and what it received.

Scopes (see rules.SCOPES): ``self`` = signals about the account (features, propagation, rings, handle/bio);
``content`` = signals about posts, media and comments the account authored; ``received`` = signals about
comments other accounts left under its posts (the audience a poster gathers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from harrier.model.signals import Signal
from harrier.policy.rules import BoolCond, Cond, FeatureCond, LabelCond, Rule, RuleSet, SignalCond, load_rules
from harrier.policy.tables import RuleHit as RuleHitRow
from harrier.policy.verdict import ACTIONS, SEVERITIES, SIDE_ACTIONS, RuleHit, Verdict
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import Freshness, fresh_signals, id_chunks


@dataclass
class AccountEvidence:
    """Everything the rules can see about one account. Content entries carry the post they belong to."""

    account_id: str
    own: list[Signal] = field(default_factory=list)
    content: list[tuple[Signal, str]] = field(default_factory=list)
    received: list[tuple[Signal, str]] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)

    def in_scope(self, scope: str) -> Iterable[tuple[Signal, str | None]]:
        if scope in ("self", "any"):
            yield from ((s, None) for s in self.own)
        if scope in ("content", "any"):
            yield from self.content
        if scope == "received":
            yield from self.received

    def feature(self, kind: str) -> float:
        return max((s.score for s in self.own if s.kind == kind), default=0.0)


def holds(c: Cond, ev: AccountEvidence) -> bool:
    if isinstance(c, SignalCond):
        hits = [(s, p) for s, p in ev.in_scope(c.scope) if s.kind == c.kind and s.score >= c.min_score]
        if len(hits) < c.count:
            return False
        return not c.distinct_posts or len({p for _, p in hits if p}) >= c.distinct_posts
    if isinstance(c, FeatureCond):
        v = ev.feature(c.kind)
        return {"gte": v >= c.value, "gt": v > c.value, "lte": v <= c.value, "lt": v < c.value}[c.op]
    if isinstance(c, LabelCond):
        return c.label in ev.labels
    assert isinstance(c, BoolCond)
    if c.op == "all":
        return all(holds(p, ev) for p in c.parts)
    if c.op == "any":
        return any(holds(p, ev) for p in c.parts)
    return not holds(c.parts[0], ev)


def _owners(session: Session, table: Any, cols: Sequence[Any], ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    out: dict[str, tuple[Any, ...]] = {}
    for chunk in id_chunks(ids):
        for row in session.execute(select(table.id, *cols).where(table.id.in_(chunk))).all():
            out[row[0]] = tuple(row[1:])
    return out


def gather(session: Session, freshness: Freshness | None = None) -> dict[str, AccountEvidence]:
    """Attribute every fresh signal to the accounts it concerns."""
    signals = fresh_signals(session, freshness=freshness)
    by_type: dict[str, list[Signal]] = defaultdict(list)
    for s in signals:
        by_type[s.subject[0]].append(s)
    media_post = _owners(session, t.Media, [t.Media.post_id], [s.subject[1] for s in by_type["media"]])
    comment_info = _owners(session, t.Comment, [t.Comment.author_id, t.Comment.post_id],
                           [s.subject[1] for s in by_type["comment"]])
    post_ids = [s.subject[1] for s in by_type["post"]] + [v[0] for v in media_post.values()] + [
        v[1] for v in comment_info.values()]
    post_author = _owners(session, t.Post, [t.Post.author_id], post_ids)

    accounts: dict[str, AccountEvidence] = {}

    def acc(a: str) -> AccountEvidence:
        if a not in accounts:
            accounts[a] = AccountEvidence(a)
        return accounts[a]

    for s in by_type["account"]:
        acc(s.subject[1]).own.append(s)
    for s in by_type["post"]:
        if (a := post_author.get(s.subject[1])) is not None:
            acc(a[0]).content.append((s, s.subject[1]))
    for s in by_type["media"]:
        if (p := media_post.get(s.subject[1])) is not None and (a := post_author.get(p[0])) is not None:
            acc(a[0]).content.append((s, p[0]))
    for s in by_type["comment"]:
        info = comment_info.get(s.subject[1])
        if info is None:
            continue
        author, post = info
        acc(author).content.append((s, post))
        if (pa := post_author.get(post)) is not None and pa[0] != author:
            acc(pa[0]).received.append((s, post))
    now = datetime.now(UTC)
    labels = session.execute(
        select(t.Label.subject_id, t.Label.label).where(
            t.Label.subject_type == "account",
            or_(t.Label.expires_at.is_(None), t.Label.expires_at > now),
        )
    ).all()
    for a, label in labels:
        acc(a).labels.add(label)
    return accounts


def decide(rules: Sequence[Rule], ev: AccountEvidence) -> tuple[Verdict, list[RuleHit]]:
    """Apply every active rule; the verdict takes the highest severity and the strongest action of the live
    hits, and the queue of the most severe live hit. Shadow hits are returned separately, never applied; live hits
    of side actions (``notify_poster``) go to ``verdict.notices``, outside the recommendation."""
    verdict = Verdict(ev.account_id)
    shadow: list[RuleHit] = []
    for r in rules:
        if r.mode == "disabled" or not holds(r.when, ev):
            continue
        hit = RuleHit(r.name, r.version, r.mode, r.severity, r.action, r.queue, list(r.labels), r.when.text())
        if r.mode == "shadow":
            shadow.append(hit)
            continue
        if r.action in SIDE_ACTIONS:
            verdict.notices.append(hit)  # helps the account; must not make it a case
            continue
        verdict.hits.append(hit)
        if ACTIONS.index(r.action) > ACTIONS.index(verdict.recommended_action):
            verdict.recommended_action = r.action
        if not verdict.hits[:-1] or SEVERITIES.index(r.severity) > SEVERITIES.index(verdict.severity):
            verdict.queue = r.queue
        verdict.severity = max(verdict.severity, r.severity, key=SEVERITIES.index)
        verdict.labels = sorted(set(verdict.labels) | set(r.labels))
    return verdict, shadow


def evaluate(store: Store, run_id: str, rules: RuleSet | None = None, write: bool = True,
             only: Sequence[str] | None = None) -> dict[str, Verdict]:
    """Verdicts for every account with signals. With ``write``, log every hit (live and shadow) and apply
    live rules' labels; shadow rules change nothing else."""
    ruleset = rules or load_rules()
    active = [r for r in ruleset.active() if not only or r.name in only]
    with store.sessions() as session:
        evidence = gather(session)
    verdicts: dict[str, Verdict] = {}
    hit_rows: list[dict[str, Any]] = []
    now = datetime.now(UTC)
    label_rows: list[dict[str, Any]] = []
    for account_id, ev in evidence.items():
        verdict, shadow = decide(active, ev)
        verdicts[account_id] = verdict
        for h in [*verdict.hits, *verdict.notices, *shadow]:
            hit_rows.append({"run_id": run_id, "rule": h.rule, "version": h.version, "mode": h.mode,
                             "account_id": account_id, "severity": h.severity, "action": h.action,
                             "created_at": now})
        for h in verdict.hits:
            rule = next(r for r in active if r.name == h.rule)
            expires = now + timedelta(days=rule.label_ttl_days) if rule.label_ttl_days else None
            label_rows += [{"subject_type": "account", "subject_id": account_id, "label": lab,
                            "source": f"rule:{rule.ident}", "created_at": now, "expires_at": expires}
                           for lab in h.labels]
    if write:
        with store.session() as s:
            if hit_rows:
                s.execute(insert(RuleHitRow), hit_rows)
            _apply_labels(s, label_rows)
    return verdicts


def _apply_labels(session: Session, rows: list[dict[str, Any]]) -> None:
    """Labels from rules are refreshed, not piled up: an existing active label from the same rule gets the
    new expiry; otherwise a new row is added."""
    if not rows:
        return
    existing = {
        (r.subject_id, r.label, r.source): r
        for r in session.execute(select(t.Label).where(t.Label.source.like("rule:%"))).scalars()
    }
    new = []
    for row in rows:
        old = existing.get((row["subject_id"], row["label"], row["source"]))
        if old is not None:
            old.expires_at = row["expires_at"]
        else:
            new.append(row)
    if new:
        session.execute(insert(t.Label), new)
