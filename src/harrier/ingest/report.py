"""What an ingest run did, per file and in total."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_ERRORS_KEPT = 1000  # messages kept in the report (of each kind); every error is in ingest_errors and the quarantine


@dataclass
class FileReport:
    file: str  # name in the export folder, e.g. "posts.jsonl"
    entity: str  # "posts"
    path: str
    status: str = "ingested"  # ingested | resumed | unchanged (fully ingested before, skipped) | failed
    accepted: int = 0  # valid records: inserted + updated + unchanged
    inserted: int = 0
    updated: int = 0  # same id, changed content: row replaced, detectors will look again
    unchanged: int = 0  # already stored as is, or repeated within the file
    rejected: int = 0
    skipped: int = 0  # blank lines
    media_errors: int = 0  # posts kept whose media could not be stored (missing file, bad sha256...)
    warnings: int = 0  # records stored with a warning (a URL that will be shown as text, not a link)
    resumed_from: int = 0  # line (row) this run started after
    quarantine: str | None = None

    def count(self, status: str) -> None:
        self.accepted += 1
        if status == "inserted":
            self.inserted += 1
        elif status == "updated":
            self.updated += 1
        else:
            self.unchanged += 1


@dataclass
class IngestReport:
    folder: str
    quarantine_dir: str
    manifest: dict[str, Any] | None = None
    files: list[FileReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "file:line: field: message", the first MAX_ERRORS_KEPT
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)  # about the run, then "file:line: field: message" ones
    warning_count: int = 0
    elapsed: float = 0.0

    def add_error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)

    def add_warning(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_ERRORS_KEPT:
            self.warnings.append(message)

    @property
    def accepted(self) -> int:
        return sum(f.accepted for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def events(self) -> int:
        return self.accepted + self.rejected

    @property
    def rate(self) -> float:
        """Records handled per second in this run."""
        return self.events / self.elapsed if self.elapsed > 0 else 0.0

    def file(self, entity: str) -> FileReport | None:
        return next((f for f in self.files if f.entity == entity), None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(accepted=self.accepted, rejected=self.rejected, events=self.events, rate=round(self.rate, 1),
                 elapsed=round(self.elapsed, 3))
        return d
