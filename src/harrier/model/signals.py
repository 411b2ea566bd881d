"""The common currency: every detector returns Signals, everything downstream speaks only in signals.

A Signal says *what* (kind), *about what* (subject), *how sure* (score), *who said so* (detector@version)
and *why* (evidence a reviewer can check: text spans, metadata fields, hashes, neighbour accounts).
Kinds come from one registry (``KINDS``), documented in docs/SIGNALS.md; each module that emits a kind
registers it at import time with :func:`register_kind`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SubjectType = Literal["account", "post", "media", "comment", "ring"]
Subject = tuple[SubjectType, str]
SUBJECT_TYPES: tuple[str, ...] = ("account", "post", "media", "comment", "ring")


class Evidence(BaseModel):
    """One reason for a signal. ``kind`` says which of the optional fields carry it.

    kinds in use: ``span`` (start/end into ``field``'s text, ``value`` = the original characters),
    ``metadata`` (field = metadata key, value = its value), ``hash`` (value = hash, distance, ref = bank entry),
    ``face`` (box, value = estimated age), ``detection`` (box, label), ``neighbour`` (ref = account id),
    ``path`` (ref = list of ids the risk travelled along), ``feature`` (field = feature name, value = number),
    ``signal`` (ref = another signal's subject, used when one signal is derived from others),
    ``model`` (field = model name, value = its version, ref = sha256 prefix of the weights, note = source).
    """

    model_config = ConfigDict(extra="forbid")

    kind: str
    field: str | None = None
    start: int | None = None
    end: int | None = None
    value: Any = None
    ref: Any = None
    box: list[float] | None = None
    distance: float | None = None
    note: str | None = None

    def compact(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class Signal(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: Subject
    kind: str
    score: float = Field(ge=0.0, le=1.0)
    detector: str  # "name@version"
    evidence: list[Evidence] = Field(default_factory=list)

    @field_validator("detector")
    @classmethod
    def _versioned(cls, v: str) -> str:
        name, sep, version = v.partition("@")
        if not sep or not name or not version:
            raise ValueError(f"detector must be 'name@version', got {v!r}")
        return v

    @property
    def detector_name(self) -> str:
        return self.detector.partition("@")[0]

    @property
    def detector_version(self) -> str:
        return self.detector.partition("@")[2]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": {"type": self.subject[0], "id": self.subject[1]},
            "score": round(self.score, 4),
            "detector": self.detector,
            "evidence": [e.compact() for e in self.evidence],
        }


@dataclass(frozen=True)
class SignalKind:
    name: str
    subjects: tuple[str, ...]
    description: str
    score: str = "calibrated probability"  # or "fact (1.0)", "0..1 feature"
    severity_hint: str = "medium"  # low | medium | high | critical when the signal is strong


KINDS: dict[str, SignalKind] = {}


def register_kind(
    name: str,
    subjects: tuple[str, ...] | list[str],
    description: str,
    score: str = "calibrated probability",
    severity_hint: str = "medium",
) -> SignalKind:
    """Register a signal kind. Registering the same name twice with another meaning is a bug."""
    kind = SignalKind(name, tuple(subjects), description, score, severity_hint)
    for s in kind.subjects:
        if s not in SUBJECT_TYPES:
            raise ValueError(f"signal kind {name}: unknown subject type {s!r}")
    old = KINDS.get(name)
    if old is not None and old != kind:
        raise ValueError(f"signal kind {name!r} registered twice with different definitions")
    KINDS[name] = kind
    return kind
