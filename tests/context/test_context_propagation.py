"""Personalised PageRank and its evidence path, checked by hand on a four-account graph."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from harrier.context import propagation
from harrier.context.data import ContextData


def sym(n: int, edges: list[tuple[int, int]]) -> sp.csr_matrix:
    r, c = zip(*edges, strict=True)
    m = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
    return (m + m.T).tocsr()


def test_pagerank_and_path_by_hand() -> None:
    # S - A - B and A - C; S is the only seed; alpha = 0.6.
    # Fixed point: p_S = 0.4 + 0.6 p_A/3, p_A = 0.6 (p_S + p_B + p_C), p_B = p_C = 0.6 p_A/3
    #   => p_A = 0.6 p_S / 0.76, p_S = 0.4 / (1 - 0.12/0.76) = 0.475, p_A = 0.375, p_B = p_C = 0.075.
    d = ContextData.empty(["S", "A", "B", "C"])
    edges = {"message": sym(4, [(0, 1)]), "comment": sym(4, [(1, 2), (1, 3)])}
    prop = propagation.propagate(d, np.array([1.0, 0, 0, 0]), alpha=0.6, edges=edges)
    assert prop.mass == pytest.approx([0.475, 0.375, 0.075, 0.075], abs=1e-6)
    # B's mass comes only from A; A's largest contributor is S (0.475 x 1) rather than B or C (0.075 x 1)
    assert prop.path(2) == [0, 1, 2]
    assert prop.path(1) == [0, 1]
    assert prop.path(0) == []  # a seed is not reached *from* another seed here
    # score: mass received relative to a seed's teleport mass (0.4): 0.075/0.4 = 0.1875 -> 0.1875/0.2375
    assert prop.score[2] == pytest.approx(0.1875 / 0.2375, rel=1e-4)
    assert prop.score[1] > prop.score[2]
    sig = propagation.signals(d, prop, np.array([2]))[0]
    path = next(e for e in sig.evidence if e.kind == "path")
    assert path.ref == ["S", "A", "B"] and path.value == ["message", "comment"]
    assert sig.detector == "context.propagation@1.0.0" and sig.kind == "account.propagated_risk"


def test_matches_linear_solve_on_random_graph() -> None:
    n = 30
    w = sp.random(n, n, density=0.15, random_state=2, format="csr")
    w = (w + w.T).tocsr()
    s = np.zeros(n)
    s[[0, 5]] = [1.0, 0.5]
    p, _ = propagation.personalised_pagerank(w, s, alpha=0.7, tol=1e-13, max_iter=500)
    out_w = np.asarray(w.sum(axis=1)).ravel()
    P = np.diag(np.where(out_w > 0, 1 / np.maximum(out_w, 1e-12), 0)) @ w.toarray()
    dangling = out_w == 0
    sn = s / s.sum()
    # dangling rows jump back to the seeds, as in the iteration
    P[dangling] = sn
    exact = np.linalg.solve(np.eye(n) - 0.7 * P.T, 0.3 * sn)
    assert p == pytest.approx(exact, abs=1e-9)


def test_no_seeds_no_risk() -> None:
    d = ContextData.empty(["a", "b"])
    prop = propagation.propagate(d, np.zeros(2), edges={"comment": sym(2, [(0, 1)])})
    assert prop.score.max() == 0 and prop.path(1) == []
