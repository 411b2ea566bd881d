"""``harrier demo --out`` and ``harrier eval demo`` through the real CLI, against a real store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harrier.cli import app
from harrier.store.db import open_store
from harrier.store.tables import Case

runner = CliRunner()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "demo"
    res = runner.invoke(app, ["demo", "--out", str(out), "--seed", "5", "--scale", "0.05", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["seed"] == 5 and summary["accounts"] > 50 and summary["harmful_accounts"] >= 10
    return out


def _perfect_cases(gt: dict) -> list[dict]:
    ring_of = {m: rid for rid, ms in gt["rings"].items() for m in ms}
    return [{"case_id": f"c{i}", "account_id": a, "rank": i + 1, "score": 1 - i / 1000, "severity": "high",
             "recommended_action": "review", "signals": [], "related_accounts": [], "ring_id": ring_of.get(a)}
            for i, a in enumerate(sorted(gt["harmful_accounts"]))]


def test_demo_out_writes_export_and_ground_truth(export: Path) -> None:
    for name in ("manifest.json", "ground_truth.json", "accounts.jsonl", "posts.jsonl", "comments.jsonl",
                 "follows.jsonl", "interactions.jsonl", "message_edges.jsonl", "reports.jsonl"):
        assert (export / name).is_file(), name
    assert any((export / "media").iterdir())


def test_demo_out_refuses_a_foreign_folder_and_regenerates_its_own(tmp_path: Path, export: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    res = runner.invoke(app, ["demo", "--out", str(foreign), "--scale", "0.05"])
    assert res.exit_code != 0 and (foreign / "notes.txt").read_text() == "keep me"
    # an earlier demo folder is replaced, not mixed with the new platform
    again = tmp_path / "again"
    assert runner.invoke(app, ["demo", "--out", str(again), "--seed", "1", "--scale", "0.05"]).exit_code == 0
    first_media = set((again / "media").iterdir())
    assert runner.invoke(app, ["demo", "--out", str(again), "--seed", "2", "--scale", "0.05"]).exit_code == 0
    assert not first_media & set((again / "media").iterdir())


def test_eval_demo_with_a_case_export(export: Path, tmp_path: Path) -> None:
    gt = json.loads((export / "ground_truth.json").read_text())
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(_perfect_cases(gt)))
    res = runner.invoke(app, ["eval", "demo", str(export), "--cases", str(cases), "--json", "--check"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["precision_at_50"] == 1.0 and out["recall"] == 1.0 and out["ring_pairwise_f1"] == 1.0
    assert out["hard_negatives_in_top_50"] == 0
    # hard negatives ranked first: the check fails and names them
    hn = sorted(gt["hard_negative_accounts"])[:5]
    bad = [{"case_id": f"h{i}", "account_id": a, "rank": i + 1, "score": 1.0, "severity": "high",
            "recommended_action": "review", "signals": [], "related_accounts": [], "ring_id": None}
           for i, a in enumerate(hn)]
    cases.write_text(json.dumps(bad + [dict(c, rank=c["rank"] + 5) for c in _perfect_cases(gt)]))
    res = runner.invoke(app, ["eval", "demo", str(export), "--cases", str(cases), "--json", "--check"])
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert out["hard_negatives_in_top_50"] == 5 and set(out["hard_negative_ids_in_top_50"]) == set(hn)
    # the human-readable form prints the headline figures
    res = runner.invoke(app, ["eval", "demo", str(export), "--cases", str(cases)])
    assert res.exit_code == 0 and "precision@50" in res.stdout and "hard negatives in top 50" in res.stdout


def test_eval_demo_reads_the_stores_cases(export: Path, harrier_env: Path) -> None:
    gt = json.loads((export / "ground_truth.json").read_text())
    store = open_store()
    now = datetime.now(UTC)
    harmful = sorted(gt["harmful_accounts"])
    parent = next(a for a, r in gt["hard_negative_accounts"].items() if r == "parent")
    with store.session() as s:
        for i, a in enumerate([parent, *harmful[: len(harmful) // 2]]):
            s.add(Case(case_id=f"case-{a}", account_id=a, kind="account", rank=i + 1, score=0.9, severity="high",
                       recommended_action="review", queue="default", status="open", ring_id=None, signals=[],
                       related_accounts=[], summary=None, created_at=now, updated_at=now))
        s.add(Case(case_id="ring-case", account_id="ring:x", kind="ring", rank=0, score=1.0, severity="high",
                   recommended_action="review", queue="default", status="open", ring_id="x", signals=[],
                   related_accounts=[], summary=None, created_at=now, updated_at=now))
    res = runner.invoke(app, ["eval", "demo", str(export), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    n = len(harmful) // 2
    assert out["cases"] == n + 1  # the ring case is not an account case
    assert out["recall"] == pytest.approx(n / len(harmful))
    assert out["hard_negative_ids_in_top_50"] == {parent: "parent"}
    assert out["precision_at_k"]["10"] == pytest.approx(min(9, n) / min(10, n + 1))


@pytest.mark.slow
def test_demo_full_flow_generates_ingests_scans_and_evaluates(harrier_env: Path) -> None:
    res = runner.invoke(app, ["demo", "--scale", "0.03", "--seed", "4", "--no-serve", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["generate"]["accounts"] > 50 and out["ingest_errors"] == 0
    assert (harrier_env / "demo-export" / "ground_truth.json").is_file()
    ev = out["eval"]
    assert ev["cases"] > 0 and ev["planted_harmful"] == out["generate"]["harmful_accounts"]
    assert {"precision_at_50", "recall", "hard_negatives_in_top_50", "ring_pairwise_f1"} <= set(ev)
    assert ev["recall"] > 0  # the pipeline finds planted accounts, whatever its exact quality today
    # the human-readable table shows cases with their evidence and what was planted
    from harrier.demo.cli import cases_table
    from harrier.demo.metrics import GroundTruth
    from harrier.store.db import open_store

    table = cases_table(open_store(), 5, GroundTruth.load(harrier_env / "demo-export" / "ground_truth.json"))
    assert table.row_count == min(5, ev["cases"])
