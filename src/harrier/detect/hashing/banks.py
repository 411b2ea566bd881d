"""Hash banks: create, configure, add/remove entries, import/export, and match hashes against them.

Formats accepted by :func:`parse_entries` (docs/HASHING.md):
- ``tx``: python-threatexchange's local file exchange, one ``<signal_type> <signal>`` per line
  (``pdq <64 hex>``, ``video_md5``/``photo_md5``/``md5 <32 hex>``); a bare hash per line is also read.
- ``te-csv``: CSV as written by python-threatexchange's dataset rollups, ``hash,id,added_on,labels`` without a
  header, or any CSV with a header naming ``hash``/``signal``/``pdq``/``md5`` and optionally
  ``id``/``source_id``/``descriptor_id``, ``labels``/``tags``, ``quality``, ``signal_type``.
- ``ncmec``: NCMEC-style fingerprint lists: XML whose ``<md5>``/``<pdq>`` elements hold the hashes (an
  enclosing element's ``id`` attribute, if any, becomes the source id), or plain ``TYPE:HASH`` /
  ``TYPE,HASH`` / ``HASH`` lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from harrier.detect.hashing.index import PDQIndex, hex_to_words
from harrier.detect.hashing.tables import HashBank, HashBankEntry, HashMatch

DEFAULT_PDQ_THRESHOLD = 31
DEFAULT_QUALITY_FLOOR = 50
KINDS = ("pdq", "md5")
HEX = {"pdq": re.compile(r"^[0-9a-f]{64}$"), "md5": re.compile(r"^[0-9a-f]{32}$")}
TYPE_ALIASES = {"pdq": "pdq", "md5": "md5", "photo_md5": "md5", "video_md5": "md5", "image_md5": "md5"}
FORMATS = ("tx", "te-csv", "ncmec")


class BankError(ValueError):
    pass


@dataclass(frozen=True)
class EntryIn:
    hash: str
    kind: str
    source_id: str | None = None
    labels: str | None = None
    quality: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


# ---- banks -------------------------------------------------------------------------------------------


def create_bank(session: Session, name: str, kind: str = "pdq", *, role: str = "block", threshold: int | None = None,
                quality_floor: int = DEFAULT_QUALITY_FLOOR, description: str | None = None) -> HashBank:
    if kind not in KINDS:
        raise BankError(f"bank kind must be one of {KINDS}, not {kind!r}")
    if role not in ("block", "allow"):
        raise BankError("role must be 'block' or 'allow'")
    if session.scalar(select(HashBank).where(HashBank.name == name)) is not None:
        raise BankError(f"bank {name!r} exists")
    thr = (DEFAULT_PDQ_THRESHOLD if kind == "pdq" else 0) if threshold is None else threshold
    if kind == "pdq" and not 0 <= thr <= 256:
        raise BankError("pdq threshold must be 0..256")
    now = _now()
    bank = HashBank(name=name, kind=kind, role=role, threshold=thr if kind == "pdq" else 0,
                    quality_floor=quality_floor, enabled=True, description=description, version=0, config_version=0,
                    created_at=now, updated_at=now)
    session.add(bank)
    session.flush()
    return bank


def get_bank(session: Session, name: str) -> HashBank:
    bank = session.scalar(select(HashBank).where(HashBank.name == name))
    if bank is None:
        raise BankError(f"no bank named {name!r}")
    return bank


def list_banks(session: Session) -> list[tuple[HashBank, int]]:
    counts = dict(session.execute(select(HashBankEntry.bank_id, func.count()).group_by(HashBankEntry.bank_id)).all())
    return [(b, int(counts.get(b.id, 0))) for b in session.scalars(select(HashBank).order_by(HashBank.name))]


def configure_bank(session: Session, name: str, *, threshold: int | None = None, quality_floor: int | None = None,
                   enabled: bool | None = None, role: str | None = None) -> HashBank:
    bank = get_bank(session, name)
    if threshold is not None:
        if bank.kind != "pdq":
            raise BankError("only pdq banks have a distance threshold")
        bank.threshold = threshold
    if quality_floor is not None:
        bank.quality_floor = quality_floor
    if enabled is not None:
        bank.enabled = enabled
    if role is not None:
        if role not in ("block", "allow"):
            raise BankError("role must be 'block' or 'allow'")
        bank.role = role
    bank.config_version += 1
    bank.updated_at = _now()
    return bank


def bank_json(bank: HashBank, entries: int | None = None) -> dict:
    out = {"name": bank.name, "kind": bank.kind, "role": bank.role, "threshold": bank.threshold,
           "quality_floor": bank.quality_floor, "enabled": bank.enabled, "version": bank.version,
           "description": bank.description}
    if entries is not None:
        out["entries"] = entries
    return out


# ---- entries -----------------------------------------------------------------------------------------


def normalise_hash(value: str, kind: str) -> str:
    h = value.strip().lower()
    if h.startswith("0x"):
        h = h[2:]
    if not HEX[kind].match(h):
        raise BankError(f"not a {kind} hash: {value!r}")
    return h


def add_entries(session: Session, bank: HashBank, entries: Iterable[EntryIn]) -> int:
    """Insert new hashes (existing ones are kept, not duplicated). One version bump per call."""
    version = bank.version + 1
    existing = set(session.scalars(select(HashBankEntry.hash).where(HashBankEntry.bank_id == bank.id)))
    rows, now = [], _now()
    for e in entries:
        if e.kind != bank.kind:
            continue  # a mixed file: the other kind belongs in another bank
        h = normalise_hash(e.hash, bank.kind)
        if h in existing:
            continue
        existing.add(h)
        rows.append(HashBankEntry(bank_id=bank.id, hash=h, quality=e.quality, source_id=e.source_id,
                                  labels=e.labels, added_version=version, added_at=now))
    if rows:
        session.add_all(rows)
        bank.version = version
        bank.updated_at = now
        session.flush()
    return len(rows)


def remove_entries(session: Session, bank: HashBank, hashes: Sequence[str] = (),
                   entry_ids: Sequence[int] = ()) -> int:
    """Delete entries and, in the same transaction, the matches they produced (no re-match needed)."""
    ids = list(entry_ids)
    if hashes:
        norm = [normalise_hash(h, bank.kind) for h in hashes]
        ids += list(session.scalars(select(HashBankEntry.id).where(
            HashBankEntry.bank_id == bank.id, HashBankEntry.hash.in_(norm))))
    ids = list(session.scalars(select(HashBankEntry.id).where(
        HashBankEntry.bank_id == bank.id, HashBankEntry.id.in_(ids)))) if ids else []
    if not ids:
        return 0
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        session.execute(delete(HashMatch).where(HashMatch.entry_id.in_(chunk)))
        session.execute(delete(HashBankEntry).where(HashBankEntry.id.in_(chunk)))
    bank.version += 1
    bank.updated_at = _now()
    return len(ids)


# ---- import / export ---------------------------------------------------------------------------------


def _kind_of(h: str) -> str | None:
    h = h.strip().lower()
    return "pdq" if HEX["pdq"].match(h) else "md5" if HEX["md5"].match(h) else None


def detect_format(text: str) -> str:
    head = text.lstrip()[:2000]
    if head.startswith("<"):
        return "ncmec"
    first = head.splitlines()[0] if head else ""
    if "," in first:
        return "te-csv"
    return "tx"


def parse_entries(text: str, fmt: str = "auto", default_kind: str | None = None) -> list[EntryIn]:
    fmt = detect_format(text) if fmt == "auto" else fmt
    if fmt == "tx":
        return _parse_tx(text, default_kind)
    if fmt == "te-csv":
        return _parse_csv(text, default_kind)
    if fmt == "ncmec":
        return _parse_ncmec(text, default_kind)
    raise BankError(f"unknown format {fmt!r} (one of {FORMATS} or auto)")


def _entry(h: str, typ: str | None, default_kind: str | None, **kw: object) -> EntryIn | None:
    h = h.strip().lower()
    kind = TYPE_ALIASES.get((typ or "").strip().lower()) or _kind_of(h) or default_kind
    if kind not in KINDS or not HEX[kind].match(h):
        return None
    return EntryIn(h, kind, **kw)  # type: ignore[arg-type]


def _parse_tx(text: str, default_kind: str | None) -> list[EntryIn]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        typ, _, sig = line.partition(" ")
        e = _entry(sig, typ, default_kind) if sig else _entry(typ, None, default_kind)
        if e:
            out.append(e)
    return out


HASH_COLS = ("hash", "signal", "signal_value", "pdq", "md5", "value")
ID_COLS = ("id", "source_id", "descriptor_id", "first_descriptor_id", "content_id")
LABEL_COLS = ("labels", "tags", "label")


def _parse_csv(text: str, default_kind: str | None) -> list[EntryIn]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [c.strip().lower() for c in rows[0]]
    out = []
    if any(c in HASH_COLS for c in header):
        col = {c: i for i, c in enumerate(header)}
        hcol = next(col[c] for c in HASH_COLS if c in col)
        icol = next((col[c] for c in ID_COLS if c in col), None)
        lcol = next((col[c] for c in LABEL_COLS if c in col), None)
        qcol = col.get("quality")
        tcol = col.get("signal_type") or col.get("type")
        for r in rows[1:]:
            if len(r) <= hcol:
                continue
            q = r[qcol].strip() if qcol is not None and qcol < len(r) else ""
            e = _entry(r[hcol], r[tcol] if tcol is not None and tcol < len(r) else None, default_kind,
                       source_id=(r[icol].strip() or None) if icol is not None and icol < len(r) else None,
                       labels=(r[lcol].strip() or None) if lcol is not None and lcol < len(r) else None,
                       quality=int(q) if q.isdigit() else None)
            if e:
                out.append(e)
        return out
    for r in rows:  # header-less threatexchange rollup: hash,id,added_on,labels
        if not r:
            continue
        e = _entry(r[0], None, default_kind, source_id=(r[1].strip() or None) if len(r) > 1 else None,
                   labels=(r[3].strip() or None) if len(r) > 3 else None)
        if e:
            out.append(e)
    return out


_XML_HASH = re.compile(r"<(md5|pdq|MD5|PDQ)\b[^>]*>\s*([0-9a-fA-F]+)\s*</\1>")
_XML_ID = re.compile(r"<[\w:]+[^>]*\bid\s*=\s*\"([^\"]+)\"[^>]*>\s*$")


def _parse_ncmec(text: str, default_kind: str | None) -> list[EntryIn]:
    if text.lstrip().startswith("<"):
        out = []
        for m in _XML_HASH.finditer(text):
            before = text[max(0, m.start() - 400) : m.start()]
            last_open = before.rfind("<")
            idm = _XML_ID.search(before[last_open:]) if last_open >= 0 else None
            e = _entry(m.group(2), m.group(1), default_kind, source_id=idm.group(1) if idm else None)
            if e:
                out.append(e)
        return out
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = re.split(r"[:,\s]+", line, maxsplit=1)
        e = _entry(parts[1], parts[0], default_kind) if len(parts) == 2 else _entry(parts[0], None, default_kind)
        if e:
            out.append(e)
    return out


def export_entries(session: Session, bank: HashBank, fmt: str) -> str:
    entries = list(session.scalars(select(HashBankEntry).where(HashBankEntry.bank_id == bank.id)
                                   .order_by(HashBankEntry.id)))
    if fmt == "tx":
        return "".join(f"{'pdq' if bank.kind == 'pdq' else 'photo_md5'} {e.hash}\n" for e in entries)
    if fmt == "te-csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["hash", "id", "added_on", "labels", "quality"])
        for e in entries:
            w.writerow([e.hash, e.source_id or "", e.added_at.isoformat() if e.added_at else "", e.labels or "",
                        "" if e.quality is None else e.quality])
        return buf.getvalue()
    if fmt == "ncmec":
        tag = bank.kind
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<fingerprints bank="{escape(bank.name)}">']
        for e in entries:
            attr = f' id="{escape(e.source_id)}"' if e.source_id else ""
            lines.append(f"  <fingerprint{attr}><{tag}>{e.hash}</{tag}></fingerprint>")
        lines.append("</fingerprints>")
        return "\n".join(lines) + "\n"
    raise BankError(f"unknown format {fmt!r} (one of {FORMATS})")


# ---- matching ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BankMatch:
    bank: str
    bank_id: int
    entry_id: int
    hash: str  # the bank entry's hash
    distance: int
    role: str
    source_id: str | None = None

    def to_json(self) -> dict:
        return {"bank": self.bank, "entry_id": self.entry_id, "hash": self.hash, "distance": self.distance,
                "role": self.role, "source_id": self.source_id}


class BankMatcher:
    """All enabled banks loaded into memory: one PDQ index over every enabled PDQ bank's entries (ids =
    entry ids; the per-bank threshold is applied after a search at the largest threshold) and an MD5 dict."""

    def __init__(self, session: Session, bank_ids: Iterable[int] | None = None,
                 min_added_version: dict[int, int] | None = None) -> None:
        q = select(HashBank).where(HashBank.enabled.is_(True))
        if bank_ids is not None:
            q = q.where(HashBank.id.in_(list(bank_ids)))
        self.banks = {b.id: b for b in session.scalars(q)}
        pdq_ids, pdq_hashes, pdq_banks = [], [], []
        self.md5: dict[str, list[tuple[int, int, str | None]]] = {}
        self.entry_meta: dict[int, tuple[str, str | None]] = {}
        for bank in self.banks.values():
            eq = select(HashBankEntry.id, HashBankEntry.hash, HashBankEntry.source_id).where(
                HashBankEntry.bank_id == bank.id)
            if min_added_version and bank.id in min_added_version:
                eq = eq.where(HashBankEntry.added_version > min_added_version[bank.id])
            for eid, h, src in session.execute(eq):
                if bank.kind == "pdq":
                    pdq_ids.append(eid)
                    pdq_hashes.append(h)
                    pdq_banks.append(bank.id)
                    self.entry_meta[eid] = (h, src)
                else:
                    self.md5.setdefault(h, []).append((bank.id, eid, src))
        self.pdq_entry_bank = dict(zip(pdq_ids, pdq_banks, strict=True))
        self.index = PDQIndex.build(hex_to_words(pdq_hashes), np.array(pdq_ids, np.int64)) if pdq_ids else None
        thresholds = [b.threshold for b in self.banks.values() if b.kind == "pdq"]
        self.max_threshold = max(thresholds) if thresholds else 0

    def match(self, items: Sequence[tuple[str | None, int | None, str | None]]) -> list[list[BankMatch]]:
        """``items``: (pdq hex, quality, md5) per query. Returns every bank match per item, allow banks
        included (see :func:`apply_allow_banks`)."""
        out: list[list[BankMatch]] = [[] for _ in items]
        qi = [i for i, (p, _, _) in enumerate(items) if p]
        if self.index is not None and qi:
            words = hex_to_words([items[i][0] for i in qi])  # type: ignore[misc]
            for hit in self.index.search(words, self.max_threshold):
                i = qi[hit.query]
                bank = self.banks[self.pdq_entry_bank[hit.id]]
                quality = items[i][1]
                if hit.distance > bank.threshold:
                    continue
                if quality is not None and quality < bank.quality_floor:
                    continue  # a flat or tiny image matches too much to be evidence
                h, src = self.entry_meta[hit.id]
                out[i].append(BankMatch(bank.name, bank.id, hit.id, h, hit.distance, bank.role, src))
        for i, (_, _, md5) in enumerate(items):
            for bank_id, eid, src in self.md5.get((md5 or "").lower(), []):
                bank = self.banks[bank_id]
                out[i].append(BankMatch(bank.name, bank_id, eid, md5 or "", 0, bank.role, src))
        for ms in out:
            ms.sort(key=lambda m: (m.distance, m.bank, m.entry_id))
        return out


def apply_allow_banks(matches: list[BankMatch]) -> tuple[list[BankMatch], list[BankMatch]]:
    """(reported, suppressed): any allow-bank match suppresses every block-bank match of the same item."""
    allow = [m for m in matches if m.role == "allow"]
    block = [m for m in matches if m.role != "allow"]
    return ([], block) if allow else (block, [])
