"""A run killed with SIGKILL half-way and re-run ends exactly where an uninterrupted run ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import orjson
import pytest
from sqlalchemy import text

from harrier.config import Settings
from harrier.ingest import run_ingest
from harrier.ingest.synthetic import write_export
from harrier.store.db import Store

from .ingest_testlib import counts

COMMENTS = 40_000


def _make_export(folder):
    write_export(folder, accounts=1000, posts=3000, comments=COMMENTS, follows=2000, interactions=2000)
    # Broken lines spread through the file, so errors before and after the kill point are both counted.
    path = folder / "comments.jsonl"
    lines = path.read_bytes().splitlines()
    for at in (100, 6_000, 20_000, 35_000):
        lines.insert(at, b'{"id": "broken-%d", "text": ' % at)
    path.write_bytes(b"\n".join(lines) + b"\n")


def _progress(store: Store, name: str) -> tuple[int, bool] | None:
    with store.engine.connect() as c:
        row = c.execute(text("SELECT line, done FROM ingest_progress WHERE source LIKE :s"),
                        {"s": f"%{name}"}).first()
    return (row[0], bool(row[1])) if row else None


def _cli(store: Store, folder) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HARRIER_HOME": str(store.settings.home), "HARRIER_DATABASE_URL": store.settings.database_url}
    return subprocess.Popen([sys.executable, "-m", "harrier.cli", "ingest", str(folder), "--batch-size", "500",
                             "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_matches_a_clean_run(any_store, tmp_path):
    export = tmp_path / "export"
    _make_export(export)

    proc = _cli(any_store, export)
    deadline = time.monotonic() + 120
    killed_at = None
    while time.monotonic() < deadline and proc.poll() is None:
        prog = _progress(any_store, "comments.jsonl")
        if prog and prog[0] >= 8_000:
            proc.send_signal(signal.SIGKILL)
            killed_at = prog[0]
            break
        time.sleep(0.01)
    proc.wait(timeout=60)
    assert killed_at is not None, f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
    assert proc.returncode == -signal.SIGKILL
    line, done = _progress(any_store, "comments.jsonl")
    assert not done and line < COMMENTS  # really killed mid-file
    assert 0 < counts(any_store)["comments"] < COMMENTS

    resumed = _cli(any_store, export)
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()[-2000:]
    report = orjson.loads(out)
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file["accounts.jsonl"]["status"] == "unchanged"
    assert by_file["comments.jsonl"]["status"] == "resumed" and by_file["comments.jsonl"]["resumed_from"] == line

    clean = Store(Settings(home=tmp_path / "clean", database_url=f"sqlite:///{tmp_path / 'clean' / 'h.db'}")).migrate()
    clean_report = run_ingest(clean, export, progress=False)
    assert clean_report.error_count == 4
    assert counts(any_store) == counts(clean)
    assert counts(clean)["comments"] == COMMENTS and counts(clean)["ingest_errors"] == 4

    def quarantined(store: Store) -> list[int]:
        files = list(store.settings.quarantine_dir.rglob("comments.quarantine.jsonl"))
        return [orjson.loads(x)["line"] for x in files[0].read_bytes().splitlines()]

    assert quarantined(any_store) == quarantined(clean) == [101, 6001, 20001, 35001]
