"""The everyday dialogue lines (data/text/everyday/build.py): what was kept, the split, and what the shipped heads
make of the held-out half."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = runpy.run_path(str(ROOT / "data/text/everyday/build.py"))
EVAL = ROOT / "data/eval/everyday_v1.jsonl"
TRAIN = ROOT / "data/text/everyday/pending_train_only.tsv"


def _held() -> list[dict]:
    from harrier.evaluation.phrasings import load  # the evaluation's own reader: it checks every line's fields

    return load(EVAL)


def _train() -> list[tuple[str, str, str]]:
    return [tuple(line.split("\t")) for line in TRAIN.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def test_both_halves_hold_only_lines_benign_anywhere_in_all_seven_languages() -> None:
    held, train = _held(), _train()
    assert all(BUILD["benign_anywhere"](r["text"]) for r in held)
    assert all(code == "bn" and BUILD["trainable"](text) for code, text, _ in train)
    for rows in ({r["lang"] for r in held}, {lang for *_, lang in train}):
        assert rows == {"en", "de", "fr", "es", "pt", "it", "nl"}


def test_the_split_is_by_topic_and_shares_no_line() -> None:
    held, train = _held(), _train()
    assert all(BUILD["held_out"](r["topic"]) for r in held)
    assert not {r["text"].lower() for r in held} & {text.lower() for _, text, _ in train}
    assert len(held) >= 1500 and len(train) >= 1800


@pytest.mark.parametrize("text", ["Are you alone at home?", "Quelle est ton adresse", "how old are you",
                                  "Ti senti mai solo", "Word je ooit eenzaam?", "send me a picture",
                                  "what's your number", "you are so cute"])
def test_a_line_a_groomer_could_ask_is_never_taught_as_harmless(text: str) -> None:
    assert not BUILD["benign_anywhere"](text)


@pytest.mark.parametrize("text", ["You can trust me more than anyone else.", "Tell me about your dreams",
                                  "Just talk to me.", "Je vais bien, et toi ?", "Ich will nicht.", "me gusta"])
def test_a_trained_line_addresses_no_one_and_wants_nothing(text: str) -> None:
    assert not BUILD["trainable"](text)
    assert BUILD["trainable"]("Readability counts.") and BUILD["trainable"]("Wat is chemie?")


def test_the_shipped_heads_flag_no_more_everyday_dialogue_than_measured(harrier_env) -> None:
    """Held-out topics, never trained on. The shipped heads (text.comment 1.21.2) have never seen such lines and flag
    4.3 % of them with no post and 18.4 % under a child's photo (docs/EVALUATION.md round M, per language); the
    pending lines bring that to 1.2 % and 3.0 %. The bound is what was measured, so a change that flags more plain
    conversation fails here; a head trained with the pending lines tightens it."""
    from harrier.evaluation.phrasings import evaluate

    held = _held()
    assert evaluate(held)["benign_flagged"] <= 0.043
    assert evaluate([{**r, "context": "child_photo"} for r in held])["benign_flagged"] <= 0.185
