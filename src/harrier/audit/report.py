"""``report.html``: one self-contained page (no external file, no script) for the audit.

Charts are inline SVG written here: matplotlib is not a dependency of Harrier and bar charts and histograms
do not need it. Near-duplicate clusters are shown as small, greyscale, heavily blurred thumbnails (base64
inline), enough to see that the members are the same picture and no more; every flagged file is named by path
and hash only and never copied.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from html import escape
from typing import Any

from PIL import ImageFilter

from harrier.audit.summary import verdicts
from harrier.detect.hashing.clusters import cluster_id

THUMB_PX = 96
BLUR_RADIUS = 6  # at 96 px: shapes and layout survive, no detail does
CLUSTERS_SHOWN = 8
MEMBERS_SHOWN = 6


def blurred_thumbnail(data: bytes) -> str | None:
    """A data: URI of a greyscale, blurred <= 96 px JPEG of the image, or None when it does not decode."""
    from harrier.detect.image.decode import ImageDecodeError, load_image

    try:
        im = load_image(data, draft_size=(THUMB_PX, THUMB_PX)).image
    except ImageDecodeError:
        return None
    im.thumbnail((THUMB_PX, THUMB_PX))
    im = im.convert("L").filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=60)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def _bars(pairs: list[tuple[str, int]], colour: str = "#4a6fa5") -> str:
    """Horizontal bar chart, one row per (label, count)."""
    w, row, label_w = 560, 22, 170
    top = max([c for _, c in pairs] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{row * len(pairs) + 4}" role="img">']
    for i, (label, c) in enumerate(pairs):
        y = i * row + 2
        bw = round((w - label_w - 60) * c / top)
        parts.append(f'<text x="0" y="{y + 15}" font-size="13">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{bw}" height="{row - 6}" fill="{colour}"/>'
                     f'<text x="{label_w + bw + 6}" y="{y + 15}" font-size="13">{c}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(values: list[float], bins: int = 10, colour: str = "#8a5a9e") -> str:
    """Counts of values in [0, 1] by tenth, as vertical bars with axis labels."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins)))] += 1
    w, h, pad = 560, 180, 30
    top = max(counts + [1])
    bw = (w - 2 * pad) / bins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 40}" role="img">',
             f'<line x1="{pad}" y1="{h}" x2="{w - pad}" y2="{h}" stroke="#333"/>']
    for i, c in enumerate(counts):
        bh = round((h - 20) * c / top)
        x = pad + i * bw
        parts.append(f'<rect x="{x + 1:.1f}" y="{h - bh}" width="{bw - 2:.1f}" height="{bh}" fill="{colour}"/>'
                     f'<text x="{x + bw / 2:.1f}" y="{h - bh - 4}" font-size="11" text-anchor="middle">{c}</text>'
                     f'<text x="{x:.1f}" y="{h + 16}" font-size="11" text-anchor="middle">{i / bins:.1f}</text>')
    parts.append(f'<text x="{w - pad}" y="{h + 16}" font-size="11" text-anchor="middle">1.0</text></svg>')
    return "".join(parts)


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def render(summary: dict[str, Any], records: list[dict[str, Any]], matches: list[list[dict]],
           clusters: list[list[str]], read_bytes: Callable[[str], bytes | None]) -> str:
    """The page. ``read_bytes(id)`` gives an image's bytes for its cluster thumbnail (None: unreadable)."""
    s = summary
    counts = [(k.replace("_", " "), s[k]) for k in ("images", "decoded", "errors", "ai_generated", "ai_hints",
                                                    "with_faces", "with_minor_faces", "nudity_flagged",
                                                    "minor_and_nudity", "bank_matches", "near_duplicate_images")]
    minor = [r["minor_likelihood"] for r in records if r.get("minor_likelihood") is not None]
    nudity = [r.get("nudity_score") or 0.0 for r in records if r.get("width") is not None and not r.get("error")]
    by_path = {r["path"]: r for r in records}
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Harrier dataset audit</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}"
        "table{border-collapse:collapse;font-size:13px;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;"
        "padding:3px 6px;text-align:left;vertical-align:top}code{font-size:12px;word-break:break-all}"
        ".thumbs img{width:96px;height:auto;margin:2px;border:1px solid #999}.muted{color:#666}"
        "</style></head><body>",
        "<h1>Harrier dataset audit</h1>",
        f"<p>Source <code>{escape(str(s['source']))}</code> ({escape(s['source_kind'])}). Banks: "
        f"{escape(', '.join(s['banks']) or 'none')}. Thresholds: minor likelihood ≥ "
        f"{s['thresholds']['minor_likelihood']}, nudity ≥ {s['thresholds']['nudity']}.</p>",
        "<p class='muted'>Flagged files are referenced by path and SHA-256 only; no file is copied here. "
        "Cluster thumbnails are 96 px, greyscale and blurred.</p>",
        "<h2>Counts per verdict</h2>", _bars(counts),
        f"<h2>Minor likelihood (images with a face: {len(minor)})</h2>", _histogram(minor),
        f"<h2>Nudity score (decoded images: {len(nudity)})</h2>", _histogram(nudity, colour="#b5533c"),
        "<h2>Bank matches by bank</h2>",
        _bars(sorted(s["bank_matches_by_bank"].items())) if s["bank_matches_by_bank"]
        else "<p class='muted'>No bank selected or known.</p>",
    ]
    flagged = []
    for r, ms in zip(records, matches, strict=True):
        v = verdicts(r)
        why = [k for k in ("minor_and_nudity", "nudity_flagged", "with_minor_faces", "ai_generated") if v[k]]
        if ms:
            why.append("bank: " + ", ".join(sorted({m["bank"] for m in ms})))
        if why:
            flagged.append([f"<code>{escape(r['path'])}</code>", f"<code>{escape(r.get('sha256') or '')}</code>",
                            escape("; ".join(why))])
    out.append(f"<h2>Flagged images ({len(flagged)})</h2>")
    out.append(_table(["path", "sha256", "why"], flagged[:1000]) if flagged else "<p class='muted'>None.</p>")
    if len(flagged) > 1000:
        out.append(f"<p class='muted'>… and {len(flagged) - 1000} more: see images.parquet.</p>")
    out.append(f"<h2>Largest near-duplicate clusters ({s['near_duplicate_clusters']} in all)</h2>")
    for c in clusters[:CLUSTERS_SHOWN]:
        thumbs = []
        for m in c[:MEMBERS_SHOWN]:
            data = read_bytes(m)
            uri = blurred_thumbnail(data) if data else None
            if uri:
                thumbs.append(f"<img src='{uri}' alt='blurred thumbnail' title='{escape(m)}'>")
        rows = [[f"<code>{escape(m)}</code>", f"<code>{escape(by_path[m].get('sha256') or '')}</code>",
                 f"<code>{escape(by_path[m].get('pdq') or '')}</code>"] for m in c[:50]]
        out.append(f"<h3>{cluster_id(c)}: {len(c)} images</h3><div class='thumbs'>{''.join(thumbs)}</div>"
                   + _table(["path", "sha256", "pdq"], rows))
    if s["error_list"]:
        out.append(f"<h2>Errors ({s['errors']})</h2>")
        out.append(_table(["path", "error"], [[f"<code>{escape(e['path'])}</code>", escape(e["error"])]
                                              for e in s["error_list"][:1000]]))
    out.append("</body></html>")
    return "\n".join(out)
