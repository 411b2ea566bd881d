from __future__ import annotations

import base64
import threading

import orjson
import pytest
from lxml import etree
from typer.testing import CliRunner

from harrier.cli import app
from harrier.enforce import ncmec
from harrier.enforce.cybertipline import (
    ENTICEMENT,
    ReportValidationError,
    build_report,
    complete_file_details,
    files_manifest,
    report_element,
    validate_report,
)
from harrier.enforce.tables import CyberTiplineReport
from harrier.store.audit import append as audit_append
from harrier.store.db import open_store

from .enforce_helpers import seed_case

REPORT_ORDER = ["incidentSummary", "internetDetails", "reporter", "personOrUserReported", "victim", "additionalInfo"]


def _children(el: etree._Element) -> list[str]:
    return [c.tag for c in el]


def test_media_case_report_validates_and_carries_the_documented_fields(any_store):
    seed_case(any_store)
    with any_store.session() as s:
        audit_append(s, "rev1", "media.reveal", "media", "m1")  # a reviewer looked at the file
        xml = build_report(s, any_store, "case-a1", "rev1", "A2")
    validate_report(xml)
    root = etree.fromstring(xml)
    assert root.tag == "harrierCybertipline" and root.get("textOnly") == "false"
    rep = root.find("report")
    assert [t for t in dict.fromkeys(_children(rep))] == REPORT_ORDER  # documented element order
    summary = rep.find("incidentSummary")
    assert _children(summary)[0] == "incidentType" and summary.findtext("incidentType") == ENTICEMENT
    assert summary.findtext("incidentDateTime").endswith("Z")
    pour = rep.find("personOrUserReported")
    assert pour.findtext("espIdentifier") == "a1" and pour.findtext("screenName") == "suspect_1"
    assert pour.findtext("profileUrl") == "https://platform.example/u/suspect_1"
    ips = pour.findall("ipCaptureEvent")
    assert [e.findtext("ipAddress") for e in ips] == ["203.0.113.7", "198.51.100.2"]
    assert ips[0].findtext("eventName") == "Login" and ips[0].findtext("dateTime") == "2024-05-01T09:00:00Z"
    assert ips[1].findtext("possibleProxy") == "true" and ips[1].findtext("port") == "443"
    victim = rep.find("victim")
    assert victim.findtext("espIdentifier") == "kid1" and victim.findtext("victimPerson/age") == "13"
    assert rep.find("internetDetails/chatImIncident") is not None  # DMs as metadata only
    assert "sent you a DM" in rep.findtext("additionalInfo")
    [fd] = root.findall("fileDetails")
    assert fd.get("mediaId") == "m1" and len(fd.get("sha256")) == 64
    hashes = {h.get("hashType"): h.text for h in fd.findall("originalFileHash")}
    assert set(hashes) == {"MD5", "SHA1", "SHA256", "PDQ"} and len(hashes["MD5"]) == 32 and len(hashes["PDQ"]) == 64
    assert fd.find("fileAnnotations/generativeAi") is not None
    assert fd.findtext("industryClassification") == "A2"
    assert fd.findtext("fileViewedByEsp") == "true"
    # the platform's uploader completes each fileDetails with NCMEC's ids: still valid NCMEC XML
    manifest = files_manifest(xml)
    assert [f["sha256"] for f in manifest["files"]] == [fd.get("sha256")]
    full = complete_file_details(manifest["files"][0]["file_details_draft"], 12345, "f-1")
    assert _children(etree.fromstring(full))[:2] == ["reportId", "fileId"]


def test_hashes_come_from_hashing_signals_when_present(store):
    seed_case(store, hashes_signal=True)
    with store.session() as s:
        xml = build_report(s, store, "case-a1", "rev1", None)
    fd = etree.fromstring(xml).find("fileDetails")
    hashes = {h.get("hashType"): h.text for h in fd.findall("originalFileHash")}
    assert hashes["PDQ"] == "f" * 64 and hashes["MD5"] == "0" * 32
    assert fd.find("industryClassification") is None  # no reviewer classification given


def test_text_only_enticement_report_validates(any_store):
    seed_case(any_store, media=False)
    with any_store.session() as s:
        xml = build_report(s, any_store, "case-a1", "rev1", "E", text_only=None,
                           escalate_reason="Adult asked a 13-year-old to move to private messages.")
    validate_report(xml)
    root = etree.fromstring(xml)
    assert root.get("textOnly") == "true" and root.findall("fileDetails") == []
    summary = root.find("report/incidentSummary")
    assert summary.findtext("incidentType") == ENTICEMENT
    assert "13-year-old" in summary.findtext("escalateToHighPriority")
    assert _children(summary)[:4] == ["incidentType", "platform", "escalateToHighPriority", "incidentDateTime"]
    assert files_manifest(xml)["text_only"] is True


def test_text_only_flag_drops_files_and_incident_type_can_be_chosen(store):
    seed_case(store)
    with store.session() as s:
        xml = build_report(s, store, "case-a1", "rev1", "A1", text_only=True,
                           incident_type="Misleading Words or Digital Images on the Internet")
    root = etree.fromstring(xml)
    assert root.findall("fileDetails") == []
    assert root.findtext("report/incidentSummary/incidentType") == "Misleading Words or Digital Images on the Internet"
    with store.session() as s, pytest.raises(ValueError, match="unknown incidentType"):
        build_report(s, store, "case-a1", "rev1", None, incident_type="Something else")


def test_invalid_report_fails_with_a_clear_message(store):
    seed_case(store, media=False)
    with store.session() as s:
        xml = build_report(s, store, "case-a1", "rev1", None)
    root = etree.fromstring(xml)
    rep = root.find("report")
    reporter = rep.find("reporter")
    rep.remove(reporter)
    rep.insert(0, reporter)  # reporter before incidentSummary: out of the documented order
    bad = etree.tostring(root)
    with pytest.raises(ReportValidationError) as e:
        validate_report(bad)
    msg = str(e.value)
    assert "line" in msg and "reporter" in msg and "not expected" in msg
    root2 = etree.fromstring(xml)
    root2.find("report/incidentSummary/incidentType").text = "Something Made Up"
    with pytest.raises(ReportValidationError, match="incidentType"):
        validate_report(etree.tostring(root2))
    with pytest.raises(ReportValidationError, match="not well-formed"):
        validate_report(b"<report><incidentSummary>")
    with pytest.raises(ReportValidationError, match="root element"):
        validate_report(b"<notAReport/>")


def test_cli_build_and_validate(harrier_env, tmp_path):
    store = open_store()
    seed_case(store)
    out = tmp_path / "report.xml"
    r = CliRunner().invoke(app, ["report", "build", "case-a1", "--out", str(out), "--classification", "B2", "--json"])
    assert r.exit_code == 0, r.output
    info = orjson.loads(r.stdout)
    assert info["files"] == 1 and info["valid"] is True
    manifest = orjson.loads((tmp_path / "report.xml.files.json").read_bytes())
    assert manifest["files"][0]["md5"]
    assert CliRunner().invoke(app, ["report", "validate", str(out)]).exit_code == 0
    out.write_bytes(out.read_bytes().replace(b"<incidentSummary>", b"<incidentSummary><bogus/>"))
    r = CliRunner().invoke(app, ["report", "validate", str(out), "--json"])
    assert r.exit_code == 1 and "bogus" in orjson.loads(r.stdout)["errors"][0]
    r = CliRunner().invoke(app, ["report", "build", "no-such-case", "--out", str(out)])
    assert r.exit_code == 1


class FakeCyberTipline:
    """Mimics the documented endpoints (/submit, /finish) with basic auth and XML responses."""

    def __init__(self, user: str = "esp", password: str = "secret", fail_submits: int = 0,
                 submit_code: int = 0) -> None:
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.fail_submits, self.submit_code = fail_submits, submit_code
        self.calls: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()
        self.next_id = 9000

    def __call__(self, method: str, path: str, headers: dict, body: bytes):
        with self.lock:
            self.calls.append((path, body))
            if headers.get("Authorization") != self.auth:
                return 401, {}, b""
            if path.endswith("/submit"):
                if self.fail_submits > 0:
                    self.fail_submits -= 1
                    return 503, {}, b"maintenance"
                if self.submit_code:
                    return 200, {"Content-Type": "text/xml"}, (
                        f"<reportResponse><responseCode>{self.submit_code}</responseCode>"
                        "<responseDescription>Report XML failed validation</responseDescription>"
                        "</reportResponse>").encode()
                etree.fromstring(body)  # a real endpoint would reject non-XML
                validate_report(body)  # and anything that does not follow the schema
                self.next_id += 1
                return 200, {"Content-Type": "text/xml"}, (
                    f"<reportResponse><responseCode>0</responseCode><responseDescription>Success"
                    f"</responseDescription><reportId>{self.next_id}</reportId></reportResponse>").encode()
            if path.endswith("/finish"):
                rid = body.decode().split("id=")[-1]
                return 200, {"Content-Type": "text/xml"}, (
                    f"<reportDoneResponse><responseCode>0</responseCode><reportId>{rid}</reportId>"
                    "<files/></reportDoneResponse>").encode()
            return 404, {}, b""


@pytest.fixture
def ncmec_env(monkeypatch):
    monkeypatch.setenv("HARRIER_NCMEC_USERNAME", "esp")
    monkeypatch.setenv("HARRIER_NCMEC_PASSWORD", "secret")


def _paths(fake: FakeCyberTipline) -> list[str]:
    return [p.rsplit("/", 1)[-1] for p, _ in fake.calls]


def test_submit_text_only_report_is_finished_and_not_resubmitted(any_store, http_server, ncmec_env):
    seed_case(any_store, media=False)
    with any_store.session() as s:
        xml = build_report(s, any_store, "case-a1", "rev1", None)
    fake = FakeCyberTipline(fail_submits=1)
    srv = http_server(fake)
    res = ncmec.submit(any_store, xml, url=srv.url + "/ispws", base_delay=0.01)
    assert res.status == "finished" and res.report_id == "9001" and res.attempts == 2
    assert _paths(fake) == ["submit", "submit", "finish"]
    assert etree.fromstring(fake.calls[-2][1]).tag == "report"  # the NCMEC <report>, not Harrier's wrapper
    again = ncmec.submit(any_store, xml, url=srv.url + "/ispws")
    assert again.status == "finished" and len(fake.calls) == 3  # idempotent: never filed twice


def test_submit_media_report_waits_for_the_platform_uploader(store, http_server, ncmec_env):
    seed_case(store)
    with store.session() as s:
        xml = build_report(s, store, "case-a1", "rev1", "A2")
    fake = FakeCyberTipline()
    srv = http_server(fake)
    res = ncmec.submit(store, xml, url=srv.url)
    assert res.status == "awaiting_upload" and _paths(fake) == ["submit"]  # no /upload: media never leaves
    assert res.manifest["report_id"] == res.report_id and res.manifest["files"][0]["sha256"]


def test_submit_failures_are_queued_or_failed_by_response_code(store, http_server, ncmec_env, monkeypatch):
    seed_case(store, media=False)
    with store.session() as s:
        xml = build_report(s, store, "case-a1", "rev1", None)
    down = FakeCyberTipline(fail_submits=100)
    srv = http_server(down)
    res = ncmec.submit(store, xml, url=srv.url, attempts=2, base_delay=0.01)
    assert res.status == "queued" and "503" in res.error
    with store.session() as s:
        row = s.get(CyberTiplineReport, res.record_id)
        row.next_attempt_at = None  # due now
    down.fail_submits = 0
    [res2] = ncmec.submit_pending(store, url=srv.url)
    assert res2.status == "finished" and res2.record_id == res.record_id

    seed_bad = FakeCyberTipline(submit_code=4100)
    srv2 = http_server(seed_bad)
    with store.session() as s:
        xml2 = build_report(s, store, "case-a1", "rev1", None, text_only=True, incident_type=ENTICEMENT,
                            escalate_reason="distinct report")
    res3 = ncmec.submit(store, xml2, url=srv2.url, attempts=3, base_delay=0.01)
    assert res3.status == "failed" and "4100" in res3.error and len(seed_bad.calls) == 1  # permanent: no retry

    monkeypatch.setenv("HARRIER_NCMEC_PASSWORD", "wrong")
    xml3 = xml2.replace(b"distinct report", b"another report")
    res4 = ncmec.submit(store, xml3, url=srv2.url, attempts=3, base_delay=0.01)
    assert res4.status == "failed" and "401" in res4.error


def test_submit_refuses_invalid_xml_and_defaults_to_the_test_endpoint(store, ncmec_env, monkeypatch):
    monkeypatch.delenv("HARRIER_NCMEC_URL", raising=False)
    from harrier.enforce import settings as cfg

    assert cfg.get(None, "ncmec.url") == cfg.NCMEC_TEST_URL and "exttest" in cfg.NCMEC_TEST_URL
    with pytest.raises(ReportValidationError):
        ncmec.submit(store, b"<report/>")
    assert report_element(b"<report><x/></report>").startswith(b"<?xml")


def test_cli_submit_against_local_endpoint(harrier_env, tmp_path, http_server, ncmec_env, monkeypatch):
    store = open_store()
    seed_case(store, media=False)
    out = tmp_path / "r.xml"
    assert CliRunner().invoke(app, ["report", "build", "case-a1", "--out", str(out)]).exit_code == 0
    fake = FakeCyberTipline()
    srv = http_server(fake)
    monkeypatch.setenv("HARRIER_NCMEC_URL", srv.url)
    r = CliRunner().invoke(app, ["report", "submit", str(out), "--json"])
    assert r.exit_code == 0, r.output
    assert orjson.loads(r.stdout)[0]["status"] == "finished"
    r = CliRunner().invoke(app, ["report", "list", "--json"])
    assert orjson.loads(r.stdout)[0]["ncmec_report_id"] == "9001"
