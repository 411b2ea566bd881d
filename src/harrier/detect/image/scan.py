"""One image, everything Harrier can say about it: the record behind ``harrier image scan PATH... --json``.

Fields (stable, other tools consume them): ``path`` (as given), provenance ``ai_generated`` / ``generator`` /
``markers``, ``pdq`` / ``quality`` (plus ``md5`` / ``sha256``), ``faces`` [{box, age, minor_probability}],
``minor_likelihood``, ``nudity`` [detections], ``width`` / ``height`` / ``format``, and ``error`` instead of a crash:
a malformed file yields a record with ``error`` set, never an exception.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from pathlib import Path
from typing import Any

from harrier.detect.image.content import ContentAnalyser
from harrier.detect.image.decode import ImageDecodeError, load_image

log = logging.getLogger(__name__)


def _provenance(path: Path, data: bytes) -> dict[str, Any]:
    """AI-provenance fields from the provenance reader."""
    from harrier.detect.image.provenance import read_provenance

    d = _as_dict(read_provenance(path, data=data))
    return {"ai_generated": d.get("ai_generated", "unknown"), "generator": d.get("generator"),
            "markers": [_as_dict(m) for m in d.get("markers") or []]}


def _as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return obj
    for attr in ("to_json", "model_dump"):
        fn = getattr(obj, attr, None)
        if callable(fn):
            out = fn()
            if isinstance(out, dict):
                return out
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    return dict(vars(obj))


def scan_file(path: str | Path, analyser: ContentAnalyser | None = None, *, provenance: bool = True,
              content: bool = True) -> dict[str, Any]:
    """Scan one file. ``analyser`` = a shared :class:`ContentAnalyser` (models load once); ``content=False`` skips
    faces/age/nudity. Never raises for a bad file: the record gets ``error``."""
    from harrier.detect.hashing.pdq import pdq_of_image

    p = Path(path)
    rec: dict[str, Any] = {"path": str(path), "ai_generated": "unknown", "generator": None, "markers": [],
                           "pdq": None, "quality": None, "faces": [], "minor_likelihood": None, "nudity": [],
                           "error": None}
    try:
        data = p.read_bytes()
    except OSError as e:
        rec["error"] = f"cannot read file: {e.strerror or e}"
        return rec
    rec["md5"] = hashlib.md5(data, usedforsecurity=False).hexdigest()
    rec["sha256"] = hashlib.sha256(data).hexdigest()
    try:
        decoded = load_image(data)
    except ImageDecodeError as e:
        rec["error"] = e.reason
        return rec
    except Exception as e:  # noqa: BLE001 - the decoder's contract is ImageDecodeError; belt and braces
        rec["error"] = f"cannot decode: {type(e).__name__}: {e}"
        return rec
    rec.update(width=decoded.width, height=decoded.height, format=decoded.format, frames=decoded.frames)
    steps: list[tuple[str, Any]] = []
    if provenance:
        steps.append(("provenance", lambda: rec.update(_provenance(p, data))))
    # PDQ of the full-resolution decode: the same hash as ``harrier hash`` (reference mode).
    steps.append(("pdq", lambda: rec.update(dict(zip(("pdq", "quality"), pdq_of_image(decoded.image),
                                                      strict=True)))))
    if content:
        an = analyser or ContentAnalyser()
        steps.append(("content", lambda: rec.update(an.analyse(decoded.image).to_json())))
    for name, step in steps:
        try:
            step()
        except Exception as e:  # noqa: BLE001 - one failing step must not lose the others' results
            log.warning("image scan %s: %s failed: %s", path, name, e)
            rec["error"] = f"{name} failed: {type(e).__name__}: {e}"
    return rec
