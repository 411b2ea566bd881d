"""The CLI verbs and the acceptance figures on the dev split."""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import orjson
import pytest
from typer.testing import CliRunner

from harrier.cli import app
from harrier.detect.text.corpus import is_background, read_jsonl
from harrier.detect.text.evaluate import evaluate
from harrier.detect.text.intent import IntentHead

from .conftest import DATA


def test_text_score_cli_round_trip(tmp_path, harrier_env) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        {"id": "1", "text": "she's at the perfect age 😍"},
        {"id": "2", "text": "looks delicious", "context": {"minor_likelihood": 0.9}},
        {"id": "3", "text": "looks delicious", "lang": "en", "context": {"minor_likelihood": 0.05}},
        {"id": "4", "text": "sent you a DM", "context": {"parent_text": "so sexy for a 10 year old"}},
    ]
    src.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["text", "score", "--in", str(src), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert orjson.loads(res.stdout.strip().splitlines()[-1]) == {"in": str(src), "out": str(out), "texts": 4,
                                                                  "flagged": 3}
    rows = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["flagged"] for r in rows] == [True, True, False, True]
    assert set(rows[0]) == {"id", "scores", "flagged", "severity", "spans", "lang"}


def test_text_score_cli_rejects_bad_lines(tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "1", "text": "ok"}\nnot json\n')
    res = CliRunner().invoke(app, ["text", "score", "--in", str(src), "--out", str(tmp_path / "o.jsonl")])
    assert res.exit_code != 0 and "in.jsonl:2" in res.output


@pytest.fixture(scope="module")
def figures(scorer):
    return evaluate(DATA / "dev.jsonl", scorer=scorer)


def test_acceptance_figures_on_the_dev_split(figures) -> None:
    h = figures["harmful_union"]
    assert figures["dev_items"] >= 600 and len(figures["languages"]) >= 5
    # the score separates: >= 90% of harmful dev items rank above all but 2% of benign + counter-speech
    assert h["recall_at_2pct_fpr_any_threshold"] >= 0.90, h
    # the shipped threshold (chosen out of fold on train) stays inside the false-positive budget
    assert h["fpr_benign_and_counter"] <= 0.02, h
    assert h["flagged_any_fpr_benign_and_counter"] <= 0.02, h
    # at the shipped threshold: 0.939 recall at 1.8% FP (text 1.6.0, docs/EVALUATION.md); the acceptance bar
    assert h["recall"] >= 0.90, h
    assert figures["counter_speech_flagged_harmful"] <= 0.05
    for k, v in figures["per_category"].items():
        assert v["pr_auc"] >= 0.85, (k, v)


def test_evasion_suite_keeps_recall(figures) -> None:
    ev = figures["evasion"]
    assert ev["items"] >= 200
    assert ev["retention"] >= 0.90, ev


def test_keyword_typo_suite_is_measured(figures) -> None:
    """One typo inside the keyword (evasion.typo_keyword): a measurement of what the model alone keeps (0.88 on the
    dev split: the normaliser does not correct typos, docs/TEXT.md), held from falling further."""
    kt = figures["keyword_typos"]
    assert kt["items"] >= 80 and kt["recall_rewritten"] <= kt["recall_clean"]
    assert kt["retention"] >= 0.8, kt


def test_laughter_tails_keep_recall(figures) -> None:
    """Laughter changes no remark's meaning: the encoders read the remark without it (normalise.model_view).
    Before text.comment 1.25.0 a "😂😂" tail cost one harmful dev remark in six."""
    mt = figures["laughter_tails"]
    assert mt["items"] >= 200
    assert mt["retention"] >= 0.97, mt


def test_typo_keyword_swaps_two_letters_inside_a_lexicon_word() -> None:
    from harrier.detect.text.evasion import typo_keyword

    out = typo_keyword("let me borrow your daughter", seed=1)
    assert out is not None and out.startswith("let me borrow your d") and out != "let me borrow your daughter"
    assert sorted(out) == sorted("let me borrow your daughter") and out.endswith("r")
    assert typo_keyword("nice view from the hill", seed=1) is None  # no lexicon word of six letters or more


def test_context_figures(figures) -> None:
    cx = figures["context"]
    assert cx["flagged_under_high"] == 1.0 and cx["flagged_under_low"] == 0.0, cx


def test_eval_text_cli_json(tmp_path) -> None:
    rows = read_jsonl(DATA / "dev.jsonl")[::12]  # a real evaluation on a small slice of the dev split
    small = tmp_path / "dev.jsonl"
    small.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    res = CliRunner().invoke(app, ["eval", "text", "--dev", str(small), "--json"])
    assert res.exit_code == 0, res.output
    out = orjson.loads(res.stdout)
    assert out["dev_items"] == len(rows)
    assert set(out["per_category"]) >= {"sexualising_minor", "counter_speech", "benign"}
    assert {"recall", "fpr_benign_and_counter", "threshold"} <= set(out["harmful_union"])
    res = CliRunner().invoke(app, ["eval", "text", "--dev", str(small)])
    assert res.exit_code == 0 and "PR-AUC" in res.output


def test_shipped_head_was_trained_on_the_committed_train_split() -> None:
    head = IntentHead.load()
    assert head.meta["train_sha256"] == hashlib.sha256((DATA / "train.jsonl").read_bytes()).hexdigest()
    assert head.meta["train_items"] == len(read_jsonl(DATA / "train.jsonl"))
    assert 0.5 <= head.threshold("harmful") < 1.0
    # the nearest-example references: every training item but background lines once, harmful ones first, with its text
    bank = [r for r in read_jsonl(DATA / "train.jsonl") if not is_background(r["id"])]
    assert head.R.shape == (len(bank), head.meta["embedding_dim"]) and len(head.ref_text) == len(head.R)
    assert sorted(map(str, head.ref_text)) == sorted(r["text"] for r in bank)
    assert 0 < int(head.knn[0]) < len(head.R) and head.knn[1] > 0


def _training_subset(scorer):  # type: ignore[no-untyped-def]
    """Every 8th training item, its features and the head's meta: what the two training tests below train on."""
    from harrier.detect.text.train import build_features

    rows = read_jsonl(DATA / "train.jsonl")[::8]
    X = build_features(rows, scorer.embedder).astype(np.float64)
    return rows, X, {"embedding_dim": scorer.embedder.dim}


def _narrow_networks(train_mod, monkeypatch, hidden: int = 32) -> None:  # type: ignore[no-untyped-def]
    """Train the head's networks with ``hidden`` units (the shipped head has train.HIDDEN): the same code path."""
    fit = train_mod.fit_mlp
    monkeypatch.setattr(train_mod, "fit_mlp", lambda *a, **k: fit(*a, **{"hidden": hidden, **k}))


# Two tests rather than one (the same assertions): together they train three heads, minutes of CPU on a 2-core box,
# and as separate tests they run on two workers at once.
@pytest.mark.slow
def test_training_is_deterministic_on_a_subset(tmp_path, scorer, monkeypatch) -> None:
    from harrier.detect.text import train as train_mod
    from harrier.detect.text.corpus import is_train_only
    from harrier.detect.text.intent import is_harm_negative
    from harrier.detect.text.train import train_head

    rows, X, meta = _training_subset(scorer)
    # several networks per fold, narrow ones and a short optimiser budget: what is tested is determinism and the
    # averaging, not the shipped head's capacity (256 hidden units: 44 s a head on one core, 32: 6 s)
    monkeypatch.setattr(train_mod, "SEEDS", 2)
    monkeypatch.setattr(train_mod, "MLP_ITERS", 60)
    _narrow_networks(train_mod, monkeypatch)
    h1, r1 = train_head(X, rows, meta)
    h2, r2 = train_head(X, rows, meta)
    assert r1 == r2
    np.testing.assert_array_equal(h1.W1, h2.W1)
    np.testing.assert_array_equal(h1.R, h2.R)
    assert r1["knn_mix"] > 0
    assert h1.W1.shape[0] == train_mod.FOLDS * 2 and not np.array_equal(h1.W1[0], h1.W1[1])
    # the threshold's negatives: the shared pool (not train-only "t." items) when it is large enough
    neg = [is_harm_negative(set(r["labels"])) for r in rows]
    pool = sum(n and not is_train_only(r["id"]) for n, r in zip(neg, rows, strict=True))
    assert pool < train_mod.MIN_CALIBRATION and r1["calibration_negatives"] == sum(neg)
    h1.save(tmp_path / "h.npz")
    h3 = IntentHead.load(tmp_path / "h.npz")
    p = h3.predict(X[:20].astype(np.float32))
    assert p.shape == (20, len(h3.outputs)) and np.all((p >= 0) & (p <= 1))
    # a head whose binary outputs were calibrated before the softmax blend (text < 1.4.0) is refused, not misread
    dataclasses.replace(h1, meta={k: v for k, v in h1.meta.items() if k != "format"}).save(tmp_path / "old.npz")
    with pytest.raises(ValueError, match="older format"):
        IntentHead.load(tmp_path / "old.npz")


@pytest.mark.slow
def test_training_calibrates_on_the_shared_pool_when_it_is_large_enough(scorer, monkeypatch) -> None:
    from harrier.detect.text import train as train_mod
    from harrier.detect.text.corpus import is_background, is_train_only
    from harrier.detect.text.intent import is_harm_negative
    from harrier.detect.text.train import train_head

    rows, X, meta = _training_subset(scorer)
    # one benign pool line in five relabelled as a background line (a train-only *_background file): it leaves the
    # pool and the nearest-example bank, and stays a training row of the networks
    for k, r in enumerate(rows):
        if r["labels"] == ["benign"] and not is_train_only(r["id"]) and k % 5 == 0:
            rows[k] = {**r, "id": f"t.mix_background-{k:04d}"}
    moved = [r["text"] for r in rows if is_background(r["id"])]
    kept = {r["text"] for r in rows if not is_background(r["id"])}
    neg = [is_harm_negative(set(r["labels"])) for r in rows]
    pool = sum(n and not is_train_only(r["id"]) for n, r in zip(neg, rows, strict=True))
    monkeypatch.setattr(train_mod, "MLP_ITERS", 60)
    monkeypatch.setattr(train_mod, "MIN_CALIBRATION", 10)
    monkeypatch.setattr(train_mod, "SEEDS", 1)
    _narrow_networks(train_mod, monkeypatch)
    h4, r4 = train_head(X, rows, meta)
    assert r4["calibration_negatives"] == pool and r4["oof_fpr"] <= 0.02
    assert r4["train_items"] == len(rows) and len(h4.R) == len(rows) - len(moved) > 0
    assert not (set(moved) - kept) & set(map(str, h4.ref_text))


@pytest.mark.slow
def test_decorated_copies_train_the_networks_and_calibrate_nothing(scorer, monkeypatch) -> None:
    """``harrier text train --augment N``: each line's decorated copies share its fold and train the networks; the
    bank of nearest examples, the calibration and the report are the lines as written."""
    from harrier.detect.text import train as train_mod
    from harrier.detect.text.intent import is_harm_negative
    from harrier.detect.text.train import _fold_of, augmented, build_features, decorate, train_head

    assert decorate("send me more of her", 3) != "send me more of her"
    assert decorate("send me more of her", 3) == decorate("send me more of her", 3)
    rows = read_jsonl(DATA / "train.jsonl")[::16]
    aug = augmented(rows, 1)
    copies = aug[len(rows):]
    assert len(copies) == len(rows) and all(c["augmented"] and c["labels"] == r["labels"]
                                            for c, r in zip(copies, rows, strict=True))
    assert all(_fold_of(c["group"]) == _fold_of(r.get("group", r["id"])) for c, r in zip(copies, rows, strict=True))
    monkeypatch.setattr(train_mod, "MLP_ITERS", 40)
    monkeypatch.setattr(train_mod, "SEEDS", 1)
    _narrow_networks(train_mod, monkeypatch)
    meta = {"embedding_dim": scorer.embedder.dim}
    h, r = train_head(build_features(aug, scorer.embedder).astype(np.float64), aug, meta)
    h0, r0 = train_head(build_features(rows, scorer.embedder).astype(np.float64), rows, meta)
    assert r["train_items"] == len(rows)
    assert r["calibration_negatives"] == sum(is_harm_negative(set(x["labels"])) for x in rows)
    assert sorted(map(str, h.ref_text)) == sorted(map(str, h0.ref_text))  # no copy is a reference
    assert not np.array_equal(h.W1, h0.W1)  # the networks did learn from the copies


@pytest.mark.slow
def test_nested_scores_never_come_from_networks_that_saw_the_item(scorer, monkeypatch) -> None:
    """The threshold's scores: an item's fold never trains the networks that score it, so relabelling that
    fold leaves its scores exactly as they were and moves every other fold's."""
    from harrier.detect.text import train as train_mod
    from harrier.detect.text.train import _fold_of, build_features, nested_harm_logits, primary_labels

    rows = read_jsonl(DATA / "train.jsonl")[::24]
    X = build_features(rows, scorer.embedder).astype(np.float64)
    Xs = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-6)
    prim = primary_labels(rows)
    folds = np.array([_fold_of(r.get("group", r["id"])) for r in rows])
    monkeypatch.setattr(train_mod, "NESTED_SEEDS", 1)
    monkeypatch.setattr(train_mod, "MLP_ITERS", 30)
    _narrow_networks(train_mod, monkeypatch)
    z = nested_harm_logits(Xs, prim, folds)
    relabelled = prim.copy()
    relabelled[folds == 0] = (prim[folds == 0] + 1) % (prim.max() + 1)
    z2 = nested_harm_logits(Xs, relabelled, folds)
    np.testing.assert_array_equal(z[folds == 0], z2[folds == 0])
    for k in range(1, train_mod.FOLDS):
        assert not np.allclose(z[folds == k], z2[folds == k])


def test_eval_phrasings_scores_several_files_together(tmp_path, harrier_env) -> None:
    def line(text: str, label: str, lang: str = "en") -> bytes:
        return orjson.dumps({"text": text, "lang": lang, "label": label, "category": "x", "context": "none",
                             "source_url": "https://example.org/a"}) + b"\n"

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_bytes(line("pay me or I'll send your pics to your parents", "harmful"))
    b.write_bytes(line("happy birthday, have a lovely day!", "benign") + line("sinon je balance tes photos partout",
                                                                              "harmful", "fr"))
    res = CliRunner().invoke(app, ["eval", "phrasings", str(a), str(b), "--json"])
    assert res.exit_code == 0, res.output
    out = orjson.loads(res.stdout)
    assert (out["items"], out["harmful"], out["benign"]) == (3, 2, 1)
    assert out["harmful_recall"] == 1.0 and out["benign_flagged"] == 0.0  # both threats flag by rule (moves.py)
    assert set(out["by_lang"]) == {"en", "fr"}
    # both threats carry a rule's words; the birthday wish carries no concerning word
    assert (out["by_cue"]["words"]["harmful"], out["by_cue"]["plain"]["benign"]) == (2, 1)
    assert out["by_cue"]["words"]["benign"] == 0 and out["by_cue"]["plain"]["harmful"] == 0


def test_eval_phrasings_context_overrides_every_remark(tmp_path, harrier_env) -> None:
    """--context scores every remark under one post, whatever its line says: "her little buds 🍑" is a code under a
    child's photo (a rule, certain.py) and is reported under that context alone; a bad value names the option."""
    f = tmp_path / "a.jsonl"
    f.write_bytes(orjson.dumps({"text": "her little buds 🍑", "lang": "en", "label": "harmful", "category": "x",
                                "context": "none"}) + b"\n")
    out = {c: orjson.loads(CliRunner().invoke(app, ["eval", "phrasings", str(f), "--context", c, "--json"]).stdout)
           for c in ("child_photo", "none")}
    assert out["child_photo"]["harmful_recall"] == 1.0 and out["child_photo"]["by_context"].keys() == {"child_photo"}
    assert out["none"]["by_context"].keys() == {"none"}
    bad = CliRunner().invoke(app, ["eval", "phrasings", str(f), "--context", "beach"])
    assert bad.exit_code != 0 and "--context" in bad.output
