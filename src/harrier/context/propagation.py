"""Risk propagation: personalised PageRank from seed accounts, with the path that carried the risk.

Seeds are accounts a reviewer confirmed (labels/decisions) or whose own content is high-severity. Risk flows
over an undirected interaction graph whose edge weights say how much an edge implicates both ends: a
flagged comment ties commenter and author strongly, a benign comment weakly, a counter-speech comment not at
all (so people reporting abuse do not inherit it), shared near-duplicate images, shared off-platform
destinations and message exchanges strongly, follows weakly.

The power iteration is hand-written on scipy.sparse (a few lines) because it must also return, for every
node, the neighbour that contributed most to its score at the fixed point; following those best
contributors back to a seed gives the path kept as evidence. Library PageRanks (igraph, networkx) give
scores only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from harrier.context import graphs as g
from harrier.context.data import ContextData
from harrier.model.signals import Evidence, Signal, register_kind

NAME = "context.propagation"
VERSION = "1.0.0"
DETECTOR = f"{NAME}@{VERSION}"
ALPHA = 0.6  # probability of following an edge rather than jumping back to a seed: keeps risk local
MAX_PATH = 6

register_kind("account.propagated_risk", ["account"],
              "Risk that reached the account over the interaction graph from confirmed or high-severity accounts "
              "(personalised PageRank); evidence lists the top contributing path as account ids with edge types.",
              score="0..1 feature")

# edge types, each a symmetric weighted matrix; the order is the tie-break when naming a path's edges
EDGE_TYPES = ("comment", "message", "near_duplicate", "linkout", "cocomment", "follow")


@dataclass
class Propagation:
    score: np.ndarray  # float32 0..1 per account
    mass: np.ndarray  # raw PageRank mass
    best_pred: np.ndarray  # int64 best contributing neighbour (-1: none)
    seeds: np.ndarray  # float seed weights
    edges: dict[str, sp.csr_matrix]
    iterations: int

    def path(self, a: int, max_len: int = MAX_PATH) -> list[int]:
        """Seed ... -> a along best contributors (empty when no seed is reached)."""
        chain, seen, cur = [a], {a}, a
        for _ in range(max_len):
            cur = int(self.best_pred[cur])
            if cur < 0 or cur in seen:
                return []
            chain.append(cur)
            seen.add(cur)
            if self.seeds[cur] > 0:
                return chain[::-1]
        return []

    def edge_type(self, u: int, v: int) -> str:
        best, name = 0.0, "interaction"
        for t in EDGE_TYPES:
            m = self.edges.get(t)
            if m is not None:
                w = float(m[u, v])
                if w > best:
                    best, name = w, t
        return name


def edge_matrices(d: ContextData, harm_weight: float = 2.0) -> dict[str, sp.csr_matrix]:
    """Symmetric weighted matrices, one per edge type, built from the item-level scores of ``d``."""
    n = d.n_accounts
    calm = 1.0 - d.comment_counter
    # A benign comment ties its ends a little; a flagged one much more; counter-speech not at all.
    w_comment = (0.1 + harm_weight * d.comment_harm + d.comment_contact) * calm
    out: dict[str, sp.csr_matrix] = {}
    c = g.comment_graph(d, w_comment)
    has = d.comment_parent >= 0
    if has.any():
        c = c + g._square(d.comment_author[has], d.comment_author[d.comment_parent[has]], w_comment[has], n)
    out["comment"] = (c + c.T).tocsr()
    msg = g._square(d.msg_src, d.msg_dst, np.log1p(d.msg_count.astype(np.float32)) + 1.0, n)
    out["message"] = (msg + msg.T).tocsr()
    out["near_duplicate"] = g.shared_item_graph(d.post_author, d.post_dup, n)
    # Only specific destinations (a handle, a URL path) tie accounts: everyone may mention "telegram".
    specific = np.array([(":" in x or "/" in x) for x in d.link_names], bool)
    lt = np.where(specific[d.link_target], d.link_target, -1) if len(d.link_target) else d.link_target
    out["linkout"] = g.shared_item_graph(d.link_account, lt, n)
    out["cocomment"] = 0.5 * g.cocomment(d, comment_mask=d.comment_flagged)
    f = g._square(d.follow_src, d.follow_dst, np.full(len(d.follow_src), 0.05, np.float32), n)
    out["follow"] = (f + f.T).tocsr()
    return out


def personalised_pagerank(w: sp.csr_matrix, seeds: np.ndarray, alpha: float = ALPHA, tol: float = 1e-9,
                          max_iter: int = 100) -> tuple[np.ndarray, int]:
    """p = (1 - alpha) s + alpha P^T p with P the row-normalised w; dangling mass returns to the seeds."""
    n = w.shape[0]
    s = np.asarray(seeds, np.float64)
    if s.sum() <= 0:
        return np.zeros(n), 0
    s = s / s.sum()
    out_w = np.asarray(w.sum(axis=1)).ravel()
    inv = np.divide(1.0, out_w, out=np.zeros(n), where=out_w > 0)
    pt = (sp.diags(inv) @ w).T.tocsr()  # column-stochastic transpose: pt[i, j] = P[j, i]
    dangling = out_w == 0
    p = s.copy()
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is returned
        nxt = alpha * (pt @ p) + (alpha * p[dangling].sum() + (1 - alpha)) * s
        if np.abs(nxt - p).sum() < tol:
            p = nxt
            break
        p = nxt
    return p, it


def best_contributors(w: sp.csr_matrix, p: np.ndarray) -> np.ndarray:
    """For every node i, the neighbour j maximising P[j, i] * p[j]: the largest share of i's mass."""
    n = w.shape[0]
    out_w = np.asarray(w.sum(axis=1)).ravel()
    inv = np.divide(1.0, out_w, out=np.zeros(n), where=out_w > 0)
    contrib = (sp.diags(inv * p) @ w).T.tocsr()  # contrib[i, j] = p[j] * P[j, i]
    best = np.asarray(contrib.argmax(axis=1)).ravel().astype(np.int64)
    has = np.diff(contrib.indptr) > 0
    best[~has] = -1
    return best


def propagate(d: ContextData, seeds: np.ndarray, alpha: float = ALPHA,
              edges: dict[str, sp.csr_matrix] | None = None) -> Propagation:
    edges = edges if edges is not None else edge_matrices(d)
    w = sum(edges.values(), sp.csr_matrix((d.n_accounts, d.n_accounts), dtype=np.float32)).tocsr()
    p, iters = personalised_pagerank(w, seeds, alpha)
    best = best_contributors(w, p)
    s = np.asarray(seeds, np.float64)
    n_seeds = max(1, int((s > 0).sum()))
    # Mass received from others, relative to the teleport mass of an average seed: a node holding 5% of a
    # seed's own mass is clearly tied to it (score 0.5).
    teleport = (1 - alpha) * (s / s.sum() if s.sum() > 0 else s)
    received = np.maximum(p - teleport, 0.0) * n_seeds / (1 - alpha)
    score = (received / (received + 0.05)).astype(np.float32)
    return Propagation(score=score, mass=p, best_pred=best, seeds=s, edges=edges, iterations=iters)


def signals(d: ContextData, prop: Propagation, accounts: np.ndarray, min_score: float = 0.05) -> list[Signal]:
    out: list[Signal] = []
    for a in map(int, accounts):
        score = float(prop.score[a])
        if score < min_score:
            continue
        path = prop.path(a)
        ev = [Evidence(kind="feature", field="pagerank_mass", value=float(f"{prop.mass[a]:.4g}"))]
        if path:
            ev.append(Evidence(
                kind="path", ref=[d.account_ids[i] for i in path],
                value=[prop.edge_type(u, v) for u, v in zip(path, path[1:], strict=False)],
                note="top contributing path from a seed account; value = edge types along it"))
        out.append(Signal(subject=("account", d.account_ids[a]), kind="account.propagated_risk",
                          score=min(1.0, score), detector=DETECTOR, evidence=ev))
    return out
