"""Prometheus metrics (``prometheus-client``): what this process counts, and what the store says at scrape time.

Process metrics (the default registry): events accepted by the ingest API, detector batch latency, scan lag,
cases opened. Store metrics (:class:`StoreCollector`, read at each scrape so every process reports the same
thing wherever the workers run): queue depth per detector, webhook backlog, live workers and their lag.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

EVENTS_ACCEPTED = Counter("harrier_events_accepted", "Events stored by the ingest API (new or changed)", ["type"])
EVENTS_DUPLICATE = Counter("harrier_events_duplicate", "Events the ingest API already had (idempotent replays)")
EVENTS_REJECTED = Counter("harrier_events_rejected", "Events the ingest API rejected")
SCANNED = Counter("harrier_live_items_scanned", "Items scanned by this process's live worker", ["detector"])
BATCH_SECONDS = Histogram("harrier_detector_batch_seconds", "Live detector batch latency (build, detect, commit)",
                          ["detector"], buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60))
SCAN_LAG = Histogram("harrier_scan_lag_seconds", "From an item first seen pending to its signals committed",
                     ["detector"], buckets=(0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120, 300, 600))
LAG_QUANTILE = Gauge("harrier_scan_lag_quantile_seconds", "Scan lag over the last minute (this worker)",
                     ["quantile"])
CASES_OPENED = Counter("harrier_cases_opened", "Cases opened or reopened by this process's live refreshes")
REFRESH_SECONDS = Histogram("harrier_live_refresh_seconds", "Context/policy/case refresh duration", ["kind"],
                            buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600))


def count_ingest(results: list[dict[str, Any]], events: list[Any]) -> None:
    """Called by the ingest API with its per-event outcomes."""
    for r in results:
        status = r.get("status")
        if status == "accepted":
            ev = events[r["index"]] if r["index"] < len(events) else None
            typ = ev.get("type") if isinstance(ev, dict) else None
            EVENTS_ACCEPTED.labels(typ if isinstance(typ, str) and len(typ) < 32 else "other").inc()
        elif status == "duplicate":
            EVENTS_DUPLICATE.inc()
        else:
            EVENTS_REJECTED.inc()


def store_snapshot(store: Any) -> dict[str, Any]:
    """Queue depth per detector, webhook backlog and live workers, read from the store."""
    from sqlalchemy import func, select

    from harrier.enforce.tables import WebhookDelivery
    from harrier.live import queue
    from harrier.live.tables import LiveWorkerRow

    now = datetime.now(UTC)
    with store.session() as s:
        depths = queue.depths(s)
        backlog = int(s.execute(select(func.count()).select_from(WebhookDelivery)
                                .where(WebhookDelivery.state == "pending")).scalar() or 0)
        failed = int(s.execute(select(func.count()).select_from(WebhookDelivery)
                               .where(WebhookDelivery.state == "failed")).scalar() or 0)
        workers = []
        for w in s.execute(select(LiveWorkerRow).order_by(LiveWorkerRow.worker)).scalars():
            beat = w.heartbeat_at if w.heartbeat_at.tzinfo else w.heartbeat_at.replace(tzinfo=UTC)
            age = (now - beat).total_seconds()
            workers.append({"worker": w.worker, "host": w.host, "pid": w.pid, "state": w.state,
                            "heartbeat_age_s": round(age, 1), "alive": w.state != "stopped" and age < 30,
                            **(w.stats or {})})
    return {"queue_depth": depths, "webhook_backlog": backlog, "webhook_failed": failed, "workers": workers}


class StoreCollector(Collector):
    def __init__(self, store: Any) -> None:
        self.store = store

    def collect(self):  # type: ignore[no-untyped-def]
        snap = store_snapshot(self.store)
        q = GaugeMetricFamily("harrier_queue_depth", "Items a detector has not scanned yet", labels=["detector"])
        for name, n in snap["queue_depth"].items():
            q.add_metric([name], n)
        yield q
        yield GaugeMetricFamily("harrier_webhook_backlog", "Webhook deliveries pending", value=snap["webhook_backlog"])
        yield GaugeMetricFamily("harrier_webhook_failed", "Webhook deliveries failed for good",
                                value=snap["webhook_failed"])
        alive = GaugeMetricFamily("harrier_live_workers", "Live workers with a recent heartbeat",
                                  value=sum(1 for w in snap["workers"] if w["alive"]))
        yield alive
        lag = GaugeMetricFamily("harrier_live_worker_lag_seconds", "Scan lag per live worker (last minute)",
                                labels=["worker", "quantile"])
        for w in snap["workers"]:
            if w["alive"]:
                lag.add_metric([w["worker"], "0.5"], float(w.get("lag_p50") or 0.0))
                lag.add_metric([w["worker"], "0.95"], float(w.get("lag_p95") or 0.0))
        yield lag


class _Process(Collector):
    """This process's own metrics (the default registry) inside a per-store registry."""

    def collect(self):  # type: ignore[no-untyped-def]
        yield from REGISTRY.collect()


def registry_for(store: Any) -> CollectorRegistry:
    """What ``/metrics`` serves: this process's metrics plus the store's, for this store."""
    reg = CollectorRegistry(auto_describe=False)
    reg.register(_Process())
    reg.register(StoreCollector(store))
    return reg
