"""Generator metadata: IPTC/XMP DigitalSourceType, EXIF fields and the text chunks image generators write.

Each finding names the exact field and value. What counts as a hard marker (``ai``): a field that only a
generator writes in that shape (A1111's ``parameters`` with its ``Steps: N, Sampler: ...`` line, ComfyUI's
``prompt``/``workflow`` graphs, InvokeAI's ``invokeai_metadata``/``sd-metadata``/legacy ``Dream``,
NovelAI's ``Software``/``Source``/``Comment``, Fooocus's ``fooocus_scheme``, Midjourney's ``Job ID``), an
IPTC DigitalSourceType of trained algorithmic media, or a generator's name in EXIF Software/Make/Model or
XMP CreatorTool. A generator's name in free text (description, artist, credit line) is only a ``hint``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from harrier.detect.image.c2pa_reader import AI_SOURCE_TYPES, source_type_term
from harrier.detect.image.markers import Marker

GENERATOR_NAMES = re.compile(
    r"\b(stable[ _-]?diffusion(?:[ _-]?xl)?|sdxl|midjourney|dall[·\-\s]?e(?:[ -]?[23])?|novelai|adobe[ _]firefly|"
    r"firefly|comfyui|automatic1111|invokeai|fooocus|imagen|leonardo(?:\.ai)?|dreamstudio|nightcafe|craiyon|"
    r"bing image creator|image creator from designer|ideogram|flux\.1|diffusionbee|draw things|"
    r"playground ?ai|made with google ai|openai|gpt-4o|sd\.next|forge)\b",
    re.IGNORECASE,
)
# "forge" and "firefly" alone are common words; they only count next to other generator evidence.
_WEAK_NAMES = {"forge", "firefly", "openai", "imagen"}

A1111_PARAMS = re.compile(r"(?:^|\n)Steps: \d+, Sampler: [^\n,]+", re.MULTILINE)
A1111_MODEL = re.compile(r"(?:^|, )Model: ([^,\n]+)")
A1111_VERSION = re.compile(r"(?:^|, )Version: ([^,\n]+)")
MJ_JOB = re.compile(r"Job ID: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def _generator_name(text: str) -> str | None:
    m = GENERATOR_NAMES.search(text)
    return m.group(1) if m else None


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, TypeError, RecursionError):
        # RecursionError: a text chunk of "[[[[..." 100,000 deep made read_provenance raise, which it promises
        # never to do on bad input (found by bench/fuzz_images.py). Not JSON we can use: no JSON.
        return None


def _a1111_generator(params: str) -> str:
    version = A1111_VERSION.search(params)
    model = A1111_MODEL.search(params)
    name = "AUTOMATIC1111 Stable Diffusion web UI"
    if version and version.group(1).strip().startswith("f"):
        name = "Stable Diffusion WebUI Forge"
    return f"{name} (model {model.group(1).strip()})" if model else name


def text_chunk_markers(text: dict[str, str], container: str = "png-text") -> list[Marker]:
    """Markers from PNG tEXt/zTXt/iTXt chunks (also WebP/GIF comments passed in the same shape)."""
    out: list[Marker] = []
    lower = {k.lower(): (k, v) for k, v in text.items() if isinstance(v, str)}

    def add(key: str, strength: str, generator: str | None, value: str | None = None) -> None:
        k, v = lower[key]
        out.append(Marker(container, k, value if value is not None else v, strength, generator))  # type: ignore[arg-type]

    if "parameters" in lower:
        v = lower["parameters"][1]
        j = _json(v)
        if "fooocus_scheme" in lower or (isinstance(j, dict) and "fooocus" in json.dumps(j).lower()[:4000]):
            add("parameters", "ai", "Fooocus")
        elif A1111_PARAMS.search(v):
            add("parameters", "ai", _a1111_generator(v))
        elif isinstance(j, dict) and ("steps" in j or "sampler" in j or "prompt" in j):
            add("parameters", "ai", _generator_name(v) or "Stable Diffusion front end")
        else:
            add("parameters", "hint", _generator_name(v))
    if "fooocus_scheme" in lower:
        add("fooocus_scheme", "ai", "Fooocus")
    if "prompt" in lower:
        j = _json(lower["prompt"][1])
        if isinstance(j, dict) and any(isinstance(n, dict) and "class_type" in n for n in j.values()):
            add("prompt", "ai", "ComfyUI")
        elif j is not None:
            add("prompt", "hint", _generator_name(lower["prompt"][1]))
    if "workflow" in lower:
        j = _json(lower["workflow"][1])
        if isinstance(j, dict) and ("nodes" in j or "last_node_id" in j):
            add("workflow", "ai", "ComfyUI")
    for key in ("invokeai_metadata", "invokeai_graph", "sd-metadata"):
        if key in lower:
            add(key, "ai", "InvokeAI")
    if "dream" in lower:
        add("dream", "ai", "InvokeAI (legacy Dream format)")
    software = lower.get("software", ("", ""))[1]
    if software:
        name = _generator_name(software)
        if name and name.lower() not in _WEAK_NAMES:
            add("software", "ai", "NovelAI" if "novelai" in software.lower() else software)
    if "source" in lower:
        src = lower["source"][1]
        if re.search(r"stable diffusion|novelai diffusion", src, re.IGNORECASE):
            add("source", "ai", src.strip()[:100])
    if "comment" in lower:
        j = _json(lower["comment"][1])
        if isinstance(j, dict) and "steps" in j and ("sampler" in j or "uc" in j):
            add("comment", "ai", "NovelAI" if "novelai" in software.lower() or "uc" in j else None)
    for key in ("description", "comment", "title", "author"):
        if key in lower:
            v = lower[key][1]
            if MJ_JOB.search(v):
                add(key, "ai", "Midjourney")
            elif key == "title" and v.strip() == "AI generated image":
                add(key, "ai", "NovelAI")
            elif (name := _generator_name(v)) and name.lower() not in _WEAK_NAMES:
                add(key, "hint", name)
    return out


EXIF_TAGS = {0x010F: "Make", 0x0110: "Model", 0x0131: "Software", 0x010E: "ImageDescription", 0x013B: "Artist"}
EXIF_HARD = {"Make", "Model", "Software"}  # written by the producing program or device


def decode_user_comment(raw: Any) -> str:
    """EXIF UserComment: 8-byte charset prefix then the text (A1111 writes UNICODE = UTF-16)."""
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, bytes | bytearray):
        return ""
    b = bytes(raw)
    head, body = b[:8], b[8:]
    if head.startswith(b"UNICODE"):
        # byte order is not stated: A1111 (piexif) writes big-endian; some tools little-endian
        be, le = body.decode("utf-16-be", "replace"), body.decode("utf-16-le", "replace")
        return be if be.count("\ufffd") + sum(ord(c) > 0x3000 for c in be) <= \
            le.count("\ufffd") + sum(ord(c) > 0x3000 for c in le) else le
    if head.startswith((b"ASCII", b"\x00\x00\x00\x00\x00\x00\x00\x00")):
        return body.decode("utf-8", "replace").rstrip("\x00")
    return b.decode("utf-8", "replace").rstrip("\x00")


def exif_markers(exif: dict[str, Any]) -> list[Marker]:
    """``exif``: tag name -> value for Make, Model, Software, ImageDescription, Artist, UserComment."""
    out: list[Marker] = []
    for field in ("Software", "Make", "Model", "ImageDescription", "Artist"):
        v = exif.get(field)
        if not isinstance(v, str) or not v.strip():
            continue
        name = _generator_name(v)
        if name and name.lower() not in _WEAK_NAMES:
            out.append(Marker("exif", field, v.strip(), "ai" if field in EXIF_HARD else "hint", name))
        elif field == "ImageDescription" and A1111_PARAMS.search(v):
            out.append(Marker("exif", field, v.strip(), "ai", _a1111_generator(v)))
    uc = decode_user_comment(exif.get("UserComment"))
    if uc.strip():
        if A1111_PARAMS.search(uc):
            out.append(Marker("exif", "UserComment", uc.strip(), "ai", _a1111_generator(uc)))
        elif isinstance(j := _json(uc), dict) and ("steps" in j or "sampler" in j):
            out.append(Marker("exif", "UserComment", uc.strip(), "ai", _generator_name(uc) or "image generator"))
        elif MJ_JOB.search(uc):
            out.append(Marker("exif", "UserComment", uc.strip(), "ai", "Midjourney"))
        elif (name := _generator_name(uc)) and name.lower() not in _WEAK_NAMES:
            out.append(Marker("exif", "UserComment", uc.strip(), "hint", name))
    return out


# Every repetition is bounded: XMP is attacker-written, and with ``[\w-]+``, ``\s*`` and ``[^>]*?`` a 50 KB run of
# letters or spaces, or "DigitalSourceType " repeated, took 10-35 s per image (quadratic backtracking, found by
# bench/fuzz_images.py). Real packets use a namespace prefix of a few letters, a space or two, one URI.
_XMP_DST = re.compile(
    r"(?:[\w-]{1,64}:)?DigitalSourceType\s{0,256}(?:=\s{0,256}[\"']([^\"']{1,2048})[\"']"
    r"|[^>]{0,512}?rdf:resource\s{0,256}=\s{0,256}[\"']([^\"']{1,2048})[\"']"
    r"|>\s{0,256}([^<\s]{1,2048})\s{0,256}<)",
)
_XMP_FIELD = re.compile(r"(xmp:CreatorTool|photoshop:Credit|dc:creator|Iptc4xmpCore:CreditLine)"
                        r"\s*(?:=\s*[\"']([^\"']*)[\"']|>(.*?)</)", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def find_xmp(data: bytes) -> str | None:
    """The XMP packet from the raw bytes of any container (JPEG APP1, PNG iTXt, WebP XMP chunk, TIFF)."""
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        return None
    end = data.find(b"</x:xmpmeta>", start)
    if end < 0:
        return None
    return data[start : end + 12].decode("utf-8", "replace")


def xmp_markers(xmp: str) -> list[Marker]:
    out: list[Marker] = []
    for m in _XMP_DST.finditer(xmp):
        value = next(g for g in m.groups() if g)
        term = source_type_term(value)
        ai = term in AI_SOURCE_TYPES
        out.append(Marker("iptc-xmp", "Iptc4xmpExt:DigitalSourceType", value, "ai" if ai else "not_ai",
                          "generative AI (IPTC source type)" if ai else None))
    for m in _XMP_FIELD.finditer(xmp):
        field, value = m.group(1), _TAGS.sub(" ", m.group(2) or m.group(3) or "").strip()
        name = _generator_name(value)
        if name and name.lower() not in _WEAK_NAMES:
            out.append(Marker("iptc-xmp", field, value[:300], "ai" if field == "xmp:CreatorTool" else "hint", name))
    return out
