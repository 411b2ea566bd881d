"""Near-duplicate clusters across the platform: ``cluster_store(store, run_id)``.

The same image re-posted by many accounts, re-encoded, resized or lightly edited, is a hallmark of content
farms. Every media PDQ hash of sufficient quality is searched against all others within ``radius``
(default 24: re-encodes and resizes land under ~10 bits, light crops and overlays under ~30; 24 keeps
single-link chaining between unrelated images rare) with the same exact multi-index search as the banks;
connected components with at least two posts become clusters. Byte-identical copies (same blob) join their
original's cluster.

Each member media gets ``image.near_duplicate`` with the cluster id (stable: derived from the smallest
member media id), its size and the member media, post and account ids. Like ``hash.match``, the signals
are a snapshot appended only when the clustering changed.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict

import numpy as np
from sqlalchemy import select

from harrier.detect.hashing.index import PDQIndex, hex_to_words
from harrier.detect.hashing.match import media_hashes, snapshot_if_changed
from harrier.model.signals import Evidence, Signal, register_kind
from harrier.store.tables import Media, Post

PRODUCER = "hash.near_duplicates"
VERSION = "1.0.0"
DEFAULT_RADIUS = int(os.environ.get("HARRIER_NEAR_DUP_RADIUS", "24"))
DEFAULT_MIN_QUALITY = 50
MAX_LISTED = 100  # member ids listed in evidence; the size says how many there are

register_kind("image.near_duplicate", ["media"],
              "Fact: the image is a near-duplicate (PDQ within the clustering radius) of images in other posts; "
              "evidence: cluster id, size, member media, post and account ids. Many accounts posting one image "
              "is a content-farm pattern.",
              score="fact (1.0)", severity_hint="low")


def _components(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def cluster_id(members: list[str]) -> str:
    """A cluster's stable name: from its first (smallest) member, so a rescan names the same cluster the same."""
    return "nd-" + hashlib.sha256(members[0].encode()).hexdigest()[:16]


def compute_clusters(media: dict[str, str], radius: int = DEFAULT_RADIUS) -> list[list[str]]:
    """``media``: media id -> pdq hex. Returns clusters (lists of media ids, >= 2 members)."""
    by_hash: dict[str, list[str]] = defaultdict(list)
    for mid, pdq in media.items():
        by_hash[pdq].append(mid)
    uniq = sorted(by_hash)
    if not uniq:
        return []
    words = hex_to_words(uniq)
    index = PDQIndex.build(words, np.arange(len(uniq), dtype=np.int64))
    pairs = [(h.query, h.id) for h in index.search(words, radius) if h.query != h.id]
    roots = _components(len(uniq), pairs)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, r in enumerate(roots):
        groups[r].extend(by_hash[uniq[i]])
    return [sorted(g) for g in groups.values() if len(g) >= 2]


def cluster_store(store, run_id: str, radius: int = DEFAULT_RADIUS,  # type: ignore[no-untyped-def]
                  min_quality: int = DEFAULT_MIN_QUALITY) -> int:
    """Group near-duplicate images across the store; append ``image.near_duplicate`` signals when the
    clustering changed. Returns the number of signals appended."""
    with store.session() as session:
        hashes = media_hashes(session)
        media = {m: h.pdq for m, h in hashes.items() if h.pdq and (h.quality or 0) >= min_quality}
        clusters = compute_clusters(media, radius)
        ids = sorted({m for c in clusters for m in c})
        post_of: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            q = select(Media.id, Media.post_id).where(Media.id.in_(ids[i : i + 500]))
            post_of |= dict(session.execute(q).all())
        posts = sorted(set(post_of.values()))
        author_of: dict[str, str] = {}
        for i in range(0, len(posts), 500):
            q = select(Post.id, Post.author_id).where(Post.id.in_(posts[i : i + 500]))
            author_of |= dict(session.execute(q).all())
        signals: list[Signal] = []
        for members in sorted(clusters):
            m_posts = sorted({post_of[m] for m in members if m in post_of})
            if len(m_posts) < 2:
                continue  # the same picture twice in one post is not a re-posting pattern
            accounts = sorted({author_of[p] for p in m_posts if p in author_of})
            cid = cluster_id(members)
            ev = [Evidence(kind="metadata", field="cluster_id", value=cid),
                  Evidence(kind="feature", field="size", value=len(members)),
                  Evidence(kind="feature", field="accounts", value=len(accounts)),
                  Evidence(kind="neighbour", field="media", ref=members[:MAX_LISTED]),
                  Evidence(kind="neighbour", field="posts", ref=m_posts[:MAX_LISTED]),
                  Evidence(kind="neighbour", field="accounts", ref=accounts[:MAX_LISTED]),
                  Evidence(kind="metadata", field="radius", value=radius)]
            signals += [Signal(subject=("media", m), kind="image.near_duplicate", score=1.0,
                               detector=f"{PRODUCER}@{VERSION}", evidence=ev) for m in members]
        return snapshot_if_changed(session, f"clusters_digest_r{radius}", signals, run_id, PRODUCER)
