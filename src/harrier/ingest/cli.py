"""Ingest verbs: ``harrier ingest FOLDER`` and ``harrier format schemas``."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer
from rich import box
from rich.console import Console
from rich.table import Table

from harrier.ingest.report import MAX_ERRORS_KEPT, IngestReport

console = Console(stderr=True)
SHOWN_ERRORS = 20


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    format_app = typer.Typer(help="The platform export format (docs/FORMAT.md).", no_args_is_help=True)
    app.add_typer(format_app, name="format")

    @app.command("ingest")
    def ingest(
        folder: Path = typer.Argument(..., help="Export folder: manifest.json, accounts.jsonl, posts.jsonl, ..."),
        json_out: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
        batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Records per transaction."),
        strict: bool = typer.Option(False, "--strict", help="Exit 1 if any line was rejected or any media "
                                    "file could not be stored."),
        restart: bool = typer.Option(False, "--restart", help="Read every file again, also those an earlier "
                                     "run finished (still idempotent)."),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    ) -> None:
        """Ingest a platform export folder (JSONL or Parquet). Bad lines are reported with file:line: field
        and quarantined; everything else goes in. Safe to re-run and to resume after a crash."""
        from harrier.ingest import ExportError, run_ingest
        from harrier.store.db import open_store

        store = open_store()
        try:
            report = run_ingest(store, folder, progress=progress and not json_out, batch_size=batch_size,
                                restart=restart)
        except ExportError as e:
            if json_out:
                sys.stdout.write(orjson.dumps({"error": str(e)}).decode() + "\n")
            console.print(f"[red]cannot ingest[/]: {e}")
            raise typer.Exit(2) from None
        if json_out:
            sys.stdout.write(orjson.dumps(report.to_dict()).decode() + "\n")
        else:
            print_report(report)
        failed = report.rejected or any(f.media_errors or f.status == "failed" for f in report.files)
        raise typer.Exit(1 if strict and failed else 0)

    @format_app.command("schemas")
    def schemas_cmd(out: Path = typer.Option(Path("docs/schemas"), "--out", help="Folder to write into."),
                    json_out: bool = typer.Option(False, "--json", help="Print the written paths as JSON.")) -> None:
        """Write the JSON Schema of every export file (generated from the validator's models)."""
        from harrier.ingest.schemas import write_schemas

        paths = write_schemas(out)
        if json_out:
            sys.stdout.write(orjson.dumps([str(p) for p in paths]).decode() + "\n")
        else:
            for p in paths:
                console.print(f"wrote {p}")


def print_report(report: IngestReport) -> None:
    for w in report.warnings[:SHOWN_ERRORS]:
        console.print(f"[yellow]warning[/]: {w}", highlight=False, soft_wrap=True)
    if report.warning_count > SHOWN_ERRORS:
        console.print(f"[yellow]{report.warning_count:,} warnings[/], the first {SHOWN_ERRORS} above "
                      f"(--json lists up to {MAX_ERRORS_KEPT:,})")
    table = Table(title=f"ingested {report.folder}", title_justify="left", box=box.SIMPLE_HEAD)
    rows = []
    for f in report.files:
        status = f"resumed after line {f.resumed_from:,}" if f.status == "resumed" else f.status
        rows.append([f.file, status, f"{f.inserted:,}", f"{f.updated:,}", f"{f.unchanged:,}", f"{f.rejected:,}",
                     f"{f.media_errors:,}"])
    headers = ["file", "status", "new", "changed", "same", "rejected", "media err"]  # new + changed + same = accepted
    for i, col in enumerate(headers):
        width = max([len(col)] + [len(r[i]) for r in rows])
        table.add_column(col, justify="left" if i < 2 else "right", no_wrap=True, min_width=width)
    for r in rows:
        r[5] = f"[red]{r[5]}[/]" if r[5] != "0" else r[5]
        r[6] = f"[yellow]{r[6]}[/]" if r[6] != "0" else r[6]
        table.add_row(*r)
    console.print(table)
    console.print(f"{report.events:,} records in {report.elapsed:.1f}s ({report.rate:,.0f}/s): "
                  f"{report.accepted:,} accepted, {report.rejected:,} rejected")
    if report.error_count:
        console.print(f"[red]{report.error_count:,} problem(s)[/]"
                      + (f", the first {SHOWN_ERRORS}:" if report.error_count > SHOWN_ERRORS else ":"))
        for e in report.errors[:SHOWN_ERRORS]:
            console.print(f"  {e}", markup=False, highlight=False, soft_wrap=True)  # one line each: greppable
        quarantined = [f.quarantine for f in report.files if f.quarantine]
        where = ", ".join(quarantined) if quarantined else report.quarantine_dir
        console.print(f"lines with problems, as they came and with their errors: {where}", markup=False,
                      highlight=False, soft_wrap=True)
