"""The demo evaluation metrics on hand-made inputs (every expected figure worked out by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harrier.demo.metrics import (
    CaseRow,
    GroundTruth,
    acceptance,
    evaluate,
    load_case_export,
    precision_at,
    ranked,
    ring_outsiders,
    ring_pairwise,
)

GT = GroundTruth(
    harmful={"d1": "dedicated", "d2": "dedicated", "r1": "ring_member", "r2": "ring_member", "r3": "ring_member",
             "r4": "ring_member", "r5": "ring_member", "s1": "sexualising_commenter"},
    hard_negative={"p1": "parent", "c1": "counter_speech"},
    rings={"A": ["r1", "r2", "r3"], "B": ["r4", "r5"]},
    seed=1,
)


def test_ranked_orders_by_rank_then_score_and_drops_ring_cases() -> None:
    cases = [CaseRow("x", rank=None, score=0.9), CaseRow("y", rank=2), CaseRow("z", rank=1),
             CaseRow("ring:1", rank=0, kind="ring"), CaseRow("w", rank=None, score=0.95)]
    assert [c.account_id for c in ranked(cases)] == ["z", "y", "w", "x"]


def test_precision_at_k_uses_available_cases_when_fewer_than_k() -> None:
    assert precision_at(["a", "b", "c", "d"], {"a", "c"}, 2) == 0.5
    assert precision_at(["a", "b", "c", "d"], {"a", "c"}, 10) == 0.5  # 2 of the 4 that exist
    assert precision_at([], {"a"}, 50) == 0.0


def test_ring_pairwise_by_hand() -> None:
    # planted pairs: r1r2 r1r3 r2r3 r4r5 (4). Predicted: X={r1,r2,r4,r5} -> 6 pairs, Y={r3} -> none.
    # true pairs: r1r2, r4r5 -> precision 2/6, recall 2/4, F1 = 2*(1/3)(1/2)/(1/3+1/2) = 0.4
    res = ring_pairwise(GT.rings, {"r1": "X", "r2": "X", "r4": "X", "r5": "X", "r3": "Y"})
    assert res["ring_planted_pairs"] == 4 and res["ring_predicted_pairs"] == 6 and res["ring_true_pairs"] == 2
    assert res["ring_pairwise_precision"] == pytest.approx(1 / 3)
    assert res["ring_pairwise_recall"] == pytest.approx(0.5)
    assert res["ring_pairwise_f1"] == pytest.approx(0.4)


def test_ring_outsiders_name_the_hard_negatives_a_ring_took_in() -> None:
    pred = {"r1": "X", "r2": "X", "p1": "X", "s1": "Z", "r4": "Z", "c1": None, "d1": None}
    res = ring_outsiders(GT.rings, pred, GT.harmful, GT.hard_negative)
    assert res == {"ring_outsiders": 2, "ring_outsiders_harmful": 1, "ring_outsider_hard_negatives": 1,
                   "ring_outsider_hard_negative_ids": ["p1"]}


def test_ring_pairwise_ignores_non_members_and_handles_empty() -> None:
    perfect = ring_pairwise(GT.rings, {"r1": "X", "r2": "X", "r3": "X", "r4": "Z", "r5": "Z", "d1": "X",
                                       "c1": "Z"})
    assert perfect["ring_pairwise_f1"] == 1.0  # d1 and c1 are not planted ring members: not in the pairs
    nothing = ring_pairwise(GT.rings, {"r1": None, "r2": None})
    assert (nothing["ring_pairwise_precision"], nothing["ring_pairwise_recall"], nothing["ring_pairwise_f1"]) == (
        0.0, 0.0, 0.0)
    merged = ring_pairwise(GT.rings, {m: "ALL" for m in ["r1", "r2", "r3", "r4", "r5"]})
    assert merged["ring_pairwise_recall"] == 1.0 and merged["ring_pairwise_precision"] == pytest.approx(4 / 10)
    assert ring_pairwise({}, {})["ring_pairwise_f1"] == 1.0


def test_evaluate_counts_by_hand() -> None:
    ded_sig = {"kind": "account.dedication", "subject": ["account", "d1"], "score": 0.9, "detector": "x@1",
               "evidence": []}
    wrong_claim = {"kind": "account.dedication", "subject": ["account", "p1"], "score": 0.7}
    cases = [CaseRow("d1", rank=1, ring_id=None, signals=(ded_sig,)), CaseRow("p1", rank=2, signals=(wrong_claim,)),
             CaseRow("r1", rank=3, ring_id="X"), CaseRow("r2", rank=4, ring_id="X"), CaseRow("benign", rank=5),
             CaseRow("r4", rank=6, ring_id="Y"), CaseRow("r5", rank=7, ring_id="Y")]
    cases += [CaseRow(f"filler{i}", rank=8 + i) for i in range(50)]
    cases.append(CaseRow("c1", rank=100))  # a hard negative, but outside the top 50
    res = evaluate(GT, cases)
    assert res["cases"] == 58
    assert res["precision_at_k"]["10"] == pytest.approx(5 / 10)
    assert res["precision_at_50"] == pytest.approx(5 / 50)
    assert res["recall"] == pytest.approx(5 / 8) and res["harmful_found"] == 5
    assert res["missed_harmful"] == ["d2", "r3", "s1"]
    assert res["hard_negatives_in_top_50"] == 1
    assert res["hard_negative_ids_in_top_50"] == {"p1": "parent"}
    assert res["hard_negatives_in_cases"] == 2
    assert res["roles"]["ring_member"] == {"planted": 5, "found": 4, "recall": 0.8, "in_top_50": 4, "median_rank": 6}
    assert res["roles"]["dedicated"]["recall"] == 0.5 and res["dedicated_recall"] == 0.5
    assert res["dedicated"]["claimed"] == 2 and res["dedicated"]["precision"] == 0.5
    # pairs: planted 4; predicted r1r2 (X), r4r5 (Y) -> both true
    assert res["ring_pairwise_precision"] == 1.0 and res["ring_pairwise_recall"] == 0.5
    assert res["ring_pairwise_f1"] == pytest.approx(2 / 3)
    failed = acceptance(res)
    assert len(failed) == 3 and "hard negatives" in failed[2]


def test_perfect_cases_pass_acceptance() -> None:
    cases = [CaseRow(a, rank=i + 1, ring_id=next((r for r, ms in GT.rings.items() if a in ms), None))
             for i, a in enumerate(GT.harmful)]
    res = evaluate(GT, cases)
    assert res["precision_at_50"] == 1.0 and res["recall"] == 1.0 and res["ring_pairwise_f1"] == 1.0
    assert acceptance(res) == []


def test_case_export_file(tmp_path: Path) -> None:
    export = [{"case_id": "c-2", "account_id": "r1", "rank": 2, "score": 0.8, "severity": "high",
               "recommended_action": "review", "signals": [], "related_accounts": [], "ring_id": "K"},
              {"case_id": "c-1", "account_id": "d1", "rank": 1, "score": 0.9, "severity": "critical",
               "recommended_action": "report", "signals": [], "related_accounts": ["r1"], "ring_id": None}]
    f = tmp_path / "cases.json"
    f.write_text(json.dumps(export))
    rows = load_case_export(f)
    assert [c.account_id for c in ranked(rows)] == ["d1", "r1"]
    assert rows[0].ring_id == "K"
    f.write_text(json.dumps({"not": "a list"}))
    with pytest.raises(ValueError):
        load_case_export(f)


def test_ground_truth_from_file(tmp_path: Path) -> None:
    f = tmp_path / "ground_truth.json"
    f.write_text(json.dumps({"seed": 5, "harmful_accounts": {"a": "dedicated"}, "hard_negative_accounts": {},
                             "rings": {"ring-1": ["a", "b"]}, "roles": {"dedicated": 1}}))
    gt = GroundTruth.load(f)
    assert gt.seed == 5 and gt.harmful == {"a": "dedicated"} and gt.rings == {"ring-1": ["a", "b"]}


def test_recall_at_depth_r_precision_and_severity() -> None:
    cases = [CaseRow("d1", rank=1, severity="critical"), CaseRow("p1", rank=2, severity="high"),
             CaseRow("r1", rank=3, severity="medium"), CaseRow("r2", rank=4, severity="low"),
             CaseRow("s1", rank=9, severity="high")]
    cases += [CaseRow(f"x{i}", rank=4 + i, severity="low") for i in range(1, 5)]  # ranks 5..8
    res = evaluate(GT, cases, ks=(2, 8))
    assert res["recall_at_k"] == {"2": 1 / 8, "8": 3 / 8}
    assert res["r_precision"] == pytest.approx(3 / 8)  # first 8 cases hold d1, r1, r2
    assert res["recall_by_min_severity"] == {"low": 4 / 8, "medium": 3 / 8, "high": 2 / 8, "critical": 1 / 8}
    assert res["cases_by_severity"] == {"low": 5, "medium": 1, "high": 2, "critical": 1}
