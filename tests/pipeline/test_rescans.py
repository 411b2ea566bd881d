"""Rescans cascade: a comment's scan depends on its post (row and signals), the post's media analysis and its
parent; a change in any of them, or the post arriving after its comments, re-scores exactly the comments
under that post. Real post fusion and comment detectors, ingested through the events API."""

from __future__ import annotations

import pytest

from harrier.detect import registry
from harrier.detect.base import DetectorSpec
from harrier.ingest.events import ingest_events
from harrier.pipeline import _InlineExecutor, run_detector
from harrier.store.db import Store
from harrier.store.signals import fresh_signals

AGE_BLIND = DetectorSpec("testpipe.age", "1", "media", 1, "tests.pipeline.detectors_for_tests:ImageAgeBlind")
AGE = DetectorSpec("testpipe.age", "2", "media", 1, "tests.pipeline.detectors_for_tests:ImageAge")
FUSION_OLD = DetectorSpec("post.fusion", "0.9.0", "post", 2,
                          "tests.pipeline.detectors_for_tests:PostFusionWithoutImages")
FUSION, COMMENTS = (next(s for s in registry.DETECTORS if s.name == n) for n in ("post.fusion", "text.comment"))

T = "2026-11-20T10:00:00Z"
HARMLESS_ALONE = "looks delicious 😋"  # scores nothing alone; sexualising under a likely child (test_detectors.py)
CHILD_CAPTION = {"caption": "My daughter's first dance recital!", "hashtags": ["kidsfashion"]}


def _account() -> dict:
    return {"type": "account", "data": {"id": "a1", "handle": "sunny_days", "bio": "food and walks"}}


def _post(pid: str, caption: str = "Sunday walk", media: list[dict] | None = None, **extra: object) -> dict:
    return {"type": "post", "data": {"id": pid, "author_id": "a1", "created_at": T, "caption": caption,
                                     "media": media or [], **extra}}


def _comment(cid: str, post: str, text: str, parent: str | None = None) -> dict:
    return {"type": "comment", "data": {"id": cid, "post_id": post, "author_id": "a2", "created_at": T,
                                        "text": text, "parent_id": parent}}


def _image(store: Store, data: bytes | None, sha: str | None = None) -> dict:
    """A media reference by sha256; with ``data`` None the bytes have not arrived yet."""
    if data is not None:
        sha = store.blobs.put_bytes(data)
    return {"type": "image", "url": f"https://cdn.example/{sha}.jpg", "sha256": sha}


def _ingest(store: Store, *events: dict) -> None:
    res = ingest_events(store, list(events))
    assert all(r["status"] != "rejected" for r in res), res


def _scan(store: Store, specs: list[DetectorSpec], run: str) -> dict[str, int]:
    """Run the detectors stage by stage, as ``harrier scan`` does; scanned count per subject type."""
    ex = _InlineExecutor()
    return {s.subject_type: run_detector(store, s, run, ex).scanned for s in sorted(specs, key=lambda s: s.stage)}


def _flagged(store: Store) -> set[str]:
    with store.sessions() as s:
        sigs = fresh_signals(s, "comment", kinds=["text.sexualising_minor"])
    return {x.subject[1] for x in sigs if any(e.field == "flagged" and e.value is True for e in x.evidence)}


@pytest.fixture
def use(monkeypatch):
    def _use(*specs: DetectorSpec) -> list[DetectorSpec]:
        monkeypatch.setattr(registry, "DETECTORS", list(specs))
        return list(specs)
    return _use


def _thread(store: Store) -> list[dict]:
    """p1's comments: a harmless-alone remark and a reply to it; p2 has the same remark (never re-scored)."""
    return [_comment("c1", "p1", HARMLESS_ALONE), _comment("c2", "p1", "agreed", parent="c1"),
            _comment("c3", "p2", HARMLESS_ALONE)]


def test_post_edit_rescores_its_comments_only(any_store, use):
    specs = use(AGE, FUSION, COMMENTS)
    _ingest(any_store, _account(), _post("p1"), _post("p2", "Lasagna night"), *_thread(any_store))
    assert _scan(any_store, specs, "r1") == {"media": 0, "post": 2, "comment": 3}
    assert _flagged(any_store) == set()
    assert _scan(any_store, specs, "r2") == {"media": 0, "post": 0, "comment": 0}

    _ingest(any_store, _post("p1", **CHILD_CAPTION))
    assert _scan(any_store, specs, "r3") == {"media": 0, "post": 1, "comment": 2}
    assert _flagged(any_store) == {"c1"}
    assert _scan(any_store, specs, "r4") == {"media": 0, "post": 0, "comment": 0}

    # Edited back: the re-score at the same detector version supersedes the flag it gave before.
    _ingest(any_store, _post("p1", "Sunday walk"))
    assert _scan(any_store, specs, "r5") == {"media": 0, "post": 1, "comment": 2}
    assert _flagged(any_store) == set()


def test_reanalysed_media_rescores_the_comments_of_posts_whose_signals_changed(any_store, use):
    use(AGE_BLIND, FUSION, COMMENTS)
    child, food = _image(any_store, b"child at the beach"), _image(any_store, b"lasagna")
    _ingest(any_store, _account(), _post("p1", media=[child]), _post("p2", "Lasagna night", media=[food]),
            *_thread(any_store))
    _scan(any_store, registry.DETECTORS, "r1")
    assert _flagged(any_store) == set()

    specs = use(AGE, FUSION, COMMENTS)  # the age model now sees the child
    # Both images re-analysed, so both posts re-scored; only p1's signals changed, so only its comments.
    assert _scan(any_store, specs, "r2") == {"media": 2, "post": 2, "comment": 2}
    assert _flagged(any_store) == {"c1"}
    assert _scan(any_store, specs, "r3") == {"media": 0, "post": 0, "comment": 0}


def test_new_post_detector_version_rescores_the_comments_it_changed(any_store, use):
    use(AGE, FUSION_OLD, COMMENTS)
    _ingest(any_store, _account(), _post("p1", media=[_image(any_store, b"child at the beach")]),
            _post("p2", "Lasagna night", media=[_image(any_store, b"lasagna")]), *_thread(any_store))
    _scan(any_store, registry.DETECTORS, "r1")
    assert _flagged(any_store) == set()

    specs = use(AGE, FUSION, COMMENTS)
    assert _scan(any_store, specs, "r2") == {"media": 0, "post": 2, "comment": 2}
    assert _flagged(any_store) == {"c1"}
    with any_store.sessions() as s:  # the re-score superseded the comments' earlier signals
        assert {x.detector for x in fresh_signals(s, "comment")} == {COMMENTS.ident}
        assert len([x for x in fresh_signals(s, "comment", ["c1"]) if x.kind == "text.sexualising_minor"]) == 1


def test_post_ingested_after_its_comments(any_store, use):
    specs = use(AGE, FUSION, COMMENTS)
    _ingest(any_store, _account(), _post("p2", "Lasagna night"), *_thread(any_store))  # p1 not here yet
    assert _scan(any_store, specs, "r1") == {"media": 0, "post": 1, "comment": 3}
    assert _flagged(any_store) == set()

    _ingest(any_store, _post("p1", **CHILD_CAPTION))
    assert _scan(any_store, specs, "r2") == {"media": 0, "post": 1, "comment": 2}
    assert _flagged(any_store) == {"c1"}


def test_image_bytes_arriving_after_the_comments(any_store, use):
    specs = use(AGE, FUSION, COMMENTS)
    data = b"child at the beach"
    late = _image(any_store, None, sha=__import__("hashlib").sha256(data).hexdigest())
    _ingest(any_store, _account(), _post("p1", media=[late]), _post("p2", "Lasagna night"), *_thread(any_store))
    assert _scan(any_store, specs, "r1") == {"media": 1, "post": 2, "comment": 3}  # media without bytes: no signal
    assert _flagged(any_store) == set()

    _ingest(any_store, _post("p1", media=[_image(any_store, data)]))  # the platform re-sends it with the bytes
    assert _scan(any_store, specs, "r2") == {"media": 1, "post": 1, "comment": 2}
    assert _flagged(any_store) == {"c1"}


def test_parent_comment_edit_rescores_its_replies(any_store, use):
    specs = use(AGE, FUSION, COMMENTS)
    _ingest(any_store, _account(), _post("p1"), _post("p2"), *_thread(any_store))
    _scan(any_store, specs, "r1")
    _ingest(any_store, _comment("c1", "p1", "lovely day for it"))
    assert _scan(any_store, specs, "r2") == {"media": 0, "post": 0, "comment": 2}  # c1 itself and its reply c2
