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


def _spread_flip(rng, code, k):
    """k bits flipped as evenly as possible over the 11 substrings (and the 3 bits in none): the hardest
    case for multi-index hashing, where every substring differs in about k / 11 bits."""
    subs = [list(range(t * index_mod.SUB, (t + 1) * index_mod.SUB)) for t in range(index_mod.M)]
    subs.append(list(range(index_mod.M * index_mod.SUB, 256)))
    order = rng.permutation(len(subs))
    out = code.copy()
    for j in range(k):
        bits = subs[order[j % len(subs)]]
        b = bits.pop(int(rng.integers(len(bits))))
        out[b // 64] ^= np.uint64(1 << (63 - b % 64))
    return out


@pytest.mark.parametrize("numba", [True, False])
def test_exact_at_every_radius_on_evenly_spread_differences(monkeypatch, numba):
    """The tables probe fewer keys than 2 flips where the tighter pigeonhole allows (probes_per_table): a
    match whose differing bits are spread over all substrings is still found, at every radius up to 32."""
    monkeypatch.setattr(index_mod, "HAVE_NUMBA", numba and index_mod.HAVE_NUMBA)
    rng = np.random.default_rng(11)
    codes = _random(rng, 60_000)
    idx = PDQIndex.build(codes, np.arange(60_000))
    for radius in (0, 1, 10, 11, 12, 21, 22, 23, 30, 31, 32):
        targets = rng.integers(0, 60_000, 60)
        ks = [radius] * 40 + rng.integers(0, radius + 1, 20).tolist()
        q = np.stack([_spread_flip(rng, codes[t], k) for t, k in zip(targets, ks, strict=True)])
        hits = {(h.query, h.id): h.distance for h in idx.search(q, radius)}
        for i, (t, k) in enumerate(zip(targets, ks, strict=True)):
            assert hits.get((i, int(t))) == k, (radius, k)
        assert set(hits) == _brute(codes, q, radius), radius


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


@pytest.mark.parametrize("n", [0, 60_000])  # delta buffer only; delta beside the multi-index tables
def test_an_id_repeated_within_one_add_keeps_its_last_code_and_remove_removes_it(n):
    rng = np.random.default_rng(9)
    idx = PDQIndex.build(_random(rng, n), np.arange(n))
    first, second, other = _random(rng, 3)
    idx.add(np.stack([first, other, second]), np.array([500_000, 500_001, 500_000]))
    assert len(idx) == n + 2
    assert {h.id for h in idx.search(first[None, :], 0)} == set()  # replaced by the later code
    assert {h.id for h in idx.search(second[None, :], 0)} == {500_000}
    assert idx.remove([500_000]) == 1
    assert {h.id for h in idx.search(np.stack([first, second]), 31)} == set()
    idx.compact()
    assert len(idx) == n + 1 and {h.id for h in idx.search(other[None, :], 0)} == {500_001}


def test_build_with_a_repeated_id_keeps_the_last_code():
    rng = np.random.default_rng(10)
    a, b = _random(rng, 2)
    idx = PDQIndex.build(np.stack([a, b]), np.array([1, 1]))
    assert len(idx) == 1 and {h.id for h in idx.search(b[None, :], 0)} == {1}
    assert idx.remove([1]) == 1 and idx.search(np.stack([a, b]), 31) == []


def test_kernel_uses_the_substring_width():
    """The numba kernel cuts substrings by SUB, like the tables it probes (it once hard-coded 23)."""
    import inspect

    src = inspect.getsource(index_mod._mih_kernel)
    assert "23" not in src and "SUB" in src
