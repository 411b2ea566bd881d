"""Verb: ``harrier sharecheck PHOTO...``: a clean copy of each photo to share, and what to think about first."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.markup import escape

console = Console(stderr=True)


class MaskStyle(StrEnum):
    blur = "blur"
    pixelate = "pixelate"
    emoji = "emoji"


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("sharecheck")
    def sharecheck(
        photos: list[Path] = typer.Argument(..., help="Photos to check (JPEG, PNG, WebP; HEIC with pillow-heif)."),
        out: Path = typer.Option(Path("sharecheck-out"), "--out", help="Folder for the clean copies."),
        mask: MaskStyle = typer.Option(MaskStyle.blur, "--mask", help="How faces are masked."),
        mask_all: bool = typer.Option(False, "--mask-all", help="Mask adults' faces too, not only children's."),
        caption: str | None = typer.Option(None, "--caption", help="The caption you mean to post (checked too)."),
        json_out: bool = typer.Option(False, "--json", help="Print a JSON list, one object per photo."),
    ) -> None:
        """Offline, before you post: writes a copy of each photo without its hidden data (location, camera serial
        numbers, names, preview thumbnail) and with children's faces masked, and checks the caption."""
        from harrier.sharecheck.check import check_photo

        taken: set[Path] = set()
        reports = []
        with console.status("checking photos (the face models load once)..."):
            for p in photos:
                reports.append(check_photo(p, out, mask=mask.value, mask_all=mask_all, caption=caption,
                                           taken=taken))
        if json_out:
            sys.stdout.write(orjson.dumps([r.model_dump(mode="json") for r in reports],
                                          option=orjson.OPT_INDENT_2).decode() + "\n")
        else:
            _print(reports, caption)
        raise typer.Exit(1 if any(r.error for r in reports) else 0)


def _print(reports: list, caption: str | None) -> None:
    con = Console()
    for r in reports:
        con.rule(escape(r.path))
        if r.error:
            con.print(f"[red]could not check:[/] {escape(r.error)}")
            continue
        con.print(f"clean copy: [bold]{escape(r.out_path or '')}[/]")
        if r.removed:
            con.print(f"removed {len(r.removed)} hidden field(s): {escape(', '.join(r.removed))}")
        else:
            con.print("no hidden fields were found")
        kids = sum(1 for f in r.faces if f.minor_likelihood >= 0.5)
        con.print(f"faces: {len(r.faces)} found, {kids} look like a child's, "
                  f"{sum(1 for f in r.faces if f.masked)} masked")
        for a in r.advice:
            con.print(f"  - {escape(a)}")
    if caption is not None and reports:
        risks = reports[0].caption_risks
        con.rule("caption")
        if not risks:
            con.print("nothing in the caption stood out")
        for k in risks:
            con.print(f"[yellow]{escape(k.kind)}[/] \"{escape(k.text)}\": {escape(k.advice)}")
