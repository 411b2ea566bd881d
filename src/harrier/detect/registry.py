"""The one place detectors are registered. Adding a detector = one module + one line in DETECTORS.

Detectors are named by import path so that worker processes load their models themselves and the CLI
starts fast.
"""

from __future__ import annotations

import importlib
from functools import cache

from harrier.detect.base import Detector, DetectorSpec

DETECTORS: list[DetectorSpec] = [
    # DetectorSpec(name, version, subject_type, stage, "module:Class", batch_size),
    DetectorSpec("image.content", "1.0.0", "media", 1, "harrier.detect.image.content:ImageContentDetector", 16,
                 ("image.minor_likelihood", "image.nudity", "image.sexualised_minor_risk", "image.decode_error")),
    DetectorSpec("image.provenance", "1.0.0", "media", 1,
                 "harrier.detect.image.provenance_detector:ProvenanceDetector", 64,
                 ("image.ai_generated", "image.decode_error")),
    DetectorSpec("hash.pdq", "1.0.0", "media", 1, "harrier.detect.hashing.detector:PDQDetector", 64,
                 ("image.hashes",)),
    DetectorSpec("text.account", "1.11.0", "account", 1, "harrier.detect.text.detectors:AccountTextDetector", 256,
                 ("text.account_handle", "text.account_bio")),
    DetectorSpec("post.fusion", "1.3.3", "post", 2, "harrier.detect.post:PostFusionDetector", 256,
                 ("text.minor_cue", "post.minor_likelihood", "post.ai_generated", "text.contact_move")),
    DetectorSpec("text.comment", "1.31.0", "comment", 3, "harrier.detect.text.detectors:CommentTextDetector", 256,
                 ("text.sexualising_minor", "text.abuse_intent", "text.desire_or_solicitation", "text.contact_move",
                  "text.generation_request", "text.minimisation", "text.counter_speech")),
]


def specs(stage: int | None = None) -> list[DetectorSpec]:
    return [s for s in DETECTORS if stage is None or s.stage == stage]


@cache
def load(factory: str, ident: str) -> Detector:
    """Instantiate a detector once per process (models load here, not at import). The class must carry the
    name and version its registry line declares: signals are stamped with them and freshness relies on it."""
    module, _, cls = factory.partition(":")
    obj = getattr(importlib.import_module(module), cls)()
    if not isinstance(obj, Detector):
        raise TypeError(f"{factory} does not implement the Detector protocol")
    if f"{obj.name}@{obj.version}" != ident:
        raise ValueError(f"{factory} is {obj.name}@{obj.version} but detect/registry.py declares {ident}")
    return obj


def current_versions() -> dict[str, str]:
    return {s.name: s.version for s in DETECTORS}


def load_kind_modules() -> None:
    """Import every module that registers signal kinds, so KINDS is complete (docs, rules checking)."""
    for s in DETECTORS:
        importlib.import_module(s.factory.partition(":")[0])
    for mod in KIND_MODULES:
        importlib.import_module(mod)


# Modules outside the detectors that register signal kinds (context features, policy...).
KIND_MODULES: list[str] = [
    "harrier.context.features",
    "harrier.context.guardian",
    "harrier.context.propagation",
    "harrier.context.communities",
    "harrier.context.risk",
    "harrier.detect.hashing.match",
    "harrier.detect.hashing.clusters",
]
