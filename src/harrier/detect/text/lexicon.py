"""Lexicons per language (data/lexicon/*.tsv) and language-independent patterns (data/patterns.tsv).

Matching runs over the canonical text from :mod:`normalise` (accent-free view, same offsets), so ``s3xy``,
``ѕеху`` and ``s e x y`` all hit the entry ``sexy``, and every hit maps back to the characters the user wrote.
All languages are matched at once: comments mix languages and the caller's ``lang`` is often missing.

The terms of all lexicons are compiled into one trie-shaped regular expression (Python's ``re`` does not
optimise a flat alternation of ~1,500 terms; a trie makes the scan one pass), which is also what the fast
prefilter uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np

from harrier.detect.text.data import DATA, LANGS, read_rows
from harrier.detect.text.normalise import (
    Normalized,
    _accent_table,
    _confusables,
    _invisible,
    _leet,
    emoji_table,
    folds_eszett,
    key_view,
    normalise,
)

# Feature categories, in the order of the feature vector the intent head sees.
CATEGORIES: tuple[str, ...] = (
    "child", "age", "sexual", "body", "desire", "abuse", "request", "generation", "minimisation",
    "contact", "trading", "ambiguous", "counter", "ai", "handle",
)
# emoji code category (emoji.tsv) -> lexicon category
EMOJI_CODE_CATEGORY = {
    "body_code": "body", "sexual_code": "sexual", "desire_code": "desire", "trading_code": "trading",
    "child": "child", "ambiguous": "ambiguous", "contact": "contact", "ai": "ai",
}


@dataclass(frozen=True)
class Entry:
    category: str
    weight: float
    term: str
    lang: str
    source: str


@dataclass(frozen=True)
class Hit:
    category: str
    weight: float
    term: str
    lang: str
    source: str
    start: int  # original offsets
    end: int
    note: str = ""


def _key(term: str) -> str:
    return key_view(normalise(term).text)


@cache
def entries() -> dict[str, list[Entry]]:
    """canonical key -> entries (the same key may carry several categories or languages)."""
    out: dict[str, list[Entry]] = {}
    for lang in LANGS:
        for r in read_rows(f"lexicon/{lang}.tsv"):
            if len(r) < 4:
                raise ValueError(f"lexicon/{lang}.tsv: entry without source note: {r}")
            e = Entry(r[0], float(r[1]), r[2], lang, r[3])
            if e.category not in CATEGORIES:
                raise ValueError(f"lexicon/{lang}.tsv: unknown category {e.category!r}")
            out.setdefault(_key(e.term), []).append(e)
    return out


def sources() -> dict[str, str]:
    return {r[0]: r[1] for r in read_rows("lexicon/sources.tsv")}


@dataclass(frozen=True)
class Pattern:
    category: str
    weight: float
    regex: re.Pattern[str]
    note: str
    source: str


@cache
def patterns() -> tuple[Pattern, ...]:
    return tuple(Pattern(r[0], float(r[1]), re.compile(r[2]), r[3], r[4]) for r in read_rows("patterns.tsv"))


def _trie_regex(words: Iterable[str]) -> str:
    """A regex equivalent to an alternation of ``words`` but shaped as a trie (longest alternative first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


@cache
def _term_regex() -> re.Pattern[str]:
    # zero-width lookahead so overlapping terms are all found ("i want her" and "want her")
    return re.compile(r"(?<!\w)(?=(" + _trie_regex(entries()) + r")(?!\w))")


def match(n: Normalized) -> list[Hit]:
    """All lexicon, pattern and emoji-code hits in a normalised text, with ORIGINAL offsets."""
    key = key_view(n.text)
    hits: list[Hit] = []
    table = entries()
    for m in _term_regex().finditer(key):
        term = m.group(1)
        a, b = n.span(m.start(1), m.end(1))
        for e in table[term]:
            if not folds_eszett(n.original[a:b], e.term):
                hits.append(Hit(e.category, e.weight, e.term, e.lang, e.source, a, b))
    for p in patterns():
        for m in p.regex.finditer(key):
            a, b = n.span(m.start(), m.end())
            hits.append(Hit(p.category, p.weight, m.group(0), "*", p.source, a, b, p.note))
    for a, b, code, note in n.emoji_codes:
        cat = EMOJI_CODE_CATEGORY.get(code)
        if cat:
            hits.append(Hit(cat, 0.6, n.original[a:b], "*", "algospeak", a, b, note))
    # the same term in several languages' lexicons: keep one hit per (category, span), the heaviest
    best: dict[tuple[str, int, int], Hit] = {}
    for h in hits:
        k = (h.category, h.start, h.end)
        if k not in best or h.weight > best[k].weight:
            best[k] = h
    return list(best.values())


N_FEATURES = len(CATEGORIES) + 3


def features(hits: list[Hit], lang_hits: bool = True) -> np.ndarray:
    """Per category the noisy-or of its distinct terms' weights, plus three interactions the head needs:
    child x (sexual|body|desire|ambiguous), child x age, counter-speech x anything harmful."""
    v = np.zeros(N_FEATURES, dtype=np.float32)
    seen: set[tuple[str, str]] = set()
    idx = {c: i for i, c in enumerate(CATEGORIES)}
    for h in hits:
        k = (h.category, h.term)
        if k in seen or h.category not in idx:
            continue
        seen.add(k)
        i = idx[h.category]
        v[i] = 1.0 - (1.0 - v[i]) * (1.0 - h.weight)
    child = max(v[idx["child"]], v[idx["age"]])
    sexualish = max(v[idx["sexual"]], v[idx["body"]], v[idx["desire"]], v[idx["ambiguous"]])
    harmful = max(sexualish, v[idx["abuse"]], v[idx["request"]], v[idx["trading"]])
    k = len(CATEGORIES)
    v[k] = child * sexualish
    v[k + 1] = v[idx["child"]] * v[idx["age"]]
    v[k + 2] = v[idx["counter"]] * harmful
    return v


# ---------------------------------------------------------------- fast prefilter


@cache
def _fast_table() -> dict[int, str | None]:
    t: dict[int, str | None] = {}
    for ch, lat in _confusables().items():
        t[ord(ch)] = lat.lower()
    for ch in _invisible():
        t[ord(ch)] = None
    t.update(_accent_table())
    table, _, _ = _leet()
    for ch, letter in table.items():
        if not ch.isdigit():
            t[ord(ch)] = letter
    for ch in ".-_*·~":
        t[ord(ch)] = None
    return t


@cache
def _prefilter_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cue_terms = [k for k, es in entries().items() if any(e.category != "counter" for e in es)]
    terms = re.compile(r"(?<!\w)(?:" + _trie_regex(cue_terms) + r")(?!\w)")
    emoji_chars = {k[0] for k, (_, code, _) in _emoji_items() if code != "-"}
    emo = re.compile("[" + "".join(re.escape(c) for c in sorted(emoji_chars)) + "]|#|\\d|@")
    squeeze = re.compile(r"(\w)\1{2,}")
    return terms, emo, squeeze


def _emoji_items() -> Iterable[tuple[str, tuple[str, str, str]]]:
    return emoji_table().items()


def prefilter(text: str) -> bool:
    """Cheap yes/no: could this text carry any cue at all? (no spans, no model; tens of thousands per second)

    Texts with digits, handles, hashtags or code emoji always pass (leet, ages and links need the full path)."""
    terms, emo, squeeze = _prefilter_res()
    if emo.search(text):
        return True
    low = text.lower().translate(_fast_table())
    if "  " not in low and len(low) > 2:
        low = squeeze.sub(r"\1", low)
    return terms.search(low) is not None


# ---------------------------------------------------------------- language guess


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    return {r[0]: frozenset(r[1].split()) for r in read_rows("stopwords.tsv")}


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def guess_lang(canonical: str, hits: list[Hit] | None = None) -> str:
    """Cheap language guess from function words and lexicon hits; 'und' when nothing points anywhere."""
    words = _WORD.findall(canonical)
    scores = dict.fromkeys(LANGS, 0.0)
    sw = _stopwords()
    for w in words:
        for lang, ws in sw.items():
            if w in ws:
                scores[lang] += 1.0
    for h in hits or ():
        if h.lang in scores:
            scores[h.lang] += 0.5
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "und"


def data_files() -> list[str]:
    return sorted(p.name for p in (DATA / "lexicon").iterdir())
