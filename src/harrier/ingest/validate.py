"""Parse and validate records against the export format's Pydantic schemas, with errors that name the field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from harrier.ingest.spec import EntitySpec

LINE_FIELD = "(line)"  # the "field" of a problem with the line as a whole (bad JSON, not an object)


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: str

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "message": self.message}


@dataclass
class Rejected:
    index: int  # 1-based line (or Parquet row) number; for the events API the item's index
    raw: Any  # the original line (bytes) or record (dict), kept for the quarantine file
    problems: list[Problem] = field(default_factory=list)


def parse_line(raw: bytes) -> dict[str, Any] | Problem:
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        return Problem(LINE_FIELD, f"invalid JSON: {e}")
    if not isinstance(obj, dict):
        return Problem(LINE_FIELD, f"expected a JSON object, got {type(obj).__name__}")
    return obj


def loc_to_field(loc: Sequence[int | str]) -> str | None:
    """Pydantic's ``('media', 0, 'path')`` as ``media[0].path``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def _message(err: dict[str, Any]) -> str:
    msg = str(err["msg"])
    inp = err.get("input")
    if err["type"] != "missing" and (inp is None or isinstance(inp, str | int | float | bool)):
        shown = repr(inp)
        msg += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
    return msg


def _null_means_absent(spec: EntitySpec) -> tuple[str, ...]:
    # Exporters often write null for an absent optional list (hashtags, media); the schema wants a list.
    return tuple(
        name for name, f in spec.model.model_fields.items() if not f.is_required() and f.default_factory is not None
    )


_NULLABLE: dict[str, tuple[str, ...]] = {}


def validate(spec: EntitySpec, items: Sequence[tuple[int, Any, dict[str, Any]]]
             ) -> tuple[list[tuple[int, Any, BaseModel]], list[Rejected]]:
    """Validate ``(index, raw, record)`` items in one Pydantic call per batch (fast path); the records Pydantic
    rejects are set aside with their errors and the rest validated again, so one bad line costs one retry."""
    nullable = _NULLABLE.get(spec.name)
    if nullable is None:
        nullable = _NULLABLE[spec.name] = _null_means_absent(spec)
    if nullable:
        for _, _, rec in items:
            for k in nullable:
                if k in rec and rec[k] is None:
                    del rec[k]
    rejected: list[Rejected] = []
    pending = list(items)
    while pending:
        try:
            models = spec.adapter.validate_python([rec for _, _, rec in pending])
        except ValidationError as e:
            bad: dict[int, list[Problem]] = defaultdict(list)
            for err in e.errors(include_url=False):
                loc = err["loc"]
                bad[int(loc[0])].append(Problem(loc_to_field(loc[1:]) or LINE_FIELD, _message(err)))
            if not bad:  # cannot happen with a list adapter, but never loop forever
                bad = {i: [Problem(LINE_FIELD, str(e))] for i in range(len(pending))}
            for i, problems in sorted(bad.items()):
                idx, raw, _ = pending[i]
                rejected.append(Rejected(idx, raw, problems))
            pending = [p for i, p in enumerate(pending) if i not in bad]
            continue
        return [(idx, raw, m) for (idx, raw, _), m in zip(pending, models, strict=True)], rejected
    return [], rejected
