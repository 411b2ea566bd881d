"""Hash banks in a real store: thresholds, quality floor, allow banks, formats, incremental matching, clusters."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import numpy as np
from PIL import Image, ImageDraw

from harrier.detect.base import MediaInput
from harrier.detect.hashing import banks
from harrier.detect.hashing.clusters import cluster_store
from harrier.detect.hashing.detector import PDQDetector, hashes_evidence
from harrier.detect.hashing.match import match_store
from harrier.detect.hashing.tables import HashMatch
from harrier.model.signals import Signal
from harrier.store.signals import append_signals, fresh_signals
from harrier.store.tables import Account, Media, Post

T0 = datetime(2026, 1, 1, tzinfo=UTC)
BASE = "d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22"


def flip(h: str, k: int, start: int = 0) -> str:
    v = int(h, 16)
    for b in range(start, start + k):
        v ^= 1 << (255 - b)
    return f"{v:064x}"


def seed(store, media: dict[str, tuple[str | None, int, str]], posts_of=None, authors=None) -> None:
    """media id -> (pdq, quality, md5); one post and account per media unless told otherwise."""
    with store.session() as s:
        accounts = set()
        for mid in media:
            post = (posts_of or {}).get(mid, f"p-{mid}")
            author = (authors or {}).get(post, f"a-{post}")
            if author not in accounts:
                accounts.add(author)
                if s.get(Account, author) is None:
                    s.add(Account(id=author, handle=author))
            if s.get(Post, post) is None:
                s.add(Post(id=post, author_id=author, created_at=T0))
            s.add(Media(id=mid, post_id=post, position=0, type="image", sha256=f"sha-{mid}"))
        s.flush()
        append_signals(s, [Signal(subject=("media", mid), kind="image.hashes", score=1.0, detector="hash.pdq@1.0.0",
                                  evidence=hashes_evidence(p, q, md5, f"sha-{mid}"))
                           for mid, (p, q, md5) in media.items()])


def matches(store) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    with store.session() as s:
        for sig in fresh_signals(s, subject_type="media", kinds=["hash.match"]):
            ev = sig.evidence[0]
            out.setdefault(sig.subject[1], []).append((sig.evidence[1].value, int(ev.distance)))
    return {k: sorted(v) for k, v in out.items()}


def test_planted_near_duplicates_thresholds_and_floor(any_store):
    store = any_store
    with store.session() as s:
        strict = banks.create_bank(s, "strict", threshold=10)
        loose = banks.create_bank(s, "loose")  # default 31
        md5 = banks.create_bank(s, "md5bank", kind="md5")
        banks.add_entries(s, strict, [banks.EntryIn(BASE, "pdq", "ncmec-1")])
        banks.add_entries(s, loose, [banks.EntryIn(BASE, "pdq", "te-9")])
        banks.add_entries(s, md5, [banks.EntryIn("a" * 32, "md5")])
    planted = {f"m{k}": (flip(BASE, k), 100, "0" * 32) for k in (0, 5, 10, 11, 20, 31, 32, 40)}
    planted["lowq"] = (flip(BASE, 3), 20, "1" * 32)  # below the quality floor of 50
    planted["bytes"] = (None, None, "a" * 32)  # undecodable bytes still match an MD5 bank
    seed(store, planted)
    assert match_store(store, "run-1") > 0
    got = matches(store)
    for k in (0, 5, 10):
        assert got[f"m{k}"] == [("loose", k), ("strict", k)]
    for k in (11, 20, 31):
        assert got[f"m{k}"] == [("loose", k)]
    assert "m32" not in got and "m40" not in got and "lowq" not in got
    assert got["bytes"] == [("md5bank", 0)]
    with store.session() as s:
        sig = next(x for x in fresh_signals(s, subject_type="media", kinds=["hash.match"]) if x.subject[1] == "m5")
        e = sig.evidence[0]
        assert e.kind == "hash" and e.value == BASE and e.distance == 5 and isinstance(e.ref, int)
    assert match_store(store, "run-2") == 0  # nothing changed: nothing appended


def test_allow_bank_suppresses_other_banks(store):
    meme = flip(BASE, 0, 0)
    other = flip(BASE, 100, 100)
    with store.session() as s:
        block = banks.create_bank(s, "known")
        allow = banks.create_bank(s, "benign-memes", role="allow")
        banks.add_entries(s, block, [banks.EntryIn(meme, "pdq"), banks.EntryIn(other, "pdq")])
        banks.add_entries(s, allow, [banks.EntryIn(flip(meme, 4, 200), "pdq")])
    seed(store, {"meme": (flip(meme, 2, 50), 100, "0" * 32), "hit": (flip(other, 3, 10), 100, "1" * 32)})
    match_store(store, "r1")
    got = matches(store)
    assert "meme" not in got  # allow-listed
    assert got["hit"] == [("known", 3)]
    with store.session() as s:
        banks.configure_bank(s, "benign-memes", enabled=False)
    match_store(store, "r2")
    assert matches(store)["meme"] == [("known", 2)]


def test_incremental_add_remove_and_disable(store):
    seed(store, {"x": (flip(BASE, 7), 90, "0" * 32), "y": (flip(BASE, 37, 100), 90, "1" * 32)})
    with store.session() as s:
        b = banks.create_bank(s, "bank")
    assert match_store(store, "r1") == 0
    with store.session() as s:
        banks.add_entries(s, banks.get_bank(s, "bank"), [banks.EntryIn(BASE, "pdq")])
    match_store(store, "r2")
    assert set(matches(store)) == {"x"}  # y is 37 bits away
    # a new media arrives: only it is matched
    seed(store, {"z": (flip(BASE, 1), 90, "2" * 32)})
    match_store(store, "r3")
    assert set(matches(store)) == {"x", "z"}
    with store.session() as s:
        assert banks.remove_entries(s, banks.get_bank(s, "bank"), [BASE]) == 1
        assert s.query(HashMatch).count() == 0  # matches left with the entry
        banks.add_entries(s, banks.get_bank(s, "bank"), [banks.EntryIn(flip(BASE, 30, 100), "pdq")])
    match_store(store, "r4")
    got = matches(store)
    assert got == {"y": [("bank", 7)], "z": [("bank", 31)]}  # z: 1 + 30 bits from the new entry
    with store.session() as s:
        banks.configure_bank(s, "bank", threshold=7)  # a config change re-matches that bank
    match_store(store, "r5")
    assert matches(store) == {"y": [("bank", 7)]}
    with store.session() as s:
        banks.configure_bank(s, "bank", enabled=False)
        banks.create_bank(s, "unrelated")
    assert b.name == "bank"


def test_import_export_round_trips(store, tmp_path):
    rng = np.random.default_rng(0)
    hashes = [rng.bytes(32).hex() for _ in range(5)]
    with store.session() as s:
        src = banks.create_bank(s, "src")
        banks.add_entries(s, src, [banks.EntryIn(h, "pdq", f"id{i}", "tag_a tag_b") for i, h in enumerate(hashes)])
        for fmt in banks.FORMATS:
            text = banks.export_entries(s, src, fmt)
            dst = banks.create_bank(s, f"dst-{fmt}")
            assert banks.add_entries(s, dst, banks.parse_entries(text, "auto", "pdq")) == 5
            back = banks.export_entries(s, dst, fmt)
            assert sorted(e.hash for e in banks.parse_entries(back, fmt)) == sorted(hashes)
            if fmt != "tx":
                assert {e.source_id for e in banks.parse_entries(back, fmt)} == {f"id{i}" for i in range(5)}
    # threatexchange rollup CSV without header, and a tx file with mixed types
    rollup = "".join(f"{h},{100 + i},2024-01-01T00:00:00,media_type_photo\n" for i, h in enumerate(hashes))
    assert [e.source_id for e in banks.parse_entries(rollup, "te-csv")] == [str(100 + i) for i in range(5)]
    tx = f"pdq {hashes[0]}\nvideo_md5 {'b' * 32}\nurl http://example.org\n"
    parsed = banks.parse_entries(tx, "tx")
    assert [(e.kind, e.hash) for e in parsed] == [("pdq", hashes[0]), ("md5", "b" * 32)]
    ncmec = f"MD5:{'c' * 32}\nPDQ,{hashes[1]}\n{'d' * 32}\n"
    assert [e.kind for e in banks.parse_entries(ncmec, "ncmec")] == ["md5", "pdq", "md5"]


def _img(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    im = Image.new("RGB", (320, 240), tuple(int(x) for x in rng.integers(0, 255, 3)))
    d = ImageDraw.Draw(im)
    for _ in range(40):
        x, y = (int(v) for v in rng.integers(0, 300, 2))
        d.ellipse((x, y, x + 30, y + 24), fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
    return im


def test_detector_to_clusters_end_to_end(store, tmp_path):
    # a content farm: one benign picture re-posted (re-encoded, resized) by three accounts, plus unrelated ones
    paths = {}
    for name, im in {"orig": _img(1), "copy1": _img(1).resize((300, 225)), "copy2": _img(1),
                     "other1": _img(2), "other2": _img(3)}.items():
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=60 if name == "copy2" else 90)
        p = tmp_path / f"{name}.jpg"
        p.write_bytes(buf.getvalue())
        paths[name] = p
    sigs = PDQDetector().detect([MediaInput(n, f"p-{n}", "image", p, None) for n, p in paths.items()])
    assert {s.kind for s in sigs} == {"image.hashes"} and len(sigs) == 5
    with store.session() as s:
        for n in paths:
            s.add(Account(id=f"acct-{n}", handle=n))
            s.add(Post(id=f"p-{n}", author_id=f"acct-{n}", created_at=T0))
            s.add(Media(id=n, post_id=f"p-{n}", position=0, type="image", sha256=f"sha-{n}"))
        s.flush()
        append_signals(s, sigs, run_id="r1")
    assert cluster_store(store, "r1") == 3
    with store.session() as s:
        nd = fresh_signals(s, subject_type="media", kinds=["image.near_duplicate"])
    assert {x.subject[1] for x in nd} == {"orig", "copy1", "copy2"}
    ev = {e.field: e for e in nd[0].evidence}
    assert ev["size"].value == 3 and sorted(ev["accounts"].ref) == ["acct-copy1", "acct-copy2", "acct-orig"]
    assert ev["cluster_id"].value.startswith("nd-")
    assert cluster_store(store, "r2") == 0  # unchanged


def test_banks_cli(harrier_env, tmp_path, fixtures):
    from typer.testing import CliRunner

    from harrier.cli import app

    runner = CliRunner()

    def run(*args):  # in-process: the CLI as a user calls it, without paying interpreter start-up per verb
        r = runner.invoke(app, list(args))
        r.returncode = r.exit_code
        return r

    assert run("banks", "create", "known", "--threshold", "20").returncode == 0
    assert run("banks", "create", "known").returncode == 2
    f = tmp_path / "list.txt"
    f.write_text("pdq d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22\n")
    assert json.loads(run("banks", "import", "known", str(f), "--json").stdout)["added"] == 1
    rec = json.loads(run("banks", "list", "--json").stdout.splitlines()[0])
    assert rec["entries"] == 1 and rec["threshold"] == 20
    out = run("banks", "match", str(fixtures / "pdq" / "bridge-1-original.jpg"), "--json").stdout
    m = json.loads(out)["matches"]
    assert m and m[0]["bank"] == "known" and m[0]["distance"] <= 20
    assert "pdq,id" not in run("banks", "export", "known", "--format", "tx").stdout
    assert json.loads(run("banks", "remove", "known", "--entry-id", str(m[0]["entry_id"]), "--json").stdout)[
        "removed"] == 1
    assert run("banks", "disable", "known").returncode == 0


def test_removing_the_last_match_leaves_no_fresh_match(store):
    seed(store, {"x": (flip(BASE, 3), 90, "0" * 32)})
    with store.session() as s:
        banks.create_bank(s, "bank")
        banks.add_entries(s, banks.get_bank(s, "bank"), [banks.EntryIn(BASE, "pdq")])
    assert match_store(store, "r1") == 1
    assert set(matches(store)) == {"x"}
    with store.session() as s:
        banks.remove_entries(s, banks.get_bank(s, "bank"), [BASE])
    assert match_store(store, "r2") == 0  # an empty snapshot: nothing appended, but the run is recorded
    assert matches(store) == {}
