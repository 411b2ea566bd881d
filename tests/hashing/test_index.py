"""The PDQ radius index: exact (every planted near-duplicate <= 31 bits found), incremental add/remove."""

from __future__ import annotations

import numpy as np
import pytest

from harrier.detect.hashing import index as index_mod
from harrier.detect.hashing.index import PDQIndex, hex_to_words, words_to_hex


def _random(rng, n):
    return rng.integers(0, 2**63, size=(n, 4), dtype=np.int64).astype(np.uint64) ^ (
        rng.integers(0, 2, size=(n, 4), dtype=np.int64).astype(np.uint64) << np.uint64(63))


def _flip(rng, code, k):
    out = code.copy()
    for b in rng.choice(256, size=k, replace=False).tolist():
        out[b // 64] ^= np.uint64(1 << (63 - b % 64))
    return out


def _brute(codes, q, r):
    d = np.bitwise_count(codes[None, :, :] ^ q[:, None, :]).sum(axis=2)
    return {(i, j) for i, j in zip(*np.nonzero(d <= r), strict=True)}


@pytest.mark.parametrize("n", [2_000, 60_000])  # brute-force path and multi-index path
def test_planted_near_duplicates_all_found(n):
    rng = np.random.default_rng(n)
    codes = _random(rng, n)
    idx = PDQIndex.build(codes, np.arange(n) + 1000)
    assert idx.uses_mih == (n >= index_mod.BRUTE_FORCE_BELOW)
    targets = rng.integers(0, n, 400)
    dists = np.concatenate([np.arange(32), rng.integers(0, 32, 400 - 32)])
    q = np.stack([_flip(rng, codes[t], int(k)) for t, k in zip(targets, dists, strict=True)])
    hits = {(h.query, h.id): h.distance for h in idx.search(q, 31)}
    for i, (t, k) in enumerate(zip(targets, dists, strict=True)):
        assert hits.get((i, int(t) + 1000)) == k
    # nothing beyond the radius and nothing missed, against an exhaustive check
    sub = codes[:2000]
    assert {(i, j - 1000) for (i, j) in hits if j - 1000 < 2000} == _brute(sub, q, 31)


def test_numpy_path_matches_kernel(monkeypatch):
    rng = np.random.default_rng(3)
    codes = _random(rng, 60_000)
    idx = PDQIndex.build(codes, np.arange(60_000))
    q = np.stack([_flip(rng, codes[i], 20) for i in range(50)] + list(_random(rng, 50)))
    fast = sorted((h.query, h.id, h.distance) for h in idx.search(q, 31))
    monkeypatch.setattr(index_mod, "HAVE_NUMBA", False)
    slow = sorted((h.query, h.id, h.distance) for h in idx.search(q, 31))
    assert fast == slow and len(fast) >= 50


def test_incremental_add_remove_without_rebuild():
    rng = np.random.default_rng(5)
    codes = _random(rng, 60_000)
    idx = PDQIndex.build(codes, np.arange(60_000))
    tables = idx._orders
    new = _random(rng, 10)
    idx.add(new, np.arange(10) + 100_000)
    assert idx._orders is tables  # no rebuild
    hits = {(h.query, h.id) for h in idx.search(_flip(rng, new[3], 12)[None, :], 31)}
    assert (0, 100_003) in hits
    assert idx.remove([100_003, 7]) == 2
    assert not {h.id for h in idx.search(new[3][None, :], 31)} & {100_003}
    assert not {h.id for h in idx.search(codes[7][None, :], 0)}
    assert len(idx) == 60_000 + 10 - 2
    idx.compact()
    assert len(idx) == 60_008 and {h.id for h in idx.search(codes[8][None, :], 0)} == {8}


def test_hex_roundtrip():
    h = "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064"
    assert words_to_hex(hex_to_words([h])) == [h]
