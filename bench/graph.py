"""Context benchmark: features + risk propagation + communities on 1M accounts and 10M interaction edges.

Generates a synthetic platform directly as arrays (store loading is measured by bench/ingest.py, not here),
with a power-law activity distribution and planted harm (dedicated accounts posting AI child imagery,
commenter rings, DM moves), then runs the real ``harrier.context.analysis.analyse`` on it and prints the time
of each step and the peak memory of the process.

    .venv/bin/python bench/graph.py [--accounts 1000000] [--edges 10000000] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import resource
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import numpy as np  # noqa: E402

from harrier.context.analysis import analyse, to_signals  # noqa: E402
from harrier.context.data import ContextData  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def powerlaw_choice(rng: np.random.Generator, n: int, size: int, a: float = 1.2) -> np.ndarray:
    """Indices in [0, n) drawn with Zipf-like weights (a few very active accounts, a long tail)."""
    w = 1.0 / np.arange(1, n + 1) ** (1.0 / a)
    w /= w.sum()
    perm = rng.permutation(n)  # so the most active accounts are not simply the lowest ids
    return perm[rng.choice(n, size=size, p=w)].astype(np.int32)


def generate(n_accounts: int, n_edges: int, seed: int) -> ContextData:
    rng = np.random.default_rng(seed)
    n_posts = n_accounts * 2
    n_comments = int(n_edges * 0.6)
    n_follows = int(n_edges * 0.3)
    n_msgs = int(n_edges * 0.05)
    n_inter = n_edges - n_comments - n_follows - n_msgs

    post_author = powerlaw_choice(rng, n_accounts, n_posts)
    post_child = np.where(rng.random(n_posts) < 0.03, rng.uniform(0.6, 0.99, n_posts), rng.uniform(0, 0.3, n_posts))
    post_ai = np.where(rng.random(n_posts) < 0.02, 0.9, 0.0)
    post_sound = np.where(rng.random(n_posts) < 0.5, powerlaw_choice(rng, 5000, n_posts), -1).astype(np.int32)
    n_tags = rng.integers(0, 4, n_posts)
    tag_pool = powerlaw_choice(rng, 20000, int(n_tags.sum()))
    splits = np.split(tag_pool, np.cumsum(n_tags)[:-1])
    post_tags = [sorted(set(x.tolist())) for x in splits]

    # planted: 500 dedicated accounts with 40 AI child posts each, tagged with the top trending sounds
    dedicated = rng.choice(n_accounts, 500, replace=False).astype(np.int32)
    planted = rng.choice(n_posts, 500 * 40, replace=False)
    post_author[planted] = np.repeat(dedicated, 40)
    post_child[planted] = 0.95
    post_ai[planted] = 0.95
    post_sound[planted] = rng.integers(0, 10, len(planted))

    comment_author = powerlaw_choice(rng, n_accounts, n_comments)
    comment_post = powerlaw_choice(rng, n_posts, n_comments, a=1.1)
    harm = np.where(rng.random(n_comments) < 0.004, rng.uniform(0.5, 0.95, n_comments), 0.0)
    counter = np.where(rng.random(n_comments) < 0.001, 0.9, 0.0)
    contact = np.where(rng.random(n_comments) < 0.001, 0.8, 0.0)
    gen = np.where(rng.random(n_comments) < 0.001, 0.8, 0.0)
    # planted rings: 200 rings x 10 commenters, each ring on 30 dedicated posts
    ring_members = rng.choice(n_accounts, 2000, replace=False).astype(np.int32)
    k = 0
    for r in range(200):
        members = ring_members[r * 10 : (r + 1) * 10]
        posts = rng.choice(planted, 30, replace=False)
        m, p = np.meshgrid(members, posts)
        cnt = m.size
        comment_author[k : k + cnt] = m.ravel()
        comment_post[k : k + cnt] = p.ravel()
        harm[k : k + cnt] = 0.85
        k += cnt
    comment_parent = np.where(rng.random(n_comments) < 0.1, rng.integers(0, n_comments, n_comments), -1)
    comment_time = rng.integers(1.7e9, 1.73e9, n_comments)

    f32, i32 = np.float32, np.int32
    msg_src = powerlaw_choice(rng, n_accounts, n_msgs)
    msg_dst = powerlaw_choice(rng, n_accounts, n_msgs)
    return ContextData(
        account_ids=[f"a{i}" for i in range(n_accounts)], post_ids=[f"p{i}" for i in range(n_posts)],
        post_author=post_author, post_child=post_child.astype(f32), post_ai=post_ai.astype(f32),
        post_harm=np.zeros(n_posts, f32), post_gen=np.zeros(n_posts, f32), post_hash=np.zeros(n_posts, f32),
        post_time=rng.integers(1.7e9, 1.73e9, n_posts), post_sound=post_sound, post_tags=post_tags,
        sound_names=[f"sound{i}" for i in range(5000)], tag_names=[f"tag{i}" for i in range(20000)],
        comment_ids=[f"c{i}" for i in range(n_comments)], comment_author=comment_author,
        comment_post=comment_post.astype(i32), comment_parent=comment_parent.astype(i32),
        comment_time=comment_time, comment_harm=harm.astype(f32), comment_contact=contact.astype(f32),
        comment_gen=gen.astype(f32), comment_counter=counter.astype(f32),
        follow_src=powerlaw_choice(rng, n_accounts, n_follows), follow_dst=powerlaw_choice(rng, n_accounts, n_follows),
        inter_account=powerlaw_choice(rng, n_accounts, n_inter), inter_post=powerlaw_choice(rng, n_posts, n_inter),
        msg_src=msg_src, msg_dst=msg_dst, msg_time=rng.integers(1.7e9, 1.73e9, n_msgs),
        msg_count=rng.integers(1, 20, n_msgs).astype(i32),
    ), dedicated, ring_members


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--edges", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--emit", type=int, default=5000, help="accounts (highest risk) to turn into signals")
    args = ap.parse_args()

    t0 = time.perf_counter()
    d, dedicated, ring_members = generate(args.accounts, args.edges, args.seed)
    gen_s = time.perf_counter() - t0
    edges = d.n_comments + len(d.follow_src) + len(d.msg_src) + len(d.inter_account)
    print(f"generated {d.n_accounts:,} accounts, {d.n_posts:,} posts, {edges:,} interaction edges "
          f"({d.n_comments:,} comments) in {gen_s:.1f}s; peak {peak_mb():,.0f} MB")
    base = peak_mb()

    t0 = time.perf_counter()
    an = analyse(d)
    total = time.perf_counter() - t0
    for k, v in an.seconds.items():
        print(f"  {k:<12} {v:7.1f}s")
    print(f"features + propagation + communities: {total:.1f}s, peak RSS {peak_mb():,.0f} MB "
          f"(after generation {base:,.0f} MB); propagation iterations {an.propagation.iterations}, "
          f"rings {len(an.rings)}")

    top = np.argsort(-an.risk.score)[:500]
    planted = set(dedicated.tolist()) | set(ring_members.tolist())
    print(f"planted accounts among the top 500 by risk: {sum(int(a) in planted for a in top)}/500")

    t0 = time.perf_counter()
    keep = np.zeros(d.n_accounts, bool)
    keep[np.argsort(-an.risk.score)[: args.emit]] = True
    sub = analyse.__globals__["Analysis"](  # signals for the highest-risk accounts only, as a store run emits
        features=an.features, propagation=an.propagation, rings=an.rings, risk=an.risk, ring_of=an.ring_of)
    for arr in (*sub.features.scores.values(), sub.propagation.score, sub.risk.score):
        arr[~keep] = 0
    n_sigs = len(to_signals(d, sub))
    print(f"signals with evidence for the top {args.emit:,} accounts: {n_sigs:,} in {time.perf_counter() - t0:.1f}s")
    print(f"peak RSS {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
