"""The context step: features -> first risk -> propagation -> rings -> final risk, all on arrays.

:func:`analyse` is pure computation over a :class:`ContextData` (the benchmark calls it directly);
:func:`run` loads the store, analyses, appends the signals for this run and writes the rings table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select

from harrier.context import communities, features, guardian, propagation, risk
from harrier.context.data import ContextData, load
from harrier.model.signals import Signal
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import append_signals, record_run

EMIT_MIN = 0.05  # feature signals below this are not stored: a zero is the default


@dataclass
class Analysis:
    features: features.Features
    propagation: propagation.Propagation
    rings: list[communities.Ring]
    risk: risk.Risk
    ring_of: np.ndarray  # int index into rings per account, -1 none
    seconds: dict[str, float] = field(default_factory=dict)


def analyse(d: ContextData) -> Analysis:
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    f = features.compute(d)
    pre = risk.pre_network(f)
    times["features"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    prop = propagation.propagate(d, risk.seeds(d, pre))
    times["propagation"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    # Suspicious enough to be clustered: own evidence, or strongly tied to seeds *and* some evidence.
    suspicious = (pre >= risk.SUSPICIOUS) | ((prop.score >= 0.5) & (pre >= risk.SUSPICIOUS / 2))
    suspicious &= ~d.cleared
    rings = communities.detect(d, suspicious, np.maximum(pre, d.seeds_confirmed.astype(np.float32)))
    ring_of = np.full(d.n_accounts, -1, np.int64)
    ring_score = np.zeros(d.n_accounts, np.float32)
    for i, r in enumerate(rings):
        ring_of[r.members] = i
        ring_score[r.members] = r.score
    times["communities"] = time.perf_counter() - t0

    r = risk.final(d, f, pre, prop.score, ring_score)
    return Analysis(features=f, propagation=prop, rings=rings, risk=r, ring_of=ring_of, seconds=times)


def to_signals(d: ContextData, an: Analysis, min_score: float = EMIT_MIN) -> list[Signal]:
    scores = np.maximum.reduce([*an.features.scores.values(), an.propagation.score, an.risk.score])
    accounts = np.flatnonzero((scores >= min_score) | (an.features.counts["flagged_comments"] > 0))
    out = features.signals(d, an.features, accounts, min_score)
    out += guardian.signals(d, an.features)  # per family post, emitted under the features producer
    out += propagation.signals(d, an.propagation, accounts, min_score)
    out += communities.signals(d, an.rings)
    out += risk.signals(d, an.risk, accounts, min_score)
    return out


def write_rings(session, d: ContextData, rings: list[communities.Ring], run_id: str) -> None:  # type: ignore[no-untyped-def]
    """Upsert this scan's rings; rings not found again stay (cases may point at them) but are marked inactive."""
    now = datetime.now(UTC)
    found = {r.ring_id for r in rings}
    for old in session.execute(select(t.Ring)).scalars():
        if old.ring_id not in found and (old.summary or {}).get("active", True):
            old.summary = {**(old.summary or {}), "active": False, "dissolved_in_run": run_id}
            old.updated_at = now
    for r in rings:
        row = session.get(t.Ring, r.ring_id)
        members = [d.account_ids[i] for i in r.members]
        posts = [d.post_ids[p] for p in r.posts]
        summary = {**r.summary, "active": True, "run_id": run_id,
                   "authors": sorted({d.account_ids[d.post_author[p]] for p in r.posts})[:50]}
        if row is None:
            session.add(t.Ring(ring_id=r.ring_id, members=members, posts=posts, score=r.score, summary=summary,
                               updated_at=now))
        else:
            row.members, row.posts, row.score, row.summary, row.updated_at = members, posts, r.score, summary, now


def run(store: Store, run_id: str) -> list[Signal]:
    """Recompute every context signal over the whole store for this run and write the rings."""
    with store.session() as session:
        d = load(session)
    sigs: list[Signal] = []
    rings: list[communities.Ring] = []
    if d.n_accounts:  # a store with nothing ingested yet is an empty snapshot, not an argmax over nothing
        an = analyse(d)
        sigs, rings = to_signals(d, an), an.rings
    with store.session() as session:
        append_signals(session, sigs, run_id)
        # Each producer wrote a complete snapshot: record it, so one that emits nothing this run leaves
        # nothing of its earlier runs fresh.
        for producer in (features.NAME, propagation.NAME, communities.NAME, risk.NAME):
            record_run(session, producer, run_id)
        write_rings(session, d, rings, run_id)
    return sigs
