"""Malformed images never crash a scan: >= 1,000 mutated files, each gives a result or an ``error``."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from harrier.detect.image.content import ContentAnalyser
from harrier.detect.image.scan import scan_file

from .helpers import CHILD, shapes

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def _bases(fixtures: Path, faces: Path) -> dict[str, bytes]:
    """Small real files of each format, from a shipped photo, a face crop and generated shapes."""
    photo = Image.open(fixtures / "provenance" / "negatives" / "c2pa-rs__IMG_0003.jpg").convert("RGB")
    photo.thumbnail((96, 96))
    face = Image.open(faces / CHILD).convert("RGB").resize((64, 64))
    out = {}
    for i, im in enumerate((photo, face, shapes(1, (80, 60)))):
        for fmt, ext in FORMATS.items():
            buf = io.BytesIO()
            if fmt == "GIF":
                frames = [im.convert("P"), im.rotate(90).convert("P")]
                frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
            else:
                im.save(buf, fmt)
            out[f"{i}{ext}"] = buf.getvalue()
    return out


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bombs() -> dict[str, bytes]:
    """Headers that promise billions of pixels (a decoder that believes them exhausts memory)."""
    ihdr = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
    idat = _png_chunk(b"IDAT", zlib.compress(b"\0" * 300_001))
    png = b"\x89PNG\r\n\x1a\n" + ihdr + idat + _png_chunk(b"IEND", b"")
    gif = b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00" + b",\0\0\0\0" + struct.pack(
        "<HH", 65535, 65535) + b"\x00\x02\x02\x44\x01\x00;"
    buf = io.BytesIO()
    Image.new("L", (8, 8)).save(buf, "JPEG")
    jpeg = bytearray(buf.getvalue())
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5:sof + 9] = struct.pack(">HH", 65000, 65000)
    return {"bomb.png": png, "bomb.gif": gif, "bomb.jpg": bytes(jpeg)}


def _mutants(bases: dict[str, bytes], rng: np.random.Generator) -> dict[str, bytes]:
    files: dict[str, bytes] = {"zero.jpg": b"", "zero.png": b"", "text.png": b"hello, not an image\n",
                               "random.webp": rng.bytes(2048), **_bombs()}
    names = sorted(bases)
    n = 0
    while len(files) < 1100:
        name = names[n % len(names)]
        data = bytearray(bases[name])
        ext = Path(name).suffix
        how = n % 5
        if how == 0:  # truncated
            data = data[: int(rng.integers(1, len(data)))]
        elif how in (1, 2):  # random byte flips, few or many
            for _ in range(int(rng.integers(1, 4 if how == 1 else 60))):
                data[int(rng.integers(0, len(data)))] = int(rng.integers(0, 256))
        elif how == 3:  # a block overwritten or inserted
            at = int(rng.integers(0, len(data)))
            block = rng.bytes(int(rng.integers(1, 64)))
            data = data[:at] + block + data[at + (len(block) if rng.random() < 0.5 else 0):]
        else:  # wrong extension, sometimes also flipped
            ext = [e for e in FORMATS.values() if e != ext][n % 3]
            if rng.random() < 0.5:
                data[int(rng.integers(0, len(data)))] ^= 0xFF
        files[f"m{n:04d}_{name}{ext}"] = bytes(data)
        n += 1
    return files


@pytest.mark.slow
def test_fuzzed_files_never_crash_a_scan(fixtures: Path, faces_dir: Path, tmp_path: Path) -> None:
    rng = np.random.default_rng(20261123)
    files = _mutants(_bases(fixtures, faces_dir), rng)
    assert len(files) >= 1000
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    analyser = ContentAnalyser()
    t0 = time.process_time()  # CPU time: the budget is our cost, not the share a busy shared box gives us
    # Every file goes through decode + provenance + PDQ. The models see decoded RGB pixels whatever the bytes
    # were, so they run on the decodable files with unusual geometry (a flipped size byte: 1 px tall, 16k wide...)
    # and on every 4th of the rest; running them on all ~800 takes minutes on a loaded 2-core box.
    results = {name: scan_file(tmp_path / name, analyser, content=False) for name in files}
    usual = {Image.open(io.BytesIO(b)).size for b in _bases(fixtures, faces_dir).values()}
    decodable = [n for n, r in results.items() if r["error"] is None]
    chosen = [n for i, n in enumerate(decodable) if i % 4 == 0 or (results[n]["width"], results[n]["height"])
              not in usual]
    for name in chosen:
        results[name] = scan_file(tmp_path / name, analyser)
    elapsed = time.process_time() - t0
    for name, rec in results.items():
        assert rec["path"] == str(tmp_path / name)
        if rec["error"] is None:  # a result: every field is there and well-formed
            assert rec["pdq"] and len(rec["pdq"]) == 64 and rec["ai_generated"] in ("yes", "no", "unknown")
            assert isinstance(rec["faces"], list) and isinstance(rec["nudity"], list)
            if name in chosen:
                assert rec["nudity_score"] == 0.0  # benign pixels, however mangled
        else:
            assert isinstance(rec["error"], str) and rec["error"]
    errors = [r for r in results.values() if r["error"]]
    assert 100 < len(errors) < len(results) - 100, "both outcomes must be exercised"
    for bomb in ("bomb.png", "bomb.gif", "bomb.jpg"):
        assert "bomb" in results[bomb]["error"] or "pixels" in results[bomb]["error"], results[bomb]
    assert results["zero.jpg"]["error"].startswith("empty file")
    assert len(chosen) >= 150
    assert elapsed < 60, f"{len(files)} files ({len(chosen)} with models) took {elapsed:.1f}s"
