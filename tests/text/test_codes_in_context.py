"""Emoji codes and appetite words mean what the image makes them mean (score.code_only): real inference."""

from __future__ import annotations

from harrier.detect.text.score import CODE_CAP, TextScorer, code_only


def _score(scorer: TextScorer, text: str, **context: float) -> dict:
    return scorer.score([{"id": "x", "text": text, "context": context}])[0]


def test_codes_under_a_food_post_are_food(scorer: TextScorer) -> None:
    # a near-miss commenter of independent seed 21: fruit emoji under pizza and peach-cobbler posts
    for text in ("🍒🍒 yesss", "those peaches 🍑😋", "Kirschen 🍒 yum"):
        res = _score(scorer, text, minor_likelihood=0.0)
        assert not res["flagged"] and res["harmful"] <= CODE_CAP and not res["flagged_alone"], text
        assert max(res["scores"][k] for k in ("sexualising_minor", "abuse_intent")) <= CODE_CAP
        # the same words under a child's image flag (rules by construction), whatever the model says
        assert _score(scorer, text, minor_likelihood=0.9)["flagged"], text


def test_words_that_say_it_whatever_the_image_are_not_codes(scorer: TextScorer) -> None:
    assert _score(scorer, "little girl 🍑🍑", minor_likelihood=0.0)["flagged"]
    # a remark scored alone (no post, no context) keeps the model's reading: dev and `harrier text score` without
    # context are unchanged
    alone = scorer.score([{"id": "a", "text": "🍒🍒 yesss"}])[0]
    assert alone["harmful"] > CODE_CAP
    a, b = scorer.analyse(["🍑😋 yum", "my daughter 🍑"])
    assert code_only(a.hits) and not code_only(b.hits)
