"""``harrier eval platform EXPORT --truth TRUTH.json``: ingest, scan and score a platform we did not write."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @eval_app.command("platform")
    def eval_platform(
        export: Path = typer.Argument(..., exists=True, file_okay=False, help="The platform export folder."),
        truth_file: Path = typer.Option(..., "--truth", exists=True, dir_okay=False,
                                        help="Truth file (docs/EVALUATION.md: harmful, roles, rings, hard_negative)."),
        cases_file: Path | None = typer.Option(None, "--cases", exists=True, dir_okay=False,
                                               help="Score this case export instead of ingesting and scanning."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
        workers: int | None = typer.Option(None, "--workers", help="Detector worker processes for the scan."),
    ) -> None:
        """Ingest EXPORT into the store (idempotent), scan it (incremental) and score the cases against the
        truth file: recall in the top 50/100 per role, hard negatives, ring pairwise P/R/F1, cases per 1,000
        accounts. The truth is read only to score: nothing is tuned on it."""
        from harrier.demo.cli import cases_from_store
        from harrier.demo.metrics import load_case_export
        from harrier.evaluation.platform import Truth, count_accounts, count_remarks, evaluate, summary_lines

        try:
            truth = Truth.load(truth_file)
            n_accounts = count_accounts(export)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from e
        if cases_file is not None:
            cases = load_case_export(cases_file)
        else:
            from harrier.ingest.runner import run_ingest
            from harrier.pipeline import scan
            from harrier.store.db import open_store

            store = open_store()
            quiet = json_out
            run_ingest(store, export, progress=not quiet)
            scan(store, workers=workers, progress=not quiet)
            cases = cases_from_store(store)
        remarks = count_remarks(export, truth.harmful_comments()) if truth.comments is not None else None
        res = evaluate(truth, cases, n_accounts, remarks)
        if json_out:
            sys.stdout.write(orjson.dumps(res).decode() + "\n")
        else:
            for line in summary_lines(res):
                typer.echo(line)

    @eval_app.command("phrasings")
    def eval_phrasings(
        paths: list[Path] = typer.Argument(None, exists=True, dir_okay=False,
                                           help="Real-phrasing files (data/eval/README.md), scored together; "
                                                "default data/eval/real_phrasings_v1.jsonl."),
        context: str = typer.Option(None, "--context",
                                    help="Score every remark under this post instead of its own: child_photo, "
                                         "adult_photo or none (what everyday_v1.jsonl's lines would do there)."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """Score remarks quoted in public reporting, each under its post's context: harmful recall and benign
        remarks flagged, per language, category, context and cue (words that carry one, or plain words). Evaluation
        only (never trained or tuned on)."""
        from harrier.evaluation.phrasings import CONTEXT, evaluate, load

        if context is not None and context not in CONTEXT:
            raise typer.BadParameter(" or ".join(CONTEXT), param_hint="--context")
        try:
            items = [it for p in paths or [Path("data/eval/real_phrasings_v1.jsonl")] for it in load(p)]
        except ValueError as e:
            raise typer.BadParameter(str(e)) from e
        if context is not None:
            items = [{**it, "context": context} for it in items]
        res = evaluate(items)
        if json_out:
            sys.stdout.write(orjson.dumps(res).decode() + "\n")
            return
        typer.echo(f"{res['items']} remarks: harmful recall {res['harmful_recall']} ({res['harmful']}), "
                   f"benign flagged {res['benign_flagged']} ({res['benign']})")
        for key in ("by_lang", "by_category", "by_context", "by_cue"):
            for k, v in res[key].items():
                typer.echo(f"  {key[3:]:8} {k:20} harmful {v['harmful']:4} recall {v['harmful_recall']}  "
                           f"benign {v['benign']:4} flagged {v['benign_flagged']}")
