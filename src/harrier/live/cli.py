"""``harrier live``: the stand-alone live worker (for deployments that run the console elsewhere)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from harrier.store.db import open_store

console = Console(stderr=True)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("live")
    def live(
        watch: Path = typer.Option(None, "--watch", help="Also ingest this export folder as files appear."),
        workers: int = typer.Option(None, "--workers", "-w", help="Detector processes (default 1: in-process)."),
        lease: float = typer.Option(None, "--lease", help="Seconds a claim holds (default 60)."),
        refresh_interval: float = typer.Option(None, "--refresh-interval",
                                               help="Quick context/case refresh at most this often (s, default 2)."),
        global_interval: float = typer.Option(None, "--global-interval",
                                              help="Global refresh (propagation, rings) every N s (default 600)."),
        global_signals: int = typer.Option(None, "--global-signals",
                                           help="... or after N new detector signals (default 5000)."),
        no_refresh: bool = typer.Option(False, "--no-refresh", help="Scan only; other workers refresh."),
        no_scan: bool = typer.Option(False, "--no-scan", help="Refresh only (context, policy, cases); other "
                                     "workers scan."),
        name: str = typer.Option(None, "--name", help="Worker name (default host-pid-random)."),
        metrics_port: int = typer.Option(None, "--metrics-port", help="Serve Prometheus /metrics on this port."),
        log_json: bool = typer.Option(False, "--log-json", help="Structured JSON logs."),
        refresh_now: bool = typer.Option(False, "--refresh-now",
                                         help="Run one global refresh (context, policy, cases) and exit."),
    ) -> None:
        """Scan events as they arrive (API or watched folder): signals within seconds, cases soon after, no
        `harrier scan`. Several workers may share one PostgreSQL store. SIGTERM finishes the batch in hand."""
        from harrier.live import logs
        from harrier.live.service import run_standalone
        from harrier.live.worker import LiveOptions, LiveWorker

        logs.configure(log_json)
        opts = LiveOptions.from_env(watch=watch, workers=workers, lease=lease, refresh_interval=refresh_interval,
                                    global_interval=global_interval, global_signals=global_signals, name=name,
                                    refresh=False if no_refresh else None, scan=False if no_scan else None,
                                    log_json=log_json or None)
        store = open_store()
        if refresh_now:
            res = LiveWorker(store, opts).maybe_refresh(force="global")
            console.print(f"global refresh {res.run_id}: {res.cases} cases, {res.seconds:.1f} s" if res else
                          "another worker is refreshing; try again")
            return
        console.print(f"live worker on {store.dialect} (Ctrl-C or SIGTERM to stop after the batch in hand)")
        run_standalone(store, opts, metrics_port)
