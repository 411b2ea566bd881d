"""Evidence retention: `harrier evidence purge` deletes expired bundles except those of cases under legal hold
(set and lifted by `harrier evidence hold`), audits every purge and hold, and `serve` runs it on a schedule."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from harrier.cli import app
from harrier.enforce.evidence import freeze
from harrier.enforce.retention import PurgeSchedule
from harrier.enforce.tables import EvidenceBundle, LegalHold
from harrier.store import audit
from harrier.store.audit import AuditEntry
from harrier.store.db import open_store
from harrier.store.tables import Case

from .enforce_helpers import T0, seed_case


def _seed_bundles(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Three bundles: case-a1 expired and current, case-a2 expired. Returns name -> bundle id."""
    seed_case(store, media=False)
    with store.session() as s:
        s.add(Case(case_id="case-a2", account_id="adult1", kind="account", rank=2, score=0.5, severity="medium",
                   recommended_action="review", queue="default", status="open", ring_id=None, signals=[],
                   related_accounts=[], summary=None, created_at=T0, updated_at=T0))
    with store.session() as s:
        ids = {"a1_old": freeze(s, store, "case-a1").bundle_id, "a1_new": freeze(s, store, "case-a1").bundle_id,
               "a2_old": freeze(s, store, "case-a2").bundle_id}
        past = datetime.now(UTC) - timedelta(days=1)
        s.get(EvidenceBundle, ids["a1_old"]).retention_until = past
        s.get(EvidenceBundle, ids["a2_old"]).retention_until = past
    return ids


def _state(store, ids: dict[str, str]) -> dict[str, tuple[bool, bool]]:  # type: ignore[no-untyped-def]
    """name -> (file exists, row marked purged)."""
    with store.session() as s:
        rows = {n: s.get(EvidenceBundle, b) for n, b in ids.items()}
        return {n: (Path(r.path).exists(), r.purged_at is not None) for n, r in rows.items()}


def _entries(store, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with store.session() as s:
        return list(s.execute(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
                    .scalars())


def test_cli_purge_with_and_without_legal_hold(harrier_env) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    ids = _seed_bundles(store)
    run = CliRunner()

    r = run.invoke(app, ["evidence", "hold", "case-a2"])
    assert r.exit_code == 1 and "reason" in r.output  # a hold needs a reason
    assert run.invoke(app, ["evidence", "hold", "no-such-case", "--reason", "x"]).exit_code == 1
    r = run.invoke(app, ["evidence", "hold", "case-a2", "--reason", "preservation request 7", "--actor", "legal"])
    assert r.exit_code == 0, r.output
    [held] = _entries(store, "evidence.hold_set")
    assert (held.actor, held.target_id, held.details) == ("legal", "case-a2", {"reason": "preservation request 7"})
    r = run.invoke(app, ["evidence", "holds", "--json"])
    assert [h["case_id"] for h in orjson.loads(r.stdout)] == ["case-a2"]

    # a dry run names what would go and touches nothing
    r = run.invoke(app, ["evidence", "purge", "--dry-run", "--json"])
    out = orjson.loads(r.stdout)
    assert [p["bundle_id"] for p in out["purged"]] == [ids["a1_old"]]
    assert [h["bundle_id"] for h in out["held"]] == [ids["a2_old"]]
    assert _state(store, ids) == {"a1_old": (True, False), "a1_new": (True, False), "a2_old": (True, False)}
    assert _entries(store, "evidence.purge") == []

    # the purge: the expired bundle without a hold goes; the held one and the current one stay
    r = run.invoke(app, ["evidence", "purge", "--json"])
    assert r.exit_code == 0, r.output
    assert [p["bundle_id"] for p in orjson.loads(r.stdout)["purged"]] == [ids["a1_old"]]
    assert _state(store, ids) == {"a1_old": (False, True), "a1_new": (True, False), "a2_old": (True, False)}
    [purge] = _entries(store, "evidence.purge")
    assert (purge.actor, purge.target_id, purge.details["bundle_id"], purge.details["file_present"]) == \
        ("cli", "case-a1", ids["a1_old"], True)
    r = run.invoke(app, ["evidence", "list", "--json"])
    listed = {b["bundle_id"]: b for b in orjson.loads(r.stdout)}
    assert listed[ids["a1_old"]]["purged_at"] and listed[ids["a2_old"]]["legal_hold"] is True

    # purging again changes nothing and logs nothing
    assert orjson.loads(run.invoke(app, ["evidence", "purge", "--json"]).stdout)["purged"] == []
    assert len(_entries(store, "evidence.purge")) == 1

    # lift the hold (audited): the next purge takes the expired bundle of case-a2
    assert run.invoke(app, ["evidence", "hold", "case-a2", "--clear"]).exit_code == 0
    assert run.invoke(app, ["evidence", "hold", "case-a2", "--clear"]).exit_code == 1  # no hold left to lift
    [cleared] = _entries(store, "evidence.hold_clear")
    assert cleared.details["reason"] == "preservation request 7"
    r = run.invoke(app, ["evidence", "purge"])
    assert r.exit_code == 0 and "purged 1 expired bundle(s); 0 kept" in r.output
    assert _state(store, ids) == {"a1_old": (False, True), "a1_new": (True, False), "a2_old": (False, True)}
    assert [e.details["bundle_id"] for e in _entries(store, "evidence.purge")] == [ids["a1_old"], ids["a2_old"]]
    with store.session() as s:
        assert audit.verify(s).ok


def test_scheduled_purge_runs_in_the_background_and_respects_holds(any_store) -> None:  # type: ignore[no-untyped-def]
    ids = _seed_bundles(any_store)
    with any_store.session() as s:
        s.add(LegalHold(case_id="case-a2", reason="court order", set_by="legal", set_at=datetime.now(UTC)))
    schedule = PurgeSchedule(any_store, interval_s=3600).start()  # purges at start, then hourly
    try:
        deadline = time.time() + 30
        while schedule.runs < 1 and time.time() < deadline:
            time.sleep(0.05)
    finally:
        schedule.stop()
    assert schedule.runs == 1
    assert _state(any_store, ids) == {"a1_old": (False, True), "a1_new": (True, False), "a2_old": (True, False)}
    assert [(e.actor, e.details["bundle_id"]) for e in _entries(any_store, "evidence.purge")] == \
        [("scheduler", ids["a1_old"])]


def test_serve_purges_on_its_schedule(harrier_env) -> None:  # type: ignore[no-untyped-def]
    """`harrier serve` runs the purge in the background (at start, then every --purge-every-hours)."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    store = open_store()
    ids = _seed_bundles(store)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "harrier.cli", "serve", "--port", str(port),
                             "--purge-every-hours", "6"], env=os.environ.copy(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and len(_entries(store, "evidence.purge")) < 2:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
    assert sorted((e.actor, e.details["bundle_id"]) for e in _entries(store, "evidence.purge")) == \
        sorted([("scheduler", ids["a1_old"]), ("scheduler", ids["a2_old"])])  # no hold here: both expired went
    assert _state(store, ids) == {"a1_old": (False, True), "a1_new": (True, False), "a2_old": (False, True)}
