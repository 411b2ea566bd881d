"""One typo inside a lexicon word, read as the word: "obsesed", "htotie", "prmpt", "wcikr", "gstosa".

People mistype, and people evading a keyword filter mistype on purpose; either way a lexicon that needs the exact
spelling loses the remark (and the word-order rules and the model read it less surely). The normaliser therefore
reads a word that is one *interior* edit away from exactly one lexicon word — two neighbouring letters swapped, one
letter dropped or doubled, the first and last letters kept — as that word.

Only words nobody writes on purpose are corrected: a candidate that is a word of its own in any of the seven
languages is left alone ("order" is not a typo of "ordner", "cliente" not of "caliente", "vende" not of "vendre"),
and so is one that is as much a typo of a common word as of the lexicon word ("parnts" may be "parents" or "pants",
"menors" "menores" or "menos"). Which spellings are words comes from word frequencies (the ``wordfreq`` package: a
spelling is a word of its own from a Zipf frequency of ``REAL_ZIPF`` in any of the languages, a common word from
``COMMON_ZIPF``). That package is 56 MB and takes ~2 s and ~280 MB to load all
seven languages, so it is not a runtime dependency: ``python -m harrier.detect.text.typos --write`` computes the
list once for the current lexicon and writes ``data/typo_real_words.tsv``; a test checks the shipped list against
the lexicon (wherever ``wordfreq`` is installed, as it is with the ``test`` extra).

Hand-written rather than a spelling library: a corrector (SymSpell, Hunspell) corrects toward a whole language's
dictionary, where what is wanted is the opposite — a few hundred words of interest, and nothing that is a word.
"""

from __future__ import annotations

import re
import sys
from functools import cache

from harrier.detect.text.data import DATA, LANGS, read_rows

SKIP_CATEGORIES = ("ambiguous", "counter")
MIN_TERM = 6  # shorter words have too many neighbours that are other words ("sexy" -> "sex", "secy")
REAL_ZIPF = 2.0  # from this Zipf frequency (about once per 10 million words) a spelling is a word of its own
COMMON_ZIPF = 3.0  # and from this one (once per million words) a common word that a typo may as well come from
REAL_WORDS = "typo_real_words.tsv"
_WORD = re.compile(r"[a-z]+")


def variants(word: str) -> set[str]:
    """Every spelling one interior edit from ``word``: a neighbouring pair swapped, a letter dropped or doubled."""
    out: set[str] = set()
    for i in range(1, len(word) - 2):
        out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    for i in range(1, len(word) - 1):
        out.add(word[:i] + word[i + 1:])
        out.add(word[:i] + word[i] + word[i:])
    out.discard(word)
    return out


def lexicon_terms() -> set[str]:
    """The single-word lexicon terms a typo is read back to (accent-free, at least MIN_TERM letters), those a filter
    keys on: not compliments whose sense is the post's ("ambiguous": "stunning", "lecker", "magnifique"), nor
    objections ("counter"). A typo'd "stunning" is still a compliment; "duaghter" and "snpachat" are what evasion
    looks like."""
    from harrier.detect.text.normalise import key_view

    terms: set[str] = set()
    for lang in LANGS:
        for r in read_rows(f"lexicon/{lang}.tsv"):
            t = key_view(r[2].lower().rstrip("*"))
            if r[0] not in SKIP_CATEGORIES and len(t) >= MIN_TERM and _WORD.fullmatch(t):
                terms.add(t)
    return terms


def _known_words() -> set[str]:
    """Spellings that are never a typo: every lexicon word and every word of the hashtag word list."""
    from harrier.detect.text.normalise import _lexicon_words

    known = set(_lexicon_words())
    for r in read_rows("wordlist.tsv"):
        known.update(r[0].split())
    return known


def candidates() -> dict[str, set[str]]:
    """Every interior-typo spelling of a lexicon term that is not itself a known word, with the terms it reaches."""
    known = _known_words()
    out: dict[str, set[str]] = {}
    for t in lexicon_terms():
        for v in variants(t):
            if v not in known:
                out.setdefault(v, set()).add(t)
    return out


@cache
def table() -> dict[str, str]:
    """typo -> lexicon word, for the spellings that reach exactly one word and are no word of their own."""
    real = {r[0] for r in read_rows(REAL_WORDS)}
    return {v: next(iter(ts)) for v, ts in candidates().items() if len(ts) == 1 and v not in real}


def never_corrected(cands: dict[str, set[str]]) -> list[str]:
    """The candidates that are words of their own, or one interior edit from a common word other than the lexicon
    word they reach (needs ``wordfreq``; ~20 s)."""
    from wordfreq import zipf_frequency

    @cache
    def zipf(w: str) -> float:
        return max(zipf_frequency(w, lang) for lang in LANGS)

    return sorted(c for c, terms in cands.items()
                  if zipf(c) >= REAL_ZIPF or any(v not in terms and len(v) >= 3 and zipf(v) >= COMMON_ZIPF
                                                 for v in variants(c)))


def main(argv: list[str]) -> int:
    """``--write``: recompute data/typo_real_words.tsv for the current lexicon; otherwise print the difference."""
    from importlib.metadata import version

    found = never_corrected(candidates())
    head = (f"# typo candidates (one interior edit from a lexicon word) never corrected: words of their own (Zipf >= "
            f"{REAL_ZIPF}),\n# or one edit from a common word (Zipf >= {COMMON_ZIPF}) in one of {', '.join(LANGS)}.\n"
            f"# From wordfreq {version('wordfreq')} (word frequencies by Robyn Speer et al., CC-BY-SA 4.0).\n"
            f"# Regenerate: python -m harrier.detect.text.typos --write\n")
    if "--write" in argv:
        (DATA / REAL_WORDS).write_text(head + "".join(w + "\n" for w in found), encoding="utf-8")  # type: ignore[attr-defined]
        print(f"{len(found)} spellings written to data/{REAL_WORDS}")
        return 0
    shipped = {r[0] for r in read_rows(REAL_WORDS)}
    print(f"missing: {sorted(set(found) - shipped)}\nextra: {sorted(shipped - set(found))}")
    return 0 if shipped == set(found) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
