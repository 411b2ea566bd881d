"""Rings: communities of suspicious accounts that recur together around the same content (Leiden).

The graph is restricted to suspicious accounts before clustering, for two reasons: a parent and a
counter-speech account share posts with a ring (they comment there too) but must never be pulled into it,
and clustering a few thousand suspicious accounts is fast where clustering a whole platform is not.
Ties: flagged comments on the same child-imagery or flagged posts (counter-speech excluded), replies and message
exchanges between suspicious accounts, shared near-duplicate images and shared off-platform destinations.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from harrier.context import graphs as g
from harrier.context.data import FLAG, ContextData
from harrier.context.features import CHILD
from harrier.model.signals import Evidence, Signal, register_kind

NAME = "context.communities"
VERSION = "1.4.0"  # 1.1.0: a cohesive ring's strength is its evidence-carrying half (COHESIVE); 1.2.0: joiners
# may be suspicious accounts that clustering left out (_joiners); 1.3.0: _refine reads the weighted modularity;
# 1.4.0: a core member tied to another ring's core more than to its own moves there (_reassign), and joiners
# comment on the ring's targets' posts, not only on the posts that tie it (_target_posts)
DETECTOR = f"{NAME}@{VERSION}"
MIN_SIZE = 3
MIN_SHARED_POSTS = 2  # members must meet on at least this many posts: one viral post is no ring
N_ITERATIONS = 3  # Leiden passes; each refines the last, two or three are enough in practice
# Rings that work the same dedicated accounts overlap in the posts they comment on, so one modularity pass
# can merge two of them. Each community is therefore split again on its own subgraph when that subgraph has
# structure of its own: the best split's *weighted* modularity >= SPLIT_Q. Measured on the development stores
# (docs/EVALUATION.md round U): two planted rings in one community 0.22-0.29, one planted ring with the
# suspicious accounts around it 0.00-0.17; at 0.05 a 17-member demo ring lost two members to such pieces, at 0.25
# two or three demo rings stayed merged, 0.15 and 0.2 kept every development ring whole. (Before 1.3.0 this read
# leidenalg's ``partition.modularity``, which ignores the weights: a merged pair scored 0.05, one ring up to 0.24.)
# A higher global resolution would split rings too, but how much depends on the size of the whole graph.
RESOLUTION = 1.0
SPLIT_Q = 0.15
# Replies and private messages between suspicious accounts tie a ring more specifically than shared posts
# (rings talk among themselves; lone commenters on the same posts do not): weight per exchange, capped.
EXTRA_W = 1.0
EXTRA_CAP = 5.0
SOCIAL_W = 2.0  # per social tie between co-targeting suspicious accounts (see interaction_graph)
# A community member tied to the rest with less than this share of the community's median tie strength only
# met it under a few posts (a lone commenter on the same dedicated accounts) and is left out of the ring.
ATTACH_MIN = 0.25
# Accounts in no ring's core (no flagged comment of their own, or too few to tie them in clustering) join a ring
# they are socially tied to (at least JOIN_TIES members, and JOIN_SHARE of it) when they also comment on JOIN_POSTS
# or more posts of the accounts it targets.
JOIN_TIES, JOIN_SHARE, JOIN_POSTS = 2, 0.3, 2
# see _rejoin: pieces of one ring are as socially dense between them as within (its members mostly follow each
# other); two rings that work the same accounts are tied only by the odd follow
REJOIN_TIES, REJOIN_DENSITY = 2, 0.25
SEED = 7  # Leiden is randomised: a fixed seed makes rings reproducible scan to scan
# A ring's strength (its score, which the policy reads: a strong ring makes its quieter members cases) is its
# core's mean risk. In a *cohesive* ring - follows, replies or messages between at least COHESIVE of its member
# pairs: people who know each other working the same child imagery, the coordination a ring is - it is the mean
# of the upper half of its core instead: half a ring carrying evidence of its own is the corroboration the other
# half's filler remarks lack, and in remarks written by others (quoted in public reporting) fewer of a ring's
# remarks are flagged, which diluted the mean of whole 16-18-member rings to 0.63-0.77. An audience that only
# converges on the same posts (social density 0.4-0.5 on the demo platform) keeps the plain mean, and so does a
# group smaller than COHESIVE_SIZE: three or four people who all follow each other are a circle of friends or a
# family as often as a ring (on the demo platform such groups brought 17 more cases, 3 of them hard negatives).
COHESIVE, COHESIVE_SIZE = 0.6, 6

register_kind("ring.membership", ["account"],
              "The account belongs to a ring: a community of suspicious accounts that recur together on the same "
              "posts; evidence names the ring id, its members and the posts that tie them.",
              score="0..1 feature", severity_hint="high")


@dataclass
class Ring:
    ring_id: str
    members: list[int]  # account indices
    posts: list[int]  # post indices that tie them (commented on by >= 2 members), most shared first
    score: float
    density: float
    summary: dict = field(default_factory=dict)


def ring_id_for(member_ids: list[str]) -> str:
    """Stable while the ring's smallest member stays: rescans keep the id as members come and go."""
    return "ring-" + hashlib.sha256(min(member_ids).encode()).hexdigest()[:12]


def _ring_comments(d: ContextData, suspicious: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The comments that can tie a ring (flagged or contact moves, not counter-speech, by suspicious accounts)
    and the posts they count on (child imagery, or posts that drew flagged comments)."""
    flagged = d.comment_flagged
    posts = (d.post_child >= CHILD) | (np.bincount(d.comment_post[flagged], minlength=d.n_posts) > 0)
    ring = (flagged | (d.comment_contact >= FLAG)) & (d.comment_counter < 0.5) & ~d.comment_close
    return ring & suspicious[d.comment_author] & posts[d.comment_post], posts


def social_graph(d: ContextData) -> sp.csr_matrix:
    """Symmetric 0/1: a follow either way, a reply or a message exchange between two accounts."""
    n = d.n_accounts
    has = d.comment_parent >= 0
    parts = [g._square(d.follow_src, d.follow_dst, None, n), g._square(d.msg_src, d.msg_dst, None, n),
             g._square(d.comment_author[has], d.comment_author[d.comment_parent[has]], None, n)]
    s = sum(parts, sp.csr_matrix((n, n), dtype=np.float32))
    s = (s + s.T).tocsr()
    s.data[:] = 1.0
    return s


def interaction_graph(d: ContextData, suspicious: np.ndarray, ring: tuple[np.ndarray, np.ndarray],
                      social: sp.csr_matrix) -> sp.csr_matrix:
    """Tie weights between suspicious accounts; ``ring`` is :func:`_ring_comments`, ``social`` :func:`social_graph`."""
    n = d.n_accounts
    ring_comments, posts = ring
    # Ties are flagged comments (or DM moves) on the same posts: a ring recurs *with* harmful remarks.
    w = g.cocomment(d, accounts=suspicious, posts=posts, comment_mask=ring_comments)
    has = d.comment_parent >= 0
    rep = g._square(d.comment_author[has], d.comment_author[d.comment_parent[has]], None, n)
    msg = g._square(d.msg_src, d.msg_dst, None, n)
    extra = (rep + rep.T + msg + msg.T).tocsr()
    extra.data = np.minimum(extra.data, EXTRA_CAP) * EXTRA_W
    # A social tie (follow, reply, message) between two accounts that both work the same authors' child imagery
    # is what makes co-commenters a coordinated group rather than one audience: it binds a ring whose members
    # spread over different posts of those authors, and a lone commenter who meets the ring under a post or two
    # has none of it.
    inc = g.incidence(d.comment_author[ring_comments], d.post_author[d.comment_post[ring_comments]], n, n)
    inc.data[:] = 1.0
    cotarget = (inc @ inc.T).tocsr()
    cotarget.data[:] = 1.0
    w = w + extra + SOCIAL_W * social.multiply(cotarget).tocsr()
    mask = sp.diags(suspicious.astype(np.float32))
    return (mask @ w @ mask).tocsr()


def detect(d: ContextData, suspicious: np.ndarray, risk: np.ndarray, resolution: float = RESOLUTION) -> list[Ring]:
    """Leiden (RB configuration model, weighted) over the suspicious accounts' interaction graph."""
    import igraph as ig
    import leidenalg

    ring = _ring_comments(d, suspicious)
    social = social_graph(d)
    w = interaction_graph(d, suspicious, ring, social)
    coo = sp.triu(w, k=1).tocoo()
    keep = coo.data > 0
    nodes = np.unique(np.concatenate([coo.row[keep], coo.col[keep]]))
    if len(nodes) < MIN_SIZE:
        return []
    local = np.full(d.n_accounts, -1, np.int64)
    local[nodes] = np.arange(len(nodes))
    graph = ig.Graph(n=len(nodes), edges=np.column_stack([local[coo.row[keep]], local[coo.col[keep]]]))
    graph.es["weight"] = coo.data[keep].astype(float)
    part = leidenalg.find_partition(graph, leidenalg.RBConfigurationVertexPartition, weights="weight",
                                    resolution_parameter=resolution, seed=SEED, n_iterations=N_ITERATIONS)
    membership = _refine(graph, np.asarray(part.membership))
    membership = _rejoin(d, nodes, membership, social, ring[0])
    under_others = d.comment_author != d.post_author[d.comment_post]
    commented = np.bincount(d.comment_author[ring[0] & under_others], minlength=d.n_accounts) > 0
    adj = graph.get_adjacency_sparse(attribute="weight").tocsr()
    # post ties: which posts each account commented on (non counter-speech comments, not under its own posts: a
    # parent answering under the posts a ring targets is its target, not a member)
    cm = (d.comment_counter < 0.5) & under_others
    inc = g.incidence(d.comment_author[cm], d.comment_post[cm], d.n_accounts, d.n_posts)
    inc.data[:] = 1.0
    cores: list[tuple[np.ndarray, np.ndarray]] = []
    for c in np.unique(membership):
        idx = np.flatnonzero(membership == c)
        if len(idx) < MIN_SIZE:
            continue
        # members barely tied to the rest met it under a post or two: they are not part of it; nor is an account
        # with no ring comment under anyone else's posts (the parent whose posts a ring targets, tied to it by her
        # replies and messages): accounts that comment with the ring without flags come in as joiners below
        strength = np.asarray(adj[idx][:, idx].sum(axis=1)).ravel()
        idx = idx[(strength >= ATTACH_MIN * float(np.median(strength))) & commented[nodes[idx]]]
        core = nodes[idx]
        if len(core) < MIN_SIZE:
            continue
        tying = _tying_posts(inc, core)
        if len(tying) < MIN_SHARED_POSTS:
            continue
        cores.append((core, tying))
    cores = _reassign(d, social, inc, cores)
    # who may join a ring: any account in no ring's core. A suspicious account that clustering left out (its few
    # flagged remarks tie it weakly, ATTACH_MIN) joins on the same social evidence as one with no flag at all
    # (context.communities 1.2.0): on a development platform voiced with quoted remarks the detector mostly
    # misses, one ring member with a single flagged remark, following 12 of the 14 others and commenting on 4 of
    # their posts, was left out because it had a flag, where it would have joined without one.
    in_core = np.zeros(d.n_accounts, bool)
    for core, _ in cores:
        in_core[core] = True
    rings: list[Ring] = []
    for core, tying in cores:
        members = np.concatenate([core, _joiners(social, inc, core, _target_posts(d, tying), in_core)])
        k = len(members)
        posts, per_post = np.unique(inc[members].indices, return_counts=True)
        per_post = dict(zip(posts.tolist(), per_post.tolist(), strict=True))
        tying = np.array(sorted(posts[np.array([per_post[p] >= 2 for p in posts.tolist()], bool)].tolist(),
                                key=lambda p: (-per_post[p], p)))
        known = social[members][:, members].tocoo()
        ties = (w[members][:, members] + known).tocsr()
        density = float(ties.nnz / (k * (k - 1)))
        social_density = float(np.count_nonzero(known.row != known.col) / (k * (k - 1)))
        ids = [d.account_ids[i] for i in members]
        core_sorted = np.sort(risk[core])[::-1]
        cohesive = social_density >= COHESIVE and k >= COHESIVE_SIZE
        core_risk = float(np.mean(core_sorted[:(len(core) + 1) // 2] if cohesive else core_sorted))
        score = float(np.clip(core_risk * (0.5 + 0.5 * min(1.0, density * 2)), 0.0, 1.0))
        rings.append(Ring(ring_id=ring_id_for(ids), members=sorted(map(int, members), key=lambda i: -risk[i]),
                          posts=[int(p) for p in tying], score=score, density=density,
                          summary={"size": k, "joined": int(k - len(core)),
                                   "tying_posts": int(len(tying)), "density": round(density, 3),
                                   "social_density": round(social_density, 3), "cohesive": cohesive,
                                   "mean_member_risk": round(float(np.mean(core_sorted)), 4),
                                   "core_risk": round(core_risk, 4)}))
    rings.sort(key=lambda r: -r.score)
    return rings


def _rejoin(d: ContextData, nodes: np.ndarray, membership: np.ndarray, social: sp.csr_matrix,
            ring_comments: np.ndarray) -> np.ndarray:
    """Undo splits the evidence does not support: two communities that work the same posts (ring comments on
    a shared post) *and* are socially tied as densely as a ring's members are (follows, replies or messages
    between at least a quarter of their member pairs) are one group that modularity cut in pieces. Groups
    that never touch the same posts, or that share posts but hardly know each other, stay apart."""
    inc = g.incidence(d.comment_author[ring_comments], d.comment_post[ring_comments], d.n_accounts, d.n_posts)
    inc.data[:] = 1.0
    if not len(membership):
        return membership
    k = int(membership.max()) + 1
    # community x account membership, then community x post and community x community ties, all sparse
    member = sp.csr_matrix((np.ones(len(nodes), np.float32), (membership, nodes)), shape=(k, d.n_accounts))
    posts = member @ inc
    posts.data[:] = 1.0
    shared = sp.triu(posts @ posts.T, k=1).tocoo()
    ties = (member @ social @ member.T).tocsr()
    size = np.bincount(membership, minlength=k).astype(np.float64)
    tied = np.asarray(ties[shared.row, shared.col]).ravel()
    ok = tied >= np.maximum(REJOIN_TIES, REJOIN_DENSITY * size[shared.row] * size[shared.col])
    join = sp.coo_matrix((np.ones(int(ok.sum())), (shared.row[ok], shared.col[ok])), shape=(k, k))
    _, label = connected_components(join, directed=False)
    return label[membership]


def _tying_posts(inc: sp.csr_matrix, core: np.ndarray) -> np.ndarray:
    """The posts that two or more of ``core`` commented on (``inc``: account x post incidence)."""
    posts, per_post = np.unique(inc[core].indices, return_counts=True)
    return posts[per_post >= 2]


def _join_need(size: int) -> int:
    """Social ties to a ring's core of ``size`` an account needs to belong to it (JOIN_TIES, JOIN_SHARE)."""
    return max(JOIN_TIES, int(np.ceil(JOIN_SHARE * size)))


def _target_posts(d: ContextData, tying: np.ndarray) -> np.ndarray:
    """Every post of the accounts whose posts tie a ring: its targets. A ring works accounts, not single posts (the
    issue's definition: mutual follows plus co-commenting on the same accounts' posts); a member who comments on
    their other posts than the ones most of the ring met under is working them all the same."""
    return np.flatnonzero(np.isin(d.post_author, np.unique(d.post_author[tying])))


def _reassign(d: ContextData, social: sp.csr_matrix, inc: sp.csr_matrix,
              cores: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Move a core member to another ring's core it belongs to more than to its own: socially tied to it as a joiner
    must be (JOIN_TIES, JOIN_SHARE), more than to the members of its own core, and commenting on JOIN_POSTS of its
    targets' posts (_target_posts). On a development platform Leiden put one member of a 20-member ring, following 19
    of them, in a community of four with three accounts it had one tie to (its contact moves tied it to them), and
    the rejoin step's density test cannot merge one account back into a ring of 26 (ring F1 0.947). A core left under
    MIN_SIZE members or MIN_SHARED_POSTS tying posts is no ring; its other members may still join one."""
    if len(cores) < 2:
        return cores
    # every decision reads the cores as clustering left them, so moves apply as they are found
    members = [set(core.tolist()) for core, _ in cores]
    targets = [_target_posts(d, tying) for _, tying in cores]
    moved = False
    for a, (core, _) in enumerate(cores):
        for m in core:
            best, best_ties = -1, float(social[m, core].sum())
            for b, (other, _) in enumerate(cores):
                if b == a:
                    continue
                ties = float(social[m, other].sum())
                if ties < _join_need(len(other)) or ties <= best_ties:
                    continue
                if float(inc[m][:, targets[b]].sum()) >= JOIN_POSTS:
                    best, best_ties = b, ties
            if best >= 0:
                members[a].discard(int(m))
                members[best].add(int(m))
                moved = True
    if not moved:
        return cores
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for ms in members:
        core = np.array(sorted(ms), np.int64)
        if len(core) < MIN_SIZE:
            continue
        tying = _tying_posts(inc, core)
        if len(tying) >= MIN_SHARED_POSTS:
            out.append((core, tying))
    return out


def _joiners(social: sp.csr_matrix, inc: sp.csr_matrix, core: np.ndarray, targets: np.ndarray,
             in_core: np.ndarray) -> np.ndarray:
    """Accounts in no ring's core that belong to this ring all the same: socially tied to enough of its members
    and commenting under the posts of the accounts it targets (``targets``: :func:`_target_posts`; the ring's
    quieter members post only filler, or a remark or two that tie them too weakly for clustering). Until 1.4.0 only
    the posts that tie the ring counted: a member following 16 of a 20-member ring's others, with three comments
    under its targets' posts, one of them on a post two members met under, was left out (development seed 87)."""
    ties = np.asarray(social[:, core].sum(axis=1)).ravel()
    cand = np.flatnonzero((ties >= _join_need(len(core))) & ~in_core)
    if not len(cand):
        return cand
    on_targets = np.asarray(inc[cand][:, targets].sum(axis=1)).ravel()
    return cand[on_targets >= JOIN_POSTS]


def _refine(graph, membership: np.ndarray, depth: int = 3) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Split communities that hold two or more well-separated groups: Leiden again on each community's own
    subgraph, recursively (``depth`` levels), keeping a split only when it has structure (SPLIT_Q)."""
    import leidenalg

    out = membership.copy()
    if depth <= 0 or not len(out):
        return out
    next_id = int(out.max()) + 1
    for c in np.flatnonzero(np.bincount(membership) >= 2 * MIN_SIZE):
        idx = np.flatnonzero(membership == c)
        sub = graph.induced_subgraph(idx.tolist())
        part = leidenalg.find_partition(sub, leidenalg.ModularityVertexPartition, weights="weight", seed=SEED,
                                        n_iterations=N_ITERATIONS)
        sizes = np.bincount(part.membership)
        # weighted: leidenalg's ``part.modularity`` ignores the weights the partition was found with
        if sub.modularity(part.membership, weights="weight") < SPLIT_Q or (sizes >= MIN_SIZE).sum() < 2:
            continue
        inner = _refine(sub, np.asarray(part.membership), depth - 1)
        for k in np.unique(inner)[1:]:
            out[idx[inner == k]] = next_id
            next_id += 1
    return out


def signals(d: ContextData, rings: list[Ring], max_posts: int = 12) -> list[Signal]:
    out: list[Signal] = []
    for r in rings:
        member_ids = [d.account_ids[i] for i in r.members]
        post_ids = [d.post_ids[p] for p in r.posts[:max_posts]]
        for a in r.members:
            out.append(Signal(
                subject=("account", d.account_ids[a]), kind="ring.membership", score=min(1.0, r.score),
                detector=DETECTOR,
                evidence=[
                    Evidence(kind="metadata", field="ring_id", value=r.ring_id),
                    Evidence(kind="neighbour", field="members", ref=member_ids[:50],
                             note=f"{len(member_ids)} members, density {r.density:.2f}, social density "
                                  f"{r.summary.get('social_density', 0.0):.2f}"
                                  + (" (cohesive: strength from its evidence-carrying half)"
                                     if r.summary.get("cohesive") else "")),
                    Evidence(kind="signal", field="posts", ref=post_ids,
                             note=f"{len(r.posts)} posts commented on by two or more members"),
                ]))
    return out
