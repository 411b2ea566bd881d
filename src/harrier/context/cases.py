"""Case assembly: account-centred cases from policy verdicts, ranked by account risk, network-aware.

Which accounts get a case is decided in one place, the active policy (``HARRIER_POLICY`` or the shipped
one): an account gets a case exactly when a live rule recommends an action for it (:func:`qualifies`). The
default policy's ``high_network_risk`` rule is how a high ``account.risk`` alone opens a case, and
``lone_offender`` how an account's own comments under child imagery do, so a policy that drops or retunes
either changes the cases, and ``harrier rules backfill`` reports exactly what assembly would do.

``case_id`` is derived from the account id, so a re-scan updates the same row. A case whose account no longer
qualifies is closed (status ``closed``, no rank), never deleted; one that qualifies again reopens. A case a
reviewer decided keeps status ``decided`` and is still refreshed (rank, evidence), whether or not it still
qualifies: the decision stands until a person changes it. Rings are not cases of their own in the
``cases`` table (the export is one account per case); a ring's view is the ``rings`` row plus its members'
cases (:func:`ring_view`, ``harrier cases ring``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from harrier.model.signals import Signal
from harrier.policy.verdict import SEVERITIES, Verdict
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import CHUNK, Freshness, fresh_signals

RELATED_MIN_RISK = 0.3  # a neighbour is listed as related when at least this suspicious (or it has a case)
MAX_SIGNALS = 30
MAX_CONTENT_SIGNALS = 16
MAX_RELATED = 20

CONTEXT_KINDS = (
    "account.risk", "account.child_comment_evidence", "account.dedication", "account.ai_child_imagery",
    "account.offsite_showcase",
    "account.audience_risk", "account.commenter_recurrence", "account.dedicated_audience",
    "account.contact_moves", "account.reach_gaming", "account.generation_interest", "account.flagged_comment_share",
    "account.propagated_risk", "ring.membership",
)
ACCOUNT_TEXT_KINDS = ("text.account_handle", "text.account_bio")
COMMENT_KINDS = ("text.sexualising_minor", "text.abuse_intent", "text.desire_or_solicitation", "text.contact_move",
                 "text.generation_request", "text.minimisation")
POST_KINDS = ("post.minor_likelihood", "post.ai_generated", "text.sexualising_minor", "text.abuse_intent",
              "text.desire_or_solicitation", "text.generation_request", "text.minimisation", "text.contact_move")
MEDIA_KINDS = ("hash.match", "image.ai_generated", "image.sexualised_minor_risk", "image.near_duplicate",
               "image.nudity")


def case_id_for(account_id: str) -> str:
    return "case-" + hashlib.sha256(account_id.encode()).hexdigest()[:16]


def qualifies(verdict: Verdict | None) -> bool:
    """The one definition of who gets a case: a live rule of the active policy recommends an action."""
    return verdict is not None and verdict.actionable


def _in_chunks(session: Session, column: Any, ids: Sequence[str], *cols: Any) -> list[Any]:
    out: list[Any] = []
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), CHUNK):
        out.extend(session.execute(select(*cols).where(column.in_(ids[i : i + CHUNK]))).all())
    return out


def _feature(sig: Signal | None, name: str) -> float:
    if sig is None:
        return 0.0
    for e in sig.evidence:
        if e.field == name and isinstance(e.value, int | float):
            return float(e.value)
    return 0.0


def _why(ctx: dict[str, Signal], n_flagged: int, verdict: Verdict | None) -> str:
    """One sentence a reviewer reads first: the strongest reasons, in words."""
    parts: list[str] = []
    ded = ctx.get("account.dedication")
    if ded and ded.score >= 0.5:
        ai = _feature(ded, "ai_share_of_child_posts")
        parts.append(f"posts mostly child imagery ({int(_feature(ded, 'child_posts'))} posts"
                     + (f", {ai:.0%} AI-generated)" if ai else ")"))
    aic = ctx.get("account.ai_child_imagery")
    if aic and aic.score >= 0.5 and not (ded and ded.score >= 0.5):
        parts.append(f"posts AI-generated children ({int(_feature(aic, 'ai_child_posts'))} posts)")
    off = ctx.get("account.offsite_showcase")
    if off and off.score >= 0.5:
        # context.features 1.18.0 counts every such post of the account (``offsite_posts``); before, child posts only
        n_off = _feature(off, "offsite_posts")
        parts.append(f"captions {int(n_off)} posts towards a private channel" if n_off else
                     f"captions {int(_feature(off, 'offsite_child_posts'))} child posts towards a private channel")
    lone = ctx.get("account.child_comment_evidence")
    n_child = int(_feature(lone, "concerning_on_child_imagery"))
    if n_child:
        explicit = int(_feature(lone, "explicit_on_child_imagery"))
        objected = int(_feature(lone, "objected_by_poster"))
        others = int(_feature(lone, "objected_by_others"))
        notes = ([f"{explicit} explicit"] * bool(explicit) + [f"{objected} objected to by the poster"] * bool(objected)
                 + [f"{others} objected to by others"] * bool(others))
        # under child imagery, or about a child wherever said (a remark naming one, a sextortion threat)
        parts.append(f"wrote {n_child} concerning comment{'s' if n_child != 1 else ''} under child imagery or about "
                     "a child"
                     + (f" ({', '.join(notes)})" if notes else ""))
    elif n_flagged:
        parts.append(f"wrote {n_flagged} flagged comment{'s' if n_flagged != 1 else ''}")
    rec = ctx.get("account.commenter_recurrence")
    if rec and rec.score >= 0.3:
        parts.append(f"comments on child imagery of {int(_feature(rec, 'child_authors_commented'))} different authors")
    aud = ctx.get("account.dedicated_audience")
    if aud and aud.score >= 0.5:
        parts.append(f"comments under the child imagery of {int(_feature(aud, 'showcases_commented'))} accounts "
                     "dedicated to it")
    for kind, text in (("account.contact_moves", "moves contact off-platform or to DMs"),
                       ("account.generation_interest", "asks for the tool that generated child imagery"),
                       ("account.reach_gaming", "tags child imagery with unrelated trending sounds/hashtags"),
                       ("account.audience_risk", "gathers an audience of flagged accounts")):
        s = ctx.get(kind)
        if s and s.score >= 0.4:
            parts.append(text)
    ring = ctx.get("ring.membership")
    if ring:
        parts.append(f"member of ring {_ring_id(ring)}")
    prop = ctx.get("account.propagated_risk")
    if prop and prop.score >= 0.5:
        parts.append("closely tied to confirmed or high-risk accounts")
    if verdict and verdict.hits:
        parts.append("rules: " + ", ".join(h.rule for h in verdict.hits[:3]))
    text = "; ".join(parts) or "account risk above threshold"
    return text[:1].upper() + text[1:] + "."  # not str.capitalize: it lowercases "AI"


def _ring_id(sig: Signal) -> str | None:
    for e in sig.evidence:
        if e.field == "ring_id":
            return str(e.value)
    return None


def _refs(sig: Signal | None, field: str | None = None, kind: str | None = None) -> list[str]:
    out: list[str] = []
    for e in sig.evidence if sig else []:
        if (field is None or e.field == field) and (kind is None or e.kind == kind):
            if isinstance(e.ref, list):
                out += [str(r) for r in e.ref]
            elif e.ref is not None:
                out.append(str(e.ref))
    return out


# A case change the platform may be told about: (event, case row, what changed). ``case.opened`` for a new or
# reopened case, ``case.updated`` when its severity rose or it moved to another queue (escalated).
CaseChange = tuple[str, t.Case, dict[str, Any]]


def assemble(store: Store, verdicts: dict[str, Verdict], run_id: str,
             on_change: Callable[[Session, list[CaseChange]], None] | None = None) -> int:
    """Upsert account-centred cases; returns the number of open (qualifying) cases. ``on_change`` gets the
    opened/escalated cases in the same transaction (the webhook outbox: a change and its delivery commit
    together)."""
    now = datetime.now(UTC)
    changes: list[CaseChange] = []
    with store.session() as session:
        fresh = Freshness(session)
        ctx_sigs = fresh_signals(session, "account", kinds=CONTEXT_KINDS, freshness=fresh)
        ctx: dict[str, dict[str, Signal]] = defaultdict(dict)
        for s in ctx_sigs:
            ctx[s.subject[1]][s.kind] = s
        risk = {a: k["account.risk"].score for a, k in ctx.items() if "account.risk" in k}
        rows = {c.account_id: c for c in session.execute(select(t.Case)).scalars()}
        qualifying = {a for a, v in verdicts.items() if qualifies(v)}
        decided = {a for a, row in rows.items() if row.status == "decided"}
        listed = qualifying | decided

        def sev_rank(a: str) -> int:
            v = verdicts.get(a)
            return SEVERITIES.index(v.severity) if qualifies(v) else SEVERITIES.index(rows[a].severity)

        ordered = sorted(listed, key=lambda a: (-round(risk.get(a, 0.0), 6), -sev_rank(a), a))
        content = _content_signals(session, ordered, fresh)
        cases_by_account = {a: case_id_for(a) for a in ordered}
        received = _recurring_commenters(session, ordered)

        for rank, a in enumerate(ordered, start=1):
            v = verdicts.get(a)
            k = ctx.get(a, {})
            score = float(risk.get(a, 0.0))
            actionable = qualifies(v)
            row = rows.get(a)
            # a decided case that no longer qualifies keeps what it was decided on
            severity = v.severity if actionable else row.severity  # type: ignore[union-attr]
            action = v.recommended_action if actionable else row.recommended_action  # type: ignore[union-attr]
            queue = v.queue if actionable else row.queue  # type: ignore[union-attr]
            own = sorted((s for s in k.values() if s.score >= 0.05), key=lambda s: (s.kind != "account.risk", -s.score))
            sigs = [*own, *content[a]["account"], *content[a]["items"]][:MAX_SIGNALS]
            ring_sig = k.get("ring.membership")
            ring_id = _ring_id(ring_sig) if ring_sig else None
            related = _related(a, k, received.get(a, []), risk, cases_by_account, qualifying)
            summary = {
                "why": _why(k, int(_feature(k.get("account.flagged_comment_share"), "flagged_comments")),
                            v if actionable else None),
                "run_id": run_id,
                "posts": content[a]["n_posts"],
                "comments": content[a]["n_comments"],
                # the one definition of a flagged comment: the numerator of account.flagged_comment_share
                "flagged_comments": int(_feature(k.get("account.flagged_comment_share"), "flagged_comments")),
                "rules": [{"rule": h.rule, "version": h.version, "severity": h.severity, "action": h.action,
                           "why": h.why} for h in (v.hits if v else [])],
                "labels": list(v.labels) if v else [],
                "source": "policy" if actionable else "decision",
            }
            values = dict(rank=rank, score=score, severity=severity, recommended_action=action, queue=queue,
                          ring_id=ring_id, signals=[s.to_json() for s in sigs], related_accounts=related,
                          summary=summary, updated_at=now)
            if row is None:
                new = t.Case(case_id=cases_by_account[a], account_id=a, kind="account", status="open",
                             created_at=now, **values)
                session.add(new)
                changes.append(("case.opened", new, {"change": "opened"}))
            else:
                before = (row.status, row.severity, row.queue)
                for key, val in values.items():
                    setattr(row, key, val)
                if row.status == "closed":
                    row.status = "open"
                    changes.append(("case.opened", row, {"change": "reopened"}))
                elif SEVERITIES.index(severity) > SEVERITIES.index(before[1]) or queue != before[2]:
                    changes.append(("case.updated", row, {
                        "change": "escalated" if queue != before[2] else "severity_raised",
                        "previous": {"severity": before[1], "queue": before[2]}}))
        for a, row in rows.items():
            if a not in listed and row.status != "closed":
                row.status, row.rank, row.updated_at = "closed", None, now
                row.summary = {**(row.summary or {}), "closed_in_run": run_id}
        if on_change and changes:
            session.flush()
            on_change(session, changes)
    return len(ordered)


def _content_signals(session: Session, accounts: Sequence[str], fresh: Freshness) -> dict[str, dict[str, Any]]:
    """The account's own text signals and the strongest signals on its posts, media and comments."""
    out: dict[str, dict[str, Any]] = {a: {"account": [], "items": [], "n_posts": 0, "n_comments": 0}
                                      for a in accounts}
    if not accounts:
        return out
    for s in fresh_signals(session, "account", list(accounts), kinds=ACCOUNT_TEXT_KINDS, freshness=fresh):
        out[s.subject[1]]["account"].append(s)
    comment_owner = {c: a for c, a in _in_chunks(session, t.Comment.author_id, accounts, t.Comment.id,
                                                      t.Comment.author_id)}
    post_owner = {p: a for p, a in _in_chunks(session, t.Post.author_id, accounts, t.Post.id, t.Post.author_id)}
    media_post = {m: p for m, p in _in_chunks(session, t.Media.post_id, list(post_owner), t.Media.id,
                                                  t.Media.post_id)}
    for a in comment_owner.values():
        out[a]["n_comments"] += 1
    for a in post_owner.values():
        out[a]["n_posts"] += 1
    items: dict[str, list[Signal]] = defaultdict(list)
    for s in fresh_signals(session, "comment", list(comment_owner), kinds=COMMENT_KINDS, min_score=0.5,
                           freshness=fresh):
        items[comment_owner[s.subject[1]]].append(s)
    counter = {s.subject[1] for s in fresh_signals(session, "comment", list(comment_owner),
                                                   kinds=("text.counter_speech",), min_score=0.5, freshness=fresh)}
    for s in fresh_signals(session, "post", list(post_owner), kinds=POST_KINDS, min_score=0.5, freshness=fresh):
        items[post_owner[s.subject[1]]].append(s)
    for s in fresh_signals(session, "media", list(media_post), kinds=MEDIA_KINDS, min_score=0.5, freshness=fresh):
        items[post_owner[media_post[s.subject[1]]]].append(s)
    for a, sigs in items.items():
        sigs = [s for s in sigs if s.subject[1] not in counter]
        # Strongest first, at most a few per kind so one kind does not crowd out the others.
        per_kind: dict[str, int] = defaultdict(int)
        chosen = []
        for s in sorted(sigs, key=lambda s: (-s.score, s.kind, s.subject[1])):
            if per_kind[s.kind] < 4:
                chosen.append(s)
                per_kind[s.kind] += 1
        out[a]["items"] = chosen[:MAX_CONTENT_SIGNALS]
    return out


def _recurring_commenters(session: Session, accounts: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
    """For each account, who comments on its posts and how often (most frequent first)."""
    posts = _in_chunks(session, t.Post.author_id, accounts, t.Post.id, t.Post.author_id)
    owner = dict(posts)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for post_id, author in _in_chunks(session, t.Comment.post_id, list(owner), t.Comment.post_id, t.Comment.author_id):
        if author != owner[post_id]:
            counts[owner[post_id]][author] += 1
    return {a: sorted(c.items(), key=lambda x: (-x[1], x[0])) for a, c in counts.items()}


def _related(a: str, k: dict[str, Signal], commenters: list[tuple[str, int]], risk: dict[str, float],
             cases: dict[str, str], qualifying: set[str]) -> list[dict[str, Any]]:
    rel: dict[str, dict[str, Any]] = {}

    def add(other: str, relation: str) -> None:
        if other == a or not (other in qualifying or risk.get(other, 0.0) >= RELATED_MIN_RISK):
            return
        entry = rel.setdefault(other, {"account_id": other, "case_id": cases.get(other),
                                       "score": round(risk.get(other, 0.0), 4), "relations": []})
        if relation not in entry["relations"]:
            entry["relations"].append(relation)

    for m in _refs(k.get("ring.membership"), "members"):
        add(m, "ring")
    for c, _n in commenters:
        if _n >= 2:
            add(c, "recurring_commenter")
    for c in _refs(k.get("account.audience_risk"), "commenters"):
        add(c, "flagged_commenter")
    for m in _refs(k.get("account.propagated_risk"), kind="path"):
        add(m, "propagation")
    ordered = sorted(rel.values(), key=lambda e: (-len(e["relations"]), -e["score"], e["account_id"]))
    return ordered[:MAX_RELATED]


# --- reading cases (CLI, console) ---------------------------------------------------------------------------


def export_row(c: t.Case) -> dict[str, Any]:
    return {"case_id": c.case_id, "account_id": c.account_id, "rank": c.rank, "score": round(c.score, 4),
            "severity": c.severity, "recommended_action": c.recommended_action, "signals": c.signals,
            "related_accounts": c.related_accounts, "ring_id": c.ring_id}


def open_cases(session: Session, limit: int | None = None) -> list[t.Case]:
    q = select(t.Case).where(t.Case.status != "closed", t.Case.rank.is_not(None)).order_by(t.Case.rank)
    if limit:
        q = q.limit(limit)
    return list(session.execute(q).scalars())


def find_case(session: Session, key: str) -> t.Case | None:
    """By case id or account id."""
    row = session.get(t.Case, key)
    if row is None:
        row = session.execute(select(t.Case).where(t.Case.account_id == key)).scalar_one_or_none()
    return row


def ring_view(session: Session, ring_id: str) -> dict[str, Any] | None:
    ring = session.get(t.Ring, ring_id)
    if ring is None:
        return None
    cases = {c.account_id: c for c in session.execute(select(t.Case).where(
        t.Case.account_id.in_(list(ring.members)[:CHUNK]))).scalars()}
    members = []
    for m in ring.members:
        c = cases.get(m)
        members.append({"account_id": m, "case_id": c.case_id if c else None, "rank": c.rank if c else None,
                        "score": round(c.score, 4) if c else None, "severity": c.severity if c else None,
                        "status": c.status if c else None})
    return {"ring_id": ring.ring_id, "score": round(ring.score, 4), "members": members, "posts": ring.posts,
            "summary": ring.summary, "updated_at": ring.updated_at.isoformat() if ring.updated_at else None}
