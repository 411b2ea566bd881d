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

from sqlalchemy import and_, exists, func, select
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
