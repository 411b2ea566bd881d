"""One typo inside a lexicon word is read as the word (typos.py, the normaliser's typo stage); words of their own,
and spellings as close to a common word, are never corrected."""

from __future__ import annotations

import importlib.util

import pytest

from harrier.detect.text import lexicon, typos
from harrier.detect.text.fusion import Context
from harrier.detect.text.normalise import normalise


@pytest.mark.parametrize(("text", "word"), [
    ("let me borrow your duaghter", "daughter"),  # two letters swapped
    ("¿tiene snpachat? lo necesito", "snapchat"),
    ("what ceckpoint?", "checkpoint"),  # one letter dropped
    ("wanna see your daugghter", "daughter"),  # one letter doubled
    ("fresquita y jovnecita", "jovencita"),
    ("sie posiert richtig verführeirsch", "verfuhrerisch"),  # a word with accents, by its accent-free key
])
def test_one_interior_typo_is_read_as_the_lexicon_word(text: str, word: str) -> None:
    n = normalise(text)
    assert word in n.text.split() or word in n.text, n.text
    hit = next(h for h in lexicon.match(n) if h.term.rstrip("*") == word or n.text[h.start:h.end] == word)
    start, end = n.span(hit.start, hit.end)
    assert text[start:end].lower() != word and len(text[start:end]) >= len(word) - 1  # the span is what was written


@pytest.mark.parametrize("text", [
    "order now", "el cliente", "vc vende o preset?",  # words of their own, one edit from "ordner", "caliente", "vendre"
    "parnts", "menors",  # as close to a common word ("pants", "menos") as to a lexicon word
    "haughter", "daughtes",  # the first or last letter changed is no typo the stage reads
    "stuning", "so lekcer",  # compliments whose sense is the post's are not what a filter keys on
    "schön", "crèche",  # words of their own with accents
])
def test_words_of_their_own_and_ambiguous_spellings_are_never_corrected(text: str) -> None:
    assert normalise(text).text == text.lower()


def test_a_typo_needs_a_long_word_and_an_interior_edit() -> None:
    assert typos.MIN_TERM >= 6
    assert "daugther" in typos.variants("daughter") and "duaghter" in typos.variants("daughter")
    assert not any(v[0] != "d" or v[-1] != "r" for v in typos.variants("daughter"))


@pytest.mark.skipif(importlib.util.find_spec("wordfreq") is None,
                    reason="wordfreq is not installed (it comes with the `test` extra): the shipped list of "
                           "spellings never corrected cannot be recomputed here")
def test_the_shipped_never_corrected_list_matches_the_lexicon() -> None:
    """Add a lexicon word and the list must be recomputed (python -m harrier.detect.text.typos --write)."""
    shipped = {r[0] for r in typos.read_rows(typos.REAL_WORDS)}
    assert shipped == set(typos.never_corrected(typos.candidates()))


@pytest.mark.parametrize(("spelled", "typo"), [
    ("let me borrow your daughter", "let me borrow your duaghter"),
    ("¿tiene snapchat? lo necesito", "¿tiene snpachat? lo necesito"),
    ("in costume è troppo sensuale per la sua età", "in costume è troppo sesnuale per la sua età"),
])
def test_a_harmful_remark_with_a_typo_in_its_keyword_scores_as_the_spelled_one(scorer, spelled: str,
                                                                               typo: str) -> None:
    """Without the typo stage the model scored these typos 0.30, 0.09 and 0.64, none flagged."""
    a = scorer.analyse([spelled, typo])
    ctx = [Context()] * 2
    scorer.second_reading(a, ctx)
    r = [scorer.decide(x, c) for x, c in zip(a, ctx, strict=True)]
    assert r[0]["flagged"] and r[1]["flagged"]
    assert abs(r[0]["harmful"] - r[1]["harmful"]) < 0.01, (r[0]["harmful"], r[1]["harmful"])
