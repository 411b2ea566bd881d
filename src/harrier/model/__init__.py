"""The world as data: platform entities (export format v1) and Harrier's signals, evidence and cases."""

from harrier.model.entities import (
    ENTITY_FILES,
    Account,
    Comment,
    Follow,
    Interaction,
    Manifest,
    MediaRef,
    MessageEdge,
    Post,
    Report,
)
from harrier.model.signals import KINDS, Evidence, Signal, SignalKind, Subject, register_kind

__all__ = [
    "ENTITY_FILES",
    "KINDS",
    "Account",
    "Comment",
    "Evidence",
    "Follow",
    "Interaction",
    "Manifest",
    "MediaRef",
    "MessageEdge",
    "Post",
    "Report",
    "Signal",
    "SignalKind",
    "Subject",
    "register_kind",
]
