"""Parse and validate records against the export format's Pydantic schemas, with errors that name the field."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import annotated_types
import orjson
from pydantic import AwareDatetime, BaseModel, ValidationError

from harrier.ingest.spec import EntitySpec

LINE_FIELD = "(line)"  # the "field" of a problem with the line as a whole (bad JSON, not an object)
# Deepest nesting of lists and objects a record may have. JSON itself allows ~1000 levels (orjson's limit), but
# an unknown field nested a few hundred deep passed validation and then broke storing it in ``extra``
# (pydantic-core serialises ~250 levels, json.dumps ~990): a ValueError that stopped the whole ingest (found by
# bench/fuzz_ingest.py). No export format needs more than a handful of levels.
MAX_NESTING = 100


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


def unstorable(rec: dict[str, Any], limit: int = MAX_NESTING) -> Problem | None:
    """The first field no store can hold, else None: a value nesting lists/objects more than ``limit`` levels deep
    (named by its top-level field), or a string or key with a NUL character (named by its path, ``media[0].path``):
    PostgreSQL's text and JSON refuse NUL, so both backends refuse the record rather than one of them failing the
    batch. Iterative: a recursive walk would itself fail on the records it is meant to catch."""
    for key, value in rec.items():
        if "\x00" in str(key):
            return Problem(str(key).replace("\x00", "\\x00"), "a NUL character in a field name")
        stack: list[tuple[Any, int, str]] = [(value, 1, str(key))]
        while stack:
            v, depth, path = stack.pop()
            if isinstance(v, str):
                if "\x00" in v:
                    return Problem(path, "contains a NUL character, which no store can hold")
                continue
            if not isinstance(v, dict | list):
                continue
            if depth > limit:
                return Problem(str(key), f"nested more than {limit} levels deep")
            if isinstance(v, dict):
                for k, c in v.items():
                    if "\x00" in str(k):
                        return Problem(path, "a NUL character in a key")
                    stack.append((c, depth + 1, f"{path}.{k}"))
            else:
                stack.extend((c, depth + 1, f"{path}[{i}]") for i, c in enumerate(v))
    return None


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
    pending = []
    for item in items:
        problem = unstorable(item[2])
        if problem is None:
            pending.append(item)
        else:
            rejected.append(Rejected(item[0], item[1], [problem]))
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


# --- fast path ---------------------------------------------------------------------------------------------
# Pydantic model construction is most of the cost of ingesting a simple record (~8 us of ~13 us per comment).
# For entities whose fields are all plain strings and aware datetimes, the common well-formed record is
# checked here directly and becomes a row dict without building a model. The fast path only *accepts*: any
# record it is not sure about (wrong type, empty id, an unusual timestamp spelling) goes through Pydantic as
# before, so what is rejected, and every error message, is exactly what Pydantic says.

_STR, _DT = 0, 1
_ISO_UTC = re.compile(  # a strict subset of what Pydantic accepts and datetime.fromisoformat parses alike
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
)
# Years where an offset can carry the time out of range once converted to UTC: Pydantic judges those.
_EDGE_YEARS = ("0001", "9999")
_FAST: dict[str, FastRows | None] = {}


class FastRows:
    """Row dicts (model fields plus ``extra``, as ``EntitySpec.to_row`` makes them) for well-formed records."""

    def __init__(self, fields: list[tuple[str, int, bool, int]], has_extra: bool) -> None:
        self.fields = fields  # (name, kind, required, min_length)
        self.names = frozenset(f[0] for f in fields)
        self.has_extra = has_extra

    @classmethod
    def for_spec(cls, spec: EntitySpec) -> FastRows | None:
        """None when a field is of a type the fast path does not handle (lists, numbers, literals...)."""
        fields = []
        for name, f in spec.model.model_fields.items():
            ann = f.annotation
            optional = ann in (str | None, AwareDatetime | None)
            base = {str: _STR, AwareDatetime: _DT, str | None: _STR, AwareDatetime | None: _DT}.get(ann)
            if base is None or f.default_factory is not None or (not f.is_required() and f.default is not None):
                return None
            min_len = 0
            for meta in f.metadata:
                if isinstance(meta, annotated_types.MinLen) and base == _STR:
                    min_len = meta.min_length
                else:
                    return None
            if f.is_required() and optional:
                return None  # required but nullable: rare, leave it to Pydantic
            fields.append((name, base, f.is_required(), min_len))
        return cls(fields, spec.has_extra)

    def row(self, rec: dict[str, Any], sqlite_times: bool = False) -> dict[str, Any] | None:
        """``sqlite_times``: a UTC ("Z") time comes back already as SQLite stores it (what the SQLite
        backend's ``prepare`` would make of the datetime, without its ~2 us ``isoformat``)."""
        row: dict[str, Any] = {}
        for name, kind, required, min_len in self.fields:
            v = rec.get(name)
            if v is None:
                if required:
                    return None
                row[name] = None
            elif type(v) is not str or len(v) < min_len or "\x00" in v:  # NUL: the slow path names it
                return None
            elif kind == _DT:
                if _ISO_UTC.fullmatch(v) is None or v[:4] in _EDGE_YEARS:
                    return None
                try:
                    dt = datetime.fromisoformat(v)  # also what rejects 31 February
                except ValueError:  # Pydantic words the error
                    return None
                # 'YYYY-MM-DDTHH:MM:SS[.f]Z' -> 'YYYY-MM-DD HH:MM:SS.ffffff', fraction padded to microseconds
                row[name] = f"{v[:10]} {v[11:19]}.{v[20:-1]:0<6}" if sqlite_times and v[-1] == "Z" else dt
            else:
                row[name] = v
        if self.has_extra:
            names = self.names
            if names.issuperset(rec):
                row["extra"] = None
            else:
                extra = {k: v for k, v in rec.items() if k not in names}
                if not all(v is None or isinstance(v, int | float | bool) or (isinstance(v, str) and "\x00" not in v)
                           for v in extra.values()) or any("\x00" in k for k in extra):
                    return None  # nested unknown fields or NUL: the slow path checks them (``unstorable``)
                row["extra"] = extra
        return row


def validate_rows(spec: EntitySpec, items: Sequence[tuple[int, Any, dict[str, Any]]], sqlite_times: bool = False
                  ) -> tuple[list[tuple[int, Any, dict[str, Any]]], list[Rejected]]:
    """Like ``validate`` followed by ``spec.to_row``, in file order, with the fast path where it applies.
    ``sqlite_times``: rows for the SQLite backend only (see ``FastRows.row``)."""
    fast = _FAST.get(spec.name, False)
    if fast is False:
        fast = _FAST[spec.name] = FastRows.for_spec(spec)
    if fast is None:
        valid, rejected = validate(spec, items)
        return [(idx, raw, spec.to_row(m)) for idx, raw, m in valid], rejected
    out: list[tuple[int, Any, dict[str, Any]]] = []
    slow: list[tuple[int, Any, dict[str, Any]]] = []
    for item in items:
        row = fast.row(item[2], sqlite_times)
        if row is None:
            slow.append(item)
            out.append(item)  # placeholder, replaced below (keeps file order: the last row of a key wins)
        else:
            out.append((item[0], item[1], row))
    if not slow:
        return out, []
    valid, rejected = validate(spec, slow)
    by_index = {idx: spec.to_row(m) for idx, _, m in valid}
    placeholders = {id(it) for it in slow}
    merged = []
    for it in out:
        if id(it) in placeholders:
            row = by_index.get(it[0])
            if row is not None:
                merged.append((it[0], it[1], row))
        else:
            merged.append(it)
    return merged, rejected
