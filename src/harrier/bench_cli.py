"""``harrier bench``: run the benchmark scripts of a source checkout (bench/*.py). Benchmarks report numbers
(throughput, peak memory); they are not tests. Results go to docs/BENCHMARKS.md with the machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

BENCH_DIR = Path(os.environ.get("HARRIER_BENCH_DIR", Path(__file__).resolve().parents[2] / "bench"))


def _scripts() -> dict[str, Path]:
    return {p.stem: p for p in sorted(BENCH_DIR.glob("*.py")) if not p.stem.startswith("_")}


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    bench_app = typer.Typer(help="Benchmarks (bench/*.py of a source checkout).", no_args_is_help=True)
    app.add_typer(bench_app, name="bench")

    @bench_app.command("list")
    def list_benches() -> None:
        """List the benchmarks."""
        scripts = _scripts()
        if not scripts:
            typer.echo(f"no benchmarks in {BENCH_DIR} (set HARRIER_BENCH_DIR to a checkout's bench/)", err=True)
            raise typer.Exit(1)
        for name, path in scripts.items():
            doc = path.read_text(encoding="utf-8").split('"""')
            first = doc[1].strip().splitlines()[0] if len(doc) > 2 else ""
            typer.echo(f"{name}\t{first}")

    @bench_app.command("run", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def run(ctx: typer.Context, name: str = typer.Argument(..., help="Benchmark name (see `bench list`).")) -> None:
        """Run one benchmark; extra arguments are passed to the script."""
        scripts = _scripts()
        if name not in scripts:
            typer.echo(f"unknown benchmark {name!r}; known: {', '.join(scripts) or 'none'}", err=True)
            raise typer.Exit(2)
        raise typer.Exit(subprocess.call([sys.executable, str(scripts[name]), *ctx.args]))
