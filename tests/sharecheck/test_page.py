"""``harrier sharecheck serve``: the local page. In Debian's Chromium (Playwright, system executable): drop a GPS
JPEG and a PNG, read what would leak, choose the faces to mask, download the clean copy; over HTTP: nothing is
written to disk, loopback by default, and the page speaks Dutch and German."""

from __future__ import annotations

import base64
import inspect
import io
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvicorn
from fastapi.testclient import TestClient
from PIL import ExifTags, Image
from tests.review.conftest import served  # the real-uvicorn-on-loopback helper of the console tests
from tests.review.test_browser import browser  # noqa: F401 - the module-scoped Chromium fixture
from typer.testing import CliRunner

from harrier.cli import app as cli_app
from harrier.sharecheck import page as page_mod
from harrier.sharecheck.faces import padded_box
from harrier.sharecheck.metadata import read_metadata
from harrier.sharecheck.page import create_app

from .photos import picture, write_jpeg, write_png

CHILD = "images/1_1_0_20170103213335661.jpg.chip.jpg"  # UTKFace, labelled age 1 (as in test_faces)
ADULT = "images/26_0_2_20170103181248536.jpg.chip.jpg"  # labelled age 26


def gps_jpeg(path: Path) -> Path:
    """A JPEG with an EXIF GPS IFD (and a city in XMP), as a phone writes it."""
    return write_jpeg(path)


def no_gps(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as im:
        exif = im.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and dict(exif) == {}
        assert read_metadata(im).fields == []
    assert b"Utrecht" not in data and b"Jane" not in data


@pytest.mark.browser
def test_page_in_chromium(browser, request: pytest.FixtureRequest, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    try:
        faces: Path | None = request.getfixturevalue("faces_dir")
    except pytest.skip.Exception as e:
        faces, why = None, str(e)
    jpeg = gps_jpeg(tmp_path / "beach.jpg")
    scene = picture((1000, 700))
    if faces is not None:  # a child and an adult, as in test_faces; PNG so that unmasked pixels stay exact
        scene.paste(Image.open(faces / CHILD).convert("RGB"), (100, 300))
        scene.paste(Image.open(faces / ADULT).convert("RGB"), (650, 250))
    png = write_png(tmp_path / "family.png", scene)

    with served(create_app()) as base:
        ctx = browser.new_context(accept_downloads=True)
        page = ctx.new_page()
        page.goto(base + "/")
        page.fill("#caption", "Bath time for my son Liam")
        # dropped on the drop zone, as a parent drags them from a folder: a real drop event carrying both files
        files = [(p.name, base64.b64encode(p.read_bytes()).decode(), mime)
                 for p, mime in ((jpeg, "image/jpeg"), (png, "image/png"))]
        dropped = page.evaluate_handle("""(files) => {
            const dt = new DataTransfer();
            for (const [name, b64, type] of files) {
                dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type }));
            }
            return dt;
        }""", files)
        with page.expect_response("**/api/check", timeout=180_000) as resp:
            page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
        data = resp.value.json()
        page.locator("#results[data-ready]").wait_for(timeout=30_000)
        sections = page.locator("section.photo")
        assert sections.count() == 2
        first, second = sections.nth(0), sections.nth(1)

        leaks = first.locator("ul.leaks").inner_text()
        assert "GPS position" in leaks and "“Utrecht”" in leaks, leaks  # the location, in words, no map
        assert "SN-0012345" in leaks and "Jane Parent" in leaks and "preview copy" in leaks
        kinds = {li.get_attribute("data-kind") for li in page.locator("#caption-risks li").all()}
        assert kinds == {"sensitive_context", "child_name"}  # the son's name and the bath
        with page.expect_download() as dl:
            first.locator("a.download").click()
        assert dl.value.suggested_filename == "beach-clean.jpg"
        no_gps(Path(dl.value.path()).read_bytes())

        assert "“Jane Parent”" in second.locator("ul.leaks").inner_text()  # PNG text chunks
        found = data["photos"][1]["faces"]
        if faces is None:
            assert second.locator(".no-faces").count() == 1 and not found
            pytest.skip(f"face part not run: {why}")
        assert len(found) == 2, found
        child, adult = sorted(found, key=lambda f: f["box"][0])
        assert child["child"] and child["masked"] and not adult["child"] and not adult["masked"]
        child_box = second.locator(f"input.mask-face[data-face='{child['index']}']")
        adult_box = second.locator(f"input.mask-face[data-face='{adult['index']}']")
        assert child_box.is_checked() and not adult_box.is_checked()  # children's faces start masked
        child_box.focus()
        page.keyboard.press("Space")  # keyboard operable: unmask the child...
        adult_box.check()  # ...and mask the adult instead
        assert not child_box.is_checked() and adult_box.is_checked()
        href = second.locator("a.download").get_attribute("href") or ""
        assert href.endswith(f"?masks={adult['index']}")
        with page.expect_download() as dl:
            second.locator("a.download").click()
        out = np.asarray(Image.open(dl.value.path()).convert("RGB")).astype(int)
        orig = np.asarray(scene).astype(int)
        cx, cy, cw, ch = child["box"]
        assert (out[cy:cy + ch, cx:cx + cw] == orig[cy:cy + ch, cx:cx + cw]).all()  # toggled off: untouched
        left, top, right, bottom = padded_box(adult["box"], scene.size)
        assert np.abs(out[top:bottom, left:right] - orig[top:bottom, left:right]).mean() > 5  # masked
        ctx.close()


def fake_faces(_image: Image.Image) -> list[tuple[list[int], float]]:
    return [([20, 20, 60, 60], 0.9)]


def test_nothing_written_to_disk_and_masks_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    src.mkdir()
    jpeg = gps_jpeg(src / "beach.jpg").read_bytes()
    # noise compresses badly: a PNG over Starlette's 1 MB spool threshold, which would otherwise roll to TMPDIR
    big = Image.fromarray(np.random.default_rng(0).integers(0, 255, (900, 900, 3), dtype=np.uint8))
    buf = io.BytesIO()
    big.save(buf, "PNG")
    assert len(buf.getvalue()) > 2 * 1024 * 1024
    empty = tmp_path / "empty"
    empty.mkdir()
    for var in ("HOME", "TMPDIR", "TEMP", "TMP", "XDG_CACHE_HOME", "HARRIER_HOME"):
        monkeypatch.setenv(var, str(empty))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() caches: make it read TMPDIR again
    assert tempfile.gettempdir() == str(empty)

    client = TestClient(create_app(find_faces=fake_faces))
    res = client.post("/api/check", data={"lang": "en", "caption": "We live in Utrecht"},
                      files=[("files", ("beach.jpg", jpeg, "image/jpeg")),
                             ("files", ("noise.png", buf.getvalue(), "image/png"))])
    assert res.status_code == 200, res.text
    assert res.headers["content-security-policy"].startswith("default-src 'self'")
    body = res.json()
    beach, noise = body["photos"]
    assert beach["error"] is None and noise["error"] is None
    assert [k["kind"] for k in body["caption"]] == ["home_location"]
    assert any(leak["kind"] == "gps" for leak in beach["leaks"])
    assert noise["faces"][0]["masked"] and noise["faces"][0]["child"]

    res = client.get(f"/api/clean/{beach['id']}?masks=")
    assert res.status_code == 200 and res.headers["content-type"] == "image/jpeg"
    assert res.headers["content-disposition"] == 'attachment; filename="beach-clean.jpg"'
    no_gps(res.content)
    orig = np.asarray(big).astype(int)
    plain = np.asarray(Image.open(io.BytesIO(client.get(f"/api/clean/{noise['id']}").content))).astype(int)
    masked = np.asarray(Image.open(io.BytesIO(client.get(f"/api/clean/{noise['id']}?masks=0").content))).astype(int)
    assert (plain == orig).all()  # the parent unticked the face: not one pixel changed
    assert np.abs(masked[20:80, 20:80] - orig[20:80, 20:80]).mean() > 5
    assert client.get(f"/api/preview/{noise['id']}?masks=0").status_code == 200
    assert client.get(f"/api/clean/{noise['id']}?masks=3").status_code == 400
    assert client.get("/api/clean/nope").status_code == 404
    assert list(empty.rglob("*")) == []  # nothing under HOME or TMPDIR


def test_memory_is_bounded() -> None:
    client = TestClient(create_app(find_faces=lambda _im: [], max_kept_bytes=1))
    ids = []
    for name in ("a.png", "b.png"):
        buf = io.BytesIO()
        picture().save(buf, "PNG")
        res = client.post("/api/check", files=[("files", (name, buf.getvalue(), "image/png"))])
        ids.append(res.json()["photos"][0]["id"])
    assert client.get(f"/api/clean/{ids[0]}").status_code == 404  # evicted: the oldest goes first
    assert client.get(f"/api/clean/{ids[1]}").status_code == 200


def test_serve_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert inspect.signature(page_mod.serve).parameters["host"].default == "127.0.0.1"
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    res = CliRunner().invoke(cli_app, ["sharecheck", "serve"])
    assert res.exit_code == 0, res.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8766
    res = CliRunner().invoke(cli_app, ["sharecheck", "--help"])
    assert res.exit_code == 0 and "serve" in res.output and "check" in res.output


def test_dutch_and_german_pages(tmp_path: Path) -> None:
    client = TestClient(create_app(find_faces=lambda _im: []))
    en = client.get("/").text
    assert '<html lang="en">' in en and "Check photos" in en
    nl = client.get("/?lang=nl").text
    assert '<html lang="nl">' in nl and "Foto&#39;s controleren" in nl and "Deel met zorg" in nl
    de = client.get("/?lang=de").text
    assert '<html lang="de">' in de and "Fotos prüfen" in de and "Mit Bedacht teilen" in de
    assert '<script src="/static/page.js"' in de and "http://" not in de and "https://" not in de  # all local
    assert client.get("/?lang=xx").text.count('<html lang="en">') == 1
    jpeg = gps_jpeg(tmp_path / "beach.jpg").read_bytes()
    res = client.post("/api/check", data={"lang": "de"},
                      files=[("files", ("beach.jpg", jpeg, "image/jpeg"))]).json()
    texts = " ".join(leak["text"] for leak in res["photos"][0]["leaks"])
    assert "GPS-Position" in texts and "“Utrecht”" in texts
    res = client.post("/api/check", data={"lang": "nl"}, files=[("files", ("b.jpg", jpeg, "image/jpeg"))]).json()
    assert "GPS-positie" in " ".join(leak["text"] for leak in res["photos"][0]["leaks"])
    assert client.get("/static/page.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/other.js").status_code == 404
