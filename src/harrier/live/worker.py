"""The live worker: scans what is pending as it arrives, keeps context and cases current.

Each cycle, stage by stage (later stages see earlier stages' signals, as in ``harrier scan``), every detector
takes its most urgent pending items (``queue``), claims a chunk (``claims``), re-checks it is still pending,
and runs it through ``pipeline.run_detector``: signals, scan marks and the release of the claims commit
together, so a killed worker loses nothing and duplicates nothing (its uncommitted chunk is pending again
once its claims lapse). Between cycles it refreshes context, policy and cases when due (``refresh``), beats
its heartbeat (``live_workers``) and, if asked, ingests new files from a watched export folder.

``stop()`` (SIGTERM/SIGINT) finishes the chunk in hand, releases the claims it still holds and exits.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue as queue_mod
import signal
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from harrier.detect import registry
from harrier.detect.base import DetectorSpec
from harrier.live import claims, metrics, queue, refresh
from harrier.live.tables import LiveWorkerRow
from harrier.pipeline import AFTER_STAGE, _call, make_executor, new_run_id, run_detector, upstream
from harrier.scan_deps import pending, pending_among
from harrier.store.db import Store
from harrier.store.signals import Freshness

log = logging.getLogger("harrier.live")


@dataclass
class LiveOptions:
    poll: float = 0.25  # seconds between cycles when there is nothing to do
    chunk: int = 512  # items claimed at once per detector
    per_cycle: int = 4096  # items per detector per cycle before the next stage gets its turn
    lease: float = 60.0  # seconds a claim holds (a killed worker's items are pending again after this)
    workers: int = 1  # detector processes (1 = in this process)
    refresh_interval: float = 2.0  # quick context/case refresh at most this often (and never > 1/3 of the time)
    global_interval: float = 600.0  # global refresh (propagation, communities, rings) at least this often
    global_signals: int = 5000  # ... or after this many new detector signals
    sweep_interval: float = 60.0  # full pending sweep (context changes not caught by the cycle)
    watch: Path | None = None  # an export folder to ingest from as files appear
    watch_interval: float = 2.0
    refresh: bool = True  # False: scan only (another worker refreshes)
    defer_backlog: int = 2000  # with more new items than this waiting, a refresh waits (scanning goes first)
    max_defer: float = 30.0  # ... but never longer than this since the last refresh
    refresh_nice: int = 10  # CPU priority of the refresher process, relative to the scanning
    max_refresh_wait: float = 600.0  # on shutdown, how long the refresh in hand may take to finish
    log_json: bool = False  # the refresher process logs like the worker
    blas_threads: int = 1  # BLAS threads of the in-process detectors (0: the library default)
    scan: bool = True  # False: refresh only (a deployment with one refresher beside several scanners)
    name: str | None = None

    @classmethod
    def from_env(cls, **overrides: Any) -> LiveOptions:
        """Defaults, then ``HARRIER_LIVE_<FIELD>`` (e.g. HARRIER_LIVE_GLOBAL_INTERVAL=300), then ``overrides``
        (CLI options that were given)."""
        opts = cls()
        for f in fields(cls):
            raw = os.environ.get(f"HARRIER_LIVE_{f.name.upper()}")
            if raw not in (None, ""):
                kind = type(getattr(opts, f.name)) if getattr(opts, f.name) is not None else str
                value: Any = (raw.lower() in ("1", "true", "yes", "on")) if kind is bool else (
                    Path(raw) if f.name == "watch" else kind(raw))
                setattr(opts, f.name, value)
        for k, v in overrides.items():
            if v is not None:
                setattr(opts, k, v)
        return opts


@dataclass
class _Lag:
    """Scan lag over a sliding window: from an item first seen pending to its signals committed."""

    window: float = 60.0
    samples: deque[tuple[float, float]] = field(default_factory=deque)

    def add(self, now: float, lag: float) -> None:
        self.samples.append((now, lag))
        while self.samples and self.samples[0][0] < now - self.window:
            self.samples.popleft()

    def quantile(self, q: float) -> float:
        lags = sorted(lag for _, lag in self.samples)
        return lags[min(len(lags) - 1, int(q * len(lags)))] if lags else 0.0


class LiveWorker:
    def __init__(self, store: Store, opts: LiveOptions | None = None) -> None:
        self.store = store
        self.opts = opts or LiveOptions()
        self.id = self.opts.name or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.first_seen: dict[tuple[str, str], float] = {}
        self.candidates: dict[str, set[str]] = {"account": set(), "media": set(), "post": set(), "comment": set()}
        self.lag = _Lag()
        self.scanned = 0
        self.last_sweep = 0.0
        self.last_watch = 0.0
        self.last_refresh: dict[str, Any] = {}
        self.backlog: dict[str, int] = {}  # new items listed per detector in the last cycle
        self.started = datetime.now(UTC)
        self._executor: Any = None
        self._last_refresh_at = time.time()
        self._last_beat = 0.0

    # --- lifecycle ---------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Finish the chunk in hand, then stop (graceful shutdown)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def start(self) -> LiveWorker:
        self._thread = threading.Thread(target=self.run, name="harrier-live", daemon=True)
        self._thread.start()
        return self

    def join(self, timeout: float | None = None) -> None:
        if self._thread:
            self._thread.join(timeout)

    def run(self) -> None:
        self._executor = make_executor(self.opts.workers)
        self._beat("starting")
        if self.opts.blas_threads:
            from threadpoolctl import threadpool_limits

            # BLAS threads beyond the cores spin against the API server and each other (see tests/conftest.py)
            threadpool_limits(limits=self.opts.blas_threads)
        if (self.opts.workers or 1) <= 1:  # load the models now, not under the first event's lag
            for spec in registry.DETECTORS:
                try:
                    registry.load(spec.factory, spec.ident)
                except Exception:  # noqa: BLE001 - the scan reports a detector that cannot load
                    log.exception("detector %s did not load", spec.ident, extra={"event": "detector.load_error"})
        self._beat("running")
        log.info("live worker started", extra={"event": "worker.start", "worker": self.id})
        # Refreshes run beside the scanning, in a process of their own at a lower CPU priority: a context step
        # over a large store takes seconds to minutes, and the scan lag must wait neither for it nor for the
        # interpreter lock it would hold; when the CPU is short, detection goes first.
        mp = get_context("spawn")  # not fork: this process has threads (uvicorn, webhooks) holding locks
        stop_ev, backlog, results = mp.Event(), mp.Value("q", 0), mp.Queue()
        refresher = mp.Process(target=_refresher_main, name="harrier-live-refresh", daemon=True,
                               args=(self.store.settings, self.opts, self.id, os.getpid(), stop_ev, backlog, results))
        if self.opts.refresh:
            refresher.start()
        try:
            while not self._stop.is_set():
                try:
                    busy = self.cycle() if self.opts.scan else False
                    backlog.value = sum(self.backlog.values())
                    self._refresh_results(results)
                    if time.time() - self._last_beat >= 1.0:
                        self._beat("running")
                except Exception:  # a database hiccup must not end the service: log, wait, go on
                    log.exception("live cycle failed", extra={"event": "cycle.error", "worker": self.id})
                    busy = False
                if not busy:
                    self._stop.wait(self.opts.poll)
        finally:
            stop_ev.set()
            if refresher.is_alive():
                refresher.join(self.opts.max_refresh_wait)  # finishes the refresh in hand
            self._refresh_results(results)
            with self.store.session() as s:
                claims.release_all(s, self.id)
            self._beat("stopped")
            self._executor.shutdown(wait=True, cancel_futures=True)
            log.info("live worker stopped", extra={"event": "worker.stop", "worker": self.id,
                                                   "scanned": self.scanned})

    # --- scanning ----------------------------------------------------------------------------------------

    def cycle(self) -> bool:
        """One pass over every detector, stage by stage. True when something was scanned."""
        now = time.time()
        if self.opts.watch is not None and now - self.last_watch >= self.opts.watch_interval:
            self.last_watch = now
            self._ingest_watched()
        sweep = now - self.last_sweep >= self.opts.sweep_interval
        if sweep:
            self.last_sweep = now
        run_id = new_run_id()
        busy = False
        for stage in sorted({s.stage for s in registry.DETECTORS}):
            media_scanned = False
            for spec in registry.specs(stage):
                if self._stop.is_set():
                    return busy
                n = self._scan_detector(spec, run_id, sweep)
                busy |= n > 0
                media_scanned |= n > 0 and spec.subject_type == "media"
            if media_scanned:  # bank matching, near-duplicate clusters: store-level, after stage 1
                for step in AFTER_STAGE.get(stage, []):
                    _call(step, self.store, run_id)
        return busy

    def _candidates(self, session: Session, spec: DetectorSpec, sweep: bool) -> tuple[list[str], dict[str, str]]:
        ups = upstream(spec.stage)
        # List more than this cycle takes, so an item waiting in a backlog is seen (its lag counted) from
        # the cycle it first could have been, not from the one that scans it.
        listed = queue.new_items(session, spec, self.opts.per_cycle * 16)
        self.backlog[spec.name] = len(listed)
        now = time.time()
        for i in listed:
            self.first_seen.setdefault((spec.name, i), now)
        todo = listed[: self.opts.per_cycle]
        ctx: dict[str, str] = {}
        touched = sorted(self.candidates[spec.subject_type] - set(todo))
        if sweep:  # (the freshness clause costs a pass over the signals: only built when digests are needed)
            more, ctx = pending(session, spec, ups, Freshness(session))
        elif touched:
            more, ctx = pending_among(session, spec, touched, ups, Freshness(session))
        else:
            more = []
        todo = list(dict.fromkeys([*todo, *more]))
        ok = queue.ready(session, spec, todo)  # earlier stages first, also across workers
        todo = [i for i in todo if i in ok]
        keep = {*listed, *more}  # what another worker scanned meanwhile is not ours to time
        for key in [k for k in self.first_seen if k[0] == spec.name and k[1] not in keep]:
            del self.first_seen[key]
        # what does not fit in this cycle is looked at again in the next one (new items are found anyway)
        self.candidates[spec.subject_type] = set(todo[self.opts.per_cycle:])
        return todo[: self.opts.per_cycle], ctx

    def _scan_detector(self, spec: DetectorSpec, run_id: str, sweep: bool) -> int:
        with self.store.sessions() as s:
            todo, _ = self._candidates(s, spec, sweep)
        if not todo:
            return 0
        now = time.time()
        for i in todo:
            self.first_seen.setdefault((spec.name, i), now)
        done = 0
        for k in range(0, len(todo), self.opts.chunk):
            if self._stop.is_set():
                break
            done += self._scan_chunk(spec, todo[k: k + self.opts.chunk], run_id)
        return done

    def _scan_chunk(self, spec: DetectorSpec, ids: Sequence[str], run_id: str) -> int:
        t0 = time.perf_counter()
        with self.store.session() as s:
            mine = claims.claim(s, spec, ids, self.id, self.opts.lease)
        for i in set(ids) - set(mine):  # another worker holds these: its lag, not ours
            self.first_seen.pop((spec.name, i), None)
        if not mine:
            return 0
        # Still pending now that we hold them? Another worker may have committed them before our claim.
        with self.store.sessions() as s:
            work, ctx = pending_among(s, spec, mine, upstream(spec.stage), Freshness(s))
        stale = sorted(set(mine) - set(work))
        if stale:
            with self.store.session() as s:
                claims.release(s, spec, stale, self.id)
            for i in stale:
                self.first_seen.pop((spec.name, i), None)
        if not work:
            return 0
        committed: list[str] = []

        def on_commit(session: Session, batch_ids: list[str]) -> None:
            claims.release(session, spec, batch_ids, self.id)
            committed.extend(batch_ids)

        if self._executor is None:
            self._executor = make_executor(self.opts.workers)
        rep = run_detector(self.store, spec, run_id, self._executor, work=(work, ctx), on_commit=on_commit)
        now = time.time()
        for i in committed:
            seen = self.first_seen.pop((spec.name, i), None)
            if seen is not None:
                lag = now - seen
                self.lag.add(now, lag)
                metrics.SCAN_LAG.labels(spec.name).observe(lag)
        metrics.BATCH_SECONDS.labels(spec.name).observe(time.perf_counter() - t0)
        metrics.SCANNED.labels(spec.name).inc(rep.scanned)
        self.scanned += rep.scanned
        with self.store.sessions() as s:
            for typ, ids_ in queue.dependents(s, spec.subject_type, committed).items():
                self.candidates[typ].update(ids_)
        return rep.scanned

    def _ingest_watched(self) -> None:
        from harrier.ingest import ExportError, run_ingest

        assert self.opts.watch is not None
        root = self.opts.watch
        if not root.is_dir():
            return
        # the folder is an export itself, or holds exports dropped into it (move a finished folder in: a file
        # still being written would be read half-way); ingestion is resumable, so a file is read once
        def is_export(p: Path) -> bool:
            return any((p / f"accounts.{ext}").is_file() for ext in ("jsonl", "parquet"))

        exports = [root] if is_export(root) else sorted(p for p in root.iterdir() if p.is_dir() and is_export(p))
        for folder in exports:
            try:
                run_ingest(self.store, folder, progress=False)
            except ExportError as e:
                log.warning("watched export not ingestible: %s", e,
                            extra={"event": "watch.error", "folder": str(folder)})

    # --- refresh and heartbeat ---------------------------------------------------------------------------

    def _refresh_results(self, results: Any) -> None:
        """Metrics and heartbeat of the refresher process's refreshes."""
        while True:
            try:
                res = results.get_nowait()
            except queue_mod.Empty:
                return
            metrics.REFRESH_SECONDS.labels(res["kind"]).observe(res["seconds"])
            metrics.CASES_OPENED.inc(res["opened"])
            self.last_refresh = {"kind": res["kind"], "run_id": res["run_id"], "seconds": round(res["seconds"], 3),
                                 "cases": res["cases"], "at": datetime.now(UTC).isoformat()}

    def maybe_refresh(self, force: str | None = None) -> refresh.RefreshResult | None:
        if not self.opts.refresh and force is None:
            return None
        kind = force or refresh.due(self.store, self.opts.refresh_interval, self.opts.global_interval,
                                    self.opts.global_signals)
        if kind is None:
            return None
        # Back-pressure: while the detectors are behind, scanning goes first; cases wait, up to max_defer s.
        behind = sum(self.backlog.values()) > self.opts.defer_backlog
        waited = time.time() - self._last_refresh_at
        if force is None and behind and waited < self.opts.max_defer:
            return None
        if not refresh.take_lease(self.store, self.id, 900):  # a refresher killed mid-refresh holds it 15 min
            return None
        try:
            res = refresh.run_refresh(self.store, kind)
        finally:
            refresh.drop_lease(self.store, self.id)
        self._last_refresh_at = time.time()
        metrics.REFRESH_SECONDS.labels(kind).observe(res.seconds)
        metrics.CASES_OPENED.inc(res.opened)
        self.last_refresh = {"kind": res.kind, "run_id": res.run_id, "seconds": round(res.seconds, 3),
                             "cases": res.cases, "at": datetime.now(UTC).isoformat()}
        return res

    def _beat(self, state: str) -> None:
        self._last_beat = time.time()
        p50, p95 = self.lag.quantile(0.5), self.lag.quantile(0.95)
        metrics.LAG_QUANTILE.labels("0.5").set(p50)
        metrics.LAG_QUANTILE.labels("0.95").set(p95)
        oldest = min(self.first_seen.values(), default=None)
        stats = {"lag_p50": round(p50, 3), "lag_p95": round(p95, 3), "scanned": self.scanned,
                 "oldest_pending_s": round(time.time() - oldest, 1) if oldest else 0.0,
                 "last_refresh": self.last_refresh}
        now = datetime.now(UTC)
        with self.store.session() as s:
            row = s.get(LiveWorkerRow, self.id)
            if row is None:
                s.add(LiveWorkerRow(worker=self.id, host=socket.gethostname(), pid=os.getpid(),
                                    started_at=self.started, heartbeat_at=now, state=state, stats=stats))
            else:
                row.heartbeat_at, row.state, row.stats = now, state, stats


def _refresher_main(settings: Any, opts: LiveOptions, owner: str, parent_pid: int, stop: Any, backlog: Any,
                    results: Any) -> None:
    """The refresher process: refresh when due (``refresh.due``), report each refresh to the worker."""
    with contextlib.suppress(OSError):
        os.nice(opts.refresh_nice)
    from harrier.live import logs

    logs.configure(opts.log_json)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker tells it when to stop (Ctrl-C reaches both)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    worker = LiveWorker(Store(settings), opts)
    worker.id = f"{owner}/refresh"
    while not stop.is_set() and os.getppid() == parent_pid:  # a killed worker's refresher ends too
        worker.backlog = {"all": int(backlog.value)}
        try:
            res = worker.maybe_refresh()
        except Exception:  # keep refreshing through a hiccup; the next due refresh catches up
            log.exception("live refresh failed", extra={"event": "refresh.error", "worker": worker.id})
            res = None
        if res is not None:
            results.put(asdict(res))
        stop.wait(max(opts.poll, 0.5))
