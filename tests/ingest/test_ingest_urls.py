"""URLs the console will show as text (not http/https): ingestion warns with file:line: field and still stores
the record, from files (in this process and in worker processes) and over the events API."""

from __future__ import annotations

import orjson
import pytest
from typer.testing import CliRunner

from harrier.ingest import run_ingest
from harrier.ingest.events import ingest_events
from harrier.model.urls import is_web_url
from harrier.store.tables import Account, Media, Post

from .ingest_testlib import ACCOUNTS, POSTS, errors, make_export


@pytest.mark.parametrize("url", ["https://platform.example/u/a1", "http://platform.example:8080/p?id=1#x",
                                 "HTTPS://EXAMPLE.ORG"])
def test_web_urls(url: str) -> None:
    assert is_web_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "java\tscript:alert(1)", "data:text/html,<b>x</b>", "vbscript:msgbox(1)",
                                 "/admin", "//evil.example/x", "platform.example/u/a1", "https:", "https://",
                                 "http://host:99999/", "http://[::1/", "https://exa mple.org", "https:\\\\evil",
                                 "file:///etc/passwd", "", 42, None])
def test_not_web_urls(url: object) -> None:
    assert not is_web_url(url)


BAD_ACCOUNTS = [ACCOUNTS[0], {**ACCOUNTS[1], "profile_url": "javascript:alert(document.cookie)"},
                {**ACCOUNTS[2], "profile_url": "https://platform.example/u/runner_k"}]
BAD_POSTS = [POSTS[2], {**POSTS[1], "url": "vbscript:msgbox(1)",
                        "media": [{"id": "m-data", "type": "image", "url": "data:image/png;base64,AAAA"}]}]


@pytest.mark.parametrize("workers", [0, 2])
def test_ingest_warns_about_non_web_urls_and_stores_the_record(any_store, tmp_path, workers: int) -> None:
    folder = make_export(tmp_path / "export", accounts=BAD_ACCOUNTS, posts=BAD_POSTS)
    report = run_ingest(any_store, folder, progress=False, workers=workers)
    assert report.rejected == 0 and report.error_count == 0 and errors(any_store) == []
    assert report.warnings == [
        "accounts.jsonl:2: profile_url: not an http(s) URL: stored, but shown as text, never a link "
        "(got 'javascript:alert(document.cookie)')",
        "posts.jsonl:2: url: not an http(s) URL: stored, but shown as text, never a link (got 'vbscript:msgbox(1)')",
        "posts.jsonl:2: media[0].url: not an http(s) URL: stored, but shown as text, never a link "
        "(got 'data:image/png;base64,AAAA')",
    ]
    assert report.warning_count == 3
    assert {f.file: f.warnings for f in report.files} == {"accounts.jsonl": 1, "posts.jsonl": 2}
    with any_store.session() as s:  # stored as they came: the console decides how to show them
        assert s.get(Account, "a2").profile_url == "javascript:alert(document.cookie)"
        assert s.get(Post, "p2").url == "vbscript:msgbox(1)"
        assert s.get(Media, "m-data").url == "data:image/png;base64,AAAA"


def test_cli_prints_the_warning_and_json_carries_it(harrier_env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from harrier.cli import app

    folder = make_export(tmp_path / "export", accounts=BAD_ACCOUNTS)
    r = CliRunner().invoke(app, ["ingest", str(folder), "--no-progress", "--strict"])
    assert r.exit_code == 0, r.output  # a warning is not a rejection: --strict still passes
    assert "warning: accounts.jsonl:2: profile_url: not an http(s) URL" in r.output
    r = CliRunner().invoke(app, ["ingest", str(folder), "--json", "--restart"])
    body = orjson.loads(r.stdout)
    assert body["warning_count"] == 1 and body["warnings"][0].startswith("accounts.jsonl:2: profile_url: ")
    assert body["files"][0]["warnings"] == 1 and body["accepted"] == 3


def test_events_api_warns_and_stores(any_store) -> None:  # type: ignore[no-untyped-def]
    res = ingest_events(any_store, [{"type": "account", "data": BAD_ACCOUNTS[1]},
                                    {"type": "account", "data": BAD_ACCOUNTS[2]}])
    assert [r["status"] for r in res] == ["accepted", "accepted"]
    assert res[0]["warnings"] == [{"field": "profile_url", "message": "not an http(s) URL: stored, but shown as "
                                   "text, never a link (got 'javascript:alert(document.cookie)')"}]
    assert "warnings" not in res[1]
    with any_store.session() as s:
        assert s.get(Account, "a2").profile_url == "javascript:alert(document.cookie)"
