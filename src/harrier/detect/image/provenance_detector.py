"""Detector ``image.provenance`` (stage 1, media): AI-provenance markers -> ``image.ai_generated``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from harrier.detect.base import DetectorInput, MediaInput
from harrier.detect.image.decode import DECODE_ERROR
from harrier.detect.image.provenance import read_provenance
from harrier.model.signals import Evidence, Signal, register_kind

register_kind("image.ai_generated", ["media"],
              "The image carries an AI-generation marker: C2PA/IPTC digital source type of trained algorithmic "
              "media, generator metadata (A1111, ComfyUI, InvokeAI, NovelAI, Fooocus, Midjourney), A1111 stealth "
              "parameters or the Stable Diffusion invisible watermark. Evidence: marker type, field, value, "
              "generator. Score 1.0 for a hard marker, 0.5 for hints only.",
              score="1.0 hard marker / 0.5 hint", severity_hint="medium")


class ProvenanceDetector:
    name: ClassVar[str] = "image.provenance"
    version: ClassVar[str] = "1.0.0"
    subject_type: ClassVar[str] = "media"
    stage: ClassVar[int] = 1

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        ident = f"{self.name}@{self.version}"
        out: list[Signal] = []
        for item in batch:
            if not isinstance(item, MediaInput) or item.path is None or item.type != "image":
                continue
            subject = ("media", item.media_id)
            p = read_provenance(item.path)
            if p.error:
                out.append(Signal(subject=subject, kind=DECODE_ERROR, score=1.0, detector=ident,
                                  evidence=[Evidence(kind="metadata", field="decode", value=p.error)]))
            if p.ai_generated == "no":
                continue
            ev = [Evidence(kind="metadata", field=f"{m.type}:{m.field}", value=m.to_json()["value"],
                           note=m.strength + (f", confidence {m.confidence}" if m.confidence is not None else ""))
                  for m in p.markers if m.strength in ("ai", "hint") or m.type.startswith("c2pa")]
            if p.generator:
                ev.append(Evidence(kind="metadata", field="generator", value=p.generator))
            out.append(Signal(subject=subject, kind="image.ai_generated", score=p.score, detector=ident, evidence=ev))
        return out
