"""The HTTP events API's ingestion (``POST /api/v1/events``): the same validation, rows and upserts as file
ingestion, one request in one transaction.

Each event is ``{"type": "account"|"post"|"comment"|"follow"|"interaction"|"message_edge"|"report",
"data": {...the export format's fields...}}``. Media arrive as URL or sha256 only (no bytes, no paths).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from harrier.ingest.media import MediaResolver
from harrier.ingest.spec import BY_EVENT_TYPE, SPECS
from harrier.ingest.urls import url_problems
from harrier.ingest.validate import Problem, Rejected, validate
from harrier.ingest.writer import Record, write_records
from harrier.store.db import Store
from harrier.store.tables import IngestError

API_SOURCE = "api:/api/v1/events"  # ingest_errors.source of rejected API events
EVENT_TYPES = tuple(BY_EVENT_TYPE)
_ORDER = {name: i for i, name in enumerate(SPECS)}  # accounts before posts before comments...


def _check_envelope(ev: Any) -> tuple[str, dict[str, Any]] | Problem:
    if not isinstance(ev, dict):
        return Problem(None, "an event is an object {\"type\": ..., \"data\": {...}}")
    typ = ev.get("type")
    if typ not in BY_EVENT_TYPE:
        return Problem("type", f"unknown event type {typ!r}; expected one of {', '.join(EVENT_TYPES)}")
    data = ev.get("data")
    if not isinstance(data, dict):
        return Problem("data", "data must be an object with the export format's fields")
    return typ, dict(data)  # a copy: validation may drop nulls from it


def ingest_events(store: Store, events: list[Any]) -> list[dict[str, Any]]:
    """Validate and upsert events; per item ``{"index", "status": accepted|duplicate|rejected, "errors"}``, and
    ``"warnings"`` for a stored event with a URL the console will show as text.

    ``accepted``: stored (new, or changed content replacing the old row); ``duplicate``: the same id with the
    same content is already stored (or repeated later in this request); idempotent by id."""
    results: list[dict[str, Any]] = [{"index": i, "status": "accepted", "errors": []} for i in range(len(events))]
    rejected: list[Rejected] = []
    groups: dict[str, list[tuple[int, Any, dict[str, Any]]]] = defaultdict(list)
    for i, ev in enumerate(events):
        checked = _check_envelope(ev)
        if isinstance(checked, Problem):
            rejected.append(Rejected(i, ev, [checked]))
        else:
            typ, data = checked
            groups[BY_EVENT_TYPE[typ].name].append((i, ev, data))
    resolver = MediaResolver(store.blobs, root=None)
    with store.session() as s:
        for name in sorted(groups, key=_ORDER.__getitem__):
            spec = SPECS[name]
            valid, bad = validate(spec, groups[name])
            rejected += bad
            records: list[Record] = []
            for i, _, m in valid:
                rec = Record(i, spec.to_row(m))
                if name == "posts":
                    rec.media, problems = resolver.rows(m.id, m.media)  # type: ignore[attr-defined]
                    if problems:  # over the API a media problem (e.g. a path) is the caller's to fix: reject
                        rejected.append(Rejected(i, events[i], problems))
                        continue
                records.append(rec)
                warned = url_problems(spec, rec.row)  # type: ignore[arg-type]
                if warned:
                    results[i]["warnings"] = [p.as_dict() for p in warned]
            for rec, status in zip(records, write_records(s, spec, records), strict=True):
                results[rec.index]["status"] = "accepted" if status in ("inserted", "updated") else "duplicate"
        now = datetime.now(UTC)
        error_rows = [{"source": API_SOURCE, "line": r.index, "field": p.field, "message": p.message,
                       "created_at": now} for r in rejected for p in r.problems]
        if error_rows:
            s.execute(insert(IngestError), error_rows)
    for r in rejected:
        results[r.index] = {"index": r.index, "status": "rejected", "errors": [p.as_dict() for p in r.problems]}
    from harrier.live.metrics import count_ingest  # /metrics: events accepted

    count_ingest(results, events)
    return results
