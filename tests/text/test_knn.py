"""The nearest-example margin: what it computes, and that out of fold it never compares an item with its own fold."""

from __future__ import annotations

import numpy as np

from harrier.detect.text import train as train_mod
from harrier.detect.text.intent import knn_logit


def _unit(rng: np.random.Generator, n: int, d: int = 16) -> np.ndarray:
    v = rng.normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_margin_is_nearest_harmful_minus_nearest_other_in_any_block_size() -> None:
    rng = np.random.default_rng(0)
    E, R = _unit(rng, 37), _unit(rng, 50)
    n_harm = 20
    S = E @ R.T
    want = S[:, :n_harm].max(axis=1) - S[:, n_harm:].max(axis=1)
    for block in (1, 7, 512):
        z, idx, cos = knn_logit(E, R, n_harm, block=block)
        np.testing.assert_allclose(z, want, atol=1e-6)
        np.testing.assert_array_equal(idx, S[:, :n_harm].argmax(axis=1))
        np.testing.assert_allclose(cos, S[np.arange(len(E)), idx], atol=1e-6)
    # a text equal to a harmful reference is that reference, at cosine 1
    z, idx, cos = knn_logit(R[3:4], R, n_harm)
    assert idx[0] == 3 and abs(cos[0] - 1.0) < 1e-6 and z[0] > 0
    # no references on one side: no margin rather than an error
    assert not knn_logit(E, R[:n_harm], n_harm)[0].any()


def test_out_of_fold_margins_never_use_the_items_own_fold() -> None:
    rng = np.random.default_rng(1)
    n = 200
    E = _unit(rng, n)
    folds = rng.integers(0, train_mod.FOLDS, n)
    y = rng.random(n) < 0.5

    def oof(labels: np.ndarray) -> np.ndarray:
        order = np.argsort(~labels, kind="stable")
        return train_mod.knn_oof(E, E[order], labels[order], folds[order], folds)

    z = oof(y)
    flipped = y.copy()
    flipped[folds == 0] = ~flipped[folds == 0]  # relabel fold 0 only
    z2 = oof(flipped)
    np.testing.assert_array_equal(z[folds == 0], z2[folds == 0])
    assert not np.allclose(z[folds != 0], z2[folds != 0])


def test_out_of_fold_margin_is_the_margin_against_the_other_folds_only() -> None:
    """The references are the items themselves: each item's margin equals a brute-force margin over the
    references of other folds, and differs from the all-folds one (where it is its own nearest, cosine 1)."""
    rng = np.random.default_rng(2)
    n = 150
    E = _unit(rng, n)
    folds = rng.integers(0, train_mod.FOLDS, n)
    y = rng.random(n) < 0.4
    order = np.argsort(~y, kind="stable")  # harmful references first, as knn_oof expects
    R, is_h, fold_r = E[order], y[order], folds[order]
    z = train_mod.knn_oof(E, R, is_h, fold_r, folds)
    S = E @ R.T
    want = np.array([S[i, (fold_r != folds[i]) & is_h].max() - S[i, (fold_r != folds[i]) & ~is_h].max()
                     for i in range(n)])
    np.testing.assert_allclose(z, want, atol=1e-5)
    with_own_fold = knn_logit(E, R, int(is_h.sum()))[0]
    assert np.all(np.abs(with_own_fold - z) > 1e-4)  # every item would have found itself
