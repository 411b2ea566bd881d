"""One detector batch, as a worker runs it: shared by the local process pool (``harrier.pipeline``) and the Ray
actors (``harrier.ray_engine``), so that both engines raise and report a failing batch the same way."""

from __future__ import annotations

import traceback

from harrier.detect import registry
from harrier.detect.base import DetectorInput
from harrier.model.signals import Signal


class BatchError(Exception):
    """The detector raised on a batch (not while loading: a detector that cannot load stops the scan)."""


def run_batch(factory: str, ident: str, batch: list[DetectorInput]) -> list[Signal]:
    """Runs in a worker process (or inline). Module-level so it pickles."""
    detector = registry.load(factory, ident)
    try:
        return detector.detect(batch)
    except Exception as e:  # one bad item must not stop the scan: the pipeline retries item by item
        where = traceback.extract_tb(e.__traceback__)[-1]
        raise BatchError(f"{type(e).__name__}: {e} ({where.filename}:{where.lineno} in {where.name})") from None
