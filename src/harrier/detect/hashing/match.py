"""Store-level bank matching: ``match_store(store, run_id)``, called by the pipeline after stage 1.

Incremental design (docs/HASHING.md):
- ``hash_media`` remembers every media hash already matched against all banks; only new or changed media
  are matched against the full bank index;
- ``hash_bank_state`` remembers, per bank, the entry ``version`` and ``config_version`` that
  ``hash_matches`` reflects. Entries added since (``added_version`` greater than the recorded version) are
  matched against the already-known media only; a config change (threshold, floor, role, enable) re-matches
  that one bank; removed entries have already taken their matches with them (``remove_entries``);
- ``hash.match`` signals are a snapshot of the current effective matches (enabled banks, allow-bank
  suppression applied) under this run's id. Producers outside the detector registry are fresh for their
  latest run, so a new snapshot is appended only when the effective set changed (a digest in
  ``hashing_state``); an unchanged store appends nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from harrier.detect.hashing.banks import BankMatch, BankMatcher, apply_allow_banks
from harrier.detect.hashing.detector import parse_hashes
from harrier.detect.hashing.tables import HashBank, HashBankEntry, HashBankState, HashingState, HashMatch, HashMedia
from harrier.model.signals import Evidence, Signal, register_kind
from harrier.store.signals import append_signals, fresh_signals, record_run
from harrier.store.tables import Media

PRODUCER = "hash.bank_match"
VERSION = "1.0.0"

register_kind("hash.match", ["media"],
              "Fact: the media's PDQ hash is within the bank's distance threshold of a bank entry (or its MD5 is "
              "equal). Evidence: bank, entry hash, distance, bank entry id. Allow-bank matches suppress it.",
              score="fact (1.0)", severity_hint="critical")


@dataclass(frozen=True)
class MediaHash:
    pdq: str | None
    quality: int | None
    md5: str | None


def media_hashes(session: Session) -> dict[str, MediaHash]:
    """Fresh ``image.hashes`` per media id, extended to every media row sharing the same blob (the pipeline
    analyses a re-posted blob once)."""
    out: dict[str, MediaHash] = {}
    for s in fresh_signals(session, subject_type="media", kinds=["image.hashes"]):
        pdq, quality, md5 = parse_hashes(s)
        out[s.subject[1]] = MediaHash(pdq, quality, md5)
    if out:
        by_sha: dict[str, MediaHash] = {}
        rows = session.execute(select(Media.id, Media.sha256).where(Media.sha256.is_not(None))).all()
        for mid, sha in rows:
            if mid in out:
                by_sha.setdefault(sha, out[mid])
        for mid, sha in rows:
            if mid not in out and sha in by_sha:
                out[mid] = by_sha[sha]
    return out


def _insert_matches(session: Session, media_ids: list[str], results: list[list[BankMatch]],
                    hashes: dict[str, MediaHash]) -> int:
    now, n = datetime.now(UTC), 0
    rows = []
    for mid, ms in zip(media_ids, results, strict=True):
        for m in ms:
            kind = "md5" if len(m.hash) == 32 else "pdq"
            media_hash = (hashes[mid].md5 if kind == "md5" else hashes[mid].pdq) or ""
            rows.append(HashMatch(media_id=mid, bank_id=m.bank_id, entry_id=m.entry_id, hash_kind=kind,
                                  media_hash=media_hash, distance=m.distance, created_at=now))
            n += 1
    if rows:
        existing = set(session.execute(select(HashMatch.media_id, HashMatch.entry_id).where(
            HashMatch.media_id.in_({r.media_id for r in rows}))).all()) if len(rows) < 5000 else None
        if existing is None:
            existing = set(session.execute(select(HashMatch.media_id, HashMatch.entry_id)).all())
        session.add_all([r for r in rows if (r.media_id, r.entry_id) not in existing])
    return n


def _match(session: Session, matcher: BankMatcher, media_ids: list[str], hashes: dict[str, MediaHash]) -> int:
    if not media_ids or not matcher.banks:
        return 0
    items = [(hashes[m].pdq, hashes[m].quality, hashes[m].md5) for m in media_ids]
    return _insert_matches(session, media_ids, matcher.match(items), hashes)


def update_matches(session: Session) -> None:
    """Bring ``hash_matches`` up to date with the media hashes and the banks, incrementally."""
    hashes = media_hashes(session)
    known = {r.media_id: r for r in session.scalars(select(HashMedia))}
    changed = [m for m, h in hashes.items() if m not in known or (known[m].pdq, known[m].md5) != (h.pdq, h.md5)]
    gone = [m for m in known if m not in hashes]
    stale = [m for m in changed if m in known] + gone
    for i in range(0, len(stale), 500):
        session.execute(delete(HashMatch).where(HashMatch.media_id.in_(stale[i : i + 500])))
        session.execute(delete(HashMedia).where(HashMedia.media_id.in_(stale[i : i + 500])))
    old_media = [m for m in hashes if m in known and m not in set(changed)]

    banks = list(session.scalars(select(HashBank)))
    states = {s.bank_id: s for s in session.scalars(select(HashBankState))}
    full, delta = [], {}
    for b in banks:
        st = states.get(b.id)
        if st is None or st.matched_config_version != b.config_version:
            session.execute(delete(HashMatch).where(HashMatch.bank_id == b.id))
            if b.enabled:
                full.append(b.id)
        elif st.matched_version != b.version and b.enabled:
            delta[b.id] = st.matched_version
    # orphans of deleted banks
    bank_ids = {b.id for b in banks}
    for st in states.values():
        if st.bank_id not in bank_ids:
            session.execute(delete(HashMatch).where(HashMatch.bank_id == st.bank_id))
            session.delete(st)

    if full and old_media:  # re-configured or new banks, against media matched before
        _match(session, BankMatcher(session, bank_ids=full), old_media, hashes)
    if delta and old_media:  # entries added since the last match, against media matched before
        _match(session, BankMatcher(session, bank_ids=list(delta), min_added_version=delta), old_media, hashes)
    if changed:  # new media, against every enabled bank
        _match(session, BankMatcher(session), changed, hashes)
        now = datetime.now(UTC)
        session.add_all([HashMedia(media_id=m, pdq=hashes[m].pdq, quality=hashes[m].quality, md5=hashes[m].md5,
                                   matched_at=now) for m in changed])
    for b in banks:
        st = states.get(b.id)
        if st is None:
            session.add(HashBankState(bank_id=b.id, matched_version=b.version, matched_config_version=b.config_version))
        else:
            st.matched_version, st.matched_config_version = b.version, b.config_version
    session.flush()


def effective_matches(session: Session) -> dict[str, tuple[list[BankMatch], list[BankMatch]]]:
    """media id -> (reported, suppressed by an allow bank), over enabled banks."""
    banks = {b.id: b for b in session.scalars(select(HashBank).where(HashBank.enabled.is_(True)))}
    per_media: dict[str, list[BankMatch]] = defaultdict(list)
    q = select(HashMatch, HashBankEntry.hash, HashBankEntry.source_id).join(
        HashBankEntry, HashBankEntry.id == HashMatch.entry_id)
    for m, entry_hash, src in session.execute(q):
        b = banks.get(m.bank_id)
        if b is None:
            continue
        per_media[m.media_id].append(BankMatch(b.name, b.id, m.entry_id, entry_hash, m.distance, b.role, src))
    return {mid: apply_allow_banks(sorted(ms, key=lambda x: (x.distance, x.bank, x.entry_id)))
            for mid, ms in per_media.items()}


def _signals(session: Session) -> list[Signal]:
    out = []
    hashes = {r.media_id: r for r in session.scalars(select(HashMedia))}
    for mid, (reported, _suppressed) in sorted(effective_matches(session).items()):
        h = hashes.get(mid)
        for m in reported:
            kind = "md5" if len(m.hash) == 32 else "pdq"
            media_hash = (h.md5 if kind == "md5" else h.pdq) if h else None
            out.append(Signal(subject=("media", mid), kind="hash.match", score=1.0, detector=f"{PRODUCER}@{VERSION}",
                              evidence=[Evidence(kind="hash", field=kind, value=m.hash, distance=m.distance,
                                                 ref=m.entry_id, note=f"bank {m.bank}"),
                                        Evidence(kind="metadata", field="bank", value=m.bank),
                                        Evidence(kind="hash", field=f"media_{kind}", value=media_hash),
                                        *([Evidence(kind="metadata", field="source_id", value=m.source_id)]
                                          if m.source_id else [])]))
    return out


def _digest(signals: list[Signal]) -> str:
    h = hashlib.sha256()
    for s in signals:
        h.update(repr((s.subject, [e.compact() for e in s.evidence])).encode())
    return h.hexdigest()


def snapshot_if_changed(session: Session, key: str, signals: list[Signal], run_id: str, producer: str) -> int:
    """Append a new snapshot only when it differs from the last one. The run is recorded with the snapshot, so
    an empty snapshot (the last match removed) makes the earlier signals stale instead of leaving them fresh."""
    digest = _digest(signals)
    row = session.get(HashingState, key)
    if row is not None and row.value == digest:
        return 0
    if row is None:
        if not signals:
            return 0
        session.add(HashingState(key=key, value=digest))
    else:
        row.value = digest
    record_run(session, producer, run_id)
    return append_signals(session, signals, run_id=run_id)


def match_store(store, run_id: str) -> int:  # type: ignore[no-untyped-def]
    """Match all media hashes against the enabled banks; append ``hash.match`` signals when the effective
    matches changed. Returns the number of signals appended."""
    with store.session() as session:
        update_matches(session)
        return snapshot_if_changed(session, "match_digest", _signals(session), run_id, PRODUCER)
