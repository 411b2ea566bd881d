"""Images for the evaluation platform: ordinary photos composed from face crops or drawn shapes, and AI images
with the provenance markers real generators leave (AUTOMATIC1111 ``parameters``, IPTC DigitalSourceType in XMP).

Every person is fully clothed (a plain shirt or dress shape under the face); nothing here draws a body beyond
head and shoulders. Real face crops (UTKFace, labelled with age) are used when a faces folder is given; otherwise
faces are drawn, so the generator also runs in a bare checkout.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps
from PIL.PngImagePlugin import PngInfo

Color = tuple[int, int, int]

TRAINED_ALGORITHMIC = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
DIGITAL_CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"

SKIN_TONES: list[Color] = [(255, 224, 196), (241, 194, 160), (224, 172, 134), (198, 134, 96), (160, 104, 70),
                           (118, 76, 52), (250, 210, 180)]
HAIR_COLOURS: list[Color] = [(40, 28, 20), (70, 46, 30), (120, 80, 40), (200, 160, 90), (20, 20, 22), (150, 60, 30),
                             (230, 200, 140)]
SHIRT_COLOURS: list[Color] = [(200, 40, 50), (40, 90, 180), (250, 210, 60), (60, 150, 90), (240, 240, 240),
                              (30, 30, 40), (240, 150, 180), (120, 80, 170), (250, 130, 50), (90, 180, 200)]
PASTELS: list[Color] = [(255, 214, 224), (214, 232, 255), (255, 241, 204), (224, 255, 230), (240, 220, 255),
                        (255, 228, 210)]


# --------------------------------------------------------------------------------------------------- faces


@dataclass(frozen=True)
class Face:
    key: str
    age: int
    gender: str  # "f" or "m"
    image: Image.Image  # RGBA, square, feathered alpha around the face
    skin: Color


def _feathered_mask(size: int, box: tuple[float, float, float, float], blur: float) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).ellipse([int(v * size) for v in box], fill=255)
    return mask.filter(ImageFilter.GaussianBlur(blur))


def _real_face(path: Path, key: str, age: int, gender: str) -> Face:
    img = Image.open(path).convert("RGB").resize((200, 200))
    arr = np.asarray(img)
    skin = tuple(int(v) for v in arr[80:130, 70:130].reshape(-1, 3).mean(axis=0))
    rgba = img.convert("RGBA")
    rgba.putalpha(_feathered_mask(200, (0.08, 0.02, 0.92, 1.0), 7))
    return Face(key=key, age=age, gender=gender, image=rgba, skin=skin)  # type: ignore[arg-type]


def _drawn_face(rng: random.Random, key: str, age: int, gender: str) -> Face:
    """A simple drawn face: skin oval, eyes, brows, nose, mouth; children get rounder faces and bigger eyes."""
    size = 200
    child = age < 13
    skin = rng.choice(SKIN_TONES)
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse([22, 8 if child else 4, 178, 196], fill=skin + (255,))
    eye_y = 98 if child else 86
    eye_r = 13 if child else 9
    iris = rng.choice([(60, 40, 25), (40, 80, 140), (50, 110, 60), (30, 30, 30)])
    for ex in (68, 132):
        d.ellipse([ex - eye_r - 4, eye_y - eye_r, ex + eye_r + 4, eye_y + eye_r], fill=(255, 255, 255, 255))
        d.ellipse([ex - eye_r + 2, eye_y - eye_r + 2, ex + eye_r - 2, eye_y + eye_r - 2], fill=iris + (255,))
        d.ellipse([ex - 3, eye_y - 3, ex + 3, eye_y + 3], fill=(10, 10, 10, 255))
        d.line([ex - 16, eye_y - eye_r - 10, ex + 14, eye_y - eye_r - 13], fill=(60, 40, 30, 255), width=4)
    nose = tuple(max(0, c - 50) for c in skin) + (255,)
    d.line([100, eye_y + 10, 94, eye_y + 38, 104, eye_y + 40], fill=nose, width=3)
    mouth_y = eye_y + 60
    d.arc([74, mouth_y - 16, 126, mouth_y + 12], 20, 160, fill=(170, 60, 60, 255), width=4)
    if child:
        for cx in (52, 148):
            d.ellipse([cx - 14, mouth_y - 28, cx + 14, mouth_y - 10], fill=(250, 160, 160, 90))
    if age >= 30 and gender == "m" and rng.random() < 0.4:
        d.chord([50, mouth_y - 10, 150, 196], 0, 180, fill=rng.choice(HAIR_COLOURS) + (220,))
    alpha = img.getchannel("A").filter(ImageFilter.GaussianBlur(1.5))
    img.putalpha(alpha)
    return Face(key=key, age=age, gender=gender, image=img, skin=skin)


class FaceLibrary:
    """Face crops by age: real ones from ``faces_dir`` (``labels.csv`` with ``file``, ``age``, ``gender``), else drawn.

    Ages 13-17 are never used: children are 0-12 and adults 18 or over.
    """

    def __init__(self, faces_dir: Path | None, seed: int) -> None:
        self.faces: list[Face] = []
        self.real = False
        if faces_dir is not None and (Path(faces_dir) / "labels.csv").is_file():
            with (Path(faces_dir) / "labels.csv").open(encoding="utf-8") as fh:
                rows = sorted(csv.DictReader(fh), key=lambda r: r["file"])
            for row in rows:
                path = Path(faces_dir) / row["file"]
                try:
                    age = int(row["age"])
                except (KeyError, ValueError):
                    continue
                if 13 <= age <= 17 or not path.is_file():
                    continue
                gender = "f" if row.get("gender", "").lower().startswith("f") else "m"
                self.faces.append(_real_face(path, row["file"], age, gender))
            self.real = bool(self.faces)
        if not self.real:
            rng = random.Random(f"drawn-faces:{seed}")
            ages = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 3, 5, 7, 9] + [18, 19, 20, 21, 22, 23, 24, 25, 19, 22]
            ages += [27, 31, 34, 38, 42, 45, 51, 58, 33, 29, 64, 70]
            for i, age in enumerate(ages):
                gender = "f" if i % 2 == 0 else "m"
                self.faces.append(_drawn_face(rng, f"drawn-{i:02d}", age, gender))

    def pool(self, lo: int, hi: int, gender: str | None = None) -> list[Face]:
        faces = [f for f in self.faces if lo <= f.age <= hi]
        if gender is not None:
            faces = [f for f in faces if f.gender == gender] or faces
        return faces

    def pick(self, rng: random.Random, lo: int, hi: int, gender: str | None = None) -> Face:
        faces = self.pool(lo, hi, gender) or self.pool(lo, 150) or self.faces
        return rng.choice(faces)


# --------------------------------------------------------------------------------------------------- drawing


def _gradient(w: int, h: int, top: Color, bottom: Color) -> Image.Image:
    t = np.linspace(0.0, 1.0, h)[:, None, None]
    arr = (np.array(top)[None, None, :] * (1 - t) + np.array(bottom)[None, None, :] * t).astype(np.float32)
    return Image.fromarray(np.repeat(arr, w, axis=1).clip(0, 255).astype(np.uint8), "RGB")


def _jitter(c: Color, rng: random.Random, amount: int = 18) -> Color:
    return tuple(max(0, min(255, v + rng.randint(-amount, amount))) for v in c)  # type: ignore[return-value]


def _photo_finish(img: Image.Image, rng: random.Random) -> Image.Image:
    """Camera look: a little softness, sensor noise and a colour cast."""
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    nrng = np.random.default_rng(rng.getrandbits(32))
    arr = np.asarray(img).astype(np.float32)
    noise = nrng.standard_normal(arr.shape[:2], dtype=np.float32)[:, :, None] * np.float32(rng.uniform(2.5, 7.0))
    cast = np.array([rng.uniform(-8, 8), rng.uniform(-5, 5), rng.uniform(-8, 8)], dtype=np.float32)
    arr += noise + cast
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")


@functools.lru_cache(maxsize=16)
def _vignette(w: int, h: int) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.sqrt(((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2)
    return (1.0 - 0.28 * np.clip(r - 0.55, 0, 1))[:, :, None].astype(np.float32)


def _ai_finish(img: Image.Image, rng: random.Random) -> Image.Image:
    """Generator look: smooth skin and surfaces, saturated colour, soft glow, vignette."""
    img = img.filter(ImageFilter.SMOOTH_MORE)
    img = ImageEnhance.Color(img).enhance(rng.uniform(1.2, 1.5))
    w, h = img.size
    small = img.resize((w // 4, h // 4), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(2.5))
    glow = small.resize((w, h), Image.Resampling.BILINEAR).point(lambda v: min(255, int(v * 1.15)))
    img = Image.blend(img, glow, rng.uniform(0.18, 0.32))
    arr = np.asarray(img).astype(np.float32) * _vignette(w, h)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")


def _person(img: Image.Image, rng: random.Random, face: Face, cx: float, cy: float, fw: float,
            shirt: Color, *, long_hair: bool = False, armour: bool = False) -> None:
    """Head and shoulders: shirt, neck, hair behind, then the face crop on top."""
    d = ImageDraw.Draw(img)
    w, h = img.size
    child = face.age < 13
    shoulder_w = fw * (1.5 if child else 2.0)
    top = cy + fw * 0.55
    if armour:
        metal = rng.choice([(170, 175, 190), (190, 160, 90), (90, 95, 110)])
        d.polygon([(cx - shoulder_w, h), (cx - shoulder_w * 0.9, top + fw * 0.25), (cx - fw * 0.3, top),
                   (cx + fw * 0.3, top), (cx + shoulder_w * 0.9, top + fw * 0.25), (cx + shoulder_w, h)], fill=metal)
        for k in range(3):
            y = top + fw * (0.35 + 0.25 * k)
            d.arc([cx - shoulder_w * 0.8, y - fw * 0.2, cx + shoulder_w * 0.8, y + fw * 0.2], 0, 180,
                  fill=tuple(min(255, c + 50) for c in metal), width=max(2, int(fw * 0.03)))
    else:
        d.rounded_rectangle([cx - shoulder_w, top + fw * 0.15, cx + shoulder_w, h + fw], radius=int(fw * 0.45),
                            fill=shirt)
        d.ellipse([cx - fw * 0.32, top + fw * 0.02, cx + fw * 0.32, top + fw * 0.36], fill=face.skin)
        d.chord([cx - fw * 0.32, top - fw * 0.02, cx + fw * 0.32, top + fw * 0.3], 0, 180,
                fill=tuple(max(0, c - 25) for c in shirt))
    hair = rng.choice(HAIR_COLOURS)
    d.ellipse([cx - fw * 0.52, cy - fw * 0.62, cx + fw * 0.52, cy + fw * 0.22], fill=hair)
    if long_hair:
        for sx in (-1, 1):
            x0, x1 = sorted((cx + sx * fw * 0.28, cx + sx * fw * 0.58))
            d.rounded_rectangle([x0, cy - fw * 0.25, x1, cy + fw * rng.uniform(0.8, 1.05)], radius=int(fw * 0.14),
                                fill=hair)
    d.rectangle([cx - fw * 0.19, cy + fw * 0.3, cx + fw * 0.19, top + fw * 0.2], fill=face.skin)
    size = max(8, int(fw))
    face_img = face.image.resize((size, size), Image.Resampling.LANCZOS)
    if rng.random() < 0.5:
        face_img = ImageOps.mirror(face_img)
    angle = rng.uniform(-8, 8)
    face_img = face_img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False)
    img.paste(face_img, (int(cx - size / 2), int(cy - size / 2)), face_img)


def _sky(w: int, h: int, rng: random.Random) -> Image.Image:
    top = _jitter((90, 150, 220), rng, 25)
    bottom = _jitter((200, 225, 245), rng, 15)
    return _gradient(w, h, top, bottom)


def _trees(d: ImageDraw.ImageDraw, rng: random.Random, w: int, ground: int, n: int) -> None:
    for _ in range(n):
        x = rng.randint(0, w)
        s = rng.randint(18, 45)
        d.rectangle([x - s // 8, ground - s, x + s // 8, ground + 4], fill=(90, 60, 35))
        d.ellipse([x - s, ground - s * 2.4, x + s, ground - s * 0.6], fill=_jitter((50, 120, 60), rng, 25))


def _background(w: int, h: int, rng: random.Random, kind: str) -> Image.Image:
    if kind == "park":
        img = _sky(w, h, rng)
        d = ImageDraw.Draw(img)
        ground = int(h * rng.uniform(0.5, 0.65))
        d.rectangle([0, ground, w, h], fill=_jitter((90, 160, 70), rng))
        _trees(d, rng, w, ground, rng.randint(2, 6))
        return img
    if kind == "beach":
        img = _sky(w, h, rng)
        d = ImageDraw.Draw(img)
        sea = int(h * rng.uniform(0.4, 0.5))
        d.rectangle([0, sea, w, int(h * 0.62)], fill=_jitter((40, 120, 180), rng))
        d.rectangle([0, int(h * 0.62), w, h], fill=_jitter((230, 210, 160), rng))
        return img
    if kind == "birthday":
        img = _gradient(w, h, _jitter((250, 235, 215), rng), _jitter((230, 210, 190), rng))
        d = ImageDraw.Draw(img)
        for _ in range(rng.randint(4, 8)):
            x, y = rng.randint(0, w), rng.randint(0, int(h * 0.35))
            r = rng.randint(14, 26)
            col = rng.choice(SHIRT_COLOURS)
            d.line([x, y + r, x + rng.randint(-10, 10), y + r * 4], fill=(120, 120, 120), width=1)
            d.ellipse([x - r, y - int(r * 1.2), x + r, y + int(r * 1.2)], fill=col)
        d.rectangle([0, int(h * 0.8), w, h], fill=_jitter((160, 110, 70), rng))
        cx = rng.randint(int(w * 0.2), int(w * 0.8))
        d.rectangle([cx - 40, int(h * 0.72), cx + 40, int(h * 0.82)], fill=(250, 240, 240))
        for k in range(rng.randint(3, 8)):
            x = cx - 30 + k * 9
            d.rectangle([x, int(h * 0.66), x + 3, int(h * 0.72)], fill=rng.choice(SHIRT_COLOURS))
        return img
    if kind == "kitchen":
        img = Image.new("RGB", (w, h), _jitter((235, 235, 228), rng))
        d = ImageDraw.Draw(img)
        step = rng.randint(24, 40)
        for x in range(0, w, step):
            d.line([x, 0, x, int(h * 0.7)], fill=(205, 205, 200))
        for y in range(0, int(h * 0.7), step):
            d.line([0, y, w, y], fill=(205, 205, 200))
        d.rectangle([0, int(h * 0.7), w, h], fill=_jitter((150, 110, 80), rng))
        return img
    if kind == "bedroom":
        img = _gradient(w, h, _jitter((225, 215, 235), rng), _jitter((200, 190, 215), rng))
        d = ImageDraw.Draw(img)
        x = rng.randint(0, w // 2)
        d.rectangle([x, int(h * 0.08), x + w // 3, int(h * 0.45)], fill=_jitter((180, 210, 240), rng),
                    outline=(250, 250, 250), width=5)
        return img
    # living room
    img = _gradient(w, h, _jitter((238, 226, 205), rng), _jitter((215, 200, 180), rng))
    d = ImageDraw.Draw(img)
    d.rectangle([0, int(h * 0.72), w, h], fill=_jitter((140, 100, 70), rng))
    d.rounded_rectangle([int(w * 0.05), int(h * 0.5), int(w * 0.95), int(h * 0.8)], radius=20,
                        fill=_jitter((110, 120, 140), rng))
    fx = rng.randint(10, w - 90)
    d.rectangle([fx, int(h * 0.08), fx + 70, int(h * 0.28)], fill=_jitter((200, 180, 140), rng),
                outline=(90, 60, 40), width=4)
    return img


def family_photo(rng: random.Random, size: tuple[int, int], kids: list[Face], adult: Face | None) -> Image.Image:
    w, h = size
    img = _background(w, h, rng, rng.choice(["park", "beach", "birthday", "kitchen", "living"]))
    people: list[tuple[Face, bool]] = [(k, False) for k in kids] + ([(adult, True)] if adult else [])
    rng.shuffle(people)
    n = len(people)
    for i, (face, is_adult) in enumerate(people):
        cx = w * (i + 0.5) / n + rng.uniform(-w * 0.04, w * 0.04)
        fw = min(w / n * 0.62, w * (0.3 if is_adult else 0.26)) * rng.uniform(0.85, 1.1)
        cy = h * (0.36 if is_adult else rng.uniform(0.45, 0.55))
        _person(img, rng, face, cx, cy, fw, rng.choice(SHIRT_COLOURS), long_hair=face.gender == "f")
    return _photo_finish(img, rng)


def ai_child_image(rng: random.Random, size: tuple[int, int], kid: Face) -> Image.Image:
    w, h = size
    img = _gradient(w, h, rng.choice(PASTELS), rng.choice(PASTELS))
    over = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(over)
    for _ in range(rng.randint(8, 18)):
        x, y, r = rng.randint(0, w), rng.randint(0, h), rng.randint(10, 45)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, rng.randint(40, 110)))
    over = over.filter(ImageFilter.GaussianBlur(6))
    img.paste(over, (0, 0), over)
    d2 = ImageDraw.Draw(img)
    if rng.random() < 0.6:
        ground = int(h * 0.78)
        d2.rectangle([0, ground, w, h], fill=_jitter((150, 200, 130), rng))
        for _ in range(rng.randint(20, 45)):
            x, y = rng.randint(0, w), rng.randint(ground, h)
            r = rng.randint(3, 7)
            petal = rng.choice([(255, 240, 120), (255, 180, 200), (250, 250, 250)])
            d2.ellipse([x - r, y - r, x + r, y + r], fill=petal)
    _person(img, rng, kid, w * rng.uniform(0.42, 0.58), h * rng.uniform(0.38, 0.46), w * rng.uniform(0.32, 0.4),
            rng.choice(PASTELS[:3] + [(250, 200, 210), (200, 230, 250)]), long_hair=kid.gender == "f")
    for _ in range(rng.randint(5, 12)):
        x, y, r = rng.randint(0, w), rng.randint(0, int(h * 0.5)), rng.randint(3, 7)
        d2.line([x - r, y, x + r, y], fill=(255, 255, 230), width=2)
        d2.line([x, y - r, x, y + r], fill=(255, 255, 230), width=2)
    return _ai_finish(img, rng)


def selfie(rng: random.Random, size: tuple[int, int], face: Face) -> Image.Image:
    w, h = size
    img = _background(w, h, rng, rng.choice(["bedroom", "living", "park", "beach", "kitchen"]))
    _person(img, rng, face, w * rng.uniform(0.4, 0.6), h * rng.uniform(0.38, 0.46), w * rng.uniform(0.36, 0.46),
            rng.choice(SHIRT_COLOURS), long_hair=face.gender == "f" or rng.random() < 0.1)
    return _photo_finish(img, rng)


def ai_adult_portrait(rng: random.Random, size: tuple[int, int], face: Face) -> Image.Image:
    w, h = size
    img = _gradient(w, h, _jitter((30, 20, 70), rng, 25), _jitter((120, 40, 110), rng, 30))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 8)):
        x, y, r = rng.randint(0, w), rng.randint(0, h), rng.randint(15, 60)
        d.ellipse([x - r, y - r, x + r, y + r], fill=_jitter((90, 200, 255), rng, 60))
    img = img.filter(ImageFilter.GaussianBlur(8))
    _person(img, rng, face, w * 0.5, h * rng.uniform(0.36, 0.42), w * rng.uniform(0.32, 0.38),
            rng.choice(SHIRT_COLOURS), long_hair=rng.random() < 0.6, armour=rng.random() < 0.6)
    return _ai_finish(img, rng)


def ai_landscape(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = _gradient(w, h, _jitter((40, 20, 90), rng, 30), _jitter((250, 140, 90), rng, 30))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(30, 70)):
        x, y = rng.randint(0, w), rng.randint(0, h // 2)
        d.point((x, y), fill=(255, 255, 255))
    mx, my, mr = rng.randint(40, w - 40), rng.randint(30, h // 3), rng.randint(25, 55)
    d.ellipse([mx - mr, my - mr, mx + mr, my + mr], fill=(250, 240, 220))
    for layer in range(3):
        base = int(h * (0.55 + 0.12 * layer))
        col = _jitter((60 - layer * 15, 40 + layer * 10, 100 - layer * 20), rng, 15)
        pts = [(0, h)]
        x = 0
        while x < w:
            pts.append((x, base - rng.randint(10, 90 - layer * 20)))
            x += rng.randint(30, 80)
        pts += [(w, base), (w, h)]
        d.polygon(pts, fill=col)
    if rng.random() < 0.5:
        cx = rng.randint(60, w - 60)
        base = int(h * 0.56)
        d.rectangle([cx - 25, base - 60, cx + 25, base], fill=(25, 20, 40))
        for tx in (cx - 30, cx + 18):
            d.rectangle([tx, base - 90, tx + 12, base], fill=(25, 20, 40))
            d.polygon([(tx - 3, base - 90), (tx + 6, base - 110), (tx + 15, base - 90)], fill=(25, 20, 40))
    return _ai_finish(img, rng)


def food_photo(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = Image.new("RGB", (w, h), _jitter((170, 125, 85), rng, 30))
    d = ImageDraw.Draw(img)
    for y in range(0, h, rng.randint(18, 30)):
        d.line([0, y, w, y + rng.randint(-4, 4)], fill=_jitter((140, 100, 65), rng, 15), width=2)
    cx, cy = w * rng.uniform(0.4, 0.6), h * rng.uniform(0.4, 0.6)
    r = min(w, h) * rng.uniform(0.3, 0.4)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(245, 245, 242), outline=(215, 215, 210), width=6)
    food = [(200, 60, 40), (240, 190, 80), (90, 150, 60), (150, 80, 40), (250, 220, 150), (230, 120, 60)]
    for _ in range(rng.randint(6, 16)):
        a, rr = rng.uniform(0, 2 * math.pi), rng.uniform(0, r * 0.6)
        fx, fy, s = cx + rr * math.cos(a), cy + rr * math.sin(a), rng.uniform(r * 0.1, r * 0.3)
        d.ellipse([fx - s, fy - s * rng.uniform(0.6, 1.0), fx + s, fy + s], fill=_jitter(rng.choice(food), rng))
    d.rounded_rectangle([cx + r + 12, cy - r, cx + r + 24, cy + r], radius=6, fill=(200, 200, 205))
    if rng.random() < 0.5:
        gx, gy = rng.randint(10, int(w * 0.25)), rng.randint(10, int(h * 0.25))
        d.ellipse([gx, gy, gx + 50, gy + 50], fill=(220, 235, 245), outline=(180, 190, 200), width=3)
    return _photo_finish(img, rng)


def place_photo(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    kind = rng.choice(["mountain", "lake", "beach", "city"])
    img = _sky(w, h, rng)
    d = ImageDraw.Draw(img)
    if rng.random() < 0.6:
        sx, sy, sr = rng.randint(20, w - 20), rng.randint(15, h // 4), rng.randint(14, 30)
        d.ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=(255, 240, 190))
    for _ in range(rng.randint(1, 4)):
        x, y = rng.randint(0, w), rng.randint(10, h // 3)
        d.ellipse([x - 50, y - 14, x + 50, y + 14], fill=(245, 245, 250))
    if kind == "city":
        x = 0
        while x < w:
            bw, bh = rng.randint(30, 70), rng.randint(int(h * 0.2), int(h * 0.7))
            col = _jitter((110, 110, 120), rng, 30)
            d.rectangle([x, h - bh, x + bw, h], fill=col)
            for wy in range(h - bh + 8, h - 10, 14):
                for wx in range(x + 5, x + bw - 8, 12):
                    if rng.random() < 0.7:
                        lit = rng.random() < 0.4
                        d.rectangle([wx, wy, wx + 6, wy + 8], fill=(250, 230, 150) if lit else (70, 80, 90))
            x += bw + rng.randint(0, 6)
    else:
        base = int(h * rng.uniform(0.55, 0.65))
        pts = [(0, base)]
        x = 0
        while x < w:
            pts.append((x, base - rng.randint(20, 140)))
            x += rng.randint(40, 100)
        pts += [(w, base), (w, h), (0, h)]
        d.polygon(pts, fill=_jitter((100, 110, 130), rng, 20))
        if kind == "lake":
            d.rectangle([0, base, w, h], fill=_jitter((60, 110, 160), rng))
        elif kind == "beach":
            d.rectangle([0, base, w, int(h * 0.8)], fill=_jitter((40, 130, 180), rng))
            d.rectangle([0, int(h * 0.8), w, h], fill=_jitter((230, 210, 160), rng))
            ux = rng.randint(40, w - 40)
            d.line([ux, int(h * 0.7), ux, int(h * 0.92)], fill=(80, 60, 40), width=3)
            d.pieslice([ux - 40, int(h * 0.64), ux + 40, int(h * 0.78)], 180, 360, fill=rng.choice(SHIRT_COLOURS))
        else:
            d.rectangle([0, base, w, h], fill=_jitter((80, 140, 70), rng))
            _trees(d, rng, w, base + 20, rng.randint(3, 8))
    return _photo_finish(img, rng)


# --------------------------------------------------------------------------------------------------- provenance

SAMPLERS = ["Euler a", "DPM++ 2M Karras", "DPM++ SDE Karras", "DDIM", "UniPC", "DPM++ 2M SDE Karras", "Euler"]
MODELS = ["realisticVisionV51_v51VAE", "dreamshaper_8", "epicrealism_naturalSinRC1VAE", "juggernautXL_v9",
          "absolutereality_v181", "cyberrealistic_v40", "revAnimated_v122", "v1-5-pruned-emaonly", "sd_xl_base_1.0",
          "majicmixRealistic_v7"]
A1111_VERSIONS = ["v1.6.0", "v1.7.0", "v1.8.0", "v1.9.4", "v1.10.1"]
XMP_TOOLS = ["Adobe Firefly", "Microsoft Designer", "Bing Image Creator", "Canva AI", "Google Imagen",
             "Stable Diffusion 3", "DALL·E 3"]


def a1111_parameters(rng: random.Random, prompt: str, size: tuple[int, int]) -> str:
    """The ``parameters`` text AUTOMATIC1111's web UI writes: prompt, negative prompt, then one settings line."""
    from .text import NEGATIVE_PROMPTS

    fields = [
        f"Steps: {rng.choice([20, 25, 28, 30, 35, 40])}",
        f"Sampler: {rng.choice(SAMPLERS)}",
        f"CFG scale: {rng.choice([5, 5.5, 6, 7, 7.5, 8, 9])}",
        f"Seed: {rng.randint(10**8, 2**32 - 1)}",
        f"Size: {size[0]}x{size[1]}",
        f"Model hash: {rng.getrandbits(40):010x}",
        f"Model: {rng.choice(MODELS)}",
    ]
    if rng.random() < 0.4:
        fields.append("Clip skip: 2")
    if rng.random() < 0.3:
        fields.append(f"Denoising strength: {rng.choice([0.3, 0.4, 0.45, 0.5])}")
        fields.append(f"Hires upscale: {rng.choice([1.5, 2])}")
        fields.append(f"Hires upscaler: {rng.choice(['Latent', '4x-UltraSharp', 'R-ESRGAN 4x+'])}")
    if rng.random() < 0.25:
        fields.append("ADetailer model: face_yolov8n.pt")
    fields.append(f"Version: {rng.choice(A1111_VERSIONS)}")
    lines = [prompt]
    if rng.random() < 0.85:
        lines.append(f"Negative prompt: {rng.choice(NEGATIVE_PROMPTS)}")
    lines.append(", ".join(fields))
    return "\n".join(lines)


def xmp_packet(rng: random.Random, source_type: str, tool: str | None = None) -> str:
    """An XMP packet carrying ``Iptc4xmpExt:DigitalSourceType`` (as attribute or element, both are valid RDF)."""
    tool = tool or rng.choice(XMP_TOOLS)
    ns = ('xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
          'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"')
    if rng.random() < 0.5:
        body = (f'<rdf:Description rdf:about="" {ns} xmp:CreatorTool="{tool}" '
                f'Iptc4xmpExt:DigitalSourceType="{source_type}"/>')
    else:
        body = (f'<rdf:Description rdf:about="" {ns}>\n'
                f"   <xmp:CreatorTool>{tool}</xmp:CreatorTool>\n"
                f"   <Iptc4xmpExt:DigitalSourceType>{source_type}</Iptc4xmpExt:DigitalSourceType>\n"
                f"  </rdf:Description>")
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f"  {body}\n"
            " </rdf:RDF>\n"
            "</x:xmpmeta>\n"
            '<?xpacket end="w"?>')


CAMERAS = [("Apple", "iPhone 13"), ("Apple", "iPhone 14 Pro"), ("Apple", "iPhone 12"), ("samsung", "SM-S911B"),
           ("samsung", "SM-A536B"), ("Google", "Pixel 7"), ("Xiaomi", "2201117TG"), ("OnePlus", "CPH2449")]


@dataclass
class Encoded:
    data: bytes
    ext: str
    sha256: str


def encode(img: Image.Image, rng: random.Random, *, fmt: str, a1111: str | None = None, xmp: str | None = None,
           camera: bool = False, when: str | None = None) -> Encoded:
    """PNG or JPEG bytes with the given markers: ``a1111`` goes in a PNG ``parameters`` text chunk or, for JPEG,
    in EXIF UserComment (as the web UI does); ``xmp`` in the PNG iTXt ``XML:com.adobe.xmp`` chunk or a JPEG APP1
    segment; ``camera`` adds phone EXIF (make, model, capture time)."""
    buf = io.BytesIO()
    if fmt == "png":
        info = PngInfo()
        if a1111 is not None:
            info.add_text("parameters", a1111)
        if xmp is not None:
            info.add_itxt("XML:com.adobe.xmp", xmp)
        img.save(buf, "PNG", pnginfo=info, compress_level=4)
        ext = "png"
    else:
        kwargs: dict[str, object] = {"quality": rng.randint(80, 93)}
        exif = Image.Exif()
        if camera:
            make, model = rng.choice(CAMERAS)
            exif[0x010F] = make
            exif[0x0110] = model
            exif[0x0112] = 1
            if when:
                exif.get_ifd(0x8769)[0x9003] = when.replace("-", ":").replace("T", " ").rstrip("Z")
        if a1111 is not None:
            exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + a1111.encode("utf-16-be")
        if len(exif) or (a1111 is not None):
            kwargs["exif"] = exif.tobytes()
        if xmp is not None:
            kwargs["xmp"] = xmp.encode("utf-8")
        img.save(buf, "JPEG", **kwargs)
        ext = "jpg"
    data = buf.getvalue()
    return Encoded(data=data, ext=ext, sha256=hashlib.sha256(data).hexdigest())
