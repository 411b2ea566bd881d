"""``run_ingest``: an export folder (docs/FORMAT.md) into the store, idempotent and resumable.

Each transaction holds a few consecutive batches' rows, their errors and the file's progress
(``ingest_progress``), so a run killed at any point resumes after the last committed batch with nothing lost
or doubled.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from harrier.ingest.media import MediaResolver
from harrier.ingest.quarantine import Quarantine, quarantine_path
from harrier.ingest.readers import Chunk, fingerprint, read_jsonl, read_parquet, total_units
from harrier.ingest.report import FileReport, IngestReport
from harrier.ingest.spec import SPECS, EntitySpec
from harrier.ingest.urls import url_warnings
from harrier.ingest.validate import Problem, Rejected, loc_to_field, parse_line, validate, validate_rows
from harrier.ingest.writer import Record, Status, backend_for, backend_kind, upsert_statement, write_records
from harrier.model.entities import Manifest
from harrier.store.db import Store
from harrier.store.tables import IngestError, IngestProgress

DEFAULT_BATCH = 5000
# Batches per transaction. Rows with random keys dirty a page of each b-tree they land in, and WAL mode
# writes every dirty page at each commit: ten batches a commit share most of those pages, which cut the
# time per row on SQLite by half at 1M comments (29.5 -> 14.9 us, docs/BENCHMARKS.md). Resuming is as
# exact as before: the resume point still commits with the rows.
COMMIT_BATCHES = 10
PARALLEL_MIN_BYTES = 16 << 20  # smaller files are done before worker processes would have started


class ExportError(ValueError):
    """The folder as a whole cannot be ingested (no accounts file, bad manifest, ambiguous files)."""


def read_manifest(folder: Path) -> Manifest | None:
    path = folder / "manifest.json"
    if not path.exists():
        return None
    try:
        return Manifest.model_validate(orjson.loads(path.read_bytes()))
    except orjson.JSONDecodeError as e:
        raise ExportError(f"manifest.json: invalid JSON: {e}") from e
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
        raise ExportError(f"manifest.json: {loc_to_field(err['loc']) or '(file)'}: {err['msg']}") from e


def find_files(folder: Path) -> list[tuple[EntitySpec, Path]]:
    """The export's entity files in load order; accounts is the only one required."""
    if not folder.is_dir():
        raise ExportError(f"{folder}: not a folder")
    found = []
    for name, spec in SPECS.items():
        candidates = [p for p in (folder / f"{name}.jsonl", folder / f"{name}.parquet") if p.is_file()]
        if len(candidates) > 1:
            raise ExportError(f"both {name}.jsonl and {name}.parquet are present: keep one")
        if candidates:
            found.append((spec, candidates[0]))
        elif name == "accounts":
            raise ExportError(f"{folder}: accounts.jsonl (or accounts.parquet) is required")
    return found


def run_ingest(store: Store, folder: Path, progress: bool = True, batch_size: int = DEFAULT_BATCH,
               restart: bool = False, workers: int | None = None) -> IngestReport:
    """Ingest an export folder. ``restart`` re-reads files even where an earlier run finished them (still
    idempotent: unchanged records write nothing). ``workers``: processes that parse and validate (None: one
    per CPU, up to 4, for files over 16 MiB on a machine with 2+ CPUs; 0: all in this process)."""
    folder = Path(folder).resolve()
    started = time.perf_counter()
    manifest = read_manifest(folder)
    files = find_files(folder)
    report = IngestReport(folder=str(folder), quarantine_dir=str(store.settings.quarantine_dir),
                          manifest=manifest.model_dump(mode="json") if manifest else None)
    if manifest is None:
        report.add_warning("no manifest.json: assuming format version 1")
    resolver = MediaResolver(store.blobs, folder)
    with _progress_display(progress) as show, _LazyPool() as pool, _collector_paused():
        for spec, path in files:
            fr = FileReport(file=path.name, entity=spec.name, path=str(path))
            report.files.append(fr)
            try:
                _ingest_file(store, spec, path, batch_size, restart, resolver, report, fr, show,
                             pool, _workers_for(spec, path, workers))
            except (OSError, pa.ArrowException) as e:  # unreadable or corrupt file: report it, go on
                fr.status = "failed"
                msg = f"{path.name}: cannot read: {e}"
                report.add_error(msg)
                with store.session() as s:
                    s.execute(insert(IngestError), [_error_row(str(path), fr.resumed_from, None, msg)])
    report.elapsed = time.perf_counter() - started
    return report


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while records stream through: each batch allocates some 10^5 tuples
    and strings that live until their commit, and the collector kept walking them (the generational
    thresholds count allocations): 25-30 % of the run's CPU at 1M comments (docs/BENCHMARKS.md). Ingest
    makes next to no reference cycles, and one full collection at the end frees those it made."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        gc.collect()


def _error_row(source: str, line: int, field: str | None, message: str) -> dict[str, Any]:
    return {"source": source, "line": line, "field": field, "message": message, "created_at": datetime.now(UTC)}


def format_error(file: str, line: int, p: Problem) -> str:
    return f"{file}:{line}: {p.field}: {p.message}" if p.field else f"{file}:{line}: {p.message}"


def _workers_for(spec: EntitySpec, path: Path, workers: int | None) -> int:
    if spec.name == "posts":
        return 0  # media files are read and stored as posts are parsed: keep that in this process
    if workers is not None:
        return workers
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    # As many workers as CPUs: this process (reading, committing) mostly waits on them and on SQLite.
    return min(4, cpus) if cpus > 1 and path.stat().st_size >= PARALLEL_MIN_BYTES else 0


def _ingest_file(store: Store, spec: EntitySpec, path: Path, batch_size: int, restart: bool,
                 resolver: MediaResolver, report: IngestReport, fr: FileReport, show: Any, pool: _LazyPool,
                 workers: int) -> None:
    source = str(path)
    fp = fingerprint(path)
    is_parquet = path.suffix == ".parquet"
    quarantine = Quarantine(quarantine_path(store.settings.quarantine_dir, path), path.name)
    with store.session() as s:
        prog = s.get(IngestProgress, source)
        prev = (prog.line, prog.byte_offset, prog.done, prog.accepted, prog.rejected) \
            if prog is not None and prog.fingerprint == fp and not restart else None
    if prev is not None and prev[2]:
        fr.status = "unchanged"
        return
    line, offset, _, accepted, rejected = prev or (0, 0, False, 0, 0)
    fr.resumed_from = line
    if line:
        fr.status = "resumed"
    quarantine.reset(line)
    progress_row = {"source": source, "fingerprint": fp, "line": line, "byte_offset": offset, "done": False,
                    "accepted": accepted, "rejected": rejected, "updated_at": datetime.now(UTC)}
    if prev is None:
        # Starting over: this file's old errors go, in the same transaction that resets its progress.
        with store.session() as s:
            s.execute(delete(IngestError).where(IngestError.source == source))
            _save_progress(s, progress_row)
    chunks = read_parquet(path, batch_size, line) if is_parquet else read_jsonl(path, batch_size, line, offset)
    task = show.add(path.name, total_units(path), done=offset if not is_parquet else line)
    if workers:
        prepared_chunks = _prepared_in_workers(store, spec, chunks, is_parquet, quarantine, fr, progress_row,
                                               pool.get(workers), workers)
    else:
        prepared_chunks = (_prepare_chunk(spec, c, is_parquet, resolver, quarantine, fr, progress_row) for c in chunks)
    # Pipeline: group N+1 is parsed and validated (here or in worker processes) while a writer thread commits
    # group N (SQLite works with the GIL released); groups are committed strictly in order.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="harrier-ingest-writer") as writer:
        pending: tuple[Future[list[list[Status]]], list[_Prepared]] | None = None
        for group in _commit_groups(prepared_chunks, batch_size * COMMIT_BATCHES):
            if pending is not None:
                _account_group(report, fr, show, task, *pending)
            pending = (writer.submit(_commit_group, store, spec, group), group)
        if pending is not None:
            _account_group(report, fr, show, task, *pending)
    with store.session() as s:
        _save_progress(s, {**progress_row, "done": True, "updated_at": datetime.now(UTC)})
    if quarantine.path.exists():
        fr.quarantine = str(quarantine.path)


@dataclass
class _Prepared:
    records: list[Record]
    rejected: int
    blank: int
    media_errors: int
    entries: list[tuple[int, Any, list[Problem]]]  # quarantined lines with their problems
    warnings: list[tuple[int, Problem]]  # lines stored as they are, with something to say (an inert URL)
    error_rows: list[dict[str, Any]]
    progress_row: dict[str, Any]
    done_units: int  # progress bar position after this batch


def _parse_chunk(items: list[tuple[int, Any]], is_parquet: bool
                 ) -> tuple[list[tuple[int, Any, dict[str, Any]]], list[Rejected]]:
    parsed: list[tuple[int, Any, dict[str, Any]]] = []
    rejected: list[Rejected] = []
    for line, raw in items:
        if is_parquet:
            parsed.append((line, raw, raw))
            continue
        rec = parse_line(raw)
        if isinstance(rec, Problem):
            rejected.append(Rejected(line, raw, [rec]))
        else:
            parsed.append((line, raw, rec))
    return parsed, rejected


def _validate_chunk(spec: EntitySpec, items: list[tuple[int, Any]], is_parquet: bool
                    ) -> tuple[list[tuple[int, Any, BaseModel]], list[Rejected]]:
    parsed, rejected = _parse_chunk(items, is_parquet)
    valid, bad = validate(spec, parsed)
    return valid, rejected + bad


def _row_chunk(spec: EntitySpec, items: list[tuple[int, Any]], is_parquet: bool, sqlite_times: bool = False
               ) -> tuple[list[tuple[int, Any, dict[str, Any]]], list[Rejected]]:
    """Valid records as table rows (the fast path of ``validate_rows`` where it applies)."""
    parsed, rejected = _parse_chunk(items, is_parquet)
    valid, bad = validate_rows(spec, parsed, sqlite_times)
    return valid, rejected + bad


def _prepare_chunk(spec: EntitySpec, chunk: Chunk, is_parquet: bool, resolver: MediaResolver,
                   quarantine: Quarantine, fr: FileReport, progress_row: dict[str, Any]) -> _Prepared:
    records: list[Record] = []
    media_problems: list[tuple[int, Any, list[Problem]]] = []
    if spec.name != "posts":  # no media to resolve: rows straight away
        rows, rejected = _row_chunk(spec, chunk.items, is_parquet)
        records = [Record(line, row) for line, _, row in rows]
        return _finish_chunk(chunk, is_parquet, records, rejected, media_problems, url_warnings(spec, rows),
                             quarantine, fr, progress_row)
    valid, rejected = _validate_chunk(spec, chunk.items, is_parquet)
    for line, raw, m in valid:  # posts: their media files are read and stored here
        rec = Record(line, spec.to_row(m))
        rec.media, problems = resolver.rows(m.id, m.media)  # type: ignore[attr-defined]
        if problems:
            media_problems.append((line, raw, problems))
        records.append(rec)
    warnings = url_warnings(spec, ((r.index, None, r.row) for r in records if r.row is not None))
    return _finish_chunk(chunk, is_parquet, records, rejected, media_problems, warnings, quarantine, fr,
                         progress_row)


def _finish_chunk(chunk: Chunk, is_parquet: bool, records: list[Record], rejected: list[Rejected],
                  media_problems: list[tuple[int, Any, list[Problem]]], warnings: list[tuple[int, Problem]],
                  quarantine: Quarantine, fr: FileReport, progress_row: dict[str, Any]) -> _Prepared:
    entries = sorted([(r.index, r.raw, r.problems) for r in rejected] + media_problems, key=lambda e: e[0])
    quarantine.write(entries)  # before the commit: a resumed run trims entries past the committed line
    error_rows = [_error_row(fr.path, line, p.field, p.message) for line, _, ps in entries for p in ps]
    progress_row.update(line=chunk.line, byte_offset=chunk.offset, updated_at=datetime.now(UTC),
                        accepted=progress_row["accepted"] + len(records),
                        rejected=progress_row["rejected"] + len(rejected))
    return _Prepared(records, len(rejected), chunk.blank, len(media_problems), entries, warnings, error_rows,
                     dict(progress_row), chunk.line if is_parquet else chunk.offset)


_WorkerResult = tuple[list[int], list[tuple[Any, ...]], list[Rejected], list[tuple[int, Problem]]]


def _worker_chunk(entity: str, kind: str, items: list[tuple[int, Any]], is_parquet: bool
                  ) -> _WorkerResult:
    """In a worker process: parse, validate and prepare rows for the backend (no media: posts stay local).
    Plain lists and tuples come back: they pickle several times faster than dataclasses."""
    spec = SPECS[entity]
    be = backend_for(kind, spec.table, spec.key)
    valid, rejected = _row_chunk(spec, items, is_parquet, sqlite_times=kind == "sqlite")
    return ([line for line, _, _ in valid], [be.prepare(row) for _, _, row in valid], rejected,
            url_warnings(spec, valid))


def _mp_context() -> multiprocessing.context.BaseContext:
    """fork where there is one: spawn would re-import the caller's __main__, which breaks any script that
    calls run_ingest without an ``if __name__ == "__main__"`` guard. The workers only run the pure
    parse/validate/prepare functions and leave with os._exit, so the database connections and threads they
    inherit are never touched."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _lower_priority() -> None:
    """Worker processes yield the CPU to this process's writer thread, the pipeline's critical path: with
    more workers than cores they otherwise take most of the CPU time while the commits queue up behind
    them, and parse batches far ahead of what can be written (they stay bounded, see _prepared_in_workers)."""
    with contextlib.suppress(OSError):  # not permitted: same priority, still correct
        os.nice(10)
    gc.disable()  # as in the parent (_collector_paused): the worker exits with the run


class _LazyPool:
    """Worker processes, started on first use and shared by the run's files."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.size = 0

    def get(self, workers: int) -> ProcessPoolExecutor:
        if self.pool is None or self.size < workers:
            if self.pool is not None:
                self.pool.shutdown()
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_lower_priority)
            self.size = workers
        return self.pool

    def __enter__(self) -> _LazyPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _prepared_in_workers(store: Store, spec: EntitySpec, chunks: Iterator[Chunk], is_parquet: bool,
                         quarantine: Quarantine, fr: FileReport, progress_row: dict[str, Any],
                         pool: ProcessPoolExecutor, workers: int) -> Iterator[_Prepared]:
    """Parse and validate in worker processes, a few batches ahead, yielding results in file order.
    Quarantine, errors and progress are still handled here, in order, so resuming stays exact."""
    ahead: deque[tuple[Chunk, Future[_WorkerResult]]] = deque()
    with store.sessions() as s:
        kind = backend_kind(s)
    for chunk in chunks:
        ahead.append((chunk, pool.submit(_worker_chunk, spec.name, kind, chunk.items, is_parquet)))
        if len(ahead) > workers + 1:
            yield _from_worker(*ahead.popleft(), is_parquet, quarantine, fr, progress_row)
    while ahead:
        yield _from_worker(*ahead.popleft(), is_parquet, quarantine, fr, progress_row)


def _from_worker(chunk: Chunk, fut: Future[_WorkerResult], is_parquet: bool, quarantine: Quarantine, fr: FileReport,
                 progress_row: dict[str, Any]) -> _Prepared:
    lines, tuples, rejected, warnings = fut.result()
    records = [Record(line, None, prepared=t) for line, t in zip(lines, tuples, strict=True)]
    return _finish_chunk(chunk, is_parquet, records, rejected, [], warnings, quarantine, fr, progress_row)


def _commit_groups(prepared: Iterator[_Prepared], rows: int) -> Iterator[list[_Prepared]]:
    """Consecutive batches gathered into one transaction of about ``rows`` lines."""
    group: list[_Prepared] = []
    n = 0
    for p in prepared:
        group.append(p)
        n += len(p.records) + p.rejected
        if n >= rows:
            yield group
            group, n = [], 0
    if group:
        yield group


def _commit_group(store: Store, spec: EntitySpec, group: list[_Prepared]) -> list[list[Status]]:
    """One transaction: the rows of some consecutive batches, their errors and the file's new resume point
    (the last batch's). Statuses come back per batch."""
    records = [r for p in group for r in p.records]
    with store.session() as s:
        if s.get_bind().dialect.name == "sqlite":
            _bulk_pragmas(s)
        statuses = write_records(s, spec, records)
        error_rows = [e for p in group for e in p.error_rows]
        if error_rows:
            s.execute(insert(IngestError), error_rows)
        _save_progress(s, group[-1].progress_row)
    out, at = [], 0
    for p in group:
        out.append(statuses[at : at + len(p.records)])
        at += len(p.records)
    return out


def _bulk_pragmas(s: Session) -> None:
    """Bulk-load settings for the connection that writes the batches (both per connection, neither weakens
    durability: every transaction is still one WAL commit). A 64 MiB page cache (default 2 MiB) keeps the b-trees
    of the primary key and the indexes that random ids land in cached: -35 % time per upserted row. A
    checkpoint every ~40 MiB of WAL rather than every 4 MiB: fewer stop-and-copy pauses between batches."""
    conn = s.connection()
    conn.exec_driver_sql("PRAGMA cache_size=-65536")
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint=10000")


def _account_group(report: IngestReport, fr: FileReport, show: Any, task: int,
                   fut: Future[list[list[Status]]], group: list[_Prepared]) -> None:
    for p, statuses in zip(group, fut.result(), strict=True):
        _account(report, fr, p, statuses)
    show.update(task, group[-1].done_units, fr)


def _account(report: IngestReport, fr: FileReport, p: _Prepared, statuses: list[Status]) -> None:
    for st in statuses:
        fr.count(st)
    fr.rejected += p.rejected
    fr.skipped += p.blank
    fr.media_errors += p.media_errors
    for line, _, problems in p.entries:
        for prob in problems:
            report.add_error(format_error(fr.file, line, prob))
    fr.warnings += len(p.warnings)
    for line, prob in p.warnings:
        report.add_warning(format_error(fr.file, line, prob))


def _save_progress(s: Session, row: dict[str, Any]) -> None:
    s.execute(upsert_statement(s, IngestProgress.__table__, ("source",)), [row])


# --- progress display --------------------------------------------------------------------------------------


class _NoDisplay:
    def add(self, name: str, total: int, done: int = 0) -> int:
        return 0

    def update(self, task: int, completed: int, fr: FileReport) -> None:
        pass


class _RichDisplay:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]{task.description:<22}"), BarColumn(),
            TextColumn("{task.fields[accepted]:>10,} ok  {task.fields[rejected]:>7,} rejected"),
            TextColumn("{task.fields[rate]:>9,.0f}/s"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._started: dict[int, tuple[float, int]] = {}

    def add(self, name: str, total: int, done: int = 0) -> int:
        task = self.progress.add_task(name, total=total, completed=done, accepted=0, rejected=0, rate=0.0)
        self._started[task] = (time.perf_counter(), 0)
        return task

    def update(self, task: int, completed: int, fr: FileReport) -> None:
        t0, _ = self._started[task]
        n = fr.accepted + fr.rejected
        rate = n / max(time.perf_counter() - t0, 1e-9)
        self.progress.update(task, completed=completed, accepted=fr.accepted, rejected=fr.rejected, rate=rate)


@contextmanager
def _progress_display(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield _NoDisplay()
        return
    display = _RichDisplay()
    with display.progress:
        yield display
