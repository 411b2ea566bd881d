"""Pydantic schemas of the platform export format, version 1 (docs/FORMAT.md).

Field names are fixed by the format: other tools write them. Unknown fields are kept (``extra="allow"``)
and end up in each row's ``extra`` column, never rejected.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class _Entity(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=False)

    def extra_fields(self) -> dict[str, Any]:
        return dict(self.__pydantic_extra__ or {})


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
    count: int | None = Field(default=None, ge=0)


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
