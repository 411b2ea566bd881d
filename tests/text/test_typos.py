"""One typo in a word naming the generating tool is read as the word (typos.py); nothing else is corrected."""

from __future__ import annotations

import pytest

from harrier.detect.text import typos
from harrier.detect.text.fusion import Context
from harrier.detect.text.normalise import normalise

CHILD, ADULT = Context(minor_likelihood=0.92, on_post=True), Context(minor_likelihood=0.05, on_post=True)


@pytest.mark.parametrize(("text", "canonical"), [
    ("which geneartor?", "which generator?"),  # a neighbouring pair swapped
    ("welk moodel gebruik je?", "welk model gebruik je?"),  # a letter doubled
    ("qué mdoelo usaste", "qué modelo usaste"),
    ("which geneator?", "which generator?"),  # a letter dropped
    ("quel générteur ?", "quel generateur ?"),  # accents: read by the accent-free key, as the lexicon matches
    ("wokrflow pls", "workflow pls"),
])
def test_a_typo_in_the_tools_name_is_read_as_the_word(text: str, canonical: str) -> None:
    assert normalise(text).text == canonical


def test_the_corrected_word_maps_back_to_what_the_user_wrote() -> None:
    n = normalise("so which moodel?")
    s = n.text.index("model")
    assert n.original[n.starts[s]:n.ends[s + len("model") - 1]] == "moodel"


@pytest.mark.parametrize("text", [
    "welk moodel gebruik je?", "which geneartor did you use", "¿qué moedlo usaste?", "c'est quoi le prommpt ?",
])
def test_a_typod_request_for_the_tool_flags_under_a_child_image_as_its_spelling_does(scorer, text: str) -> None:
    res = scorer.decide(scorer.analyse([text])[0], CHILD)
    assert res["flagged"] and "generation_request" in res["flagged_categories"], res
    # and, as spelled, it is no harmful remark under an adult's AI portrait
    assert not scorer.decide(scorer.analyse([text])[0], ADULT)["flagged"]


@pytest.mark.parametrize("text", [
    "le modelle più belle",  # Italian word of its own, one edit from "modello"
    "la difusion del video",  # Spanish (difusión), one edit from "diffusion"
    "my duaghter is 6",  # a typo of a lexicon word that names no tool: the 1.20 stage read it, this one does not
    "obsesed with this",
    "sexy otfit",
    "whcih one?",  # the phrases' function words are read as written
])
def test_words_of_their_own_and_other_words_are_not_corrected(text: str) -> None:
    assert normalise(text).text == text.lower()


def test_the_never_corrected_list_was_computed_for_this_vocabulary() -> None:
    vocab, real = typos.shipped()
    assert vocab == typos.VOCABULARY, "run: python -m harrier.detect.text.typos --write (needs wordfreq)"
    assert real <= set(typos.candidates()), "the list names spellings no vocabulary word reaches"
    assert "modelle" in real and "geneartor" not in real
