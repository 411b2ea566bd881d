"""AI provenance: read every industry marker in an image and say which one was found.

Verdict rules (docs/PROVENANCE.md):
- ``yes``: at least one hard marker (``strength == "ai"``): a valid C2PA manifest or IPTC/XMP field declaring
  trained algorithmic media, generator metadata only a generator writes, A1111 stealth parameters, or
  Stable Diffusion's invisible watermark above its confidence threshold.
- ``unknown``: only hints (a generator's name in free text, an AI claim in a manifest that fails
  validation, a model ingredient) or a remote manifest that cannot be verified offline.
- ``no``: no AI marker found. This is *not* a statement that the image is authentic: most AI images carry
  no marker at all once re-encoded by a platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from harrier.detect.image.c2pa_reader import read_c2pa
from harrier.detect.image.decode import DEFAULT_MAX_PIXELS, ImageDecodeError, open_checked
from harrier.detect.image.markers import Marker
from harrier.detect.image.metadata import exif_markers, find_xmp, text_chunk_markers, xmp_markers
from harrier.detect.image.stealth import read_stealth
from harrier.detect.image.watermark import detect_sd_watermark

Verdict = Literal["yes", "no", "unknown"]
# Pixel-domain marks (stealth LSBs, the DWT watermark) do not survive lossy re-encoding (measured: the SD
# mark is gone after JPEG q90), so pixels are decoded only for lossless containers: JPEGs stay fast.
PIXEL_FORMATS = {"PNG", "WEBP", "BMP", "TIFF"}
MAX_READ_BYTES = 256 * 1024 * 1024
HINT_SCORE = 0.5


@dataclass
class Provenance:
    ai_generated: Verdict
    generator: str | None
    markers: list[Marker] = field(default_factory=list)
    error: str | None = None  # the image could not be (fully) decoded; metadata markers may still be listed

    @property
    def score(self) -> float:
        """1.0 for a hard marker, HINT_SCORE for hints only, 0 otherwise."""
        return 1.0 if self.ai_generated == "yes" else HINT_SCORE if self.ai_generated == "unknown" else 0.0

    def to_json(self, path: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {} if path is None else {"path": path}
        out |= {"ai_generated": self.ai_generated, "generator": self.generator,
                "markers": [m.to_json() for m in self.markers]}
        if self.error:
            out["error"] = self.error
        return out


def verdict(markers: list[Marker]) -> tuple[Verdict, str | None]:
    hard = [m for m in markers if m.strength == "ai"]
    if hard:
        named = [m.generator for m in hard if m.generator and "IPTC" not in m.generator]
        return "yes", (named or [m.generator for m in hard if m.generator] or [None])[0]
    hints = [m for m in markers if m.strength == "hint" or m.type == "c2pa-remote"]
    if hints:
        return "unknown", next((m.generator for m in hints if m.generator), None)
    return "no", None


def _exif_fields(im: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        exif = im.getexif()
        for tag, name in ((0x010F, "Make"), (0x0110, "Model"), (0x0131, "Software"), (0x010E, "ImageDescription"),
                          (0x013B, "Artist")):
            if tag in exif:
                out[name] = exif[tag]
        uc = exif.get_ifd(0x8769).get(0x9286)
        if uc is not None:
            out["UserComment"] = uc
    except Exception:  # noqa: BLE001 - a corrupt EXIF block is "no EXIF", the rest is still read
        pass
    return out


def _text_chunks(info: dict[str, Any]) -> dict[str, str]:
    skip = {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"}
    out = {}
    for k, v in info.items():
        if not isinstance(k, str) or k in skip:
            continue
        if isinstance(v, bytes) and k == "comment":
            v = v.decode("utf-8", "replace")
        if isinstance(v, str):
            out[k] = v
    return out


def read_provenance(
    path: str | Path,
    *,
    data: bytes | None = None,
    pixels: Literal["auto", "always", "never"] = "auto",
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> Provenance:
    """Read all provenance markers of one image file. Never raises on bad input: a file that cannot be
    opened gives ``ai_generated="unknown"`` only when markers were read, else ``"no"``, with ``error`` set."""
    p = Path(path)
    markers: list[Marker] = []
    try:
        if data is None:
            with p.open("rb") as f:
                data = f.read(MAX_READ_BYTES)
    except OSError as e:
        return Provenance("no", None, [], f"cannot read file: {e.strerror or e}")
    error: str | None = None
    c2pa_markers: list[Marker] = []
    try:
        c2pa_markers = read_c2pa(str(p), data)
    except Exception as e:  # noqa: BLE001 - the SDK is native code over hostile bytes; never crash a scan
        c2pa_markers = [Marker("c2pa-invalid", "c2pa.manifest", f"reader error: {type(e).__name__}", "info")]
    markers += c2pa_markers
    xmp = find_xmp(data)
    if xmp:
        markers += xmp_markers(xmp)
    try:
        im = open_checked(data, max_pixels=max_pixels)
    except ImageDecodeError as e:
        v, g = verdict(markers)
        return Provenance(v, g, markers, e.reason)
    try:
        markers += exif_markers(_exif_fields(im))
        fmt = im.format or ""
        text = _text_chunks(im.info)
        if pixels == "always" or (pixels == "auto" and fmt in PIXEL_FORMATS):
            try:
                im.load()
                if fmt == "PNG":
                    text = _text_chunks(dict(getattr(im, "text", {}) or {}) | im.info)  # chunks after IDAT too
                markers += _pixel_markers(im)
            except Exception as e:  # noqa: BLE001 - truncated pixels still leave the metadata read above
                error = f"pixels not decodable: {type(e).__name__}: {e}"
        markers += text_chunk_markers(text, "png-text" if fmt == "PNG" else f"{fmt.lower() or 'image'}-text")
    finally:
        im.close()
    v, g = verdict(markers)
    return Provenance(v, g, markers, error)


def _pixel_markers(im: Any) -> list[Marker]:
    out: list[Marker] = []
    if getattr(im, "is_animated", False):
        im.seek(0)
    has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    rgba = np.asarray(im.convert("RGBA" if has_alpha else "RGB"))
    found = read_stealth(rgba)
    if found:
        sig, params = found
        out.append(Marker("stealth-pnginfo", f"{'alpha' if 'png' in sig else 'rgb'} LSB: {sig}", params, "ai",
                          "AUTOMATIC1111 Stable Diffusion web UI (stealth pnginfo)"))
    wm = detect_sd_watermark(rgba[..., :3])
    if wm:
        value = (f"payload {wm.payload!r}: {wm.bits_agree}/{wm.bits_total} bits agree "
                 f"(plain decoder reads {wm.decoded!r}), soft correlation {wm.confidence}")
        out.append(Marker("invisible-watermark", "dwtDct U channel", value, "ai", wm.generator, wm.confidence))
    return out
