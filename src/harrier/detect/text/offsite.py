"""Words that send an account's viewers elsewhere: a private channel, or sets of images sold beyond the platform.

Public reporting on accounts that trade or sell children's images describes the showcase pattern: the public
profile shows the child, and the profile sends buyers elsewhere — "exclusive sets, link in bio", "more on tg",
"VIP" channels on Telegram (Wall Street Journal and Stanford Internet Observatory, June 2023; New York Times,
February 2024, on "exclusive" photo sets of child models sold by subscription). The post's captions are read for the
private channel by ``post.fusion`` (``text.contact_move``); the profile's bio by :func:`bio_sells` here, for
``text.account``.

A pointer alone is no sale: teenagers, parents and young adults list their Snapchat, shops their "link in bio".
A bio *sells* where it both points somewhere (a contact term of the lexicon or "link in bio" in any of the seven
languages) and offers content there — exclusive or VIP content or sets, or "more on <private channel>". Retail words
are no content: "exclusive collection 💌 link in bio" is a shop's. Written by hand because it is a closed grammar of
a few dozen words per language over the lexicon's contact terms, which no library holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harrier.detect.text import lexicon
from harrier.detect.text.normalise import normalise

# the lexicon's contact terms that name a private messaging channel (shared with post.fusion's caption reading).
# Shops' and creators' "link in bio" and a bare "dm" are contact moves but no private channel, and words with an
# everyday sense ("signal", "snap", "zap") are left out
PRIVATE_CHANNELS = frozenset({"telegram", "tg", "my tg", "kik", "snapchat", "snap me", "whatsapp", "wsp", "discord",
                              "session app", "wickr"})
SELLS_SCORE = 0.9

# "link in bio" in the languages where the lexicon lacks it ("lien en bio", "link na bio", "link in der Bio")
_LINK_IN_BIO = re.compile(r"\b(?:link|lien|enlace|linkje)\s+(?:in|na|no|en|dans|nella|op|in\s+der|in\s+de)\s+"
                          r"(?:(?:ma|mi|la|meine|mia|mijn|minha|de)\s+)?bio\b", re.I)
_EXCLUSIVE = r"(?:exclusi[vf]\w*|exclusie\w*|exklusiv\w*|esclusiv\w*)"
_CONTENT = (r"(?:content\w*|conte[uú]dos?|contenidos?|contenus?|contenuti|inhalte?|inhoud|sets?|ensaios?|s[ée]ances?"
            r"|sesi[oó]n(?:es)?|sessions?|shootings?|photos?|fotos?|pics|bilder|videos?|vid[ée]os?|v[ií]deos?"
            r"|material)")
_MORE = r"(?:more|m[aá]s|mais|plus|mehr|altro|di\s+pi[uù]|meer)"
_CHANNEL = r"(?:telegram|tg|kik|snapchat|discord|wickr|session)"
_SALE = re.compile(
    rf"\b{_EXCLUSIVE}\W+(?:\w+\W+)?{_CONTENT}\b"  # "exclusive sets", "exklusive neue Inhalte"
    rf"|\b{_CONTENT}\W+(?:\w+\W+)?{_EXCLUSIVE}"  # "sets exclusifs", "ensaios exclusivos"
    rf"|\bvip\b|\bpremium\W+(?:\w+\W+)?{_CONTENT}\b"
    rf"|\b{_MORE}\b[^|\n]{{0,20}}?\b{_CHANNEL}\b",  # "more on tg", "mais no tg", "meer op tg"
    re.I)
_NAMES_CHANNEL = re.compile(rf"\b{_CHANNEL}\b", re.I)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: str
    note: str


@dataclass(frozen=True)
class Sells:
    score: float
    spans: tuple[Span, ...]


def _pointers(text: str) -> list[Span]:
    out = [Span(h.start, h.end, text[h.start:h.end], f"points elsewhere: contact '{h.term}' ({h.source})")
           for h in lexicon.match(normalise(text)) if h.category == "contact"]
    out += [Span(m.start(), m.end(), m.group(0), "points elsewhere: link in bio") for m in _LINK_IN_BIO.finditer(text)]
    return out


def bio_sells(text: str) -> Sells | None:
    """The bio offers content elsewhere (SELLS_SCORE, with the offer's and the pointer's spans), else None."""
    if not text:
        return None
    sales = [Span(m.start(), m.end(), m.group(0), "offers content") for m in _SALE.finditer(text)]
    if not sales:
        return None
    pointers = _pointers(text)
    # "more on tg" carries its own pointer
    if not pointers and not any(_NAMES_CHANNEL.search(s.value) for s in sales):
        return None
    spans: dict[tuple[int, int], Span] = {}
    for s in [*sales, *pointers]:
        spans.setdefault((s.start, s.end), s)
    return Sells(SELLS_SCORE, tuple(spans[k] for k in sorted(spans)))
