"""Pydantic schemas of the platform export format, version 1 (docs/FORMAT.md).

Field names are fixed by the format: other tools write them. Unknown fields are kept (``extra="allow"``)
and end up in each row's ``extra`` column, never rejected.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

# The largest integer the store's INTEGER column holds on both backends (SQLite's is 64-bit, PostgreSQL's 32): a
# larger count passed validation and then failed the whole batch's INSERT (found by bench/fuzz_ingest.py).
INT32_MAX = 2**31 - 1  # the store's INTEGER column: 32 bits on PostgreSQL (64 on SQLite)


class _Entity(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=False)

    def extra_fields(self) -> dict[str, Any]:
        return dict(self.__pydantic_extra__ or {})

    # Every time field of the format is ``created_at`` (``exported_at`` in the manifest).
    @field_validator("created_at", "exported_at", check_fields=False)
    @classmethod
    def _representable_in_utc(cls, v: datetime | None) -> datetime | None:
        """Times are stored in UTC: 0001-01-01T00:00+01:00 or 9999-12-31T23:59-01:00 are valid ISO 8601 but
        leave Python's datetime range once converted, which raised OverflowError in the writer and stopped the
        ingest (found by bench/fuzz_ingest.py). Rejected here, on the field, like any other bad time."""
        if v is not None:
            try:
                v.astimezone(UTC)
            except OverflowError:
                raise ValueError("time is out of range once converted to UTC (years 1 to 9999)") from None
        return v


class Manifest(_Entity):
    format_version: Literal["1"]
    platform: str
    exported_at: AwareDatetime | None = None


class Account(_Entity):
    id: str = Field(min_length=1)
    handle: str
    display_name: str | None = None
    bio: str | None = None
    created_at: AwareDatetime | None = None
    profile_url: str | None = None
    declared_age: int | None = Field(default=None, ge=0, le=150)


class MediaRef(_Entity):
    id: str | None = None
    type: Literal["image", "video"]
    path: str | None = None
    url: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")


class Post(_Entity):
    id: str = Field(min_length=1)
    author_id: str = Field(min_length=1)
    created_at: AwareDatetime
    caption: str | None = None
    hashtags: list[str] = Field(default_factory=list)
    sound: str | None = None
    platform_labels: list[str] = Field(default_factory=list)
    media: list[MediaRef] = Field(default_factory=list)
    url: str | None = None


class Comment(_Entity):
    id: str = Field(min_length=1)
    post_id: str = Field(min_length=1)
    author_id: str = Field(min_length=1)
    parent_id: str | None = None
    created_at: AwareDatetime
    text: str


class Follow(_Entity):
    follower_id: str = Field(min_length=1)
    followee_id: str = Field(min_length=1)
    created_at: AwareDatetime | None = None


class Interaction(_Entity):
    account_id: str = Field(min_length=1)
    post_id: str = Field(min_length=1)
    kind: Literal["like", "save", "share", "view"]
    created_at: AwareDatetime | None = None


class MessageEdge(_Entity):
    """Who messaged whom and when; never message content."""

    sender_id: str = Field(min_length=1)
    recipient_id: str = Field(min_length=1)
    created_at: AwareDatetime
    count: int | None = Field(default=None, ge=0, le=INT32_MAX)


class Report(_Entity):
    id: str = Field(min_length=1)
    subject_type: Literal["account", "post", "comment"]
    subject_id: str = Field(min_length=1)
    reason: str
    reporter_id: str | None = None
    created_at: AwareDatetime | None = None
    text: str | None = None


# Export file stem -> schema, in the order ingestion loads them (accounts first: everything points at them).
ENTITY_FILES: dict[str, type[_Entity]] = {
    "accounts": Account,
    "posts": Post,
    "comments": Comment,
    "follows": Follow,
    "interactions": Interaction,
    "message_edges": MessageEdge,
    "reports": Report,
}
