"""Quarantine files: every line that was rejected or had a media problem, as it came, with its errors.

One JSONL file per export file, under ``$HARRIER_HOME/quarantine/<export folder>-<hash>/``. Entries are
appended before the batch commits; a resumed run first drops entries beyond the committed line, so a killed
run leaves neither gaps nor duplicates.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import orjson

from harrier.ingest.validate import Problem


def quarantine_path(quarantine_dir: Path, source: Path) -> Path:
    folder = source.parent
    tag = hashlib.sha256(str(folder).encode()).hexdigest()[:8]
    return quarantine_dir / f"{folder.name}-{tag}" / f"{source.stem}.quarantine.jsonl"


def raw_text(raw: Any) -> Any:
    if isinstance(raw, bytes):
        return raw.decode("utf-8", errors="replace")
    from pydantic_core import to_jsonable_python

    return to_jsonable_python(raw, bytes_mode="base64", fallback=str)


class Quarantine:
    def __init__(self, path: Path, file_name: str) -> None:
        self.path = path
        self.file_name = file_name

    def reset(self, keep_through_line: int) -> None:
        """Start over (0) or drop entries past the last committed line (resume)."""
        if not self.path.exists():
            return
        if keep_through_line <= 0:
            self.path.unlink()
            return
        kept = [ln for ln in self.path.read_bytes().splitlines()
                if ln.strip() and orjson.loads(ln).get("line", 0) <= keep_through_line]
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(b"".join(k + b"\n" for k in kept))
        os.replace(tmp, self.path)

    def write(self, entries: list[tuple[int, Any, list[Problem]]]) -> None:
        if not entries:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "ab") as fh:
            for line, raw, problems in entries:
                fh.write(orjson.dumps({
                    "file": self.file_name, "line": line,
                    "errors": [p.as_dict() for p in problems], "raw": raw_text(raw),
                }) + b"\n")
