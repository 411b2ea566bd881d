"""Idempotent upserts keyed by the platform's ids, on SQLite and PostgreSQL.

Each batch reads the stored rows for its keys first and sorts records into inserted / updated / unchanged:
an unchanged record writes nothing (re-ingesting the same export is a no-op), and a changed one replaces
the row and deletes its ``detector_scans`` rows so the next ``harrier scan`` looks at it again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, Literal

import orjson
from sqlalchemy import JSON, Table, delete, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from harrier.ingest.spec import MEDIA_TABLE, EntitySpec
from harrier.store.tables import ContentChange, DetectorScan

Status = Literal["inserted", "updated", "unchanged", "duplicate"]
PARAMS_PER_QUERY = 4000  # bound parameters per IN (...): under SQLite's limit, cheap for PostgreSQL


@dataclass
class Record:
    """One valid record ready to write: its table row (or the row already prepared for the backend, when a
    worker process did that), and for a post its media rows."""

    index: int
    row: dict[str, Any] | None
    media: list[dict[str, Any]] | None = None
    prepared: tuple[Any, ...] | None = None


def _insert(session: Session, table: Table):  # type: ignore[no-untyped-def]
    return (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(table)


def upsert_statement(session: Session, table: Table, key: Sequence[str]):  # type: ignore[no-untyped-def]
    ins = _insert(session, table)
    rest = {c.name: ins.excluded[c.name] for c in table.c if c.name not in key}
    return ins.on_conflict_do_update(index_elements=list(key), set_=rest) if rest else ins.on_conflict_do_nothing()


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Backend:
    """Rows as comparable tuples, the stored tuples for some keys, and the upsert, through SQLAlchemy. The
    SQLite and PostgreSQL backends below write the same SQL out by hand, for speed."""

    def __init__(self, table: Table, key: Sequence[str]) -> None:
        self.table = table
        self.key = tuple(key)
        self.columns = tuple(table.c.keys())
        self.key_idx = tuple(self.columns.index(k) for k in self.key)
        # A scalar for one-column keys, a tuple for composite ones.
        self.key_of: Callable[[tuple[Any, ...]], Any] = itemgetter(*self.key_idx)
        self.time_idx = tuple(i for i, c in enumerate(table.c) if _python_type(c) is datetime)
        self.json_idx = tuple(i for i, c in enumerate(table.c) if isinstance(c.type, JSON))

    def prepare(self, row: dict[str, Any]) -> tuple[Any, ...]:
        vals = [row[c] for c in self.columns]
        for i in self.time_idx:
            v = vals[i]
            if v is not None:
                vals[i] = v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)
        return tuple(vals)

    def existing(self, session: Session, keys: Sequence[Any]) -> dict[Any, tuple[Any, ...]]:
        cols = [self.table.c[k] for k in self.key]
        out: dict[Any, tuple[Any, ...]] = {}
        for chunk in _chunks(keys, max(1, PARAMS_PER_QUERY // len(cols))):
            cond = cols[0].in_(list(chunk)) if len(cols) == 1 else tuple_(*cols).in_(list(chunk))
            for r in session.execute(select(self.table).where(cond)):
                t = self.prepare(r._mapping)
                out[self.key_of(t)] = t
        return out

    def upsert(self, session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
        session.execute(upsert_statement(session, self.table, self.key), [dict(zip(self.columns, r, strict=True))
                                                                          for r in rows])


class _SqliteBackend(_Backend):
    """SQLite without SQLAlchemy's per-value processing: values are serialised here exactly as SQLAlchemy
    would store them (times as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, JSON via json.dumps), keys are passed as
    one JSON array to json_each(), and stored rows are compared as they lie on disk. Roughly halves the cost
    of a batch."""

    def __init__(self, table: Table, key: Sequence[str]) -> None:
        super().__init__(table, key)
        names = ", ".join(self.columns)
        if len(self.key) == 1:
            keys_sql = f"{self.key[0]} IN (SELECT value FROM json_each(?))"
        else:
            parts = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(self.key)))
            keys_sql = f"({', '.join(self.key)}) IN (SELECT {parts} FROM json_each(?))"
        self.select_sql = f"SELECT {names} FROM {table.name} WHERE {keys_sql}"
        rest = [c for c in self.columns if c not in self.key]
        conflict = (f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)}" if rest else "DO NOTHING")
        self.upsert_sql = (f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(self.columns))}) "
                           f"ON CONFLICT ({', '.join(self.key)}) {conflict}")

    def prepare(self, row: dict[str, Any]) -> tuple[Any, ...]:
        vals = list(map(row.__getitem__, self.columns))
        for i in self.time_idx:
            v = vals[i]
            if v is not None and v.__class__ is not str:  # a str is already in that format (validate_rows)
                # SQLAlchemy's SQLite storage format, zone dropped after conversion to UTC.
                vals[i] = (v.astimezone(UTC) if v.tzinfo is not None else v).isoformat(" ", "microseconds")[:26]
        for i in self.json_idx:
            v = vals[i]
            vals[i] = "null" if v is None else "[]" if v == [] else json.dumps(v)
        return tuple(vals)

    def existing(self, session: Session, keys: Sequence[Any]) -> dict[Any, tuple[Any, ...]]:
        conn = session.connection()
        out: dict[Any, tuple[Any, ...]] = {}
        for chunk in _chunks(keys, 50_000):
            arg = orjson.dumps(chunk if len(self.key) == 1 else [list(k) for k in chunk]).decode()
            for t in conn.exec_driver_sql(self.select_sql, (arg,)):
                out[self.key_of(t)] = tuple(t)
        return out

    def upsert(self, session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
        session.connection().exec_driver_sql(self.upsert_sql, list(rows))


class _PostgresBackend(_Backend):
    """PostgreSQL: one ``INSERT .. SELECT FROM unnest(<one array per column>)`` per batch (psycopg's
    executemany handles one statement per row, several times slower), keys matched with ``= ANY`` /
    ``unnest``, JSON compared as its stored text (written with json.dumps, as SQLAlchemy does)."""

    def __init__(self, table: Table, key: Sequence[str]) -> None:
        super().__init__(table, key)
        pg = postgresql.dialect()
        types = {c.name: c.type.compile(dialect=pg) for c in table.c}
        names = ", ".join(self.columns)
        shown = ", ".join(f"{c}::text" if i in self.json_idx else c for i, c in enumerate(self.columns))
        if len(self.key) == 1:
            where = f"{self.key[0]} = ANY(%b::{types[self.key[0]]}[])"
        else:
            arrays = ", ".join(f"%b::{types[k]}[]" for k in self.key)
            where = f"({', '.join(self.key)}) IN (SELECT * FROM unnest({arrays}))"
        self.select_sql = f"SELECT {shown} FROM {table.name} WHERE {where}"
        rest = [c for c in self.columns if c not in self.key]
        conflict = (f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)}" if rest else "DO NOTHING")
        # JSON travels as text (json[] cannot be built from Python strings) and is cast per value. %b: binary
        # parameters, because psycopg's text array format escapes every string with a regex (most of the cost).
        arrays = ", ".join(f"%b::{'text' if i in self.json_idx else types[c]}[]" for i, c in enumerate(self.columns))
        picked = ", ".join(f"u.{c}::json" if i in self.json_idx else f"u.{c}" for i, c in enumerate(self.columns))
        self.insert_sql = (f"INSERT INTO {table.name} ({names}) SELECT {picked} FROM unnest({arrays}) AS u({names}) "
                           f"ON CONFLICT ({', '.join(self.key)}) {conflict}")

    def prepare(self, row: dict[str, Any]) -> tuple[Any, ...]:
        vals = list(super().prepare(row))
        for i in self.json_idx:
            v = vals[i]
            vals[i] = "null" if v is None else "[]" if v == [] else json.dumps(v)
        return tuple(vals)

    def existing(self, session: Session, keys: Sequence[Any]) -> dict[Any, tuple[Any, ...]]:
        out: dict[Any, tuple[Any, ...]] = {}
        with _raw_cursor(session) as cur:
            for chunk in _chunks(keys, 20_000):
                cur.execute(self.select_sql, (list(chunk),) if len(self.key) == 1
                            else tuple(list(col) for col in zip(*chunk, strict=True)))
                for r in cur:
                    vals = list(r)
                    for i in self.time_idx:
                        if vals[i] is not None:
                            vals[i] = vals[i].astimezone(UTC)
                    t = tuple(vals)
                    out[self.key_of(t)] = t
        return out

    def upsert(self, session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
        with _raw_cursor(session) as cur:
            cur.execute(self.insert_sql, tuple(list(col) for col in zip(*rows, strict=True)))


def _raw_cursor(session: Session) -> Any:
    """A psycopg cursor on the session's connection (same transaction), for %b binary parameters."""
    return session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]


def _python_type(col: Any) -> Any:
    try:
        return col.type.python_type
    except NotImplementedError:
        return None


_BACKENDS: dict[tuple[str, str], _Backend] = {}


def backend_kind(session: Session) -> str:
    """Which backend fits the session's engine: the hand-written ones need SQLite or psycopg 3."""
    d = session.get_bind().dialect
    return d.name if d.name == "sqlite" or (d.name == "postgresql" and d.driver == "psycopg") else "generic"


def backend(session: Session, table: Table, key: Sequence[str]) -> _Backend:
    return backend_for(backend_kind(session), table, key)


def backend_for(kind: str, table: Table, key: Sequence[str]) -> _Backend:
    b = _BACKENDS.get((kind, table.name))
    if b is None:
        cls = {"sqlite": _SqliteBackend, "postgresql": _PostgresBackend}.get(kind, _Backend)
        b = _BACKENDS[(kind, table.name)] = cls(table, key)
    return b


def upsert_rows(session: Session, table: Table, key: Sequence[str], rows: Sequence[dict[str, Any]]
                ) -> list[Status]:
    """Write rows keyed by ``key``; a status per row. Within the batch the last row of a key wins and the
    earlier ones are reported as ``duplicate``."""
    be = backend(session, table, key)
    return upsert_prepared(session, be, [be.prepare(r) for r in rows])


def upsert_prepared(session: Session, be: _Backend, tuples: Sequence[tuple[Any, ...]]) -> list[Status]:
    keys = [be.key_of(t) for t in tuples]
    last = {k: i for i, k in enumerate(keys)}
    existing = be.existing(session, list(last))
    statuses: list[Status] = []
    to_write: list[tuple[Any, ...]] = []
    for i, (k, t) in enumerate(zip(keys, tuples, strict=True)):
        if last[k] != i:
            statuses.append("duplicate")
            continue
        stored = existing.get(k)
        if stored is None:
            statuses.append("inserted")
        elif stored == t:
            statuses.append("unchanged")
            continue
        else:
            statuses.append("updated")
        to_write.append(t)
    if to_write:
        be.upsert(session, to_write)
    return statuses


def forget_scans(session: Session, subject_type: str, ids: Iterable[str]) -> None:
    """Changed content: drop the marks that detectors have seen it, so the next scan looks again."""
    ids = sorted(set(ids))
    now = datetime.now(UTC)
    for chunk in _chunks(ids, PARAMS_PER_QUERY):
        session.execute(delete(DetectorScan).where(DetectorScan.subject_type == subject_type,
                                                   DetectorScan.subject_id.in_(chunk)))
        # Signals about the old content stop being fresh (store/signals.py Freshness).
        session.execute(delete(ContentChange).where(ContentChange.subject_type == subject_type,
                                                    ContentChange.subject_id.in_(chunk)))
        session.execute(insert(ContentChange), [{"subject_type": subject_type, "subject_id": i, "changed_at": now}
                                                for i in chunk])


def write_records(session: Session, spec: EntitySpec, records: Sequence[Record]) -> list[Status]:
    """Upsert a batch of one entity type (and, for posts, their media) in the caller's transaction."""
    if not records:
        return []
    be = backend(session, spec.table, spec.key)
    tuples = [r.prepared if r.prepared is not None else be.prepare(r.row) for r in records]  # type: ignore[arg-type]
    statuses = upsert_prepared(session, be, tuples)
    if spec.name == "posts":
        _write_media(session, records, statuses)
    if spec.subject_type:  # entities scanned by detectors are keyed by one "id" column
        changed = [be.key_of(t) for t, s in zip(tuples, statuses, strict=True) if s == "updated"]
        if changed:
            forget_scans(session, spec.subject_type, changed)
    return statuses


def _write_media(session: Session, records: Sequence[Record], statuses: list[Status]) -> None:
    """Media rows follow their post: new ones inserted, changed ones replaced (and re-scanned), ones the post
    no longer lists deleted. A post whose media changed counts as updated even if its own row did not."""
    live = [(i, r) for i, (r, s) in enumerate(zip(records, statuses, strict=True)) if s != "duplicate"]
    media_rows: list[dict[str, Any]] = []
    owner: list[int] = []
    for i, r in live:
        for m in r.media or ():
            media_rows.append(m)
            owner.append(i)
    changed_posts: set[int] = set()
    changed_media: list[str] = []
    if media_rows:
        mstat = upsert_rows(session, MEDIA_TABLE, ("id",), media_rows)
        for m, i, s in zip(media_rows, owner, mstat, strict=True):
            if s == "updated":
                changed_media.append(m["id"])
            if s in ("inserted", "updated"):
                changed_posts.add(i)
    # Media rows a re-sent post no longer lists (only posts that existed before can have any).
    before = {r.row["id"]: i for i, r in live if statuses[i] in ("updated", "unchanged")}  # type: ignore[index]
    if before:
        keep = defaultdict(set)
        for m, i in zip(media_rows, owner, strict=True):
            keep[records[i].row["id"]].add(m["id"])  # type: ignore[index]
        stale: list[str] = []
        for chunk in _chunks(list(before), PARAMS_PER_QUERY):
            q = select(MEDIA_TABLE.c.id, MEDIA_TABLE.c.post_id).where(MEDIA_TABLE.c.post_id.in_(chunk))
            for mid, pid in session.execute(q):
                if pid in before and mid not in keep[pid]:
                    stale.append(mid)
                    changed_posts.add(before[pid])
        for chunk in _chunks(stale, PARAMS_PER_QUERY):
            session.execute(delete(MEDIA_TABLE).where(MEDIA_TABLE.c.id.in_(chunk)))
        changed_media += stale
    if changed_media:
        forget_scans(session, "media", changed_media)
    for i in changed_posts:
        if statuses[i] == "unchanged":
            statuses[i] = "updated"
