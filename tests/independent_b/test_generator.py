"""The independent evaluation generator B: deterministic, truth consistent with the export, export valid."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROLES = ("dedicated", "ring_member", "lone_commenter", "contact_mover", "generation_requester")


def _env(hash_seed: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HARRIER_FACES_DIR"}
    env["PYTHONHASHSEED"] = hash_seed
    return env


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("independent_b")
    runs = {
        "a": (["--seed", "3", "--accounts", "600", "--faces", "none"], "1"),
        "b": (["--seed", "3", "--accounts", "600", "--faces", "none"], "2"),
        "syn": (["--seed", "5", "--accounts", "300", "--faces", "none", "--graph", "synthetic"], "3"),
    }
    procs = {}
    for name, (args, hs) in runs.items():
        cmd = [sys.executable, "-m", "harrier.independent_b", "--out", str(base / name), "--quiet", *args]
        procs[name] = subprocess.Popen(cmd, env=_env(hs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for name, p in procs.items():
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, f"{name}: {err[-2000:]}"
    return {name: base / name for name in runs}


def test_deterministic_bytes(exports: dict[str, Path]) -> None:
    a, b = _tree_digest(exports["a"]), _tree_digest(exports["b"])
    assert a == b
    assert any(k.startswith("media/") for k in a)


def test_truth_consistent_with_export(exports: dict[str, Path]) -> None:
    for name in ("a", "syn"):
        d = exports[name]
        truth = json.loads((d / "truth.json").read_text(encoding="utf-8"))
        accounts = {r["id"] for r in _jsonl(d / "accounts.jsonl")}
        posts = {r["id"]: r for r in _jsonl(d / "posts.jsonl")}
        comments = {r["id"]: r for r in _jsonl(d / "comments.jsonl")}
        follows = {(r["follower_id"], r["followee_id"]) for r in _jsonl(d / "follows.jsonl")}
        gen = truth["generator"]
        assert gen["name"] == "harrier.independent_b" and gen["faces"] == "drawn"
        assert len(accounts) == gen["accounts"]
        if name == "syn":
            assert gen["graph"] == "synthetic"

        harmful = set(truth["harmful"])
        assert harmful == {x for r in ROLES for x in truth["roles"][r]}
        assert all(truth["roles"][r] for r in ROLES)
        hard = set(truth["hard_negative"])
        assert hard == {x for ids in truth["hard_negative_roles"].values() for x in ids}
        assert not hard & harmful
        assert harmful <= accounts and hard <= accounts
        members: set[str] = set()
        for ring in truth["rings"].values():
            assert 5 <= len(ring) <= 25
            assert not members & set(ring), "rings share members"
            members |= set(ring)
        assert members == set(truth["roles"]["ring_member"])

        for cat, ids in truth["comments"].items():
            for cid in ids:
                assert cid in comments, (cat, cid)
        for cat in ("sexualising", "contact_move", "generation_request"):
            assert truth["comments"][cat]
            assert all(comments[c]["author_id"] in harmful for c in truth["comments"][cat]), cat
        assert all(comments[c]["author_id"] not in harmful for c in truth["comments"]["counter_speech"])
        assert set(truth["ai_media"]) <= set(posts)
        assert set(truth["languages"]) == accounts
        if name == "a":
            assert len(set(truth["languages"].values())) == 7

        offenders_lone = set(truth["roles"]["lone_commenter"])
        for f, g in follows:
            assert not (f in offenders_lone and g in harmful) and not (g in offenders_lone and f in harmful)
        for c in comments.values():
            assert c["post_id"] in posts and c["author_id"] in accounts
            assert c["created_at"] >= posts[c["post_id"]]["created_at"]
            if c.get("parent_id"):
                assert comments[c["parent_id"]]["post_id"] == c["post_id"]
        for p in posts.values():
            assert p["author_id"] in accounts
            for m in p.get("media", []):
                if "path" in m:
                    assert (d / m["path"]).is_file()


def test_ai_marks_are_in_the_files(exports: dict[str, Path]) -> None:
    from PIL import Image

    d = exports["a"]
    truth = json.loads((d / "truth.json").read_text(encoding="utf-8"))
    posts = {r["id"]: r for r in _jsonl(d / "posts.jsonl")}
    assert truth["ai_media"]
    for pid, how in truth["ai_media"].items():
        post = posts[pid]
        marks = set(how.split("+"))
        raw = b"".join((d / m["path"]).read_bytes() for m in post.get("media", []) if "path" in m)
        with Image.open(d / post["media"][0]["path"]) as im:
            info, exif = dict(im.info), dict(im.getexif())
        assert ("ai_generated" in post.get("platform_labels", [])) == ("platform_label" in marks), pid
        if "png_parameters" in marks:
            assert "Negative prompt:" in info["parameters"]
        if "png_comfyui_prompt" in marks:
            assert "KSampler" in info["prompt"]
        if "png_novelai_software" in marks:
            assert info["Software"] == "NovelAI"
        if "exif_software" in marks:
            assert exif.get(0x0131)
        if "xmp_digital_source_type" in marks:
            assert b"digitalsourcetype/trainedAlgorithmicMedia" in raw
        if how == "none":
            assert b"trainedAlgorithmicMedia" not in raw and "parameters" not in info and not exif.get(0x0131)


def test_ingest_strict_accepts_export(exports: dict[str, Path], tmp_path: Path) -> None:
    env = _env("0")
    env["HARRIER_HOME"] = str(tmp_path / "home")
    env.pop("HARRIER_DATABASE_URL", None)
    exe = Path(sys.executable).with_name("harrier")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from harrier.cli import app; app()"]
    proc = subprocess.run([*cmd, "ingest", str(exports["a"]), "--strict", "--json", "--no-progress"], env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["rejected"] == 0 and report["error_count"] == 0
    files = {f["file"]: f for f in report["files"]}
    for name in ("accounts.jsonl", "posts.jsonl", "comments.jsonl", "follows.jsonl", "interactions.jsonl",
                 "message_edges.jsonl", "reports.jsonl"):
        assert files[name]["rejected"] == 0 and files[name]["media_errors"] == 0
        assert files[name]["accepted"] > 0
