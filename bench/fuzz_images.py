"""Fuzzing the image detectors at volume: mutated images through ``harrier image scan`` (``scan_file``) and
through the pipeline (ingest as posts' media, then ``harrier scan``: image.content, image.provenance, hash.pdq).

    .venv/bin/python bench/fuzz_images.py [--n 10000] [--seed 1] [--workers 2] [--content-every 1]

Starts from benign generated images (gradients and shapes, and the shipped negative photo of tests/fixtures) in
JPEG, PNG, WebP and GIF, with EXIF/XMP/ICC metadata, text chunks, C2PA JUMBF boxes (transplanted from a shipped
C2PA test file) and animation frames, and mutates them: byte flips, truncation, spliced blocks, wrong extension,
zero bytes, foreign formats, huge declared dimensions (the decompression-bomb guard must hold), corrupt
EXIF/XMP/ICC, corrupt JUMBF boxes, corrupt PNG chunks, many or broken animation frames. ``--n`` mutated images,
plus a tenth as many intact benign ones (the controls).

Checks, per image:
- image scan: ``scan_file`` never raises, never kills its worker and takes < SLOW_S; a record has ``error`` or a
  PDQ hash; intact images and those whose pixels the mutation left alone decode with a PDQ hash; zero-byte,
  foreign and bomb files get an error (bombs: "bomb" in it);
- pipeline: ingest and scan complete; every media item has, for each media detector, a scan row or a
  ``scan_errors`` row (a recorded error, never nothing); images that must fail carry ``image.decode_error`` from
  image.content and image.provenance; the intact ones get ``image.hashes`` with a PDQ hash and no decode error.

Prints counts (inputs, decoded, errors, scan_errors, crashes, lost), throughput and peak memory, each failure
with the seed, file and mutation; exit code 1 on any crash, loss or failed check.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import struct
import sys
import tempfile
import time
import traceback
import warnings
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from PIL import Image, ImageDraw, PngImagePlugin
from sqlalchemy import select

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "provenance"
PHOTO = FIXTURES / "negatives" / "c2pa-rs__IMG_0003.jpg"
C2PA = FIXTURES / "c2pa" / "c2pa-rs__C.jpg"
SLOW_S = 20.0  # one image longer than this in one detector is a denial of service, counted as a failure
CHUNK = 32  # images per task on the pool
MEDIA_DETECTORS = ("image.content", "image.provenance", "hash.pdq")
EXT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "TIFF": ".tif", "BMP": ".bmp"}


@dataclass
class Sample:
    """One file and what must become of it: ``ok`` (decodes, gets a PDQ hash), ``error`` (a recorded decode
    error), ``bomb`` (an error naming the bomb) or ``any`` (random damage: either, but recorded)."""

    name: str
    data: bytes
    mutation: str
    expect: str


@dataclass
class Failure:
    name: str
    mutation: str
    problem: str

    def show(self, seed: int, n: int) -> str:
        return f"FAIL seed={seed} n={n} {self.name} mutation={self.mutation}: {self.problem}"


@dataclass
class Result:
    seed: int
    n: int
    inputs: int = 0
    mutated: int = 0
    decoded: int = 0  # image scan: records without error
    errors: int = 0  # image scan: records with an error
    bombs: int = 0  # bombs refused
    pipeline_media: int = 0
    decode_errors: int = 0  # pipeline: media with image.decode_error
    scan_errors: int = 0  # pipeline: scan_errors rows
    hashed: int = 0  # pipeline: media with a PDQ hash
    crashes: int = 0
    lost: int = 0  # a media item a detector neither scanned nor recorded an error for
    wrong: int = 0  # other failed checks
    scan_seconds: float = 0.0
    pipeline_seconds: float = 0.0
    slowest: tuple[float, str] = (0.0, "")
    bytes: int = 0
    mutations: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.crashes == 0 and self.lost == 0 and self.wrong == 0

    def fail(self, kind: str, f: Failure) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.failures.append(f)


# --- benign images -----------------------------------------------------------------------------------------


def benign(r: random.Random) -> Image.Image:
    """A gradient with shapes, or a crop of the shipped negative photo: nothing a face or nudity model sees."""
    w, h = r.randint(48, 200), r.randint(48, 200)
    if r.random() < 0.2:
        with Image.open(PHOTO) as ph:
            ph.draft("RGB", (w * 2, h * 2))
            im = ph.convert("RGB")
        x, y = r.randrange(max(1, im.width - w)), r.randrange(max(1, im.height - h))
        return im.crop((x, y, x + w, y + h))
    top, bottom = np.array([r.randrange(256) for _ in range(3)]), np.array([r.randrange(256) for _ in range(3)])
    sky = np.linspace(top, bottom, h)[:, None, :].repeat(w, axis=1).astype(np.uint8)
    im = Image.fromarray(sky)
    d = ImageDraw.Draw(im)
    for _ in range(r.randint(2, 7)):
        x0, y0 = r.randrange(w), r.randrange(h)
        box = (x0, y0, x0 + r.randint(4, w), y0 + r.randint(4, h))
        fill = tuple(r.randrange(256) for _ in range(3))
        (d.rectangle if r.random() < 0.5 else d.ellipse)(box, fill=fill)
    return im


def _exif(r: random.Random, orientation: int | None = None) -> bytes:
    ex = Image.Exif()
    ex[0x010F] = "FuzzCam"
    ex[0x0131] = r.choice(["Harrier fuzz 1.0", "GIMP 2.10", "Adobe Photoshop 25.0"])
    ex[0x0112] = orientation if orientation is not None else r.choice([1, 1, 3, 6, 8])
    return ex.tobytes()


XMP = ("<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
       "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmp:CreatorTool='Harrier fuzz' "
       "Iptc4xmpExt:DigitalSourceType='http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture'/>"
       "</rdf:RDF></x:xmpmeta><?xpacket end='w'?>")


def _srgb() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def encode(im: Image.Image, fmt: str, r: random.Random, meta: bool = True) -> bytes:
    """``im`` as ``fmt``, with the metadata that format carries (EXIF, XMP, ICC, text chunks) half the time."""
    buf = io.BytesIO()
    with_meta = meta and r.random() < 0.5
    if fmt == "JPEG":
        kw: dict[str, Any] = {"quality": r.randint(40, 95)}
        if with_meta:
            kw |= {"exif": _exif(r), "icc_profile": _srgb(), "xmp": XMP.encode()}
        im.save(buf, "JPEG", **kw)
    elif fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        if with_meta:
            info.add_text("Software", "Harrier fuzz")
            info.add_itxt("XML:com.adobe.xmp", XMP)
        im.save(buf, "PNG", pnginfo=info, icc_profile=_srgb() if with_meta else None)
    elif fmt == "WEBP":
        kw = {"quality": r.randint(40, 95)}
        if with_meta:
            kw |= {"exif": _exif(r), "icc_profile": _srgb(), "xmp": XMP.encode()}
        im.save(buf, "WEBP", **kw)
    elif fmt == "GIF":
        im.convert("P", palette=Image.Palette.ADAPTIVE).save(buf, "GIF", comment=b"Harrier fuzz" if with_meta else b"")
    else:
        im.save(buf, fmt)
    return buf.getvalue()


def animated(r: random.Random, frames: int, fmt: str) -> bytes:
    base = benign(r)
    seq = [base.rotate(r.randrange(360)) for _ in range(frames)]
    buf = io.BytesIO()
    if fmt == "GIF":
        seq = [f.convert("P", palette=Image.Palette.ADAPTIVE) for f in seq]
    seq[0].save(buf, fmt, save_all=True, append_images=seq[1:], duration=r.choice([0, 20, 100]), loop=0)
    return buf.getvalue()


def _jpeg_segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each JPEG marker segment before the scan data."""
    out, i = [], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:
            break
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        out.append((marker, i, i + 2 + length))
        i += 2 + length
    return out


_APP11: bytes | None = None


def c2pa_jpeg(r: random.Random) -> bytes:
    """A small benign JPEG carrying the APP11 JUMBF segments (the C2PA manifest store) of a shipped test file: the
    manifest parses, its hash binding does not match these pixels (reported as an invalid manifest)."""
    global _APP11
    if _APP11 is None:
        src = C2PA.read_bytes()
        _APP11 = b"".join(src[s:e] for m, s, e in _jpeg_segments(src) if m == 0xEB)
    jpg = encode(benign(r), "JPEG", r, meta=False)
    return jpg[:2] + _APP11 + jpg[2:]


def _png_chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _png_insert(png: bytes, chunk: bytes) -> bytes:
    at = 8 + 25  # after the signature and IHDR
    return png[:at] + chunk + png[at:]


# --- mutations ---------------------------------------------------------------------------------------------
# Each returns (bytes, extension, expect).

Mut = Callable[[random.Random], tuple[bytes, str, str]]


def _any_base(r: random.Random) -> tuple[bytes, str]:
    fmt = r.choice(["JPEG", "PNG", "WEBP", "GIF", "JPEG", "PNG"])
    if r.random() < 0.08:
        return c2pa_jpeg(r), ".jpg"
    if r.random() < 0.08:
        fmt = r.choice(["GIF", "PNG", "WEBP"])
        return animated(r, r.randint(2, 6), fmt), EXT[fmt]
    return encode(benign(r), fmt, r), EXT[fmt]


def _flip(data: bytes, r: random.Random, count: int) -> bytes:
    b = bytearray(data)
    for _ in range(count):
        b[r.randrange(len(b))] = r.randrange(256)
    return bytes(b)


def mut_flip_few(r: random.Random) -> tuple[bytes, str, str]:
    data, ext = _any_base(r)
    return _flip(data, r, r.randint(1, 3)), ext, "any"


def mut_flip_many(r: random.Random) -> tuple[bytes, str, str]:
    data, ext = _any_base(r)
    return _flip(data, r, r.randint(10, 80)), ext, "any"


def mut_truncate(r: random.Random) -> tuple[bytes, str, str]:
    data, ext = _any_base(r)
    return data[: r.randrange(1, len(data))], ext, "any"


def mut_splice(r: random.Random) -> tuple[bytes, str, str]:
    data, ext = _any_base(r)
    at = r.randrange(len(data))
    block = r.randbytes(r.randint(1, 256))
    keep = at + (len(block) if r.random() < 0.5 else 0)
    return data[:at] + block + data[keep:], ext, "any"


def mut_wrong_ext(r: random.Random) -> tuple[bytes, str, str]:
    data, ext = _any_base(r)
    other = r.choice([e for e in (".jpg", ".png", ".webp", ".gif", ".heic", ".txt", "") if e != ext])
    return data, other, "ok"  # formats are sniffed from the bytes, never the name


def mut_zero(r: random.Random) -> tuple[bytes, str, str]:
    return b"", r.choice([".jpg", ".png", ".webp", ".gif"]), "error"


def mut_foreign(r: random.Random) -> tuple[bytes, str, str]:
    """Files that are not in the decoder's allowlist (or not images at all): refused, never decoded."""
    kind = r.choice(["PPM", "PCX", "TGA", "ICO", "SGI", "eps", "pdf", "html", "svg", "random", "text"])
    if kind in ("PPM", "PCX", "TGA", "ICO", "SGI"):
        buf = io.BytesIO()
        benign(r).save(buf, kind)
        data = buf.getvalue()
    else:
        data = {"eps": b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n",
                "pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF", "html": b"<!doctype html><img src=x onerror=1>",
                "svg": b"<svg xmlns='http://www.w3.org/2000/svg' width='9e9' height='9e9'/>",
                "random": r.randbytes(r.randint(1, 4096)), "text": b"hello, not an image\n"}[kind]
    return data, r.choice([".jpg", ".png", ".webp", ".gif"]), "error"


def mut_bomb(r: random.Random) -> tuple[bytes, str, str]:
    """Headers promising far more pixels than the limit (64 M), with next to no data behind them."""
    kind = r.choice(["png", "gif", "jpeg", "webp", "bmp", "tiff"])
    if kind == "png":
        w, h = r.choice([(100_000, 100_000), (2**31 - 1, 2**31 - 1), (1_000_000, 65), (9000, 9000)])
        ihdr = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        idat = _png_chunk(b"IDAT", zlib.compress(b"\0" * 300_001))
        data = b"\x89PNG\r\n\x1a\n" + ihdr + idat + _png_chunk(b"IEND", b"")
        return data, ".png", "bomb"
    if kind == "gif":
        return (b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00" + b",\0\0\0\0"
                + struct.pack("<HH", 65535, 65535) + b"\x00\x02\x02\x44\x01\x00;"), ".gif", "bomb"
    if kind == "jpeg":
        jpeg = bytearray(encode(benign(r), "JPEG", r, meta=False))
        sof = jpeg.index(b"\xff\xc0")
        jpeg[sof + 5 : sof + 9] = struct.pack(">HH", r.choice([65000, 20000]), 65000)
        return bytes(jpeg), ".jpg", "bomb"
    if kind == "webp":  # VP8X canvas of 16384 x 16384 (24-bit fields hold up to 16 M x 16 M)
        w, h = r.choice([(16384, 16384), (2**24, 2**24), (16384, 8000)])
        vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + (w - 1).to_bytes(3, "little") + \
            (h - 1).to_bytes(3, "little")
        body = b"WEBP" + vp8x
        # libwebp refuses a canvas with no frame behind it before any size check: refused, not as a bomb
        return b"RIFF" + struct.pack("<I", len(body)) + body, ".webp", "error"
    if kind == "bmp":
        header = struct.pack("<2sIHHI", b"BM", 54, 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, 50_000, 50_000, 1, 24,
                                                                          0, 0, 2835, 2835, 0, 0)
        return header + b"\0" * 64, ".jpg", "bomb"
    buf = io.BytesIO()  # TIFF with its width and height tags rewritten
    Image.new("L", (8, 8)).save(buf, "TIFF")
    t = bytearray(buf.getvalue())
    ifd = struct.unpack("<I", t[4:8])[0]
    for k in range(struct.unpack("<H", t[ifd : ifd + 2])[0]):
        e = ifd + 2 + 12 * k
        tag, typ = struct.unpack("<HH", t[e : e + 4])
        if tag in (256, 257):
            t[e + 2 : e + 4] = struct.pack("<H", 4)  # LONG
            t[e + 8 : e + 12] = struct.pack("<I", 60_000)
    return bytes(t), ".tif", "bomb"


def mut_exif(r: random.Random) -> tuple[bytes, str, str]:
    """A corrupt EXIF block: the pixels are intact, so the image must still decode."""
    im = benign(r)
    good = _exif(r, orientation=r.choice([0, 9, 65535, 6]))
    bad = r.choice([
        good[:6] + r.randbytes(len(good) - 6),  # TIFF header and IFDs replaced by noise
        good[: r.randrange(6, len(good))],  # cut short
        b"Exif\0\0II*\0" + struct.pack("<I", 0xFFFFFFF0),  # first IFD far past the end
        b"Exif\0\0MM\0*\0\0\0\x08" + struct.pack(">H", 0xFFFF) + r.randbytes(64),  # 65535 entries promised
        _flip(good, r, 8),
    ])
    fmt = r.choice(["JPEG", "WEBP", "PNG"])
    buf = io.BytesIO()
    im.save(buf, fmt, exif=bad)
    return buf.getvalue(), EXT[fmt], "ok"


def mut_xmp(r: random.Random) -> tuple[bytes, str, str]:
    """A hostile XMP packet (broken XML, entity expansion, patterns that backtrack): must decode, quickly."""
    body = r.choice([
        "<x:xmpmeta><rdf:RDF><unclosed",
        "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
        "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><x:xmpmeta>&c;&c;&c;</x:xmpmeta>",
        "<x:xmpmeta>" + "a" * r.randint(20_000, 60_000) + "</x:xmpmeta>",
        "<x:xmpmeta>DigitalSourceType" + " " * r.randint(20_000, 60_000) + "</x:xmpmeta>",
        "<x:xmpmeta>" + "DigitalSourceType " * r.randint(1000, 3000) + "</x:xmpmeta>",
        "<x:xmpmeta>" + "<rdf:li>" * 5000 + "</x:xmpmeta>",
        "<x:xmpmeta>" + "xmp:CreatorTool>" * 3000 + "</x:xmpmeta>",
        XMP.replace("digitalCapture", "trainedAlgorithmicMedia")[: r.randrange(20, len(XMP))],
    ])
    fmt = r.choice(["JPEG", "WEBP", "PNG"])
    buf = io.BytesIO()
    im = benign(r)
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", body)
        im.save(buf, "PNG", pnginfo=info)
    else:
        im.save(buf, fmt, xmp=body.encode()[:65000])  # a JPEG APP1 segment holds < 64 KB
    return buf.getvalue(), EXT[fmt], "ok"


def mut_icc(r: random.Random) -> tuple[bytes, str, str]:
    icc = _srgb()
    bad = r.choice([r.randbytes(r.randint(1, 3000)), icc[: r.randrange(1, len(icc))], _flip(icc, r, 20),
                    b"\0" * 128 + b"acsp" + r.randbytes(200)])
    fmt = r.choice(["JPEG", "WEBP", "PNG"])
    buf = io.BytesIO()
    benign(r).save(buf, fmt, icc_profile=bad)
    return buf.getvalue(), EXT[fmt], "ok"


def mut_jumbf(r: random.Random) -> tuple[bytes, str, str]:
    """Damage inside the APP11 (JUMBF / C2PA) segments only, sizes kept: the JPEG still decodes, the manifest
    reader meets broken boxes (lengths of 0, 1, past the end; flipped labels; noise CBOR)."""
    data = bytearray(c2pa_jpeg(r))
    segs = [(s, e) for m, s, e in _jpeg_segments(bytes(data)) if m == 0xEB]
    s, e = r.choice(segs)
    how = r.choice(["flip", "lbox", "noise", "label"])
    if how == "flip":
        for _ in range(r.randint(1, 40)):
            data[r.randrange(s + 4, e)] = r.randrange(256)
    elif how == "lbox":  # rewrite box length fields (4 bytes before each 'jumb'/'jumd'/'cbor'/'json' type)
        for tag in (b"jumb", b"jumd", b"cbor", b"json", b"bidb", b"uuid"):
            at = data.find(tag, s, e)
            if at - 4 >= s + 4:
                data[at - 4 : at] = struct.pack(">I", r.choice([0, 1, 7, 8, 0xFFFFFFFF, r.randrange(2**32)]))
    elif how == "noise":
        start = r.randrange(s + 12, e - 1)
        data[start:e] = r.randbytes(e - start)
    else:
        at = data.find(b"c2pa", s, e)
        if at >= 0:
            data[at : at + 4] = r.choice([b"c2pb", b"\0\0\0\0", b"jumb"])
    return bytes(data), r.choice([".jpg", ".jpg", ".png"]), "ok"


def mut_png_chunks(r: random.Random) -> tuple[bytes, str, str]:
    png = encode(benign(r), "PNG", r, meta=False)
    kind = r.choice(["deep_json", "ztxt_bomb", "bad_crc", "cabx", "huge_text", "bad_itxt", "iccp"])
    if kind == "deep_json":  # nested far past Python's recursion limit: the text reader must not raise
        text = _png_chunk(b"tEXt", b"parameters\0" + b"[" * 100_000 + b"]" * 100_000)
        return _png_insert(png, text), ".png", "ok"
    if kind == "ztxt_bomb":  # 64 MB of zeros in 64 KB: Pillow refuses text chunks that inflate past its limit
        z = _png_chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"\0" * (64 << 20), 9))
        return _png_insert(png, z), ".png", "any"
    if kind == "bad_crc":
        return _png_insert(png, _png_chunk(b"tEXt", b"Software\0x", crc=r.randrange(2**32))), ".png", "any"
    if kind == "cabx":  # C2PA's PNG chunk holding noise
        return _png_insert(png, _png_chunk(b"caBX", b"\0\0\0\x10jumb" + r.randbytes(r.randint(0, 500)))), ".png", "ok"
    if kind == "huge_text":
        return _png_insert(png, _png_chunk(b"tEXt", b"parameters\0" + b"Steps: 1, Sampler: x" * 40_000)), ".png", "any"
    if kind == "bad_itxt":
        return _png_insert(png, _png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\x01\x00en\0\0" + r.randbytes(300))), \
            ".png", "any"
    return _png_insert(png, _png_chunk(b"iCCP", b"icc\0\0" + r.randbytes(200))), ".png", "any"


def mut_animation(r: random.Random) -> tuple[bytes, str, str]:
    fmt = r.choice(["GIF", "PNG", "WEBP"])
    how = r.choice(["many", "broken_later", "truncated_later"])
    data = animated(r, r.randint(30, 120) if how == "many" else r.randint(3, 8), fmt)
    if how == "many":
        return data, EXT[fmt], "ok"
    if how == "broken_later":  # damage in the last third: the first frame is whole
        b = bytearray(data)
        for _ in range(r.randint(1, 20)):
            b[r.randrange(len(b) * 2 // 3, len(b))] = r.randrange(256)
        return bytes(b), EXT[fmt], "any"
    return data[: r.randrange(len(data) * 2 // 3, len(data))], EXT[fmt], "any"


def mut_alpha(r: random.Random) -> tuple[bytes, str, str]:
    """RGBA with noisy alpha LSBs (where A1111's stealth parameters would hide): the stealth reader's input."""
    im = benign(r).convert("RGBA")
    a = np.asarray(im).copy()
    a[..., 3] = 254 + (np.random.default_rng(r.randrange(2**32)).integers(0, 2, a.shape[:2]))
    fmt = r.choice(["PNG", "WEBP"])
    buf = io.BytesIO()
    Image.fromarray(a, "RGBA").save(buf, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    return buf.getvalue(), EXT[fmt], "ok"


def mut_odd_geometry(r: random.Random) -> tuple[bytes, str, str]:
    """Legal but unusual sizes: 1 px lines, 1x1, a long strip, a big-but-allowed canvas."""
    w, h = r.choice([(1, 1), (1, 4000), (4000, 1), (7999, 3), (2, 2), (3000, 2000)])
    fmt = r.choice(["JPEG", "PNG", "GIF", "WEBP"])
    buf = io.BytesIO()
    Image.new("RGB", (w, h), tuple(r.randrange(256) for _ in range(3))).save(buf, fmt)
    return buf.getvalue(), EXT[fmt], "ok"


MUTATIONS: list[tuple[Mut, float]] = [
    (mut_flip_few, 12), (mut_flip_many, 8), (mut_truncate, 10), (mut_splice, 8), (mut_wrong_ext, 5), (mut_zero, 1),
    (mut_foreign, 4), (mut_bomb, 4), (mut_exif, 8), (mut_xmp, 6), (mut_icc, 5), (mut_jumbf, 8),
    (mut_png_chunks, 6), (mut_animation, 5), (mut_alpha, 3), (mut_odd_geometry, 2),
]


def generate(n: int, seed: int) -> list[Sample]:
    """``n`` mutated images (each mutation at least once) and ``n // 10`` intact benign ones, all distinct."""
    r = random.Random(seed)
    out: list[Sample] = []
    seen: set[bytes] = set()
    i = 0
    while len(out) < n + max(1, n // 10):
        if len(out) >= n:
            fmt = r.choice(["JPEG", "PNG", "WEBP", "GIF"])
            data, ext, mutation, expect = encode(benign(r), fmt, r), EXT[fmt], "intact", "ok"
        else:
            mut = MUTATIONS[i][0] if i < len(MUTATIONS) else r.choices([m for m, _ in MUTATIONS],
                                                                       [w for _, w in MUTATIONS])[0]
            data, ext, expect = mut(r)
            mutation = mut.__name__.removeprefix("mut_")
        i += 1
        key = data if len(data) < 64 else data[:32] + data[-32:] + len(data).to_bytes(8, "little")
        if key in seen and mutation != "zero":
            continue  # the pipeline analyses each distinct blob once: keep the blobs distinct
        seen.add(key)
        out.append(Sample(f"{len(out):05d}_{mutation}{ext}", data, mutation, expect))
    return out


# --- image scan (scan_file) --------------------------------------------------------------------------------

_ANALYSER: Any = None


def _scan_chunk(paths: list[str], content: list[bool]) -> list[tuple[dict[str, Any] | str, float]]:
    """In a worker: scan_file on each path. A raise is returned as its traceback (the check counts it)."""
    global _ANALYSER
    from harrier.detect.image.content import ContentAnalyser
    from harrier.detect.image.scan import scan_file

    if _ANALYSER is None:
        _ANALYSER = ContentAnalyser()
    out: list[tuple[dict[str, Any] | str, float]] = []
    for p, c in zip(paths, content, strict=True):
        t0 = time.perf_counter()
        try:
            out.append((scan_file(p, _ANALYSER, content=c), time.perf_counter() - t0))
        except BaseException:  # noqa: BLE001 - what scan_file must never do: recorded as a crash
            out.append((traceback.format_exc(), time.perf_counter() - t0))
    return out


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))


def image_scan(samples: list[Sample], folder: Path, res: Result, workers: int, content_every: int) -> None:
    paths = [str(folder / s.name) for s in samples]
    content = [i % content_every == 0 for i in range(len(samples))]
    chunks = [list(range(i, min(i + CHUNK, len(samples)))) for i in range(0, len(samples), CHUNK)]
    t0 = time.perf_counter()
    pool = _pool(workers)
    try:
        futures = [(c, pool.submit(_scan_chunk, [paths[i] for i in c], [content[i] for i in c])) for c in chunks]
        for idx, fut in futures:
            try:
                records = fut.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                pool = _pool(workers)
                records = _find_killer(idx, paths, content, samples, res)
            for i, (rec, secs) in zip(idx, records, strict=True):
                _check_record(samples[i], rec, secs, res)
    finally:
        pool.shutdown()
    res.scan_seconds = time.perf_counter() - t0


def _find_killer(idx: list[int], paths: list[str], content: list[bool], samples: list[Sample], res: Result
                 ) -> list[tuple[dict[str, Any] | str, float]]:
    """A worker died (native crash, out of memory) in this chunk: each file again in a pool of its own."""
    out: list[tuple[dict[str, Any] | str, float]] = []
    for i in idx:
        with _pool(1) as one:
            try:
                out += one.submit(_scan_chunk, [paths[i]], [content[i]]).result()
            except BrokenProcessPool:
                out.append(("the worker process died (native crash or out of memory)", 0.0))
    return out


def _check_record(s: Sample, rec: dict[str, Any] | str, secs: float, res: Result) -> None:
    if secs > res.slowest[0]:
        res.slowest = (secs, s.name)
    if isinstance(rec, str):
        res.fail("crashes", Failure(s.name, s.mutation, "image scan raised:\n" + rec))
        return
    if secs > SLOW_S:
        res.fail("wrong", Failure(s.name, s.mutation, f"image scan took {secs:.1f} s"))
    err = rec.get("error")
    if err is None:
        res.decoded += 1
        pdq = rec.get("pdq")
        if not (isinstance(pdq, str) and len(pdq) == 64):
            res.fail("wrong", Failure(s.name, s.mutation, f"no error and no PDQ hash: {str(rec)[:200]}"))
        if s.expect in ("error", "bomb"):
            res.fail("wrong", Failure(s.name, s.mutation, f"decoded ({rec.get('format')} {rec.get('width')}x"
                                                          f"{rec.get('height')}) but must be refused"))
        return
    res.errors += 1
    if not isinstance(err, str) or not err:
        res.fail("wrong", Failure(s.name, s.mutation, f"error that is not a message: {err!r}"))
    if s.expect == "ok":
        res.fail("wrong", Failure(s.name, s.mutation, f"intact pixels, but: {err}"))
    if s.expect == "bomb":
        if "bomb" in err:
            res.bombs += 1
        else:
            res.fail("wrong", Failure(s.name, s.mutation, f"bomb not named as one: {err}"))


# --- pipeline ----------------------------------------------------------------------------------------------


def pipeline(samples: list[Sample], folder: Path, home: Path, res: Result, workers: int) -> None:
    from harrier.config import Settings
    from harrier.ingest import run_ingest
    from harrier.pipeline import scan
    from harrier.store import tables as t
    from harrier.store.db import Store

    (folder / "accounts.jsonl").write_bytes(b'{"id": "a0", "handle": "fuzz"}\n')
    posts = [orjson.dumps({"id": f"p{i}", "author_id": "a0", "created_at": "2026-01-01T00:00:00Z",
                           "media": [{"id": f"m{i}", "type": "image", "path": f"media/{s.name}"}]})
             for i, s in enumerate(samples)]
    (folder / "posts.jsonl").write_bytes(b"\n".join(posts) + b"\n")
    store = Store(Settings(home=home, database_url=f"sqlite:///{home / 'harrier.db'}")).migrate()
    t0 = time.perf_counter()
    try:
        report = run_ingest(store, folder, progress=False)
        f = report.file("posts")
        if f is None or f.accepted != len(samples) or f.media_errors:
            res.fail("lost", Failure("posts.jsonl", "-", f"ingest: {f}"))
        scan(store, workers=workers, progress=False)
    except Exception:  # noqa: BLE001 - the run must complete: a raise is a crash
        res.fail("crashes", Failure("(pipeline)", "-", "ingest or scan raised:\n" + traceback.format_exc()))
        return
    finally:
        res.pipeline_seconds = time.perf_counter() - t0
    scanned: dict[str, set[str]] = defaultdict(set)
    errors: dict[str, dict[str, str]] = defaultdict(dict)
    kinds: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    with store.engine.connect() as c:
        for det, sid in c.execute(select(t.DetectorScan.detector, t.DetectorScan.subject_id)
                                  .where(t.DetectorScan.subject_type == "media")):
            scanned[sid].add(det)
        for det, sid, err in c.execute(select(t.ScanError.detector, t.ScanError.subject_id, t.ScanError.error)
                                       .where(t.ScanError.subject_type == "media")):
            errors[sid][det] = err
        for sid, kind, det, ev in c.execute(select(t.SignalRow.subject_id, t.SignalRow.kind, t.SignalRow.detector,
                                                   t.SignalRow.evidence).where(t.SignalRow.subject_type == "media")):
            kinds[sid][kind].append((det, ev))
    res.pipeline_media = len(samples)
    res.scan_errors = sum(len(v) for v in errors.values())
    for i, s in enumerate(samples):
        _check_media(f"m{i}", s, scanned[f"m{i}"], errors[f"m{i}"], kinds[f"m{i}"], res)


def _check_media(mid: str, s: Sample, scanned: set[str], errors: dict[str, str], kinds: dict[str, list[Any]],
                 res: Result) -> None:
    for det in MEDIA_DETECTORS:
        if (det in scanned) == (det in errors):
            has = "both a scan and an error" if det in scanned else "neither a scan nor an error"
            res.fail("lost", Failure(s.name, s.mutation, f"pipeline: {det} has {has} for {mid}"))
    decode_by = {det for det, _ in kinds.get("image.decode_error", [])}
    hashes = kinds.get("image.hashes", [])
    pdq = any(e.get("field") == "pdq" for _, ev in hashes for e in ev)
    res.decode_errors += bool(decode_by)
    res.hashed += pdq
    if "hash.pdq" in scanned and not hashes:
        res.fail("lost", Failure(s.name, s.mutation, f"pipeline: hash.pdq scanned {mid} without image.hashes"))
    if s.expect == "ok":
        if errors:
            res.fail("wrong", Failure(s.name, s.mutation, f"pipeline: scan_errors for an intact image: {errors}"))
        if decode_by or not pdq:
            res.fail("wrong", Failure(s.name, s.mutation, f"pipeline: intact image, decode_error from {decode_by}, "
                                                          f"PDQ {'present' if pdq else 'missing'}"))
    elif s.expect in ("error", "bomb"):
        for det in ("image.content", "image.provenance"):
            if det not in decode_by and det not in errors:
                res.fail("wrong", Failure(s.name, s.mutation, f"pipeline: {det} recorded no decode error"))
        if pdq:
            res.fail("wrong", Failure(s.name, s.mutation, "pipeline: a PDQ hash for bytes that must not decode"))


# --- run ---------------------------------------------------------------------------------------------------


def run(n: int, seed: int, work: Path, workers: int = 2, content_every: int = 1, pipeline_too: bool = True) -> Result:
    res = Result(seed, n)
    samples = generate(n, seed)
    folder = work / "export"
    (folder / "media").mkdir(parents=True)
    for s in samples:
        (folder / "media" / s.name).write_bytes(s.data)
    res.inputs = len(samples)
    res.mutated = sum(s.mutation != "intact" for s in samples)
    res.bytes = sum(len(s.data) for s in samples)
    res.mutations = Counter(s.mutation for s in samples)
    image_scan(samples, folder / "media", res, workers, content_every)
    if pipeline_too:
        home = work / "home"
        home.mkdir()
        pipeline(samples, folder, home, res, workers)
    return res


def summary(res: Result) -> str:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return (f"seed={res.seed} n={res.n}: inputs={res.inputs:,} images ({res.mutated:,} mutated, "
            f"{res.inputs - res.mutated:,} intact; {res.bytes / 1e6:.1f} MB)\n"
            f"image scan: decoded={res.decoded:,}, errors={res.errors:,} (bombs refused {res.bombs:,}), "
            f"{res.scan_seconds:.1f} s, {res.inputs / max(res.scan_seconds, 1e-9):.1f} images/s, slowest "
            f"{res.slowest[0]:.2f} s ({res.slowest[1]})\n"
            f"pipeline: media={res.pipeline_media:,}, with image.decode_error={res.decode_errors:,}, with a PDQ "
            f"hash={res.hashed:,}, scan_errors rows={res.scan_errors:,}, ingest+scan {res.pipeline_seconds:.1f} s\n"
            f"crashes={res.crashes}, lost={res.lost}, wrong={res.wrong}; peak RSS {me:.0f} MiB (this process), "
            f"{kids:.0f} MiB (largest worker)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="mutated images (plus a tenth as many intact ones)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes (scan and pipeline)")
    ap.add_argument("--content-every", type=int, default=1,
                    help="image scan: faces/age/nudity on every k-th file (the pipeline runs them on all)")
    ap.add_argument("--no-pipeline", action="store_true", help="image scan only")
    ap.add_argument("--keep", type=Path, help="work in this (new) folder and keep it, instead of a temp one")
    args = ap.parse_args(argv)
    # Pillow warns about every corrupt EXIF block it skips: thousands of lines, inherited by the forked workers
    warnings.filterwarnings("ignore", category=UserWarning)
    with tempfile.TemporaryDirectory(prefix="harrier-fuzz-images-") as tmp:
        res = run(args.n, args.seed, args.keep or Path(tmp), args.workers, args.content_every, not args.no_pipeline)
    for f in res.failures[:50]:
        print(f.show(res.seed, res.n))
    if len(res.failures) > 50:
        print(f"... and {len(res.failures) - 50} more failures")
    print(summary(res))
    print("mutations: " + ", ".join(f"{k} {v:,}" for k, v in sorted(res.mutations.items())))
    return 0 if res.ok else 1


if __name__ == "__main__":
    sys.exit(main())
