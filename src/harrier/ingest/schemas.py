"""JSON Schema of every export file, generated from the Pydantic models (so the schemas and the validator
cannot drift apart; a test fails when docs/schemas is stale)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from harrier.model.entities import ENTITY_FILES, Manifest

# What each field means, from the format note (docs/FORMAT.md); put into the generated schemas.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "manifest": {"format_version": "always \"1\" for this version", "platform": "the exporting platform's name",
                 "exported_at": "when the export was made"},
    "accounts": {"id": "the platform's account id", "handle": "username as shown (may contain algospeak)",
                 "bio": "profile text", "declared_age": "age the user declared, if the platform has it"},
    "posts": {"author_id": "account id", "hashtags": "without #",
              "sound": "music or audio tag attached to the post",
              "platform_labels": "labels the platform already applied, e.g. ai_generated",
              "media": "images or videos: a relative path inside the export folder, or a URL (never fetched)"},
    "comments": {"parent_id": "the comment this one replies to"},
    "interactions": {"kind": "like, save, share or view"},
    "message_edges": {"count": "messages in that exchange (never message content)"},
    "reports": {"subject_type": "what is reported: account, post or comment", "reporter_id": "account id"},
}


def schemas() -> dict[str, dict[str, Any]]:
    """``{file stem: schema}`` for manifest.json and each entity file (one JSON object per line / row)."""
    out: dict[str, dict[str, Any]] = {}
    for stem, model in {"manifest": Manifest, **ENTITY_FILES}.items():
        schema = model.model_json_schema(mode="validation")
        for field, text in DESCRIPTIONS.get(stem, {}).items():
            schema["properties"][field]["description"] = text
        what = "manifest.json" if stem == "manifest" else f"one line of {stem}.jsonl (or one row of {stem}.parquet)"
        out[stem] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:harrier:export:v1:{stem}",
            "description": f"Harrier platform export format v1: {what}. Fields not listed here are kept as extra "
                           "data, never rejected. See docs/FORMAT.md.",
            **schema,
        }
    return out


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, schema in schemas().items():
        path = directory / f"{stem}.schema.json"
        path.write_bytes(orjson.dumps(schema, option=orjson.OPT_INDENT_2) + b"\n")
        written.append(path)
    return written
