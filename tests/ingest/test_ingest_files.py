from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import orjson
import pytest
from sqlalchemy import select, text

from harrier.config import Settings
from harrier.ingest import ExportError, run_ingest
from harrier.ingest.quarantine import quarantine_path
from harrier.store.db import Store
from harrier.store.tables import Account, Comment, DetectorScan, Media, Post

from .ingest_testlib import (
    ACCOUNTS,
    COMMENTS,
    PNG_BYTES,
    POSTS,
    counts,
    errors,
    full_export,
    make_export,
    snapshot,
    write_jsonl,
    write_parquet,
)


def test_full_export_lands_in_every_table(any_store, tmp_path):
    folder = full_export(tmp_path / "export")
    report = run_ingest(any_store, folder, progress=False)
    assert report.error_count == 0 and report.rejected == 0
    assert counts(any_store) == {"accounts": 3, "posts": 3, "media": 2, "comments": 3, "follows": 2,
                                 "interactions": 2, "message_edges": 1, "reports": 1, "ingest_errors": 0}
    assert {f.file: f.inserted for f in report.files}["comments.jsonl"] == 3
    with any_store.session() as s:
        a1 = s.get(Account, "a1")
        assert a1.declared_age == 34 and a1.bio == "family, food, football"
        # +01:00 stored as UTC (SQLite keeps no zone; every stored time is UTC)
        assert a1.created_at.replace(tzinfo=UTC) == datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
        p2 = s.get(Post, "p2")
        assert p2.platform_labels == ["ai_generated"] and p2.hashtags == []
        assert p2.created_at.replace(tzinfo=UTC) == datetime(2026, 1, 3, 10, 30, tzinfo=UTC)
        cake = s.get(Media, "p1#0")
        assert cake.sha256 == hashlib.sha256(PNG_BYTES).hexdigest() and cake.error is None
        assert any_store.blobs.read(cake.sha256) == PNG_BYTES
        remote = s.get(Media, "m-remote")  # a URL is recorded, never fetched
        assert remote.url == "https://cdn.example/x.jpg" and remote.sha256 is None and remote.error is None
        assert s.get(Comment, "c2").parent_id == "c1"


def test_bad_lines_are_named_quarantined_and_the_rest_ingested(any_store, tmp_path):
    comments = [
        COMMENTS[0],
        b'{"id": "c-broken", "post_id": "p1", "text": "unterminated',  # line 2: corrupted JSON
        {"id": "c-type", "post_id": "p1", "author_id": "a2", "created_at": "2026-01-02T11:00:00Z", "text": 42},
        {"id": "c-missing", "post_id": "p1", "created_at": "2026-01-02T11:00:00Z", "text": "hi"},  # no author
        b"",  # blank line: skipped, not an error
        {"id": "c-naive", "post_id": "p1", "author_id": "a2", "created_at": "2026-01-02T11:00:00", "text": "x"},
        b"[1, 2]",
        COMMENTS[1],
    ]
    accounts = [*ACCOUNTS, {"id": "a-age", "handle": "x", "declared_age": "ten"}]
    folder = make_export(tmp_path / "export", accounts=accounts, comments=comments)
    report = run_ingest(any_store, folder, progress=False)

    assert report.errors == [
        "accounts.jsonl:4: declared_age: Input should be a valid integer, unable to parse string as an integer "
        "(got 'ten')",
        "comments.jsonl:2: (line): invalid JSON: unexpected end of data: line 1 column 58 (char 57)",
        "comments.jsonl:3: text: Input should be a valid string (got 42)",
        "comments.jsonl:4: author_id: Field required",
        "comments.jsonl:6: created_at: Input should have timezone info (got '2026-01-02T11:00:00')",
        "comments.jsonl:7: (line): expected a JSON object, got list",
    ]
    f = report.file("comments")
    assert (f.accepted, f.rejected, f.skipped) == (2, 5, 1)
    assert counts(any_store)["comments"] == 2 and counts(any_store)["accounts"] == 3
    assert errors(any_store)[:2] == [
        (2, "(line)", "invalid JSON: unexpected end of data: line 1 column 58 (char 57)"),
        (3, "text", "Input should be a valid string (got 42)"),
    ]
    # The quarantine file holds each rejected line as it came, with its errors.
    q = quarantine_path(any_store.settings.quarantine_dir, folder / "comments.jsonl")
    assert f.quarantine == str(q)
    entries = [orjson.loads(line) for line in q.read_bytes().splitlines()]
    assert [e["line"] for e in entries] == [2, 3, 4, 6, 7]
    assert entries[0]["raw"] == '{"id": "c-broken", "post_id": "p1", "text": "unterminated'
    assert entries[2]["errors"] == [{"field": "author_id", "message": "Field required"}]


def test_unknown_fields_are_kept_in_extra_and_null_lists_accepted(any_store, tmp_path):
    posts = [{**POSTS[2], "hashtags": None, "media": None, "geo": {"lat": 52.1, "lon": 4.3},
              "visibility": "public"}]
    comments = [{**COMMENTS[0], "post_id": "p3", "lang": "en", "likes": 7}]
    folder = make_export(tmp_path / "export", accounts=[{**ACCOUNTS[2], "verified": False}], posts=posts,
                         comments=comments)
    report = run_ingest(any_store, folder, progress=False)
    assert report.error_count == 0
    with any_store.session() as s:
        assert s.get(Post, "p3").extra == {"geo": {"lat": 52.1, "lon": 4.3}, "visibility": "public"}
        assert s.get(Post, "p3").hashtags == []
        assert s.get(Comment, "c1").extra == {"lang": "en", "likes": 7}
        assert s.get(Account, "a3").extra == {"verified": False}
        assert s.get(Account, "a1") is None


def test_media_problems_keep_the_post_and_name_the_field(any_store, tmp_path):
    folder = tmp_path / "export"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "ok.png").write_bytes(PNG_BYTES)
    (tmp_path / "outside.png").write_bytes(PNG_BYTES)
    (folder / "media" / "link.png").symlink_to(tmp_path / "outside.png")
    good_sha = hashlib.sha256(PNG_BYTES).hexdigest()
    media = [
        {"type": "image", "path": "media/ok.png", "sha256": good_sha.upper()},
        {"type": "image", "path": "media/gone.png"},
        {"type": "image", "path": "../outside.png"},
        {"type": "image", "path": "media/link.png"},
        {"type": "image", "path": "media/ok.png", "sha256": "0" * 64},
        {"type": "video", "path": "/etc/hostname"},
        {"type": "image"},
    ]
    posts = [{"id": "p9", "author_id": "a1", "created_at": "2026-01-02T10:00:00Z", "media": media}]
    make_export(folder, accounts=ACCOUNTS, posts=posts)
    report = run_ingest(any_store, folder, progress=False)
    assert report.errors == [
        "posts.jsonl:1: media[1].path: file not found: media/gone.png",
        "posts.jsonl:1: media[2].path: path escapes the export folder: ../outside.png",
        "posts.jsonl:1: media[3].path: path escapes the export folder: media/link.png",
        f"posts.jsonl:1: media[4].sha256: sha256 mismatch: declared {'0' * 64}, file media/ok.png has {good_sha}",
        "posts.jsonl:1: media[5].path: absolute path not allowed (give a path relative to the export folder): "
        "/etc/hostname",
        "posts.jsonl:1: media[6]: no path, url or sha256: nothing to find the bytes by",
    ]
    f = report.file("posts")
    assert (f.accepted, f.rejected, f.media_errors) == (1, 0, 1)  # the post itself is ingested
    with any_store.session() as s:
        rows = {m.position: m for m in s.scalars(select(Media).where(Media.post_id == "p9"))}
    assert len(rows) == 7
    assert rows[0].sha256 == good_sha and rows[0].error is None
    assert rows[1].sha256 is None and rows[1].error == "file not found: media/gone.png"
    assert all(rows[i].sha256 is None and rows[i].error for i in range(1, 7))
    assert len(errors(any_store)) == 6
    q = quarantine_path(any_store.settings.quarantine_dir, folder / "posts.jsonl")
    assert len(q.read_bytes().splitlines()) == 1  # one line, six problems


def test_reingest_changes_nothing(any_store, tmp_path):
    folder = full_export(tmp_path / "export")
    run_ingest(any_store, folder, progress=False)
    with any_store.session() as s:
        s.add(DetectorScan(detector="text.lexicon", detector_version="1", subject_type="comment", subject_id="c1",
                           scanned_at=datetime.now(UTC)))
    before = snapshot(any_store)
    again = run_ingest(any_store, folder, progress=False)  # finished files are skipped...
    assert {f.status for f in again.files} == {"unchanged"}
    forced = run_ingest(any_store, folder, progress=False, restart=True)  # ...and re-reading them writes nothing
    assert all(f.inserted == f.updated == 0 and f.unchanged == f.accepted > 0 for f in forced.files)
    assert snapshot(any_store) == before


def test_changed_content_updates_the_row_and_forgets_its_scans(any_store, tmp_path):
    folder = full_export(tmp_path / "export")
    run_ingest(any_store, folder, progress=False)
    now = datetime.now(UTC)
    with any_store.session() as s:
        for st, sid in (("comment", "c1"), ("comment", "c2"), ("post", "p1"), ("media", "p1#0"), ("post", "p3")):
            s.add(DetectorScan(detector="d", detector_version="1", subject_type=st, subject_id=sid, scanned_at=now))
    (folder / "media" / "new.png").write_bytes(PNG_BYTES + b"\x00")
    write_jsonl(folder / "comments.jsonl", [{**COMMENTS[0], "text": "happy birthday!! (edited)"}, *COMMENTS[1:]])
    write_jsonl(folder / "posts.jsonl", [{**POSTS[0], "media": [{"type": "image", "path": "media/new.png"}]},
                                         *POSTS[1:]])
    report = run_ingest(any_store, folder, progress=False)
    assert (report.file("comments").updated, report.file("comments").unchanged) == (1, 2)
    assert (report.file("posts").updated, report.file("posts").unchanged) == (1, 2)
    with any_store.session() as s:
        assert s.get(Comment, "c1").text == "happy birthday!! (edited)"
        assert s.get(Media, "p1#0").sha256 == hashlib.sha256(PNG_BYTES + b"\x00").hexdigest()
        left = sorted((r.subject_type, r.subject_id) for r in s.scalars(select(DetectorScan)))
    assert left == [("comment", "c2"), ("post", "p3")]


def test_a_post_that_drops_a_media_item_loses_its_row(any_store, tmp_path):
    two = [{"type": "image", "url": "https://cdn.example/1.jpg"}, {"type": "image", "url": "https://cdn.example/2.jpg"}]
    folder = make_export(tmp_path / "export", accounts=ACCOUNTS, posts=[{**POSTS[2], "media": two}])
    run_ingest(any_store, folder, progress=False)
    assert counts(any_store)["media"] == 2
    write_jsonl(folder / "posts.jsonl", [{**POSTS[2], "media": two[:1]}])
    report = run_ingest(any_store, folder, progress=False)
    assert report.file("posts").updated == 1 and counts(any_store)["media"] == 1


def test_parquet_gives_the_same_rows_as_jsonl(store, tmp_path):
    jsonl = full_export(tmp_path / "jsonl")
    pq_dir = full_export(tmp_path / "parquet")
    for name in ("accounts", "posts", "comments", "follows", "interactions", "message_edges", "reports"):
        rows = [orjson.loads(line) for line in (pq_dir / f"{name}.jsonl").read_bytes().splitlines()]
        if name == "comments":
            rows[0]["lang"] = "en"  # an unknown column, kept in extra
        write_parquet(pq_dir / f"{name}.parquet", rows)
        (pq_dir / f"{name}.jsonl").unlink()
    report = run_ingest(store, pq_dir, progress=False)
    assert report.error_count == 0, report.errors
    assert {f.file for f in report.files} >= {"accounts.parquet", "posts.parquet", "comments.parquet"}
    via_parquet = snapshot(store)
    with store.session() as s:
        assert s.get(Comment, "c1").extra == {"lang": "en"}
        assert s.get(Comment, "c2").extra is None
        s.execute(text("DELETE FROM comments"))
        for t in ("accounts", "posts", "media", "follows", "interactions", "message_edges", "reports"):
            s.execute(text(f"DELETE FROM {t}"))
    run_ingest(store, jsonl, progress=False)
    with store.session() as s:
        s.get(Comment, "c1").extra = {"lang": "en"}
    assert snapshot(store) == via_parquet


def test_parquet_bad_rows_are_rejected_by_row_number(store, tmp_path):
    folder = make_export(tmp_path / "export", accounts=ACCOUNTS)
    rows = [dict(COMMENTS[0]), {**COMMENTS[1], "text": None}, {**COMMENTS[2], "created_at": "yesterday"}]
    write_parquet(folder / "comments.parquet", rows)
    report = run_ingest(store, folder, progress=False)
    assert report.errors == [
        "comments.parquet:2: text: Field required",
        "comments.parquet:3: created_at: Input should be a valid datetime or date, input is too short "
        "(got 'yesterday')",
    ]
    assert counts(store)["comments"] == 1


def test_folder_level_problems_stop_before_anything_is_written(store, tmp_path):
    with pytest.raises(ExportError, match="accounts.jsonl .or accounts.parquet. is required"):
        run_ingest(store, make_export(tmp_path / "a", posts=POSTS), progress=False)
    bad = make_export(tmp_path / "b", accounts=ACCOUNTS)
    (bad / "manifest.json").write_text('{"format_version": "2", "platform": "x"}')
    with pytest.raises(ExportError, match="manifest.json: format_version: Input should be '1'"):
        run_ingest(store, bad, progress=False)
    both = make_export(tmp_path / "c", accounts=ACCOUNTS)
    write_parquet(both / "accounts.parquet", ACCOUNTS)
    with pytest.raises(ExportError, match="both accounts.jsonl and accounts.parquet"):
        run_ingest(store, both, progress=False)
    assert counts(store)["accounts"] == 0
    nomanifest = make_export(tmp_path / "d", accounts=ACCOUNTS)
    (nomanifest / "manifest.json").unlink()
    report = run_ingest(store, nomanifest, progress=False)
    assert report.warnings and counts(store)["accounts"] == 3


def test_crlf_bom_and_duplicates_within_a_file(store, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    lines = [orjson.dumps(a) for a in ACCOUNTS] + [orjson.dumps({**ACCOUNTS[0], "bio": "second version"})]
    (folder / "accounts.jsonl").write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\r\n")
    report = run_ingest(store, folder, progress=False, batch_size=2)
    f = report.file("accounts")
    # the repeat counts as an update, or as a repeat when both lines share a transaction: the last one wins
    assert (f.accepted, f.inserted, f.updated + f.unchanged, f.rejected) == (4, 3, 1, 0)
    with store.session() as s:
        assert s.get(Account, "a1").bio == "second version"


def test_worker_processes_give_the_same_result_as_in_process(any_store, tmp_path):
    """Big files are parsed and validated in worker processes; the rows, errors and quarantine must not differ."""
    folder = full_export(tmp_path / "export")
    comments = [*COMMENTS, b"{broken", {**COMMENTS[0], "id": "c-extra", "lang": "nl"},
                {**COMMENTS[1], "id": "c-bad", "created_at": "2026-13-01T00:00:00Z"}]
    write_jsonl(folder / "comments.jsonl", comments)
    local = Store(Settings(home=tmp_path / "local", database_url=f"sqlite:///{tmp_path / 'local' / 'h.db'}")).migrate()
    in_process = run_ingest(local, folder, progress=False, workers=0, batch_size=2)
    in_workers = run_ingest(any_store, folder, progress=False, workers=1, batch_size=2)
    assert in_workers.errors == in_process.errors and len(in_workers.errors) == 2
    assert [(f.accepted, f.rejected) for f in in_workers.files] == [(f.accepted, f.rejected) for f in in_process.files]
    assert counts(any_store) == counts(local)
    with any_store.session() as s:
        assert s.get(Comment, "c-extra").extra == {"lang": "nl"}
        assert s.get(Comment, "c1").created_at.replace(tzinfo=UTC) == datetime(2026, 1, 2, 11, 0, tzinfo=UTC)
    q = quarantine_path(any_store.settings.quarantine_dir, folder / "comments.jsonl")
    assert [orjson.loads(x)["line"] for x in q.read_bytes().splitlines()] == [4, 6]
    again = run_ingest(any_store, folder, progress=False, workers=1, restart=True)
    assert all(f.inserted == f.updated == 0 for f in again.files)


def test_an_unreadable_file_is_reported_and_the_others_still_ingested(store, tmp_path):
    folder = make_export(tmp_path / "export", accounts=ACCOUNTS, posts=POSTS[1:])
    (folder / "comments.parquet").write_bytes(b"PAR1 this is not parquet at all")
    report = run_ingest(store, folder, progress=False)
    f = report.file("comments")
    assert f.status == "failed" and report.error_count == 1
    assert report.errors[0].startswith("comments.parquet: cannot read: ")
    assert counts(store)["posts"] == 2 and counts(store)["ingest_errors"] == 1
