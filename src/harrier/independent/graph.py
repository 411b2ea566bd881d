"""The real follow graph behind an evaluation platform: load an edge list and take a connected sample of it."""

from __future__ import annotations

import csv
import gzip
import io
import random
from collections import deque
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_GRAPH = DATA_DIR / "deezer_europe_edges.csv.gz"

Adjacency = dict[int, list[int]]


def load_edges(path: Path | None = None) -> Adjacency:
    """Read an undirected edge list (CSV with a header, two integer node columns; plain or gzipped).

    Returns each node's sorted neighbour list; self-loops and repeated edges are dropped.
    """
    path = Path(path) if path is not None else DEFAULT_GRAPH
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    reader = csv.reader(io.StringIO(raw.decode("utf-8")))
    neighbours: dict[int, set[int]] = {}
    for row in reader:
        if len(row) < 2:
            continue
        try:
            a, b = int(row[0]), int(row[1])
        except ValueError:  # the header
            continue
        if a == b:
            continue
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    return {node: sorted(adj) for node, adj in sorted(neighbours.items())}


def snowball_sample(adj: Adjacency, n: int, rng: random.Random) -> tuple[list[int], list[tuple[int, int]]]:
    """A connected sample of ``n`` nodes: breadth-first from a random start node, neighbours in random order.

    Restarts from another node when the start node's component is too small. Returns the sampled nodes (in the
    order they were reached) and every edge of the graph between two sampled nodes, as (smaller, larger) pairs.
    """
    nodes = sorted(adj)
    n = min(n, len(nodes))
    candidates = [v for v in nodes if len(adj[v]) >= 3] or nodes
    seen: dict[int, None] = {}
    while len(seen) < n:
        start = rng.choice(candidates)
        if start in seen:
            continue
        seen[start] = None
        queue: deque[int] = deque([start])
        while queue and len(seen) < n:
            node = queue.popleft()
            nbrs = list(adj[node])
            rng.shuffle(nbrs)
            for other in nbrs:
                if other not in seen:
                    seen[other] = None
                    queue.append(other)
                    if len(seen) >= n:
                        break
    sample = list(seen)
    keep = set(sample)
    edges = sorted({(min(a, b), max(a, b)) for a in sample for b in adj[a] if b in keep})
    return sample, edges
