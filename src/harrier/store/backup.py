"""``harrier db backup|restore``: a consistent copy of the store and its way back.

SQLite: SQLite's online backup API (``sqlite3.Connection.backup``), which copies the database in one step under
one read transaction, so the copy is a consistent snapshot even while ``harrier serve`` or a scan writes (WAL
readers do not block writers). Restore runs the same API the other way, into the live database file, so open
connections see the restored data and no WAL file is left behind describing the old one.

PostgreSQL: ``pg_dump -Fc`` and ``pg_restore`` (found on PATH or under /usr/lib/postgresql/*/bin); the row counts
reported for a dump are read in the very snapshot pg_dump dumps (``pg_export_snapshot``).

Both ways report row counts per table; restore refuses to overwrite a store that holds data unless forced, then
brings the schema up to date, verifies the audit hash chain and, for SQLite, checks every table's row count
against the backup's.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from harrier.store import audit
from harrier.store.db import Store

SKIP = {"alembic_version"}  # bookkeeping, not data: a restore may legitimately move it on (migrations)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Report:
    path: str
    engine: str
    counts: dict[str, int] = field(default_factory=dict)
    audit_ok: bool | None = None
    audit_entries: int = 0
    audit_problem: str | None = None
    mismatched: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (backup, restored)

    @property
    def ok(self) -> bool:
        return self.audit_ok is not False and not self.mismatched

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def _counts(conn: Connection) -> dict[str, int]:
    return {name: int(conn.execute(select(func.count()).select_from(table(name))).scalar_one())
            for name in sorted(inspect(conn).get_table_names())}


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, every table of the database."""
    with engine.connect() as conn:
        return _counts(conn)


def _verify_audit(engine: Engine, report: Report) -> None:
    with Session(engine) as s:
        res = audit.verify(s)
    report.audit_ok, report.audit_entries = res.ok, res.checked
    if not res.ok:
        report.audit_problem = f"first bad entry id={res.first_bad_id}: {res.reason}"


def _has_data(counts: dict[str, int]) -> bool:
    return any(n for name, n in counts.items() if name not in SKIP)


# --- SQLite ---------------------------------------------------------------------------------------------------


def _sqlite_file(store: Store) -> Path:
    db = store.engine.url.database
    if not db or db == ":memory:":
        raise BackupError("an in-memory SQLite store has nothing on disk to back up")
    return Path(db)


def _plain_engine(path: Path) -> Engine:
    """An engine on a backup file without the store's pragmas (which would switch the file to WAL mode)."""
    return create_engine(f"sqlite:///{path}")


def _copy(src: Path, dst: Path) -> None:
    with closing(sqlite3.connect(src, timeout=60)) as s, closing(sqlite3.connect(dst, timeout=60)) as d:
        s.backup(d)  # pages=-1: the whole database in one step, one consistent snapshot


def _sqlite_backup(store: Store, dest: Path) -> Report:
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    _copy(_sqlite_file(store), tmp)
    with closing(sqlite3.connect(tmp)) as c:
        c.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    tmp.replace(dest)  # never a half-written backup under the final name
    report = Report(str(dest), "sqlite")
    engine = _plain_engine(dest)
    try:
        report.counts = table_counts(engine)
        _verify_audit(engine, report)
    finally:
        engine.dispose()
    return report


def _backup_counts(src: Path) -> dict[str, int]:
    try:
        with closing(sqlite3.connect(f"file:{src}?mode=ro", uri=True)) as c:
            names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{src} is not a SQLite backup: {e}") from e
    if not {"audit_log", "alembic_version"} <= names:
        raise BackupError(f"{src} is a SQLite database but not a Harrier store (no audit_log/alembic_version)")
    engine = _plain_engine(src)
    try:
        return table_counts(engine)
    finally:
        engine.dispose()


def _sqlite_restore(store: Store, src: Path, force: bool) -> Report:
    expected = _backup_counts(src)
    live = _sqlite_file(store)
    if live.exists() and not force and _has_data(table_counts(store.engine)):
        raise BackupError(f"the store at {live} holds data; restoring would replace it (use --force)")
    store.engine.dispose()  # our pooled connections hold no snapshot of the old data
    live.parent.mkdir(parents=True, exist_ok=True)
    _copy(src, live)
    store.migrate()  # a backup from an older Harrier: bring its schema up to date
    report = Report(str(src), "sqlite", counts=table_counts(store.engine))
    report.mismatched = {t: (n, report.counts.get(t, -1)) for t, n in expected.items()
                         if t not in SKIP and report.counts.get(t) != n}
    _verify_audit(store.engine, report)
    return report


# --- PostgreSQL -----------------------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest Debian/Ubuntu server install."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
                                       None)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools (e.g. apt-get install "
                          "postgresql-client) or put them on PATH")
    return found


def _pg_env(store: Store) -> dict[str, str]:
    """libpq's environment for the store's URL (the password never appears on a command line)."""
    url = make_url(store.settings.database_url)
    env = dict(os.environ)
    for var, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database),
                       ("PGSSLMODE", url.query.get("sslmode"))):
        if value:
            env[var] = str(value)
    return env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")


def _pg_backup(store: Store, dest: Path) -> Report:
    tool = pg_tool("pg_dump")
    tmp = dest.with_name(dest.name + ".partial")
    report = Report(str(dest), "postgresql")
    # Count rows in the snapshot pg_dump dumps: export it from a repeatable-read transaction held open meanwhile.
    with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        report.counts = _counts(conn)
        _run([tool, "-Fc", "--snapshot", snapshot, "-f", str(tmp)], _pg_env(store))
    tmp.replace(dest)
    _verify_audit(store.engine, report)
    return report


def _pg_restore(store: Store, src: Path, force: bool) -> Report:
    tool = pg_tool("pg_restore")
    if not src.is_file():
        raise BackupError(f"no backup at {src}")
    if not force and _has_data(table_counts(store.engine)):
        raise BackupError("the PostgreSQL store holds data; restoring would replace it (use --force)")
    store.engine.dispose()  # idle pooled connections would otherwise block DROP TABLE
    env = _pg_env(store)
    _run([tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", env["PGDATABASE"],
          str(src)], env)
    store.migrate()
    report = Report(str(src), "postgresql", counts=table_counts(store.engine))
    _verify_audit(store.engine, report)
    return report


# --- entry points ---------------------------------------------------------------------------------------------


def backup(store: Store, dest: Path, force: bool = False) -> Report:
    if dest.exists() and not force:
        raise BackupError(f"{dest} exists (use --force to overwrite it)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if store.dialect == "sqlite":
        return _sqlite_backup(store, dest)
    if store.dialect == "postgresql":
        return _pg_backup(store, dest)
    raise BackupError(f"no backup method for {store.dialect}")


def restore(store: Store, src: Path, force: bool = False) -> Report:
    if not src.is_file():
        raise BackupError(f"no backup at {src}")
    if store.dialect == "sqlite":
        return _sqlite_restore(store, src, force)
    if store.dialect == "postgresql":
        return _pg_restore(store, src, force)
    raise BackupError(f"no restore method for {store.dialect}")
