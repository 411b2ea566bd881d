"""``harrier eval pdq DIR``: our PDQ against the expected hashes and against the C++ reference (pdqhash)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from harrier.detect.hashing.pdq import hamming_hex, hash_file
from harrier.detect.image.decode import ImageDecodeError


def reference_pdq(path: Path) -> str | None:
    """pdqhash (Meta's C++ reference) over Pillow's full decode, as the fixtures README defines it."""
    try:
        import pdqhash
        from PIL import Image
    except ImportError:
        return None
    with Image.open(path) as im:
        bits, _ = pdqhash.compute(np.asarray(im.convert("RGB")))
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def evaluate_pdq(directory: Path) -> list[dict[str, Any]]:
    rows = []
    with (directory / "expected.csv").open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            p = directory / r["file"]
            expected = (r.get("expected_pdq") or r.get("pdq") or "").strip().lower()
            rec: dict[str, Any] = {"file": r["file"], "expected": expected}
            try:
                h = hash_file(p)
                fast = hash_file(p, fast=True)
            except (ImageDecodeError, OSError) as e:
                rec |= {"pdq": None, "quality": None, "to_expected": None, "to_reference": None,
                        "fast_to_reference": None, "error": getattr(e, "reason", str(e))}
                rows.append(rec)
                continue
            ref = reference_pdq(p)
            rec |= {"pdq": h.pdq, "quality": h.quality,
                    "to_expected": hamming_hex(h.pdq, expected) if expected else None,
                    "to_reference": hamming_hex(h.pdq, ref) if ref else None,
                    "fast_to_reference": hamming_hex(fast.pdq, ref) if ref else None}
            rows.append(rec)
    return rows
