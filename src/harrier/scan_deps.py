"""What a detector's scan of a subject depended on besides the subject itself, as one digest per subject.

Detector inputs (``detect/base.py``) carry context: a post's input its author and its media with their signals,
a comment's its post (row and stage-2 signals), the text of the comment it replies to, and its author. Each
scan row records the digest of that context (``detector_scans.context``); when the store's digest differs the
subject is pending again. So an edited post, a re-analysed image, a new version of a post detector, or a post
that arrives after its comments re-scores the comments under it, and nothing else.

The digest covers, for each related subject: whether it exists, its content version (when its content last
changed on re-ingest, ``content_changes``; a row never changed has none) and the values of its fresh signals
from producers upstream of the stage (detector name@version, kind, score, evidence; not run ids, so a re-scan
that finds the same changes nothing downstream). A parent comment counts by its content only: its signals
come from the same stage, and depending on them would re-scan replies once per level of a thread.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from harrier.detect.base import DetectorSpec
from harrier.store import tables as t
from harrier.store.signals import Freshness, fresh_signals, id_chunks

SUBJECT_TABLES: dict[str, Any] = {"account": t.Account, "post": t.Post, "media": t.Media, "comment": t.Comment}


def _digest(obj: Any) -> str:
    return hashlib.sha256(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _versions(session: Session, subject_type: str, ids: Sequence[str] | None = None) -> dict[str, str]:
    q = select(t.ContentChange.subject_id, t.ContentChange.changed_at).where(
        t.ContentChange.subject_type == subject_type)
    if ids is None:
        return {i: at.isoformat() for i, at in session.execute(q).all()}
    out: dict[str, str] = {}
    for chunk in id_chunks(ids):
        out.update({i: at.isoformat() for i, at in session.execute(q.where(t.ContentChange.subject_id.in_(chunk)))})
    return out


def _signal_digests(session: Session, subject_type: str, upstream: set[str], freshness: Freshness,
                    ids: Sequence[str] | None = None) -> dict[str, str]:
    per: dict[str, list[str]] = defaultdict(list)
    for s in fresh_signals(session, subject_type, None if ids is None else list(ids), freshness=freshness,
                           detectors=upstream):
        per[s.subject[1]].append(_digest([s.detector, s.kind, round(s.score, 6), [e.compact() for e in s.evidence]]))
    return {i: _digest(sorted(v)) for i, v in per.items()}


def _rows(session: Session, q: Any, column: Any, ids: Sequence[str] | None) -> list[Any]:
    """All rows of ``q``, or those whose ``column`` is one of ``ids`` (a live worker's few candidates)."""
    if ids is None:
        return list(session.execute(q))
    return [r for chunk in id_chunks(ids) for r in session.execute(q.where(column.in_(chunk)))]


def _comment_contexts(session: Session, upstream: set[str], freshness: Freshness,
                      ids: Sequence[str] | None = None) -> dict[str, str]:
    post, parent, author = aliased(t.Post), aliased(t.Comment), aliased(t.Account)
    c = t.Comment
    q = (select(c.id, c.post_id, post.id, c.parent_id, parent.id, c.author_id, author.id).select_from(c)
         .outerjoin(post, post.id == c.post_id).outerjoin(parent, parent.id == c.parent_id)
         .outerjoin(author, author.id == c.author_id))
    rows = _rows(session, q, c.id, ids)
    some = ids is not None
    post_ids = [r[1] for r in rows] if some else None
    post_versions = _versions(session, "post", post_ids)
    post_signals = _signal_digests(session, "post", upstream, freshness, post_ids)
    parent_versions = _versions(session, "comment", [r[3] for r in rows if r[3]] if some else None)
    author_versions = _versions(session, "account", [r[5] for r in rows] if some else None)
    return {
        cid: _digest([
            ["post", pid, has_post is not None, post_versions.get(pid), post_signals.get(pid)],
            ["parent", par, has_parent is not None, parent_versions.get(par or "")],
            ["author", aid, has_author is not None, author_versions.get(aid)],
        ])
        for cid, pid, has_post, par, has_parent, aid, has_author in rows
    }


def _post_contexts(session: Session, upstream: set[str], freshness: Freshness,
                   ids: Sequence[str] | None = None) -> dict[str, str]:
    author = aliased(t.Account)
    q = select(t.Post.id, t.Post.author_id, author.id).outerjoin(author, author.id == t.Post.author_id)
    rows = _rows(session, q, t.Post.id, ids)
    some = ids is not None
    media: dict[str, list[str]] = defaultdict(list)
    for mid, pid in _rows(session, select(t.Media.id, t.Media.post_id), t.Media.post_id, ids):
        media[pid].append(mid)
    media_ids = [m for ms in media.values() for m in ms] if some else None
    author_ids = [r[1] for r in rows] if some else None
    media_versions = _versions(session, "media", media_ids)
    media_signals = _signal_digests(session, "media", upstream, freshness, media_ids)
    author_versions = _versions(session, "account", author_ids)
    author_signals = _signal_digests(session, "account", upstream, freshness, author_ids)
    return {
        pid: _digest([
            ["author", aid, has_author is not None, author_versions.get(aid), author_signals.get(aid)],
            ["media", sorted([m, media_versions.get(m), media_signals.get(m)] for m in media.get(pid, ()))],
        ])
        for pid, aid, has_author in rows
    }


_CONTEXTS = {"comment": _comment_contexts, "post": _post_contexts}


def contexts(session: Session, subject_type: str, upstream: set[str], freshness: Freshness,
             ids: Sequence[str] | None = None) -> dict[str, str] | None:
    """Context digest of every subject of a type (or of ``ids`` only: the same digests); None for a type whose
    detectors see only the subject itself (media bytes, accounts)."""
    fn = _CONTEXTS.get(subject_type)
    return None if fn is None else fn(session, upstream, freshness, ids)


def pending(session: Session, spec: DetectorSpec, upstream: set[str],
            freshness: Freshness) -> tuple[list[str], dict[str, str]]:
    """Subjects ``spec`` must (re-)scan: never scanned at this version, or scanned in a context that has
    changed since; with the current context digest of every subject (empty for types without context)."""
    table = SUBJECT_TABLES[spec.subject_type]
    scan = t.DetectorScan
    q = (select(table.id, scan.subject_id, scan.context)
         .outerjoin(scan, and_(scan.detector == spec.name, scan.detector_version == spec.version,
                               scan.subject_type == spec.subject_type, scan.subject_id == table.id))
         .order_by(table.id))
    rows = session.execute(q).all()
    ctx = contexts(session, spec.subject_type, upstream, freshness)
    if ctx is None:
        return [i for i, scanned, _ in rows if scanned is None], {}
    return [i for i, scanned, seen in rows if scanned is None or seen != ctx.get(i)], ctx


def pending_among(session: Session, spec: DetectorSpec, ids: Sequence[str], upstream: set[str],
                  freshness: Freshness) -> tuple[list[str], dict[str, str]]:
    """:func:`pending` restricted to some subjects (a live worker's candidates): the same rule, the same
    digests, at the cost of those subjects only. Ids that do not exist (yet) are left out."""
    table = SUBJECT_TABLES[spec.subject_type]
    scan = t.DetectorScan
    q = (select(table.id, scan.subject_id, scan.context)
         .outerjoin(scan, and_(scan.detector == spec.name, scan.detector_version == spec.version,
                               scan.subject_type == spec.subject_type, scan.subject_id == table.id)))
    rows = _rows(session, q, table.id, ids)
    ctx = contexts(session, spec.subject_type, upstream, freshness, [r[0] for r in rows])
    order = {i: n for n, i in enumerate(ids)}
    rows.sort(key=lambda r: order.get(r[0], len(order)))
    if ctx is None:
        return [i for i, scanned, _ in rows if scanned is None], {}
    return [i for i, scanned, seen in rows if scanned is None or seen != ctx.get(i)], ctx
