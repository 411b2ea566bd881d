"""Verbs: ``harrier hash``, ``harrier banks ...``, ``harrier eval pdq``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

console = Console(stderr=True)


def _line(obj: dict) -> None:
    sys.stdout.write(orjson.dumps(obj).decode() + "\n")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    banks_app = typer.Typer(help="Hash banks: lists of known PDQ/MD5 hashes to match media against.",
                            no_args_is_help=True)
    app.add_typer(banks_app, name="banks")

    @app.command("hash")
    def hash_cmd(
        paths: list[Path] = typer.Argument(..., help="Image files."),
        json_out: bool = typer.Option(False, "--json", help="One JSON object per line."),
        fast: bool = typer.Option(False, "--fast", help="JPEG draft decoding (the pipeline's mode, <= 4 bits "
                                  "from the reference on the fixtures, several times faster)."),
    ) -> None:
        """PDQ (64 hex) with quality, MD5 and SHA-256 of each file."""
        from harrier.detect.hashing.pdq import hash_file
        from harrier.detect.image.decode import ImageDecodeError

        table = Table("path", "pdq", "quality", "md5")
        failed = 0
        for p in paths:
            try:
                h = hash_file(p, fast=fast)
                rec = {"path": str(p), "pdq": h.pdq, "quality": h.quality, "md5": h.md5, "sha256": h.sha256}
            except (ImageDecodeError, OSError) as e:
                failed += 1
                rec = {"path": str(p), "error": getattr(e, "reason", None) or str(e)}
            if json_out:
                _line(rec)
            else:
                table.add_row(str(p), rec.get("pdq", f"[red]{rec.get('error')}[/]"), str(rec.get("quality", "")),
                              rec.get("md5", ""))
        if not json_out:
            Console().print(table)
        raise typer.Exit(1 if failed == len(paths) else 0)

    # ---- banks ----------------------------------------------------------------------------------------
    def _store():  # type: ignore[no-untyped-def]
        from harrier.store.db import open_store

        return open_store()

    def _fail(e: Exception) -> None:
        console.print(f"[red]{e}[/]")
        raise typer.Exit(2)

    @banks_app.command("create")
    def create(
        name: str,
        kind: str = typer.Option("pdq", "--kind", help="pdq or md5"),
        allow: bool = typer.Option(False, "--allow", help="An allow bank: its matches suppress other banks'."),
        threshold: int | None = typer.Option(None, "--threshold", help="Max PDQ Hamming distance (default 31)."),
        quality_floor: int = typer.Option(50, "--quality-floor", help="Media below this PDQ quality are skipped."),
        description: str | None = typer.Option(None, "--description"),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Create a bank."""
        from harrier.detect.hashing import banks

        with _store().session() as s:
            try:
                b = banks.create_bank(s, name, kind, role="allow" if allow else "block", threshold=threshold,
                                      quality_floor=quality_floor, description=description)
            except banks.BankError as e:
                _fail(e)
            out = banks.bank_json(b, 0)
        _line(out) if json_out else console.print(f"created bank {name!r} ({out['kind']}, {out['role']})")

    @banks_app.command("list")
    def list_cmd(json_out: bool = typer.Option(False, "--json")) -> None:
        """List banks with their settings and entry counts."""
        from harrier.detect.hashing import banks

        with _store().session() as s:
            rows = [banks.bank_json(b, n) for b, n in banks.list_banks(s)]
        if json_out:
            for r in rows:
                _line(r)
            return
        t = Table("name", "kind", "role", "threshold", "quality floor", "enabled", "entries", "version")
        for r in rows:
            t.add_row(r["name"], r["kind"], r["role"], str(r["threshold"]), str(r["quality_floor"]),
                      "yes" if r["enabled"] else "no", str(r["entries"]), str(r["version"]))
        Console().print(t)

    @banks_app.command("configure")
    def configure(
        name: str,
        threshold: int | None = typer.Option(None, "--threshold"),
        quality_floor: int | None = typer.Option(None, "--quality-floor"),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Change a bank's distance threshold or quality floor (re-matches that bank at the next scan)."""
        from harrier.detect.hashing import banks

        with _store().session() as s:
            try:
                b = banks.configure_bank(s, name, threshold=threshold, quality_floor=quality_floor)
            except banks.BankError as e:
                _fail(e)
            out = banks.bank_json(b)
        _line(out) if json_out else console.print(f"bank {name!r}: threshold {out['threshold']}, "
                                                  f"quality floor {out['quality_floor']}")

    def _toggle(name: str, enabled: bool, json_out: bool) -> None:
        from harrier.detect.hashing import banks

        with _store().session() as s:
            try:
                b = banks.configure_bank(s, name, enabled=enabled)
            except banks.BankError as e:
                _fail(e)
            out = banks.bank_json(b)
        _line(out) if json_out else console.print(f"bank {name!r} {'enabled' if enabled else 'disabled'}")

    @banks_app.command("enable")
    def enable(name: str, json_out: bool = typer.Option(False, "--json")) -> None:
        """Enable a bank."""
        _toggle(name, True, json_out)

    @banks_app.command("disable")
    def disable(name: str, json_out: bool = typer.Option(False, "--json")) -> None:
        """Disable a bank (its matches stop being reported at the next scan; entries are kept)."""
        _toggle(name, False, json_out)

    @banks_app.command("import")
    def import_cmd(
        name: str,
        file: Path = typer.Argument(..., exists=True, dir_okay=False),
        fmt: str = typer.Option("auto", "--format", help="auto, tx, te-csv or ncmec (see docs/HASHING.md)."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Add hashes from a file (hashes of the other kind and duplicates are skipped)."""
        from harrier.detect.hashing import banks

        text = file.read_text(encoding="utf-8", errors="replace")
        with _store().session() as s:
            try:
                b = banks.get_bank(s, name)
                parsed = banks.parse_entries(text, fmt, default_kind=b.kind)
                added = banks.add_entries(s, b, parsed)
            except banks.BankError as e:
                _fail(e)
        out = {"bank": name, "read": len(parsed), "added": added}
        _line(out) if json_out else console.print(f"{name}: read {len(parsed)} hashes, added {added}")

    @banks_app.command("export")
    def export_cmd(
        name: str,
        fmt: str = typer.Option("te-csv", "--format", help="tx, te-csv or ncmec."),
        out: Path | None = typer.Option(None, "--out", help="File (default stdout)."),
    ) -> None:
        """Write a bank's entries in an exchange format."""
        from harrier.detect.hashing import banks

        with _store().session() as s:
            try:
                text = banks.export_entries(s, banks.get_bank(s, name), fmt)
            except banks.BankError as e:
                _fail(e)
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")

    @banks_app.command("add")
    def add(
        name: str,
        hashes: list[str] = typer.Argument(..., help="Hashes (64 hex for pdq, 32 for md5)."),
        source_id: str | None = typer.Option(None, "--source-id"),
        labels: str | None = typer.Option(None, "--labels"),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Add hashes to a bank (incremental: nothing is rebuilt)."""
        from harrier.detect.hashing import banks

        with _store().session() as s:
            try:
                b = banks.get_bank(s, name)
                added = banks.add_entries(s, b, [banks.EntryIn(banks.normalise_hash(h, b.kind), b.kind, source_id,
                                                               labels) for h in hashes])
            except banks.BankError as e:
                _fail(e)
        _line({"bank": name, "added": added}) if json_out else console.print(f"{name}: added {added}")

    @banks_app.command("remove")
    def remove(
        name: str,
        hashes: list[str] = typer.Argument(None, help="Hashes to remove."),
        entry_id: list[int] = typer.Option([], "--entry-id", help="Entry ids to remove."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Remove entries; their matches go with them."""
        from harrier.detect.hashing import banks

        with _store().session() as s:
            try:
                n = banks.remove_entries(s, banks.get_bank(s, name), hashes or [], entry_id)
            except banks.BankError as e:
                _fail(e)
        _line({"bank": name, "removed": n}) if json_out else console.print(f"{name}: removed {n}")

    @banks_app.command("match")
    def match(
        paths: list[Path] = typer.Argument(..., help="Image files to hash and match."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Hash files and match them against the enabled banks (allow banks suppress other matches)."""
        from harrier.detect.hashing.banks import BankMatcher, apply_allow_banks
        from harrier.detect.hashing.pdq import hash_file
        from harrier.detect.image.decode import ImageDecodeError

        recs, items = [], []
        for p in paths:
            try:
                h = hash_file(p)
                recs.append({"path": str(p), "pdq": h.pdq, "quality": h.quality, "md5": h.md5})
                items.append((h.pdq, h.quality, h.md5))
            except (ImageDecodeError, OSError) as e:
                import hashlib

                md5 = hashlib.md5(p.read_bytes(), usedforsecurity=False).hexdigest() if p.is_file() else None
                recs.append({"path": str(p), "pdq": None, "quality": None, "md5": md5,
                             "error": getattr(e, "reason", None) or str(e)})
                items.append((None, None, md5))
        with _store().session() as s:
            results = BankMatcher(s).match(items)
        for rec, ms in zip(recs, results, strict=True):
            reported, suppressed = apply_allow_banks(ms)
            rec["matches"] = [m.to_json() for m in reported]
            rec["suppressed"] = [m.to_json() for m in suppressed]
            rec["allowed_by"] = [m.to_json() for m in ms if m.role == "allow"]
            if json_out:
                _line(rec)
            else:
                desc = ", ".join(f"{m['bank']}#{m['entry_id']} d={m['distance']}" for m in rec["matches"]) or "-"
                console.print(f"{rec['path']}: {desc}" + (" (suppressed by allow bank)" if suppressed else ""))

    # ---- eval -----------------------------------------------------------------------------------------
    @eval_app.command("pdq")
    def eval_pdq(
        directory: Path = typer.Argument(..., exists=True, file_okay=False),
        json_out: bool = typer.Option(False, "--json"),
        tolerance: int = typer.Option(16, "--tolerance", help="Max bits from the expected hash."),
        ref_tolerance: int = typer.Option(2, "--ref-tolerance", help="Max bits from the pdqhash C++ reference."),
    ) -> None:
        """Hash DIR/expected.csv's files; print distances to the expected hash and to pdqhash (C++)."""
        from harrier.detect.hashing.eval import evaluate_pdq

        rows = evaluate_pdq(directory)
        ok = True
        t = Table("file", "quality", "to expected", "to pdqhash", "fast: to pdqhash", "pass")
        for r in rows:
            good = r["to_expected"] is not None and r["to_expected"] <= tolerance and (
                r["to_reference"] is None or r["to_reference"] <= ref_tolerance)
            ok &= good
            r["pass"] = good
            if json_out:
                _line(r)
            else:
                t.add_row(r["file"], str(r["quality"]), str(r["to_expected"]), str(r["to_reference"]),
                          str(r["fast_to_reference"]), "[green]yes[/]" if good else "[red]no[/]")
        if not json_out:
            Console().print(t)
            console.print(f"{sum(r['pass'] for r in rows)}/{len(rows)} within {tolerance} bits of expected and "
                          f"{ref_tolerance} of pdqhash")
        raise typer.Exit(0 if ok else 1)


def read_manifest(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def progress() -> Progress:
    return Progress(console=console, transient=True)
