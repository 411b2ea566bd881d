"""The ``harrier`` command. Each area contributes its verbs through a ``register(app, eval_app)`` function
in its own ``cli`` module, listed in AREAS: adding a verb never means editing another area's code."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="harrier",
    help="Find the sexualisation of children on social platforms, in context: detect, investigate, review, "
    "enforce.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
eval_app = typer.Typer(help="Measure Harrier against labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

AREAS: list[str] = [
    "harrier.store.cli",
    "harrier.ingest.cli",
    "harrier.review.cli",
    "harrier.enforce.cli",
    "harrier.context.cli",
    "harrier.scan_cli",
    "harrier.live.cli",
    "harrier.bench_cli",
    "harrier.demo.cli",
    "harrier.policy.cli",
    "harrier.detect.image.content_cli",
    "harrier.detect.image.provenance_cli",
    "harrier.detect.hashing.cli",
    "harrier.detect.text.cli",
    "harrier.evaluation.cli",
    "harrier.sharecheck.cli",
    "harrier.audit.cli",
]

for _area in AREAS:
    importlib.import_module(_area).register(app, eval_app)


if __name__ == "__main__":
    app()
