"""``harrier sharecheck serve``: the share check as one local page for parents (issue 18, part 3).

Loopback by default, no login, nothing on disk and nothing sent anywhere: uploads are parsed into memory (the
multipart spool never rolls over to a temporary file), kept in a small bounded dict for the page's lifetime, and
every clean copy is encoded on request from those bytes with the faces the parent chose. The page loads only the
app's own CSS and JS (``default-src 'self'``).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePath
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from harrier.sharecheck.check import Checked, FaceFinder, check_source
from harrier.sharecheck.faces import MINOR_THRESHOLD, Mask
from harrier.sharecheck.metadata import SUPPORTED
from harrier.sharecheck.page_text import LANG_NAMES, LANGS, strings

MAX_PHOTO_BYTES = 40 * 1024 * 1024  # a large phone photo is 5-15 MB
MAX_REQUEST_BYTES = 200 * 1024 * 1024
MAX_PHOTOS = 30  # per request
MAX_KEPT_BYTES = 400 * 1024 * 1024  # all uploads together; the oldest go first
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heic"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # the browser's disk cache is disk too
}


class _InMemoryParser(MultiPartParser):
    # SpooledTemporaryFile writes to TMPDIR once it grows past this; the request is capped below it first.
    spool_max_size = MAX_REQUEST_BYTES + 1


@dataclass
class Upload:
    name: str
    data: bytes
    faces: list[tuple[list[int], float]]


class Uploads:
    """Uploads by random id, oldest evicted first once their total passes ``max_bytes``."""

    def __init__(self, max_bytes: int = MAX_KEPT_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Upload] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, upload: Upload) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = upload
            while sum(len(u.data) for u in self._items.values()) > self.max_bytes and len(self._items) > 1:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Upload | None:
        with self._lock:
            return self._items.get(key)

    def __len__(self) -> int:
        return len(self._items)


def _web(name: str) -> str:
    return resources.files("harrier.sharecheck").joinpath("web", name).read_text(encoding="utf-8")


def _quoted(values: list[str]) -> str:
    return ", ".join(f"“{v}”" for v in values)


def describe_leaks(checked: Checked, lang: str) -> list[dict[str, str]]:
    """Plain sentences, in ``lang``, for what the original file carried (the kinds the page explains)."""
    t, found, d = strings(lang), checked.found, checked.details
    if found is None:
        return []
    out = []
    if found.location:
        if d.get("gps") or any("GPS" in f for f in found.location):
            out.append({"kind": "gps", "text": t["leak_gps"]})
        if d.get("place"):
            out.append({"kind": "place", "text": t["leak_place"].format(values=_quoted(d["place"]))})
    if d.get("camera"):
        out.append({"kind": "camera", "text": t["leak_camera"].format(values=_quoted(d["camera"]))})
    if found.serials:
        text = t["leak_serial"].format(values=_quoted(d.get("serial") or []))
        out.append({"kind": "serial", "text": " ".join(text.split()).replace(" ,", ",")})
    if found.names:  # values when they could be read, else the fields by name (a description, a comment)
        values = _quoted(d.get("name") or []) or ", ".join(found.names)
        out.append({"kind": "name", "text": t["leak_name"].format(values=values)})
    if found.thumbnail:
        out.append({"kind": "thumbnail", "text": t["leak_thumb"]})
    named = set(found.location) | set(found.serials) | set(found.names) | {"EXIF thumbnail"}
    other = [f for f in found.fields if f not in named]
    if other:
        out.append({"kind": "other", "text": t["leak_other"].format(n=len(other))})
    return out


def download_name(upload_name: str, fmt: str) -> str:
    """The clean copy's file name: the upload's stem, "-clean", the format's own extension."""
    return f"{PurePath(upload_name).stem or 'photo'}-clean{SUPPORTED.get(fmt, '.jpg')}"


def _report(key: str | None, upload_name: str, checked: Checked, lang: str) -> dict[str, Any]:
    t, r = strings(lang), checked.report
    if r.error or key is None:
        return {"id": None, "name": upload_name, "error": t["error"].format(error=r.error)}
    fmt = r.format or "JPEG"
    return {
        "id": key,
        "name": upload_name,
        "error": None,
        "format": fmt,
        "removed": r.removed,
        "leaks": describe_leaks(checked, lang),
        "faces": [{"index": i, "box": f.box, "minor_likelihood": f.minor_likelihood,
                   "child": f.minor_likelihood >= MINOR_THRESHOLD, "masked": f.masked}
                  for i, f in enumerate(r.faces)],
        "download_name": download_name(upload_name, fmt),
    }


def _parse_masks(masks: str | None, n: int) -> set[int]:
    if not masks:
        return set()
    try:
        chosen = {int(x) for x in masks.split(",") if x.strip()}
    except ValueError as e:
        raise HTTPException(400, "masks: comma-separated face numbers") from e
    if any(i < 0 or i >= n for i in chosen):
        raise HTTPException(400, "masks: no such face")
    return chosen


async def _capped(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise HTTPException(413, "too much at once: send fewer or smaller photos")
        yield chunk


def create_app(*, find_faces: FaceFinder | None = None, mask: Mask = "blur",
               max_kept_bytes: int = MAX_KEPT_BYTES) -> FastAPI:
    """The page and its API. ``find_faces`` replaces the face models (tests)."""
    app = FastAPI(title="Harrier share check", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.uploads = uploads = Uploads(max_kept_bytes)
    env = Environment(autoescape=True)
    template = env.from_string(_web("page.html"))
    static = {"page.css": ("text/css; charset=utf-8", _web("page.css")),
              "page.js": ("text/javascript; charset=utf-8", _web("page.js"))}

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.get("/", response_class=HTMLResponse)
    def page(lang: str = "en") -> HTMLResponse:
        lang = lang if lang in LANGS else "en"
        t = strings(lang)
        return HTMLResponse(template.render(t=t, lang=lang, langs=LANG_NAMES, page_strings=t))

    @app.get("/static/{name}")
    def asset(name: str) -> Response:
        if name not in static:
            raise HTTPException(404)
        media_type, body = static[name]
        return Response(body, media_type=media_type)

    @app.post("/api/check")
    async def check(request: Request) -> JSONResponse:
        if int(request.headers.get("content-length") or 0) > MAX_REQUEST_BYTES:
            raise HTTPException(413, "too much at once: send fewer or smaller photos")
        parser = _InMemoryParser(request.headers, _capped(request, MAX_REQUEST_BYTES), max_files=MAX_PHOTOS,
                                 max_fields=10, max_part_size=64 * 1024)
        try:
            form = await parser.parse()
        except MultiPartException as e:
            raise HTTPException(400, e.message) from e
        lang = str(form.get("lang") or "en")
        lang = lang if lang in LANGS else "en"
        caption = str(form.get("caption") or "").strip() or None
        photos = []
        for item in form.getlist("files"):
            if not isinstance(item, UploadFile):
                continue
            data = await item.read()
            await item.close()
            name = PurePath(item.filename or "photo").name[:200]
            if len(data) > MAX_PHOTO_BYTES:
                photos.append({"id": None, "name": name, "error": strings(lang)["error"].format(error="too large")})
                continue
            checked = await run_in_threadpool(check_source, data, name, mask=mask, find_faces=find_faces)
            key = None
            if checked.report.error is None:
                key = uploads.add(Upload(name, data, checked.faces))
            photos.append(_report(key, name, checked, lang))
        risks = []
        if caption:
            from harrier.sharecheck.caption import check_caption

            t = strings(lang)
            risks = [{"kind": k.kind, "text": k.text, "advice": t.get(f"caption_{k.kind}", k.advice)}
                     for k in check_caption(caption)]
        return JSONResponse({"photos": photos, "caption": risks if caption else None})

    def _clean(key: str, masks: str | None) -> tuple[Upload, Checked]:
        upload = uploads.get(key)
        if upload is None:
            raise HTTPException(404, "this photo is no longer in memory: check it again")
        chosen = _parse_masks(masks, len(upload.faces))
        checked = check_source(upload.data, upload.name, mask=mask, faces=upload.faces, only=chosen)
        if checked.clean is None:
            raise HTTPException(500, checked.report.error or "no clean copy")
        return upload, checked

    @app.get("/api/clean/{key}")
    async def clean(key: str, masks: str | None = None) -> Response:
        upload, checked = await run_in_threadpool(_clean, key, masks)
        fmt = checked.report.format or "JPEG"
        name = download_name(upload.name, fmt)
        safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
        return Response(checked.clean, media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
                        headers={"Content-Disposition": f'attachment; filename="{safe}"'})

    @app.get("/api/preview/{key}")
    async def preview(key: str, masks: str | None = None) -> Response:
        _upload, checked = await run_in_threadpool(_clean, key, masks)
        fmt = checked.report.format or "JPEG"
        return Response(checked.clean, media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"))

    return app


def serve(host: str = "127.0.0.1", port: int = 8766, *, find_faces: FaceFinder | None = None) -> None:
    """Serve the page until Ctrl-C. Binding beyond loopback is the caller's explicit choice."""
    import uvicorn

    uvicorn.run(create_app(find_faces=find_faces), host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False)
