"""Text detection: evasion-aware normaliser, multilingual lexicons, intent model, context fusion.

``score_texts(items)`` is the public API (see :mod:`harrier.detect.text.score`); the detectors ``harrier scan``
runs live in :mod:`harrier.detect.text.detectors` and :mod:`harrier.detect.post`.
"""

from __future__ import annotations

from typing import Any


def score_texts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Score ``[{"id", "text", "lang"?, "context"?: {"minor_likelihood", "parent_text"?}}]`` (models load once)."""
    from harrier.detect.text.score import score_texts as _score

    return _score(items)


__all__ = ["score_texts"]
