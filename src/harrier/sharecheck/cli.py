"""Verbs: ``harrier sharecheck PHOTO...``: a clean copy of each photo to share, and what to think about first;
``harrier sharecheck serve``: the same as a local page for parents.

``sharecheck`` is a group whose default command is ``check``: anything that is not a sub-command name goes to
``check``, so ``harrier sharecheck a.jpg --json`` works as it always did (a photo file literally named ``serve``
needs ``./serve``)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import click
import orjson
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

console = Console(stderr=True)


class MaskStyle(StrEnum):
    blur = "blur"
    pixelate = "pixelate"
    emoji = "emoji"


class _DefaultCheck(TyperGroup):
    """Route ``sharecheck PHOTO...`` (and ``sharecheck --caption ... PHOTO``) to the ``check`` command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    share_app = typer.Typer(cls=_DefaultCheck, no_args_is_help=True,
                            help="Share with care: check photos before you post them (offline).")
    app.add_typer(share_app, name="sharecheck")

    @share_app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; loopback keeps the page on this "
                                 "computer."),
        port: int = typer.Option(8766, "--port", help="Port to listen on."),
    ) -> None:
        """A local page for parents: drop photos, see what each would give away, choose the faces to mask and
        download the cleaned copy. Photos stay in memory: nothing is saved to disk or sent anywhere."""
        from harrier.sharecheck.page import serve as serve_page

        console.print(f"Share check page: http://{host}:{port}/  (Ctrl-C to stop)")
        serve_page(host, port)

    @share_app.command("check")
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
    from harrier.sharecheck.faces import MINOR_THRESHOLD

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
        kids = sum(1 for f in r.faces if f.minor_likelihood >= MINOR_THRESHOLD)
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
