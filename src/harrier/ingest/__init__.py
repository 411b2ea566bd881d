"""Platform data in: export folders (JSONL/Parquet, docs/FORMAT.md) and HTTP events -> the store.

``run_ingest(store, folder)`` validates every record, keeps what is valid, quarantines what is not (with
file, line and field), stores media bytes by SHA-256, and is idempotent and resumable.
"""

from harrier.ingest.report import FileReport, IngestReport
from harrier.ingest.runner import DEFAULT_BATCH, ExportError, run_ingest

__all__ = ["DEFAULT_BATCH", "ExportError", "FileReport", "IngestReport", "run_ingest"]
