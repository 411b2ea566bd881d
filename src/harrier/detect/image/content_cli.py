"""Verbs: ``harrier image scan PATH...``, ``harrier eval faces DIR``, ``harrier models list``."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

console = Console(stderr=True)


def image_group(app: typer.Typer) -> typer.Typer:
    """The ``harrier image`` group, shared by every image verb: get it if another area made it, else make it."""
    for g in app.registered_groups:
        if g.name == "image" and g.typer_instance is not None:
            return g.typer_instance
    group = typer.Typer(help="Image analysis: provenance, faces and age, nudity.", no_args_is_help=True)
    app.add_typer(group, name="image")
    return group


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=console, transient=True)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    image_app = image_group(app)
    models_app = typer.Typer(help="The bundled models (and user-supplied replacements).", no_args_is_help=True)
    app.add_typer(models_app, name="models")

    @image_app.command("scan")
    def scan(
        paths: list[Path] = typer.Argument(..., help="Image files (or folders: every file inside)."),
        json_out: bool = typer.Option(False, "--json", help="One JSON object per line."),
        no_content: bool = typer.Option(False, "--no-content", help="Skip faces/age/nudity (provenance + PDQ)."),
    ) -> None:
        """Provenance, PDQ, faces with ages, minor-likelihood and nudity for each image."""
        from harrier.detect.image.content import ContentAnalyser
        from harrier.detect.image.scan import scan_file

        files: list[Path] = []
        for p in paths:
            files.extend(sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p])
        analyser = None if no_content else ContentAnalyser()
        rows = []
        with _progress() as bar:
            task = bar.add_task("scanning images", total=len(files))
            for f in files:
                rec = scan_file(f, analyser, content=not no_content)
                if json_out:
                    sys.stdout.write(orjson.dumps(rec).decode() + "\n")
                    sys.stdout.flush()
                else:
                    rows.append(rec)
                bar.advance(task)
        if not json_out:
            t = Table("path", "AI", "faces (age)", "minor", "nudity", "error")
            for r in rows:
                faces = ", ".join(f"{f['age']:.0f}" if f["age"] is not None else "?" for f in r["faces"])
                ml = r["minor_likelihood"]
                t.add_row(r["path"], r["ai_generated"], faces, "" if ml is None else f"{ml:.2f}",
                          f"{r.get('nudity_score', 0):.2f}" if r["nudity"] else "", r["error"] or "")
            Console().print(t)
        # Exit 0 even when some files failed: an unreadable file is a result (its ``error``), not a crash.

    @eval_app.command("faces")
    def eval_faces(
        directory: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder with labels.csv."),
        threshold: float = typer.Option(0.5, help="Operating threshold on minor_likelihood."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """ROC AUC of minor_likelihood (0-12 vs 18+), recall of 13-17, per gender and race group."""
        from harrier.detect.image.face_eval import evaluate

        with _progress() as bar:
            task = bar.add_task("estimating ages", total=None)
            res = evaluate(directory, threshold,
                           progress=lambda n, total: bar.update(task, completed=n, total=total))
        if json_out:
            sys.stdout.write(orjson.dumps(res).decode() + "\n")
        else:
            t = Table("group", "n", "AUC 0-12 vs 18+", "recall 0-12", "recall 13-17", "FPR 18+")
            for name, m in [("overall", res["overall"]), *res["groups"].items()]:
                t.add_row(name, str(m["n"]), str(m["auc_child_vs_adult"]), str(m["recall_child"]),
                          str(m["recall_teen"]), str(m["false_positive_rate_adult"]))
            Console().print(t)
            verdict = "[green]PASS[/]" if res["passed"] else "[red]FAIL[/]"
            console.print(f"{verdict}: overall AUC >= {res['bar']['auc']}, every group >= {res['bar']['group_auc']}"
                          f" (worst group {res['worst_group_auc']})")
        raise typer.Exit(0 if res["passed"] else 1)

    @models_app.command("list")
    def list_models(json_out: bool = typer.Option(False, "--json", help="One JSON object per line.")) -> None:
        """Every registered model: where it resolves (bundled wheel, env var), version, sha256, licence."""
        from harrier.detect import models
        from harrier.detect.text import embedder, intent, stage2  # noqa: F401  (they register the text models)

        rows = []
        for name in sorted(models.specs()):
            try:
                rows.append(models.info(name))
            except (FileNotFoundError, ValueError) as e:
                rows.append({"name": name, "error": str(e)})
        if json_out:
            for r in rows:
                sys.stdout.write(orjson.dumps(r).decode() + "\n")
            return
        t = Table("name", "version", "sha256", "source", "licence")
        for r in rows:
            t.add_row(r["name"], r.get("version", ""), (r.get("sha256") or "")[:16], r.get("source", r.get("error")),
                      r.get("licence", ""))
        Console().print(t)
