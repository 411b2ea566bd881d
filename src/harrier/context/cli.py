"""Investigate verbs: ``harrier cases list|show|export|ring`` and ``harrier graph export``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from harrier.store.db import open_store

console = Console()
err = Console(stderr=True)


def _json(obj: Any) -> None:
    sys.stdout.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode() + "\n")


def _evidence_text(evidence: list[dict[str, Any]], limit: int = 3) -> str:
    parts = []
    for e in evidence[:limit]:
        kind = e.get("kind")
        if kind == "span":
            parts.append(f"{e.get('field', 'text')}[{e.get('start')}:{e.get('end')}] {e.get('value') or ''}".strip())
        elif kind == "path":
            ids, types = e.get("ref") or [], e.get("value") or []
            hops = [str(ids[0])] if ids else []
            for i, nxt in enumerate(ids[1:]):
                hops.append(f"-{types[i] if i < len(types) else ''}-> {nxt}")
            parts.append("path " + " ".join(hops))
        elif kind == "feature":
            parts.append(f"{e.get('field')}={e.get('value')}" + (f" ({e['note']})" if e.get("note") else ""))
        else:
            val = e.get("value") if e.get("value") is not None else e.get("ref")
            if isinstance(val, list):
                val = ", ".join(map(str, val[:6])) + (" …" if len(val) > 6 else "")
            parts.append(f"{e.get('field') or kind}: {val}" + (f" ({e['note']})" if e.get("note") else ""))
    if len(evidence) > limit:
        parts.append(f"+{len(evidence) - limit} more")
    return "; ".join(parts)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    cases_app = typer.Typer(help="Account-centred cases: list, show, export, rings.", no_args_is_help=True)
    graph_app = typer.Typer(help="The account graphs built from the store.", no_args_is_help=True)
    app.add_typer(cases_app, name="cases")
    app.add_typer(graph_app, name="graph")

    @cases_app.command("list")
    def list_cases(
        limit: int = typer.Option(20, "--limit", "-n", help="How many cases (0 = all)."),
        json_out: bool = typer.Option(False, "--json", help="Print a JSON array."),
    ) -> None:
        """Open cases, most urgent first."""
        from harrier.context.cases import export_row, open_cases

        store = open_store()
        with store.session() as s:
            rows = open_cases(s, limit or None)
            if json_out:
                _json([export_row(c) | {"status": c.status, "queue": c.queue,
                                        "why": (c.summary or {}).get("why")} for c in rows])
                return
            table = Table(title=f"{len(rows)} cases", show_lines=False)
            for col in ("rank", "case", "account", "score", "severity", "action", "ring", "why"):
                table.add_column(col, overflow="fold")
            for c in rows:
                table.add_row(str(c.rank), c.case_id, c.account_id, f"{c.score:.3f}", c.severity,
                              c.recommended_action, c.ring_id or "", (c.summary or {}).get("why", ""))
        console.print(table)

    @cases_app.command("show")
    def show(
        key: str = typer.Argument(..., help="CASE_ID or ACCOUNT_ID."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """One case with its evidence, related accounts and ring."""
        from harrier.context.cases import export_row, find_case

        store = open_store()
        with store.session() as s:
            c = find_case(s, key)
            if c is None:
                err.print(f"[red]no case for {key!r}[/]")
                raise typer.Exit(1)
            row = export_row(c) | {"status": c.status, "queue": c.queue, "summary": c.summary,
                                   "created_at": c.created_at.isoformat(), "updated_at": c.updated_at.isoformat()}
        if json_out:
            _json(row)
            return
        summary = row["summary"] or {}
        head = (f"[bold]{row['account_id']}[/]  rank {row['rank']}  score {row['score']:.3f}  "
                f"[bold]{row['severity']}[/] → {row['recommended_action']}  queue {row['queue']}  "
                f"status {row['status']}\n{summary.get('why', '')}\n"
                f"posts {summary.get('posts', 0)}, comments {summary.get('comments', 0)}, "
                f"flagged comments {summary.get('flagged_comments', 0)}"
                + (f"\nring {row['ring_id']} (harrier cases ring {row['ring_id']})" if row["ring_id"] else ""))
        console.print(Panel(head, title=row["case_id"]))
        if summary.get("rules"):
            rt = Table(title="rules")
            for col in ("rule", "severity", "action", "why"):
                rt.add_column(col, overflow="fold")
            for h in summary["rules"]:
                rt.add_row(f"{h['rule']}@{h['version']}", h["severity"], h["action"], h.get("why", ""))
            console.print(rt)
        st = Table(title="signals")
        for col in ("kind", "subject", "score", "detector", "evidence"):
            st.add_column(col, overflow="fold")
        for sig in row["signals"]:
            subj = sig["subject"]
            st.add_row(sig["kind"], f"{subj['type']}:{subj['id']}", f"{sig['score']:.2f}", sig["detector"],
                       _evidence_text(sig.get("evidence", [])))
        console.print(st)
        if row["related_accounts"]:
            rel = Table(title="related accounts")
            for col in ("account", "case", "score", "relations"):
                rel.add_column(col, overflow="fold")
            for r in row["related_accounts"]:
                rel.add_row(r["account_id"], r.get("case_id") or "", f"{r.get('score', 0):.3f}",
                            ", ".join(r.get("relations", [])))
            console.print(rel)

    @cases_app.command("export")
    def export(json_out: bool = typer.Option(True, "--json/--no-json", help="JSON array (the only format).")) -> None:
        """All open cases as the case export of docs/FORMAT.md: a JSON array, most urgent first."""
        from harrier.context.cases import export_row, open_cases

        store = open_store()
        with store.session() as s:
            rows = [export_row(c) for c in open_cases(s)]
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")

    @cases_app.command("ring")
    def ring(
        ring_id: str = typer.Argument(..., help="RING_ID (from a case or `harrier cases list`)."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """A ring: its members (with their cases) and the posts that tie them."""
        from harrier.context.cases import ring_view

        store = open_store()
        with store.session() as s:
            view = ring_view(s, ring_id)
        if view is None:
            err.print(f"[red]no ring {ring_id!r}[/]")
            raise typer.Exit(1)
        if json_out:
            _json(view)
            return
        summ = view["summary"] or {}
        console.print(Panel(
            f"score {view['score']:.3f}, {len(view['members'])} members, density {summ.get('density')}, "
            f"{'active' if summ.get('active', True) else 'dissolved'}\n"
            f"tying posts ({len(view['posts'])}): {', '.join(view['posts'][:12])}"
            + (" …" if len(view["posts"]) > 12 else "")
            + (f"\nauthors of those posts: {', '.join(summ.get('authors', [])[:12])}" if summ.get("authors") else ""),
            title=view["ring_id"]))
        t = Table(title="members")
        for col in ("account", "case", "rank", "score", "severity", "status"):
            t.add_column(col)
        for m in view["members"]:
            t.add_row(m["account_id"], m["case_id"] or "", str(m["rank"] or ""),
                      f"{m['score']:.3f}" if m["score"] is not None else "", m["severity"] or "", m["status"] or "")
        console.print(t)

    @graph_app.command("export")
    def graph_export(
        fmt: str = typer.Option("parquet", "--format", help="graphml | parquet"),
        out: Path = typer.Option(..., "--out", help="GraphML file, or a folder for nodes/edges.parquet."),
        json_out: bool = typer.Option(False, "--json", help="Print a JSON summary."),
    ) -> None:
        """Export the account graphs (follow, comment, reply, co-commenting, message, near-duplicate, link-out)."""
        import numpy as np

        from harrier.context import graphs
        from harrier.context.data import load
        from harrier.store.signals import fresh_signals

        if fmt not in ("graphml", "parquet"):
            err.print("[red]--format must be graphml or parquet[/]")
            raise typer.Exit(2)
        store = open_store()
        with store.session() as s:
            d = load(s)
            risk = np.zeros(d.n_accounts, np.float32)
            for sig in fresh_signals(s, "account", kinds=("account.risk",)):
                i = d.account_index.get(sig.subject[1])
                if i is not None:
                    risk[i] = sig.score
        gs = graphs.build(d)
        path = (graphs.export_graphml if fmt == "graphml" else graphs.export_parquet)(d, gs, out, {"risk": risk})
        summary = {"format": fmt, "out": str(path), "accounts": d.n_accounts,
                   "edges": {k: int(v.nnz) for k, v in gs.items()}}
        if json_out:
            _json(summary)
        else:
            err.print(f"wrote {path}: {d.n_accounts} accounts, "
                      + ", ".join(f"{k} {v}" for k, v in summary["edges"].items()))
