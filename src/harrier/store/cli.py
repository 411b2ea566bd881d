"""Store verbs: ``harrier db migrate|backup|restore``, ``harrier signals``, ``harrier audit verify|export``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from harrier.store import audit as audit_log
from harrier.store.db import open_store

console = Console(stderr=True)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    db_app = typer.Typer(help="Database schema, backup and restore.", no_args_is_help=True)
    audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    signals_app = typer.Typer(help="The registry of signal kinds.", no_args_is_help=True)
    app.add_typer(db_app, name="db")
    app.add_typer(audit_app, name="audit")
    app.add_typer(signals_app, name="signals")

    @db_app.command("migrate")
    def migrate() -> None:
        """Create or upgrade the schema at HARRIER_DATABASE_URL."""
        store = open_store()
        console.print(f"schema up to date at {store.engine.url.render_as_string(hide_password=True)}")

    @db_app.command("backup")
    def backup_cmd(path: Path = typer.Argument(..., help="Backup file to write."),
                   force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
                   json_out: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
        """Back up the store: SQLite's online backup (consistent while `serve` runs), or pg_dump -Fc."""
        from harrier.store.backup import BackupError, backup

        try:
            report = backup(open_store(), path, force)
        except BackupError as e:
            console.print(f"[red]backup failed[/]: {e}")
            raise typer.Exit(1) from None
        _report(report, json_out, f"backed up to {path}")
        raise typer.Exit(0 if report.ok else 1)

    @db_app.command("restore")
    def restore_cmd(path: Path = typer.Argument(..., help="Backup file written by `harrier db backup`."),
                    force: bool = typer.Option(False, "--force", help="Replace a store that holds data."),
                    json_out: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
        """Restore a backup into the store at HARRIER_DATABASE_URL, then verify the audit chain and row counts."""
        from harrier.store.backup import BackupError, restore

        try:
            report = restore(open_store(), path, force)
        except BackupError as e:
            console.print(f"[red]restore refused[/]: {e}")
            raise typer.Exit(1) from None
        _report(report, json_out, f"restored from {path}")
        raise typer.Exit(0 if report.ok else 1)

    @audit_app.command("verify")
    def verify(json_out: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
        """Check the hash chain; exit 1 naming the first bad entry if anything was edited or removed."""
        store = open_store()
        with store.session() as s:
            res = audit_log.verify(s)
        if json_out:
            sys.stdout.write(orjson.dumps(res.__dict__).decode() + "\n")
        elif res.ok:
            console.print(f"[green]audit log intact[/]: {res.checked} entries verified")
        else:
            console.print(f"[red]audit log tampered[/]: first bad entry id={res.first_bad_id}: {res.reason}")
        raise typer.Exit(0 if res.ok else 1)

    @audit_app.command("export")
    def export(out: typer.FileTextWrite = typer.Option("-", "--out", help="CSV file (default stdout).")) -> None:
        """Export the audit log as CSV."""
        store = open_store()
        w = csv.writer(out)
        w.writerow(["id", "at", "actor", "action", "target_type", "target_id", "details", "note",
                    "prev_hash", "hash"])
        with store.session() as s:
            for e in audit_log.iter_entries(s):
                w.writerow([e.id, e.at.isoformat(), e.actor, e.action, e.target_type, e.target_id,
                            orjson.dumps(e.details).decode() if e.details else "", e.note or "",
                            e.prev_hash, e.hash])

    @signals_app.command("kinds")
    def kinds(markdown: bool = typer.Option(False, "--markdown", help="Print docs/SIGNALS.md.")) -> None:
        """List every registered signal kind."""
        from harrier.detect.registry import load_kind_modules
        from harrier.model.signals import KINDS

        load_kind_modules()
        if markdown:
            sys.stdout.write(signals_markdown())
            return
        for k in sorted(KINDS.values(), key=lambda k: k.name):
            typer.echo(f"{k.name}\t{','.join(k.subjects)}\t{k.description}")


def _report(report: Any, json_out: bool, done: str) -> None:
    """Row counts per table and the audit chain's state, after a backup or restore."""
    if json_out:
        sys.stdout.write(orjson.dumps(report.to_json()).decode() + "\n")
        return
    t = Table("table", "rows")
    for name, n in report.counts.items():
        t.add_row(name, str(n))
    console.print(t)
    for name, (want, got) in report.mismatched.items():
        console.print(f"[red]{name}: {got} rows restored, the backup holds {want}[/]")
    if report.audit_ok:
        console.print(f"[green]{done}[/]: {sum(report.counts.values())} rows in {len(report.counts)} tables; "
                      f"audit chain verified ({report.audit_entries} entries)")
    else:
        console.print(f"[red]{done}, but the audit chain does not verify[/]: {report.audit_problem}")


def signals_markdown() -> str:
    """docs/SIGNALS.md, generated from the registry so the two never drift apart (a test compares them)."""
    from harrier.detect.registry import DETECTORS, load_kind_modules
    from harrier.model.signals import KINDS

    load_kind_modules()
    lines = [
        "# Signal kinds",
        "",
        "Generated by `harrier signals kinds --markdown` from the registry; a test fails when this file is stale.",
        "Every signal carries `subject`, `kind`, `score`, `detector` (`name@version`) and `evidence`.",
        "",
        "## Detectors",
        "",
        "| detector | version | subject | stage |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{d.name}` | {d.version} | {d.subject_type} | {d.stage} |" for d in DETECTORS]
    lines += ["", "## Kinds", "", "| kind | subjects | score | severity when strong | meaning |",
              "|---|---|---|---|---|"]
    for k in sorted(KINDS.values(), key=lambda k: k.name):
        lines.append(f"| `{k.name}` | {', '.join(k.subjects)} | {k.score} | {k.severity_hint} | {k.description} |")
    return "\n".join(lines) + "\n"
