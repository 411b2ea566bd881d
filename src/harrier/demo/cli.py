"""``harrier demo`` (generate, ingest, scan, show, evaluate, serve) and ``harrier eval demo DIR``."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from harrier.demo.metrics import CaseRow, GroundTruth, acceptance, evaluate, load_case_export

err = Console(stderr=True)
out = Console()

EXPORT_FILES = ("manifest.json", "ground_truth.json", "accounts.jsonl", "posts.jsonl", "comments.jsonl",
                "follows.jsonl", "interactions.jsonl", "message_edges.jsonl", "reports.jsonl")


def _prepare_out(folder: Path) -> None:
    """Refuse to write into a non-empty folder that is not an earlier demo export; clear an earlier demo."""
    if not folder.exists() or not any(folder.iterdir()):
        return
    manifest = folder / "manifest.json"
    try:
        is_demo = orjson.loads(manifest.read_bytes()).get("generator") == "harrier demo"
    except (OSError, orjson.JSONDecodeError):
        is_demo = False
    if not is_demo:
        raise typer.BadParameter(f"{folder} is not empty and is not a demo export; choose another --out",
                                 param_hint="--out")
    for name in EXPORT_FILES:
        (folder / name).unlink(missing_ok=True)
    shutil.rmtree(folder / "media", ignore_errors=True)


def generate_with_progress(folder: Path, seed: int, scale: float, quiet: bool = False) -> Any:
    from harrier.demo.generator import generate

    _prepare_out(folder)
    with err.status("generating the demo platform", spinner="dots") as status:
        summary = generate(folder, seed=seed, scale=scale,
                           progress=None if quiet else lambda step: status.update(f"demo platform: {step}"))
    if not quiet:
        err.print(
            f"[green]demo platform[/] seed={seed} scale={scale:g} → {folder}\n"
            f"  {summary.accounts:,} accounts, {summary.posts:,} posts, {summary.comments:,} comments, "
            f"{summary.follows:,} follows, {summary.interactions:,} interactions, "
            f"{summary.message_edges:,} message edges, {summary.reports:,} reports, {summary.media_files:,} images\n"
            f"  planted: {summary.harmful_accounts} harmful accounts ({summary.rings} commenter rings), "
            f"{summary.hard_negative_accounts} hard negatives — generated in {summary.seconds:.1f} s "
            f"({summary.cpu_seconds:.1f} s CPU)"
        )
    return summary


def cases_from_store(store: Any) -> list[CaseRow]:
    """Every case that is not closed, most urgent first (closed cases stay in the table for history; an
    account that stopped qualifying on a re-scan must not count towards recall)."""
    from sqlalchemy import select

    from harrier.store.tables import Case

    with store.session() as s:
        rows = s.execute(select(Case.account_id, Case.rank, Case.score, Case.ring_id, Case.kind, Case.signals,
                                Case.severity)
                         .where(Case.status != "closed")
                         .order_by(Case.rank.is_(None), Case.rank, Case.score.desc())).all()
    return [CaseRow(account_id=r.account_id, rank=r.rank, score=r.score, ring_id=r.ring_id, kind=r.kind or "account",
                    signals=tuple(r.signals or ()), severity=r.severity) for r in rows]


def _short(v: str, n: int = 48) -> str:
    v = v.replace("\n", " ")
    return v if len(v) <= n else v[: n - 1] + "…"


def _evidence_text(sig: Mapping[str, Any]) -> str:
    """One line of a signal's first telling evidence: a quoted text span, a metadata value, or a feature."""
    for e in sig.get("evidence") or []:
        if not isinstance(e, Mapping):
            continue
        value, fld, note = e.get("value"), e.get("field"), e.get("note")
        if isinstance(value, str) and value:
            try:
                value = float(value)
            except ValueError:
                return f"“{_short(value)}”" if e.get("kind") == "span" else _short(f"{fld}: {value}" if fld else value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            num = f"{value:g}" if isinstance(value, int) or value == int(value) else f"{value:.2f}"
            return _short(" ".join(x for x in (str(fld or ""), num, str(note or "")) if x))
        if note:
            return _short(str(note))
    return ""


def cases_table(store: Any, limit: int, ground_truth: GroundTruth | None = None) -> Table:
    """The top cases with their strongest signals (and, for the demo, what was planted)."""
    from sqlalchemy import select

    from harrier.store.tables import Account, Case

    table = Table(title=f"Top {limit} cases", show_lines=False, header_style="bold")
    for col, kw in (("#", {"justify": "right"}), ("account", {}), ("score", {"justify": "right"}),
                    ("severity", {}), ("action", {}), ("ring", {}), ("key evidence", {"overflow": "fold"})):
        table.add_column(col, **kw)
    if ground_truth is not None:
        table.add_column("planted as")
    with store.session() as s:
        rows = s.execute(select(Case, Account.handle).join(Account, Account.id == Case.account_id, isouter=True)
                         .where(Case.kind != "ring").order_by(Case.rank.is_(None), Case.rank, Case.score.desc())
                         .limit(limit)).all()
        for case, handle in rows:
            sigs = sorted((x for x in (case.signals or []) if isinstance(x, Mapping)),
                          key=lambda x: -float(x.get("score") or 0))
            seen: list[str] = []
            for sig in sigs:
                kind = str(sig.get("kind"))
                if kind in (x.split(" ")[0] for x in seen) or kind == "account.risk":
                    continue
                ev = _evidence_text(sig)
                seen.append(f"{kind} {float(sig.get('score') or 0):.2f}" + (f" {ev}" if ev else ""))
                if len(seen) == 3:
                    break
            sev_style = {"critical": "bold red", "high": "red", "medium": "yellow"}.get(case.severity, "")
            cells = [str(case.rank or ""), f"@{handle}" if handle else case.account_id, f"{case.score:.2f}",
                     f"[{sev_style}]{case.severity}[/]" if sev_style else case.severity, case.recommended_action,
                     case.ring_id or "", "\n".join(seen)]
            if ground_truth is not None:
                role = ground_truth.harmful.get(case.account_id)
                hn = ground_truth.hard_negative.get(case.account_id)
                cells.append(f"[red]{role}[/]" if role else f"[yellow]{hn} (benign)[/]" if hn else "benign")
            table.add_row(*cells)
    return table


def eval_tables(res: Mapping[str, Any]) -> list[Table]:
    head = Table(title=f"Demo evaluation (seed {res.get('seed')})", header_style="bold")
    head.add_column("metric")
    head.add_column("value", justify="right")
    for k, v in res["precision_at_k"].items():
        head.add_row(f"precision@{k}", f"{v:.3f}")
    head.add_row("recall (planted harmful with a case)",
                 f"{res['recall']:.3f} ({res['harmful_found']}/{res['planted_harmful']})")
    head.add_row("recall within the top 50 / top 100",
                 f"{res['recall_at_k'].get('50', 0):.3f} / {res['recall_at_k'].get('100', 0):.3f}")
    head.add_row("R-precision (precision at k = planted harmful)", f"{res['r_precision']:.3f}")
    head.add_row("recall with severity ≥ high", f"{res['recall_by_min_severity']['high']:.3f}")
    head.add_row("hard negatives in top 50", str(res["hard_negatives_in_top_50"]))
    head.add_row("hard negatives among all cases", str(res["hard_negatives_in_cases"]))
    head.add_row("ring pairwise precision / recall / F1",
                 f"{res['ring_pairwise_precision']:.3f} / {res['ring_pairwise_recall']:.3f} / "
                 f"{res['ring_pairwise_f1']:.3f}")
    head.add_row("accounts in rings outside the planted ones (offenders of other roles / hard negatives)",
                 f"{res['ring_outsiders']} ({res['ring_outsiders_harmful']} / {res['ring_outsider_hard_negatives']})")
    ded = res["dedicated"]
    head.add_row("dedicated: recall / precision of dedication claims",
                 f"{ded['recall']:.3f} / " + ("n/a" if ded["precision"] is None else f"{ded['precision']:.3f}"))
    head.add_row("cases (low / medium / high / critical)",
                 f"{res['cases']} ({' / '.join(str(v) for v in res['cases_by_severity'].values())})")
    roles = Table(title="Per planted role", header_style="bold")
    for col in ("role", "planted", "with a case", "recall", "in top 50", "median rank"):
        roles.add_column(col, justify="left" if col == "role" else "right")
    for role, r in res["roles"].items():
        roles.add_row(role, str(r["planted"]), str(r["found"]), f"{r['recall']:.2f}", str(r["in_top_50"]),
                      str(r["median_rank"] or "-"))
    for role, r in res["hard_negative_roles"].items():
        roles.add_row(f"[yellow]{role}[/] (hard negative)", str(r["planted"]), str(r["in_cases"]), "-",
                      str(r["in_top_50"]), "-")
    return [head, roles]


def _print_eval(res: Mapping[str, Any]) -> None:
    for t in eval_tables(res):
        out.print(t)
    failed = acceptance(res)
    if failed:
        out.print("[yellow]below the acceptance bar:[/] " + "; ".join(failed))
    else:
        out.print("[green]acceptance bar met[/]: precision@50 ≥ 0.8, recall ≥ 0.8, no hard negative in the top 50")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        seed: int = typer.Option(7, "--seed", help="Which demo platform (same seed, same platform)."),
        out_dir: Path | None = typer.Option(None, "--out", help="Only write the platform export and its "
                                            "ground truth to DIR (then: harrier ingest DIR; harrier scan; "
                                            "harrier eval demo DIR)."),
        no_serve: bool = typer.Option(False, "--no-serve", help="Do not start the review console."),
        scale: float = typer.Option(1.0, "--scale", min=0.01, help="Size multiplier (1.0: ~2,400 accounts)."),
        top: int = typer.Option(20, "--top", help="How many cases to print."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    ) -> None:
        """Generate a demo platform with planted harmful patterns, ingest it, scan it, show the top cases
        and how they compare with the ground truth, then open the review console."""
        if out_dir is not None:
            summary = generate_with_progress(out_dir.resolve(), seed, scale, quiet=json_out)
            if json_out:
                sys.stdout.write(orjson.dumps(summary.to_dict()).decode() + "\n")
            return
        from harrier.config import get_settings
        from harrier.store.db import open_store

        settings = get_settings()
        folder = settings.home / "demo-export"
        t0 = time.perf_counter()
        summary = generate_with_progress(folder, seed, scale, quiet=json_out)
        store = open_store(settings)
        _warn_if_mixed(store, folder)
        from harrier.ingest import run_ingest

        if not json_out:
            err.rule("ingest")
        ingest_report = run_ingest(store, folder, progress=not json_out)
        from harrier.pipeline import scan

        if not json_out:
            err.rule("scan")
        scan_report = scan(store, progress=not json_out)
        gt = GroundTruth.load(folder / "ground_truth.json")
        res = evaluate(gt, cases_from_store(store))
        if json_out:
            doc = {"generate": summary.to_dict(), "ingest": ingest_report.to_dict(),
                   "ingest_errors": ingest_report.error_count, "scan": scan_report.to_json(), "eval": res}
            sys.stdout.write(orjson.dumps(doc, default=str).decode() + "\n")
        else:
            out.print(cases_table(store, top, gt))
            _print_eval(res)
            err.print(f"demo ready in {time.perf_counter() - t0:.0f} s (store: {settings.home})")
        if no_serve or json_out:
            return
        try:
            from harrier.review.server import serve_demo
        except ImportError as e:
            err.print(f"[yellow]review console not available yet ({e}); run with --no-serve to skip this step[/]")
            return
        serve_demo(store, host="127.0.0.1", port=8765)

    @eval_app.command("demo")
    def eval_demo(
        folder: Path = typer.Argument(..., exists=True, file_okay=False, help="The demo export folder "
                                      "(holds ground_truth.json)."),
        cases_file: Path | None = typer.Option(None, "--cases", exists=True, dir_okay=False,
                                               help="A case export (harrier cases export --json) instead of "
                                               "the store's cases."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
        check: bool = typer.Option(False, "--check", help="Exit 1 when below the acceptance bar "
                                   "(precision@50 ≥ 0.8, recall ≥ 0.8, no hard negative in the top 50)."),
    ) -> None:
        """Compare cases with the demo's ground truth: precision@k, recall per role, hard negatives in the
        top 50, and pairwise ring-membership precision/recall/F1 (definitions in docs/DEMO.md)."""
        gt_path = folder / "ground_truth.json"
        if not gt_path.exists():
            raise typer.BadParameter(f"{gt_path} not found: is this a `harrier demo --out` folder?")
        gt = GroundTruth.load(gt_path)
        if cases_file is not None:
            cases = load_case_export(cases_file)
        else:
            from harrier.store.db import open_store

            cases = cases_from_store(open_store())
        res = evaluate(gt, cases)
        if json_out:
            sys.stdout.write(orjson.dumps(res).decode() + "\n")
        else:
            _print_eval(res)
        if check and acceptance(res):
            raise typer.Exit(1)


def _warn_if_mixed(store: Any, folder: Path) -> None:
    """A store that already holds another platform would blur the evaluation: say so."""
    from sqlalchemy import func, select

    from harrier.store.tables import Account

    gt_ids: Sequence[str] = []
    try:
        first = (folder / "accounts.jsonl").open("rb").readline()
        gt_ids = [orjson.loads(first)["id"]] if first else []
    except (OSError, orjson.JSONDecodeError, KeyError):
        return
    with store.session() as s:
        n = s.execute(select(func.count()).select_from(Account)).scalar_one()
        has = s.execute(select(func.count()).select_from(Account).where(Account.id.in_(gt_ids))).scalar_one()
    if n and not has:
        err.print(f"[yellow]the store at {store.settings.home} already holds other data ({n:,} accounts); the "
                  "demo's cases will be mixed with it — set HARRIER_HOME to a fresh folder for a clean demo[/]")
