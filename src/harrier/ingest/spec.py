"""Which table each export entity goes to, its key, and how a validated record becomes a row.

File ingestion and the HTTP events API both go through these specs, so the two never disagree about what a
row looks like.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel, TypeAdapter
from sqlalchemy import Table

from harrier.model import entities
from harrier.store import tables


@dataclass(frozen=True)
class EntitySpec:
    name: str  # export file stem, e.g. "comments"
    event_type: str  # type name in the events API, e.g. "comment"
    model: type[BaseModel]
    table: Table
    subject_type: str | None  # detector_scans subject type invalidated when a row changes

    @cached_property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.table.primary_key.columns)

    @cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.table.c.keys())

    @cached_property
    def has_extra(self) -> bool:
        return "extra" in self.table.c

    @property
    def adapter(self) -> TypeAdapter[list[Any]]:
        return _ADAPTERS[self.name]

    def to_row(self, m: BaseModel) -> dict[str, Any]:
        """A validated record as a full table row (every column present, so an update replaces all of it).
        The writer stores times in UTC (SQLite keeps no zone: every time in the store is UTC by convention)."""
        row = m.__dict__.copy()  # the model's fields are the table's columns (plus ``media`` for posts)
        if self.has_extra:
            row["extra"] = jsonable(m.__pydantic_extra__)
        return row


def jsonable(extra: dict[str, Any] | None) -> dict[str, Any] | None:
    """Unknown fields as JSON-safe values (Parquet can hand us datetimes, bytes, decimals)."""
    if not extra:
        return None
    from pydantic_core import to_jsonable_python

    if all(v is None or isinstance(v, str | int | float | bool) for v in extra.values()):
        return extra
    return to_jsonable_python(extra, bytes_mode="base64")


SPECS: dict[str, EntitySpec] = {
    "accounts": EntitySpec("accounts", "account", entities.Account, tables.Account.__table__, "account"),
    "posts": EntitySpec("posts", "post", entities.Post, tables.Post.__table__, "post"),
    "comments": EntitySpec("comments", "comment", entities.Comment, tables.Comment.__table__, "comment"),
    "follows": EntitySpec("follows", "follow", entities.Follow, tables.Follow.__table__, None),
    "interactions": EntitySpec("interactions", "interaction", entities.Interaction, tables.Interaction.__table__,
                               None),
    "message_edges": EntitySpec("message_edges", "message_edge", entities.MessageEdge,
                                tables.MessageEdge.__table__, None),
    "reports": EntitySpec("reports", "report", entities.Report, tables.Report.__table__, None),
}
assert list(SPECS) == list(entities.ENTITY_FILES), "ingest specs must follow the format's entity order"
for _s in SPECS.values():  # to_row relies on it: every table column is a model field (or ``extra``)
    assert set(_s.columns) - {"extra"} <= set(_s.model.model_fields), _s.name

MEDIA_TABLE: Table = tables.Media.__table__

# One adapter per entity: validating a whole batch in one call is ~2x faster than one model_validate per line.
_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    name: TypeAdapter(list[spec.model]) for name, spec in SPECS.items()  # type: ignore[name-defined]
}

BY_EVENT_TYPE: dict[str, EntitySpec] = {s.event_type: s for s in SPECS.values()}
