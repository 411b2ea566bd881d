"""CyberTipline report builder and validator (NCMEC's reporting structure, checked against the repo XSD).

:func:`build_report` turns a case into a ``<harrierCybertipline>`` document: the NCMEC ``<report>``
(incidentSummary, internetDetails, reporter, personOrUserReported, intendedRecipient/victim, additionalInfo)
plus one ``<fileDetails>`` per reported file (hashes incl. MD5 and PDQ, ``generativeAi`` annotation from
provenance signals, the reviewer's industry classification) without reportId/fileId: Harrier never transmits
media; the platform's uploader uploads the files by hash (see :func:`files_manifest`) and completes the
fileDetails with the ids NCMEC assigns. Text-only (enticement) reports carry no files.

The field mapping is documented in docs/ENFORCEMENT.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy.orm import Session

from harrier.enforce import settings as cfg
from harrier.enforce.casedata import CaseData, aware, iso, load_case, media_revealed, subject_of
from harrier.enforce.tables import CyberTiplineReport
from harrier.store.tables import Account, Decision, Media, SignalRow

GENERATOR = "harrier"

INCIDENT_TYPES = (
    "Child Pornography (possession, manufacture, and distribution)",
    "Child Sex Trafficking",
    "Child Sex Tourism",
    "Child Sexual Molestation",
    "Misleading Domain Name",
    "Misleading Words or Digital Images on the Internet",
    "Online Enticement of Children for Sexual Acts",
    "Unsolicited Obscene Material Sent to a Child",
)
ENTICEMENT = "Online Enticement of Children for Sexual Acts"
MISLEADING = "Misleading Words or Digital Images on the Internet"
INDUSTRY_CLASSIFICATIONS = ("A1", "A2", "B1", "B2")

# signals that make a case an enticement case: moving a child to private contact, solicitation, intent
ENTICEMENT_KINDS = {"text.contact_move", "text.desire_or_solicitation", "text.abuse_intent", "account.contact_moves"}
SOLICITATION_KINDS = {"text.generation_request"}
AI_KINDS = {"image.ai_generated", "post.ai_generated"}
IMAGE_FLAG_KINDS = {"image.sexualised_minor_risk", "hash.match", "image.minor_likelihood", "image.nudity",
                    "image.ai_generated", "image.near_duplicate"}
MAX_LISTED_ITEMS = 50
MAX_PARTIES = 25


class ReportValidationError(ValueError):
    """The XML does not conform to the CyberTipline schema; ``errors`` lists each problem with its line."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("CyberTipline XML is invalid:\n  " + "\n  ".join(errors))


# --- schema ---------------------------------------------------------------------------------------------


@cache
def schema() -> etree.XMLSchema:
    xsd = resources.files("harrier.enforce").joinpath("schemas/cybertipline.xsd").read_bytes()
    return etree.XMLSchema(etree.parse(io.BytesIO(xsd)))


ROOTS = {"harrierCybertipline", "report", "fileDetails"}


def validate_report(xml: bytes) -> None:
    """Validate a report (``harrierCybertipline``, a bare ``report`` or a ``fileDetails``) against the XSD.

    Raises :class:`ReportValidationError` naming each violation with its line number.
    """
    try:
        doc = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        raise ReportValidationError([f"not well-formed XML: {e}"]) from None
    if doc.tag not in ROOTS:
        raise ReportValidationError([f"line {doc.sourceline}: root element <{doc.tag}> is not one of "
                                     f"{', '.join(sorted(ROOTS))}"])
    s = schema()
    if not s.validate(doc):
        raise ReportValidationError([f"line {e.line}: {e.message}" for e in s.error_log])


# --- XML helpers ----------------------------------------------------------------------------------------


def _el(parent: etree._Element, tag: str, text: Any = None, **attrs: Any) -> etree._Element:
    e = etree.SubElement(parent, tag, {k: _str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        e.text = _str(text)
    return e


def _opt(parent: etree._Element, tag: str, text: Any) -> None:
    if text not in (None, "", []):
        _el(parent, tag, text)


def _str(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return iso(v) or ""
    return str(v)


def _clip(text: str | None, n: int) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _url(u: str | None) -> str | None:
    return u if u and len(u) <= 2083 and "://" in u else None


# --- file hashes ----------------------------------------------------------------------------------------


def _hashes_from_signals(signals: Iterable[SignalRow]) -> dict[str, str]:
    """Hashes the hashing detector already computed (``image.hashes`` / ``hash.match`` evidence)."""
    out: dict[str, str] = {}
    for s in signals:
        if s.kind not in {"image.hashes", "hash.match"}:
            continue
        for ev in s.evidence or []:
            name = str(ev.get("field") or ev.get("note") or "").lower()
            value = ev.get("value")
            if not isinstance(value, str) or not value:
                continue
            for algo in ("pdq", "md5", "sha1", "sha256"):
                if name == algo or (s.kind == "image.hashes" and name.startswith(algo)):
                    out.setdefault(algo, value.lower())
    return out


def _pdq_hex(data: bytes) -> str | None:
    try:  # pdqhash is an optional extra here (the hashing area depends on it); no PDQ without it
        import numpy as np
        import pdqhash
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(io.BytesIO(data)) as im:
            arr = np.asarray(im.convert("RGB"))
        bits, _quality = pdqhash.compute(arr)
        return f"{int(''.join('1' if b else '0' for b in bits), 2):064x}"
    except Exception:  # undecodable media: the cryptographic hashes still identify it
        return None


def file_hashes(store: Any, media: Media, signals: Iterable[SignalRow]) -> dict[str, str]:
    hashes = _hashes_from_signals(signals)
    if media.sha256:
        hashes.setdefault("sha256", media.sha256)
    elif media.declared_sha256:
        hashes.setdefault("sha256", media.declared_sha256)
    blob = store.blobs.path_for(media.sha256) if (media.sha256 and store is not None) else None
    if blob is not None and blob.exists() and not {"md5", "sha1", "pdq"} <= hashes.keys():
        data = blob.read_bytes()
        hashes.setdefault("md5", hashlib.md5(data).hexdigest())
        hashes.setdefault("sha1", hashlib.sha1(data).hexdigest())
        if "pdq" not in hashes and media.type == "image" and (p := _pdq_hex(data)):
            hashes["pdq"] = p
    return hashes


# --- building -------------------------------------------------------------------------------------------


@dataclass
class ReportFile:
    media: Media
    hashes: dict[str, str]
    generative_ai: bool
    classification: str | None
    viewed: bool
    uploaded_at: datetime | None
    location: str | None
    notes: list[str]

    def manifest_entry(self) -> dict[str, Any]:
        return {"media_id": self.media.id, "post_id": self.media.post_id, "type": self.media.type,
                "sha256": self.hashes.get("sha256"), "md5": self.hashes.get("md5"), "sha1": self.hashes.get("sha1"),
                "pdq": self.hashes.get("pdq"), "platform_path": self.media.path, "platform_url": self.media.url,
                "industry_classification": self.classification, "generative_ai": self.generative_ai}


def choose_incident_type(data: CaseData, requested: str | None, has_files: bool) -> str:
    if requested:
        if requested not in INCIDENT_TYPES:
            raise ValueError(f"unknown incidentType {requested!r}; one of: {'; '.join(INCIDENT_TYPES)}")
        return requested
    if data.has_kind(ENTICEMENT_KINDS) or any(e.sender_id == data.case.account_id for e in data.message_edges):
        return ENTICEMENT
    return MISLEADING


def _report_files(session: Session, store: Any, data: CaseData, decision: Decision | None,
                  classification: str | None) -> list[ReportFile]:
    by_subject = data.signals_by_subject()
    own_posts = {p.id: p for p in data.posts}
    posts = {**data.extra_posts, **own_posts}
    targets = (decision.targets if decision else None) or []
    target_posts = {t["id"] for t in targets if t.get("type") == "post"}
    target_media = {t["id"] for t in targets if t.get("type") == "media"}
    case_media = {sub[1] for e in (data.case.signals or []) if (sub := subject_of(e)) and sub[0] == "media"}
    chosen: list[Media] = []
    for m in data.media:
        if m.post_id not in own_posts:
            continue  # only the reported person's own uploads are reported as files
        if target_posts or target_media:
            keep = m.post_id in target_posts or m.id in target_media
        else:
            keep = m.id in case_media or any(
                s.kind in IMAGE_FLAG_KINDS and s.score >= 0.5 for s in by_subject.get(("media", m.id), []))
        if keep and (m.sha256 or m.declared_sha256):
            chosen.append(m)
    per_file = (decision.details or {}).get("classifications", {}) if decision else {}
    viewed = media_revealed(session, [m.id for m in chosen]) if chosen else set()
    files = []
    for m in chosen:
        sigs = by_subject.get(("media", m.id), [])
        post = posts.get(m.post_id)
        post_sigs = by_subject.get(("post", m.post_id), [])
        ai = any(s.kind in AI_KINDS and s.score >= 0.5 for s in sigs + post_sigs) or (
            "ai_generated" in [str(x).lower() for x in ((post.platform_labels if post else None) or [])])
        cls = per_file.get(m.id, classification)
        notes = [f"{s.kind} {s.score:.2f} ({s.detector}@{s.detector_version})"
                 for s in sorted(sigs, key=lambda s: -s.score)[:8]]
        files.append(ReportFile(
            media=m, hashes=file_hashes(store, m, sigs), generative_ai=ai,
            classification=cls if cls in INDUSTRY_CLASSIFICATIONS else None, viewed=m.id in viewed,
            uploaded_at=post.created_at if post else None, location=_url(m.url) or _url(post.url if post else None),
            notes=notes))
    return files


def _ip_events(parent: etree._Element, account: Account | None) -> None:
    """IP capture events the platform supplied in the account's extra data (``ip_events``)."""
    events = ((account.extra or {}).get("ip_events") if account else None) or []
    valid = {"Login", "Registration", "Purchase", "Upload", "Other", "Unknown"}
    for ev in events[:100]:
        if not isinstance(ev, dict):
            continue
        ip = ev.get("ip") or ev.get("ip_address") or ev.get("ipAddress")
        if not ip:
            continue
        e = _el(parent, "ipCaptureEvent")
        _el(e, "ipAddress", ip)
        name = str(ev.get("event") or ev.get("event_name") or ev.get("eventName") or "Unknown").capitalize()
        _el(e, "eventName", name if name in valid else "Other")
        when = ev.get("at") or ev.get("date_time") or ev.get("dateTime") or ev.get("timestamp")
        if when:
            with contextlib.suppress(ValueError):  # an unparseable time is left out, the IP is still useful
                _el(e, "dateTime", iso(datetime.fromisoformat(str(when).replace("Z", "+00:00"))))
        if (proxy := ev.get("possible_proxy", ev.get("possibleProxy"))) is not None:
            _el(e, "possibleProxy", bool(proxy))
        if isinstance(port := ev.get("port"), int) and 0 <= port <= 65535:
            _el(e, "port", port)


def _party(parent: etree._Element, tag: str, person_tag: str, acc: Account, platform: str, note: str,
           victim: bool) -> None:
    e = _el(parent, tag)
    person = _el(e, person_tag) if (victim or acc.declared_age is not None) else None
    if person is not None and acc.declared_age is not None and 0 <= acc.declared_age <= 150:
        _el(person, "age", acc.declared_age)
    _el(e, "espIdentifier", _clip(acc.id, 255))
    _el(e, "espService", _clip(platform, 255))
    _el(e, "screenName", _clip(acc.handle, 256))
    _opt(e, "displayName", acc.display_name)
    if u := _url(acc.profile_url):
        _el(e, "profileUrl", u)
    _el(e, "additionalInfo", note)


def build_report(session: Session, store: Any, case_id: str, reviewer: str, classification: str | None, *,
                 text_only: bool | None = None, incident_type: str | None = None,
                 escalate_reason: str | None = None, decision: Decision | None = None) -> bytes:
    """Build the ``<harrierCybertipline>`` XML for a case; validated before it is returned.

    ``classification``: the reviewer's industry classification for the reported files (A1/A2/B1/B2; other
    values such as "E" (not apparent CSAM) write no industryClassification). ``text_only``: None = files when
    the case has flagged media, True = never, False = files required.
    """
    data = load_case(session, case_id)
    if decision is None:
        decision = next((d for d in reversed(data.decisions) if d.action == "report"), None)
    details = (decision.details or {}) if decision else {}
    incident_type = incident_type or details.get("incident_type")
    escalate_reason = escalate_reason or details.get("escalate_reason")
    platform = cfg.get(session, "platform.name") or "Platform"
    files = [] if text_only else _report_files(session, store, data, decision, classification)
    if text_only is False and not files:
        raise ValueError(f"case {case_id} has no stored media to report (use a text-only report)")
    acc = data.account
    flagged = data.flagged_comments()

    root = etree.Element("harrierCybertipline", caseId=case_id, generatedAt=iso(datetime.now(UTC)),
                         generator=GENERATOR, textOnly=_str(not files))
    rep = _el(root, "report")

    # incidentSummary
    summary = _el(rep, "incidentSummary")
    _el(summary, "incidentType", choose_incident_type(data, incident_type, bool(files)))
    _el(summary, "platform", _clip(platform, 256))
    if escalate_reason:
        _el(summary, "escalateToHighPriority", _clip(escalate_reason, 3000))
    annotations = []
    if data.has_kind(SOLICITATION_KINDS):
        annotations.append("csamSolicitation")
    if acc is not None and acc.declared_age is not None and acc.declared_age < 18:
        annotations.append("minorToMinorInteraction")
    if annotations:
        ann = _el(summary, "reportAnnotations")
        for a in ("sextortion", "csamSolicitation", "minorToMinorInteraction", "spam", "sadisticOnlineExploitation"):
            if a in annotations:
                _el(ann, a)
    times = [aware(c.created_at) for c, _ in flagged] + [aware(f.uploaded_at) for f in files if f.uploaded_at]
    times = [t for t in times if t]
    first = min(times) if times else aware(data.case.created_at)
    _el(summary, "incidentDateTime", iso(first))
    _el(summary, "incidentDateTimeDescription",
        "Time of the earliest flagged item (comment or upload) in this report." if times
        else "Time the case was opened on the platform's data; item times unavailable.")

    # internetDetails: the public surface (posts, comments, profile) ...
    posts = {**data.extra_posts, **{p.id: p for p in data.posts}}
    urls: list[str] = []
    for pid in [c.post_id for c, _ in flagged] + [f.media.post_id for f in files]:
        if (p := posts.get(pid)) and (u := _url(p.url)) and u not in urls:
            urls.append(u)
    if acc is not None and (u := _url(acc.profile_url)) and u not in urls:
        urls.append(u)
    web = _el(_el(rep, "internetDetails"), "webPageIncident")
    for u in urls[:MAX_LISTED_ITEMS]:
        _el(web, "url", u)
    _el(web, "additionalInfo",
        f"Public posts and comments on {platform}. {len(flagged)} flagged comment(s) by the reported user and "
        f"{len(files)} reported file(s); items are listed in the report's additionalInfo.")
    # ... and private messaging, as metadata only (Harrier never stores message content)
    sent = [e for e in data.message_edges if e.sender_id == data.case.account_id]
    if sent:
        chat = _el(_el(rep, "internetDetails"), "chatImIncident")
        _el(chat, "chatClient", _clip(f"{platform} direct messages", 255))
        n = sum(e.count or 1 for e in sent)
        _el(chat, "additionalInfo",
            f"Message metadata only (content not held by the reporting tool): {n} message(s) to "
            f"{len({e.recipient_id for e in sent})} account(s) between {iso(min(e.created_at for e in sent))} and "
            f"{iso(max(e.created_at for e in sent))}.")

    # reporter
    reporter = _el(rep, "reporter")
    person = _el(reporter, "reportingPerson")
    _el(person, "firstName", _clip(cfg.get(session, "reporter.first_name"), 256))
    _el(person, "lastName", _clip(cfg.get(session, "reporter.last_name"), 256))
    _el(person, "email", cfg.get(session, "reporter.email"))
    _opt(reporter, "companyTemplate", cfg.get(session, "reporter.company_template"))
    _opt(reporter, "termsOfService", cfg.get(session, "reporter.terms_of_service"))

    # personOrUserReported
    pour = _el(rep, "personOrUserReported")
    _el(pour, "espIdentifier", _clip(data.case.account_id, 255))
    _el(pour, "espService", _clip(platform, 255))
    if acc is not None:
        _el(pour, "screenName", _clip(acc.handle, 256))
        _opt(pour, "displayName", acc.display_name)
        if u := _url(acc.profile_url):
            _el(pour, "profileUrl", u)
        _opt(pour, "profileBio", acc.bio)
        _ip_events(pour, acc)
    if data.case.ring_id:
        _el(pour, "groupIdentifier", _clip(f"harrier-ring:{data.case.ring_id}", 255))
    _el(pour, "additionalInfo",
        f"Case {case_id}: score {data.case.score:.2f}, severity {data.case.severity}. Reviewed and reported by "
        f"{reviewer}." + (f" Member of a ring of {len(data.ring.members)} accounts." if data.ring else ""))

    # intendedRecipient / victim: counterparts where the platform told us who they were
    flagged_posts = {c.post_id for c, _ in flagged}
    seen: set[str] = set()
    victims, recipients = [], []
    for e in sent:
        if e.recipient_id in data.counterpart_accounts and e.recipient_id not in seen:
            seen.add(e.recipient_id)
            (victims if _minor(data.counterpart_accounts[e.recipient_id]) else recipients).append(
                (data.counterpart_accounts[e.recipient_id], "Received direct messages from the reported user."))
    for pid in sorted(flagged_posts):
        p = data.extra_posts.get(pid)
        if p and p.author_id in data.counterpart_accounts and p.author_id not in seen:
            seen.add(p.author_id)
            (victims if _minor(data.counterpart_accounts[p.author_id]) else recipients).append(
                (data.counterpart_accounts[p.author_id], f"Author of post {pid} that the reported user commented on."))
    for acc2, note in recipients[:MAX_PARTIES]:
        _party(rep, "intendedRecipient", "intendedRecipientPerson", acc2, platform, note, victim=False)
    for acc2, note in victims[:MAX_PARTIES]:
        _party(rep, "victim", "victimPerson", acc2, platform, note + " Declared age under 18.", victim=True)

    # additionalInfo: the flagged items themselves, with the detectors that flagged them
    lines = []
    for c, sigs in flagged[:MAX_LISTED_ITEMS]:
        why = "; ".join(f"{s.kind} {s.score:.2f} ({s.detector}@{s.detector_version})" for s in sigs[:3])
        lines.append(f"- comment {c.id} on post {c.post_id} at {iso(c.created_at)}: \"{_clip(c.text, 500)}\""
                     + (f" [{why}]" if why else ""))
    if len(flagged) > MAX_LISTED_ITEMS:
        lines.append(f"- … and {len(flagged) - MAX_LISTED_ITEMS} more flagged comment(s) (preserved in the evidence "
                     "bundle).")
    for f in files:
        lines.append(f"- file {f.media.id} (post {f.media.post_id}) sha256 {f.hashes.get('sha256')}")
    _el(rep, "additionalInfo",
        f"Prepared with Harrier from case {case_id}. Flagged items:\n" + ("\n".join(lines) or "- none listed"))

    # one fileDetails per file (reportId/fileId are added by the uploader after /submit and /upload)
    for f in files:
        fd = _el(root, "fileDetails", sha256=f.hashes.get("sha256") or f.media.sha256, mediaId=f.media.id)
        if f.media.path:
            _el(fd, "originalFileName", _clip(Path(f.media.path).name, 2056))
        if f.uploaded_at:
            _el(fd, "uploadedToEspTimestamp", iso(f.uploaded_at))
        if f.location:
            _el(fd, "locationOfFile", f.location)
        _el(fd, "fileViewedByEsp", f.viewed)
        _el(fd, "fileRelevance", "Reported")
        if f.generative_ai:
            _el(_el(fd, "fileAnnotations"), "generativeAi")
        if f.classification:
            _el(fd, "industryClassification", f.classification)
        for algo, label in (("md5", "MD5"), ("sha1", "SHA1"), ("sha256", "SHA256"), ("pdq", "PDQ")):
            if f.hashes.get(algo):
                _el(fd, "originalFileHash", f.hashes[algo], hashType=label)
        if f.notes:
            det = _el(fd, "details")
            for i, note in enumerate(f.notes):
                nv = _el(det, "nameValuePair")
                _el(nv, "name", f"harrier.signal.{i + 1}")
                _el(nv, "value", note)

    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate_report(xml)
    return xml


def _minor(acc: Account) -> bool:
    return acc.declared_age is not None and acc.declared_age < 18


def files_manifest(xml: bytes, store: Any = None, report_id: str | None = None) -> dict[str, Any]:
    """The hand-over for the platform's uploader: which files (by hash) belong to the report, and each
    file's fileDetails (to be completed with reportId and the fileId that /upload returns)."""
    root = etree.fromstring(xml)
    if root.tag != "harrierCybertipline":
        return {"report_id": report_id, "files": []}
    files = []
    for fd in root.findall("fileDetails"):
        hashes = {h.get("hashType"): h.text for h in fd.findall("originalFileHash")}
        body = etree.tostring(fd, encoding="unicode")
        files.append({"media_id": fd.get("mediaId"), "sha256": fd.get("sha256"), "md5": hashes.get("MD5"),
                      "pdq": hashes.get("PDQ"), "file_details_draft": body})
    return {
        "case_id": root.get("caseId"),
        "report_id": report_id,
        "text_only": root.get("textOnly") == "true",
        "instructions": "Upload each file to {base}/upload with id=report_id, then POST a <fileDetails> to "
                        "{base}/fileinfo whose first children are <reportId> and the <fileId> /upload returned, "
                        "followed by the draft's children; then POST {base}/finish. Harrier never transmits media.",
        "files": files,
    }


def complete_file_details(draft_xml: str | bytes, report_id: int | str, file_id: str) -> bytes:
    """Turn a draft ``fileDetails`` into NCMEC's (reportId and fileId first); validated."""
    draft = etree.fromstring(draft_xml.encode() if isinstance(draft_xml, str) else draft_xml)
    fd = etree.Element("fileDetails")
    _el(fd, "reportId", report_id)
    _el(fd, "fileId", file_id)
    for child in draft:
        fd.append(child)
    out = etree.tostring(fd, xml_declaration=True, encoding="UTF-8")
    validate_report(out)
    return out


def report_element(xml: bytes) -> bytes:
    """The NCMEC ``<report>`` document inside a Harrier package (or the document itself)."""
    root = etree.fromstring(xml)
    rep = root if root.tag == "report" else root.find("report")
    if rep is None:
        raise ReportValidationError(["no <report> element"])
    return etree.tostring(rep, xml_declaration=True, encoding="UTF-8")


def incident_type_of(xml: bytes) -> str | None:
    node = etree.fromstring(xml).find(".//incidentSummary/incidentType")
    return node.text if node is not None else None


def record_report_for_decision(session: Session, store: Any, decision: Decision,
                               classification: str | None = None) -> CyberTiplineReport:
    """Build, validate and record the report for a ``report`` decision (status ``built``, or ``error`` with the
    reason: a report that cannot be built must not cost the reviewer the decision itself)."""
    now = datetime.now(UTC)
    row = CyberTiplineReport(case_id=decision.case_id, decision_id=decision.id, files=[], attempts=0,
                             created_at=now, updated_at=now, status="built")
    try:  # build_report only reads, so a failure leaves nothing half-written in the session
        xml = build_report(session, store, decision.case_id, decision.reviewer, classification, decision=decision)
        row.xml = xml.decode()
        row.xml_sha256 = hashlib.sha256(xml).hexdigest()
        row.incident_type = incident_type_of(xml)
        row.files = files_manifest(xml)["files"]
    except Exception as e:
        row.status, row.last_error = "error", f"{type(e).__name__}: {e}"[:2000]
    session.add(row)
    session.flush()
    return row
