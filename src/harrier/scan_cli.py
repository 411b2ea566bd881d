"""``harrier scan``: run the pipeline over the store."""

from __future__ import annotations

import sys

import orjson
import typer
from rich.console import Console
from rich.table import Table

from harrier.store.db import open_store

console = Console(stderr=True)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("scan")
    def scan(
        workers: int = typer.Option(None, "--workers", "-w", help="Worker processes (default: CPU count)."),
        only: list[str] = typer.Option(None, "--only", help="Run only these detectors (by name)."),
        json_out: bool = typer.Option(False, "--json", help="Print the scan report as JSON."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
        errors: bool = typer.Option(False, "--errors", help="List the items detectors failed on (no scan)."),
        engine: str = typer.Option("local", "--engine", help="Where detectors run: local (process pool) or ray."),
        address: str = typer.Option(None, "--address", help="Ray cluster to join (HEAD:6379 or ray://HEAD:10001); "
                                    "without it --engine ray starts a local Ray instance."),
    ) -> None:
        """Run every detector where it has not run yet or its input's context changed, then context, policy
        and case assembly. An item a detector raises on is recorded and retried by the next scan."""
        from harrier.pipeline import scan as run_scan
        from harrier.pipeline import scan_errors

        store = open_store()
        if errors:
            rows = [{"detector": f"{e.detector}@{e.detector_version}", "subject_type": e.subject_type,
                     "subject_id": e.subject_id, "run_id": e.run_id, "error": e.error} for e in scan_errors(store)]
            if json_out:
                sys.stdout.write(orjson.dumps(rows).decode() + "\n")
                return
            table = Table(title=f"{len(rows)} item(s) failed and not scored since")
            for col in ("detector", "subject", "run", "error"):
                table.add_column(col)
            for r in rows:
                table.add_row(r["detector"], f"{r['subject_type']} {r['subject_id']}", r["run_id"], r["error"])
            Console(width=200).print(table)
            return
        if engine not in ("local", "ray"):
            raise typer.BadParameter("local or ray", param_hint="--engine")
        if address and engine != "ray":
            raise typer.BadParameter("only with --engine ray", param_hint="--address")
        report = run_scan(store, workers=workers, progress=not (quiet or json_out), only=only or None, engine=engine,
                          address=address)
        if json_out:
            sys.stdout.write(orjson.dumps(report.to_json()).decode() + "\n")
            return
        table = Table(title=f"scan {report.run_id}")
        for col in ("detector", "scanned", "failed", "signals", "items/s"):
            table.add_column(col, justify="right" if col != "detector" else "left")
        for d in report.detectors:
            table.add_row(d.detector, f"{d.scanned:,}", f"{len(d.failed):,}", f"{d.signals:,}", f"{d.rate:,.0f}")
        console.print(table)
        for d in report.detectors:
            for f in d.failed:
                console.print(f"{d.detector} failed on {f['subject_type']} {f['subject_id']}: {f['error']}",
                              markup=False, highlight=False, style="red")
        if any(d.failed for d in report.detectors):
            console.print("failed items stay pending: `harrier scan --errors` lists them")
        for step, n in report.steps.items():
            console.print(f"{step}: {n:,}")
        console.print(f"context signals {report.context_signals:,} · actionable verdicts {report.verdicts:,} · "
                      f"cases {report.cases:,} · {report.seconds:.1f} s")
