"""Evidence preservation: a ``report`` decision freezes the case into a sealed zip bundle.

The bundle holds the case snapshot, the account, its posts and comments, media metadata with hashes, every
signal on those subjects, the decision trail, labels, message metadata, the platform's user reports, the
audit entries about the case and the CyberTipline XML; media bytes only when ``evidence.include_media`` is
on (default: hashes only). ``manifest.json`` lists the SHA-256 of every other member; the SHA-256 of the
manifest is the *seal*, kept in three places: the zip comment, the ``enforce_evidence_bundles`` row and the
hash-chained audit log. ``verify_bundle`` recomputes all of it.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from harrier.enforce import settings as cfg
from harrier.enforce.casedata import aware, iso, load_case
from harrier.enforce.tables import EvidenceBundle, LegalHold
from harrier.store import audit

FORMAT = "harrier-evidence/1"
SEAL_PREFIX = "harrier-evidence seal sha256="


def _row(obj: Any) -> dict[str, Any]:
    out = {}
    for col in inspect(obj).mapper.column_attrs:
        v = getattr(obj, col.key)
        out[col.key] = iso(v) if isinstance(v, datetime) else v
    return out


def _json(obj: Any) -> bytes:
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(r, option=orjson.OPT_SORT_KEYS) + b"\n" for r in rows)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def freeze(session: Session, store: Any, case_id: str, *, decision_id: int | None = None, actor: str = "harrier",
           report_xml: bytes | None = None, include_media: bool | None = None,
           retention_days: int | None = None) -> EvidenceBundle:
    """Write and record a sealed bundle for a case (in the caller's transaction, with an audit entry)."""
    from harrier.enforce.cybertipline import file_hashes

    data = load_case(session, case_id)
    if include_media is None:
        include_media = cfg.get_bool(session, "evidence.include_media")
    if retention_days is None:
        retention_days = int(cfg.get(session, "evidence.retention_days") or 365)
    now = datetime.now(UTC)
    bundle_id = f"evb_{now.strftime('%Y%m%dT%H%M%SZ')}_{uuid.uuid4().hex[:12]}"
    retention_until = now + timedelta(days=retention_days)

    by_subject = data.signals_by_subject()
    media_rows = []
    for m in data.media:
        row = _row(m)
        row["hashes"] = file_hashes(store, m, by_subject.get(("media", m.id), []))
        row["blob_present"] = bool(m.sha256 and store.blobs.has(m.sha256))
        media_rows.append(row)
    comments = ([{**_row(c), "relation": "by_account"} for c in data.comments_by_account]
                + [{**_row(c), "relation": "on_account_posts"} for c in data.comments_on_posts
                   if c.author_id != data.case.account_id])
    members: dict[str, bytes] = {
        "case.json": _json(_row(data.case)),
        "account.json": _json(_row(data.account) if data.account else None),
        "posts.jsonl": _jsonl([_row(p) for p in data.posts]),
        "context_posts.jsonl": _jsonl([_row(p) for p in data.extra_posts.values()]),
        "comments.jsonl": _jsonl(comments),
        "media.json": _json(media_rows),
        "signals.jsonl": _jsonl([_row(s) for s in data.signals]),
        "decisions.json": _json([_row(d) for d in data.decisions]),
        "labels.json": _json([_row(lb) for lb in data.labels]),
        "message_edges.jsonl": _jsonl([_row(e) for e in data.message_edges]),
        "user_reports.jsonl": _jsonl([_row(r) for r in data.user_reports]),
        "audit.jsonl": _jsonl([_row(a) for a in data.audit]),
        "counterparts.jsonl": _jsonl([_row(a) for a in data.counterpart_accounts.values()]),
    }
    if data.ring is not None:
        members["ring.json"] = _json(_row(data.ring))
    if report_xml:
        members["cybertipline.xml"] = report_xml
    media_members: dict[str, Path] = {}
    if include_media:
        for m in data.media:
            if m.sha256 and store.blobs.has(m.sha256):
                media_members[f"media/{m.sha256}"] = store.blobs.path_for(m.sha256)

    files = [{"path": p, "sha256": _sha(b), "bytes": len(b)} for p, b in members.items()]
    for p, src in media_members.items():
        h = hashlib.sha256()
        with open(src, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        files.append({"path": p, "sha256": h.hexdigest(), "bytes": src.stat().st_size})
    manifest = {
        "format": FORMAT, "bundle_id": bundle_id, "case_id": case_id, "account_id": data.case.account_id,
        "decision_id": decision_id, "created_at": iso(now), "created_by": actor,
        "retention_until": iso(retention_until), "includes_media": bool(include_media),
        "files": sorted(files, key=lambda f: f["path"]),
    }
    manifest_bytes = _json(manifest)
    seal = _sha(manifest_bytes)

    out_dir = store.settings.evidence_dir / _safe(case_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{bundle_id}.zip"
    tmp = path.with_suffix(".zip.partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.comment = f"{SEAL_PREFIX}{seal}".encode()
        z.writestr("manifest.json", manifest_bytes)
        for p, b in members.items():
            z.writestr(p, b)
        for p, src in media_members.items():
            z.write(src, p, compress_type=zipfile.ZIP_STORED)  # media is already compressed
    tmp.replace(path)  # a crash mid-write never leaves a half bundle under the final name
    path.chmod(0o440)

    row = EvidenceBundle(bundle_id=bundle_id, case_id=case_id, decision_id=decision_id, path=str(path),
                         manifest_sha256=seal, file_count=len(files) + 1, size_bytes=path.stat().st_size,
                         includes_media=bool(include_media), created_by=actor, created_at=now,
                         retention_until=retention_until)
    session.add(row)
    audit.append(session, actor=actor, action="evidence.seal", target_type="case", target_id=case_id,
                 details={"bundle_id": bundle_id, "manifest_sha256": seal, "decision_id": decision_id,
                          "retention_until": iso(retention_until)})
    session.flush()
    return row


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:100] or "case"


@dataclass
class BundleCheck:
    ok: bool
    path: str
    bundle_id: str | None = None
    case_id: str | None = None
    checked: int = 0
    seal: str | None = None
    recorded: bool | None = None  # None: no database consulted
    retention_until: str | None = None
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def verify_bundle(path: Path | str, session: Session | None = None) -> BundleCheck:
    """Recompute every member's SHA-256 against the manifest, the manifest against the seal in the zip comment
    and, with a session, against the seal recorded in the database when the bundle was made."""
    path = Path(path)
    res = BundleCheck(ok=False, path=str(path))
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        res.problems.append(f"cannot open bundle: {e}")
        return res
    with z:
        names = set(z.namelist())
        if "manifest.json" not in names:
            res.problems.append("manifest.json missing")
            return res
        manifest_bytes = z.read("manifest.json")
        seal = _sha(manifest_bytes)
        res.seal = seal
        try:
            manifest = orjson.loads(manifest_bytes)
        except orjson.JSONDecodeError as e:
            res.problems.append(f"manifest.json is not JSON: {e}")
            return res
        res.bundle_id, res.case_id = manifest.get("bundle_id"), manifest.get("case_id")
        res.retention_until = manifest.get("retention_until")
        comment = z.comment.decode(errors="replace")
        if comment != f"{SEAL_PREFIX}{seal}":
            res.problems.append("manifest.json does not match the seal in the bundle (manifest edited)")
        listed = {f["path"]: f for f in manifest.get("files", [])}
        for name in sorted(names - set(listed) - {"manifest.json"}):
            res.problems.append(f"{name}: not in the manifest (added after sealing)")
        for name, f in sorted(listed.items()):
            if name not in names:
                res.problems.append(f"{name}: listed in the manifest but missing")
                continue
            h = hashlib.sha256()
            with z.open(name) as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
            res.checked += 1
            if h.hexdigest() != f["sha256"]:
                res.problems.append(f"{name}: SHA-256 differs from the manifest (content changed)")
    if session is not None and res.bundle_id:
        row = session.get(EvidenceBundle, res.bundle_id)
        res.recorded = row is not None
        if row is None:
            res.problems.append(f"bundle {res.bundle_id} is not recorded in this database")
        elif row.manifest_sha256 != seal:
            res.problems.append("seal differs from the one recorded when the bundle was made (bundle replaced)")
    res.ok = not res.problems
    return res


def list_bundles(session: Session, case_id: str | None = None) -> list[dict[str, Any]]:
    q = select(EvidenceBundle).order_by(EvidenceBundle.created_at.desc())
    if case_id:
        q = q.where(EvidenceBundle.case_id == case_id)
    now = datetime.now(UTC)
    held = set(session.execute(select(LegalHold.case_id)).scalars())
    out = []
    for b in session.execute(q).scalars():
        d = _row(b)
        d["expired"] = (aware(b.retention_until) or now) < now
        d["legal_hold"] = b.case_id in held
        out.append(d)
    return out
