"""The independent evaluation-platform generator: deterministic, valid for ingestion, and its truth is consistent.

These tests use drawn faces (``HARRIER_FACES_DIR=none``) and the shipped graph, so they need nothing outside the
repository; a last test uses the shared face crops when they are present.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harrier.independent import generate
from harrier.independent.__main__ import main as cli_main
from harrier.independent.generator import DEFAULT_FACES
from harrier.independent.graph import DEFAULT_GRAPH, load_edges, snowball_sample

SEED = 11  # pinned: its first ring has >= 15 members (every seed's has, by construction)
N = 1500
ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    mp = pytest.MonkeyPatch()
    mp.setenv("HARRIER_FACES_DIR", "none")
    out = tmp_path_factory.mktemp("independent") / "export"
    truth = generate(out, SEED, n_accounts=N)
    yield out, truth
    mp.undo()


def test_deterministic_per_seed(platform: tuple[Path, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, truth = platform
    monkeypatch.setenv("HARRIER_FACES_DIR", "none")
    again = generate(tmp_path / "again", SEED, n_accounts=N)
    assert again == truth
    assert _digest(tmp_path / "again") == _digest(out)


def test_files_and_formats(platform: tuple[Path, dict]) -> None:
    out, truth = platform
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format_version"] == "1"
    assert manifest["platform"] == truth["platform"]
    for name in ("accounts", "posts", "comments", "follows", "interactions", "message_edges", "reports"):
        assert (out / f"{name}.jsonl").stat().st_size > 0, name
    accounts = _read_jsonl(out / "accounts.jsonl")
    posts = _read_jsonl(out / "posts.jsonl")
    comments = _read_jsonl(out / "comments.jsonl")
    assert len(accounts) == N
    assert len({a["id"] for a in accounts}) == N and len({a["handle"] for a in accounts}) == N
    n_images = sum(len(p.get("media", [])) for p in posts)
    assert 0 < n_images <= 1500 * N / 8000 + 150
    assert len(comments) <= 25000 * N / 8000 * 1.2
    post_time = {p["id"]: p["created_at"] for p in posts}
    comment_time = {c["id"]: c["created_at"] for c in comments}
    for p in posts:
        assert ISO_Z.match(p["created_at"]) and p["created_at"].startswith("2026-")
        for m in p.get("media", []):
            data = (out / m["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == m["sha256"]
    for c in comments:
        assert ISO_Z.match(c["created_at"])
        assert c["created_at"] >= post_time[c["post_id"]]
        if c.get("parent_id"):
            assert c["created_at"] >= comment_time[c["parent_id"]]
    for row in _read_jsonl(out / "message_edges.jsonl") + _read_jsonl(out / "interactions.jsonl"):
        assert ISO_Z.match(row["created_at"])
    # ids, handles and bios say nothing about roles
    words = re.compile(r"offender|ring[_-]|dedicated|lone[_-]|harmful|predator|groomer|planted|negative", re.I)
    for a in accounts:
        assert re.fullmatch(r"u\d+", a["id"])
        assert not words.search(a["handle"]) and not words.search(a.get("bio") or ""), a


def test_ingests_without_rejections(platform: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = platform
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARRIER_")}
    env["HARRIER_HOME"] = str(tmp_path / "home")
    proc = subprocess.run(
        [sys.executable, "-c", "from harrier.cli import app; app()", "ingest", str(out), "--json", "--strict",
         "--no-progress"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    assert report["rejected"] == 0 and report["error_count"] == 0, report["errors"][:5]
    assert all(f["media_errors"] == 0 for f in report["files"])
    assert {f["entity"]: f["accepted"] for f in report["files"]}["accounts"] == N


def test_truth_is_consistent(platform: tuple[Path, dict]) -> None:
    out, truth = platform
    ids = {a["id"] for a in _read_jsonl(out / "accounts.jsonl")}
    roles: dict[str, list[str]] = truth["roles"]
    assert set(roles) >= {"dedicated", "ring_member", "lone_commenter", "contact_mover", "generation_requester"}
    union = set().union(*map(set, roles.values()))
    assert set(truth["harmful"]) == union
    assert union <= ids
    hard = set(truth["hard_negative"])
    assert hard and hard <= ids
    assert not hard & union
    assert set().union(*map(set, truth["hard_negative_roles"].values())) == hard
    for role in roles.values():
        assert role, roles
    # rings: members are ring_members, follow one another, and one has at least 15 members
    follows = {(f["follower_id"], f["followee_id"]) for f in _read_jsonl(out / "follows.jsonl")}
    assert truth["rings"]
    assert max(len(m) for m in truth["rings"].values()) >= 15
    for members in truth["rings"].values():
        assert set(members) <= set(roles["ring_member"])
        pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
        linked = sum((a, b) in follows or (b, a) in follows for a, b in pairs)
        assert linked / len(pairs) >= 0.6
    assert set().union(*map(set, truth["rings"].values())) == set(roles["ring_member"])
    # lone commenters and rings are disjoint; dedicated accounts post AI images
    assert not set(roles["lone_commenter"]) & set(roles["ring_member"])
    posts = _read_jsonl(out / "posts.jsonl")
    by_author: dict[str, list[dict]] = {}
    for p in posts:
        by_author.setdefault(p["author_id"], []).append(p)
    for d in roles["dedicated"]:
        assert len(by_author[d]) >= 10
        assert all(p["id"] in truth["ai_media"] for p in by_author[d])
    # comment-level truth refers to real comments by the right people
    comments = {c["id"]: c for c in _read_jsonl(out / "comments.jsonl")}
    for cat in ("sexualising", "contact_move", "generation_request"):
        assert truth["comments"][cat]
        assert all(comments[c]["author_id"] in union for c in truth["comments"][cat])
    assert any(comments[c].get("parent_id") for c in truth["comments"]["counter_speech"])
    # every offender left at least one comment or posted; movers have message edges
    senders = {m["sender_id"] for m in _read_jsonl(out / "message_edges.jsonl")}
    assert set(roles["contact_mover"]) <= senders
    commenters = {c["author_id"] for c in comments.values()}
    assert set(roles["lone_commenter"]) | set(roles["ring_member"]) | set(roles["generation_requester"]) <= commenters


def test_counter_speech_quotes_some_remarks(platform: tuple[Path, dict]) -> None:
    out, truth = platform
    comments = {c["id"]: c for c in _read_jsonl(out / "comments.jsonl")}
    quoting = 0
    for cid in truth["comments"]["counter_speech"]:
        c = comments[cid]
        parent = comments.get(c.get("parent_id") or "")
        if parent and any(w in c["text"] for w in parent["text"].split() if len(w) > 3):
            quoting += 1
    assert quoting >= 1


def test_shipped_graph_and_sample() -> None:
    assert DEFAULT_GRAPH.is_file()
    assert (DEFAULT_GRAPH.parent / "LICENSE-deezer_europe.txt").is_file()
    header = gzip.decompress(DEFAULT_GRAPH.read_bytes())[:20].decode()
    assert header.startswith("node_1,node_2")
    adj = load_edges()
    assert len(adj) == 28281 and sum(map(len, adj.values())) == 2 * 92752
    import random

    nodes, edges = snowball_sample(adj, 500, random.Random(3))
    assert len(nodes) == 500 == len(set(nodes))
    seen, stack = {nodes[0]}, [nodes[0]]
    nbrs: dict[int, list[int]] = {}
    for a, b in edges:
        nbrs.setdefault(a, []).append(b)
        nbrs.setdefault(b, []).append(a)
    while stack:
        for v in nbrs.get(stack.pop(), []):
            if v not in seen:
                seen.add(v)
                stack.append(v)
    assert len(seen) == 500  # connected


def test_cli_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HARRIER_FACES_DIR", "none")
    assert cli_main(["--out", str(tmp_path / "x"), "--seed", "2", "--accounts", "400"]) == 0
    out = capsys.readouterr()
    summary = json.loads(out.out)
    assert summary["accounts"] == 400 and summary["faces"] == "drawn"
    assert "drawing faces" in out.err  # a drawn-face platform is no stand-in for the real-face one of its seed
    assert (tmp_path / "x" / "truth.json").is_file()


@pytest.mark.skipif(not (DEFAULT_FACES / "labels.csv").is_file(), reason="shared face crops not present")
def test_real_faces_when_available(tmp_path: Path) -> None:
    truth = generate(tmp_path / "f", 4, n_accounts=400, faces_dir=DEFAULT_FACES)
    assert truth["generator"]["faces"] == "real"


def test_offenders_can_speak_in_real_phrasings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """``--phrases``: the offenders' remarks are the harmful remarks of a real-phrasing file, by kind."""
    monkeypatch.setenv("HARRIER_FACES_DIR", "none")
    rows = [{"text": "quoted sexualising remark", "lang": "en", "label": "harmful", "category": "sexualising"},
            {"text": "quoted desire remark", "lang": "fr", "label": "harmful", "category": "desire"},
            {"text": "quoted move", "lang": "en", "label": "harmful", "category": "contact_move"},
            {"text": "quoted parent", "lang": "en", "label": "benign", "category": "family"}]
    phrases = tmp_path / "p.jsonl"
    phrases.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert cli_main(["--out", str(tmp_path / "x"), "--seed", "2", "--accounts", "400", "--phrases",
                     str(phrases)]) == 0
    assert json.loads(capsys.readouterr().out)["phrases"] == "p.jsonl"
    truth = json.loads((tmp_path / "x" / "truth.json").read_text(encoding="utf-8"))
    texts = {c["id"]: c["text"] for c in _read_jsonl(tmp_path / "x" / "comments.jsonl")}
    sexualising = {texts[c] for c in truth["comments"]["sexualising"]}
    assert sexualising and sexualising <= {"quoted sexualising remark", "quoted desire remark"}
    assert "quoted move" in {texts[c] for c in truth["comments"]["contact_move"]}  # (dedicated accounts' own
    # replies with a link are not offender remarks of this kind and keep the generator's words)
    assert "quoted parent" not in texts.values()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: not a real-phrasing line"):
        generate(tmp_path / "y", 2, n_accounts=400, phrases=bad)
