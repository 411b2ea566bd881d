"""Lexicons are data: every entry has a valid category, weight and source; the prefilter is cheap and catches cues."""

from __future__ import annotations

import pytest

from harrier.detect.text import lexicon
from harrier.detect.text.data import read_rows


def test_every_language_has_a_lexicon_with_sources() -> None:
    known = set(lexicon.sources())
    for lang in ("en", "nl", "de", "fr", "es", "pt", "it"):
        rows = list(read_rows(f"lexicon/{lang}.tsv"))
        cats = {r[0] for r in rows}
        assert {"child", "sexual", "abuse", "request", "generation", "minimisation", "contact", "counter"} <= cats, lang
        for r in rows:
            assert len(r) >= 4, (lang, r)
            assert r[0] in lexicon.CATEGORIES, (lang, r)
            assert 0 < float(r[1]) <= 1, (lang, r)
            assert r[3] in known, f"{lang}: source {r[3]!r} of {r[2]!r} not in sources.tsv"
    for p in lexicon.patterns():
        assert p.source in known and p.category in lexicon.CATEGORIES


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("perfecte leeftijd", "desire"), ("mehr von ihr bitte", "request"), ("quelle appli ?", "generation"),
        ("solo es ia", "minimisation"), ("me chama no privado", "contact"), ("segnalato", "counter"),
        ("she is 12yo", "age"), ("join t.me/abcdef", "contact"), ("🧀🍕", "trading"), ("𝐃𝐌 𝐦𝐞", "contact"),
    ],
)
def test_match_finds_cues_in_every_language(text: str, category: str) -> None:
    hits = lexicon.match(lexicon.normalise(text))
    assert category in {h.category for h in hits}, [(h.category, h.term) for h in hits]


@pytest.mark.parametrize("text", ["p3d0 vibes", "ѕеху", "s.e.x.y", "more of her", "🍑", "#aigirls", "dm me",
                                  "alleen met haar", "edad perfecta"])
def test_prefilter_passes_cues(text: str) -> None:
    assert lexicon.prefilter(text)


@pytest.mark.parametrize("text", ["what a lovely day", "thanks for the tutorial", "great photo of the lake"])
def test_prefilter_drops_plain_text(text: str) -> None:
    assert not lexicon.prefilter(text)


def test_features_cover_categories_and_interactions() -> None:
    hits = lexicon.match(lexicon.normalise("sexy little girl, reported"))
    f = lexicon.features(hits)
    k = len(lexicon.CATEGORIES)
    assert f.shape == (lexicon.N_FEATURES,)
    assert f[lexicon.CATEGORIES.index("child")] > 0.5 and f[lexicon.CATEGORIES.index("sexual")] > 0.5
    assert f[k] > 0.3  # child x sexual
    assert f[k + 2] > 0.3  # counter-speech next to harmful words


def test_language_guess() -> None:
    for text, lang in [("dit is echt een mooie foto", "nl"), ("das ist sehr schön", "de"),
                       ("c'est vraiment très beau", "fr"), ("qué bonita es esta foto", "es"),
                       ("você é muito linda", "pt"), ("questa è bellissima", "it"), ("this is so cute", "en")]:
        n = lexicon.normalise(text)
        assert lexicon.guess_lang(n.text, lexicon.match(n)) == lang, text
