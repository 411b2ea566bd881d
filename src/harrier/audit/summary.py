"""From the per-image records to the audit's outputs: bank matches, verdicts, near-duplicate clusters,
``summary.json`` (deterministic: no timings, no output paths) and ``images.parquet``.

The verdict thresholds are the ones behind the pipeline's image signals (``detect/image/content.py``), so an
image counted here is one for which ``harrier scan`` would emit that signal.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from harrier.detect.hashing.clusters import cluster_id
from harrier.detect.image.content import MINOR_FOR_RISK, NUDITY_SIGNAL_MIN, RISK_SIGNAL_MIN

SUMMARY_VERSION = "1"
LARGEST_CLUSTERS = 20  # clusters listed in summary.json (their count is always complete)
MAX_LISTED_MEMBERS = 50


def verdicts(rec: dict[str, Any]) -> dict[str, bool]:
    ml, nud = rec.get("minor_likelihood"), rec.get("nudity_score") or 0.0
    minor = ml is not None and ml >= MINOR_FOR_RISK
    nude = nud >= NUDITY_SIGNAL_MIN
    return {"ai_generated": rec.get("ai_generated") == "yes",
            "ai_hint": rec.get("ai_generated") == "unknown",
            "with_minor_faces": minor,
            "nudity_flagged": nude,
            # the pipeline's image.sexualised_minor_risk condition
            "minor_and_nudity": minor and nude and ml * nud >= RISK_SIGNAL_MIN}


def match_banks(records: list[dict[str, Any]], names: list[str] | None) -> tuple[list[str], list[list[dict]]]:
    """(bank names used, reported matches per record) against the store's enabled banks, or the named ones.
    As ``harrier banks match``: allow-bank matches suppress block-bank matches of the same image."""
    from sqlalchemy import select

    from harrier.detect.hashing.banks import BankMatcher, apply_allow_banks
    from harrier.detect.hashing.tables import HashBank
    from harrier.store.db import open_store

    with open_store().session() as s:
        ids = None
        if names:
            found = {b.name: b.id for b in s.scalars(select(HashBank).where(HashBank.name.in_(names)))}
            missing = sorted(set(names) - set(found))
            if missing:
                raise ValueError(f"unknown bank(s): {', '.join(missing)} (see `harrier banks list`)")
            ids = list(found.values())
        matcher = BankMatcher(s, ids)
        used = sorted(b.name for b in matcher.banks.values())
        items = [(r.get("pdq"), r.get("quality"), r.get("md5")) for r in records]
        results = matcher.match(items) if items and matcher.banks else [[] for _ in records]
    return used, [[m.to_json() for m in apply_allow_banks(ms)[0]] for ms in results]


def near_duplicates(records: list[dict[str, Any]]) -> list[list[str]]:
    """Clusters of image ids, largest first, with the project's clustering (radius and quality floor)."""
    from harrier.detect.hashing.clusters import DEFAULT_MIN_QUALITY, DEFAULT_RADIUS, compute_clusters

    media = {r["path"]: r["pdq"] for r in records if r.get("pdq") and (r.get("quality") or 0) >= DEFAULT_MIN_QUALITY}
    return sorted(compute_clusters(media, DEFAULT_RADIUS), key=lambda c: (-len(c), c[0]))


def detector_versions() -> dict[str, Any]:
    from harrier.detect import models
    from harrier.detect.hashing import clusters, pdq
    from harrier.detect.image import content

    out: dict[str, Any] = {"image.content": content.VERSION, "pdq_backend": pdq.BACKEND,
                           "near_duplicates": clusters.VERSION, "models": {}}
    for name in ("faces", "face_landmarks", "age", "nudity"):
        try:
            m = models.info(name)
            out["models"][name] = {"version": m.get("version"), "sha256": (m.get("sha256") or "")[:16]}
        except (FileNotFoundError, ValueError) as e:
            out["models"][name] = {"error": str(e)}
    return out


def build_summary(source: str, kind: str, n_items: int, records: list[dict[str, Any]], banks_used: list[str],
                  matches: list[list[dict]], clusters: list[list[str]]) -> dict[str, Any]:
    v = [verdicts(r) for r in records]
    count = Counter(k for d in v for k, on in d.items() if on)
    by_bank: Counter[str] = Counter()
    for ms in matches:
        for b in {m["bank"] for m in ms}:
            by_bank[b] += 1
    errors = [{"path": r["path"], "error": r["error"]} for r in records if r.get("error")]
    return {
        "summary_version": SUMMARY_VERSION,
        "source": source,
        "source_kind": kind,
        "images": n_items,
        "scanned": len(records),  # < images only when a run was stopped before the end
        "decoded": sum(1 for r in records if r.get("width") is not None),
        "errors": len(errors),
        "ai_generated": count["ai_generated"],
        "ai_hints": count["ai_hint"],
        "with_faces": sum(1 for r in records if r.get("faces")),
        "with_minor_faces": count["with_minor_faces"],
        "nudity_flagged": count["nudity_flagged"],
        "minor_and_nudity": count["minor_and_nudity"],
        "bank_matches": sum(1 for ms in matches if ms),
        "bank_matches_by_bank": {b: by_bank.get(b, 0) for b in banks_used},
        "banks": banks_used,
        "near_duplicate_clusters": len(clusters),
        "near_duplicate_images": sum(len(c) for c in clusters),
        "largest_clusters": [{"id": cluster_id(c), "size": len(c), "members": c[:MAX_LISTED_MEMBERS]}
                             for c in clusters[:LARGEST_CLUSTERS]],
        "generators": dict(sorted(Counter(r["generator"] for r in records if r.get("generator")).items())),
        "thresholds": {"minor_likelihood": MINOR_FOR_RISK, "nudity": NUDITY_SIGNAL_MIN,
                       "minor_and_nudity_product": RISK_SIGNAL_MIN},
        "detectors": detector_versions(),
        "error_list": errors,
    }


def _json(v: Any) -> str:
    return orjson.dumps(v, option=orjson.OPT_SORT_KEYS).decode()


def write_images_parquet(path: Path, items_key: dict[str, str], records: list[dict[str, Any]],
                         matches: list[list[dict]], clusters: list[list[str]]) -> None:
    """One row per image: identity, hashes, verdicts, and the evidence as JSON strings (the full scan record
    in ``record_json``: what ``harrier image scan --json`` prints for that image)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cid = {m: cluster_id(c) for c in clusters for m in c}
    rows: dict[str, list[Any]] = {k: [] for k in (
        "path", "key", "sha256", "md5", "pdq", "quality", "width", "height", "format", "error", "ai_generated",
        "generator", "faces", "minor_likelihood", "nudity_score", "with_minor_faces", "nudity_flagged",
        "minor_and_nudity", "bank_matches", "near_duplicate_cluster", "markers_json", "faces_json", "nudity_json",
        "bank_matches_json", "record_json")}
    for r, ms in zip(records, matches, strict=True):
        v = verdicts(r)
        vals = {"path": r["path"], "key": items_key.get(r["path"]), "sha256": r.get("sha256"), "md5": r.get("md5"),
                "pdq": r.get("pdq"), "quality": r.get("quality"), "width": r.get("width"),
                "height": r.get("height"), "format": r.get("format"), "error": r.get("error"),
                "ai_generated": r.get("ai_generated"), "generator": r.get("generator"),
                "faces": len(r.get("faces") or []), "minor_likelihood": r.get("minor_likelihood"),
                "nudity_score": r.get("nudity_score"), "with_minor_faces": v["with_minor_faces"],
                "nudity_flagged": v["nudity_flagged"], "minor_and_nudity": v["minor_and_nudity"],
                "bank_matches": len(ms), "near_duplicate_cluster": cid.get(r["path"]),
                "markers_json": _json(r.get("markers") or []), "faces_json": _json(r.get("faces") or []),
                "nudity_json": _json(r.get("nudity") or []), "bank_matches_json": _json(ms), "record_json": _json(r)}
        for k, x in vals.items():
            rows[k].append(x)
    schema = pa.schema([
        ("path", pa.string()), ("key", pa.string()), ("sha256", pa.string()), ("md5", pa.string()),
        ("pdq", pa.string()), ("quality", pa.int32()), ("width", pa.int32()), ("height", pa.int32()),
        ("format", pa.string()), ("error", pa.string()), ("ai_generated", pa.string()), ("generator", pa.string()),
        ("faces", pa.int32()), ("minor_likelihood", pa.float64()), ("nudity_score", pa.float64()),
        ("with_minor_faces", pa.bool_()), ("nudity_flagged", pa.bool_()), ("minor_and_nudity", pa.bool_()),
        ("bank_matches", pa.int32()), ("near_duplicate_cluster", pa.string()), ("markers_json", pa.string()),
        ("faces_json", pa.string()), ("nudity_json", pa.string()), ("bank_matches_json", pa.string()),
        ("record_json", pa.string())])
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(pa.table(rows, schema=schema), tmp)
    tmp.replace(path)  # never a half-written table under the final name
