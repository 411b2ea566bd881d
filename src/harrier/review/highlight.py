"""Evidence spans highlighted in the ORIGINAL text, safely escaped.

Spans are code-point offsets into the text as the platform sent it (the text detectors map their normalised
offsets back). Overlapping spans are merged into segments so every character is escaped exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


def locate(text: str, start: int | None, end: int | None, value: str | None) -> tuple[int, int] | None:
    """Trust offsets when they point at ``value`` (or no value is given); else find ``value`` in the text."""
    if start is not None and end is not None and 0 <= start < end <= len(text) and \
            (not value or text[start:end] == value):
        return start, end
    if value:
        i = text.find(value)
        if i < 0:
            i = text.lower().find(str(value).lower())
        if i >= 0:
            return i, i + len(value)
    return None


def highlight(text: str, spans: list[Span]) -> Markup:
    if not spans:
        return escape(text)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        seg = escape(text[a:b])
        labels = sorted({s.label for s in spans if s.start <= a and b <= s.end})
        if labels:
            out.append(f'<mark class="ev" title="{escape(", ".join(labels))}">{seg}</mark>')
        else:
            out.append(str(seg))
    return Markup("".join(out))
