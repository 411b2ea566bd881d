"""Fixtures for the text-detection tests: one scorer per session (the model loads once)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "text"


@pytest.fixture(scope="session")
def scorer():
    from harrier.detect.text.score import TextScorer

    return TextScorer()
