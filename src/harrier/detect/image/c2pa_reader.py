"""C2PA Content Credentials through ``c2pa-python`` (the Content Authenticity Initiative's own SDK).

What counts: an action's ``digitalSourceType`` of ``trainedAlgorithmicMedia`` or
``compositeWithTrainedAlgorithmicMedia`` (IPTC's terms for generative AI), in the active manifest or in
any ingredient's manifest. ``algorithmicMedia`` (procedural, not a trained model) is reported but is not
AI. The claim generator and the validation state are always reported. A manifest whose validation
state is ``Invalid`` (tampered file or broken signature) is reported, and its AI claim counts only as a
hint. Remote manifests are never fetched: the reader runs with remote fetching and OCSP off, and a
manifest referenced only by URL is reported as unverifiable offline.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from harrier.detect.image.markers import Marker

IPTC_DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"
AI_SOURCE_TYPES = {"trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia"}
REMOTE = "remote manifest, unverifiable offline"


def source_type_term(value: str) -> str:
    """``http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`` -> ``trainedAlgorithmicMedia``."""
    v = value.strip()
    return v.rsplit("/", 1)[-1] if "/" in v else v.split(":")[-1]


@cache
def _context() -> Any:
    import c2pa

    settings = c2pa.Settings.from_dict({"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}})
    return c2pa.Context(settings)


def _walk_actions(manifest: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for a in manifest.get("assertions") or []:
        label = str(a.get("label", ""))
        if label.startswith("c2pa.actions"):
            for i, act in enumerate((a.get("data") or {}).get("actions") or []):
                if isinstance(act, dict):
                    out.append((f"{label}/actions[{i}]", act))
    return out


def _generator_of(manifest: dict[str, Any], act: dict[str, Any] | None) -> str | None:
    agent = act.get("softwareAgent") if act else None
    if isinstance(agent, dict):
        agent = agent.get("name")
    if agent:
        return str(agent)
    info = manifest.get("claim_generator_info") or []
    if info and isinstance(info[0], dict) and info[0].get("name"):
        return str(info[0]["name"])
    cg = manifest.get("claim_generator")
    return str(cg).split(" ")[0].replace("_", " ") if cg else None


def read_c2pa(path: str, data: bytes) -> list[Marker]:
    """Markers from an embedded C2PA manifest store; [] when there is none."""
    if b"c2pa" not in data and b"jumb" not in data:
        return _remote_only(data)
    import c2pa

    try:
        reader = c2pa.Reader(path, context=_context())
    except Exception as e:  # noqa: BLE001 - the SDK raises its own hierarchy; all mean "no usable manifest"
        msg = str(e)
        if "ManifestNotFound" in type(e).__name__ or "no JUMBF" in msg:
            return _remote_only(data)
        if "remote" in msg.lower():
            return [Marker("c2pa-remote", "c2pa.manifest", REMOTE, "info")]
        return [Marker("c2pa-invalid", "c2pa.manifest", f"unreadable manifest: {msg[:200]}", "info")]
    try:
        store = json.loads(reader.json())
    finally:
        reader.close()
    return markers_from_store(store)


def markers_from_store(store: dict[str, Any]) -> list[Marker]:
    markers: list[Marker] = []
    state = str(store.get("validation_state") or "")
    errors = [s.get("code") for s in store.get("validation_status") or []
              if isinstance(s, dict) and s.get("code") and s.get("code") != "signingCredential.untrusted"]
    invalid = state == "Invalid" or (not state and bool(errors))
    manifests: dict[str, Any] = store.get("manifests") or {}
    active = store.get("active_manifest")
    # the active manifest first, then ingredients' manifests (a composite's AI part may only be there)
    order = ([active] if active in manifests else []) + [k for k in manifests if k != active]
    for label in order:
        m = manifests[label]
        where = "active" if label == active else "ingredient"
        found_type = False
        for field, act in _walk_actions(m):
            dst = act.get("digitalSourceType")
            if not dst:
                continue
            found_type = True
            term = source_type_term(str(dst))
            strength = ("hint" if invalid else "ai") if term in AI_SOURCE_TYPES else "not_ai"
            markers.append(Marker("c2pa", f"{where}:{field}.digitalSourceType", str(dst), strength,
                                  generator=_generator_of(m, act) if term in AI_SOURCE_TYPES else None))
        for i, ing in enumerate(m.get("ingredients") or []):
            for dt in ing.get("data_types") or []:
                if isinstance(dt, dict) and dt.get("type") == "c2pa.types.model":
                    markers.append(Marker("c2pa", f"{where}:ingredients[{i}].data_types", "c2pa.types.model",
                                          "hint", generator=ing.get("title")))
        if m.get("claim_generator") or m.get("claim_generator_info"):
            cg = m.get("claim_generator") or "; ".join(
                f"{g.get('name')}/{g.get('version')}" for g in m["claim_generator_info"] if isinstance(g, dict))
            markers.append(Marker("c2pa", f"{where}:claim_generator", str(cg), "info"))
        if where == "active" and not found_type:
            markers.append(Marker("c2pa", "active:digitalSourceType", "(none declared)", "info"))
    if invalid:
        markers.append(Marker("c2pa-invalid", "validation_state", f"{state or 'Invalid'}: {', '.join(errors)}",
                              "info"))
    else:
        markers.append(Marker("c2pa", "validation_state", state or "unknown", "info"))
    return markers


_REMOTE_RE = re.compile(rb"dcterms:provenance\s*=\s*[\"'](https?://[^\"']+)|<dcterms:provenance>\s*(https?://[^<]+)")


def _remote_only(data: bytes) -> list[Marker]:
    """XMP ``dcterms:provenance`` pointing at a URL with no embedded store: a remote manifest we never fetch."""
    m = _REMOTE_RE.search(data)
    if not m:
        return []
    url = (m.group(1) or m.group(2)).decode("utf-8", "replace")
    return [Marker("c2pa-remote", "xmp:dcterms:provenance", f"{REMOTE}: {url}", "info")]
