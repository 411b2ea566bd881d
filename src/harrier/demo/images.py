"""Demo images: abstract, illustrated scenes drawn with Pillow (no real people, nothing sexual), plus the
provenance metadata that real generators write.

Figures are stylised (circle head, trapezoid body); a child figure differs from an adult one only by its
proportions (bigger head, shorter body), which is how illustrators draw them. Scenes are small (256x256) and
cheap; a pool of a few hundred is re-used by many posts, as content farms do.

Metadata is written the way the tools write it:
- AUTOMATIC1111 (stable-diffusion-webui): one PNG ``tEXt`` chunk ``parameters`` = prompt, a
  ``Negative prompt:`` line, then ``Steps: .., Sampler: .., CFG scale: .., Seed: .., Size: .., Model hash: ..,
  Model: .., Version: ..``.
- ComfyUI: PNG ``tEXt`` chunks ``prompt`` (the API graph as JSON) and ``workflow`` (the UI graph as JSON).
- IPTC: JPEG XMP packet with ``Iptc4xmpExt:DigitalSourceType`` =
  ``http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`` (attribute or element form, as
  different tools write it).
Camera photos get EXIF Make/Model and sometimes an XMP ``digitalCapture`` source type, so the mere presence of
metadata says nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, PngImagePlugin

SIZE = 256
DIGITAL_SOURCE_AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
DIGITAL_SOURCE_CAMERA = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"

Color = tuple[int, int, int]


@dataclass
class DemoImage:
    """One file of the media pool."""

    name: str  # file name under media/
    data: bytes
    sha256: str
    scene: str  # child_family | ai_child | ai_adult | ai_landscape | fitness | fashion | food | ...
    depicts: str  # child | adult | none
    ai: bool
    marker: str  # a1111 | comfyui | xmp | camera_exif | camera_xmp | none
    base: str | None = None  # name of the image this one is a near-duplicate of


def _rgb(rng: random.Random, lo: int = 40, hi: int = 230) -> Color:
    return (rng.randint(lo, hi), rng.randint(lo, hi), rng.randint(lo, hi))


def _pastel(rng: random.Random) -> Color:
    return (rng.randint(190, 255), rng.randint(170, 235), rng.randint(190, 255))


def _gradient(top: Color, bottom: Color) -> Image.Image:
    y = np.linspace(0.0, 1.0, SIZE, dtype=np.float32)[:, None, None]
    arr = np.asarray(top, np.float32) * (1 - y) + np.asarray(bottom, np.float32) * y
    return Image.fromarray(np.broadcast_to(arr, (SIZE, SIZE, 3)).astype(np.uint8), "RGB")


def _figure(d: ImageDraw.ImageDraw, rng: random.Random, cx: float, ground: float, height: float, child: bool,
            dress: bool = False) -> None:
    """A stylised person. Children: head ~1/4 of the height; adults: ~1/7.5."""
    head = height * (0.25 if child else 0.135)
    skin = rng.choice([(241, 200, 170), (224, 172, 105), (198, 134, 66), (141, 85, 36), (255, 219, 172)])
    cloth = _rgb(rng, 60, 240)
    top = ground - height
    r = head / 2
    # legs
    leg_top = ground - height * (0.38 if child else 0.47)
    d.line((cx - r * 0.4, leg_top, cx - r * 0.5, ground), fill=skin, width=max(2, int(r * 0.35)))
    d.line((cx + r * 0.4, leg_top, cx + r * 0.5, ground), fill=skin, width=max(2, int(r * 0.35)))
    # body (a dress widens at the bottom)
    body_top = top + head * 1.05
    bw = r * (1.1 if child else 0.9)
    bottom_w = bw * (1.8 if dress else 1.0)
    d.polygon([(cx - bw, body_top), (cx + bw, body_top), (cx + bottom_w, leg_top), (cx - bottom_w, leg_top)],
              fill=cloth)
    # arms
    d.line((cx - bw, body_top + 3, cx - bw - r * 0.9, body_top + height * 0.22), fill=skin, width=max(2, int(r * 0.3)))
    d.line((cx + bw, body_top + 3, cx + bw + r * 0.9, body_top + height * 0.22), fill=skin, width=max(2, int(r * 0.3)))
    # head, hair, eyes, smile
    d.ellipse((cx - r, top, cx + r, top + head), fill=skin)
    hair = rng.choice([(60, 40, 20), (200, 160, 80), (20, 20, 20), (150, 60, 30), (230, 210, 150)])
    d.chord((cx - r, top - r * 0.1, cx + r, top + head * 0.6), 180, 360, fill=hair)
    if child and rng.random() < 0.6:  # bow
        d.polygon([(cx + r * 0.5, top), (cx + r * 1.1, top - r * 0.4), (cx + r * 1.1, top + r * 0.4)],
                  fill=(240, 90, 150))
    e = max(1, r * 0.12)
    d.ellipse((cx - r * 0.4 - e, top + head * 0.5 - e, cx - r * 0.4 + e, top + head * 0.5 + e), fill=(30, 30, 30))
    d.ellipse((cx + r * 0.4 - e, top + head * 0.5 - e, cx + r * 0.4 + e, top + head * 0.5 + e), fill=(30, 30, 30))
    d.arc((cx - r * 0.4, top + head * 0.55, cx + r * 0.4, top + head * 0.8), 20, 160, fill=(150, 40, 40), width=2)


def _sparkles(d: ImageDraw.ImageDraw, rng: random.Random, n: int) -> None:
    for _ in range(n):
        x, y, s = rng.uniform(0, SIZE), rng.uniform(0, SIZE), rng.uniform(2, 6)
        d.polygon([(x, y - s), (x + s / 3, y), (x, y + s), (x - s / 3, y)], fill=(255, 255, 230))
        d.polygon([(x - s, y), (x, y + s / 3), (x + s, y), (x, y - s / 3)], fill=(255, 255, 230))


def _cake(d: ImageDraw.ImageDraw, rng: random.Random, cx: float, base: float, candles: int) -> None:
    d.rectangle((cx - 34, base - 30, cx + 34, base), fill=_pastel(rng), outline=(120, 80, 60))
    d.rectangle((cx - 34, base - 34, cx + 34, base - 28), fill=(255, 250, 250))
    for i in range(candles):
        x = cx - 28 + i * (56 / max(1, candles - 1) if candles > 1 else 0) + (28 if candles == 1 else 0)
        d.rectangle((x - 1.5, base - 46, x + 1.5, base - 34), fill=_rgb(rng, 100, 250))
        d.ellipse((x - 2.5, base - 52, x + 2.5, base - 45), fill=(255, 200, 40))


def _balloons(d: ImageDraw.ImageDraw, rng: random.Random, n: int) -> None:
    for _ in range(n):
        x, y = rng.uniform(20, SIZE - 20), rng.uniform(20, 90)
        d.line((x, y + 16, x + rng.uniform(-8, 8), y + 70), fill=(90, 90, 90))
        d.ellipse((x - 12, y - 16, x + 12, y + 16), fill=_rgb(rng, 80, 250))


def _mountains(d: ImageDraw.ImageDraw, rng: random.Random, horizon: float) -> None:
    for _ in range(rng.randint(2, 4)):
        x, w, h = rng.uniform(-40, SIZE), rng.uniform(80, 180), rng.uniform(50, 130)
        c = rng.randint(60, 140)
        d.polygon([(x - w / 2, horizon), (x, horizon - h), (x + w / 2, horizon)], fill=(c - 20, c, c + 20))
        d.polygon([(x - w * 0.1, horizon - h * 0.8), (x, horizon - h), (x + w * 0.1, horizon - h * 0.8)],
                  fill=(245, 245, 250))


def draw_scene(scene: str, rng: random.Random) -> Image.Image:
    """Draw one scene of the given kind."""
    if scene in ("child_family", "ai_child"):
        if scene == "ai_child":
            im = _gradient(_pastel(rng), _pastel(rng))
        else:
            im = _gradient(_rgb(rng, 150, 250), _rgb(rng, 90, 200))
        d = ImageDraw.Draw(im)
        ground = rng.uniform(215, 245)
        d.rectangle((0, ground, SIZE, SIZE), fill=_rgb(rng, 90, 200))
        if scene == "child_family":
            setting = rng.choice(["birthday", "school", "park", "beach"])
            if setting == "birthday":
                _balloons(d, rng, rng.randint(2, 5))
                _cake(d, rng, rng.uniform(150, 200), ground - 5, rng.randint(3, 10))
            elif setting == "school":
                d.rectangle((150, ground - 110, 250, ground), fill=(190, 90, 70))
                for i in range(3):
                    d.rectangle((160 + i * 30, ground - 95, 180 + i * 30, ground - 75), fill=(230, 240, 255))
            elif setting == "park":
                d.ellipse((170, ground - 120, 240, ground - 50), fill=(60, 150, 70))
                d.rectangle((200, ground - 55, 210, ground), fill=(110, 70, 40))
            else:
                d.rectangle((0, ground - 40, SIZE, ground), fill=(70, 140, 220))
            for i in range(rng.randint(1, 3)):
                _figure(d, rng, 50 + i * 45 + rng.uniform(-8, 8), ground, rng.uniform(85, 120), child=True,
                        dress=rng.random() < 0.5)
            if rng.random() < 0.4:  # a parent in the picture
                _figure(d, rng, 20 + rng.uniform(0, 20), ground, rng.uniform(170, 200), child=False)
        else:
            _sparkles(d, rng, rng.randint(8, 25))
            _figure(d, rng, rng.uniform(100, 156), ground, rng.uniform(120, 170), child=True, dress=rng.random() < 0.7)
            if rng.random() < 0.3:
                d.ellipse((10, 10, 60, 60), fill=(255, 240, 200))
        return im
    if scene == "ai_adult":
        im = _gradient(_pastel(rng), _rgb(rng, 60, 160))
        d = ImageDraw.Draw(im)
        _sparkles(d, rng, rng.randint(5, 15))
        _figure(d, rng, 128, 245, rng.uniform(200, 230), child=False, dress=rng.random() < 0.6)
        return im
    if scene in ("fitness", "fashion"):
        im = _gradient(_rgb(rng, 150, 240), _rgb(rng, 60, 150))
        d = ImageDraw.Draw(im)
        d.rectangle((0, 235, SIZE, SIZE), fill=(90, 90, 100))
        cx = rng.uniform(90, 166)
        _figure(d, rng, cx, 240, rng.uniform(190, 225), child=False, dress=scene == "fashion" and rng.random() < 0.7)
        if scene == "fitness":
            y = rng.uniform(110, 150)
            d.rectangle((cx + 30, y, cx + 70, y + 5), fill=(40, 40, 40))
            d.rectangle((cx + 26, y - 8, cx + 34, y + 13), fill=(30, 30, 30))
            d.rectangle((cx + 66, y - 8, cx + 74, y + 13), fill=(30, 30, 30))
        return im
    if scene in ("travel", "ai_landscape"):
        sky = (_rgb(rng, 120, 255), _rgb(rng, 200, 255)) if scene == "travel" else (_pastel(rng), _rgb(rng, 40, 140))
        im = _gradient(*sky)
        d = ImageDraw.Draw(im)
        horizon = rng.uniform(140, 200)
        sun = rng.uniform(30, 220)
        d.ellipse((sun - 22, 40, sun + 22, 84), fill=(255, rng.randint(160, 240), 80))
        _mountains(d, rng, horizon)
        d.rectangle((0, horizon, SIZE, SIZE), fill=_rgb(rng, 30, 160))
        if scene == "ai_landscape":
            _sparkles(d, rng, rng.randint(10, 30))
            if rng.random() < 0.5:  # fantasy castle
                x = rng.uniform(60, 190)
                d.rectangle((x - 20, horizon - 60, x + 20, horizon), fill=(90, 80, 120))
                d.polygon([(x - 24, horizon - 60), (x, horizon - 95), (x + 24, horizon - 60)], fill=(150, 60, 90))
        return im
    if scene == "food":
        im = _gradient(_rgb(rng, 180, 250), _rgb(rng, 140, 220))
        d = ImageDraw.Draw(im)
        d.ellipse((28, 40, 228, 240), fill=(245, 245, 245), outline=(200, 200, 200), width=3)
        kind = rng.choice(["pizza", "salad", "cherries", "cake"])
        if kind == "pizza":
            d.ellipse((48, 60, 208, 220), fill=(230, 170, 60))
            d.ellipse((58, 70, 198, 210), fill=(230, 80, 40))
            for _ in range(rng.randint(5, 10)):
                x, y = rng.uniform(75, 180), rng.uniform(85, 190)
                d.ellipse((x - 8, y - 8, x + 8, y + 8), fill=(250, 230, 160))
        elif kind == "salad":
            for _ in range(rng.randint(15, 30)):
                x, y = rng.uniform(60, 190), rng.uniform(75, 200)
                d.ellipse((x - 12, y - 8, x + 12, y + 8), fill=_rgb(rng, 30, 220))
        elif kind == "cherries":
            for _ in range(rng.randint(6, 14)):
                x, y = rng.uniform(70, 185), rng.uniform(90, 190)
                d.line((x, y, x + 6, y - 22), fill=(60, 120, 40), width=2)
                d.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(180, 20, 40))
        else:
            _cake(d, rng, 128, 170, 0)
        return im
    if scene == "sport":
        im = _gradient((120, 190, 250), (60, 160, 70))
        d = ImageDraw.Draw(im)
        d.rectangle((0, 150, SIZE, SIZE), fill=(50, 150, 60))
        d.line((128, 150, 128, SIZE), fill=(240, 240, 240), width=3)
        x, y = rng.uniform(40, 216), rng.uniform(160, 230)
        d.ellipse((x - 14, y - 14, x + 14, y + 14), fill=(250, 250, 250), outline=(20, 20, 20), width=2)
        gx = rng.choice([4, 220])
        d.rectangle((gx, 110, gx + 32, 160), outline=(250, 250, 250), width=3)
        return im
    if scene == "pets":
        im = _gradient(_rgb(rng, 160, 250), _rgb(rng, 120, 220))
        d = ImageDraw.Draw(im)
        fur = rng.choice([(120, 80, 40), (230, 200, 150), (40, 40, 40), (200, 120, 60), (150, 150, 150)])
        cx, cy = rng.uniform(100, 156), rng.uniform(120, 150)
        d.ellipse((cx - 70, cy + 10, cx + 70, cy + 100), fill=fur)
        d.ellipse((cx - 50, cy - 50, cx + 50, cy + 40), fill=fur)
        if rng.random() < 0.5:  # cat ears
            d.polygon([(cx - 45, cy - 25), (cx - 35, cy - 75), (cx - 10, cy - 45)], fill=fur)
            d.polygon([(cx + 45, cy - 25), (cx + 35, cy - 75), (cx + 10, cy - 45)], fill=fur)
        else:  # dog ears
            d.ellipse((cx - 65, cy - 40, cx - 35, cy + 20), fill=tuple(max(0, c - 40) for c in fur))
            d.ellipse((cx + 35, cy - 40, cx + 65, cy + 20), fill=tuple(max(0, c - 40) for c in fur))
        d.ellipse((cx - 22, cy - 15, cx - 10, cy - 3), fill=(20, 20, 20))
        d.ellipse((cx + 10, cy - 15, cx + 22, cy - 3), fill=(20, 20, 20))
        d.ellipse((cx - 8, cy + 5, cx + 8, cy + 15), fill=(30, 20, 20))
        return im
    # general: abstract shapes
    im = _gradient(_rgb(rng), _rgb(rng))
    d = ImageDraw.Draw(im)
    for _ in range(rng.randint(3, 9)):
        x, y, s = rng.uniform(0, SIZE), rng.uniform(0, SIZE), rng.uniform(15, 70)
        shape = rng.random()
        if shape < 0.4:
            d.ellipse((x - s, y - s, x + s, y + s), fill=_rgb(rng))
        elif shape < 0.7:
            d.rectangle((x - s, y - s, x + s, y + s), fill=_rgb(rng))
        else:
            d.polygon([(x, y - s), (x + s, y + s), (x - s, y + s)], fill=_rgb(rng))
    return im


# --- generator metadata ------------------------------------------------------------------------------------

CHECKPOINTS = [
    ("v1-5-pruned-emaonly", "6ce0161689"), ("dreamshaper_8", "879db523c3"),
    ("realisticVisionV60B1_v51VAE", "15012c538f"),
    ("sd_xl_base_1.0", "31e35c80fc"), ("juggernautXL_v9", "c9e3e68f89"), ("revAnimated_v122", "4199bcdd14"),
]
SAMPLERS = ["DPM++ 2M Karras", "Euler a", "DPM++ SDE Karras", "DDIM", "UniPC", "DPM++ 2M SDE Karras"]
COMFY_SAMPLERS = [("euler", "normal"), ("dpmpp_2m", "karras"), ("dpmpp_sde", "karras"), ("euler_ancestral", "normal")]
NEGATIVE = ["blurry, lowres, bad anatomy, bad hands, watermark", "worst quality, low quality, jpeg artifacts",
            "deformed, extra fingers, text, signature", "(worst quality:1.4), (low quality:1.4), monochrome"]
# Generator prompts are benign descriptions of the picture.
PROMPTS = {
    "ai_child": ["portrait of a little girl smiling in a flower field, soft light, watercolor",
                 "cute child in a pink dress, pastel background, illustration, highly detailed",
                 "little girl with a bow in her hair, studio lighting, digital painting",
                 "young girl holding a teddy bear, sparkles, kawaii style, 8k",
                 "child ballerina, pastel colors, dreamy, masterpiece"],
    "ai_adult": ["portrait of a woman in an evening dress, cinematic lighting, 8k",
                 "fashion model, studio photo, sparkles, highly detailed",
                 "elegant lady, pastel background, masterpiece"],
    "ai_landscape": ["fantasy castle at dusk, mountains, volumetric light, matte painting",
                     "serene lake at sunset, snowy peaks, highly detailed, 8k",
                     "dreamy valley with glowing stars, concept art", "cyberpunk skyline at night, neon, rain"],
}
CREATOR_TOOLS = ["Adobe Firefly", "Microsoft Designer", "Image Creator", "Meta AI", "Midjourney"]
CAMERAS = [("Apple", "iPhone 15"), ("Apple", "iPhone 13 mini"), ("samsung", "SM-S918B"), ("Google", "Pixel 8"),
           ("Canon", "Canon EOS R6"), ("SONY", "ILCE-7M3")]


def a1111_parameters(rng: random.Random, scene: str) -> str:
    """The ``parameters`` text exactly as stable-diffusion-webui writes it (infotext)."""
    model, mhash = rng.choice(CHECKPOINTS)
    prompt = rng.choice(PROMPTS[scene])
    lines = [prompt, f"Negative prompt: {rng.choice(NEGATIVE)}"]
    fields = [
        f"Steps: {rng.choice([20, 25, 28, 30, 35, 40])}", f"Sampler: {rng.choice(SAMPLERS)}",
        f"CFG scale: {rng.choice([5, 6, 6.5, 7, 7.5, 8])}", f"Seed: {rng.randrange(1, 2**32)}",
        f"Size: {SIZE}x{SIZE}", f"Model hash: {mhash}", f"Model: {model}",
    ]
    if rng.random() < 0.3:
        fields.append(f"Denoising strength: {rng.choice([0.3, 0.45, 0.5, 0.7])}")
    fields.append(f"Version: {rng.choice(['v1.6.0', 'v1.7.0', 'v1.8.0', 'v1.9.4', 'v1.10.1'])}")
    lines.append(", ".join(fields))
    return "\n".join(lines)


def comfyui_graphs(rng: random.Random, scene: str) -> tuple[str, str]:
    """(``prompt``, ``workflow``) JSON as ComfyUI's SaveImage node embeds them."""
    model, _ = rng.choice(CHECKPOINTS)
    sampler, scheduler = rng.choice(COMFY_SAMPLERS)
    seed, steps, cfg = rng.randrange(1, 2**50), rng.choice([20, 25, 30]), rng.choice([6.0, 7.0, 8.0])
    pos, neg = rng.choice(PROMPTS[scene]), rng.choice(NEGATIVE)
    ckpt = f"{model}.safetensors"
    api = {
        "3": {"inputs": {"seed": seed, "steps": steps, "cfg": cfg, "sampler_name": sampler, "scheduler": scheduler,
                         "denoise": 1.0, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
                         "latent_image": ["5", 0]}, "class_type": "KSampler", "_meta": {"title": "KSampler"}},
        "4": {"inputs": {"ckpt_name": ckpt}, "class_type": "CheckpointLoaderSimple",
              "_meta": {"title": "Load Checkpoint"}},
        "5": {"inputs": {"width": SIZE, "height": SIZE, "batch_size": 1}, "class_type": "EmptyLatentImage",
              "_meta": {"title": "Empty Latent Image"}},
        "6": {"inputs": {"text": pos, "clip": ["4", 1]}, "class_type": "CLIPTextEncode",
              "_meta": {"title": "CLIP Text Encode (Prompt)"}},
        "7": {"inputs": {"text": neg, "clip": ["4", 1]}, "class_type": "CLIPTextEncode",
              "_meta": {"title": "CLIP Text Encode (Prompt)"}},
        "8": {"inputs": {"samples": ["3", 0], "vae": ["4", 2]}, "class_type": "VAEDecode",
              "_meta": {"title": "VAE Decode"}},
        "9": {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage",
              "_meta": {"title": "Save Image"}},
    }

    def node(nid: int, typ: str, order: int, inputs: list, outputs: list, widgets: list) -> dict:
        return {"id": nid, "type": typ, "pos": [100 + 300 * (order % 4), 100 + 200 * (order // 4)],
                "size": [315, 98], "flags": {}, "order": order, "mode": 0, "inputs": inputs, "outputs": outputs,
                "properties": {"Node name for S&R": typ}, "widgets_values": widgets}

    workflow = {
        "last_node_id": 9, "last_link_id": 9,
        "nodes": [
            node(4, "CheckpointLoaderSimple", 0, [], [{"name": "MODEL", "type": "MODEL", "links": [1], "slot_index": 0},
                 {"name": "CLIP", "type": "CLIP", "links": [3, 5], "slot_index": 1},
                 {"name": "VAE", "type": "VAE", "links": [8], "slot_index": 2}], [ckpt]),
            node(5, "EmptyLatentImage", 1, [], [{"name": "LATENT", "type": "LATENT", "links": [2], "slot_index": 0}],
                 [SIZE, SIZE, 1]),
            node(6, "CLIPTextEncode", 2, [{"name": "clip", "type": "CLIP", "link": 3}],
                 [{"name": "CONDITIONING", "type": "CONDITIONING", "links": [4], "slot_index": 0}], [pos]),
            node(7, "CLIPTextEncode", 3, [{"name": "clip", "type": "CLIP", "link": 5}],
                 [{"name": "CONDITIONING", "type": "CONDITIONING", "links": [6], "slot_index": 0}], [neg]),
            node(3, "KSampler", 4, [{"name": "model", "type": "MODEL", "link": 1},
                                    {"name": "positive", "type": "CONDITIONING", "link": 4},
                                    {"name": "negative", "type": "CONDITIONING", "link": 6},
                                    {"name": "latent_image", "type": "LATENT", "link": 2}],
                 [{"name": "LATENT", "type": "LATENT", "links": [7], "slot_index": 0}],
                 [seed, "randomize", steps, cfg, sampler, scheduler, 1.0]),
            node(8, "VAEDecode", 5, [{"name": "samples", "type": "LATENT", "link": 7},
                                     {"name": "vae", "type": "VAE", "link": 8}],
                 [{"name": "IMAGE", "type": "IMAGE", "links": [9], "slot_index": 0}], []),
            node(9, "SaveImage", 6, [{"name": "images", "type": "IMAGE", "link": 9}], [], ["ComfyUI"]),
        ],
        "links": [[1, 4, 0, 3, 0, "MODEL"], [2, 5, 0, 3, 3, "LATENT"], [3, 4, 1, 6, 0, "CLIP"],
                  [4, 6, 0, 3, 1, "CONDITIONING"], [5, 4, 1, 7, 0, "CLIP"], [6, 7, 0, 3, 2, "CONDITIONING"],
                  [7, 3, 0, 8, 0, "LATENT"], [8, 4, 2, 8, 1, "VAE"], [9, 8, 0, 9, 0, "IMAGE"]],
        "groups": [], "config": {}, "extra": {"ds": {"scale": 1.0, "offset": [0, 0]}}, "version": 0.4,
    }
    return json.dumps(api), json.dumps(workflow)


def xmp_packet(source_type: str, creator_tool: str | None, element_form: bool) -> bytes:
    """An XMP packet carrying the IPTC digital source type."""
    ns = ('xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
          'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"')
    tool_attr = f' xmp:CreatorTool="{creator_tool}"' if creator_tool else ""
    if element_form:
        desc = (f'  <rdf:Description rdf:about="" {ns}{tool_attr}>\n'
                f"   <Iptc4xmpExt:DigitalSourceType>{source_type}</Iptc4xmpExt:DigitalSourceType>\n"
                "  </rdf:Description>\n")
    else:
        desc = f'  <rdf:Description rdf:about="" {ns}{tool_attr}\n    Iptc4xmpExt:DigitalSourceType="{source_type}"/>\n'
    body = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f"{desc} </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
    return body.encode("utf-8")


def encode(im: Image.Image, rng: random.Random, scene: str, ai: bool, marker: str) -> tuple[bytes, str]:
    """Encode with the marker's metadata. Returns (bytes, file extension)."""
    buf = io.BytesIO()
    if marker == "a1111":
        info = PngImagePlugin.PngInfo()
        info.add_text("parameters", a1111_parameters(rng, scene))
        im.save(buf, "PNG", pnginfo=info)
        return buf.getvalue(), "png"
    if marker == "comfyui":
        prompt, workflow = comfyui_graphs(rng, scene)
        info = PngImagePlugin.PngInfo()
        info.add_text("prompt", prompt)
        info.add_text("workflow", workflow)
        im.save(buf, "PNG", pnginfo=info)
        return buf.getvalue(), "png"
    quality = rng.choice([78, 82, 85, 90, 92])
    if marker == "xmp":
        tool = rng.choice(CREATOR_TOOLS) if rng.random() < 0.6 else None
        im.save(buf, "JPEG", quality=quality, xmp=xmp_packet(DIGITAL_SOURCE_AI, tool, rng.random() < 0.5))
        return buf.getvalue(), "jpg"
    if marker in ("camera_exif", "camera_xmp"):
        exif = Image.Exif()
        make, model = rng.choice(CAMERAS)
        exif[0x010F], exif[0x0110] = make, model
        exif[0x0132] = f"2026:{rng.randint(1, 11):02d}:{rng.randint(1, 28):02d} {rng.randint(7, 21):02d}:14:03"
        kw: dict = {"exif": exif.tobytes()}
        if marker == "camera_xmp":
            kw["xmp"] = xmp_packet(DIGITAL_SOURCE_CAMERA, None, rng.random() < 0.5)
        im.save(buf, "JPEG", quality=quality, **kw)
        return buf.getvalue(), "jpg"
    if ai and rng.random() < 0.3:  # an unmarked AI PNG (metadata stripped by an editor)
        im.save(buf, "PNG")
        return buf.getvalue(), "png"
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue(), "jpg"


def near_duplicate(im: Image.Image, rng: random.Random) -> Image.Image:
    """A slightly perturbed copy, as re-posters make: crop-and-resize, brightness, blur or a small overlay."""
    kind = rng.choice(["crop", "bright", "blur", "mark", "mirror_crop"])
    if kind == "crop":
        m = rng.randint(4, 14)
        return im.crop((m, m, SIZE - m, SIZE - m)).resize((SIZE, SIZE), Image.Resampling.BILINEAR)
    if kind == "bright":
        return ImageEnhance.Brightness(im).enhance(rng.uniform(0.85, 1.15))
    if kind == "blur":
        return im.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.2)))
    if kind == "mark":
        out = im.copy()
        d = ImageDraw.Draw(out)
        x, y = rng.randint(150, 220), rng.randint(225, 240)
        d.rectangle((x, y, x + 30, y + 10), fill=(255, 255, 255))
        return out
    m = rng.randint(3, 8)
    return im.crop((0, m, SIZE - m, SIZE)).resize((SIZE, SIZE), Image.Resampling.BILINEAR)


def make_image(name_rng: random.Random, rng: random.Random, scene: str, ai: bool, marker: str,
               depicts: str, base: tuple[Image.Image, str] | None = None) -> tuple[DemoImage, Image.Image]:
    im = near_duplicate(base[0], rng) if base else draw_scene(scene, rng)
    data, ext = encode(im, rng, scene if scene in PROMPTS else "ai_landscape", ai, marker)
    name = f"{name_rng.getrandbits(48):012x}.{ext}"
    return DemoImage(name=name, data=data, sha256=hashlib.sha256(data).hexdigest(), scene=scene, depicts=depicts,
                     ai=ai, marker=marker, base=base[1] if base else None), im
