"""Running the live worker: stand-alone (``harrier live``) or beside the console (``harrier serve --live``)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from harrier.live.worker import LiveOptions, LiveWorker
from harrier.store.db import Store


def run_standalone(store: Store, opts: LiveOptions, metrics_port: int | None = None,
                   metrics_host: str = "127.0.0.1") -> LiveWorker:
    """Run in this thread until SIGTERM/SIGINT; then finish the chunk in hand and stop."""
    worker = LiveWorker(store, opts)
    delivery = _webhooks(store)
    if metrics_port:
        from prometheus_client import start_http_server

        from harrier.live.metrics import registry_for

        start_http_server(metrics_port, addr=metrics_host, registry=registry_for(store))

    def _stop(signum: int, frame: Any) -> None:
        worker.stop()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
    try:
        worker.run()
    finally:
        delivery.stop()
    return worker


def _webhooks(store: Store) -> Any:
    """Deliver the outbox (case.opened/case.updated, decisions) from the live process: pushed to the platform
    as cases open. Reads webhook.url/secret each round, so it idles until they are configured."""
    from harrier.enforce.webhooks import DeliveryWorker

    return DeliveryWorker(store).start()


def serve_live(store: Store, host: str, port: int, opts: LiveOptions, log_config: Any = "default") -> None:
    """The console and API, with a live worker in a thread. uvicorn handles SIGTERM/SIGINT: it stops taking
    requests, then the worker finishes the chunk in hand."""
    import uvicorn

    from harrier.review.app import create_app

    app = create_app(store)
    worker = LiveWorker(store, opts).start()
    delivery = _webhooks(store)
    app.state.live_worker = worker

    def shutdown() -> None:
        # uvicorn re-raises SIGTERM once the app has shut down: stop the worker here, not after run() returns
        worker.stop()
        worker.join(timeout=300)
        delivery.stop()

    app.router.on_shutdown.append(shutdown)
    kwargs: dict[str, Any] = {} if log_config == "default" else {"log_config": log_config}
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False,
                    **kwargs)
    finally:
        shutdown()
