"""One provenance finding: which marker, in which field, with what value, and how much it says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# ai: a hard AI marker written by a generator or signed by one (a verdict of "yes")
# hint: points to AI but can be wrong or unverified (a verdict of "unknown" at most)
# not_ai: an explicit non-AI source type (digitalCapture, algorithmicMedia...)
# info: context for the reviewer (claim generator, validation state, remote manifest)
Strength = Literal["ai", "hint", "not_ai", "info"]
MAX_VALUE = 500  # prompts and workflows can be long; evidence keeps the start


@dataclass(frozen=True)
class Marker:
    type: str  # c2pa | c2pa-invalid | c2pa-remote | iptc-xmp | exif | png-text | stealth-pnginfo | invisible-watermark
    field: str
    value: str
    strength: Strength = "info"
    generator: str | None = None
    confidence: float | None = None

    def to_json(self) -> dict[str, Any]:
        v = self.value if len(self.value) <= MAX_VALUE else self.value[:MAX_VALUE] + "…"
        out: dict[str, Any] = {"type": self.type, "field": self.field, "value": v, "strength": self.strength}
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out
