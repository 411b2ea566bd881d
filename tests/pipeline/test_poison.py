"""A detector that raises on one item: the batch is retried item by item, the item is recorded with its error
and listed by ``harrier scan --errors``, everything else is scored, and a later scan with the fixed detector
scores the item."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
from sqlalchemy import insert, select
from typer.testing import CliRunner

from harrier.cli import app
from harrier.detect import registry
from harrier.detect.base import DetectorSpec
from harrier.pipeline import make_executor, run_detector, scan
from harrier.store import tables as t
from harrier.store.db import open_store
from harrier.store.signals import fresh_signals
from tests.pipeline import detectors_for_tests as d

LENGTH = DetectorSpec("testpipe.length", "1", "comment", 3, "tests.pipeline.detectors_for_tests:CommentLength",
                      batch_size=3)
REAL = list(registry.DETECTORS)


@pytest.fixture
def broken(monkeypatch):
    monkeypatch.setattr(registry, "DETECTORS", [LENGTH])
    d.BROKEN[0] = True
    yield d.BROKEN
    d.BROKEN[0] = True


def _seed(store, n: int = 7, poison: int = 4) -> list[str]:
    now = datetime.now(UTC)
    ids = [f"c{i}" for i in range(n)]
    with store.session() as s:
        s.execute(insert(t.Post), [{"id": "p1", "author_id": "u1", "created_at": now, "caption": "hi"}])
        s.execute(insert(t.Comment), [{"id": c, "post_id": "p1", "author_id": "u1", "created_at": now,
                                       "text": f"comment {i}" + (d.POISON if i == poison else "")}
                                      for i, c in enumerate(ids)])
    return ids


def _scored(store) -> set[str]:
    with store.sessions() as s:
        return {x.subject[1] for x in fresh_signals(s, "comment", kinds=["testpipe.comment_len"])}


@pytest.mark.parametrize("workers", [1, 2])
def test_one_failing_item_does_not_stop_the_scan(any_store, broken, workers):
    ids = _seed(any_store)
    ex = make_executor(workers)
    try:
        rep = run_detector(any_store, LENGTH, "r1", ex)
    finally:
        ex.shutdown()
    assert rep.scanned == 6 and _scored(any_store) == set(ids) - {"c4"}
    assert [(f["subject_id"], f["error"].split(" (")[0]) for f in rep.failed] == [
        ("c4", "ValueError: cannot measure c4")]
    assert "detectors_for_tests.py" in rep.failed[0]["error"]  # where it raised
    with any_store.sessions() as s:
        [err] = s.scalars(select(t.ScanError)).all()
    assert (err.detector, err.subject_id, err.run_id) == ("testpipe.length", "c4", "r1")
    assert err.error.startswith("ValueError: cannot measure c4")

    # Still broken: the next scan tries only the failed item again.
    rep = run_detector(any_store, LENGTH, "r2", make_executor(1))
    assert rep.scanned == 0 and [f["subject_id"] for f in rep.failed] == ["c4"]

    broken[0] = False  # the fix
    rep = run_detector(any_store, LENGTH, "r3", make_executor(1))
    assert rep.scanned == 1 and rep.failed == [] and _scored(any_store) == set(ids)
    with any_store.sessions() as s:
        assert s.scalars(select(t.ScanError)).all() == []


def test_scan_report_and_cli_list_the_failures(harrier_env, broken, monkeypatch):
    monkeypatch.setattr(registry, "DETECTORS", [*REAL, LENGTH])  # policy needs the real kinds
    store = open_store()
    _seed(store, n=3, poison=1)
    report = scan(store, workers=1, progress=False, only=["testpipe.length"]).to_json()
    [length] = report["detectors"]
    assert length["scanned"] == 2 and [f["subject_id"] for f in length["failed"]] == ["c1"]

    res = CliRunner().invoke(app, ["scan", "--errors", "--json"])
    assert res.exit_code == 0, res.output
    [row] = orjson.loads(res.stdout)
    assert row["detector"] == "testpipe.length@1" and row["subject_id"] == "c1"
    assert row["error"].startswith("ValueError: cannot measure c1") and row["run_id"] == report["run_id"]
    res = CliRunner().invoke(app, ["scan", "--errors"])
    assert "cannot measure c1" in res.stdout and "comment c1" in res.stdout


def test_a_detector_that_cannot_load_stops_the_scan(store, monkeypatch):
    # Not an item's fault: the registry line and the class disagree, so nothing could be scored.
    bad = DetectorSpec("testpipe.length", "9", "comment", 3, "tests.pipeline.detectors_for_tests:CommentLength")
    monkeypatch.setattr(registry, "DETECTORS", [bad])
    _seed(store)
    with pytest.raises(ValueError, match="declares testpipe.length@9"):
        run_detector(store, bad, "r1", make_executor(1))
    with store.sessions() as s:
        assert s.scalars(select(t.ScanError)).all() == []
