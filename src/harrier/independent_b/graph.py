"""The follow graph: a snowball sample of a real edge list (Deezer Europe by default), or a synthetic stand-in."""

from __future__ import annotations

import csv
import random
from collections import deque
from pathlib import Path


def load_edges(path: Path) -> list[tuple[int, int]]:
    edges: list[tuple[int, int]] = []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        for row in reader:
            if len(row) < 2:
                continue
            try:
                a, b = int(row[0]), int(row[1])
            except ValueError:
                continue  # header
            if a != b:
                edges.append((a, b))
    return edges


def snowball(edges: list[tuple[int, int]], n: int, rng: random.Random, seeds: int = 6) -> tuple[
        list[int], list[tuple[int, int]]]:
    """BFS from a few random seeds (interleaved) until n nodes; returns (original node ids, local edges)."""
    adj: dict[int, list[int]] = {}
    for a, b in edges:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    nodes_all = sorted(adj)
    n = min(n, len(nodes_all))
    chosen: dict[int, int] = {}
    queues: list[deque[int]] = []
    while len(chosen) < n:
        if not queues:
            queues = []
            for _ in range(seeds):
                s = rng.choice(nodes_all)
                if s not in chosen:
                    chosen[s] = len(chosen)
                    queues.append(deque([s]))
                if len(chosen) >= n:
                    break
            continue
        progressed = False
        for q in queues:
            if not q or len(chosen) >= n:
                continue
            v = q.popleft()
            nbrs = adj[v][:]
            rng.shuffle(nbrs)
            for u in nbrs:
                if u not in chosen and len(chosen) < n and rng.random() < 0.85:
                    chosen[u] = len(chosen)
                    q.append(u)
            progressed = True
        if not progressed:
            queues = []
    local: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for a, b in edges:
        ia, ib = chosen.get(a), chosen.get(b)
        if ia is None or ib is None:
            continue
        key = (min(ia, ib), max(ia, ib))
        if key not in seen:
            seen.add(key)
            local.append(key)
    order = sorted(chosen, key=chosen.__getitem__)
    return order, local


def synthetic(n: int, rng: random.Random, mean_degree: float = 6.5) -> list[tuple[int, int]]:
    """Preferential attachment with triadic closure: skewed degrees and some clustering, like a social graph."""
    m = max(1, round(mean_degree / 2))
    edges: set[tuple[int, int]] = set()
    targets: list[int] = []
    adj: list[list[int]] = [[] for _ in range(n)]
    core = min(n, m + 1)
    for i in range(core):
        for j in range(i):
            edges.add((j, i))
            adj[i].append(j)
            adj[j].append(i)
            targets += [i, j]
    for v in range(core, n):
        k = m if rng.random() < 0.7 else rng.randint(1, 2 * m)
        picked: list[int] = []
        while len(picked) < min(k, v):
            if picked and rng.random() < 0.4 and adj[picked[-1]]:
                u = rng.choice(adj[picked[-1]])  # close a triangle
            else:
                u = rng.choice(targets)
            if u != v and u not in picked:
                picked.append(u)
        for u in picked:
            edges.add((u, v))
            adj[u].append(v)
            adj[v].append(u)
            targets += [u, v]
    return sorted(edges)
