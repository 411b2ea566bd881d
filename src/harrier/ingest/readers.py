"""Read an export file in batches from a resume point: JSONL by byte offset, Parquet by row number."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BOM = b"\xef\xbb\xbf"


@dataclass
class Chunk:
    """A batch of raw records plus the resume point just after it."""

    items: list[tuple[int, Any]]  # (1-based line or row number, bytes for JSONL / dict for Parquet)
    blank: int  # blank lines skipped in this chunk
    line: int  # lines (rows) fully read after this chunk
    offset: int  # byte offset after this chunk (JSONL; 0 for Parquet)


def fingerprint(path: Path) -> str:
    """Size and modification time: a file that changed since the last run is ingested again from the start."""
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def total_units(path: Path) -> int:
    """Progress-bar total: bytes for JSONL, rows for Parquet."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    return path.stat().st_size


def read_jsonl(path: Path, batch_size: int, line: int = 0, offset: int = 0) -> Iterator[Chunk]:
    with open(path, "rb") as fh:
        fh.seek(offset)
        items: list[tuple[int, Any]] = []
        blank = 0
        for raw in fh:
            line += 1
            offset += len(raw)
            if line == 1 and raw.startswith(BOM):
                raw = raw[len(BOM):]
            if not raw.strip():
                blank += 1
                continue
            items.append((line, raw.rstrip(b"\r\n")))
            if len(items) >= batch_size:
                yield Chunk(items, blank, line, offset)
                items, blank = [], 0
        if items or blank:
            yield Chunk(items, blank, line, offset)


def read_parquet(path: Path, batch_size: int, line: int = 0) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    skip = line
    groups = []
    for g in range(pf.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        if skip >= n and not groups:
            skip -= n  # whole row groups already ingested: not even read
            continue
        groups.append(g)
    row = line - skip
    if not groups:
        return
    for rb in pf.iter_batches(batch_size=batch_size, row_groups=groups):
        records = rb.to_pylist()
        items = []
        for rec in records:
            row += 1
            if row <= line:
                continue
            # A Parquet column exists for every row, so a null cell means "absent" (not an explicit null).
            items.append((row, {k: v for k, v in rec.items() if v is not None}))
        if items:
            yield Chunk(items, 0, row, 0)
