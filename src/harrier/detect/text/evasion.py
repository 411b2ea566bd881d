"""The evasion rewriter behind the evasion test suite: rewrites a text the way people dodge keyword filters.

Each rewrite applies, to different words of the text, leetspeak (``perfect`` -> ``p3rf3ct``), spacing or
punctuation between letters (``p.e.r.f.e.c.t``), homoglyphs (Cyrillic/Greek lookalikes), emoji in place of
words (``girl`` -> 👧) and zero-width characters inside a word. Deterministic for a given seed.

:func:`typo_keyword` is the second suite: one typo in the word a filter keys on — two neighbouring letters swapped
inside a lexicon word of six letters or more (``daughter`` -> ``duaghter``). The normaliser corrects typos only in
the words that name the generating tool (typos.py, since text.comment 1.27.0; a stage over the whole lexicon was tried
in 1.20 and withdrawn: docs/TEXT.md), so for the other keywords this suite measures what the model alone keeps.

:func:`laughter_tail` is the third: laughter appended (``... 😂😂``, ``... lol``, ``... jajaja``), as comments carry
it. It measures what the encoders' view without laughter (normalise.model_view) keeps.
"""

from __future__ import annotations

import hashlib
import random
import re

LEET = {"e": "3", "o": "0", "a": "4", "i": "1", "s": "5", "t": "7"}
HOMOGLYPH = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і", "s": "ѕ"}
EMOJI = {
    "girl": "👧", "girls": "👧", "baby": "👶", "kid": "🧒", "kids": "🧒", "child": "🧒", "boy": "👦", "hot": "🔥",
    "message": "📩", "dm": "📩", "love": "❤️", "kiss": "😘", "money": "💰", "bikini": "👙", "feet": "🦶",
    "legs": "🦵", "pizza": "🍕", "telegram": "✈️", "meisje": "👧", "mädchen": "👧", "fille": "👧", "niña": "👧",
    "menina": "👧", "bambina": "👧", "kind": "🧒", "enfant": "🧒", "heiß": "🔥", "heet": "🔥", "chaude": "🔥",
    "caliente": "🔥",
}
_WORD = re.compile(r"[^\W\d_]{3,}")
LAUGHTER_TAILS = ("😂😂", "😂", "🤣🤣", "😅", "lol", "lmao", "haha", "hahaha 😂", "jajaja", "mdr", "kkkk", "hihi", "xD")


def _leet(w: str) -> str:
    return "".join(LEET.get(c, c) if k % 2 == 0 else c for k, c in enumerate(w))


def _spaced(w: str, sep: str) -> str:
    return sep.join(w)


def _homoglyph(w: str) -> str:
    return "".join(HOMOGLYPH.get(c, c) for c in w)


def _zero_width(w: str) -> str:
    mid = len(w) // 2
    return w[:mid] + "\u200b" + w[mid:]


def _rng(seed: str | int) -> random.Random:
    return random.Random(int(hashlib.sha256(str(seed).encode()).hexdigest()[:8], 16))


def typo_keyword(text: str, seed: str | int = 0) -> str | None:
    """``text`` with two neighbouring interior letters swapped in one of its lexicon words of six letters or more
    (counter-speech words aside); None when it has none."""
    from harrier.detect.text import lexicon
    from harrier.detect.text.normalise import normalise

    n = normalise(text)
    spans = sorted({n.span(h.start, h.end) for h in lexicon.match(n) if h.category != "counter"})
    words = [(a, b) for a, b in spans if _KEYWORD.fullmatch(text[a:b])]
    if not words:
        return None
    rng = _rng(seed)
    a, b = rng.choice(words)
    w = text[a:b]
    pairs = [i for i in range(1, len(w) - 2) if w[i].lower() != w[i + 1].lower()]  # a swap that changes the word
    if not pairs:
        return None
    i = rng.choice(pairs)
    return text[:a] + w[:i] + w[i + 1] + w[i] + w[i + 2:] + text[b:]


_KEYWORD = re.compile(r"[^\W\d_]{6,}")


def laughter_tail(text: str, seed: str | int = 0) -> str:
    """``text`` with laughter appended (one of ``LAUGHTER_TAILS``)."""
    return f"{text} {_rng(seed).choice(LAUGHTER_TAILS)}"


def rewrite(text: str, seed: str | int = 0) -> str:
    rng = _rng(seed)
    words = list(_WORD.finditer(text))
    if not words:
        return text
    repl: dict[int, str] = {}
    # emoji first: every word with an emoji meaning is replaced
    for k, m in enumerate(words):
        e = EMOJI.get(m.group(0).lower())
        if e:
            repl[k] = e
    free = [k for k in range(len(words)) if k not in repl]
    rng.shuffle(free)
    ops = [_leet, lambda w: _spaced(w, rng.choice([" ", ".", "-", "*"])), _homoglyph, _zero_width]
    for op, k in zip(ops, free, strict=False):
        repl[k] = op(words[k].group(0))
    out, pos = [], 0
    for k, m in enumerate(words):
        out.append(text[pos:m.start()])
        out.append(repl.get(k, m.group(0)))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)
