"""Benign images: real face crops (or drawn faces) composited on plain, gradient or landscape-like backgrounds,
drawn food, pets and products; AI images carry the provenance marks real tools write.

No image here is sexual: faces are head-and-shoulder crops pasted on scenery, nothing else.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter
from PIL.PngImagePlugin import PngInfo

W = H = 320
IPTC_AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


@dataclass
class Face:
    key: str
    age: int
    minor: bool
    rgba: Image.Image  # 200x200 with a feathered alpha


class FaceBank:
    """Faces by age: the fixture's UTKFace crops, or drawn cartoon faces when those are absent."""

    def __init__(self, faces_dir: Path | None, rng: random.Random) -> None:
        self.faces: list[Face] = []
        self.kind = "drawn"
        if faces_dir is not None and (faces_dir / "labels.csv").is_file():
            self._load(faces_dir)
        if len(self.faces) < 10 or not any(f.minor for f in self.faces) or all(f.minor for f in self.faces):
            self.faces = []
            self.kind = "drawn"
            self._draw(rng)
        self._cache: dict[tuple[int, int, bool], Image.Image] = {}

    def _load(self, d: Path) -> None:
        mask = Image.new("L", (200, 200), 0)
        ImageDraw.Draw(mask).ellipse((16, 2, 184, 198), fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(8))
        with (d / "labels.csv").open(newline="", encoding="utf-8") as fh:
            rows = sorted(csv.DictReader(fh), key=lambda r: r["file"])
        for r in rows:
            p = d / r["file"]
            if not p.is_file():
                continue
            try:
                age = int(r["age"])
                minor = str(r.get("is_minor", "")).strip() in ("1", "true", "True") if r.get("is_minor") else age < 18
                with Image.open(p) as im:
                    rgb = im.convert("RGB").resize((200, 200))
            except (OSError, ValueError):
                continue
            rgba = rgb.convert("RGBA")
            rgba.putalpha(mask)
            self.faces.append(Face(r["file"], age, minor, rgba))
        if self.faces:
            self.kind = "real"

    def _draw(self, rng: random.Random) -> None:
        skins = [(255, 224, 196), (241, 194, 160), (224, 172, 128), (198, 134, 90), (141, 85, 54), (90, 56, 37)]
        hairs = [(40, 30, 20), (90, 60, 30), (200, 160, 90), (20, 20, 20), (150, 70, 30), (180, 180, 180)]
        ages = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 4, 6, 8, 14, 16, 19, 21, 22, 24, 26, 29, 33, 37, 41, 46, 52, 58,
                63, 70, 35, 28, 44, 23, 31, 66]
        for i, age in enumerate(ages):
            im = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
            d = ImageDraw.Draw(im)
            skin = rng.choice(skins)
            hair = rng.choice(hairs[:5]) if age < 55 else hairs[5]
            child = age < 13
            fw, fh = (64, 70) if child else (56, 80)
            cx, cy = 100, 108
            d.ellipse((cx - fw - 8, cy - fh - 14, cx + fw + 8, cy + fh * 0.3), fill=hair)  # hair behind
            d.ellipse((cx - fw, cy - fh, cx + fw, cy + fh), fill=skin)
            ey = cy + (8 if child else -8)
            er = 11 if child else 7
            for ex in (cx - fw * 0.42, cx + fw * 0.42):
                d.ellipse((ex - er * 1.3, ey - er, ex + er * 1.3, ey + er), fill=(250, 250, 250))
                d.ellipse((ex - er * 0.6, ey - er * 0.6, ex + er * 0.6, ey + er * 0.6), fill=(50, 40, 30))
                d.line((ex - er * 1.4, ey - er - 8, ex + er * 1.4, ey - er - 10), fill=hair, width=3)
            d.line((cx, ey + 8, cx - 3, ey + (18 if child else 26)), fill=tuple(int(c * 0.8) for c in skin), width=2)
            my = ey + (34 if child else 44)
            d.arc((cx - 18, my - 10, cx + 18, my + 8), 20, 160, fill=(170, 60, 60), width=3)
            if age > 45:
                d.line((cx - 30, ey + 16, cx - 22, ey + 20), fill=tuple(int(c * 0.85) for c in skin), width=1)
            d.rectangle((cx - 22, cy + fh - 6, cx + 22, 200), fill=skin)  # neck
            d.ellipse((cx - 90, cy + fh + 10, cx + 90, cy + fh + 120), fill=rng.choice(
                [(60, 90, 160), (180, 60, 60), (60, 140, 90), (220, 200, 80), (120, 120, 120)]))
            self.faces.append(Face(f"drawn-{i:02d}", age, age < 18, im))

    def pool(self, lo: int, hi: int) -> list[int]:
        return [i for i, f in enumerate(self.faces) if lo <= f.age <= hi]

    def sized(self, idx: int, size: int, flip: bool) -> Image.Image:
        key = (idx, size, flip)
        im = self._cache.get(key)
        if im is None:
            im = self.faces[idx].rgba.resize((size, size), Image.BILINEAR)
            if flip:
                im = im.transpose(Image.FLIP_LEFT_RIGHT)
            if len(self._cache) < 4000:
                self._cache[key] = im
        return im


class Painter:
    def __init__(self, seed: int, faces: FaceBank) -> None:
        self.faces = faces
        g = np.random.default_rng(seed)
        self.noise = Image.fromarray(g.integers(121, 136, size=(1024, 1024), dtype=np.uint8)).convert("RGB")

    # --- backgrounds -------------------------------------------------------------------------------------------
    def _grad(self, rng: random.Random, top: tuple[int, int, int], bottom: tuple[int, int, int], w: int = W,
              h: int = H) -> Image.Image:
        """A vertical gradient, a little tilted, with fixed grain (a crop of one noise texture)."""
        t = np.asarray(top, np.float32)
        b = np.asarray(bottom, np.float32)
        tilt = rng.uniform(-0.3, 0.3)
        ys = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
        f = np.clip(np.concatenate([ys - tilt / 2, ys + tilt / 2], axis=1), 0, 1)  # (h, 2, 1): left and right edge
        strip = (t * (1 - f) + b * f).astype(np.uint8)
        im = Image.fromarray(strip).resize((w, h), Image.BILINEAR)
        oy, ox = rng.randrange(1024 - h), rng.randrange(1024 - w)
        return ImageChops.add(im, self.noise.crop((ox, oy, ox + w, oy + h)), 1.0, -128)

    @staticmethod
    def _jit(c: tuple[int, int, int], rng: random.Random, d: int = 25) -> tuple[int, int, int]:
        return tuple(max(0, min(255, v + rng.randint(-d, d))) for v in c)  # type: ignore[return-value]

    def landscape(self, rng: random.Random, w: int = W, h: int = H, fantasy: bool = False) -> Image.Image:
        if fantasy:
            top, bottom = self._jit((60, 30, 110), rng, 40), self._jit((250, 150, 120), rng, 30)
        else:
            top, bottom = self._jit((90, 150, 220), rng), self._jit((200, 220, 240), rng)
        im = self._grad(rng, top, bottom, w, h)
        d = ImageDraw.Draw(im)
        horizon = int(h * rng.uniform(0.5, 0.72))
        if rng.random() < 0.6:
            sx, sy, r = rng.randrange(w), rng.randrange(int(h * 0.4)), rng.randint(12, 30)
            d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=self._jit((255, 230, 150), rng, 15))
        for layer in range(rng.randint(1, 3)):
            shade = self._jit((70 + 30 * layer, 100 + 20 * layer, 90 + 25 * layer), rng, 20)
            pts = [(0, horizon)]
            x = 0
            while x < w:
                x += rng.randint(30, 90)
                pts.append((x, horizon - rng.randint(10, int(h * 0.35))))
            pts += [(w, horizon), (w, h), (0, h)]
            d.polygon(pts, fill=shade)
        ground = self._jit((70, 140, 70), rng) if rng.random() < 0.6 else self._jit((60, 110, 170), rng)
        d.rectangle((0, horizon + rng.randint(0, 20), w, h), fill=ground)
        if fantasy:
            for _ in range(rng.randint(2, 5)):
                x, y, r = rng.randrange(w), rng.randrange(h // 2), rng.randint(10, 40)
                d.ellipse((x - r * 2, y - r // 2, x + r * 2, y + r // 2), fill=self._jit((120, 90, 140), rng, 30))
        return im

    def indoor(self, rng: random.Random, w: int = W, h: int = H) -> Image.Image:
        wall = self._jit(rng.choice([(230, 220, 200), (200, 215, 230), (240, 230, 235), (210, 230, 210)]), rng, 15)
        im = self._grad(rng, wall, self._jit(wall, rng, 30), w, h)
        d = ImageDraw.Draw(im)
        fy = int(h * rng.uniform(0.7, 0.85))
        d.rectangle((0, fy, w, h), fill=self._jit((150, 110, 80), rng, 20))
        if rng.random() < 0.5:
            x = rng.randrange(w - 60)
            d.rectangle((x, 30, x + 60, 110), fill=self._jit((170, 200, 230), rng, 20), outline=(255, 255, 255),
                        width=4)
        return im

    def dreamy(self, rng: random.Random, w: int, h: int) -> Image.Image:
        c1 = self._jit(rng.choice([(250, 200, 220), (210, 230, 250), (255, 230, 200), (230, 210, 250)]), rng, 15)
        c2 = self._jit(rng.choice([(255, 250, 240), (250, 180, 200), (180, 210, 240), (255, 220, 180)]), rng, 15)
        im = self._grad(rng, c1, c2, w, h)
        d = ImageDraw.Draw(im, "RGBA")
        for _ in range(rng.randint(6, 14)):  # bokeh
            x, y, r = rng.randrange(w), rng.randrange(h), rng.randint(6, 28)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(40, 110)))
        if rng.random() < 0.5:  # flowers
            for _ in range(rng.randint(5, 12)):
                x, y = rng.randrange(w), rng.randrange(int(h * 0.7), h)
                d.ellipse((x - 5, y - 5, x + 5, y + 5), fill=self._jit((240, 120, 160), rng, 30) + (255,))
        return im

    # --- subjects ----------------------------------------------------------------------------------------------
    def paste_face(self, im: Image.Image, idx: int, size: int, cx: int, cy: int, flip: bool) -> None:
        f = self.faces.sized(idx, size, flip)
        im.paste(f, (cx - size // 2, cy - size // 2), f)

    def food(self, rng: random.Random) -> Image.Image:
        im = self._grad(rng, self._jit((180, 130, 90), rng), self._jit((120, 80, 50), rng))
        d = ImageDraw.Draw(im)
        cx, cy, r = W // 2 + rng.randint(-30, 30), H // 2 + rng.randint(-30, 30), rng.randint(90, 130)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(245, 245, 240), outline=(210, 210, 205), width=3)
        for _ in range(rng.randint(4, 12)):
            a, b = rng.randint(-r // 2, r // 2), rng.randint(-r // 2, r // 2)
            s = rng.randint(10, 35)
            col = self._jit(rng.choice([(200, 60, 40), (240, 200, 90), (90, 160, 60), (150, 90, 40), (250, 240, 210)]),
                            rng, 20)
            d.ellipse((cx + a - s, cy + b - s, cx + a + s, cy + b + s), fill=col)
        return im

    def pet(self, rng: random.Random) -> Image.Image:
        im = self.landscape(rng) if rng.random() < 0.5 else self.indoor(rng)
        d = ImageDraw.Draw(im)
        fur = self._jit(rng.choice([(200, 150, 90), (60, 50, 40), (230, 230, 225), (150, 120, 100)]), rng, 15)
        cx, cy = W // 2 + rng.randint(-40, 40), int(H * 0.62)
        d.ellipse((cx - 80, cy - 35, cx + 70, cy + 55), fill=fur)
        hx, hy = cx + rng.choice([-70, 60]), cy - 45
        d.ellipse((hx - 40, hy - 38, hx + 40, hy + 38), fill=fur)
        if rng.random() < 0.5:  # cat ears
            d.polygon([(hx - 35, hy - 20), (hx - 25, hy - 60), (hx - 8, hy - 30)], fill=fur)
            d.polygon([(hx + 35, hy - 20), (hx + 25, hy - 60), (hx + 8, hy - 30)], fill=fur)
        else:  # floppy dog ears
            d.ellipse((hx - 50, hy - 20, hx - 28, hy + 30), fill=self._jit(fur, rng, 30))
            d.ellipse((hx + 28, hy - 20, hx + 50, hy + 30), fill=self._jit(fur, rng, 30))
        for ex in (hx - 14, hx + 14):
            d.ellipse((ex - 5, hy - 8, ex + 5, hy + 2), fill=(20, 20, 20))
        d.ellipse((hx - 6, hy + 8, hx + 6, hy + 16), fill=(30, 20, 20))
        return im

    def people(self, rng: random.Random, faces: list[int], child_faces: int = 0) -> Image.Image:
        """Faces side by side on a scene; the first ``child_faces`` entries are drawn smaller and lower."""
        im = self.landscape(rng) if rng.random() < 0.55 else self.indoor(rng)
        n = len(faces)
        if n == 1:
            size = rng.randint(150, 200)
            self.paste_face(im, faces[0], size, W // 2 + rng.randint(-30, 30), H // 2 + rng.randint(-10, 30),
                            rng.random() < 0.5)
            return im
        slot = W // n
        for k, idx in enumerate(faces):
            child = k < child_faces
            size = rng.randint(95, 125) if child else rng.randint(110, 140)
            size = min(size, slot + 40)
            cx = slot * k + slot // 2 + rng.randint(-8, 8)
            cy = (H // 2 + 40 if child else H // 2 - 10) + rng.randint(-10, 10)
            self.paste_face(im, idx, size, cx, cy, rng.random() < 0.5)
        return im

    def ai_portrait(self, rng: random.Random, face: int, child: bool, w: int = W, h: int = 400) -> Image.Image:
        im = self.dreamy(rng, w, h) if child or rng.random() < 0.5 else self.landscape(rng, w, h, fantasy=True)
        size = rng.randint(170, 220)
        f = self.faces.sized(face, size, rng.random() < 0.5)
        im.paste(f, (w // 2 - size // 2 + rng.randint(-25, 25), int(h * 0.42) - size // 2 + rng.randint(-20, 20)), f)
        im = im.filter(ImageFilter.SMOOTH_MORE)
        im = ImageEnhance.Color(im).enhance(rng.uniform(1.15, 1.45))
        d = ImageDraw.Draw(im, "RGBA")
        for _ in range(rng.randint(3, 8)):  # sparkles
            x, y, r = rng.randrange(w), rng.randrange(h), rng.randint(2, 5)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 240, 180))
        return im

    def product(self, rng: random.Random) -> Image.Image:
        bg = self._jit(rng.choice([(245, 240, 230), (230, 240, 245), (250, 235, 240)]), rng, 8)
        im = Image.new("RGB", (W, H), bg)
        d = ImageDraw.Draw(im)
        col = self._jit(rng.choice([(220, 120, 120), (120, 170, 220), (240, 200, 100), (150, 200, 150)]), rng, 20)
        cx, cy = W // 2, H // 2
        d.polygon([(cx - 60, cy - 80), (cx - 20, cy - 90), (cx + 20, cy - 90), (cx + 60, cy - 80), (cx + 95, cy - 40),
                   (cx + 70, cy - 20), (cx + 50, cy - 40), (cx + 50, cy + 90), (cx - 50, cy + 90), (cx - 50, cy - 40),
                   (cx - 70, cy - 20), (cx - 95, cy - 40)], fill=col, outline=(90, 90, 90))
        return im

    def poster(self, rng: random.Random, words: str) -> Image.Image:
        im = Image.new("RGB", (W, H), self._jit((30, 60, 110), rng, 20))
        d = ImageDraw.Draw(im)
        d.rectangle((20, 20, W - 20, H - 20), outline=(250, 200, 60), width=6)
        y = 80
        for line in words.upper().split("|"):
            d.text((40, y), line, fill=(255, 255, 255))
            y += 40
        return im


# --- encoding with provenance marks ----------------------------------------------------------------------------
CAMERAS = [("Apple", "iPhone 13"), ("Apple", "iPhone 15 Pro"), ("samsung", "SM-S911B"), ("Google", "Pixel 7"),
           ("Xiaomi", "2201117TG"), ("OnePlus", "CPH2449")]
SAMPLERS = ["DPM++ 2M Karras", "Euler a", "DPM++ SDE Karras", "DDIM", "UniPC"]
CHECKPOINTS = [("realisticVisionV51", "15012c538f"), ("juggernautXL_v9", "c9e3e68f89"), ("dreamshaper_8", "879db523c3"),
               ("epicrealism_naturalSin", "ef76aa2332"), ("sdxl_base_1.0", "31e35c80fc")]


def _jpeg(im: Image.Image, **kw: object) -> bytes:
    b = io.BytesIO()
    im.save(b, "JPEG", quality=82, **kw)
    return b.getvalue()


def _xmp(dst: bool, tool: str | None) -> bytes:
    parts = []
    if dst:
        parts.append(f'<Iptc4xmpExt:DigitalSourceType>{IPTC_AI}</Iptc4xmpExt:DigitalSourceType>')
    if tool:
        parts.append(f"<xmp:CreatorTool>{tool}</xmp:CreatorTool>")
    body = "".join(parts)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'xmlns:xmp="http://ns.adobe.com/xap/1.0/">{body}</rdf:Description></rdf:RDF></x:xmpmeta>'
        '<?xpacket end="w"?>'
    ).encode()


def encode(im: Image.Image, how: str, rng: random.Random, prompt: str = "", when: str = "") -> tuple[bytes, str]:
    """Encode ``im``; ``how`` names the container and the marks it carries. Returns (bytes, extension)."""
    if how == "jpeg":
        return _jpeg(im), "jpg"
    if how == "jpeg_camera":
        make, model = rng.choice(CAMERAS)
        ex = Image.Exif()
        ex[0x010F] = make
        ex[0x0110] = model
        ex[0x0131] = f"{rng.randint(15, 18)}.{rng.randint(0, 6)}"
        if when:
            ex[0x0132] = when
        return _jpeg(im, exif=ex.tobytes()), "jpg"
    if how == "png_a1111":
        ck, hsh = rng.choice(CHECKPOINTS)
        w, h = im.size
        params = (f"{prompt}\nNegative prompt: lowres, bad anatomy, blurry, watermark, text, deformed\n"
                  f"Steps: {rng.choice([20, 25, 28, 30, 40])}, Sampler: {rng.choice(SAMPLERS)}, "
                  f"CFG scale: {rng.choice([5, 6, 7, 7.5, 8])}, Seed: {rng.randint(1, 4294967295)}, "
                  f"Size: {w}x{h}, Model hash: {hsh}, Model: {ck}, Version: v1.9.4")
        info = PngInfo()
        info.add_text("parameters", params)
        b = io.BytesIO()
        im.save(b, "PNG", pnginfo=info, compress_level=1)
        return b.getvalue(), "png"
    if how == "png_comfyui":
        seed = rng.randint(1, 2**48)
        ck, _ = rng.choice(CHECKPOINTS)
        graph = {
            "3": {"class_type": "KSampler", "inputs": {"seed": seed, "steps": 25, "cfg": 7.0,
                                                       "sampler_name": "dpmpp_2m", "scheduler": "karras",
                                                       "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0]}},
            "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": f"{ck}.safetensors"}},
            "6": {"class_type": "CLIPTextEncode", "inputs": {"text": prompt, "clip": ["4", 1]}},
            "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "lowres, blurry, watermark", "clip": ["4", 1]}},
        }
        info = PngInfo()
        info.add_text("prompt", json.dumps(graph))
        info.add_text("workflow", json.dumps({"last_node_id": 9, "nodes": [{"id": 3, "type": "KSampler"}]}))
        b = io.BytesIO()
        im.save(b, "PNG", pnginfo=info, compress_level=1)
        return b.getvalue(), "png"
    if how == "png_novelai":
        info = PngInfo()
        info.add_text("Title", "AI generated image")
        info.add_text("Description", prompt)
        info.add_text("Software", "NovelAI")
        info.add_text("Source", "NovelAI Diffusion V3 7BCCAA2C")
        info.add_text("Comment", json.dumps({"prompt": prompt, "steps": 28, "scale": 5.0, "seed": rng.randint(1, 2**32),
                                             "sampler": "k_euler_ancestral"}))
        b = io.BytesIO()
        im.save(b, "PNG", pnginfo=info, compress_level=1)
        return b.getvalue(), "png"
    if how == "jpeg_exif_software":
        ex = Image.Exif()
        ex[0x0131] = rng.choice(["Stable Diffusion", "Midjourney", "DALL-E 3", "Leonardo.Ai",
                                 "Imagine AI Art Generator", "Dream by WOMBO"])
        if rng.random() < 0.5:
            ex[0x010E] = prompt
        return _jpeg(im, exif=ex.tobytes()), "jpg"
    if how == "jpeg_xmp_dst":
        return _jpeg(im, xmp=_xmp(True, rng.choice([None, "Adobe Firefly", "Bing Image Creator"]))), "jpg"
    if how == "webp_xmp_dst":
        b = io.BytesIO()
        im.save(b, "WEBP", quality=80, method=0, xmp=_xmp(True, None))
        return b.getvalue(), "webp"
    if how == "png":
        b = io.BytesIO()
        im.save(b, "PNG", compress_level=1)
        return b.getvalue(), "png"
    raise ValueError(how)
