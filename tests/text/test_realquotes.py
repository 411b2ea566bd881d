"""Remarks quoted in public reporting: the development batches (data/text/realquotes/sources*.jsonl) and the evaluation
files (data/eval/real_phrasings_*.jsonl) share no source address and no near-copy, and the evaluation files are
well-formed for `harrier eval phrasings`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "data/text/realquotes/check_disjoint.py"
EVAL = sorted((ROOT / "data/eval").glob("real_phrasings_*.jsonl"))
BATCHES = sorted((ROOT / "data/text/realquotes").glob("sources*.jsonl"))


def test_there_are_two_evaluation_files_and_four_development_batches() -> None:
    assert [p.name for p in EVAL] == ["real_phrasings_b3.jsonl", "real_phrasings_v1.jsonl"]
    assert [p.name for p in BATCHES] == ["sources.jsonl", "sources2.jsonl", "sources3.jsonl", "sources4.jsonl"]


@pytest.mark.parametrize("batch", BATCHES + EVAL[:1], ids=lambda p: p.name)
def test_each_batch_is_disjoint_from_the_evaluation_files_and_the_batches_before_it(batch: Path) -> None:
    against = [p for p in EVAL + BATCHES if p != batch and (p in EVAL or p.name < batch.name or batch in EVAL)]
    run = subprocess.run([sys.executable, str(CHECK), str(batch), *map(str, against)], capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0 and "RESULT: DISJOINT and well-formed" in run.stdout, run.stdout[-2000:]


@pytest.mark.parametrize("path", EVAL, ids=lambda p: p.name)
def test_the_evaluation_files_load_with_ids_sources_and_no_repeated_text(path: Path) -> None:
    from harrier.evaluation.phrasings import load  # the evaluation's own reader: it checks every line's fields

    items = load(path)
    assert len({i["id"] for i in items}) == len(items) and all(i.get("source_url") for i in items)
    assert len({i["text"] for i in items}) == len(items)
    harmful = [i for i in items if i["label"] == "harmful"]
    assert len(harmful) >= 45 and len(items) - len(harmful) >= 100
    assert {i["lang"] for i in items} >= ({"es", "fr", "it", "pt"} if "b3" in path.name else {"en", "nl", "de"})
