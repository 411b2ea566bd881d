"""Submission client for NCMEC's CyberTipline Reporting API (``/submit``, ``/finish``, ``/status``).

The base URL defaults to NCMEC's *test* environment; production must be configured explicitly
(``HARRIER_NCMEC_URL``). Credentials come from the environment only (``HARRIER_NCMEC_USERNAME`` /
``HARRIER_NCMEC_PASSWORD``, HTTP basic auth). Harrier never calls ``/upload``: media stays with the platform,
whose uploader receives the files manifest (report id + files by hash) and finishes media reports itself.
Text-only reports are finished here.

Failures are classified by the documented response codes: server-side and transport errors are transient
(retried with backoff, then queued in ``enforce_cybertipline_reports`` for ``harrier report submit --pending``);
authentication, authorisation and validation errors are permanent (status ``failed``, never retried blindly).
A ``/submit`` whose answer was lost may leave an unfinished report at NCMEC; NCMEC deletes unfinished reports
automatically, and Harrier only ever finishes the report id it received, so no duplicate is filed.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from harrier.enforce import settings as cfg
from harrier.enforce.cybertipline import files_manifest, incident_type_of, report_element, validate_report
from harrier.enforce.tables import CyberTiplineReport
from harrier.enforce.webhooks import backoff_delay

# Documented response codes (0 = success).
RESPONSE_CODES: dict[int, str] = {
    0: "Success",
    1000: "Server error",
    1100: "Save failed",
    1110: "Upload failed",
    1111: "File upload failed",
    1210: "Resource not found",
    1300: "Update failed",
    2000: "Authentication required",
    3000: "Not authorized",
    3100: "Not authorized for submissions",
    3300: "Not authorized for updates",
    4000: "Invalid request",
    4100: "XML validation failed",
    4110: "Malformed XML",
    4200: "Malformed file",
    5001: "Report does not exist",
    5002: "File does not exist",
    5101: "Report already retracted",
    5102: "Report already finished",
}
TRANSIENT_CODES = {1000, 1100, 1110, 1111, 1300}
TRANSIENT_HTTP = {408, 425, 429, 500, 502, 503, 504}


class SubmitError(Exception):
    transient = False

    def __init__(self, message: str, code: int | None = None) -> None:
        self.code = code
        super().__init__(message)


class TransientSubmitError(SubmitError):
    transient = True


class PermanentSubmitError(SubmitError):
    transient = False


@dataclass
class Response:
    code: int
    description: str | None
    report_id: str | None


def _parse(resp: httpx.Response) -> Response:
    if resp.status_code in TRANSIENT_HTTP:
        raise TransientSubmitError(f"HTTP {resp.status_code} from {resp.request.url}", None)
    if resp.status_code in (401, 403):
        raise PermanentSubmitError(f"HTTP {resp.status_code}: authentication/authorisation refused", None)
    try:
        doc = etree.fromstring(resp.content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        cls = TransientSubmitError if resp.status_code >= 500 else PermanentSubmitError
        raise cls(f"HTTP {resp.status_code}: response is not XML: {resp.text[:200]!r}") from None
    code_text = doc.findtext("responseCode")
    if code_text is None or not code_text.strip().lstrip("-").isdigit():
        raise PermanentSubmitError(f"HTTP {resp.status_code}: response has no responseCode")
    code = int(code_text)
    desc = doc.findtext("responseDescription") or RESPONSE_CODES.get(code)
    if code != 0:
        cls = TransientSubmitError if code in TRANSIENT_CODES else PermanentSubmitError
        raise cls(f"CyberTipline error {code} ({RESPONSE_CODES.get(code, 'unknown code')}): {desc}", code)
    return Response(code, desc, (doc.findtext("reportId") or "").strip() or None)


class CyberTiplineClient:
    def __init__(self, base_url: str, username: str, password: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(auth=(username, password), timeout=timeout,
                                  headers={"User-Agent": "Harrier-CyberTipline/1"})

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kw: Any) -> Response:
        try:
            resp = self._http.request(method, f"{self.base_url}{path}", **kw)
        except httpx.HTTPError as e:
            raise TransientSubmitError(f"{type(e).__name__}: {e}") from None
        return _parse(resp)

    def status(self) -> Response:
        return self._call("GET", "/status")

    def submit(self, report_xml: bytes) -> Response:
        return self._call("POST", "/submit", content=report_xml,
                          headers={"Content-Type": "text/xml; charset=utf-8"})

    def finish(self, report_id: str) -> Response:
        return self._call("POST", "/finish", data={"id": report_id})


@dataclass
class SubmitResult:
    status: str  # finished | awaiting_upload | queued | failed
    record_id: int
    report_id: str | None
    endpoint: str
    attempts: int
    error: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _client(session: Session, url: str | None) -> tuple[CyberTiplineClient, str]:
    base = url or cfg.get(session, "ncmec.url") or cfg.NCMEC_TEST_URL
    user, pw = cfg.get(session, "ncmec.username"), cfg.get(session, "ncmec.password")
    if not user or not pw:
        raise PermanentSubmitError("CyberTipline credentials missing: set HARRIER_NCMEC_USERNAME and "
                                   "HARRIER_NCMEC_PASSWORD (issued by NCMEC)")
    return CyberTiplineClient(base, user, pw), base


def submit(store: Any, xml: bytes, *, url: str | None = None, attempts: int = 3, base_delay: float = 1.0,
           max_delay: float = 3600.0) -> SubmitResult:
    """Validate and submit one report; record it (idempotent by XML hash: a finished report is not re-sent)."""
    validate_report(xml)
    digest = hashlib.sha256(xml).hexdigest()
    with store.session() as s:
        row = s.execute(select(CyberTiplineReport).where(CyberTiplineReport.xml_sha256 == digest)
                        .order_by(CyberTiplineReport.id.desc()).limit(1)).scalar()
        if row is None:
            root = etree.fromstring(xml)
            now = datetime.now(UTC)
            row = CyberTiplineReport(case_id=root.get("caseId") or "", decision_id=None, status="built",
                                     incident_type=incident_type_of(xml), xml=xml.decode(), xml_sha256=digest,
                                     files=files_manifest(xml)["files"], attempts=0, created_at=now, updated_at=now)
            s.add(row)
            s.flush()
        row_id = row.id
    return _submit_row(store, row_id, url=url, attempts=attempts, base_delay=base_delay, max_delay=max_delay)


def submit_pending(store: Any, *, url: str | None = None, base_delay: float = 60.0,
                   max_delay: float = 3600.0) -> list[SubmitResult]:
    """Retry queued submissions whose time has come (and ``built`` ones, e.g. from report decisions)."""
    now = datetime.now(UTC)
    with store.session() as s:
        ids = s.execute(select(CyberTiplineReport.id).where(
            CyberTiplineReport.status.in_(["queued", "built"]),
            (CyberTiplineReport.next_attempt_at.is_(None)) | (CyberTiplineReport.next_attempt_at <= now),
        ).order_by(CyberTiplineReport.id)).scalars().all()
    return [_submit_row(store, i, url=url, attempts=1, base_delay=base_delay, max_delay=max_delay) for i in ids]


def _submit_row(store: Any, row_id: int, *, url: str | None, attempts: int, base_delay: float,
                max_delay: float) -> SubmitResult:
    with store.session() as s:
        row = s.get(CyberTiplineReport, row_id)
        if row.status in ("finished", "awaiting_upload"):
            return SubmitResult(row.status, row.id, row.ncmec_report_id, row.endpoint or "", row.attempts,
                                manifest={**files_manifest(row.xml.encode(), report_id=row.ncmec_report_id)})
        xml = row.xml.encode()
        report_id = row.ncmec_report_id
        try:
            client, base = _client(s, url)
        except PermanentSubmitError as e:
            row.status, row.last_error, row.updated_at = "failed", str(e), datetime.now(UTC)
            return SubmitResult("failed", row.id, None, url or "", row.attempts, str(e))
    manifest = files_manifest(xml)
    error: SubmitError | None = None
    tries = 0
    try:
        for i in range(max(1, attempts)):
            tries += 1
            try:
                if report_id is None:
                    report_id = client.submit(report_element(xml)).report_id
                    if report_id is None:
                        raise PermanentSubmitError("submit succeeded but returned no reportId")
                    _save(store, row_id, ncmec_report_id=report_id, endpoint=base)
                if manifest["files"]:
                    status = "awaiting_upload"  # the platform's uploader adds the files and finishes
                else:
                    client.finish(report_id)
                    status = "finished"
                error = None
                break
            except TransientSubmitError as e:
                error = e
                if i + 1 < attempts:
                    time.sleep(backoff_delay(i + 1, base_delay, max_delay))
            except PermanentSubmitError as e:
                error = e
                break
    finally:
        client.close()
    now = datetime.now(UTC)
    with store.session() as s:
        row = s.get(CyberTiplineReport, row_id)
        row.attempts += tries
        row.endpoint = base
        row.updated_at = now
        if error is None:
            row.status, row.last_error, row.next_attempt_at = status, None, None
        elif error.transient:
            row.status, row.last_error = "queued", str(error)
            row.next_attempt_at = now + timedelta(seconds=backoff_delay(row.attempts, base_delay, max_delay))
        else:
            row.status, row.last_error, row.next_attempt_at = "failed", str(error), None
        result = SubmitResult(row.status, row.id, report_id, base, row.attempts, row.last_error,
                              manifest={**manifest, "report_id": report_id})
    return result


def _save(store: Any, row_id: int, **values: Any) -> None:
    # committed at once: a crash after /submit must not forget the report id NCMEC gave us
    with store.session() as s:
        row = s.get(CyberTiplineReport, row_id)
        for k, v in values.items():
            setattr(row, k, v)
        row.updated_at = datetime.now(UTC)


def list_reports(session: Session, status: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    q = select(CyberTiplineReport).order_by(CyberTiplineReport.id.desc()).limit(limit)
    if status:
        q = q.where(CyberTiplineReport.status == status)
    out = []
    for r in session.execute(q).scalars():
        out.append({"id": r.id, "case_id": r.case_id, "decision_id": r.decision_id, "status": r.status,
                    "incident_type": r.incident_type, "files": len(r.files or []), "ncmec_report_id": r.ncmec_report_id,
                    "endpoint": r.endpoint, "attempts": r.attempts, "last_error": r.last_error,
                    "created_at": r.created_at.isoformat() if r.created_at else None})
    return out
