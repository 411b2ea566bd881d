"""Business offers: a brand's contact move under a child's photo is a signal, not a flagged move (certain.py)."""

from __future__ import annotations

import pytest

from harrier.detect.text.score import TextScorer


@pytest.mark.parametrize("text", ["dm us for a collab 💌", "stuur je een dm over een samenwerking",
                                  "schau mal in deine DMs wegen Kooperation",
                                  "te escribimos por DM para una colaboración"])
def test_a_brands_offer_under_a_childs_photo_is_no_flagged_contact_move(scorer: TextScorer, text: str) -> None:
    [r] = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": 0.9}}])
    assert "contact_move" not in r["flagged_categories"] and not r["flagged"]
    assert 0.3 <= r["scores"]["contact_move"] < 0.5, "still a signal, never a flagged move"
    assert any("business proposal" in n for n in r["context_notes"])


@pytest.mark.parametrize("text", ["dm me cutie 😘", "we are a modelling agency, dm us for a photoshoot",
                                  "dm me for a collab, she has a sexy body"])
def test_other_moves_under_a_childs_photo_still_flag(scorer: TextScorer, text: str) -> None:
    [r] = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": 0.9}}])
    assert r["flagged"], text
    assert not any("business proposal" in n for n in r["context_notes"])


@pytest.mark.parametrize("minor_likelihood", [0.0, 0.5, 0.9])
@pytest.mark.parametrize("text", ["hey, we would love to work together! check your DMs",
                                  "brand deal for you, check DMs", "we willen graag met je samenwerken, check je DM",
                                  "we'd love to work with you! check your inbox"])
def test_a_brands_offer_is_capped_whatever_the_post(scorer: TextScorer, text: str, minor_likelihood: float) -> None:
    """The stored contact score is what the account step counts as a DM move: a proposal under a post the image
    detector is unsure about (0.5, where context does not flag the move) must not be stored as a 0.99 move."""
    [r] = scorer.score([{"id": "x", "text": text, "context": {"minor_likelihood": minor_likelihood}}])
    assert not r["flagged"] and r["scores"]["contact_move"] <= 0.45, r
    # nor as a harmful remark: the account step counts any harmful category >= 0.5 as flagged (independent seeds
    # 26 and 27: the model gave "we'd love to work with you!" abuse 0.69)
    assert max(r["scores"][k] for k in ("sexualising_minor", "abuse_intent", "desire_or_solicitation")) < 0.5, r
