"""Verb: ``harrier audit-dataset SOURCE --out DIR`` (docs/AUDIT.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

console = Console(stderr=True)


class RateColumn(ProgressColumn):
    """Images per second (Rich's own speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        return Text("" if task.speed is None else f"{task.speed:.1f} img/s", style="progress.data.speed")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("audit-dataset")
    def audit_dataset_cmd(
        source: str = typer.Argument(..., help="A folder of images (recursive), a Parquet/CSV file with an image "
                                     "path column, or WebDataset .tar shards (a file, a folder or a glob)."),
        out: Path = typer.Option(..., "--out", help="Output folder (summary.json, images.parquet, report.html; "
                                 "its checkpoint makes a re-run resume)."),
        engine: str = typer.Option("local", "--engine", help="local (process pool) or ray (Ray Data)."),
        address: str | None = typer.Option(None, "--address", help="With --engine ray: the cluster to join "
                                           "(HEAD:6379 or ray://HEAD:10001; default RAY_ADDRESS, else a private "
                                           "local Ray)."),
        workers: int | None = typer.Option(None, "--workers", help="Processes or Ray actors (default: CPUs; 1 "
                                           "runs inline)."),
        banks: list[str] | None = typer.Option(None, "--banks", help="Hash banks to match (repeat or comma-"
                                               "separate; default every enabled bank)."),
        path_column: str | None = typer.Option(None, "--path-column", help="Image path column of a Parquet/CSV "
                                               "source (default: path, image_path or file)."),
        batch_size: int = typer.Option(8, "--batch-size", help="Images per task (and per checkpoint commit)."),
        json_out: bool = typer.Option(False, "--json", help="Print summary.json; no progress bar."),
    ) -> None:
        """Audit an image dataset: hashes and bank matches, AI provenance, faces and minor likelihood, nudity,
        near-duplicate clusters; per image exactly what ``harrier image scan`` says."""
        from harrier.audit.run import audit_dataset
        from harrier.audit.sources import SourceError

        names = [n.strip() for b in banks or [] for n in b.split(",") if n.strip()] or None
        progress = Progress(TextColumn("auditing images"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console,
                            disable=json_out, transient=True)
        task = progress.add_task("audit", total=None)
        try:
            with progress:
                summ = audit_dataset(source, out, engine=engine, workers=workers, banks=names, address=address,
                                     path_column=path_column, batch_size=max(1, batch_size),
                                     on_total=lambda n: progress.update(task, total=n),
                                     on_progress=lambda n: progress.advance(task, n))
        except (SourceError, ValueError) as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(2) from e
        if json_out:
            sys.stdout.write(orjson.dumps(summ, option=orjson.OPT_SORT_KEYS).decode() + "\n")
            return
        console.print(f"{summ['images']} images, {summ['decoded']} decoded, {summ['errors']} errors; AI-generated "
                      f"{summ['ai_generated']}, minor faces {summ['with_minor_faces']}, nudity "
                      f"{summ['nudity_flagged']}, minor and nudity {summ['minor_and_nudity']}, bank matches "
                      f"{summ['bank_matches']}, near-duplicate clusters {summ['near_duplicate_clusters']}")
        console.print(f"wrote {out / 'summary.json'}, {out / 'images.parquet'}, {out / 'report.html'}")
