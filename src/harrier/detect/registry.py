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
]


def specs(stage: int | None = None) -> list[DetectorSpec]:
    return [s for s in DETECTORS if stage is None or s.stage == stage]


@cache
def load(factory: str) -> Detector:
    """Instantiate a detector once per process (models load here, not at import)."""
    module, _, cls = factory.partition(":")
    obj = getattr(importlib.import_module(module), cls)()
    if not isinstance(obj, Detector):
        raise TypeError(f"{factory} does not implement the Detector protocol")
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
KIND_MODULES: list[str] = []
