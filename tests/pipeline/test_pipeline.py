from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from harrier.detect import registry
from harrier.detect.base import DetectorSpec
from harrier.pipeline import _InlineExecutor, make_executor, run_detector
from harrier.store import tables as t
from harrier.store.signals import fresh_signals

SPECS = [
    DetectorSpec("testpipe.blob", "1", "media", 1, "tests.pipeline.detectors_for_tests:BlobSize", batch_size=2),
    DetectorSpec("testpipe.caption", "1", "post", 2, "tests.pipeline.detectors_for_tests:CaptionLength"),
    DetectorSpec("testpipe.thread", "1", "comment", 3, "tests.pipeline.detectors_for_tests:UnderLongCaption"),
]


@pytest.fixture
def specs(monkeypatch):
    monkeypatch.setattr(registry, "DETECTORS", list(SPECS))
    return registry.DETECTORS


def _seed(store):
    now = datetime.now(UTC)
    a = store.blobs.put_bytes(b"x" * 80)
    b = store.blobs.put_bytes(b"y" * 30)
    with store.session() as s:
        s.execute(insert(t.Account), [{"id": "u1", "handle": "u1"}])
        s.execute(insert(t.Post), [
            {"id": "p1", "author_id": "u1", "created_at": now, "caption": "a long caption about the day"},
            {"id": "p2", "author_id": "u1", "created_at": now, "caption": "short"},
        ])
        s.execute(insert(t.Media), [
            {"id": "m1", "post_id": "p1", "position": 0, "type": "image", "sha256": a},
            {"id": "m2", "post_id": "p2", "position": 0, "type": "image", "sha256": a},  # re-post, same bytes
            {"id": "m3", "post_id": "p2", "position": 1, "type": "image", "sha256": b},
            {"id": "m4", "post_id": "p2", "position": 2, "type": "image", "sha256": None, "error": "missing"},
        ])
        s.execute(insert(t.Comment), [
            {"id": "c1", "post_id": "p1", "author_id": "u1", "created_at": now, "text": "hi"},
            {"id": "c2", "post_id": "p1", "author_id": "u1", "parent_id": "c1", "created_at": now, "text": "yo"},
            {"id": "c3", "post_id": "p2", "author_id": "u1", "created_at": now, "text": "ok"},
        ])


def _count(store, table):
    with store.sessions() as s:
        return s.execute(select(func.count()).select_from(table)).scalar()


def test_stages_see_earlier_signals_and_scans_are_incremental(any_store, specs):
    from tests.pipeline import detectors_for_tests as d

    _seed(any_store)
    d.CALLS.clear()
    ex = _InlineExecutor()
    reps = [run_detector(any_store, s, "r1", ex) for s in specs]
    # 4 media rows, 3 distinct byte sets (one missing): the re-posted blob is analysed once.
    assert reps[0].scanned == 4 and len(d.CALLS) == 3
    with any_store.sessions() as s:
        media = {x.subject[1]: x.score for x in fresh_signals(s, "media")}
        comments = {x.subject[1]: x for x in fresh_signals(s, "comment")}
    assert media == {"m1": 0.8, "m2": 0.8, "m3": 0.3}
    assert set(comments) == {"c1", "c2"}  # only under p1, whose caption is long
    assert comments["c2"].evidence[0].note == "parent text: hi"
    n_signals = _count(any_store, t.SignalRow)

    # Nothing new: a second scan runs no detector over anything.
    d.CALLS.clear()
    reps = [run_detector(any_store, s, "r2", ex) for s in specs]
    assert [r.scanned for r in reps] == [0, 0, 0] and d.CALLS == []
    assert _count(any_store, t.SignalRow) == n_signals

    # A new media row with known bytes reuses the earlier result without running the detector.
    with any_store.session() as s:
        s.execute(insert(t.Media), [{"id": "m5", "post_id": "p1", "position": 1, "type": "image",
                                     "sha256": any_store.blobs.put_bytes(b"y" * 30)}])
    rep = run_detector(any_store, specs[0], "r3", ex)
    assert rep.scanned == 1 and d.CALLS == []
    with any_store.sessions() as s:
        assert [x.score for x in fresh_signals(s, "media", ["m5"])] == [0.3]


def test_new_detector_version_rescans_and_supersedes(any_store, specs):
    _seed(any_store)
    ex = _InlineExecutor()
    run_detector(any_store, specs[1], "r1", ex)
    specs[1] = DetectorSpec("testpipe.caption", "2", "post", 2,
                            "tests.pipeline.detectors_for_tests:CaptionLengthV2")
    rep = run_detector(any_store, specs[1], "r2", ex)
    assert rep.scanned == 2
    with any_store.sessions() as s:
        fresh = fresh_signals(s, "post")
    assert {x.detector for x in fresh} == {"testpipe.caption@2"} and len(fresh) == 2
    assert _count(any_store, t.SignalRow) == 4  # append-only: the old version's rows stay


def test_process_pool_gives_the_same_result(store, specs):
    _seed(store)
    ex = make_executor(2)
    try:
        for s in specs:
            run_detector(store, s, "r1", ex)
    finally:
        ex.shutdown()
    with store.sessions() as s:
        assert {x.subject[1] for x in fresh_signals(s, "comment")} == {"c1", "c2"}


def test_registry_line_must_match_the_detector_class(store, specs):
    _seed(store)
    specs[1] = DetectorSpec("testpipe.caption", "9", "post", 2, "tests.pipeline.detectors_for_tests:CaptionLength")
    with pytest.raises(ValueError, match="declares testpipe.caption@9"):
        run_detector(store, specs[1], "r1", _InlineExecutor())


def test_a_scan_of_an_empty_store_finishes_with_nothing(any_store):
    """A fresh store (nothing ingested yet) scans to an empty result instead of failing in the context step."""
    from harrier.pipeline import scan

    report = scan(any_store, workers=1, progress=False)
    assert report.cases == 0 and report.context_signals == 0 and report.verdicts == 0
    with any_store.session() as s:
        assert s.scalar(select(func.count()).select_from(t.SignalRow)) == 0
