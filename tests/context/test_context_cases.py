"""Case assembly: upsert without duplicates, stable ids, closing, the export shape, network links, the CLI."""

from __future__ import annotations

import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from harrier.context import cases
from harrier.context.analysis import run
from harrier.policy.verdict import RuleHit, Verdict
from harrier.store import tables as t
from harrier.store.db import Store, open_store

EXPORT_FIELDS = ["case_id", "account_id", "rank", "score", "severity", "recommended_action", "signals",
                 "related_accounts", "ring_id"]


def scan(store: Store, run_id: str, verdicts: dict[str, Verdict] | None = None) -> int:
    run(store, run_id)
    return cases.assemble(store, verdicts or {}, run_id)


def all_cases(store: Store) -> dict[str, t.Case]:
    with store.session() as s:
        return {c.account_id: c for c in s.execute(select(t.Case)).scalars()}


def test_assemble_upserts_ranks_and_closes(any_store: Store, build_world) -> None:
    build_world(any_store).save()
    hit = RuleHit(rule="sexualising_comments", version="1", mode="live", severity="critical",
                  action="suspend_account", queue="urgent", labels=["sexualising"], why="flagged comments >= 3")
    verdicts = {"ring0": Verdict("ring0", "critical", "suspend_account", "urgent", ["sexualising"], [hit]),
                "parent": Verdict("parent", "low", "none")}
    n = scan(any_store, "20260101T000000-a", verdicts)
    first = all_cases(any_store)
    assert n == len(first) >= 7
    harmful = {"ded0", "ded1", "ring0", "ring1", "ring2", "ring3", "ring4"}
    assert harmful <= set(first)
    assert not {"parent", "counter", "friend0", "benign00"} & set(first)
    ranks = sorted(c.rank for c in first.values())
    assert ranks == list(range(1, n + 1))
    by_rank = sorted(first.values(), key=lambda c: c.rank)
    assert all(x.score >= y.score for x, y in zip(by_rank, by_rank[1:], strict=False))
    r0 = first["ring0"]
    assert r0.case_id == cases.case_id_for("ring0") and r0.severity == "critical" and r0.queue == "urgent"
    assert r0.recommended_action == "suspend_account" and r0.summary["rules"][0]["rule"] == "sexualising_comments"
    assert first["ded0"].recommended_action == "review" and first["ded0"].summary["source"] == "risk"
    # the case lists the signals that raised it: its own context signals and its content's signals
    kinds = {s["kind"] for s in r0.signals}
    assert {"account.risk", "ring.membership", "text.sexualising_minor"} <= kinds
    assert len(r0.signals) <= cases.MAX_SIGNALS
    assert r0.summary["flagged_comments"] == 12 and "flagged comment" in r0.summary["why"]
    # network-aware: ring members are related, with their case ids
    rel = {r["account_id"]: r for r in r0.related_accounts}
    assert {"ring1", "ring2"} <= set(rel) and rel["ring1"]["case_id"] == cases.case_id_for("ring1")
    assert "ring" in rel["ring1"]["relations"] and r0.ring_id and r0.ring_id.startswith("ring-")
    ded_rel = {r["account_id"] for r in first["ded0"].related_accounts}
    assert {"ring0", "ring3"} <= ded_rel and "counter" not in ded_rel

    # a re-scan updates in place: same ids, no duplicates
    scan(any_store, "20260101T000001-b", verdicts)
    second = all_cases(any_store)
    assert {a: c.case_id for a, c in second.items()} == {a: c.case_id for a, c in first.items()}

    # the account stops qualifying (a reviewer cleared it): the case is closed, not deleted; then reopens
    with any_store.session() as s:
        s.add(t.Decision(case_id=r0.case_id, account_id="ring0", action="no_violation", targets=[],
                         reviewer="rev", created_at=r0.created_at))
    scan(any_store, "20260101T000002-c", {})
    third = all_cases(any_store)
    assert third["ring0"].status == "closed" and third["ring0"].rank is None
    assert set(third) == set(second)
    scan(any_store, "20260101T000003-d", verdicts)
    assert all_cases(any_store)["ring0"].status == "open"


def test_cli_export_list_show_ring(build_world, harrier_env, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # Rich folds long cells on a narrow terminal
    st = open_store()  # the CLI's store under HARRIER_HOME
    build_world(st).save()
    scan(st, "20260101T000000-a")
    from harrier.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["cases", "export", "--json"])
    assert res.exit_code == 0, res.output
    rows = orjson.loads(res.stdout)
    assert rows and all(list(r) == EXPORT_FIELDS for r in rows)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    sig = rows[0]["signals"][0]
    assert set(sig) == {"kind", "subject", "score", "detector", "evidence"}

    res = runner.invoke(app, ["cases", "list", "--json", "--limit", "3"])
    assert res.exit_code == 0 and len(orjson.loads(res.stdout)) == 3
    res = runner.invoke(app, ["cases", "list"])
    assert res.exit_code == 0 and "ring0" in res.stdout

    res = runner.invoke(app, ["cases", "show", "ded0"])
    assert res.exit_code == 0, res.output
    assert "account.dedication" in res.stdout and "related accounts" in res.stdout
    res = runner.invoke(app, ["cases", "show", rows[0]["case_id"], "--json"])
    assert orjson.loads(res.stdout)["account_id"] == rows[0]["account_id"]
    assert runner.invoke(app, ["cases", "show", "nobody"]).exit_code == 1

    ring_id = next(r["ring_id"] for r in rows if r["ring_id"])
    res = runner.invoke(app, ["cases", "ring", ring_id, "--json"])
    view = orjson.loads(res.stdout)
    assert {m["account_id"] for m in view["members"]} >= {"ring0", "ring1"} and view["posts"]
    assert all(m["case_id"] for m in view["members"])
    res = runner.invoke(app, ["cases", "ring", ring_id])
    assert res.exit_code == 0 and "members" in res.stdout


def test_graph_export(harrier_env, build_world, tmp_path) -> None:
    import igraph as ig
    import pyarrow.parquet as pq

    from harrier.cli import app

    st = open_store()
    w = build_world(st)
    # ring1 already says "dm me on telegram @hidden1": a second account naming it makes a link-out tie
    w.comment("ring0", w.posts[0]["id"], "or add me on telegram @hidden1")
    w.save()
    runner = CliRunner()
    res = runner.invoke(app, ["graph", "export", "--format", "parquet", "--out", str(tmp_path / "pq"), "--json"])
    assert res.exit_code == 0, res.output
    edges = pq.read_table(tmp_path / "pq" / "edges.parquet").to_pylist()
    nodes = pq.read_table(tmp_path / "pq" / "nodes.parquet").to_pylist()
    assert len(nodes) == 38
    assert {"source": "ring1", "target": "ded0", "type": "message", "weight": 3.0} in edges
    assert any(e["type"] == "cocomment" and {e["source"], e["target"]} == {"ring0", "ring1"} for e in edges)
    assert [{e["source"], e["target"]} for e in edges if e["type"] == "linkout"] == [{"ring0", "ring1"}]
    res = runner.invoke(app, ["graph", "export", "--format", "graphml", "--out", str(tmp_path / "g.graphml")])
    assert res.exit_code == 0, res.output
    g = ig.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert g.vcount() == 38 and set(g.es["type"]) >= {"follow", "comment", "cocomment", "message", "linkout"}
