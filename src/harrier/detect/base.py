"""The detector contract.

A detector is a pure batch function over one subject type. It never reads the store: the pipeline builds
its inputs (below), including the signals that earlier stages already produced for related subjects, so a
comment detector sees its post's minor-likelihood and a post detector sees its media's signals.

Stages run in order: 1 = media and accounts, 2 = posts (may use media signals), 3 = comments (may use post
and parent-comment signals). Within a stage, detectors run in parallel over batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

from harrier.model import entities
from harrier.model.signals import Signal


@dataclass(frozen=True)
class AccountInput:
    account: entities.Account


@dataclass(frozen=True)
class MediaInput:
    media_id: str
    post_id: str
    type: str  # image | video
    path: Path | None  # blob path of the stored bytes; None when the bytes are missing
    sha256: str | None
    post: entities.Post | None = None


@dataclass(frozen=True)
class PostInput:
    post: entities.Post
    author: entities.Account | None
    media_signals: tuple[Signal, ...] = ()  # stage-1 signals about this post's media
    author_signals: tuple[Signal, ...] = ()  # stage-1 signals about the author account


@dataclass(frozen=True)
class CommentInput:
    comment: entities.Comment
    post: entities.Post | None
    parent_text: str | None = None  # text of the comment this one replies to
    post_signals: tuple[Signal, ...] = ()  # stage-2 signals about the parent post (minor-likelihood...)
    parent_signals: tuple[Signal, ...] = ()  # signals already known about the parent comment
    author: entities.Account | None = None


DetectorInput = AccountInput | MediaInput | PostInput | CommentInput


@runtime_checkable
class Detector(Protocol):
    """name + version identify it in every signal (``detector="name@version"``); bump the version when its
    behaviour changes and the pipeline re-scans everything it covers."""

    name: ClassVar[str]
    version: ClassVar[str]
    subject_type: ClassVar[str]  # account | media | post | comment
    stage: ClassVar[int]

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]: ...


@dataclass
class DetectorSpec:
    """How the registry knows a detector without importing its heavy models until it runs."""

    name: str
    version: str
    subject_type: str
    stage: int
    factory: str  # "module:Class" — imported in the worker process that runs it
    batch_size: int = 256
    kinds: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"
