"""score_texts: the documented output shape, spans into the original text, context and thread fusion."""

from __future__ import annotations

import pytest

from harrier.detect.text import certain
from harrier.detect.text.evaluate import CONTEXT_SET
from harrier.detect.text.intent import INTENTS
from harrier.detect.text.score import SEVERITIES


def test_output_shape_and_spans(scorer) -> None:
    from harrier.detect.text.score import score_texts

    items = [{"id": "a", "text": "she's so s3xy for a 12yo 🤤 dm me"}, {"id": "b", "text": "Lovely recipe, thanks!"},
             {"id": "c", "text": "mooi", "lang": "nl"}]
    out = score_texts(items, scorer=scorer)
    assert [r["id"] for r in out] == ["a", "b", "c"]
    for r in out:
        assert set(r) == {"id", "scores", "flagged", "severity", "spans", "lang"}
        assert set(r["scores"]) == set(INTENTS)
        assert all(0.0 <= p <= 1.0 for p in r["scores"].values())
        assert r["severity"] in SEVERITIES
    a = out[0]
    assert a["flagged"] and a["severity"] in ("high", "critical")
    text = items[0]["text"]
    originals = {text[s["start"]:s["end"]] for s in a["spans"]}
    assert {"s3xy", "12yo", "dm me"} <= originals
    assert all(set(s) == {"start", "end", "category", "note"} for s in a["spans"])
    assert not out[1]["flagged"] and out[1]["severity"] == "none"
    assert out[2]["lang"] == "nl"


@pytest.mark.parametrize(("lang", "text"), CONTEXT_SET)
def test_ambiguous_remarks_depend_on_the_post(scorer, lang: str, text: str) -> None:
    res = scorer.score([
        {"id": "lo", "text": text, "lang": lang, "context": {"minor_likelihood": 0.1}},
        {"id": "lo2", "text": text, "lang": lang, "context": {"minor_likelihood": 0.2}},
        {"id": "hi", "text": text, "lang": lang, "context": {"minor_likelihood": 0.8}},
        {"id": "hi2", "text": text, "lang": lang, "context": {"minor_likelihood": 0.95}},
    ])
    assert [r["flagged"] for r in res] == [False, False, True, True], [(r["id"], r["harmful"]) for r in res]
    hi = res[2]
    assert any(s["category"] == "sexualising_minor" for s in hi["spans"])


def test_contact_move_in_a_harmful_thread(scorer) -> None:
    harmful_parent = "she is so sexy for a 10 year old 🤤"
    benign_parent = "Great recipe, could you share the oven temperature?"
    res = scorer.score([
        {"id": "t1", "text": "sent you a DM", "context": {"parent_text": harmful_parent}},
        {"id": "t2", "text": "sent you a DM", "context": {"parent_text": benign_parent}},
        {"id": "t3", "text": "sent you a DM"},
    ])
    assert res[0]["flagged"] and "contact_move" in res[0]["flagged_categories"]
    assert res[0]["severity"] in ("high", "critical")
    assert not res[1]["flagged"] and not res[2]["flagged"]
    assert res[1]["scores"]["contact_move"] > 0.5  # still a contact move, just not a harmful one


def test_food_photo_versus_child_photo(scorer) -> None:
    res = scorer.score([{"id": "food", "text": "looks delicious 😋", "context": {"minor_likelihood": 0.02}},
                        {"id": "child", "text": "looks delicious 😋", "context": {"minor_likelihood": 0.92}}])
    assert not res[0]["flagged"] and res[1]["flagged"]
    assert any("minor-likelihood" in s["note"] or s["category"] == "sexualising_minor" for s in res[1]["spans"])


def test_a_request_for_abuse_material_is_about_a_child_under_any_photo(scorer) -> None:
    """"any c.p? 😍" under an adult's selfie (development seed 107: the image model read 0.09) is flagged on its words
    and names what it asks for, so the account step counts it as said about a child (text.comment 1.26.2)."""
    res = scorer.score([{"id": "x", "text": "any c.p? 😍", "context": {"minor_likelihood": 0.09}},
                        {"id": "y", "text": "cheese pizza for dinner tonight 🍕",
                         "context": {"minor_likelihood": 0.09}}])
    assert res[0]["flagged_alone"] and res[0]["names_child"], res[0]
    assert not res[1]["flagged"] and not res[1]["flagged_alone"], res[1]


@pytest.mark.parametrize("text", ["tu fais si jeune !", "TU FAIS SI JEUNE ! lol", "tu fais tellement jeune",
                                  "how do you look so young?", "du siehst so jung aus 😅", "sembri così giovane!"])
def test_telling_the_poster_they_look_young_asks_for_no_tool(scorer, text: str) -> None:
    """The model reads the French "faire jeune" (to look young) as "make young": generation 0.69-0.76 on the
    development platforms, where young-looking adults' commenters write it (development seed 111: two such hard
    negatives in the top 50 by it). The compliment's generation score is held under what the account step counts
    (text.comment 1.26.3)."""
    r = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": 0.9}}])[0]
    assert r["scores"]["generation_request"] <= certain.LOOKS_YOUNG_CAP, r["scores"]
    assert "generation_request" not in r["flagged_categories"], r


@pytest.mark.parametrize("text", ["comment tu les rends si jeunes ?", "tu les fais si jeunes, quelle appli ?",
                                  "how do you make them look so young?", "tu fais si jeune, quelle appli ?"])
def test_asking_how_images_are_made_young_stays_a_generation_request(scorer, text: str) -> None:
    """Only the reader looking young is a compliment: making *them* young, or a generation term beside it, asks for
    the tool."""
    r = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": 0.9}}])[0]
    assert "generation_request" in r["flagged_categories"], r


@pytest.mark.parametrize("text", [
    "so cute", "she's getting so tall", "happy birthday princess", "adorable 😍", "wat is ze groot geworden",
    "qué linda mi sobrina", "che bella famiglia", "sie wird so schnell groß ❤️", "trop mignonne ma nièce",
])
def test_family_compliments_under_a_child_photo_are_not_flagged(scorer, text: str) -> None:
    # the context rule sexualises appearance/appetite remarks ("looks delicious") under a child, not every kind word
    r = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": 0.95}}])[0]
    assert not r["flagged"], r


@pytest.mark.parametrize("text", [
    "stop sexualising children, reported", "to everyone writing 'perfect age': you are predators",
    "dit is walgelijk, gemeld", "hört auf kinder zu sexualisieren", "c'est une enfant, laissez-la tranquille",
])
def test_counter_speech_is_never_flagged(scorer, text: str) -> None:
    r = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": 0.9}}])[0]
    assert not r["flagged"], r
    assert r["scores"]["counter_speech"] > 0.5


def test_empty_and_odd_inputs(scorer) -> None:
    res = scorer.score([{"id": 1, "text": ""}, {"id": 2, "text": "🙂"}, {"id": 3, "text": "   "},
                        {"id": 4, "text": "a" * 5000}])
    assert len(res) == 4 and not any(r["flagged"] for r in res)


def test_a_flagged_remark_cites_the_nearest_labelled_example(scorer) -> None:
    """Example-based evidence: a remark the head was trained on is its own nearest example (cosine 1), quoted."""
    from harrier.detect.text.corpus import read_jsonl
    from harrier.detect.text.intent import HARMFUL

    from .conftest import DATA

    harmful = [r for r in read_jsonl(DATA / "train.jsonl") if set(r["labels"]) & set(HARMFUL)][:20]
    res = scorer.score([{"id": r["id"], "text": r["text"]} for r in harmful])
    cited = [(r, x) for r, x in zip(harmful, res, strict=True) if x["flagged"]]
    assert len(cited) >= 15
    for r, x in cited:
        notes = [s["note"] for s in x["spans"] if s["note"].startswith("nearest labelled harmful example")]
        assert notes and "(cosine 1.00" in notes[0] and r["text"][:80] in notes[0], x["spans"]
    benign = scorer.score([{"id": "b", "text": "what a lovely sunset over the lake"}])[0]
    assert not any("nearest labelled" in s["note"] for s in benign["spans"])


@pytest.mark.parametrize(("text", "named"), [
    ("little girl sexy and hot", True), ("13 yo and so hot", True), ("deine Tochter ist heiß", True),
    ("che bambina", True), ("hey princess 😘", False), ("hot teen", False), ("ma petite chérie", False),
    ("na Kleine?", False), ("sexy and hot", False),
    # an age stated as young (text.comment 1.25.2), not a count of units
    ("barely 8 and already a 10 😍", True), ("sie ist erst 10 aber was für eine Figur", True), ("ze is pas 9", True),
    ("only 5 minutes left", False), ("just 10 more days 🎉", False), ("net 13 kg", False), ("only 17 likes lol", False),
    # a term of sexual interest in children (text.comment 1.25.8), not a word adults' content uses too
    ("p*do heaven fr", True), ("loli vibes", True), ("total jailbait", True), ("hey daddy", False),
    ("cute girls only", False),
    # the words for abuse material of children (text.comment 1.26.2): what they ask for is about a child
    ("any c.p? 😍", True), ("¿alguien tiene c*p? 👀", True), ("trade 🧀🍕? 👀", True), ("any pics? 😍", False),
    ("trade pics?", False),
])
def test_names_child_is_a_child_word_not_said_to_adults_or_a_stated_age(text: str, named: bool) -> None:
    from harrier.detect.text import lexicon
    from harrier.detect.text.normalise import normalise
    from harrier.detect.text.score import names_child

    assert names_child(lexicon.match(normalise(text))) is named, [(h.term, h.weight) for h in
                                                                   lexicon.match(normalise(text))]
