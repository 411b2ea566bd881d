"""Unknown fields are kept on every entity; changed content makes earlier signals stale."""

from __future__ import annotations

from sqlalchemy import select

from harrier.ingest import run_ingest
from harrier.model.signals import Signal
from harrier.store import tables as t
from harrier.store.signals import append_signals, fresh_signals

from .ingest_testlib import ACCOUNTS, COMMENTS, POSTS, make_export


def test_unknown_fields_on_edges_are_kept(any_store, tmp_path):
    a, b = ACCOUNTS[0]["id"], ACCOUNTS[1]["id"]
    folder = make_export(
        tmp_path / "x", accounts=ACCOUNTS, posts=POSTS,
        follows=[{"follower_id": a, "followee_id": b, "source": "suggested"}],
        interactions=[{"account_id": a, "post_id": POSTS[0]["id"], "kind": "like", "client": "ios"}],
        message_edges=[{"sender_id": a, "recipient_id": b, "created_at": "2026-11-01T10:00:00Z", "channel": "dm"}],
    )
    rep = run_ingest(any_store, folder, progress=False)
    assert rep.rejected == 0
    with any_store.sessions() as s:
        assert s.execute(select(t.Follow.extra)).scalar() == {"source": "suggested"}
        assert s.execute(select(t.Interaction.extra)).scalar() == {"client": "ios"}
        assert s.execute(select(t.MessageEdge.extra)).scalar() == {"channel": "dm"}


def test_changed_comment_makes_its_old_signals_stale(any_store, tmp_path):
    folder = make_export(tmp_path / "v1", accounts=ACCOUNTS, posts=POSTS, comments=COMMENTS)
    run_ingest(any_store, folder, progress=False)
    cid = COMMENTS[0]["id"]
    with any_store.session() as s:
        append_signals(s, [Signal(subject=("comment", cid), kind="image.decode_error", score=1.0,
                                  detector="lead.test@1")], run_id="r1")
    with any_store.sessions() as s:
        assert len(fresh_signals(s, "comment", [cid])) == 1
    changed = [{**COMMENTS[0], "text": COMMENTS[0]["text"] + " (edited)"}, *COMMENTS[1:]]
    run_ingest(any_store, make_export(tmp_path / "v2", accounts=ACCOUNTS, posts=POSTS, comments=changed),
               progress=False)
    with any_store.sessions() as s:
        assert fresh_signals(s, "comment", [cid]) == []  # it judged the old text
    with any_store.session() as s:
        append_signals(s, [Signal(subject=("comment", cid), kind="image.decode_error", score=1.0,
                                  detector="lead.test@1")], run_id="r2")
    with any_store.sessions() as s:
        assert len(fresh_signals(s, "comment", [cid])) == 1  # a verdict on the new text is fresh
