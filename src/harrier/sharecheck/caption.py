"""What a caption gives away: a child's name, school or club, age with a birthday, where the family lives or is
right now, and settings that draw the wrong audience (bath, pool, bed...). English, Dutch and German.

The terms live in ``caption_terms.tsv`` beside this module. A plain age ("she is 7") or a place alone ("in
Amsterdam") says little; together with a birthday, or with "right now", they say when and where to find a child,
so those kinds warn only in pairs.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from pydantic import BaseModel

TERMS_FILE = "caption_terms.tsv"
_UPPER = "A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ"
_LOWER = "a-zß-öø-ÿłśżźćńé'’-"
_NAME = rf"(?-i:[{_UPPER}][{_LOWER}]+)"
_PARTICLE = r"(?-i:van|de|der|den|het|ter|ten|von|zu|vom|la|le|du|di|da|dos|o')"
MACROS = {
    "{FULLNAME2}": rf"{_NAME}(?:\s+{_PARTICLE})*\s+{_NAME}",  # first + last name: both required
    "{FULLNAME}": rf"{_NAME}(?:(?:\s+{_PARTICLE})*\s+{_NAME})?",  # first name, last name if there is one
    "{NAMES}": rf"{_NAME}(?:\s+(?:{_PARTICLE}\s+)?{_NAME}){{0,3}}",
    "{NAME}": _NAME,
}
PAIRS = {"age_and_birthday": ("age", "birthday"), "live_location": ("place", "now")}
ADVICE = {
    "child_name": "This names your child. A name next to a face lets a stranger find them online and talk to them "
                  "as if they knew them. Leave the last name out, and the first name too if you can.",
    "school_or_club": "This names a school or club: it tells strangers where your child is on most days and at "
                      "what time. Say \"school\" or \"practice\" instead of the name.",
    "age_and_birthday": "An age together with a birthday or date gives your child's date of birth, which is used to "
                        "steal identities and to pretend to know a child. Leave out the date or the age.",
    "home_location": "This says where you live. Together with photos of your child it tells a stranger where to "
                     "find them. Leave the town or street out.",
    "live_location": "This says where you are right now. Post it after you have left, or leave the place out.",
    "sensitive_context": "Photos of children in the bath, at the pool, changing, in bed or undressed are the ones "
                         "most often copied and misused by strangers, even when the photo itself is innocent. "
                         "Keep these for family only, or choose a different photo.",
}


class CaptionRisk(BaseModel):
    kind: str
    span: tuple[int, int]
    text: str
    advice: str


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    """kind -> compiled patterns, from the TSV (all languages together: captions mix them)."""
    raw = resources.files("harrier.sharecheck").joinpath(TERMS_FILE).read_text(encoding="utf-8")
    out: dict[str, list[re.Pattern[str]]] = {}
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            kind, _lang, pattern = line.split("\t")
        except ValueError as e:
            raise ValueError(f"{TERMS_FILE}:{n}: expected kind<TAB>lang<TAB>pattern") from e
        for macro, value in MACROS.items():
            pattern = pattern.replace(macro, value)
        out.setdefault(kind, []).append(re.compile(pattern, re.IGNORECASE))
    return out


def _matches(kind: str, text: str) -> list[tuple[int, int]]:
    return _merge([m.span() for p in _patterns().get(kind, []) for m in p.finditer(text) if m.end() > m.start()])


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):  # overlapping hits of one kind are one risk
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def check_caption(text: str) -> list[CaptionRisk]:
    """Every risk in a caption, in order of where it starts."""
    risks: list[CaptionRisk] = []

    def add(kind: str, s: int, e: int) -> None:
        risks.append(CaptionRisk(kind=kind, span=(s, e), text=text[s:e], advice=ADVICE[kind]))

    for kind in ("child_name", "school_or_club", "home_location", "sensitive_context"):
        for s, e in _matches(kind, text):
            add(kind, s, e)
    for kind, (a, b) in PAIRS.items():
        first, second = _matches(a, text), _matches(b, text)
        if first and second:
            for s, e in _merge(first + second):
                add(kind, s, e)
    # A place already reported as home or school is not also a live location.
    taken = [r.span for r in risks if r.kind in ("home_location", "school_or_club")]
    risks = [r for r in risks if r.kind != "live_location" or not any(s <= r.span[0] < e for s, e in taken)]
    return sorted(risks, key=lambda r: (r.span[0], r.kind))
