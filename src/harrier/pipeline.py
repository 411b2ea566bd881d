"""Orchestrates detect -> context -> policy -> cases over the store, incrementally.

Each registered detector runs only over subjects it has not yet scanned at its current version, or scanned
in a context that has changed since (the ``detector_scans`` table, ``harrier.scan_deps``), stage by stage, so
later stages see earlier stages' signals. Batches run on a process pool (detectors are pure and load their
models once per worker). Every batch's signals and scan marks are committed together: a killed scan resumes
where it stopped. A batch whose detector raises is retried item by item; the items that still fail are
recorded in ``scan_errors`` with the exception, stay pending, and the scan goes on.
"""

from __future__ import annotations

import importlib
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text
from sqlalchemy import and_, delete, insert, select
from sqlalchemy.orm import Session

from harrier.detect import registry
from harrier.detect.base import AccountInput, CommentInput, DetectorInput, DetectorSpec, MediaInput, PostInput
from harrier.detect.batches import BatchError, run_batch
from harrier.model import entities
from harrier.model.signals import Signal
from harrier.scan_deps import pending
from harrier.store import tables as t
from harrier.store.db import Store
from harrier.store.signals import Freshness, append_signals, by_subject, fresh_signals, id_chunks

# Store-level steps that run after a stage (they read the store, unlike detectors): bank matching and
# near-duplicate clustering need every media hash at once. Each is "module:function(store, run_id) -> int".
AFTER_STAGE: dict[int, list[str]] = {
    1: ["harrier.detect.hashing.match:match_store", "harrier.detect.hashing.clusters:cluster_store"],
}


@dataclass
class DetectorReport:
    detector: str
    scanned: int = 0
    signals: int = 0
    seconds: float = 0.0
    failed: list[dict[str, str]] = field(default_factory=list)  # [{subject_type, subject_id, error}]

    @property
    def rate(self) -> float:
        return self.scanned / self.seconds if self.seconds else 0.0


@dataclass
class ScanReport:
    run_id: str
    detectors: list[DetectorReport] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)
    context_signals: int = 0
    verdicts: int = 0
    cases: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "detectors": [d.__dict__ | {"rate": round(d.rate, 1)} for d in self.detectors],
            "steps": self.steps,
            "context_signals": self.context_signals,
            "verdicts": self.verdicts,
            "cases": self.cases,
            "seconds": round(self.seconds, 2),
        }


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


def new_run_id() -> str:
    # Sortable: freshness of recomputed producers is "latest run_id".
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]


def upstream(stage: int, inclusive: bool = False) -> set[str]:
    """The producers whose signals a stage's inputs carry: the detectors of earlier stages (and of the stage
    itself when ``inclusive``) and the store-level steps after them. Never context or policy, which run after
    the detectors and would feed one scan's results into the next one's inputs."""
    names = {s.name for s in registry.DETECTORS if s.stage < stage or (inclusive and s.stage == stage)}
    for after, steps in AFTER_STAGE.items():
        if after < stage:
            names |= {importlib.import_module(step.partition(":")[0]).PRODUCER for step in steps}
    return names


# --- building detector inputs from the store ---------------------------------------------------------------


def _account_entity(r: t.Account) -> entities.Account:
    return entities.Account.model_construct(
        id=r.id, handle=r.handle, display_name=r.display_name, bio=r.bio, created_at=r.created_at,
        profile_url=r.profile_url, declared_age=r.declared_age, **(r.extra or {}),
    )


def _post_entity(r: t.Post, media: Sequence[t.Media] = ()) -> entities.Post:
    refs = [
        entities.MediaRef.model_construct(id=m.id, type=m.type, path=m.path, url=m.url, sha256=m.sha256)
        for m in sorted(media, key=lambda m: m.position)
    ]
    return entities.Post.model_construct(
        id=r.id, author_id=r.author_id, created_at=r.created_at, caption=r.caption, hashtags=r.hashtags or [],
        sound=r.sound, platform_labels=r.platform_labels or [], media=refs, url=r.url, **(r.extra or {}),
    )


def _comment_entity(r: t.Comment) -> entities.Comment:
    return entities.Comment.model_construct(
        id=r.id, post_id=r.post_id, author_id=r.author_id, parent_id=r.parent_id, created_at=r.created_at,
        text=r.text, **(r.extra or {}),
    )


def _rows_by_id(session: Session, table: Any, ids: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for chunk in id_chunks(ids):
        for r in session.execute(select(table).where(table.id.in_(chunk))).scalars():
            out[r.id] = r
    return out


def _media_by_post(session: Session, post_ids: Sequence[str]) -> dict[str, list[t.Media]]:
    out: dict[str, list[t.Media]] = defaultdict(list)
    for chunk in id_chunks(post_ids):
        for m in session.execute(select(t.Media).where(t.Media.post_id.in_(chunk))).scalars():
            out[m.post_id].append(m)
    return out


class InputBuilder:
    """Builds the inputs of one batch. Detectors never read the store: this is what they get. Related
    subjects' signals are those of the producers upstream of ``stage`` (a parent comment's also the stage's
    own); ``harrier.scan_deps`` digests the same context."""

    def __init__(self, store: Store, session: Session, freshness: Freshness, stage: int) -> None:
        self.store = store
        self.session = session
        self.freshness = freshness
        self.upstream = upstream(stage)
        self.same_stage = upstream(stage, inclusive=True)

    def _signals(self, subject_type: str, ids: Sequence[str],
                 producers: set[str] | None = None) -> dict[tuple[str, str], list[Signal]]:
        return by_subject(fresh_signals(self.session, subject_type, ids, freshness=self.freshness,
                                        detectors=self.upstream if producers is None else producers))

    def build(self, subject_type: str, ids: Sequence[str]) -> list[DetectorInput]:
        return getattr(self, f"_build_{subject_type}")(ids)

    def _build_account(self, ids: Sequence[str]) -> list[DetectorInput]:
        rows = _rows_by_id(self.session, t.Account, ids)
        return [AccountInput(_account_entity(rows[i])) for i in ids if i in rows]

    def _build_media(self, ids: Sequence[str]) -> list[DetectorInput]:
        rows = _rows_by_id(self.session, t.Media, ids)
        out: list[DetectorInput] = []
        for i in ids:
            m = rows.get(i)
            if m is None:
                continue
            path = self.store.blobs.path_for(m.sha256) if m.sha256 else None
            out.append(MediaInput(media_id=m.id, post_id=m.post_id, type=m.type, path=path, sha256=m.sha256))
        return out

    def _build_post(self, ids: Sequence[str]) -> list[DetectorInput]:
        rows = _rows_by_id(self.session, t.Post, ids)
        media = _media_by_post(self.session, list(rows))
        authors = _rows_by_id(self.session, t.Account, [r.author_id for r in rows.values()])
        media_sigs = self._signals("media", [m.id for ms in media.values() for m in ms])
        author_sigs = self._signals("account", list(authors))
        out: list[DetectorInput] = []
        for i in ids:
            r = rows.get(i)
            if r is None:
                continue
            ms = media.get(i, [])
            a = authors.get(r.author_id)
            out.append(PostInput(
                post=_post_entity(r, ms),
                author=_account_entity(a) if a else None,
                media_signals=tuple(s for m in ms for s in media_sigs.get(("media", m.id), ())),
                author_signals=tuple(author_sigs.get(("account", r.author_id), ())),
            ))
        return out

    def _build_comment(self, ids: Sequence[str]) -> list[DetectorInput]:
        rows = _rows_by_id(self.session, t.Comment, ids)
        parents = _rows_by_id(self.session, t.Comment, [r.parent_id for r in rows.values() if r.parent_id])
        posts = _rows_by_id(self.session, t.Post, [r.post_id for r in rows.values()])
        authors = _rows_by_id(self.session, t.Account, [r.author_id for r in rows.values()])
        post_sigs = self._signals("post", list(posts))
        parent_sigs = self._signals("comment", list(parents), self.same_stage)
        out: list[DetectorInput] = []
        for i in ids:
            r = rows.get(i)
            if r is None:
                continue
            p = posts.get(r.post_id)
            parent = parents.get(r.parent_id) if r.parent_id else None
            a = authors.get(r.author_id)
            out.append(CommentInput(
                comment=_comment_entity(r),
                post=_post_entity(p) if p else None,
                parent_text=parent.text if parent else None,
                post_signals=tuple(post_sigs.get(("post", r.post_id), ())),
                parent_signals=tuple(parent_sigs.get(("comment", r.parent_id), ())) if r.parent_id else (),
                author=_account_entity(a) if a else None,
            ))
        return out


# --- running detectors -------------------------------------------------------------------------------------


def _subject_id(inp: DetectorInput) -> str:
    if isinstance(inp, MediaInput):
        return inp.media_id
    if isinstance(inp, PostInput):
        return inp.post.id
    if isinstance(inp, CommentInput):
        return inp.comment.id
    return inp.account.id


def _one_by_one(executor: Executor, spec: DetectorSpec, inputs: Sequence[DetectorInput]
                ) -> tuple[list[Signal], dict[str, str]]:
    """A failed batch again, each item alone: the signals of those that pass, the error of those that fail."""
    futures = [(_subject_id(i), executor.submit(run_batch, spec.factory, spec.ident, [i])) for i in inputs]
    signals: list[Signal] = []
    failed: dict[str, str] = {}
    for sid, fut in futures:
        try:
            signals += fut.result()
        except BatchError as e:
            failed[sid] = str(e)
    return signals, failed


class _InlineExecutor(Executor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        f: Future[Any] = Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as e:  # the caller sees it through .result(), as with a real pool
            f.set_exception(e)
        return f


def _mark_scanned(session: Session, spec: DetectorSpec, ids: Sequence[str], run_id: str,
                  context: dict[str, str]) -> None:
    """Record the scans (replacing one in an older context) and clear the subjects' earlier errors."""
    now = datetime.now(UTC)
    for chunk in id_chunks(ids):
        for table in (t.DetectorScan, t.ScanError):
            q = delete(table).where(table.detector == spec.name, table.subject_type == spec.subject_type,
                                    table.subject_id.in_(chunk))
            session.execute(q if table is t.ScanError else q.where(table.detector_version == spec.version))
    if ids:
        session.execute(insert(t.DetectorScan), [
            {"detector": spec.name, "detector_version": spec.version, "subject_type": spec.subject_type,
             "subject_id": i, "scanned_at": now, "run_id": run_id, "context": context.get(i)} for i in ids
        ])


def _record_errors(session: Session, spec: DetectorSpec, failed: dict[str, str], run_id: str) -> None:
    now = datetime.now(UTC)
    for chunk in id_chunks(failed):
        session.execute(delete(t.ScanError).where(
            t.ScanError.detector == spec.name, t.ScanError.detector_version == spec.version,
            t.ScanError.subject_type == spec.subject_type, t.ScanError.subject_id.in_(chunk)))
    if failed:
        session.execute(insert(t.ScanError), [
            {"detector": spec.name, "detector_version": spec.version, "subject_type": spec.subject_type,
             "subject_id": i, "run_id": run_id, "error": err, "failed_at": now} for i, err in failed.items()
        ])


def scan_errors(store: Store) -> list[t.ScanError]:
    """Subjects detectors failed on and have not scored since (``harrier scan --errors``)."""
    with store.sessions() as s:
        return list(s.scalars(select(t.ScanError).order_by(t.ScanError.detector, t.ScanError.subject_type,
                                                            t.ScanError.subject_id)))


def _resubject(sig: Signal, subject_id: str) -> Signal:
    return sig.model_copy(update={"subject": (sig.subject[0], subject_id)})


def _media_groups(session: Session, ids: Sequence[str]) -> dict[str, list[str]]:
    """Pending media grouped by blob: media detectors are functions of the bytes, so each distinct image is
    analysed once and its signals attached to every copy. Media without bytes form singleton groups."""
    rows = _rows_by_id(session, t.Media, ids)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        m = rows.get(i)
        if m is not None:
            groups[m.sha256 or f"nobytes:{i}"].append(i)
    return groups


def _known_media_signals(session: Session, spec: DetectorSpec, shas: Sequence[str],
                         freshness: Freshness) -> dict[str, list[Signal] | None]:
    """For blobs already analysed by this detector version (under another media id), reuse the result."""
    out: dict[str, list[Signal] | None] = {}
    for chunk in id_chunks(s for s in shas if not s.startswith("nobytes:")):
        q = (
            select(t.Media.sha256, t.Media.id)
            .join(t.DetectorScan, and_(t.DetectorScan.subject_id == t.Media.id,
                                       t.DetectorScan.subject_type == "media",
                                       t.DetectorScan.detector == spec.name,
                                       t.DetectorScan.detector_version == spec.version))
            .where(t.Media.sha256.in_(chunk))
        )
        rep = {sha: mid for sha, mid in session.execute(q).all()}
        sigs = by_subject(fresh_signals(session, "media", list(rep.values()), freshness=freshness))
        for sha, mid in rep.items():
            out[sha] = [s for s in sigs.get(("media", mid), []) if s.detector_name == spec.name]
    return out


def _batches(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def run_detector(store: Store, spec: DetectorSpec, run_id: str, executor: Executor,
                 progress: Progress | None = None, max_inflight: int = 4,
                 work: tuple[list[str], dict[str, str]] | None = None,
                 on_commit: Callable[[Session, list[str]], None] | None = None) -> DetectorReport:
    """Scan what ``spec`` has pending (or ``work``: ids and their context digests, a live worker's claimed
    items). ``on_commit(session, ids)`` runs in each batch's transaction (a live worker releases its claims
    there, so signals, scan marks and the release commit together)."""
    rep = DetectorReport(spec.ident)
    start = time.perf_counter()
    with store.sessions() as session:
        freshness = Freshness(session)
        todo, context = work if work is not None else pending(session, spec, upstream(spec.stage), freshness)
        groups: dict[str, list[str]] = {}
        reuse: dict[str, list[Signal] | None] = {}
        if spec.subject_type == "media":
            groups = _media_groups(session, todo)
            reuse = _known_media_signals(session, spec, list(groups), freshness)
            work = [g[0] for k, g in groups.items() if k not in reuse]
        else:
            work = todo
        task = progress.add_task(spec.ident, total=len(todo)) if progress else None

        # Media whose bytes were already analysed: copy the signals, mark scanned, no model run.
        if reuse:
            with store.session() as s:
                copied = [
                    _resubject(sig, mid)
                    for sha, sigs in reuse.items() for mid in groups[sha] for sig in (sigs or [])
                ]
                rep.signals += append_signals(s, copied, run_id)
                done = [mid for sha in reuse for mid in groups[sha]]
                _mark_scanned(s, spec, done, run_id, context)
                if on_commit:
                    on_commit(s, done)
            rep.scanned += len(done)
            if progress and task is not None:
                progress.advance(task, len(done))

        builder = InputBuilder(store, session, freshness, spec.stage)
        inflight: list[tuple[Future[list[Signal]], list[str], list[DetectorInput]]] = []
        key_of_media = {g[0]: k for k, g in groups.items()}

        def drain(block_until: int) -> None:
            while len(inflight) > block_until:
                fut, ids, inputs = inflight.pop(0)
                try:
                    signals, failed = fut.result(), {}
                except BatchError:
                    signals, failed = _one_by_one(executor, spec, inputs)
                if spec.subject_type == "media":
                    # Attach the representative's signals (or its error) to every copy of the same blob.
                    members = {i: groups.get(key_of_media.get(i, i), [i]) for i in ids}
                    signals = [_resubject(s, m) for s in signals for m in members.get(s.subject[1], [s.subject[1]])]
                    failed = {m: err for i, err in failed.items() for m in members.get(i, [i])}
                    ids = [m for i in ids for m in members[i]]
                done = [i for i in ids if i not in failed]
                with store.session() as s:
                    rep.signals += append_signals(s, signals, run_id)
                    _mark_scanned(s, spec, done, run_id, context)
                    _record_errors(s, spec, failed, run_id)
                    if on_commit:
                        on_commit(s, ids)
                rep.scanned += len(done)
                rep.failed += [{"subject_type": spec.subject_type, "subject_id": i, "error": e}
                               for i, e in failed.items()]
                if progress and task is not None:
                    progress.advance(task, len(ids))

        for ids in _batches(work, spec.batch_size):
            inputs = builder.build(spec.subject_type, ids)
            inflight.append((executor.submit(run_batch, spec.factory, spec.ident, inputs), ids, inputs))
            drain(max_inflight)
        drain(0)
    rep.seconds = time.perf_counter() - start
    return rep


def _call(path: str, *args: Any) -> Any:
    module, _, fn = path.partition(":")
    return getattr(importlib.import_module(module), fn)(*args)


def make_executor(workers: int | None) -> Executor:
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n <= 1:
        return _InlineExecutor()
    # fork: workers inherit imported code cheaply; they never touch the parent's database connections.
    return ProcessPoolExecutor(max_workers=n, mp_context=get_context("fork"))


def scan(store: Store, workers: int | None = None, progress: bool = True,
         only: Sequence[str] | None = None, engine: str = "local", address: str | None = None) -> ScanReport:
    """Run every registered detector where it has not run yet, then context, policy and case assembly.
    ``engine="ray"`` runs the detectors' batches on a Ray cluster (``address``, else a local instance with
    ``workers`` CPUs); everything else, commits included, stays here on the driver (``harrier.ray_engine``)."""
    report = ScanReport(run_id=new_run_id())
    start = time.perf_counter()
    if engine == "ray":
        from harrier.ray_engine import RayExecutor  # lazy: the local engine never imports Ray

        executor: Executor = RayExecutor(address=address, num_cpus=workers)
    elif engine == "local":
        executor = make_executor(workers)
    else:
        raise ValueError(f"unknown engine {engine!r} (local or ray)")
    inflight = getattr(executor, "max_inflight", 4)
    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                   TimeElapsedColumn(), disable=not progress, transient=False)
    try:
        with bar:
            for stage in sorted({s.stage for s in registry.DETECTORS}):
                for spec in registry.specs(stage):
                    if only and spec.name not in only:
                        continue
                    report.detectors.append(run_detector(store, spec, report.run_id, executor, bar, inflight))
                for step in AFTER_STAGE.get(stage, []):
                    report.steps[step] = int(_call(step, store, report.run_id) or 0)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    _investigate(store, report)
    report.seconds = time.perf_counter() - start
    return report


def _investigate(store: Store, report: ScanReport) -> None:
    """Context features and propagation, then policy, then cases: all over the whole store, each scan."""
    context = importlib.import_module("harrier.context")
    report.context_signals = len(context.run(store, report.run_id) or [])
    policy = importlib.import_module("harrier.policy")
    verdicts = policy.evaluate(store, report.run_id)
    report.verdicts = sum(1 for v in verdicts.values() if v.actionable)
    cases = importlib.import_module("harrier.context.cases")
    from harrier.enforce.case_events import enqueue_case_changes

    report.cases = int(cases.assemble(store, verdicts, report.run_id, on_change=enqueue_case_changes) or 0)
    from harrier.enforce.guardian import enqueue_notices

    enqueue_notices(store, verdicts, report.run_id)  # guardian notices: once per family post, not a case
