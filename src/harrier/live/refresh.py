"""Keeping context, policy and cases current while items are scanned.

Two kinds of refresh, both the batch path's own code and definitions (``context.data.load``/``FLAG``,
``features.compute``, ``risk``, ``policy.evaluate``, ``cases.qualifies`` via ``cases.assemble``), so the same
data gives the same cases live and batch:

* **quick** (soon after new signals): the per-account part of the context step: features, lone-offender
  evidence and risk, with the network terms (propagated risk, ring membership) as the last global refresh
  left them; then policy and cases. Lone offenders and everything an account's own words show get a case
  within seconds.
* **global** (on a cadence, every ``global_interval`` seconds or ``global_signals`` new detector signals, and
  on demand): the whole context step (propagation, communities, rings), exactly ``harrier scan``'s.

One worker at a time refreshes (a lease in ``live_state``); the others keep scanning.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from harrier.context import analysis, features, guardian, risk
from harrier.context.data import ContextData, load
from harrier.detect import registry
from harrier.live.tables import LiveState
from harrier.pipeline import new_run_id
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import Freshness, append_signals, fresh_signals, record_run

log = logging.getLogger("harrier.live")

STATE_KEY = "refresh"


@dataclass
class RefreshResult:
    kind: str  # quick | global
    run_id: str
    seconds: float
    context_signals: int
    verdicts: int
    cases: int
    opened: int


def _aware(dt: datetime | None) -> datetime | None:
    return None if dt is None else (dt if dt.tzinfo else dt.replace(tzinfo=UTC))


def state(session: Session) -> LiveState:
    row = session.get(LiveState, STATE_KEY)
    if row is None:  # two workers may start at once: the first insert wins, the other reads it
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(LiveState).values(key=STATE_KEY, value={}, updated_at=datetime.now(UTC))
                        .on_conflict_do_nothing())
        row = session.get(LiveState, STATE_KEY)
        assert row is not None
    return row


def request_global(store: Store) -> None:
    """Ask for a global refresh at the next opportunity (``harrier live refresh``, the API)."""
    with store.session() as s:
        row = state(s)
        row.value = {**(row.value or {}), "global_requested": True}
        row.updated_at = datetime.now(UTC)


def take_lease(store: Store, owner: str, seconds: float) -> bool:
    now = datetime.now(UTC)
    with store.session() as s:
        state(s)
    with store.session() as s:
        res = s.execute(update(LiveState).where(
            LiveState.key == STATE_KEY,
            (LiveState.lease_until.is_(None)) | (LiveState.lease_until < now) | (LiveState.lease_owner == owner),
        ).values(lease_until=now + timedelta(seconds=seconds), lease_owner=owner))
        return (res.rowcount or 0) == 1


def drop_lease(store: Store, owner: str) -> None:
    with store.session() as s:
        s.execute(update(LiveState).where(LiveState.key == STATE_KEY, LiveState.lease_owner == owner)
                  .values(lease_until=None, lease_owner=None))


def _detector_marks(session: Session) -> tuple[datetime | None, int]:
    """When a detector last scanned anything, and the id of the newest detector signal."""
    last_scan = session.execute(select(func.max(t.DetectorScan.scanned_at))).scalar()
    names = [s.name for s in registry.DETECTORS]
    last_sig = session.execute(select(func.max(t.SignalRow.id)).where(t.SignalRow.detector.in_(names))).scalar()
    return _aware(last_scan), int(last_sig or 0)


def due(store: Store, min_interval: float, global_interval: float, global_signals: int) -> str | None:
    """Which refresh is due now, if any: ``global`` (cadence, signal count, on demand, or none yet), ``quick``
    (something was scanned since the last refresh, and the last one finished ``min_interval`` ago)."""
    with store.session() as s:
        v = dict(state(s).value or {})
        last_scan, last_sig = _detector_marks(s)
    now = time.time()
    if v.get("global_requested"):
        return "global"
    if last_scan is None:
        return None
    if "global_at" not in v:
        return "global"
    if now - float(v.get("finished_at", 0)) < max(min_interval, 2.0 * float(v.get("seconds", 0))):
        return None  # a refresh costs what it costs: never more than a third of the time
    # A global refresh falls due on its cadence; it never runs twice in a row unless asked for, so that on a
    # busy platform (N new signals every minute) the touched accounts' quick refreshes still come between.
    if (now - float(v["global_at"]) >= global_interval
            or last_sig - int(v.get("global_signal_id", 0)) >= global_signals) and \
            last_scan.timestamp() > float(v.get("global_at", 0)) and v.get("last_kind") != "global":
        return "global"
    if last_scan.timestamp() > float(v.get("started_at", 0)):
        return "quick"
    return None


def _network_scores(session: Session, d: ContextData, fresh: Freshness) -> tuple[np.ndarray, np.ndarray]:
    """Propagated risk and ring score per account as the last global refresh stored them."""
    prop = np.zeros(d.n_accounts, np.float32)
    ring = np.zeros(d.n_accounts, np.float32)
    idx = d.account_index
    for s in fresh_signals(session, "account", kinds=("account.propagated_risk", "ring.membership"),
                           freshness=fresh):
        i = idx.get(s.subject[1])
        if i is None:
            continue
        arr = prop if s.kind == "account.propagated_risk" else ring
        arr[i] = max(arr[i], s.score)
    return prop, ring


def quick_context(store: Store, run_id: str) -> int:
    """Features, lone-offender evidence and risk of every account from the current signals, with the network
    terms of the last global refresh: the same computation as ``analysis.run`` minus propagation and rings."""
    with store.session() as s:
        d = load(s)
        prop, ring = _network_scores(s, d, Freshness(s))
    f = features.compute(d)
    pre = risk.pre_network(f)
    r = risk.final(d, f, pre, prop, ring)
    scores = np.maximum.reduce([*f.scores.values(), prop, r.score])
    accounts = np.flatnonzero((scores >= analysis.EMIT_MIN) | (f.counts["flagged_comments"] > 0))
    sigs = features.signals(d, f, accounts, analysis.EMIT_MIN) + risk.signals(d, r, accounts, analysis.EMIT_MIN)
    sigs += guardian.signals(d, f)
    with store.session() as s:
        append_signals(s, sigs, run_id)
        for producer in (features.NAME, risk.NAME):  # complete snapshots of these two producers
            record_run(s, producer, run_id)
    return len(sigs)


def run_refresh(store: Store, kind: str, on_change: Any = None) -> RefreshResult:
    """One refresh (the caller holds the lease): context, then policy, then cases, as ``harrier scan``."""
    from harrier import policy
    from harrier.context import cases
    from harrier.enforce.case_events import enqueue_case_changes
    from harrier.enforce.guardian import enqueue_notices

    start = time.time()
    run_id = new_run_id()
    with store.session() as s:
        row = state(s)
        row.value = {**(row.value or {}), "started_at": start, "running": kind}
        _, last_sig = _detector_marks(s)
    opened = 0

    def changed(session: Session, changes: list[Any]) -> None:
        nonlocal opened
        opened += sum(1 for e, _, _ in changes if e == "case.opened")
        enqueue_case_changes(session, changes)
        if on_change:
            on_change(changes)

    n_ctx = len(analysis.run(store, run_id)) if kind == "global" else quick_context(store, run_id)
    verdicts = policy.evaluate(store, run_id)
    n_cases = int(cases.assemble(store, verdicts, run_id, on_change=changed) or 0)
    enqueue_notices(store, verdicts, run_id)  # guardian notices, as the batch scan writes them
    took = time.time() - start
    with store.session() as s:
        row = state(s)
        v = {k: val for k, val in (row.value or {}).items() if k != "running"}
        v |= {"finished_at": time.time(), "seconds": took, "last_kind": kind, "last_run_id": run_id}
        if kind == "global":
            v |= {"global_at": start, "global_signal_id": last_sig, "global_requested": False,
                  "global_seconds": took}
        row.value = v
        row.updated_at = datetime.now(UTC)
    res = RefreshResult(kind, run_id, took, n_ctx, sum(1 for x in verdicts.values() if x.actionable), n_cases,
                        opened)
    log.info("refresh", extra={"event": "refresh", "kind": kind, "run_id": run_id, "seconds": round(took, 3),
                               "cases": n_cases, "opened": opened})
    return res
