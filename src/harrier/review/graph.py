"""The network neighbourhood as a server-rendered SVG (no JavaScript, no front-end build).

A radial layout written by hand: the case account in the centre, neighbours on rings ordered by risk. It
is a dozen lines, deterministic (the same case always draws the same picture) and needs no plotting stack;
force-directed layouts from networkx/graphviz would add heavy dependencies for a 30-node picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from markupsafe import Markup, escape

SEV_CLASS = {"critical": "sev-critical", "high": "sev-high", "medium": "sev-medium", "low": "sev-low"}
EDGE_CLASS = {"follows": "e-follow", "messaged": "e-message", "commented": "e-comment", "ring": "e-ring"}


@dataclass
class Node:
    id: str
    label: str
    severity: str | None = None
    href: str | None = None
    center: bool = False
    weight: float = 0.0  # sorts neighbours: riskier ones nearer the top


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: set[tuple[str, str, str]] = field(default_factory=set)  # (a, b, kind)

    def add_node(self, node: Node) -> None:
        if node.id not in self.nodes:
            self.nodes[node.id] = node

    def add_edge(self, a: str, b: str, kind: str) -> None:
        if a != b and a in self.nodes and b in self.nodes:
            self.edges.add((a, b, kind))


def layout(g: Graph, width: int, height: int) -> dict[str, tuple[float, float]]:
    cx, cy = width / 2, height / 2
    centre = [n for n in g.nodes.values() if n.center]
    others = sorted((n for n in g.nodes.values() if not n.center), key=lambda n: (-n.weight, n.id))
    pos: dict[str, tuple[float, float]] = {n.id: (cx, cy) for n in centre}
    per_ring = 12
    rmax = min(width, height) / 2 - 34
    rings = max(1, math.ceil(len(others) / per_ring))
    for i, n in enumerate(others):
        ring, k = divmod(i, per_ring)
        in_ring = min(per_ring, len(others) - ring * per_ring)
        r = rmax * (ring + 1) / rings if rings > 1 else rmax * 0.8
        a = -math.pi / 2 + 2 * math.pi * k / in_ring + ring * 0.26
        pos[n.id] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return pos


def render_svg(g: Graph, width: int = 420, height: int = 300) -> Markup:
    pos = layout(g, width, height)
    parts = [f'<svg class="netgraph" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="network neighbourhood, {len(g.nodes)} accounts">']
    for a, b, kind in sorted(g.edges):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        parts.append(f'<line class="{EDGE_CLASS.get(kind, "e-other")}" x1="{x1:.1f}" y1="{y1:.1f}" '
                     f'x2="{x2:.1f}" y2="{y2:.1f}"><title>{escape(a)} {escape(kind)} {escape(b)}</title></line>')
    for n in sorted(g.nodes.values(), key=lambda n: n.center):
        x, y = pos[n.id]
        r = 13 if n.center else 8
        cls = " ".join(filter(None, ["node", SEV_CLASS.get(n.severity or "", "sev-none"),
                                     "centre" if n.center else ""]))
        label = n.label if len(n.label) <= 16 else n.label[:15] + "…"
        body = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}"/>'
                f'<text x="{x:.1f}" y="{y + r + 11:.1f}" text-anchor="middle">{escape(label)}</text>'
                f'<title>{escape(n.label)} ({escape(n.id)}){" — " + escape(n.severity) if n.severity else ""}'
                f'</title>')
        if n.href:
            parts.append(f'<a href="{escape(n.href)}" class="{cls}">{body}</a>')
        else:
            parts.append(f'<g class="{cls}">{body}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
