"""``harrier rules check|test|list|backfill``."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)
RulesPath = typer.Argument(None, help="Rules file (default: $HARRIER_POLICY or the shipped child-safety policy).")


def _load(path: Path | None):  # type: ignore[no-untyped-def]
    from harrier.policy.rules import RuleError, load_rules

    try:
        return load_rules(path)
    except RuleError as e:
        for p in e.problems:
            console.print(f"[red]error[/] {p}", highlight=False, soft_wrap=True)
        console.print(f"[red]{len(e.problems)} problem(s); no rule was loaded[/]")
        raise typer.Exit(1) from None


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    rules_app = typer.Typer(help="Policy rules: check, test, list, backfill.", no_args_is_help=True)
    app.add_typer(rules_app, name="rules")

    @rules_app.command("check")
    def check(path: Path = RulesPath) -> None:
        """Statically check a rules file: unknown signal kinds, type errors and unreachable rules fail."""
        rs = _load(path)
        modes = {m: sum(r.mode == m for r in rs.rules) for m in ("live", "shadow", "disabled")}
        console.print(f"[green]ok[/] {rs.path}: {len(rs.rules)} rules "
                      f"({modes['live']} live, {modes['shadow']} shadow, {modes['disabled']} disabled)")

    @rules_app.command("list")
    def list_rules(path: Path = RulesPath, json_out: bool = typer.Option(False, "--json")) -> None:
        """List the rules with mode, outcome and condition."""
        rs = _load(path)
        rows = [{"name": r.name, "version": r.version, "mode": r.mode, "severity": r.severity,
                 "action": r.action, "queue": r.queue, "labels": r.labels, "when": r.when.text()}
                for r in rs.rules]
        if json_out:
            sys.stdout.write(orjson.dumps(rows).decode() + "\n")
            return
        table = Table(title=str(rs.path))
        for col in ("name", "mode", "severity", "action", "queue", "when"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(r["name"], r["mode"], r["severity"], r["action"], r["queue"], r["when"])
        Console().print(table)

    @rules_app.command("test")
    def test(path: Path = RulesPath, json_out: bool = typer.Option(False, "--json")) -> None:
        """Run the tests that rules carry (`tests:`); exit 1 if any fails."""
        from harrier.policy.testing import run_rule_tests

        rs = _load(path)
        outcomes = run_rule_tests(rs)
        failed = [o for o in outcomes if not o.passed]
        if json_out:
            sys.stdout.write(orjson.dumps({"passed": len(outcomes) - len(failed), "failed": len(failed),
                                           "failures": [o.__dict__ for o in failed]}).decode() + "\n")
        for o in failed:
            console.print(f"[red]FAIL[/] {rs.path}:{o.line}: rule {o.rule} test {o.test}: expected "
                          f"{'hit' if o.expected else 'miss'}, got {'hit' if o.got else 'miss'}")
        console.print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
        raise typer.Exit(1 if failed else 0)

    @rules_app.command("docs")
    def docs_cmd(path: Path = RulesPath,
                 write: Path = typer.Option(None, "--write", help="Update the rules section of this file.")) -> None:
        """Print the rule-by-rule Markdown of a policy, or splice it into docs/POLICY.md with --write."""
        from harrier.policy.docs import rules_markdown, splice

        md = rules_markdown(_load(path))
        if write:
            write.write_text(splice(write.read_text(encoding="utf-8"), md), encoding="utf-8")
        else:
            sys.stdout.write(md)

    @rules_app.command("backfill")
    def backfill_cmd(
        path: Path = RulesPath,
        rule: list[str] = typer.Option(None, "--rule", help="Only these rules (by name)."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Re-run rules over the stored history and report what they would change. Writes nothing."""
        from harrier.policy.backfill import backfill
        from harrier.store.db import open_store

        rs = _load(path)
        rep = backfill(open_store(), rs, only=rule or None)
        if json_out:
            sys.stdout.write(orjson.dumps(rep.to_json()).decode() + "\n")
            return
        console.print(f"evaluated {rep.accounts_evaluated:,} accounts with {len(rep.rules)} rules")
        for name, n in sorted(rep.hits_by_rule.items(), key=lambda kv: -kv[1]):
            console.print(f"  {name}: {n:,} accounts")
        console.print(f"would open {len(rep.would_open):,} cases, close {len(rep.would_close):,}, "
                      f"change {len(rep.would_change):,} (nothing written)")
