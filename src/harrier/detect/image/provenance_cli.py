"""Verbs: ``harrier image provenance PATH... --json`` and ``harrier eval provenance DIR``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from harrier.detect.image.content_cli import image_group  # one shared `image` group

console = Console(stderr=True)


def expected_verdict(text: str) -> str:
    """The shared manifest's free-text verdicts: "yes", "no (no source type)", "synthetic test image (not
    trained-AI)" -> yes / no / unknown."""
    t = text.strip().lower()
    if t.startswith("yes"):
        return "yes"
    if t.startswith("no") or "not trained" in t:
        return "no"
    return "unknown"


def evaluate(directory: Path) -> list[dict[str, Any]]:
    from harrier.detect.image.provenance import read_provenance

    rows = []
    with (directory / "manifest.csv").open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            p = read_provenance(directory / r["file"])
            exp = expected_verdict(r.get("expected_ai_generated", ""))
            want = (r.get("marker_type") or "").strip()
            types = {m.type for m in p.markers}
            strong = [m for m in p.markers if m.strength in ("ai", "hint")]
            marker_ok = (not strong) if want in ("", "none") else want in types
            rows.append({"file": r["file"], "expected": exp, "got": p.ai_generated, "generator": p.generator,
                         "expected_marker": want or "none", "markers": sorted(types),
                         "verdict_ok": p.ai_generated == exp, "marker_ok": marker_ok,
                         "false_ai": p.ai_generated == "yes" and want in ("", "none")})
    return rows


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    image_app = image_group(app)

    @image_app.command("provenance")
    def provenance(
        paths: list[Path] = typer.Argument(..., help="Image files."),
        json_out: bool = typer.Option(False, "--json", help="One JSON object per line."),
    ) -> None:
        """Read AI-provenance markers (C2PA, IPTC/XMP, EXIF, generator metadata, stealth, SD watermark)."""
        from harrier.detect.image.provenance import read_provenance

        for p in paths:
            res = read_provenance(p).to_json(str(p))
            if json_out:
                sys.stdout.write(orjson.dumps(res).decode() + "\n")
                continue
            colour = {"yes": "red", "unknown": "yellow", "no": "green"}[res["ai_generated"]]
            Console().print(f"[bold]{p}[/]: ai_generated=[{colour}]{res['ai_generated']}[/]"
                            + (f" generator={res['generator']}" if res["generator"] else "")
                            + (f" [red]error: {res['error']}[/]" if res.get("error") else ""))
            for m in res["markers"]:
                v = m["value"] if len(m["value"]) < 100 else m["value"][:100] + "…"
                Console().print(f"  {m['type']:20s} {m['strength']:7s} {m['field']}: {v}", markup=False)

    @eval_app.command("provenance")
    def eval_provenance(
        directory: Path = typer.Argument(..., exists=True, file_okay=False),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Read DIR/manifest.csv; print each file's verdict against the expected one, and the accuracy."""
        rows = evaluate(directory)
        if json_out:
            for r in rows:
                sys.stdout.write(orjson.dumps(r).decode() + "\n")
        else:
            t = Table("file", "expected", "got", "generator", "expected marker", "found", "ok")
            for r in rows:
                ok = r["verdict_ok"] and r["marker_ok"]
                t.add_row(r["file"], r["expected"], r["got"], r["generator"] or "", r["expected_marker"],
                          ", ".join(r["markers"]), "[green]yes[/]" if ok else "[red]no[/]")
            Console().print(t)
        n = len(rows)
        acc = sum(r["verdict_ok"] for r in rows) / n if n else 0.0
        macc = sum(r["marker_ok"] for r in rows) / n if n else 0.0
        false_ai = sum(r["false_ai"] for r in rows)
        console.print(f"verdict accuracy {acc:.3f} ({sum(r['verdict_ok'] for r in rows)}/{n}); marker accuracy "
                      f"{macc:.3f}; marker-less files called AI: {false_ai}")
        raise typer.Exit(0 if acc == 1.0 and macc == 1.0 and false_ai == 0 else 1)
