"""Append-only signal storage and the queries everything downstream uses.

Freshness: a signal from a registered pipeline detector is fresh while its version is the registered one
(a new version re-scans and its signals supersede the old ones without deleting them). A signal from a
producer that recomputes everything each scan (context features, propagation) is fresh when it belongs to
that producer's latest run. A detector's re-scan of a subject at the same version (its context changed)
supersedes that detector's earlier signals about it: ``detector_scans.run_id`` names the run whose signals count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime

from sqlalchemy import and_, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from harrier.model.signals import Evidence, Signal
from harrier.store.tables import ContentChange, DetectorScan, ProducerRun, SignalRow

CHUNK = 500  # ids per IN (...) clause: stays under SQLite's and PostgreSQL's parameter limits


def id_chunks(ids: Iterable[str | None]) -> Iterator[list[str]]:
    """Distinct, non-empty ids in slices of CHUNK, in first-seen order, for ``IN (...)`` queries."""
    uniq = list(dict.fromkeys(i for i in ids if i))
    for i in range(0, len(uniq), CHUNK):
        yield uniq[i : i + CHUNK]


def append_signals(session: Session, signals: Iterable[Signal], run_id: str | None = None) -> int:
    now = datetime.now(UTC)
    rows = [
        {
            "subject_type": s.subject[0],
            "subject_id": s.subject[1],
            "kind": s.kind,
            "score": float(s.score),
            "detector": s.detector_name,
            "detector_version": s.detector_version,
            "evidence": [e.compact() for e in s.evidence],
            "run_id": run_id,
            "created_at": now,
        }
        for s in signals
    ]
    if rows:
        session.execute(insert(SignalRow), rows)
    return len(rows)


def record_run(session: Session, producer: str, run_id: str) -> None:
    """Mark that ``producer`` wrote a complete snapshot in ``run_id`` (possibly empty): from now on only
    that run's signals of this producer are fresh. Call it in the transaction that appends the snapshot."""
    session.execute(insert(ProducerRun), [{"producer": producer, "run_id": run_id, "created_at": datetime.now(UTC)}])


def row_to_signal(r: SignalRow) -> Signal:
    return Signal(
        subject=(r.subject_type, r.subject_id),  # type: ignore[arg-type]
        kind=r.kind,
        score=max(0.0, min(1.0, r.score)),
        detector=f"{r.detector}@{r.detector_version}",
        evidence=[Evidence(**e) for e in (r.evidence or [])],
    )


class Freshness:
    """The freshness rule as one SQL clause, computed once and reused for many queries within a step
    (recomputing it per query would scan the signals table each time)."""

    def __init__(self, session: Session) -> None:
        from harrier.detect.registry import current_versions

        versions = current_versions()
        latest = dict(
            session.execute(
                select(SignalRow.detector, func.max(SignalRow.run_id))
                .where(SignalRow.detector.not_in(list(versions) or [""]))
                .group_by(SignalRow.detector)
            ).all()
        )
        # A producer that records its runs is fresh for its latest recorded run, even an empty one.
        latest.update(session.execute(
            select(ProducerRun.producer, func.max(ProducerRun.run_id)).group_by(ProducerRun.producer)
        ).all())
        parts = [and_(SignalRow.detector == d, SignalRow.detector_version == v) for d, v in versions.items()]
        for d, r in latest.items():
            parts.append(and_(SignalRow.detector == d, SignalRow.run_id == r if r is not None
                              else SignalRow.run_id.is_(None)))
        current = or_(*parts) if parts else SignalRow.id.is_(None)
        changed = exists().where(
            ContentChange.subject_type == SignalRow.subject_type,
            ContentChange.subject_id == SignalRow.subject_id,
            ContentChange.changed_at > SignalRow.created_at,
        )
        superseded = exists().where(
            DetectorScan.detector == SignalRow.detector,
            DetectorScan.detector_version == SignalRow.detector_version,
            DetectorScan.subject_type == SignalRow.subject_type,
            DetectorScan.subject_id == SignalRow.subject_id,
            DetectorScan.run_id.is_not(None),  # scans recorded before runs were: their signals stand
            or_(SignalRow.run_id.is_(None), DetectorScan.run_id != SignalRow.run_id),
        )
        self.clause = and_(current, ~changed, ~superseded)


def fresh_signals(
    session: Session,
    subject_type: str | None = None,
    subject_ids: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    min_score: float | None = None,
    freshness: Freshness | None = None,
    detectors: Iterable[str] | None = None,
) -> list[Signal]:
    """Fresh signals, optionally narrowed to one subject type, some subject ids, some kinds, some detectors
    (by name)."""
    fresh = (freshness or Freshness(session)).clause
    base = select(SignalRow).where(fresh)
    if subject_type is not None:
        base = base.where(SignalRow.subject_type == subject_type)
    if detectors is not None:
        base = base.where(SignalRow.detector.in_(sorted(detectors)))
    if kinds is not None:
        base = base.where(SignalRow.kind.in_(list(kinds)))
    if min_score is not None:
        base = base.where(SignalRow.score >= min_score)
    if subject_ids is None:
        return [row_to_signal(r) for r in session.execute(base.order_by(SignalRow.id)).scalars()]
    out: list[Signal] = []
    for chunk in id_chunks(subject_ids):
        q = base.where(SignalRow.subject_id.in_(chunk)).order_by(SignalRow.id)
        out.extend(row_to_signal(r) for r in session.execute(q).scalars())
    return out


def by_subject(signals: Iterable[Signal]) -> dict[tuple[str, str], list[Signal]]:
    out: dict[tuple[str, str], list[Signal]] = defaultdict(list)
    for s in signals:
        out[s.subject].append(s)
    return out
