"""Text verbs: ``harrier text score|train|split|normalise`` and ``harrier eval text``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console(stderr=True)
REPO_DATA = Path("data/text")
HEAD_OUT = Path(__file__).parent / "data" / "intent_head.npz"


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    text_app = typer.Typer(help="Text detection: score comments, train the intent head, build the corpus split.",
                           no_args_is_help=True)
    app.add_typer(text_app, name="text")

    @text_app.command("score")
    def score(
        in_: Path = typer.Option(..., "--in", help="JSONL: {id, text, lang?, context?: {minor_likelihood, "
                                 "parent_text?}}"),
        out: Path = typer.Option(..., "--out", help="JSONL: {id, scores, flagged, severity, spans, lang}"),
        batch: int = typer.Option(512, help="Texts per model batch."),
        json_out: bool = typer.Option(False, "--json", help="Print a JSON summary on stdout."),
    ) -> None:
        """Score a JSONL file of texts; spans point at the original characters. A malformed line is reported
        as file:line: field and nothing is written."""
        from harrier.detect.text.score import score_texts

        try:
            items = read_score_input(in_)
        except ScoreInputError as e:  # the data's fault, not the command line's: one plain line, exit 1
            console.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from e
        flagged = 0
        # Written beside the target and renamed at the end: a failure leaves no partial or empty output.
        tmp = out.with_name(f".{out.name}.partial")
        try:
            with tmp.open("wb") as f, _progress() as prog:
                task = prog.add_task("scoring", total=len(items))
                for i in range(0, len(items), max(1, batch)):
                    for r in score_texts(items[i:i + batch]):
                        flagged += r["flagged"]
                        f.write(orjson.dumps(r) + b"\n")
                    prog.advance(task, len(items[i:i + batch]))
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        summary = {"in": str(in_), "out": str(out), "texts": len(items), "flagged": flagged}
        if json_out:
            sys.stdout.write(orjson.dumps(summary).decode() + "\n")
        else:
            console.print(f"scored {len(items)} texts, {flagged} flagged -> {out}")

    @text_app.command("normalise")
    def normalise_cmd(text: str, json_out: bool = typer.Option(False, "--json")) -> None:
        """Show the canonical form of a text and the lexicon hits (with original offsets)."""
        from harrier.detect.text import lexicon
        from harrier.detect.text.normalise import normalise

        n = normalise(text)
        hits = lexicon.match(n)
        res = {"canonical": n.text, "hits": [{"category": h.category, "term": h.term, "start": h.start,
                                              "end": h.end, "original": text[h.start:h.end], "lang": h.lang,
                                              "source": h.source} for h in hits]}
        if json_out:
            sys.stdout.write(orjson.dumps(res).decode() + "\n")
            return
        console.print(f"[bold]{n.text}[/]")
        for h in res["hits"]:
            console.print(f"  {h['category']:<13} {h['term']!r:<24} <- {h['original']!r} [{h['start']}:{h['end']}]")

    @text_app.command("split")
    def split(
        corpus: Path = typer.Option(REPO_DATA / "corpus", help="Folder of <lang>*.tsv sources."),
        out: Path = typer.Option(REPO_DATA, help="Where train.jsonl and dev.jsonl go."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Split the corpus by near-duplicate group into train.jsonl and dev.jsonl, and check for leaks."""
        from harrier.detect.text.corpus import group_split, leaks, read_sources, write_jsonl
        from harrier.detect.text.embedder import Embedder
        from harrier.detect.text.normalise import normalise

        items = read_sources(corpus)
        emb = Embedder(cache_size=0)
        E = emb.encode([normalise(i["text"]).text for i in items])
        train, dev, refused = group_split(items, E)
        if refused:  # a train-only source near-copies a dev item: remove it from its file, nothing is written
            text = {it["id"]: it["text"] for it in items}
            # the dev item is named by id only: whoever writes training lines must not read held-out text
            for t, d in refused:
                console.print(f"train-only {t} {text[t]!r} near-copies dev item {d}")
            if json_out:
                sys.stdout.write(orjson.dumps({"refused": refused}).decode() + "\n")
            raise typer.Exit(1)
        pos = {it["id"]: k for k, it in enumerate(items)}
        bad = leaks(train, dev, E[[pos[t["id"]] for t in train]], E[[pos[d["id"]] for d in dev]])
        write_jsonl(out / "train.jsonl", train)
        write_jsonl(out / "dev.jsonl", dev)
        res = {"items": len(items), "train": len(train), "dev": len(dev), "leaks": len(bad)}
        if json_out:
            sys.stdout.write(orjson.dumps(res).decode() + "\n")
        else:
            console.print(res)
        if bad:
            raise typer.Exit(1)

    @text_app.command("train")
    def train_cmd(
        train_file: Path = typer.Option(REPO_DATA / "train.jsonl", "--train"),
        out: Path = typer.Option(HEAD_OUT, "--out", help="Where the first-stage head (.npz) is written."),
        out_e5: Path = typer.Option(HEAD_OUT.with_name("intent_head_e5.npz"), "--out-e5",
                                    help="Where the second-stage (e5) head is written."),
        stage: str = typer.Option("first", "--stage", help="first, second or both heads."),
        augment: int = typer.Option(0, "--augment", min=0,
                                    help="Decorated copies of each line (train.decorate: punctuation, an interjection, "
                                         "a hashtag, a sign-off), kept out of calibration; 0 = the shipped recipe."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Train the intent heads from train.jsonl (never the dev split); reproducible."""
        from harrier.detect.text.train import train

        if stage not in ("first", "second", "both"):
            raise typer.BadParameter("first, second or both", param_hint="--stage")
        written = [p for p, st in ((out, "first"), (out_e5, "second")) if stage in (st, "both")]
        with _progress() as prog:
            task = prog.add_task("training", total=None)
            report = train(train_file, out if stage != "second" else None, out_e5 if stage != "first" else None,
                           progress=lambda msg: prog.update(task, description=msg), augment=augment)
        if json_out:
            sys.stdout.write(orjson.dumps(report).decode() + "\n")
        else:
            console.print(report)
            console.print("written: " + ", ".join(str(p) for p in written))

    @eval_app.command("text")
    def eval_text(
        dev: Path = typer.Option(REPO_DATA / "dev.jsonl", "--dev"),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Per-category PR-AUC and recall at 1% FPR on the dev split, plus the acceptance figures."""
        from harrier.detect.text.evaluate import evaluate

        res = evaluate(dev)
        if json_out:
            sys.stdout.write(orjson.dumps(res).decode() + "\n")
            return
        out = Console()
        t = Table(title=f"dev split: {res['dev_items']} items, languages {', '.join(res['languages'])}")
        for col in ("category", "n", "PR-AUC", "recall @1% FPR"):
            t.add_column(col)
        for k, v in res["per_category"].items():
            t.add_row(k, str(v["n"]), f"{v['pr_auc']:.3f}", f"{v['recall_at_1pct_fpr']:.3f}")
        out.print(t)
        h = res["harmful_union"]
        out.print(f"harmful union (sexualising | abuse | desire) at threshold {h['threshold']}: recall "
                  f"{h['recall']:.3f}, false positives among benign + counter-speech {h['fpr_benign_and_counter']:.3f}"
                  f" (any flag: {h['flagged_any_fpr_benign_and_counter']:.3f})")
        out.print(f"counter-speech flagged as harmful: {res['counter_speech_flagged_harmful']:.3f}")
        ev = res.get("evasion")
        if ev:
            out.print(f"evasion suite: recall {ev['recall_clean']:.3f} -> {ev['recall_rewritten']:.3f} rewritten "
                      f"(retention {ev['retention']:.3f}); e.g. {ev['example']!r}")
        kt = res.get("keyword_typos")
        if kt and kt["items"]:
            out.print(f"keyword typos ({kt['items']} harmful remarks with a lexicon word of 6+ letters): recall "
                      f"{kt['recall_clean']:.3f} -> {kt['recall_rewritten']:.3f} (retention {kt['retention']:.3f}); "
                      f"e.g. {kt['example']!r}")
        mt = res.get("laughter_tails")
        if mt:
            out.print(f"laughter tails: recall {mt['recall_clean']:.3f} -> {mt['recall_rewritten']:.3f} "
                      f"(retention {mt['retention']:.3f}); e.g. {mt['example']!r}")
        cx = res.get("context")
        if cx:
            out.print(f"context test ({cx['remarks']} ambiguous remarks): flagged under minor-likelihood >= 0.8: "
                      f"{cx['flagged_under_high']:.2f}; under <= 0.2: {cx['flagged_under_low']:.2f}")
        for lang, v in res["by_language"].items():
            out.print(f"  {lang}: harmful recall {v['harmful_recall']:.3f}, FPR {v['fpr']:.3f} (n={v['n']})")


class ScoreInputError(ValueError):
    """A malformed line of ``text score --in``: the message is ``file:line: field: problem``."""


_CONTEXT_NUMBERS = ("minor_likelihood", "thread_harm")


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _check_item(it: Any) -> tuple[str | None, str] | None:
    """(field, problem) for the first thing wrong with one parsed line, or None."""
    if not isinstance(it, dict):
        return None, "each line needs a JSON object with 'text'"
    if not isinstance(it.get("text"), str):
        return "text", f"must be a string, got {it.get('text')!r}"
    ident = it.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int)):
        return "id", f"must be a string or an integer, got {ident!r}"
    if it.get("lang") is not None and not isinstance(it["lang"], str):
        return "lang", f"must be a language code string, got {it['lang']!r}"
    ctx = it.get("context")
    if ctx is None:
        return None
    if not isinstance(ctx, dict):
        return "context", f"must be an object, got {ctx!r}"
    for k, v in ctx.items():
        if k in _CONTEXT_NUMBERS:
            if v is not None and not (_is_number(v) and 0.0 <= v <= 1.0):
                return f"context.{k}", f"must be a number in [0, 1], got {v!r}"
        elif k == "parent_text":
            if v is not None and not isinstance(v, str):
                return "context.parent_text", f"must be a string, got {v!r}"
        else:
            return f"context.{k}", f"unknown field (known: {', '.join((*_CONTEXT_NUMBERS, 'parent_text'))})"
    return None


def read_score_input(path: Path) -> list[dict[str, Any]]:
    """The items of a ``text score`` input file. Lines are numbered as in the file (blank lines count and are
    skipped); the first malformed one raises ScoreInputError naming file:line: field."""
    from harrier.detect.text.corpus import numbered_jsonl

    items: list[dict[str, Any]] = []
    for k, it in numbered_jsonl(path, ScoreInputError):
        problem = _check_item(it)
        if problem is not None:
            fld, msg = problem
            raise ScoreInputError(f"{path}:{k}: {fld + ': ' if fld else ''}{msg}")
        items.append(it)
    return items


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)
