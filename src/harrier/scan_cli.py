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
    ) -> None:
        """Run every detector where it has not run yet, then context, policy and case assembly."""
        from harrier.pipeline import scan as run_scan

        store = open_store()
        report = run_scan(store, workers=workers, progress=not (quiet or json_out), only=only or None)
        if json_out:
            sys.stdout.write(orjson.dumps(report.to_json()).decode() + "\n")
            return
        table = Table(title=f"scan {report.run_id}")
        for col in ("detector", "scanned", "signals", "items/s"):
            table.add_column(col, justify="right" if col != "detector" else "left")
        for d in report.detectors:
            table.add_row(d.detector, f"{d.scanned:,}", f"{d.signals:,}", f"{d.rate:,.0f}")
        console.print(table)
        for step, n in report.steps.items():
            console.print(f"{step}: {n:,}")
        console.print(f"context signals {report.context_signals:,} · actionable verdicts {report.verdicts:,} · "
                      f"cases {report.cases:,} · {report.seconds:.1f} s")
