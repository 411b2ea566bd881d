"""Account graphs as scipy sparse matrices over the stable account index of a :class:`ContextData`.

Each graph is an ``n x n`` CSR matrix, row = source account, column = target, value = weight:

- ``follow``: follower -> followee.
- ``comment``: commenter -> post author (one per comment, summed).
- ``reply``: replier -> the author of the comment replied to.
- ``cocomment``: symmetric, accounts commenting on the same posts; each shared post adds ``1/log2(1+k)``
  (k = the post's distinct commenters), so a viral post ties its crowd weakly and a small shared post strongly.
- ``message``: sender -> recipient (metadata only: number of messages).
- ``near_duplicate``: symmetric, authors posting near-duplicate images of the same cluster.
- ``linkout``: symmetric, accounts pointing at the same off-platform destination.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp

from harrier.context.data import ContextData

GRAPH_NAMES = ("follow", "comment", "reply", "cocomment", "message", "near_duplicate", "linkout")
# Posts with more commenters than this add no co-commenting ties: a crowd under a viral post is no ring.
MAX_COCOMMENTERS = 200


def _square(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray | None, n: int,
            drop_self: bool = True) -> sp.csr_matrix:
    rows = np.asarray(rows, np.int64)
    cols = np.asarray(cols, np.int64)
    w = np.ones(len(rows), np.float32) if weights is None else np.asarray(weights, np.float32)
    if drop_self:
        keep = rows != cols
        rows, cols, w = rows[keep], cols[keep], w[keep]
    m = sp.coo_matrix((w, (rows, cols)), shape=(n, n)).tocsr()
    m.sum_duplicates()
    return m


def incidence(accounts: np.ndarray, items: np.ndarray, n_accounts: int, n_items: int,
              weights: np.ndarray | None = None) -> sp.csr_matrix:
    """account x item matrix (e.g. commenter x post, counting comments)."""
    w = np.ones(len(accounts), np.float32) if weights is None else np.asarray(weights, np.float32)
    m = sp.coo_matrix((w, (np.asarray(accounts, np.int64), np.asarray(items, np.int64))),
                      shape=(n_accounts, n_items)).tocsr()
    m.sum_duplicates()
    return m


def cocomment(d: ContextData, accounts: np.ndarray | None = None, posts: np.ndarray | None = None,
              comment_mask: np.ndarray | None = None) -> sp.csr_matrix:
    """Co-commenting weights, optionally restricted to some accounts / posts / comments (bool masks).

    A post's weight depends on its whole crowd (all its distinct commenters), not on the restricted part:
    ten flagged accounts under a post with ten thousand commenters are a crowd, not a ring.
    """
    n, m = d.n_accounts, d.n_posts
    everyone = incidence(d.comment_author, d.comment_post, n, m)
    everyone.data[:] = 1.0
    k = np.asarray(everyone.sum(axis=0)).ravel()
    del everyone
    keep = np.ones(d.n_comments, bool) if comment_mask is None else comment_mask.copy()
    if accounts is not None:
        keep &= accounts[d.comment_author]
    if posts is not None:
        keep &= posts[d.comment_post]
    inc = incidence(d.comment_author[keep], d.comment_post[keep], n, m)
    inc.data[:] = 1.0
    k_here = np.asarray(inc.sum(axis=0)).ravel()
    col_w = np.where((k_here >= 2) & (k <= MAX_COCOMMENTERS), 1.0 / np.log2(1.0 + np.maximum(k, 1)), 0.0)
    weighted = inc @ sp.diags(np.sqrt(col_w).astype(np.float32))
    g = (weighted @ weighted.T).tocsr()
    g.setdiag(0)
    g.eliminate_zeros()
    return g


def comment_graph(d: ContextData, weights: np.ndarray | None = None) -> sp.csr_matrix:
    return _square(d.comment_author, d.post_author[d.comment_post], weights, d.n_accounts)


def reply_graph(d: ContextData) -> sp.csr_matrix:
    has = d.comment_parent >= 0
    return _square(d.comment_author[has], d.comment_author[d.comment_parent[has]], None, d.n_accounts)


def shared_item_graph(accounts: np.ndarray, items: np.ndarray, n_accounts: int) -> sp.csr_matrix:
    """Symmetric account-account ties through a shared item (near-duplicate cluster, link-out target)."""
    keep = items >= 0
    if not keep.any():
        return sp.csr_matrix((n_accounts, n_accounts), dtype=np.float32)
    inc = incidence(accounts[keep], items[keep], n_accounts, int(items[keep].max()) + 1)
    inc.data[:] = 1.0
    g = (inc @ inc.T).tocsr()
    g.setdiag(0)
    g.eliminate_zeros()
    return g


def build(d: ContextData) -> dict[str, sp.csr_matrix]:
    n = d.n_accounts
    return {
        "follow": _square(d.follow_src, d.follow_dst, None, n),
        "comment": comment_graph(d),
        "reply": reply_graph(d),
        "cocomment": cocomment(d),
        "message": _square(d.msg_src, d.msg_dst, d.msg_count, n),
        "near_duplicate": shared_item_graph(d.post_author, d.post_dup, n),
        "linkout": shared_item_graph(d.link_account, d.link_target, n),
    }


# --- export -------------------------------------------------------------------------------------------------


def edge_list(graphs: dict[str, sp.csr_matrix]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(source, target, weight, type index into GRAPH_NAMES); symmetric graphs are listed once (i < j)."""
    src, dst, w, typ = [], [], [], []
    for ti, name in enumerate(GRAPH_NAMES):
        g = graphs.get(name)
        if g is None:
            continue
        coo = g.tocoo()
        keep = coo.row < coo.col if name in ("cocomment", "near_duplicate", "linkout") else np.ones(coo.nnz, bool)
        src.append(coo.row[keep])
        dst.append(coo.col[keep])
        w.append(coo.data[keep])
        typ.append(np.full(int(keep.sum()), ti, np.int8))
    cat = np.concatenate
    return (cat(src) if src else np.zeros(0, np.int32), cat(dst) if dst else np.zeros(0, np.int32),
            cat(w) if w else np.zeros(0, np.float32), cat(typ) if typ else np.zeros(0, np.int8))


def export_parquet(d: ContextData, graphs: dict[str, sp.csr_matrix], out: Path,
                   node_scores: dict[str, np.ndarray] | None = None) -> Path:
    """Two Parquet files: ``OUT/nodes.parquet`` (account id + scores) and ``OUT/edges.parquet``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    cols: dict[str, object] = {"account_id": pa.array(d.account_ids)}
    for k, v in (node_scores or {}).items():
        cols[k] = pa.array(np.asarray(v, np.float32))
    pq.write_table(pa.table(cols), out / "nodes.parquet")
    s, t, w, typ = edge_list(graphs)
    ids = np.asarray(d.account_ids, dtype=object)
    pq.write_table(pa.table({
        "source": pa.array(ids[s] if len(s) else [], pa.string()),
        "target": pa.array(ids[t] if len(t) else [], pa.string()),
        "type": pa.array(np.asarray(GRAPH_NAMES, dtype=object)[typ] if len(typ) else [], pa.string()),
        "weight": pa.array(w, pa.float32()),
    }), out / "edges.parquet")
    return out


def export_graphml(d: ContextData, graphs: dict[str, sp.csr_matrix], out: Path,
                   node_scores: dict[str, np.ndarray] | None = None) -> Path:
    """One directed multigraph in GraphML (edges carry ``type`` and ``weight``), written by igraph."""
    import igraph as ig

    s, t, w, typ = edge_list(graphs)
    g = ig.Graph(n=d.n_accounts, edges=np.column_stack([s, t]).tolist(), directed=True)
    g.vs["name"] = d.account_ids
    for k, v in (node_scores or {}).items():
        g.vs[k] = [float(x) for x in v]
    g.es["type"] = [GRAPH_NAMES[i] for i in typ]
    g.es["weight"] = [float(x) for x in w]
    out.parent.mkdir(parents=True, exist_ok=True)
    g.write_graphml(str(out))
    return out
