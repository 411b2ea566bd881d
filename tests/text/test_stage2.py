"""The second stage (multilingual-e5-small + USE head, detect/text/stage2.py): real inference on small inputs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from prometheus_client import REGISTRY

from harrier.detect.models import resolve
from harrier.detect.text import stage2
from harrier.detect.text.fusion import Context
from harrier.detect.text.score import TextScorer

TRAIN = Path(__file__).resolve().parents[2] / "data" / "text" / "train.jsonl"


def test_e5_encoder_is_multilingual_and_normalised(scorer: TextScorer) -> None:
    enc = scorer.stage2.encoder
    E = enc.encode(["the weather is nice today", "het weer is vandaag mooi", "send me the invoice please"])
    assert E.shape == (3, 384)
    assert np.allclose(np.linalg.norm(E, axis=1), 1.0, atol=1e-3)
    assert E[0] @ E[1] > E[0] @ E[2] + 0.05, "a translation is closer than an unrelated sentence"
    info = enc.info()
    assert info["name"] == "text_e5" and info["dim"] == 384 and len(info["sha256"]) == 64


def test_second_head_was_trained_on_the_committed_train_split(scorer: TextScorer) -> None:
    s2 = scorer.stage2
    t = s2.head.threshold("harmful", default=-1.0)
    assert 0.3 <= t < 1.0 and s2.threshold == t, "its own threshold, chosen out of fold in training"
    assert s2.head.meta["embedding"].startswith("e5:") and s2.head.meta["embedding_dim"] == 384
    assert s2.head.n_features == 384 + scorer.embedder.dim + (scorer.head.n_features - scorer.embedder.dim)
    digest = hashlib.sha256(TRAIN.read_bytes()).hexdigest()
    assert s2.head.meta["train_sha256"] == digest == scorer.head.meta["train_sha256"], "both from the same rows"


def test_routing_reads_twice_only_where_it_can_change_the_decision(scorer: TextScorer) -> None:
    s2 = scorer.stage2
    plain, cue, mid = scorer.analyse(["see you at the match on sunday", "what a body", "so pretty"])
    plain.probs["harmful"], plain.probs["ambiguous"] = 0.01, 0.01
    assert not s2.needs(plain, Context(0.1)), "a sure plain remark under an adult's post keeps the first reading"
    assert not s2.needs(plain, Context(0.9)), "and under a child's, when the first stage gives it no weight"
    cue.probs["harmful"], cue.probs["ambiguous"] = 0.02, 0.9
    assert not s2.needs(cue, Context(0.1))
    assert s2.needs(cue, Context(0.9)), "a body remark with a cue under a child's image is read twice"
    cue.probs["ambiguous"] = 0.1
    assert not s2.needs(cue, Context(0.9)), "not when the first stage gives it no weight"
    t = scorer.thresholds["harmful"]
    mid.probs["harmful"] = t
    assert s2.needs(mid, Context(0.0)), "a first reading at the threshold is undecided"
    mid.probs["harmful"] = 0.99995
    assert not s2.needs(mid, Context(0.9)), "a sure harmful first reading stays, even under a child's image"


def test_routed_comment_is_decided_by_the_second_head_and_cites_both(scorer: TextScorer) -> None:
    s2 = scorer.stage2
    analyses = scorer.analyse(["looking hot", "see you at the match on sunday"])
    first = [dict(a.probs) for a in analyses]
    analyses[1].probs["harmful"] = analyses[1].probs["ambiguous"] = 0.001  # sure and plain: not routed
    first[1] = dict(analyses[1].probs)
    scorer.second_reading(analyses, [Context(0.9), Context(0.0)])
    routed, plain = analyses
    assert routed.stage1 == first[0] and routed.thresholds == s2.thresholds != scorer.thresholds
    assert plain.stage1 is None and plain.thresholds is None and plain.probs == first[1]
    # the second head's own reading, recomputed from its inputs
    assert routed.embedding is not None
    X = stage2.featurize([routed], s2.encoder.encode([routed.norm.text]), routed.embedding[None, :])
    direct = s2.head.predict(X)[0]
    assert routed.probs["harmful"] == pytest.approx(float(direct[s2.head.outputs.index("harmful")]), abs=1e-6)
    res = scorer.decide(routed, Context(0.9))
    assert res["flagged"] and any("read twice" in n and "decides" in n for n in res["context_notes"])


def test_score_reads_twice_where_routed(scorer: TextScorer) -> None:
    res = scorer.score([{"id": "a", "text": "looking hot",
                         "context": {"minor_likelihood": 0.95}}])[0]
    assert res["flagged"] and any("second stage" in n for n in res["context_notes"])


def test_user_supplied_models(monkeypatch: pytest.MonkeyPatch, scorer: TextScorer) -> None:
    s2 = scorer.stage2
    monkeypatch.setenv("HARRIER_MODEL_TEXT_E5", str(s2.encoder.model.path))
    monkeypatch.setenv("HARRIER_MODEL_TEXT_HEAD_E5", str(resolve("text_head_e5").path))
    other = stage2.SecondStage(scorer.thresholds["harmful"])
    assert other.encoder.model.source == "env" and other.encoder.info()["source"] == "env"
    monkeypatch.setenv("HARRIER_MODEL_TEXT_E5", "/nonexistent/e5.bin")
    with pytest.raises(FileNotFoundError, match="text_e5"):
        stage2.SecondStage(scorer.thresholds["harmful"])


def test_switch_is_read_at_each_reading(monkeypatch: pytest.MonkeyPatch, scorer: TextScorer) -> None:
    """A scorer built with the stage on (as registry.load caches it per process) obeys the switch at each call,
    and the stage counts what it was offered and what it read."""
    item = [{"id": "a", "text": "looking hot", "context": {"minor_likelihood": 0.95}}]
    s2 = scorer.stage2
    monkeypatch.setenv("HARRIER_TEXT_STAGE2", "0")
    assert not stage2.enabled()
    seen, read = s2.seen, s2.read
    off = scorer.score(item)[0]
    assert not any("second stage" in n for n in off["context_notes"])
    assert (s2.seen, s2.read) == (seen, read)
    monkeypatch.setenv("HARRIER_TEXT_STAGE2", "1")
    assert stage2.enabled()
    before = {o: REGISTRY.get_sample_value("harrier_text_second_stage_comments_total", {"outcome": o}) or 0.0
              for o in ("offered", "read")}
    on = scorer.score(item)[0]
    assert any("second stage" in n for n in on["context_notes"])
    assert (s2.seen, s2.read) == (seen + 1, read + 1)
    # the same counts on /metrics (the default Prometheus registry a live worker serves)
    for o in ("offered", "read"):
        assert REGISTRY.get_sample_value("harrier_text_second_stage_comments_total", {"outcome": o}) == before[o] + 1
