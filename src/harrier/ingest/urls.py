"""Warnings for URLs the console will show as inert text (``harrier.model.urls.is_web_url``): the record is
still stored, the reviewer just gets no link. Reported as ``file:line: field: message`` like errors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from harrier.ingest.spec import SPECS, EntitySpec
from harrier.ingest.validate import Problem
from harrier.model.urls import is_web_url

URL_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(n for n in spec.model.model_fields if n == "url" or n.endswith("_url")) for name, spec in SPECS.items()
}


def _problem(field: str, value: Any) -> Problem:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return Problem(field, f"not an http(s) URL: stored, but shown as text, never a link (got {shown})")


def url_problems(spec: EntitySpec, row: dict[str, Any]) -> list[Problem]:
    """The URL fields of one validated row (a post's media too) that will not become links."""
    out = [_problem(n, row[n]) for n in URL_FIELDS[spec.name] if row.get(n) is not None and not is_web_url(row[n])]
    for i, m in enumerate(row.get("media") or ()):
        url = m.get("url") if isinstance(m, dict) else getattr(m, "url", None)
        if url is not None and not is_web_url(url):
            out.append(_problem(f"media[{i}].url", url))
    return out


def url_warnings(spec: EntitySpec, rows: Iterable[tuple[int, Any, dict[str, Any]]]) -> list[tuple[int, Problem]]:
    """``(line, problem)`` for each ``(line, raw, row)``; nothing to look at for entities without URL fields."""
    if not URL_FIELDS[spec.name] and spec.name != "posts":
        return []
    return [(line, p) for line, _, row in rows for p in url_problems(spec, row)]
