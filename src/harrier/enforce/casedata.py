"""Gather everything a case refers to, once, for the CyberTipline report and the evidence bundle.

Reads the store only (platform data, signals, decisions, labels, audit); never the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from harrier.store.audit import AuditEntry
from harrier.store.tables import (
    Account,
    Case,
    Comment,
    Decision,
    Label,
    Media,
    MessageEdge,
    Post,
    Report,
    Ring,
    SignalRow,
)

CHUNK = 500
MAX_COMMENTS = 20_000  # per direction; a bundle is evidence for one account, not an export of the platform
FLAG_THRESHOLD = 0.5
BENIGN_TEXT_KINDS = {"text.counter_speech", "text.account_handle", "text.account_bio", "text.minor_cue"}


class CaseNotFound(LookupError):
    pass


def aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def iso(dt: datetime | None) -> str | None:
    dt = aware(dt)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def subject_of(entry: dict[str, Any]) -> tuple[str, str] | None:
    """A case signal's subject, whichever shape the case export used ({type,id} or [type, id])."""
    s = entry.get("subject")
    if isinstance(s, dict) and "type" in s and "id" in s:
        return str(s["type"]), str(s["id"])
    if isinstance(s, list | tuple) and len(s) == 2:
        return str(s[0]), str(s[1])
    return None


def _in_chunks(session: Session, stmt_for: Any, ids: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for i in range(0, len(ids), CHUNK):
        out += session.execute(stmt_for(ids[i:i + CHUNK])).scalars().all()
    return out


@dataclass
class CaseData:
    case: Case
    account: Account | None
    posts: list[Post]
    media: list[Media]
    comments_by_account: list[Comment]
    comments_on_posts: list[Comment]
    signals: list[SignalRow]
    decisions: list[Decision]
    labels: list[Label]
    message_edges: list[MessageEdge]
    user_reports: list[Report]
    audit: list[AuditEntry]
    ring: Ring | None
    counterpart_accounts: dict[str, Account] = field(default_factory=dict)
    extra_posts: dict[str, Post] = field(default_factory=dict)  # posts the account commented on

    # --- derived views ---------------------------------------------------------------------------------
    def signals_by_subject(self) -> dict[tuple[str, str], list[SignalRow]]:
        out: dict[tuple[str, str], list[SignalRow]] = defaultdict(list)
        for s in self.signals:
            out[(s.subject_type, s.subject_id)].append(s)
        return out

    def best(self, subject: tuple[str, str], kinds: Iterable[str]) -> SignalRow | None:
        kinds = set(kinds)
        cands = [s for s in self.signals_by_subject().get(subject, []) if s.kind in kinds]
        return max(cands, key=lambda s: s.score) if cands else None

    def flagged_comments(self) -> list[tuple[Comment, list[SignalRow]]]:
        """The account's own comments that carry a harmful text signal, oldest first."""
        by_subject = self.signals_by_subject()
        case_comment_ids = {sub[1] for e in (self.case.signals or []) if (sub := subject_of(e)) and sub[0] == "comment"}
        out = []
        for c in self.comments_by_account:
            sigs = [s for s in by_subject.get(("comment", c.id), [])
                    if s.kind.startswith("text.") and s.kind not in BENIGN_TEXT_KINDS and s.score >= FLAG_THRESHOLD]
            if sigs or c.id in case_comment_ids:
                out.append((c, sorted(sigs, key=lambda s: -s.score)))
        return sorted(out, key=lambda x: aware(x[0].created_at) or datetime.min.replace(tzinfo=UTC))

    def has_kind(self, kinds: Iterable[str], min_score: float = FLAG_THRESHOLD) -> bool:
        kinds = set(kinds)
        return any(s.kind in kinds and s.score >= min_score for s in self.signals) or any(
            e.get("kind") in kinds and float(e.get("score") or 0) >= min_score for e in (self.case.signals or [])
        )


def load_case(session: Session, case_id: str) -> CaseData:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseNotFound(f"no case {case_id!r}")
    account = session.get(Account, case.account_id)
    posts = session.execute(select(Post).where(Post.author_id == case.account_id).order_by(Post.created_at)
                            ).scalars().all()
    post_ids = [p.id for p in posts]
    by_account = session.execute(
        select(Comment).where(Comment.author_id == case.account_id).order_by(Comment.created_at).limit(MAX_COMMENTS)
    ).scalars().all()
    on_posts = _in_chunks(session, lambda ids: select(Comment).where(Comment.post_id.in_(ids))
                          .order_by(Comment.created_at), post_ids)[:MAX_COMMENTS]
    # posts the account commented on (other people's): needed for context, URLs and recipients
    other_post_ids = sorted({c.post_id for c in by_account} - set(post_ids))
    extra_posts = {p.id: p for p in _in_chunks(session, lambda ids: select(Post).where(Post.id.in_(ids)),
                                                 other_post_ids)}
    media = _in_chunks(session, lambda ids: select(Media).where(Media.post_id.in_(ids))
                       .order_by(Media.post_id, Media.position), post_ids + other_post_ids)

    subjects: dict[str, set[str]] = {
        "account": {case.account_id},
        "post": set(post_ids) | set(other_post_ids),
        "media": {m.id for m in media},
        "comment": {c.id for c in by_account} | {c.id for c in on_posts},
    }
    if case.ring_id:
        subjects["ring"] = {case.ring_id}
    signals: list[SignalRow] = []
    for st, ids in subjects.items():
        ids_l = sorted(ids)
        signals += _in_chunks(
            session,
            lambda chunk, st=st: select(SignalRow).where(SignalRow.subject_type == st, SignalRow.subject_id.in_(chunk))
            .order_by(SignalRow.id),
            ids_l,
        )
    decisions = session.execute(select(Decision).where(Decision.case_id == case.case_id).order_by(Decision.id)
                                ).scalars().all()
    labels = session.execute(
        select(Label).where(Label.subject_type == "account", Label.subject_id == case.account_id).order_by(Label.id)
    ).scalars().all()
    edges = session.execute(
        select(MessageEdge).where(or_(MessageEdge.sender_id == case.account_id,
                                      MessageEdge.recipient_id == case.account_id))
        .order_by(MessageEdge.created_at)
    ).scalars().all()
    report_subjects = [case.account_id, *post_ids, *[c.id for c in by_account]]
    user_reports = _in_chunks(session, lambda ids: select(Report).where(Report.subject_id.in_(ids)), report_subjects)
    audit_rows = session.execute(
        select(AuditEntry).where(or_(AuditEntry.target_id == case.case_id,
                                     AuditEntry.target_id == case.account_id)).order_by(AuditEntry.id)
    ).scalars().all()
    ring = session.get(Ring, case.ring_id) if case.ring_id else None

    counterpart_ids = {e.recipient_id for e in edges if e.sender_id == case.account_id}
    counterpart_ids |= {p.author_id for p in extra_posts.values()}
    counterpart_ids.discard(case.account_id)
    counterparts = {a.id: a for a in _in_chunks(session, lambda ids: select(Account).where(Account.id.in_(ids)),
                                                 sorted(counterpart_ids))}
    return CaseData(case=case, account=account, posts=list(posts), media=list(media),
                    comments_by_account=list(by_account), comments_on_posts=list(on_posts), signals=signals,
                    decisions=list(decisions), labels=list(labels), message_edges=list(edges),
                    user_reports=list(user_reports), audit=list(audit_rows), ring=ring,
                    counterpart_accounts=counterparts, extra_posts=extra_posts)


def media_revealed(session: Session, media_ids: Sequence[str]) -> set[str]:
    """Media a reviewer revealed in the console (audit ``media.reveal``): NCMEC's fileViewedByEsp."""
    rows = _in_chunks(session, lambda ids: select(AuditEntry.target_id).where(
        AuditEntry.action == "media.reveal", AuditEntry.target_id.in_(ids)), list(media_ids))
    return set(rows)
