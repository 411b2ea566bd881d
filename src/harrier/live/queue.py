"""What a live worker scans next: the detectors' pending sets, read cheaply.

Three sources, all of them the batch path's definition of pending (``harrier.scan_deps``):

* new items: no scan row at the detector's version (one anti-join, cheap however large the store);
* items whose context a scan just changed (the comments under a post scanned a moment ago, the posts of an
  account or media just scanned): their digests are recomputed for those ids only (``pending_among``);
* a periodic full sweep (``pending``) that catches everything else (re-scored media after bank matching...).

Comments under child-likely posts come first: when detectors fall behind, the text detection that matters
most is not stuck behind the rest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from harrier.detect import registry
from harrier.detect.base import DetectorSpec
from harrier.scan_deps import SUBJECT_TABLES
from harrier.store import tables as t

CHILD_LIKELY = 0.5  # post.minor_likelihood from which comments under the post go first


def _unscanned(spec: DetectorSpec):  # type: ignore[no-untyped-def]
    table = SUBJECT_TABLES[spec.subject_type]
    scan, err = t.DetectorScan, t.ScanError
    scanned = exists().where(scan.detector == spec.name, scan.detector_version == spec.version,
                             scan.subject_type == spec.subject_type, scan.subject_id == table.id)
    # an item the detector failed on is retried by the sweep, not in every cycle (it would spin)
    failed = exists().where(err.detector == spec.name, err.detector_version == spec.version,
                            err.subject_type == spec.subject_type, err.subject_id == table.id)
    return table, and_(~scanned, ~failed)


def new_items(session: Session, spec: DetectorSpec, limit: int) -> list[str]:
    """Unscanned items, most urgent first (comments under child-likely posts), at most ``limit``."""
    table, cond = _unscanned(spec)
    q = select(table.id).where(cond)
    if spec.subject_type == "comment":
        fusion = next((s for s in registry.DETECTORS if s.subject_type == "post" and s.name == "post.fusion"), None)
        if fusion is not None:
            sig = t.SignalRow
            child = exists().where(sig.subject_type == "post", sig.subject_id == t.Comment.post_id,
                                   sig.kind == "post.minor_likelihood", sig.score >= CHILD_LIKELY,
                                   sig.detector == fusion.name, sig.detector_version == fusion.version)
            q = q.order_by(child.desc(), table.id)
    return list(session.execute(q.limit(limit)).scalars())


def depth(session: Session, spec: DetectorSpec) -> int:
    """How many items the detector has never scanned (the queue depth reported by /health and /metrics)."""
    table, cond = _unscanned(spec)
    return int(session.execute(select(func.count()).select_from(table).where(cond)).scalar() or 0)


def depths(session: Session) -> dict[str, int]:
    return {s.name: depth(session, s) for s in registry.DETECTORS}


def dependents(session: Session, subject_type: str, ids: list[str]) -> dict[str, list[str]]:
    """Subjects whose scan context includes these just-scanned subjects' signals (scan_deps): an account's
    posts, a media item's post, a post's comments. Per subject type."""
    from harrier.store.signals import id_chunks

    out: dict[str, list[str]] = {}
    if subject_type == "account":
        out["post"] = [p for c in id_chunks(ids) for p in session.execute(
            select(t.Post.id).where(t.Post.author_id.in_(c))).scalars()]
    elif subject_type == "media":
        out["post"] = [p for c in id_chunks(ids) for p in session.execute(
            select(t.Media.post_id).where(t.Media.id.in_(c))).scalars()]
    elif subject_type == "post":
        out["comment"] = [x for c in id_chunks(ids) for x in session.execute(
            select(t.Comment.id).where(t.Comment.post_id.in_(c))).scalars()]
    return out


def _done_by(spec: DetectorSpec, subject_id: Any):  # type: ignore[no-untyped-def]
    """SQL: ``spec`` has scanned the subject (or failed on it: a poison item must not hold up the next stage)."""
    scan, err = t.DetectorScan, t.ScanError
    return or_(
        exists().where(scan.detector == spec.name, scan.detector_version == spec.version,
                       scan.subject_type == spec.subject_type, scan.subject_id == subject_id),
        exists().where(err.detector == spec.name, err.detector_version == spec.version,
                       err.subject_type == spec.subject_type, err.subject_id == subject_id))


def ready(session: Session, spec: DetectorSpec, ids: list[str]) -> set[str]:
    """The items whose upstream subjects, where they exist, every earlier stage's detector has scanned.

    One worker runs the stages in order; two may not (one at stage 3 while the other is still at stage 2):
    a comment scanned before its post's stage-2 signals would be pending again (its context changed) and
    scanned twice. A missing upstream subject is no reason to wait (out-of-order arrival, as in batch)."""
    from harrier.store.signals import id_chunks

    earlier = [s for s in registry.DETECTORS if s.stage < spec.stage]
    if spec.subject_type == "comment":
        posts = [s for s in earlier if s.subject_type == "post"]
        table = t.Comment
        blocked = [exists().where(t.Post.id == t.Comment.post_id, ~_done_by(s, t.Post.id)) for s in posts]
    elif spec.subject_type == "post":
        table = t.Post
        blocked = [exists().where(t.Account.id == t.Post.author_id, ~_done_by(s, t.Account.id))
                   for s in earlier if s.subject_type == "account"]
        blocked += [exists().where(t.Media.post_id == t.Post.id, ~_done_by(s, t.Media.id))
                    for s in earlier if s.subject_type == "media"]
    else:
        return set(ids)
    if not blocked:
        return set(ids)
    out: set[str] = set()
    for chunk in id_chunks(ids):
        out.update(session.execute(select(table.id).where(table.id.in_(chunk), ~or_(*blocked))).scalars())
    return out
