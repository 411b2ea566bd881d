"""Fuzzing ingest at volume: mutated JSONL lines through ``run_ingest`` into a real SQLite store, every line
accounted for.

    .venv/bin/python bench/fuzz_ingest.py [--n 10000] [--seed 1] [--keep DIR]

Writes an export folder with all seven entity files, ``--n`` lines in all, most of them mutated (broken UTF-8,
huge lines, deep nesting, wrong types, duplicate ids, missing fields, truncated lines, NUL bytes, BOMs, CRLF,
numbers out of range, bad timestamps, references to unknown ids, bad media paths, random byte flips), ingests
it, ingests it again (``--restart``: idempotent), and checks, per file and line:

- no crash: ``run_ingest`` returns;
- total = input: non-blank lines = accepted + rejected, blank lines = skipped;
- every rejected line is in the quarantine file and in ``ingest_errors`` with file, line and a named field;
- nothing lost: the store holds exactly the keys of the accepted lines, with the content of the last one;
- each mutation whose outcome is known (a missing ``id`` must be rejected on ``id``; CRLF must be accepted)
  got that outcome. Random byte flips may go either way, but still have to be accounted for.

Prints the counts, throughput and peak memory; each failure is printed with the seed, file:line and the
mutation that made the line, and the exit code is 1 on any crash or loss. The generator is seeded: the same
``--seed`` and ``--n`` write the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import annotated_types
import orjson
from pydantic import AwareDatetime, TypeAdapter
from sqlalchemy import select

from harrier.config import Settings
from harrier.ingest import run_ingest
from harrier.ingest.quarantine import quarantine_path
from harrier.ingest.spec import SPECS
from harrier.ingest.validate import LINE_FIELD, MAX_NESTING, unstorable
from harrier.store.db import Store
from harrier.store.tables import IngestError

# Share of the --n lines per file (accounts first, as ingest loads them).
SHARES = {"accounts": 0.2, "posts": 0.15, "comments": 0.25, "follows": 0.1, "interactions": 0.1,
          "message_edges": 0.1, "reports": 0.1}
PLAIN = 0.3  # share of lines left as generated
HUGE = (1 << 20, 4 << 20)  # size of a huge line's text, bytes
# A field whose stored value must equal the last accepted line's, per entity (content, not just the key).
CONTENT = {"accounts": "handle", "posts": "caption", "comments": "text", "reports": "reason",
           "message_edges": "count", "interactions": "created_at", "follows": "created_at"}
# What the media resolver says (ingest/media.py): such a quarantined posts line was stored all the same.
MEDIA_MESSAGES = ("file not found", "path escapes", "absolute path", "sha256 mismatch", "cannot read",
                  "unusable path", "no path, url or sha256")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082")

_TIME = TypeAdapter(AwareDatetime)
NOT_NEWLINE = [x for x in range(256) if x != 0x0A]  # a newline inside a mutation would split the line in two


def _random_bytes(r: random.Random, size: int) -> bytes:
    return r.randbytes(size).replace(b"\n", b"\x0b")


@dataclass
class Line:
    """One generated line and what must become of it: ``accept``, ``reject`` (on ``field``, or on any field
    when None) or ``any`` (random damage: either, but accounted for)."""

    data: bytes
    mutation: str
    expect: str
    field: str | None = None


@dataclass
class Failure:
    file: str
    line: int
    mutation: str
    problem: str
    raw: bytes = b""

    def show(self, seed: int, n: int) -> str:
        head = f"FAIL seed={seed} n={n} {self.file}:{self.line} mutation={self.mutation}: {self.problem}"
        if not self.raw:
            return head
        return f"{head}\n     line: {self.raw[:160]!r}{'...' if len(self.raw) > 160 else ''} ({len(self.raw):,} bytes)"


@dataclass
class Result:
    seed: int
    n: int
    inputs: int = 0  # lines written
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    media_errors: int = 0  # accepted posts quarantined for a media problem
    quarantined: int = 0  # entries in the quarantine files
    crashes: int = 0
    lost: int = 0  # valid lines not in the store as written, or lines neither stored nor quarantined
    wrong: int = 0  # other failed checks: an invalid line accepted, a problem without its field
    seconds: float = 0.0
    bytes: int = 0
    digest: str = ""
    mutations: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.crashes == 0 and self.lost == 0 and self.wrong == 0

    def fail(self, kind: str, f: Failure) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.failures.append(f)


# --- generation --------------------------------------------------------------------------------------------


def _time(r: random.Random) -> str:
    return f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:" \
           f"{r.randint(0, 59):02d}Z"


def _text(r: random.Random) -> str:
    words = ["hello", "nice", "photo", "café", "🙂", "שלום", "日本", "e\u0301", "zero\u200bwidth", "ok"]
    return " ".join(r.choice(words) for _ in range(r.randint(1, 8)))


def base_record(entity: str, i: int, r: random.Random, n_accounts: int, n_posts: int) -> dict[str, Any]:
    """A valid record; ids follow the line (the ``dup_key`` mutation reuses earlier ones)."""
    acc = f"a{r.randrange(max(n_accounts, 1))}"
    post = f"p{r.randrange(max(n_posts, 1))}"
    if entity == "accounts":
        return {"id": f"a{i}", "handle": f"user_{i}", "display_name": _text(r), "bio": _text(r),
                "created_at": _time(r), "declared_age": r.randint(13, 90)}
    if entity == "posts":
        media = [{"type": "image", "path": f"media/{r.randrange(4)}.png"}] if r.random() < 0.3 else \
            [{"type": "image", "url": f"https://cdn.example/{i}.jpg"}]
        return {"id": f"p{i}", "author_id": acc, "created_at": _time(r), "caption": _text(r),
                "hashtags": ["summer", "beach"][: r.randint(0, 2)], "media": media}
    if entity == "comments":
        return {"id": f"c{i}", "post_id": post, "author_id": acc, "created_at": _time(r), "text": _text(r)}
    if entity == "follows":
        return {"follower_id": f"f{i}", "followee_id": acc, "created_at": _time(r)}
    if entity == "interactions":
        return {"account_id": f"i{i}", "post_id": post, "kind": r.choice(["like", "save", "share", "view"]),
                "created_at": _time(r)}
    if entity == "message_edges":
        return {"sender_id": f"m{i}", "recipient_id": acc, "created_at": _time(r), "count": r.randint(0, 50)}
    return {"id": f"r{i}", "subject_type": "post", "subject_id": post, "reason": "other", "text": _text(r)}


def _dumps(rec: dict[str, Any]) -> bytes:
    return json.dumps(rec, ensure_ascii=False).encode()  # json, not orjson: it writes any depth


def _required(entity: str) -> list[str]:
    return [n for n, f in SPECS[entity].model.model_fields.items() if f.is_required()]


def _strings(entity: str) -> list[str]:
    """Required fields that are plain strings (wrong-type targets)."""
    model = SPECS[entity].model
    return [n for n in _required(entity) if model.model_fields[n].annotation is str]


def _time_field(entity: str) -> str | None:
    return "created_at" if "created_at" in SPECS[entity].model.model_fields else None


def _nested(depth: int) -> Any:
    v: Any = []
    for _ in range(depth - 1):
        v = [v] if len(str(depth)) % 2 else {"k": v}
    return v


def _flip(data: bytes, r: random.Random, count: int) -> bytes:
    b = bytearray(data)
    for _ in range(count):
        at = r.randrange(len(b))
        b[at] = r.choice(NOT_NEWLINE)
    return bytes(b)


Mutator = Callable[[str, dict[str, Any], random.Random, "Context"], Line]


@dataclass
class Context:
    """What a mutation may reuse: keys of earlier lines in the same file (duplicates)."""

    earlier: list[dict[str, Any]]
    first: bool  # the file's first line (a BOM is allowed there)


def m_crlf(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    return Line(_dumps(rec) + b"\r", "crlf", "accept")  # the writer adds the \n


def m_bom(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    # a BOM is the file's encoding mark on line 1 only; anywhere else it is a stray byte sequence, not JSON
    data = b"\xef\xbb\xbf" + _dumps(rec)
    return Line(data, "bom", "accept") if c.first else Line(data, "bom", "reject", LINE_FIELD)


def m_unknown_field(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    rec[f"x_{r.randrange(1000)}"] = r.choice([1, -2.5, True, None, "s", [1, [2, {"a": 3}]], {"deep": _nested(20)},
                                              2**64 - 1, "\u0000nul", {"": []}])
    return Line(_dumps(rec), "unknown_field", "accept")


def m_null_optional(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    required = set(_required(e))
    for k in list(rec):
        if k not in required:
            rec[k] = None
    return Line(_dumps(rec), "null_optional", "accept")


def m_unicode(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    key = CONTENT[e] if isinstance(rec.get(CONTENT[e]), str) and CONTENT[e] != "created_at" else "note"
    rec[key] = r.choice(["\u0000", "\U0001F600\u200d\U0001F466", "\u202eevil", "a\u0301\u0302", "\\n\\t", "'\";--",
                         "\ufeff", "\u2028\u2029"]) + _text(r)
    # as UTF-8, or with everything outside ASCII as \\u escapes (surrogate pairs for the emoji)
    data = _dumps(rec) if r.random() < 0.6 else json.dumps(rec, ensure_ascii=True).encode()
    return Line(data, "unicode", "accept")


def m_dup_key(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    if not c.earlier:
        return Line(_dumps(rec), "dup_key", "accept")
    old = r.choice(c.earlier)
    for k in SPECS[e].key:
        rec[k] = old[k]
    return Line(_dumps(rec), "dup_key", "accept")  # the last accepted version must win


def m_odd_key(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    k = r.choice([k for k in SPECS[e].key if k != "created_at" and k != "kind"])
    rec[k] = r.choice(["\u0000", "a\u0000b", " ", "\t", "ＩＤ", "\U0001F600", "%s", "'; DROP TABLE accounts;--",
                       "k" * r.randint(1000, 100_000), "\\", "null", "\u202e"]) + str(r.randrange(10**6))
    return Line(_dumps(rec), "odd_key", "accept")


def m_unknown_ref(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    for k in ("author_id", "post_id", "followee_id", "recipient_id", "subject_id", "parent_id"):
        if k in rec or (k == "parent_id" and e == "comments"):
            rec[k] = f"nobody-{r.randrange(10**9)}"
    return Line(_dumps(rec), "unknown_ref", "accept")


def m_time_ok(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    tf = _time_field(e)
    if tf:
        rec[tf] = r.choice(["2026-03-01T10:00:00.123456+05:30", "2026-03-01T10:00:00-08:00", "2026-03-01 10:00:00Z",
                            "2026-03-01T10:00:00.5Z", "0001-01-01T01:30:00+01:00", "9999-12-31T22:59:59-01:00",
                            "1970-01-01T00:00:00+00:00", "2024-02-29T23:59:59Z"])
    return Line(_dumps(rec), "time_ok", "accept")


def m_huge_valid(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    rec["huge"] = "é" * (r.randint(*HUGE) // 2)
    return Line(_dumps(rec), "huge_valid", "accept")


def m_deep_ok(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    rec["tree"] = _nested(MAX_NESTING)
    return Line(_dumps(rec), "deep_ok", "accept")


def m_whitespace(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    return Line(b"  \t" + json.dumps(rec, indent=None, separators=(" , ", " :  ")).encode() + b"\t ", "whitespace",
                "accept")


def m_broken_utf8(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    data = _dumps(rec)
    at = data.index(b'"', data.index(b":")) + 1  # inside the first value's string
    bad = r.choice([b"\xff", b"\xc3\x28", b"\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"])
    return Line(data[:at] + bad + data[at:], "broken_utf8", "reject", LINE_FIELD)


def m_nul_raw(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    data = _dumps(rec)
    at = r.choice([1, data.index(b'"', data.index(b":")) + 1, len(data) - 1])
    return Line(data[:at] + b"\x00" + data[at:], "nul_raw", "reject", LINE_FIELD)


def m_truncated(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    data = _dumps(rec)
    return Line(data[: r.randrange(1, len(data) - 1)], "truncated", "reject", LINE_FIELD)


def m_not_object(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    return Line(r.choice([b"[1, 2]", b'"text"', b"42", b"null", b"true", _dumps([rec])]), "not_object", "reject",
                LINE_FIELD)


def m_garbage(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    size = r.choice([r.randint(1, 200), r.randint(*HUGE) if r.random() < 0.02 else 50])
    data = r.choice([b"<", b"#", b"\x01"]) + _random_bytes(r, size)
    return Line(data, "garbage", "reject", LINE_FIELD)


def m_deep_json(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    depth = r.choice([MAX_NESTING + 1, 300, 1000, 5000, 100_000])
    data = _dumps(rec)
    # past orjson's own limit (1024) the line is not parsed at all; below it, the field is too deep to keep
    nested = b"[" * depth + b"]" * depth
    line = data[:-1] + b', "tree": ' + nested + b"}"
    return Line(line, "deep_json", "reject", "tree" if depth <= 1000 else LINE_FIELD)


def m_missing(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    k = r.choice(_required(e))
    del rec[k]
    return Line(_dumps(rec), "missing_field", "reject", k)


def m_wrong_type(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    k = r.choice(_strings(e))
    has_min = any(isinstance(m, annotated_types.MinLen) for m in SPECS[e].model.model_fields[k].metadata)
    rec[k] = r.choice([42, 1.5, True, [rec[k]], {"v": rec[k]}] + ([""] if has_min else []))  # "" for an id
    return Line(_dumps(rec), "wrong_type", "reject", k)


def m_out_of_range(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    if e == "accounts":
        rec["declared_age"] = r.choice([-1, 151, 10**6, 2**63, 2**64 - 1, 12.5, "ten"])
        return Line(_dumps(rec), "out_of_range", "reject", "declared_age")
    if e == "message_edges":
        rec["count"] = r.choice([-1, 2**63, 2**64 - 1, 10**30, 1.5, "many"])
        return Line(_dumps(rec), "out_of_range", "reject", "count")
    if e == "interactions":
        rec["kind"] = r.choice(["love", "LIKE", "", 1])
        return Line(_dumps(rec), "out_of_range", "reject", "kind")
    if e == "reports":
        rec["subject_type"] = r.choice(["user", "media", None, 3])
        return Line(_dumps(rec), "out_of_range", "reject", "subject_type")
    if e == "posts":
        bad, fld = r.choice([({"type": "gif"}, "media[0].type"), ({"path": "x.png"}, "media[0].type"),
                             ({"type": "image", "sha256": "abc"}, "media[0].sha256"), ("media/1.png", "media[0]")])
        rec["media"] = [bad]
        return Line(_dumps(rec), "out_of_range", "reject", fld)
    data = _dumps(rec)[:-1] + b', "n": 1e999}'  # a number JSON cannot hold as a double
    return Line(data, "out_of_range", "reject", LINE_FIELD)


def m_bad_time(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    tf = _time_field(e)
    assert tf
    rec[tf] = r.choice(["2026-01-01T00:00:00", "2026-02-31T00:00:00Z", "yesterday", "", "2026-13-01T00:00:00Z",
                        "2026-01-01T25:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-23:59",
                        "0000-01-01T00:00:00Z", "+12026-01-01T00:00:00Z", [2026], {"t": 1}])
    return Line(_dumps(rec), "bad_time", "reject", tf)


def m_bad_media(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    """Posts only: the post is stored, its media problem quarantined."""
    path, fld = r.choice([("media/gone.png", "path"), ("../../etc/passwd", "path"), ("/etc/hostname", "path"),
                          ("media/a\u0000b.png", "path"), ("m" * 5000 + ".png", "path"), ("media", "path"),
                          ("media/0.png", "sha256")])
    ref: dict[str, Any] = {"type": "image", "path": path}
    if fld == "sha256":
        ref["sha256"] = "0" * 64
    rec["media"] = [ref]
    return Line(_dumps(rec), "bad_media", "media", f"media[0].{fld}")


def m_flip(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    return Line(_flip(_dumps(rec), r, r.choice([1, 1, 2, 3, 8])), "byte_flip", "any")


def m_splice(e: str, rec: dict[str, Any], r: random.Random, c: Context) -> Line:
    data = _dumps(rec)
    a, b = sorted(r.randrange(len(data)) for _ in range(2))
    chunk = _random_bytes(r, r.randint(0, 8))
    out = data[:a] + chunk + data[b:]
    return Line(out if out.strip() else b"?", "splice", "any")


MUTATIONS: list[tuple[Mutator, float, Callable[[str], bool]]] = [  # (mutator, weight, applies to entity)
    (m_bom, 2, lambda e: True), (m_crlf, 4, lambda e: True), (m_unknown_field, 5, lambda e: True),
    (m_null_optional, 3, lambda e: True), (m_unicode, 5, lambda e: True), (m_dup_key, 6, lambda e: True),
    (m_odd_key, 3, lambda e: True), (m_unknown_ref, 4, lambda e: e != "accounts"), (m_time_ok, 3, lambda e: True),
    (m_huge_valid, 0.15, lambda e: True), (m_deep_ok, 1, lambda e: True), (m_whitespace, 2, lambda e: True),
    (m_broken_utf8, 4, lambda e: True), (m_nul_raw, 3, lambda e: True), (m_truncated, 5, lambda e: True),
    (m_not_object, 2, lambda e: True), (m_garbage, 3, lambda e: True), (m_deep_json, 2, lambda e: True),
    (m_missing, 5, lambda e: True), (m_wrong_type, 5, lambda e: True), (m_out_of_range, 4, lambda e: True),
    (m_bad_time, 4, lambda e: _time_field(e) is not None), (m_bad_media, 6, lambda e: e == "posts"),
    (m_flip, 10, lambda e: True), (m_splice, 4, lambda e: True),
]


def _nul_refused(line: Line) -> Line:
    """A line that parses to a record with a NUL character in a string or key (an odd key, an unknown field, a
    media path) must be refused on that field: PostgreSQL cannot store NUL, so neither backend accepts it
    (``validate.unstorable`` names the field)."""
    if line.expect not in ("accept", "media"):
        return line
    try:
        rec = json.loads(line.data.decode("utf-8").lstrip("\ufeff"))
    except (UnicodeDecodeError, ValueError):
        return line
    problem = unstorable(rec) if isinstance(rec, dict) else None
    if problem is None or "NUL" not in problem.message:
        return line
    return Line(line.data, line.mutation, "reject", problem.field)


def generate(folder: Path, n: int, seed: int) -> dict[str, list[Line]]:
    """Write the export (manifest, media, seven JSONL files) and return each file's lines."""
    r = random.Random(seed)
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_bytes(b'{"format_version": "1", "platform": "fuzz"}')
    (folder / "media").mkdir()
    for i in range(4):
        (folder / "media" / f"{i}.png").write_bytes(PNG + bytes([i]))  # four distinct blobs
    sizes = {e: max(3, int(n * s)) for e, s in SHARES.items()}
    sizes["accounts"] += n - sum(sizes.values())
    files: dict[str, list[Line]] = {}
    for entity, size in sizes.items():
        usable = [(m, w) for m, w, ok in MUTATIONS if ok(entity)]
        earlier: list[dict[str, Any]] = []
        lines = []
        for i in range(size):
            rec = base_record(entity, i, r, sizes["accounts"], sizes["posts"])
            if i < len(usable):  # each mutation at least once per file, also in a small run
                mut = usable[i][0]
                line = mut(entity, dict(rec), r, Context(earlier, not lines))
            elif r.random() < PLAIN:
                line = Line(_dumps(rec), "plain", "accept")
            else:
                mut = r.choices([m for m, _ in usable], [w for _, w in usable])[0]
                line = mut(entity, dict(rec), r, Context(earlier, not lines))
            lines.append(_nul_refused(line))
            if r.random() < 0.01:  # now and then a blank line, which is skipped (and counted as such)
                lines.append(Line(r.choice([b"", b"   ", b"\t\r"]), "blank", "blank"))
            earlier.append(rec)
        (folder / f"{entity}.jsonl").write_bytes(b"".join(ln.data + b"\n" for ln in lines))
        files[entity] = lines
    return files


# --- checking ----------------------------------------------------------------------------------------------


def _reader_view(data: bytes, first: bool) -> bytes:
    """The line as ingest's reader hands it on (BOM on line 1 dropped, line end stripped)."""
    if first and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.rstrip(b"\r\n")


def _utc(v: Any) -> datetime:
    return _TIME.validate_python(v).astimezone(UTC).replace(tzinfo=None)


def _key_of(entity: str, rec: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(_utc(rec[k]) if k == "created_at" else rec[k] for k in SPECS[entity].key)


def _content_of(entity: str, rec: dict[str, Any]) -> Any:
    f = CONTENT[entity]
    v = rec.get(f)
    return _utc(v) if f == "created_at" and v is not None else v


def _stored(store: Store, entity: str) -> dict[tuple[Any, ...], Any]:
    table = SPECS[entity].table
    cols = [table.c[k] for k in SPECS[entity].key]
    with store.engine.connect() as c:
        rows = c.execute(select(*cols, table.c[CONTENT[entity]]))
        return {tuple(r[:-1]): r[-1] for r in rows}


def _quarantine(store: Store, path: Path) -> list[dict[str, Any]]:
    q = quarantine_path(store.settings.quarantine_dir, path)
    return [orjson.loads(ln) for ln in q.read_bytes().splitlines() if ln.strip()] if q.exists() else []


def check_file(store: Store, folder: Path, entity: str, lines: list[Line], res: Result,
               report_file: Any) -> None:
    name = f"{entity}.jsonl"
    path = folder / name
    entries = _quarantine(store, path)
    by_line: dict[int, dict[str, Any]] = {}
    for e in entries:
        ln = e.get("line")
        errs = e.get("errors") or []
        ok = (e.get("file") == name and isinstance(ln, int) and 1 <= ln <= len(lines) and errs
              and all(isinstance(p.get("field"), str) and p["field"] and p.get("message") for p in errs))
        if not ok or ln in by_line:
            res.fail("wrong", Failure(name, ln if isinstance(ln, int) else 0, "?",
                                      f"quarantine entry without file:line:field (or twice): {str(e)[:200]}"))
            continue
        by_line[ln] = e
    with store.engine.connect() as c:
        db_errors = {(r.line, r.field) for r in c.execute(select(IngestError.line, IngestError.field)
                                                          .where(IngestError.source == str(path)))}
    q_errors = {(ln, p["field"]) for ln, e in by_line.items() for p in e["errors"]}
    if db_errors != q_errors:
        res.fail("wrong", Failure(name, 0, "?", f"ingest_errors and the quarantine file disagree: "
                                                f"{sorted(db_errors ^ q_errors)[:5]}"))
    res.quarantined += len(entries)

    accepted: dict[tuple[Any, ...], tuple[int, Any]] = {}  # key -> (line, content) of the last accepted line
    n_acc = n_rej = n_blank = n_media = 0
    for i, ln in enumerate(lines, start=1):
        view = _reader_view(ln.data, i == 1)
        entry = by_line.get(i)
        fields = [p["field"] for p in entry["errors"]] if entry else []
        media_only = entry is not None and all(f.startswith("media[") and p["message"].startswith(MEDIA_MESSAGES)
                                               for f, p in zip(fields, entry["errors"], strict=True))
        if not view.strip():
            n_blank += 1
            if entry:
                res.fail("wrong", Failure(name, i, ln.mutation, "a blank line was quarantined", ln.data))
            continue
        if entry is not None and not media_only:
            n_rej += 1
            if ln.expect in ("accept", "media"):
                res.fail("lost", Failure(name, i, ln.mutation, f"valid line rejected: {entry['errors']}", ln.data))
            elif ln.expect == "reject" and ln.field is not None and ln.field not in fields:
                res.fail("wrong", Failure(name, i, ln.mutation, f"rejected on {fields}, expected {ln.field}",
                                          ln.data))
            continue
        # accepted (perhaps with a media problem quarantined)
        n_acc += 1
        n_media += media_only
        if ln.expect == "reject":
            res.fail("wrong", Failure(name, i, ln.mutation, "invalid line accepted", ln.data))
            continue
        if ln.expect == "media" and not media_only:
            res.fail("wrong", Failure(name, i, ln.mutation, f"media problem not quarantined on {ln.field}", ln.data))
        elif ln.expect == "media" and ln.field not in fields:
            res.fail("wrong", Failure(name, i, ln.mutation, f"media problem on {fields}, expected {ln.field}",
                                      ln.data))
        try:
            rec = orjson.loads(view)
            key = _key_of(entity, rec)
            accepted[key] = (i, _content_of(entity, rec))
        except Exception as e:  # noqa: BLE001 - the line was neither stored nor quarantined: it is lost
            res.fail("lost", Failure(name, i, ln.mutation, f"neither quarantined nor a valid record: {e}", ln.data))
    stored = _stored(store, entity)
    for key, (i, content) in accepted.items():
        if key not in stored:
            res.fail("lost", Failure(name, i, lines[i - 1].mutation, f"accepted but not in the store: {key!r}",
                                     lines[i - 1].data))
        elif stored[key] != content:
            res.fail("lost", Failure(name, i, lines[i - 1].mutation,
                                     f"stored {CONTENT[entity]} {str(stored[key])[:60]!r} is not the last "
                                     f"accepted line's {str(content)[:60]!r}", lines[i - 1].data))
    for key in stored.keys() - accepted.keys():
        res.fail("wrong", Failure(name, 0, "?", f"stored but no accepted line has the key {key!r}"))
    counted = (report_file.accepted, report_file.rejected, report_file.skipped, report_file.media_errors)
    if counted != (n_acc, n_rej, n_blank, n_media) or n_acc + n_rej + n_blank != len(lines):
        res.fail("lost", Failure(name, 0, "?", f"report counts (accepted, rejected, blank, media) {counted} != "
                                               f"lines {(n_acc, n_rej, n_blank, n_media)} of {len(lines)}"))
    res.accepted += n_acc
    res.rejected += n_rej
    res.blank += n_blank
    res.media_errors += n_media


def _ingest(store: Store, folder: Path, res: Result, restart: bool, workers: int | None) -> Any:
    try:
        return run_ingest(store, folder, progress=False, restart=restart, workers=workers)
    except Exception:  # noqa: BLE001 - a crash is what we are looking for: count it, show it, go on
        res.crashes += 1
        res.failures.append(Failure("(run)", 0, "?", "run_ingest raised:\n" + traceback.format_exc()))
        return None


def find_culprits(files: dict[str, list[Line]], work: Path, limit: int = 10) -> list[Failure]:
    """After a crash: ingest each mutated line alone (after the accounts) to name the lines that raise, the
    first of each mutation and file (up to ``limit``)."""
    store = Store(Settings(home=work / "culprits", database_url=f"sqlite:///{work / 'culprits.db'}")).migrate()
    found: list[Failure] = []
    seen: set[tuple[str, str]] = set()
    for entity, lines in files.items():
        for i, ln in enumerate(lines, start=1):
            if ln.mutation in ("plain", "blank") or (entity, ln.mutation) in seen:
                continue
            folder = work / f"one-{entity}-{i}"
            folder.mkdir(parents=True)
            (folder / "media").symlink_to((work / "export" / "media").resolve())
            (folder / "accounts.jsonl").write_bytes(b'{"id": "a0", "handle": "h"}\n')
            (folder / f"{entity}.jsonl").write_bytes(ln.data + b"\n")
            try:
                run_ingest(store, folder, progress=False)
            except Exception as e:  # noqa: BLE001
                found.append(Failure(f"{entity}.jsonl", i, ln.mutation, f"raises {type(e).__name__}: {e}", ln.data))
                seen.add((entity, ln.mutation))
                if len(found) >= limit:
                    return found
    return found


def run(n: int, seed: int, work: Path, workers: int | None = None) -> Result:
    """Generate, ingest twice (the second time with restart: idempotent), check every line."""
    res = Result(seed, n)
    folder = work / "export"
    files = generate(folder, n, seed)
    res.inputs = sum(len(v) for v in files.values())
    h = hashlib.sha256()
    for e in files:
        data = (folder / f"{e}.jsonl").read_bytes()
        res.bytes += len(data)
        h.update(data)
    res.digest = h.hexdigest()[:16]
    res.mutations = Counter(ln.mutation for v in files.values() for ln in v)
    store = Store(Settings(home=work / "home", database_url=f"sqlite:///{work / 'home' / 'harrier.db'}")).migrate()
    t0 = time.perf_counter()
    report = _ingest(store, folder, res, restart=False, workers=workers)
    res.seconds = time.perf_counter() - t0
    if report is None:
        res.failures += find_culprits(files, work)
        return res
    for entity, lines in files.items():
        check_file(store, folder, entity, lines, res, report.file(entity))
    # Idempotent: the same export again changes no row count, quarantine or answer.
    before = {e: _stored(store, e) for e in files}
    quarantined = {e: _quarantine(store, folder / f"{e}.jsonl") for e in files}
    again = _ingest(store, folder, res, restart=True, workers=workers)
    if again is not None:
        for e in files:
            if _stored(store, e).keys() != before[e].keys() or \
                    _quarantine(store, folder / f"{e}.jsonl") != quarantined[e]:
                res.fail("wrong", Failure(f"{e}.jsonl", 0, "?", "a second ingest of the same export changed it"))
    return res


def summary(res: Result) -> str:
    mb = res.bytes / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if res.crashes and not res.accepted + res.rejected:
        return (f"seed={res.seed} n={res.n}: inputs={res.inputs:,} lines ({mb:.1f} MB): crashes={res.crashes}, "
                "ingest did not finish, so nothing else was checked")
    return (f"seed={res.seed} n={res.n}: inputs={res.inputs:,} lines ({mb:.1f} MB), accepted={res.accepted:,} "
            f"(of which with a media problem {res.media_errors:,}), quarantined lines={res.rejected:,}, "
            f"quarantine entries={res.quarantined:,}, blank={res.blank:,}, crashes={res.crashes}, lost={res.lost}, "
            f"wrong={res.wrong}\n"
            f"ingest: {res.seconds:.1f} s, {res.inputs / max(res.seconds, 1e-9):,.0f} lines/s, "
            f"{mb / max(res.seconds, 1e-9):.1f} MB/s; peak RSS {peak:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="lines in all (default 10,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None,
                    help="parse/validate processes (run_ingest's default: only for files over 16 MiB)")
    ap.add_argument("--keep", type=Path, help="work in this (new) folder and keep it, instead of a temp one")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="harrier-fuzz-ingest-") as tmp:
        work = args.keep or Path(tmp)
        res = run(args.n, args.seed, work, args.workers)
    for f in res.failures[:50]:
        print(f.show(res.seed, res.n))
    print(summary(res))
    print("mutations: " + ", ".join(f"{k} {v:,}" for k, v in sorted(res.mutations.items())))
    print(f"input digest {res.digest} (sha256 of the files: the same seed and n write the same bytes)")
    return 0 if res.ok else 1


if __name__ == "__main__":
    sys.exit(main())
