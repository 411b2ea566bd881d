"""Where Harrier keeps its data. Every command reads these, so several stores can live side by side."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str

    @property
    def blob_dir(self) -> Path:
        return self.home / "blobs"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def evidence_dir(self) -> Path:
        return self.home / "evidence"


def get_settings() -> Settings:
    """Read HARRIER_HOME (default ./harrier-data) and HARRIER_DATABASE_URL (default SQLite under home)."""
    home = Path(os.environ.get("HARRIER_HOME", "harrier-data")).resolve()
    url = os.environ.get("HARRIER_DATABASE_URL") or f"sqlite:///{home / 'harrier.db'}"
    return Settings(home=home, database_url=url)
