"""``harrier eval platform`` scoring, and the real-phrasing loader's errors."""

from __future__ import annotations

import orjson
import pytest
from typer.testing import CliRunner

from harrier.demo.metrics import CaseRow
from harrier.evaluation.phrasings import load
from harrier.evaluation.platform import Truth, evaluate, summary_lines

TRUTH = {
    "platform": "t", "harmful": ["d1", "r1", "r2", "r3", "l1", "l2"],
    "roles": {"dedicated": ["d1"], "ring_member": ["r1", "r2", "r3"], "lone_commenter": ["l1", "l2"]},
    "rings": {"ring-a": ["r1", "r2", "r3"]}, "hard_negative": ["p1", "p2"],
}


def test_recall_by_role_hard_negatives_rings_and_density() -> None:
    cases = [CaseRow("d1", 1, 0.99), CaseRow("r1", 2, 0.9, "x"), CaseRow("r2", 3, 0.9, "x"),
             CaseRow("p1", 4, 0.8), CaseRow("r3", 5, 0.7, "y"), CaseRow("l1", 6, 0.7)]
    cases += [CaseRow(f"b{i}", 10 + i, 0.5) for i in range(60)] + [CaseRow("l2", 200, 0.4)]
    res = evaluate(Truth.from_dict(TRUTH), cases, n_accounts=2000)
    assert res["recall_at_50"] == pytest.approx(5 / 6) and res["recall_at_100"] == 1.0  # l2 is 67th
    assert res["recall"] == 1.0
    # R = 6 planted: the first 6 cases hold d1, r1, r2, r3 and l1 (and the hard negative p1), not l2
    assert res["r_precision"] == pytest.approx(5 / 6) and res["recall_at_50_ceiling"] == 1.0
    assert res["role_recall_at_50"] == {"dedicated": 1.0, "lone_commenter": 0.5, "ring_member": 1.0}
    assert res["hard_negatives_in_top_50"] == 1 and res["hard_negative_ids_in_top_50"] == ["p1"]
    assert res["hard_negatives_in_cases"] == 1
    # r1-r2 together, r3 apart: 1 of 3 planted pairs predicted, and it is right
    assert res["ring_pairwise_precision"] == 1.0 and res["ring_pairwise_recall"] == pytest.approx(1 / 3)
    assert res["rings_found"] == {"ring-a": [2, 1]}
    # nobody outside the planted ring carries a ring id
    assert (res["ring_outsiders"], res["ring_outsider_hard_negatives"]) == (0, 0)
    assert res["cases_per_1000_accounts"] == pytest.approx(1000 * 67 / 2000)
    assert res["missed_in_top_50"] == ["l2"]


def test_accounts_pulled_into_a_ring_from_outside_are_counted() -> None:
    """The pairwise figures see planted ring members only: a parent and a lone commenter given the ring's id leave
    them at 1.0, and ``ring_outsiders`` shows both, the parent named as a hard negative."""
    cases = [CaseRow("r1", 1, 0.9, "x"), CaseRow("r2", 2, 0.9, "x"), CaseRow("r3", 3, 0.9, "x"),
             CaseRow("p1", 4, 0.8, "x"), CaseRow("l1", 5, 0.7, "x"), CaseRow("b1", 6, 0.6, "x")]
    res = evaluate(Truth.from_dict(TRUTH), cases, n_accounts=100)
    assert res["ring_pairwise_f1"] == 1.0
    assert res["ring_outsiders"] == 3 and res["ring_outsiders_harmful"] == 1
    assert res["ring_outsider_hard_negatives"] == 1 and res["ring_outsider_hard_negative_ids"] == ["p1"]
    assert any("outsiders 3 (1 planted offenders of other roles, 1 hard negatives)" in line
               for line in summary_lines(res))


def test_more_planted_than_the_top_50_holds_caps_recall_at_50() -> None:
    truth = {"harmful": [f"h{i}" for i in range(58)], "roles": {}, "rings": {}, "hard_negative": []}
    res = evaluate(Truth.from_dict(truth), [CaseRow(f"h{i}", i + 1, 1.0 - i / 100) for i in range(58)], 8000)
    assert res["recall_at_50"] == pytest.approx(50 / 58) == res["recall_at_50_ceiling"]
    assert res["r_precision"] == 1.0


def test_truth_file_errors_name_the_field(tmp_path) -> None:
    with pytest.raises(ValueError, match="roles.ring_member: expected a list"):
        Truth.from_dict({**TRUTH, "roles": {"ring_member": "r1"}}, "t.json")
    with pytest.raises(ValueError, match="'harmful'"):
        Truth.from_dict({"rings": {}}, "t.json")
    bad = tmp_path / "t.json"
    bad.write_text("{nope")
    with pytest.raises(ValueError, match="not JSON"):
        Truth.load(bad)


def test_cli_scores_a_case_export(tmp_path) -> None:
    from harrier.cli import app

    export, truth, cases = _platform(tmp_path, 500, TRUTH, ["d1", "p2"])
    res = CliRunner().invoke(app, ["eval", "platform", str(export), "--truth", str(truth), "--cases", str(cases),
                                   "--json"])
    assert res.exit_code == 0, res.output
    out = orjson.loads(res.stdout)
    assert out["accounts"] == 500 and out["cases_per_1000_accounts"] == 4.0
    assert out["recall_at_50"] == pytest.approx(1 / 6) and out["hard_negatives_in_top_50"] == 1


def test_phrasing_file_errors_name_line_and_field(tmp_path) -> None:
    p = tmp_path / "p.jsonl"
    p.write_text('{"text": "hi", "lang": "en", "label": "benign"}\n\n{"text": "x", "lang": "en", "label": "bad"}\n')
    with pytest.raises(ValueError, match=r"p.jsonl:3: label: invalid value 'bad'"):
        load(p)
    p.write_text('{"text": "hi"\n')
    with pytest.raises(ValueError, match=r"p.jsonl:1: not JSON"):
        load(p)


def test_the_shipped_real_phrasing_file_is_well_formed() -> None:
    from pathlib import Path

    items = load(Path(__file__).parents[2] / "data" / "eval" / "real_phrasings_v1.jsonl")
    harmful = [i for i in items if i["label"] == "harmful"]
    assert len(harmful) >= 150 and len(items) - len(harmful) >= 150
    assert len({i["lang"] for i in items}) >= 5
    assert all(i.get("source_url") for i in items) and len({i["text"] for i in items}) == len(items)


def test_recall_by_planted_remarks_from_the_truth_comments_and_the_export(tmp_path) -> None:
    from harrier.cli import app

    truth_d = TRUTH | {"comments": {"sexualising": ["c1", "c2", "c3", "c6"], "contact_move": ["c4", "c7"],
                                    "counter_speech": ["c5", "c8"]}}
    export, truth, cases = _platform(tmp_path, 100, truth_d, ["l2", "r1"])
    # l1 wrote one planted remark, l2 three (one of them counter-speech it quoted: not counted), r1 two
    rows = [("c1", "l1"), ("c2", "l2"), ("c3", "l2"), ("c4", "l2"), ("c5", "l2"), ("c6", "r1"), ("c7", "r1"),
            ("c8", "p1")]
    (export / "comments.jsonl").write_text("".join(
        orjson.dumps({"id": c, "post_id": "p", "author_id": a, "created_at": "2026-01-01T00:00:00Z",
                      "text": "x"}).decode() + "\n" for c, a in rows) + "not json\n")
    res = CliRunner().invoke(app, ["eval", "platform", str(export), "--truth", str(truth), "--cases", str(cases),
                                   "--json"])
    assert res.exit_code == 0, res.output
    by = orjson.loads(res.stdout)["role_recall_by_remarks"]
    assert by["lone_commenter"] == {"1": {"planted": 1, "in_top_50": 0}, "3+": {"planted": 1, "in_top_50": 1}}
    assert by["ring_member"] == {"2": {"planted": 1, "in_top_50": 1}} and by["dedicated"] == {}
    text = CliRunner().invoke(app, ["eval", "platform", str(export), "--truth", str(truth), "--cases", str(cases)])
    assert "lone_commenter" in text.output and "by planted harmful remarks: 1: 0/1, 3+: 1/1" in text.output
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(TRUTH | {"comments": {"sexualising": "c1"}}))
    res = CliRunner().invoke(app, ["eval", "platform", str(export), "--truth", str(bad), "--cases", str(cases)])
    assert res.exit_code != 0 and "comments.sexualising" in res.output


def _platform(tmp_path, n_accounts: int, truth_d: dict, case_accounts: list[str]):  # type: ignore[no-untyped-def]
    """An export of ``n_accounts`` accounts, a truth file and a case export ranking ``case_accounts`` in order."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "accounts.jsonl").write_text("".join(orjson.dumps({"id": f"a{i}", "handle": f"h{i}"}).decode() + "\n"
                                                   for i in range(n_accounts)))
    truth = tmp_path / "truth.json"
    truth.write_bytes(orjson.dumps(truth_d))
    cases = tmp_path / "cases.json"
    cases.write_bytes(orjson.dumps([{"case_id": f"c{k}", "account_id": a, "rank": k, "score": 0.9 - k / 10}
                                    for k, a in enumerate(case_accounts, 1)]))
    return export, truth, cases


def test_planted_remarks_are_counted_from_a_parquet_export_as_from_jsonl(tmp_path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from harrier.evaluation.platform import count_remarks

    rows = [{"id": "c1", "post_id": "p", "author_id": "l1", "created_at": "2026-01-01T00:00:00Z", "text": "x"},
            {"id": "c2", "post_id": "p", "author_id": "l2", "created_at": "2026-01-01T00:00:00Z", "text": "y"},
            {"id": "c3", "post_id": "p", "author_id": "l2", "created_at": "2026-01-01T00:00:00Z", "text": "z"}]
    jl, pqd = tmp_path / "jl", tmp_path / "pq"
    jl.mkdir()
    pqd.mkdir()
    (jl / "comments.jsonl").write_text("".join(orjson.dumps(r).decode() + "\n" for r in rows))
    pq.write_table(pa.Table.from_pylist(rows), pqd / "comments.parquet")
    planted = {"c1", "c2", "c3"}
    assert count_remarks(jl, planted) == count_remarks(pqd, planted) == {"l1": 1, "l2": 2}
    assert count_remarks(pqd, {"c3"}) == {"l2": 1} and count_remarks(pqd, set()) == {}
