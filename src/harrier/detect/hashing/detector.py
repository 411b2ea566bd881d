"""Detector ``hash.pdq`` (stage 1, media): the fact signal ``image.hashes`` (PDQ, quality, MD5, SHA-256).

Detectors never read the store and banks change independently of media, so matching is not done here:
``harrier.detect.hashing.match.match_store`` matches these hashes against the banks after stage 1, and
``harrier.detect.hashing.clusters.cluster_store`` groups near-duplicates across the platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from harrier.detect.base import DetectorInput, MediaInput
from harrier.detect.hashing.pdq import hash_bytes
from harrier.detect.image.decode import ImageDecodeError
from harrier.model.signals import Evidence, Signal, register_kind

register_kind("image.hashes", ["media"],
              "Fact: the media's PDQ perceptual hash with its quality (0-100), MD5 and SHA-256. Input of bank "
              "matching (hash.match) and near-duplicate clustering (image.near_duplicate); not a finding.",
              score="fact (1.0)", severity_hint="low")


def hashes_evidence(pdq: str | None, quality: int | None, md5: str, sha256: str) -> list[Evidence]:
    ev = [Evidence(kind="hash", field="md5", value=md5), Evidence(kind="hash", field="sha256", value=sha256)]
    if pdq:
        ev.insert(0, Evidence(kind="hash", field="pdq", value=pdq, note=f"quality {quality}"))
        ev.append(Evidence(kind="feature", field="quality", value=quality))
    return ev


def parse_hashes(signal: Signal) -> tuple[str | None, int | None, str | None]:
    """(pdq, quality, md5) from an ``image.hashes`` signal."""
    pdq = quality = md5 = None
    for e in signal.evidence:
        if e.field == "pdq":
            pdq = e.value
        elif e.field == "md5":
            md5 = e.value
        elif e.field == "quality" and e.value is not None:
            quality = int(e.value)
    return pdq, quality, md5


class PDQDetector:
    name: ClassVar[str] = "hash.pdq"
    version: ClassVar[str] = "1.0.0"
    subject_type: ClassVar[str] = "media"
    stage: ClassVar[int] = 1

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        import hashlib

        ident = f"{self.name}@{self.version}"
        out: list[Signal] = []
        for item in batch:
            if not isinstance(item, MediaInput) or item.path is None:
                continue
            try:
                data = item.path.read_bytes()
            except OSError:
                continue
            pdq = quality = None
            if item.type == "image":
                try:
                    h = hash_bytes(data, fast=True)
                    pdq, quality, md5, sha = h.pdq, h.quality, h.md5, h.sha256
                except ImageDecodeError:
                    pass  # still hashed below: an MD5 bank can match bytes no decoder accepts
            if pdq is None:
                md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
                sha = hashlib.sha256(data).hexdigest()
            out.append(Signal(subject=("media", item.media_id), kind="image.hashes", score=1.0, detector=ident,
                              evidence=hashes_evidence(pdq, quality, md5, sha)))
        return out
