"""The second stage (multilingual-e5-small head, detect/text/stage2.py) and the business-offer rule: real inference."""

from __future__ import annotations

import numpy as np
import pytest

from harrier.detect.text import stage2
from harrier.detect.text.fusion import Context
from harrier.detect.text.score import TextScorer


def test_e5_encoder_is_multilingual_and_normalised(scorer: TextScorer) -> None:
    assert scorer.stage2 is not None
    enc = scorer.stage2.encoder
    E = enc.encode(["the weather is nice today", "het weer is vandaag mooi", "send me the invoice please"])
    assert E.shape == (3, 384)
    assert np.allclose(np.linalg.norm(E, axis=1), 1.0, atol=1e-3)
    # a translation is closer than an unrelated sentence in the same language
    assert E[0] @ E[1] > E[0] @ E[2] + 0.05
    info = enc.info()
    assert info["name"] == "text_e5" and info["dim"] == 384 and len(info["sha256"]) == 64


def test_second_head_was_trained_on_the_committed_train_split(scorer: TextScorer) -> None:
    import hashlib
    from pathlib import Path

    s2 = scorer.stage2
    assert s2 is not None
    t = s2.head.threshold("harmful", default=-1.0)
    assert 0.5 <= t < 1.0 and s2.threshold == t, "its own threshold, chosen out of fold in training"
    assert s2.head.meta["embedding"].startswith("e5:") and s2.head.meta["embedding_dim"] == 384
    train = Path(__file__).resolve().parents[2] / "data" / "text" / "train.jsonl"
    assert s2.head.meta["train_sha256"] == hashlib.sha256(train.read_bytes()).hexdigest()
    assert s2.head.meta["train_sha256"] == scorer.head.meta["train_sha256"], "both heads from the same rows"


def test_routing_reads_twice_only_where_it_can_change_the_decision(scorer: TextScorer) -> None:
    s2 = scorer.stage2
    assert s2 is not None
    plain, cue, mid = scorer.analyse(["see you at the match on sunday", "she has a nice body", "so pretty"])
    plain.probs["harmful"], plain.probs["ambiguous"] = 0.01, 0.01
    assert not s2.needs(plain, Context(0.1)), "a plain remark under an adult's post keeps the first reading"
    assert not s2.needs(plain, Context(0.9)), "nor under a child's, when the first stage gives it no weight"
    assert s2.needs(cue, Context(0.1)), "a harmful lexicon cue is read twice"
    mid.probs["harmful"] = stage2.BAND_LOW + 0.01
    assert s2.needs(mid, Context(0.0)), "an undecided first reading"
    mid.probs["harmful"] = 0.999
    assert not s2.needs(mid, Context(0.9)), "both stages agree above the band"


def test_routed_comment_is_decided_by_the_second_head_and_cites_both(scorer: TextScorer) -> None:
    items = [{"id": "a", "text": "she has such a nice body for her age", "context": {"minor_likelihood": 0.9}},
             {"id": "b", "text": "see you at the match on sunday", "context": {"minor_likelihood": 0.0}}]
    analyses = scorer.analyse([it["text"] for it in items])
    first = [dict(a.probs) for a in analyses]
    scorer.second_reading(analyses, [Context(0.9), Context(0.0)])
    routed, plain = analyses
    assert routed.stage1 == first[0] and plain.stage1 is None
    assert routed.harm_threshold == scorer.stage2.threshold  # type: ignore[union-attr]
    assert plain.probs == first[1] and plain.harm_threshold is None
    # the second head's own reading, recomputed directly
    s2 = scorer.stage2
    assert s2 is not None
    from harrier.detect.text import lexicon
    from harrier.detect.text.intent import OUTPUTS

    direct = s2.head.predict(lexicon.feature_matrix(s2.encoder.encode([routed.norm.text]), [routed.hits]))[0]
    assert routed.probs["harmful"] == pytest.approx(float(direct[OUTPUTS.index("harmful")]))
    res = scorer.decide(routed, Context(0.9))
    assert res["flagged"] and any("read twice" in n for n in res["context_notes"])


def test_switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARRIER_TEXT_STAGE2", "0")
    assert not stage2.enabled()
    monkeypatch.setenv("HARRIER_TEXT_STAGE2", "1")
    assert stage2.enabled()


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


@pytest.mark.slow
def test_text_train_cli_writes_the_second_head_it_then_loads(tmp_path, monkeypatch) -> None:
    """`harrier text train --stage second` on a slice of train.jsonl: an e5 head with its own threshold, loadable by
    the scorer and refusing first-stage features."""
    import orjson
    from typer.testing import CliRunner

    from harrier.cli import app
    from harrier.detect.text import train as train_mod
    from harrier.detect.text.corpus import read_jsonl
    from harrier.detect.text.intent import IntentHead

    from .conftest import DATA

    rows = read_jsonl(DATA / "train.jsonl")[::40]
    small = tmp_path / "train.jsonl"
    small.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    monkeypatch.setattr(train_mod, "MLP_ITERS", 40)
    monkeypatch.setattr(train_mod, "SEEDS", 1)
    out = tmp_path / "e5.npz"
    res = CliRunner().invoke(app, ["text", "train", "--train", str(small), "--stage", "second", "--out-e5", str(out),
                                   "--out", str(tmp_path / "not-written.npz"), "--json"])
    assert res.exit_code == 0, res.output
    report = orjson.loads(res.stdout.strip().splitlines()[-1])
    assert report["second_stage"]["train_items"] == len(rows) and not (tmp_path / "not-written.npz").exists()
    head = IntentHead.load(out)
    assert head.n_features == 384 + 18 and head.meta["embedding"].startswith("e5:")
    assert 0.5 <= head.threshold("harmful") < 1.0
    with pytest.raises(ValueError, match="features"):
        head.predict(np.zeros((1, 512 + 18), dtype=np.float32))
