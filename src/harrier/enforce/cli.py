"""Enforce verbs: ``harrier enforce ...`` (webhooks), ``harrier report ...`` (CyberTipline),
``harrier evidence ...`` (sealed bundles)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)


def _print_json(obj: Any) -> None:
    sys.stdout.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    enforce_app = typer.Typer(help="Signed decision webhooks to the platform.", no_args_is_help=True)
    report_app = typer.Typer(help="CyberTipline reports: build, validate, submit.", no_args_is_help=True)
    evidence_app = typer.Typer(help="Sealed evidence bundles.", no_args_is_help=True)
    config_app = typer.Typer(help="Enforcement settings (environment variables win).", no_args_is_help=True)
    app.add_typer(enforce_app, name="enforce")
    app.add_typer(report_app, name="report")
    app.add_typer(evidence_app, name="evidence")
    enforce_app.add_typer(config_app, name="config")

    # --- webhooks ----------------------------------------------------------------------------------------

    @enforce_app.command("deliver")
    def deliver(
        once: bool = typer.Option(False, "--once", help="Send what is due now, then exit (the default)."),
        loop: bool = typer.Option(False, "--loop", help="Keep running, delivering as decisions arrive."),
        max_attempts: int = typer.Option(20, help="Attempts before a delivery is marked failed."),
        base_delay: float = typer.Option(2.0, help="First retry delay in seconds (doubles, with jitter)."),
        max_delay: float = typer.Option(600.0, help="Cap on the retry delay in seconds."),
        json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    ) -> None:
        """Deliver pending decision webhooks (HARRIER_WEBHOOK_URL, signed with HARRIER_WEBHOOK_SECRET)."""
        from harrier.enforce.webhooks import DeliveryWorker
        from harrier.store.db import open_store

        if once and loop:
            raise typer.BadParameter("choose --once or --loop")
        worker = DeliveryWorker(open_store(), max_attempts=max_attempts, base_delay=base_delay, max_delay=max_delay)
        if loop:
            console.print("delivering webhooks; Ctrl-C to stop")
            try:
                worker.run_forever()
            except KeyboardInterrupt:
                worker.stop()
            return
        run = worker.run_once()
        if json_out:
            _print_json(run.__dict__)
        elif run.skipped:
            console.print(f"[yellow]nothing sent[/]: {run.skipped}")
        else:
            console.print(f"attempted {run.attempted}: delivered {run.delivered}, retrying {run.retrying}, "
                          f"failed {run.failed}")
        raise typer.Exit(1 if run.skipped else 0)

    @enforce_app.command("deliveries")
    def deliveries(
        state: str | None = typer.Option(None, help="pending | delivered | failed"),
        decision: int | None = typer.Option(None, help="Only this decision id."),
        limit: int = typer.Option(200),
        json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Delivery state per decision (pending/delivered/failed, attempts, last error)."""
        from harrier.enforce.webhooks import counts, list_deliveries
        from harrier.store.db import open_store

        with open_store().session() as s:
            rows = list_deliveries(s, state=state, decision_id=decision, limit=limit)
            totals = counts(s)
        if json_out:
            _print_json({"counts": totals, "deliveries": [r.to_json() for r in rows]})
            return
        t = Table("decision", "delivery id", "state", "attempts", "last status", "last error / delivered at")
        for r in rows:
            t.add_row(str(r.decision_id), r.delivery_id, r.state, str(r.attempts), str(r.last_status or ""),
                      r.delivered_at or (r.last_error or "")[:80])
        Console().print(t)
        console.print(" ".join(f"{k}={v}" for k, v in sorted(totals.items())) or "no deliveries")

    @enforce_app.command("retry")
    def retry(delivery_ids: list[str] = typer.Argument(None, help="Delivery ids (default: every failed one)."),
              json_out: bool = typer.Option(False, "--json")) -> None:
        """Re-queue failed deliveries (same delivery id, so receivers still deduplicate)."""
        from harrier.enforce.webhooks import retry_failed
        from harrier.store.db import open_store

        with open_store().session() as s:
            n = retry_failed(s, delivery_ids or None)
        if json_out:
            _print_json({"requeued": n})
        else:
            console.print(f"re-queued {n} deliveries")

    @config_app.command("show")
    def config_show(json_out: bool = typer.Option(False, "--json")) -> None:
        """Effective settings and where each comes from (secrets masked)."""
        from harrier.enforce import settings as cfg
        from harrier.store.db import open_store

        with open_store().session() as s:
            rows = cfg.show(s)
        if json_out:
            _print_json(rows)
            return
        t = Table("key", "value", "source", "meaning")
        for r in rows:
            t.add_row(r["key"], str(r["value"] or ""), r["source"] or "", r["description"] or "")
        Console().print(t)

    @config_app.command("set")
    def config_set(key: str, value: str) -> None:
        """Store a setting in the database (environment variables still take precedence)."""
        from harrier.enforce import settings as cfg
        from harrier.store.db import open_store

        try:
            with open_store().session() as s:
                cfg.set_value(s, key, value)
        except (KeyError, ValueError) as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(2) from None
        console.print(f"{key} set")

    # --- CyberTipline ------------------------------------------------------------------------------------

    @report_app.command("build")
    def build(
        case_id: str = typer.Argument(..., help="Case id."),
        out: Path = typer.Option(..., "--out", help="Where to write the XML."),
        classification: str | None = typer.Option(None, help="Industry classification of the files: A1 A2 B1 B2."),
        incident_type: str | None = typer.Option(None, help="NCMEC incidentType (default: derived from signals)."),
        escalate: str | None = typer.Option(None, help="Reason to escalate to high priority (immediate risk)."),
        reviewer: str = typer.Option("harrier", help="Who prepared the report."),
        text_only: bool = typer.Option(False, "--text-only", help="Report no files (text-only enticement)."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Build and validate a CyberTipline report; also writes OUT.files.json for the platform's uploader."""
        from harrier.enforce.casedata import CaseNotFound
        from harrier.enforce.cybertipline import ReportValidationError, build_report, files_manifest
        from harrier.store.db import open_store

        store = open_store()
        try:
            with store.session() as s:
                xml = build_report(s, store, case_id, reviewer, classification, text_only=True if text_only else None,
                                   incident_type=incident_type, escalate_reason=escalate)
        except (CaseNotFound, ValueError, ReportValidationError) as e:
            console.print(f"[red]cannot build report[/]: {e}")
            raise typer.Exit(1) from None
        out.write_bytes(xml)
        manifest = files_manifest(xml)
        mpath = out.with_name(out.name + ".files.json")
        mpath.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
        if json_out:
            _print_json({"out": str(out), "files_manifest": str(mpath), "files": len(manifest["files"]),
                         "text_only": manifest["text_only"], "valid": True})
        else:
            console.print(f"[green]valid CyberTipline report[/] written to {out} "
                          f"({len(manifest['files'])} file(s); manifest {mpath})")

    @report_app.command("validate")
    def validate(path: Path, json_out: bool = typer.Option(False, "--json")) -> None:
        """Validate an XML report against the repo's CyberTipline XSD."""
        from harrier.enforce.cybertipline import ReportValidationError, validate_report

        try:
            validate_report(path.read_bytes())
            errors: list[str] = []
        except ReportValidationError as e:
            errors = e.errors
        if json_out:
            _print_json({"valid": not errors, "errors": errors})
        elif errors:
            console.print("[red]invalid[/]:\n  " + "\n  ".join(errors))
        else:
            console.print("[green]valid[/]")
        raise typer.Exit(1 if errors else 0)

    @report_app.command("submit")
    def submit_cmd(
        path: Path | None = typer.Argument(None, help="Report XML (omit with --pending)."),
        pending: bool = typer.Option(False, "--pending", help="Retry queued and built reports instead."),
        url: str | None = typer.Option(None, help="API base URL (default HARRIER_NCMEC_URL, else NCMEC's test "
                                                   "environment)."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """Submit to the CyberTipline API (test environment by default; basic auth from the environment)."""
        from harrier.enforce import ncmec
        from harrier.enforce.cybertipline import ReportValidationError
        from harrier.store.db import open_store

        store = open_store()
        if pending:
            results = ncmec.submit_pending(store, url=url)
        elif path is None:
            raise typer.BadParameter("give REPORT.xml or --pending")
        else:
            try:
                results = [ncmec.submit(store, path.read_bytes(), url=url)]
            except ReportValidationError as e:
                console.print(f"[red]not submitted, the report is invalid[/]: {e}")
                raise typer.Exit(1) from None
            if results[0].manifest.get("files"):
                mpath = path.with_name(path.name + ".files.json")
                mpath.write_bytes(orjson.dumps(results[0].manifest, option=orjson.OPT_INDENT_2))
        if json_out:
            _print_json([r.to_json() for r in results])
        else:
            for r in results:
                colour = {"finished": "green", "awaiting_upload": "green", "queued": "yellow"}.get(r.status, "red")
                console.print(f"[{colour}]{r.status}[/] record {r.record_id} report_id={r.report_id} "
                              f"at {r.endpoint}" + (f": {r.error}" if r.error else ""))
        bad = [r for r in results if r.status == "failed"]
        queued = [r for r in results if r.status == "queued"]
        raise typer.Exit(1 if bad else 2 if queued else 0)

    @report_app.command("list")
    def list_cmd(status: str | None = typer.Option(None), json_out: bool = typer.Option(False, "--json")) -> None:
        """CyberTipline reports Harrier built or submitted, with their state."""
        from harrier.enforce.ncmec import list_reports
        from harrier.store.db import open_store

        with open_store().session() as s:
            rows = list_reports(s, status=status)
        if json_out:
            _print_json(rows)
            return
        t = Table("id", "case", "status", "incident type", "files", "NCMEC id", "attempts", "last error")
        for r in rows:
            t.add_row(str(r["id"]), r["case_id"], r["status"], r["incident_type"] or "", str(r["files"]),
                      r["ncmec_report_id"] or "", str(r["attempts"]), (r["last_error"] or "")[:60])
        Console().print(t)

    # --- evidence ----------------------------------------------------------------------------------------

    @evidence_app.command("verify")
    def verify(bundle: Path, json_out: bool = typer.Option(False, "--json"),
               no_db: bool = typer.Option(False, "--no-db", help="Check the bundle alone (e.g. a copy handed over).")
               ) -> None:
        """Check a bundle's manifest, seal and (unless --no-db) the seal recorded when it was made."""
        from harrier.enforce.evidence import verify_bundle

        if no_db:
            res = verify_bundle(bundle)
        else:
            from harrier.store.db import open_store

            with open_store().session() as s:
                res = verify_bundle(bundle, s)
        if json_out:
            _print_json(res.to_json())
        elif res.ok:
            console.print(f"[green]bundle intact[/]: {res.bundle_id}, {res.checked} files verified, "
                          f"seal {res.seal}, retain until {res.retention_until}")
        else:
            console.print(f"[red]bundle NOT intact[/] ({bundle}):\n  " + "\n  ".join(res.problems))
        raise typer.Exit(0 if res.ok else 1)

    @evidence_app.command("list")
    def list_bundles(case: str | None = typer.Option(None, help="Only this case."),
                     json_out: bool = typer.Option(False, "--json")) -> None:
        """Sealed evidence bundles with their retention dates."""
        from harrier.enforce.evidence import list_bundles as _list
        from harrier.store.db import open_store

        with open_store().session() as s:
            rows = _list(s, case)
        if json_out:
            _print_json(rows)
            return
        t = Table("bundle", "case", "decision", "created", "retain until", "files", "media", "path")
        for r in rows:
            state = (f" (purged {r['purged_at']})" if r["purged_at"] else " (legal hold)" if r["legal_hold"]
                     else " (expired)" if r["expired"] else "")
            t.add_row(r["bundle_id"], r["case_id"], str(r["decision_id"] or ""), r["created_at"],
                      r["retention_until"] + state, str(r["file_count"]),
                      "yes" if r["includes_media"] else "hashes", r["path"])
        Console().print(t)

    @evidence_app.command("purge")
    def purge_cmd(dry_run: bool = typer.Option(False, "--dry-run", help="List what would be purged; delete nothing."),
                  actor: str = typer.Option("cli", help="Who purged (audit log)."),
                  json_out: bool = typer.Option(False, "--json")) -> None:
        """Delete bundles past their retention date, except those of cases under legal hold (each purge audited)."""
        from harrier.enforce.retention import purge_expired
        from harrier.store.db import open_store

        res = purge_expired(open_store(), actor, dry_run=dry_run)
        if json_out:
            _print_json(res.to_json())
            return
        verb = "would purge" if dry_run else "purged"
        for p in res.purged:
            console.print(f"{verb} {p['bundle_id']} (case {p['case_id']})"
                          + ("" if p["file_present"] else " [yellow]file was already gone[/]"))
        for h in res.held:
            console.print(f"kept {h['bundle_id']}: case {h['case_id']} is under legal hold")
        console.print(f"{verb} {len(res.purged)} expired bundle(s); {len(res.held)} kept for legal hold")

    @evidence_app.command("hold")
    def hold_cmd(case_id: str,
                 reason: str | None = typer.Option(None, help="Why (the request or order it answers); required "
                                                               "unless --clear."),
                 clear: bool = typer.Option(False, "--clear", help="Lift the hold."),
                 actor: str = typer.Option("cli", help="Who (audit log).")) -> None:
        """Put a case's evidence under legal hold (never purged while it lasts), or lift it with --clear."""
        from harrier.enforce import retention
        from harrier.store.db import open_store

        try:
            with open_store().session() as s:
                if clear:
                    retention.clear_hold(s, actor, case_id)
                else:
                    retention.set_hold(s, actor, case_id, reason or "")
        except ValueError as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(1) from None
        console.print(f"legal hold {'lifted from' if clear else 'set on'} case {case_id}")

    @evidence_app.command("holds")
    def holds_cmd(json_out: bool = typer.Option(False, "--json")) -> None:
        """Cases under legal hold."""
        from harrier.enforce.retention import holds
        from harrier.store.db import open_store

        with open_store().session() as s:
            rows = holds(s)
        if json_out:
            _print_json(rows)
            return
        t = Table("case", "reason", "set by", "set at")
        for r in rows:
            t.add_row(r["case_id"], r["reason"], r["set_by"], r["set_at"])
        Console().print(t)

    @evidence_app.command("freeze")
    def freeze_cmd(case_id: str, actor: str = typer.Option("harrier", help="Who froze it (audit log)."),
                   include_media: bool = typer.Option(False, "--include-media", help="Copy media blobs too."),
                   json_out: bool = typer.Option(False, "--json")) -> None:
        """Freeze a case's evidence now (a report decision does this automatically)."""
        from harrier.enforce.casedata import CaseNotFound
        from harrier.enforce.evidence import freeze
        from harrier.store.db import open_store

        store = open_store()
        try:
            with store.session() as s:
                b = freeze(s, store, case_id, actor=actor, include_media=include_media or None)
                out = {"bundle_id": b.bundle_id, "path": b.path, "manifest_sha256": b.manifest_sha256,
                       "retention_until": b.retention_until.isoformat()}
        except CaseNotFound as e:
            console.print(f"[red]{e}[/]")
            raise typer.Exit(1) from None
        if json_out:
            _print_json(out)
        else:
            console.print(f"sealed {out['bundle_id']} at {out['path']} (seal {out['manifest_sha256']})")
