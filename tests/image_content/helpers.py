"""Benign test images: generated shapes and landscapes, and the (unshipped) UTKFace crops composed into scenes."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

CHILD = "images/1_1_0_20170103213335661.jpg.chip.jpg"  # labelled age 1
ADULT = "images/26_0_2_20170103181248536.jpg.chip.jpg"  # labelled age 26


def shapes(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """Random coloured rectangles, ellipses and lines on a gradient: nothing a face or body detector should see."""
    rng = np.random.default_rng(seed)
    w, h = size
    grad = np.linspace(0, 1, w)[None, :, None] * rng.integers(0, 255, 3)[None, None, :]
    base = np.broadcast_to(grad, (h, w, 3)).astype(np.uint8)
    im = Image.fromarray(np.ascontiguousarray(base))
    d = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(3, 9))):
        x0, y0 = int(rng.integers(0, w - 10)), int(rng.integers(0, h - 10))
        x1, y1 = x0 + int(rng.integers(8, w // 2)), y0 + int(rng.integers(8, h // 2))
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        [d.rectangle, d.ellipse][int(rng.integers(0, 2))]((x0, y0, x1, y1), fill=colour)
        d.line((int(rng.integers(0, w)), 0, int(rng.integers(0, w)), h), fill=colour, width=3)
    return im


def landscape(size: tuple[int, int] = (1000, 700)) -> Image.Image:
    """Sky gradient, hills and a sun: a benign generated landscape."""
    w, h = size
    sky = np.linspace([90, 150, 230], [200, 225, 250], h)[:, None, :].repeat(w, axis=1).astype(np.uint8)
    im = Image.fromarray(sky)
    d = ImageDraw.Draw(im)
    d.ellipse((w * 0.7, h * 0.1, w * 0.8, h * 0.1 + w * 0.1), fill=(250, 220, 90))
    d.polygon([(0, h * 0.7), (w * 0.3, h * 0.45), (w * 0.6, h * 0.75), (w, h * 0.5), (w, h), (0, h)],
              fill=(60, 120, 60))
    return im


def scene_with_faces(faces: Path, positions: list[tuple[str, tuple[int, int]]]) -> Image.Image:
    """A landscape with face crops pasted at the given top-left positions."""
    im = landscape()
    for rel, pos in positions:
        im.paste(Image.open(faces / rel).convert("RGB"), pos)
    return im


def jpeg_bytes(im: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
