"""The events API's ingestion: same validation and tables as files, idempotent by id."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select

from harrier.ingest.events import ingest_events
from harrier.store.tables import Account, Comment, DetectorScan, Media, Post

from .ingest_testlib import ACCOUNTS, COMMENTS, PNG_BYTES, POSTS, counts, errors


def _events(typ, records):
    return [{"type": typ, "data": r} for r in records]


def test_events_are_validated_stored_and_idempotent(any_store):
    events = [*_events("account", ACCOUNTS), *_events("post", [POSTS[2]]), *_events("comment", COMMENTS[:1]),
              {"type": "follow", "data": {"follower_id": "a1", "followee_id": "a2"}},
              {"type": "message_edge", "data": {"sender_id": "a1", "recipient_id": "a2",
                                                "created_at": "2026-01-01T10:00:00+02:00", "count": 2}}]
    first = ingest_events(any_store, events)
    assert [r["status"] for r in first] == ["accepted"] * len(events)
    c = counts(any_store)
    assert (c["accounts"], c["posts"], c["comments"], c["follows"], c["message_edges"]) == (3, 1, 1, 1, 1)
    again = ingest_events(any_store, events)
    assert [r["status"] for r in again] == ["duplicate"] * len(events)
    assert counts(any_store) == c


def test_rejected_events_name_the_field_and_the_rest_go_in(any_store):
    events = [
        {"type": "account", "data": {"id": "a9", "handle": "ok", "surprise": [1, 2]}},
        {"type": "account", "data": {"id": "a10"}},
        {"type": "comment", "data": {**COMMENTS[0], "created_at": "not a time"}},
        {"type": "tweet", "data": {}},
        {"type": "post", "data": {**POSTS[0], "id": "p-path"}},  # a relative path: not accepted over the API
        "not an object",
        {"type": "report", "data": {"id": "r1", "subject_type": "ring", "subject_id": "x", "reason": "spam"}},
    ]
    res = ingest_events(any_store, events)
    assert [r["status"] for r in res] == ["accepted", "rejected", "rejected", "rejected", "rejected", "rejected",
                                          "rejected"]
    assert res[1]["errors"] == [{"field": "handle", "message": "Field required"}]
    assert res[2]["errors"][0]["field"] == "created_at"
    assert res[3]["errors"][0]["field"] == "type" and "unknown event type 'tweet'" in res[3]["errors"][0]["message"]
    assert res[4]["errors"] == [{"field": "media[0].path", "message": "relative paths are only accepted in an "
                                 "export folder; give url or sha256"}]
    assert res[6]["errors"][0]["field"] == "subject_type"
    with any_store.session() as s:
        assert s.get(Account, "a9").extra == {"surprise": [1, 2]}
        assert s.get(Post, "p-path") is None
    assert len(errors(any_store)) == 6


def test_changed_event_is_accepted_and_rescanned_media_linked_by_sha256(any_store):
    sha = any_store.blobs.put_bytes(PNG_BYTES)
    assert sha == hashlib.sha256(PNG_BYTES).hexdigest()
    post = {"id": "p5", "author_id": "a1", "created_at": "2026-02-01T00:00:00Z",
            "media": [{"type": "image", "sha256": sha}, {"type": "image", "url": "https://cdn.example/y.jpg",
                                                         "sha256": "ab" * 32}]}
    assert ingest_events(any_store, [{"type": "post", "data": post}])[0]["status"] == "accepted"
    with any_store.session() as s:
        media = {m.position: m for m in s.scalars(select(Media).where(Media.post_id == "p5"))}
        assert media[0].sha256 == sha  # bytes already in the blob store: linked
        assert media[1].sha256 is None and media[1].declared_sha256 == "ab" * 32 and media[1].error is None
        s.add(DetectorScan(detector="d", detector_version="1", subject_type="comment", subject_id="c1",
                           scanned_at=datetime.now(UTC)))
    ingest_events(any_store, [{"type": "comment", "data": COMMENTS[0]}])
    res = ingest_events(any_store, [{"type": "comment", "data": {**COMMENTS[0], "text": "edited"}},
                                    {"type": "comment", "data": {**COMMENTS[0], "text": "edited"}}])
    assert [r["status"] for r in res] == ["duplicate", "accepted"]  # the last of a repeated id wins
    with any_store.session() as s:
        assert s.get(Comment, "c1").text == "edited"
        assert s.scalars(select(DetectorScan)).all() == []
