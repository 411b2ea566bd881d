"""`harrier db backup|restore`: a SQLite round trip through the online backup API (also while another
connection writes), refusal to overwrite a store holding data, audit-chain verification after restore, and the
PostgreSQL round trip through pg_dump/pg_restore when a server is configured."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from harrier.cli import app
from harrier.review import admin, auth
from harrier.review.tables import User
from harrier.store import audit
from harrier.store.backup import table_counts
from harrier.store.db import Store, open_store
from harrier.store.tables import Account, Case, Comment, Post, SignalRow

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PASSWORD = "a-long-password"


def _fill(store: Store) -> None:
    """Some of every kind of row an operator cares about: platform data, signals, a case, users, a key, audit."""
    with store.session() as s:
        for i in range(5):
            s.add(Account(id=f"a{i}", handle=f"user_{i}", created_at=T0))
            s.add(Post(id=f"p{i}", author_id=f"a{i}", created_at=T0, caption=f"post {i}"))
            s.add(Comment(id=f"c{i}", post_id=f"p{i}", author_id=f"a{(i + 1) % 5}", created_at=T0, text="hello"))
            s.add(SignalRow(subject_type="comment", subject_id=f"c{i}", kind="text.contact_move", score=0.5 + i / 20,
                            detector="text.intent", detector_version="1.0.0", evidence=[], run_id=None,
                            created_at=T0))
        s.add(Case(case_id="case-a1", account_id="a1", kind="account", rank=1, score=0.9, severity="high",
                   recommended_action="review", queue="default", status="open", ring_id=None, signals=[],
                   related_accounts=[], summary=None, created_at=T0, updated_at=T0))
        admin.add_user(s, "cli", "alice", PASSWORD, ["admin"])
        admin.add_user(s, "cli", "bob", PASSWORD, ["moderator"])
        admin.create_key(s, "cli", "platform", ["ingest"])
        for i in range(20):
            audit.append(s, "alice", "case.view", "case", "case-a1", {"i": i})


def _data_counts(store: Store) -> dict[str, int]:
    return {t: n for t, n in table_counts(store.engine).items() if t != "alembic_version"}


def _cli(*args: str) -> tuple[int, str, dict]:
    r = CliRunner().invoke(app, list(args))
    try:
        out = orjson.loads(r.stdout)
    except orjson.JSONDecodeError:
        out = {}
    return r.exit_code, r.output, out


def test_sqlite_backup_restore_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARRIER_DATABASE_URL", raising=False)
    monkeypatch.setenv("HARRIER_HOME", str(tmp_path / "live"))
    live = open_store()
    _fill(live)
    before = _data_counts(live)
    assert before["audit_log"] == 23 and before["accounts"] == 5 and before["review_users"] == 2
    dump = tmp_path / "backups" / "harrier.sqlite"

    code, output, rep = _cli("db", "backup", str(dump), "--json")
    assert code == 0, output
    assert {t: n for t, n in rep["counts"].items() if t != "alembic_version"} == before
    assert rep["audit_ok"] is True and rep["audit_entries"] == 23
    assert not Path(f"{dump}-wal").exists() and not Path(f"{dump}.partial").exists()  # one self-contained file
    code, output, _ = _cli("db", "backup", str(dump))
    assert code == 1 and "exists" in output  # never overwrites by accident
    assert _cli("db", "backup", str(dump), "--force")[0] == 0

    # into an empty store elsewhere: identical rows per table, a verifying chain, a working login
    monkeypatch.setenv("HARRIER_HOME", str(tmp_path / "restored"))
    code, output, rep = _cli("db", "restore", str(dump), "--json")
    assert code == 0, output
    assert rep["ok"] and rep["audit_ok"] and rep["mismatched"] == {}
    restored = open_store()
    assert _data_counts(restored) == before
    with live.engine.connect() as a, restored.engine.connect() as b:
        assert a.execute(select(audit.AuditEntry.hash).order_by(audit.AuditEntry.id)).scalars().all() == \
            b.execute(select(audit.AuditEntry.hash).order_by(audit.AuditEntry.id)).scalars().all()
    with restored.session() as s:
        assert auth.authenticate(s, "alice", PASSWORD) is not None

    # a store that holds data is replaced only with --force
    with restored.session() as s:
        admin.disable_user(s, "cli", "bob")
    code, output, _ = _cli("db", "restore", str(dump))
    assert code == 1 and "holds data" in output and "--force" in output
    assert _data_counts(restored)["audit_log"] == 24  # untouched
    code, output, _ = _cli("db", "restore", str(dump), "--force")
    assert code == 0, output
    assert _data_counts(restored) == before
    with restored.session() as s:
        assert s.execute(select(User.active).where(User.username == "bob")).scalar_one() is True

    # a backup whose audit log was edited restores, but says so and exits 1
    with closing(sqlite3.connect(dump)) as c, c:
        c.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 5")
    code, output, _ = _cli("db", "restore", str(dump), "--force")
    assert code == 1 and "audit chain does not verify" in output and "id=5" in output

    # not a backup at all
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 100)
    code, output, _ = _cli("db", "restore", str(junk), "--force")
    assert code == 1 and "not a SQLite backup" in output
    code, output, _ = _cli("db", "restore", str(tmp_path / "missing.sqlite"))
    assert code == 1 and "no backup at" in output


def test_sqlite_backup_is_consistent_while_another_connection_writes(store: Store, tmp_path: Path) -> None:
    """The online backup copies one snapshot: with a writer appending to the hash chain (and an account per entry, in
    the same transaction) all the while, every backup's chain verifies and holds exactly as many accounts as its
    transactions wrote."""
    from harrier.store.backup import backup

    _fill(store)
    stop, started = threading.Event(), threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            with store.session() as s:
                s.add(Account(id=f"w{i}", handle=f"writer_{i}", created_at=T0))
                audit.append(s, "writer", "account.create", "account", f"w{i}")
            i += 1
            if i == 3:
                started.set()

    th = threading.Thread(target=writer)
    th.start()
    try:
        assert started.wait(30)
        reports = [backup(store, tmp_path / f"b{n}.sqlite") for n in range(5)]
    finally:
        stop.set()
        th.join(30)
    for r in reports:
        assert r.audit_ok, r.audit_problem
        assert r.counts["accounts"] - 5 == r.counts["audit_log"] - 23  # account and entry always together
    assert reports[0].counts["accounts"] >= 8  # the writer was writing all along
    assert reports[-1].counts["accounts"] > reports[0].counts["accounts"]


def test_postgres_backup_restore_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            request: pytest.FixtureRequest) -> None:
    """pg_dump -Fc, then pg_restore into a second database: the same rows per table and a verifying chain."""
    from tests.conftest import PG_URL, _pg_database

    if not PG_URL:  # as for any_store: skipped only outside CI
        if os.environ.get("CI"):
            pytest.fail("CI must set HARRIER_TEST_POSTGRES_URL (see .ci/run)")
        pytest.skip("HARRIER_TEST_POSTGRES_URL not set")
    pg_template = request.getfixturevalue("pg_template")
    src_gen, dst_gen = _pg_database(tmp_path / "a", pg_template), _pg_database(tmp_path / "b", pg_template)
    src_settings, dst_settings = next(src_gen), next(dst_gen)
    try:
        live = Store(src_settings).migrate()
        _fill(live)
        before = _data_counts(live)
        dump = tmp_path / "harrier.pgdump"
        monkeypatch.setenv("HARRIER_HOME", str(tmp_path / "a"))
        monkeypatch.setenv("HARRIER_DATABASE_URL", src_settings.database_url)
        code, output, rep = _cli("db", "backup", str(dump), "--json")
        assert code == 0, output
        assert rep["engine"] == "postgresql" and rep["audit_ok"]
        assert {t: n for t, n in rep["counts"].items() if t != "alembic_version"} == before
        assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

        monkeypatch.setenv("HARRIER_HOME", str(tmp_path / "b"))
        monkeypatch.setenv("HARRIER_DATABASE_URL", dst_settings.database_url)
        code, output, rep = _cli("db", "restore", str(dump), "--json")
        assert code == 0, output
        restored = Store(dst_settings)
        assert _data_counts(restored) == before and rep["audit_ok"] and rep["audit_entries"] == 23
        code, output, _ = _cli("db", "restore", str(dump))
        assert code == 1 and "holds data" in output
        assert _cli("db", "restore", str(dump), "--force")[0] == 0
        assert _data_counts(restored) == before
        restored.engine.dispose()
        live.engine.dispose()
    finally:
        src_gen.close()
        dst_gen.close()


def test_missing_pg_tools_are_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without the PostgreSQL client (the outside world, so the lookup is what is faked)."""
    from harrier.store import backup

    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup.glob, "glob", lambda pattern: [])
    with pytest.raises(backup.BackupError, match="pg_dump not found: install the PostgreSQL client"):
        backup.pg_tool("pg_dump")
