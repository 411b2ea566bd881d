from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from harrier.cli import app
from harrier.enforce import on_decision
from harrier.enforce.evidence import SEAL_PREFIX, freeze, list_bundles, verify_bundle
from harrier.enforce.tables import CyberTiplineReport, EvidenceBundle
from harrier.enforce.webhooks import delivery_states
from harrier.store import audit
from harrier.store.db import open_store
from harrier.store.tables import Media

from .enforce_helpers import make_decision, seed_case


def _rewrite(src, dst, edit) -> None:
    """Copy a zip, letting ``edit(name, data) -> data | None`` change or drop members (an attacker's tools)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        zout.comment = zin.comment
        for name in zin.namelist():
            data = edit(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
    return dst


def test_report_decision_freezes_a_sealed_bundle_with_report_and_outbox(any_store):
    seed_case(any_store)
    with any_store.session() as s:
        d = make_decision(s, "report", details={"classification": "A2", "incident_type": None})
        on_decision(s, any_store, d)
        did = d.id
    with any_store.session() as s:
        [b] = s.execute(select(EvidenceBundle)).scalars().all()
        [rep] = s.execute(select(CyberTiplineReport)).scalars().all()
        assert delivery_states(s, [did])[did].state == "pending"
        assert rep.status == "built" and rep.decision_id == did and len(rep.files) == 1
        assert audit.verify(s).ok
        seals = [e.details for e in audit.iter_entries(s) if e.action == "evidence.seal"]
        assert seals[0]["manifest_sha256"] == b.manifest_sha256
        res = verify_bundle(b.path, s)
    assert res.ok and res.recorded and res.checked == b.file_count - 1, res.problems
    assert b.decision_id == did and not b.includes_media
    created = b.created_at if b.created_at.tzinfo else b.created_at.replace(tzinfo=UTC)
    until = b.retention_until if b.retention_until.tzinfo else b.retention_until.replace(tzinfo=UTC)
    assert timedelta(days=364) < until - created <= timedelta(days=365)  # one year by default
    with zipfile.ZipFile(b.path) as z:
        names = set(z.namelist())
        manifest = orjson.loads(z.read("manifest.json"))
        signals = [orjson.loads(x) for x in z.read("signals.jsonl").splitlines()]
        media = orjson.loads(z.read("media.json"))
        decisions = orjson.loads(z.read("decisions.json"))
        assert z.comment.decode() == SEAL_PREFIX + hashlib.sha256(z.read("manifest.json")).hexdigest()
        assert b"<harrierCybertipline" in z.read("cybertipline.xml")
    assert {"case.json", "account.json", "comments.jsonl", "signals.jsonl", "decisions.json", "audit.jsonl",
            "media.json", "cybertipline.xml"} <= names
    assert not any(n.startswith("media/") for n in names)  # default: hashes only, no media bytes
    assert {s["kind"] for s in signals} >= {"text.contact_move", "image.ai_generated"}
    assert media[0]["hashes"]["md5"] and media[0]["hashes"]["sha256"]
    assert decisions[0]["action"] == "report" and manifest["decision_id"] == did


def test_tampering_is_detected(any_store, tmp_path):
    seed_case(any_store, media=False)
    with any_store.session() as s:
        b = freeze(s, any_store, "case-a1", actor="rev1")
        path = b.path
    # 1. a member's content changed
    edited = _rewrite(path, tmp_path / "edited.zip",
                      lambda n, d: d.replace(b"perfect age", b"nice board!") if n == "comments.jsonl" else d)
    res = verify_bundle(edited)
    assert not res.ok and any("comments.jsonl: SHA-256 differs" in p for p in res.problems)
    # 2. a member removed, another added
    res = verify_bundle(_rewrite(path, tmp_path / "dropped.zip", lambda n, d: None if n == "audit.jsonl" else d))
    assert not res.ok and any("audit.jsonl: listed in the manifest but missing" in p for p in res.problems)
    with zipfile.ZipFile(shutil.copy(path, tmp_path / "added.zip"), "a") as z:
        z.writestr("extra.txt", b"planted")
    res = verify_bundle(tmp_path / "added.zip")
    assert not res.ok and any("extra.txt: not in the manifest" in p for p in res.problems)

    # 3. content AND manifest rewritten consistently, seal in the comment recomputed: only the recorded seal
    #    (database row and hash-chained audit log) can tell
    def forge(name: str, data: bytes) -> bytes:
        return data.replace(b"perfect age", b"nice board!") if name == "comments.jsonl" else data

    forged = _rewrite(path, tmp_path / "forged.zip", forge)
    with zipfile.ZipFile(forged) as z:
        members = {n: z.read(n) for n in z.namelist()}
    manifest = orjson.loads(members["manifest.json"])
    for f in manifest["files"]:
        f["sha256"] = hashlib.sha256(members[f["path"]]).hexdigest()
    members["manifest.json"] = orjson.dumps(manifest, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
    with zipfile.ZipFile(tmp_path / "forged2.zip", "w") as z:
        z.comment = (SEAL_PREFIX + hashlib.sha256(members["manifest.json"]).hexdigest()).encode()
        for n, d in members.items():
            z.writestr(n, d)
    assert verify_bundle(tmp_path / "forged2.zip").ok  # self-consistent on its own...
    with any_store.session() as s:
        res = verify_bundle(tmp_path / "forged2.zip", s)
    assert not res.ok and any("recorded" in p for p in res.problems)  # ...but not the bundle that was sealed
    with any_store.session() as s:
        assert verify_bundle(path, s).ok


def test_include_media_and_retention_are_configurable(store, monkeypatch):
    seed_case(store)
    monkeypatch.setenv("HARRIER_EVIDENCE_INCLUDE_MEDIA", "1")
    monkeypatch.setenv("HARRIER_EVIDENCE_RETENTION_DAYS", "30")
    with store.session() as s:
        b = freeze(s, store, "case-a1")
        blob_sha = s.execute(select(Media.sha256).where(Media.id == "m1")).scalar()
    with zipfile.ZipFile(b.path) as z:
        assert [n for n in z.namelist() if n.startswith("media/")] == [f"media/{blob_sha}"]
        assert z.read(f"media/{blob_sha}") == store.blobs.read(blob_sha)
    assert b.includes_media and (b.retention_until - b.created_at).days == 30
    with store.session() as s:
        rows = list_bundles(s)
        assert rows[0]["bundle_id"] == b.bundle_id and rows[0]["expired"] is False
        s.get(EvidenceBundle, b.bundle_id).retention_until = datetime.now(UTC) - timedelta(days=1)
    with store.session() as s:
        assert list_bundles(s)[0]["expired"] is True


def test_missing_case_raises(store):
    from harrier.enforce.casedata import CaseNotFound

    with store.session() as s, pytest.raises(CaseNotFound):
        freeze(s, store, "nope")


def test_cli_freeze_list_verify(harrier_env, tmp_path):
    store = open_store()
    seed_case(store, media=False)
    r = CliRunner().invoke(app, ["evidence", "freeze", "case-a1", "--json"])
    assert r.exit_code == 0, r.output
    path = orjson.loads(r.stdout)["path"]
    r = CliRunner().invoke(app, ["evidence", "list", "--json"])
    assert orjson.loads(r.stdout)[0]["path"] == path
    r = CliRunner().invoke(app, ["evidence", "verify", path, "--json"])
    assert r.exit_code == 0 and orjson.loads(r.stdout)["ok"] is True
    bad = _rewrite(path, tmp_path / "bad.zip",
                   lambda n, d: d.replace(b"suspect_1", b"someone_else") if n == "account.json" else d)
    r = CliRunner().invoke(app, ["evidence", "verify", str(bad)])
    assert r.exit_code == 1 and "account.json" in r.output
