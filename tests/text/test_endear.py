"""A plain endearment is not lifted by the post's image (endear.py, text.comment 1.28.0); anything beyond one is."""

from __future__ import annotations

import pytest

from harrier.detect.text import endear
from harrier.detect.text.evaluate import FAMILY_SET
from harrier.detect.text.fusion import Context
from harrier.detect.text.normalise import key_view, normalise

CHILD = Context(minor_likelihood=0.95, on_post=True)


def _key(text: str) -> str:
    return key_view(normalise(text).text)


@pytest.mark.parametrize("text", [text for _, text in FAMILY_SET] + ["sooo süüüß 🥰🥰", "Ay Dios que ternura!!"])
def test_family_endearments_are_plain(text: str) -> None:
    assert endear.plain_endearment(_key(text))


@pytest.mark.parametrize("text", [
    "so hot", "she's so sweet 😋",  # appetite: 😋 reads "yummy"
    "sweet little thing", "sweet 16", "you're so sweet", "so cute 🍒", "cute feet 👣", "que linda 😍",
    "so sweet, dm me", "love love", "",
])
def test_anything_beyond_an_endearment_is_not(text: str) -> None:
    assert not endear.plain_endearment(_key(text))


@pytest.mark.parametrize(("lang", "text"), FAMILY_SET)
def test_an_endearment_is_not_flagged_under_a_childs_photo(scorer, lang: str, text: str) -> None:
    res = scorer.decide(scorer.analyse([text], [lang])[0], CHILD)
    assert not res["flagged"], res
    assert res["scores"]["sexualising_minor"] < 0.5, res


def test_the_gate_is_what_keeps_them_unflagged(scorer, monkeypatch) -> None:
    """Without the gate, the model's ambiguous mass lifts family endearments under a child's photo (7 of the 15 of
    FAMILY_SET with the shipped heads): the test above would be empty if the model alone kept them unflagged."""
    monkeypatch.setattr(endear, "plain_endearment", lambda key: False)
    flagged = [t for lang, t in FAMILY_SET if scorer.decide(scorer.analyse([t], [lang])[0], CHILD)["flagged"]]
    assert len(flagged) >= 3, flagged


def test_a_harmful_thread_still_lifts_an_endearment(scorer) -> None:
    """"so sweet" answering a sexualising remark agrees with it: the thread's harm, not the image, is what lifts it."""
    thread = Context(minor_likelihood=0.95, thread_harm=0.95, on_post=True)
    res = scorer.decide(scorer.analyse(["so sweet"], ["en"])[0], thread)
    assert res["flagged"], res


def test_what_is_not_an_endearment_is_still_lifted(scorer) -> None:
    res = scorer.decide(scorer.analyse(["so hot"], ["en"])[0], CHILD)
    assert res["flagged"] and "sexualising_minor" in res["flagged_categories"], res


PROPHECIES = [("de", "die wird mal Herzen brechen 😅"), ("it", "spezzerà cuori 😅 ahah"),
              ("en", "she is gonna break so many hearts lol"), ("nl", "ze gaat later harten breken ❤️"),
              ("fr", "elle va briser des cœurs 😂"), ("es", "va a romper corazones 🤣"),
              ("pt", "vai partir muitos corações kkkk"), ("fr", "elle va faire des ravages 😅"),
              ("it", "farà strage di cuori 😂"), ("pt", "vai arrasar corações 😅")]


@pytest.mark.parametrize(("lang", "text"), PROPHECIES)
def test_the_plain_heartbreaker_prophecy_is_read(lang: str, text: str) -> None:
    assert endear.prophecy(_key(text)) is not None


@pytest.mark.parametrize("text", [
    "she's gonna break hearts. already broke mine 😏", "spezzerà tanti cuori, a partire dal mio 😏🔥",
    "future heartbreaker 😏", "va a romper corazones 👀👀", "she will break my heart", "so cute",
    "elle va faire des ravages 😏🔥",
])
def test_the_offenders_form_of_it_is_not(text: str) -> None:
    assert endear.prophecy(_key(text)) is None


@pytest.mark.parametrize(("lang", "text"), PROPHECIES)
def test_a_plain_prophecy_is_not_flagged_even_under_a_childs_photo(scorer, lang: str, text: str) -> None:
    res = scorer.decide(scorer.analyse([text], [lang])[0], CHILD)
    assert not res["flagged"] and not res["flagged_alone"], res
    assert res["alone_harmful"] <= 0.45, res


def test_the_prophecy_rule_is_what_keeps_them_unflagged(scorer, monkeypatch) -> None:
    """The head flags the plain prophecy on its words (it learned the phrase from the offenders' form): without the
    rule most of PROPHECIES flag under a child's photo, so the test above is not empty."""
    monkeypatch.setattr(endear, "prophecy", lambda key: None)
    flagged = [t for lang, t in PROPHECIES if scorer.decide(scorer.analyse([t], [lang])[0], CHILD)["flagged"]]
    assert len(flagged) >= 4, flagged


@pytest.mark.parametrize("text", ["she's gonna break hearts. already broke mine 😏",
                                  "spezzerà tanti cuori, a partire dal mio 😏🔥"])
def test_the_offenders_form_still_flags(scorer, text: str) -> None:
    res = scorer.decide(scorer.analyse([text])[0], CHILD)
    assert res["flagged"] and "sexualising_minor" in res["flagged_categories"], res
