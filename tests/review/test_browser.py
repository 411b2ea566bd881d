"""End to end in Debian's Chromium (Playwright, system executable; never `playwright install`): log in, open
the top case, media arrives blurred and greyscale, reveal one item (audited), decide "report", download a
CyberTipline XML that validates; a moderator without the child-safety role gets 403 on that queue."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select

from harrier.store.audit import AuditEntry
from harrier.store.tables import Decision, Label

from .conftest import PASSWORD, make_image

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("HARRIER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS = Path(__file__).resolve().parents[2] / "docs"


def sharpness(img: Image.Image) -> float:
    """Variance of the Laplacian: high for sharp edges, near zero once blurred."""
    a = np.asarray(img.convert("L"), dtype=np.float64)
    lap = -4 * a[1:-1, 1:-1] + a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:]
    return float(lap.var())


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        # CI installs Chromium (.ci/run): there a missing browser is a failure, never a silent skip.
        missing = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        (pytest.fail if os.environ.get("CI") else pytest.skip)(missing)
    from playwright import sync_api
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def login(page, base: str, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/queues")


def test_review_and_report_in_browser(browser, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    base, sd = live_server
    ctx = browser.new_context(viewport={"width": 1480, "height": 1000}, accept_downloads=True)
    page = ctx.new_page()
    login(page, base, "cs_admin")

    # the child-safety queue is listed first; "Start reviewing" claims its most urgent case
    page.click("form[action='/queues/child_safety/next'] button")
    page.wait_for_url(f"{base}/cases/{sd.cs_case}")
    assert page.locator("h1").first.inner_text().endswith(sd.cs_case)
    assert page.locator("mark.ev").filter(has_text="perfect age").count() == 1  # span in the original text
    assert page.locator("svg.netgraph circle").count() >= 4
    assert page.locator("svg.boxes rect").count() == 1  # the face box over the blurred image

    # every image on the page is the blurred, greyscale rendition
    srcs = page.eval_on_selector_all("img.media-img", "els => els.map(e => e.getAttribute('src'))")
    assert srcs and all(s.endswith("/blurred") for s in srcs)
    resp = page.request.get(base + srcs[0])
    assert resp.status == 200 and resp.headers["cache-control"] == "no-store"
    served = Image.open(io.BytesIO(resp.body()))
    rgb = np.asarray(served.convert("RGB"), dtype=np.int16)
    assert served.mode == "L" or np.abs(rgb[..., 0] - rgb[..., 1]).max() <= 2  # greyscale
    original = Image.open(io.BytesIO(make_image(0)))
    assert sharpness(served) < 0.05 * sharpness(original.resize(served.size))  # blurred

    # docs/console-case.png is refreshed on request only: a test run leaves the checkout as it found it
    shot = DOCS / "console-case.png" if os.environ.get("HARRIER_UPDATE_SCREENSHOTS") else tmp_path / "case.png"
    page.screenshot(path=str(shot), full_page=True)

    # reveal one item: a fresh signed URL, no-store, an audit entry and the exposure counter
    first = page.locator("figure.media").first
    media_id = first.locator(".media-frame").get_attribute("data-media-id")
    first.locator("button.reveal").click()
    revealed = page.locator("img.media-img.revealed")
    revealed.wait_for()
    rsrc = revealed.get_attribute("src")
    assert "/revealed?token=" in rsrc
    rresp = page.request.get(base + rsrc)
    assert rresp.status == 200 and rresp.headers["cache-control"] == "no-store"
    assert Image.open(io.BytesIO(rresp.body())).convert("RGB").getpixel((2, 2)) != (0, 0, 0)
    assert page.locator("#exposure-reveals").inner_text() == "1"
    with sd.store.session() as s:
        rows = s.execute(select(AuditEntry).where(AuditEntry.action == "media.reveal")).scalars().all()
    assert [(r.actor, r.target_id) for r in rows] == [("cs_admin", media_id)]
    page.click("button[data-reblur]")  # re-blur on demand (also on leaving the tab or scrolling away)
    assert page.locator("img.media-img.revealed").count() == 0

    # decide "report" with an industry classification, then download the XML
    page.select_option("#classification", "A2")
    page.click("button.act-report")
    page.wait_for_url(f"{base}/cases/{sd.cs_case}?msg=reported")
    with page.expect_download() as dl:
        page.click("#report-download")
    xml = Path(dl.value.path()).read_bytes()
    from harrier.enforce.cybertipline import validate_report

    validate_report(xml)  # raises on any schema violation
    # the case account commented on someone else's photos: a text-only enticement report, no files
    assert b"p3do_watcher" in xml and b"Online Enticement of Children for Sexual Acts" in xml
    with sd.store.session() as s:
        d = s.execute(select(Decision)).scalar_one()
        assert (d.action, d.reviewer, d.details["classification"]) == ("report", "cs_admin", "A2")
        labels = s.execute(select(Label.subject_id, Label.label)).all()
        assert ("a_groomer", "confirmed_harmful") in labels
    ctx.close()

    # a moderator without the child-safety role
    ctx = browser.new_context()
    page = ctx.new_page()
    login(page, base, "mod")
    assert page.locator("a[href='/queues/child_safety']").count() == 0
    r = page.goto(f"{base}/queues/child_safety")
    assert r is not None and r.status == 403
    r = page.goto(f"{base}/cases/case-peer1")
    assert r is not None and r.status == 403
    r = page.goto(f"{base}/queues/default")
    assert r is not None and r.status == 200
    ctx.close()


def test_no_anchor_leads_anywhere_but_http_in_browser(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    """The browser's own reading of every link on the case page (``a.href`` resolved, as a click would follow
    it), HTML and SVG: http(s) only, whatever URLs the export held; the hostile ones are on the page as text."""
    from .test_console import _hostile_urls

    base, sd = live_server
    _hostile_urls(sd)
    ctx = browser.new_context()
    page = ctx.new_page()
    login(page, base, "cs_admin")
    page.goto(f"{base}/cases/{sd.cs_case}")
    # HTML and SVG anchors alike (an SVG one's .href is an object): each target as the browser resolves it
    hrefs = page.eval_on_selector_all(
        "a", "els => els.filter(e => e.hasAttribute('href') || e.hasAttribute('xlink:href')).map(e => "
             "new URL(e.getAttribute('href') ?? e.getAttribute('xlink:href'), document.baseURI).href)")
    assert hrefs and "https://platform.example/p/post1" in hrefs
    assert all(h.startswith(("http://", "https://")) for h in hrefs), [h for h in hrefs if not h.startswith("http")]
    shown = page.eval_on_selector_all(".inert-url", "els => els.map(e => e.textContent)")
    assert sorted(shown) == ["data:text/html,<script>alert(1)</script>", "javascript:alert(document.cookie)"]


def test_api_docs_render_under_the_csp(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    """Swagger UI renders every /api/v1 operation with the console's CSP in force (no violation, no request to
    another origin), and "Try it out" works on the reviewer's session."""
    base, _ = live_server
    ctx = browser.new_context()
    page = ctx.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: violations.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, base, "cs_admin")
    page.goto(f"{base}/api-docs")
    page.locator(".opblock").first.wait_for()
    paths = page.eval_on_selector_all(".opblock-summary-path", "els => els.map(e => e.dataset.path)")
    assert set(paths) == {"/api/v1/events", "/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/signals"}
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    # "Try it out" on the session: the example batch is posted with the session's CSRF token and stored
    post = page.locator(".opblock-post")
    post.locator(".opblock-summary").click()
    post.locator(".try-out__btn").click()
    post.locator(".execute").click()
    status = post.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip().startswith("200"), post.locator(".live-responses-table").inner_text()
    assert not violations, violations
    assert requests and all(u.startswith(base + "/") for u in requests), [u for u in requests if base not in u]
    ctx.close()
