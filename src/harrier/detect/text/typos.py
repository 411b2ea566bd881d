"""One typo in a word that names the generating tool, read as the word: "geneartor", "mdoel", "moodel", "wokrflow".

A request for the app, model or prompt behind images of children is a generation request whatever its spelling,
and the lexicon's phrases ("which model", "welk model", "quel générateur") need the exact word: "which geneartor?"
and "welk moodel gebruik je?" read 0.15 and 0.24 under a child's photo where their spellings read 1.0 (a rule's
floor). The normaliser therefore reads a word one *interior* edit from exactly one word of :data:`VOCABULARY` — two
neighbouring letters swapped, one letter dropped or doubled, first and last letters kept — as that word.

Only the tool's nouns, not every lexicon word: a typo stage over the whole lexicon (text.comment 1.20, withdrawn in
1.20.3) read typo'd compliments and codes ("htotie", "sexy otfit") as their spellings and so added suspicious
accounts around demo posts, which merged two rings (docs/TEXT.md). These words say nothing about a child: they only
make a remark a generation request where the rest of its words ask for the tool, and a generation request weighs
only under child imagery (certain.py, the policy). The phrases' function words ("which", "welche", "comment")
are read as written: correcting them would rewrite ordinary remarks the model reads.

A spelling that is a word of its own in any of the seven languages is never corrected ("modelle", "difusion"; also
"promt" and "setings", misspelt so often that the frequency lists count them as words), nor one that is as much a
typo of a common word ("modee", "moel"): ``data/typo_real_words.tsv``, computed once from word frequencies
(``wordfreq``, 56 MB, not a dependency) by ``python -m harrier.detect.text.typos --write`` where it is installed; a
test checks the file was computed for this vocabulary.

Hand-written rather than a spelling library: a corrector (SymSpell, Hunspell) corrects toward a whole language's
dictionary, where what is wanted is the opposite — a few words of interest, and nothing that is a word.
"""

from __future__ import annotations

import sys
from functools import cache

from harrier.detect.text.data import DATA, LANGS

# The nouns that name the generating tool in the generation lexicon's terms (data/lexicon/<lang>.tsv, category
# "generation"), accent-free as lexicon matching is; at least five letters (shorter ones, "app", "lora", have too
# many neighbours that are other words).
VOCABULARY: tuple[str, ...] = (
    "aplicativo", "checkpoint", "diffusion", "generador", "generateur", "generator", "generatore", "gerador",
    "midjourney", "model", "modele", "modell", "modello", "modelo", "nudify", "prompt", "prompts", "settings",
    "software", "undress", "workflow",
)
REAL_ZIPF = 2.0  # from this Zipf frequency (about once per 10 million words) a spelling is a word of its own
COMMON_ZIPF = 3.0  # and from this one (once per million words) a common word that a typo may as well come from
REAL_WORDS = "typo_real_words.tsv"
_HEADER_VOCAB = "# vocabulary: "


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


def candidates() -> dict[str, set[str]]:
    """Every interior-typo spelling of a vocabulary word that is no vocabulary word itself, with the words it
    reaches."""
    out: dict[str, set[str]] = {}
    for w in VOCABULARY:
        for v in variants(w):
            if v not in VOCABULARY:
                out.setdefault(v, set()).add(w)
    return out


def shipped() -> tuple[tuple[str, ...], set[str]]:
    """The vocabulary ``typo_real_words.tsv`` was computed for (its header) and its spellings."""
    lines = (DATA / REAL_WORDS).read_text(encoding="utf-8").splitlines()
    vocab = next((line[len(_HEADER_VOCAB):].split() for line in lines if line.startswith(_HEADER_VOCAB)), [])
    return tuple(vocab), {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@cache
def table() -> dict[str, str]:
    """typo -> vocabulary word, for the spellings that reach exactly one word and are no word of their own."""
    real = shipped()[1]
    return {v: next(iter(ws)) for v, ws in candidates().items() if len(ws) == 1 and v not in real}


def never_corrected(cands: dict[str, set[str]]) -> list[str]:
    """The candidates that are words of their own, or one interior edit from a common word other than the word they
    reach (needs ``wordfreq``)."""
    from wordfreq import zipf_frequency

    @cache
    def zipf(w: str) -> float:
        return max(zipf_frequency(w, lang) for lang in LANGS)

    return sorted(c for c, words in cands.items()
                  if zipf(c) >= REAL_ZIPF or any(v not in words and len(v) >= 3 and zipf(v) >= COMMON_ZIPF
                                                 for v in variants(c)))


def main(argv: list[str]) -> int:
    """``--write``: recompute data/typo_real_words.tsv for the vocabulary; otherwise print the difference."""
    from importlib.metadata import version

    found = never_corrected(candidates())
    head = (f"# typo candidates (one interior edit from a word naming the generating tool, typos.py) never corrected:"
            f"\n# words of their own (Zipf >= {REAL_ZIPF}) or one edit from a common word (Zipf >= {COMMON_ZIPF}) in "
            f"one of {', '.join(LANGS)}.\n# From wordfreq {version('wordfreq')} (word frequencies by Robyn Speer et "
            f"al., CC-BY-SA 4.0). Regenerate: python -m harrier.detect.text.typos --write\n"
            f"{_HEADER_VOCAB}{' '.join(VOCABULARY)}\n")
    if "--write" in argv:
        (DATA / REAL_WORDS).write_text(head + "".join(w + "\n" for w in found), encoding="utf-8")  # type: ignore[attr-defined]
        print(f"{len(found)} spellings written to data/{REAL_WORDS}")
        return 0
    old = shipped()[1]
    print(f"added: {sorted(set(found) - old)}\nremoved: {sorted(old - set(found))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
