"""Media of a post: files inside the export folder go into the content-addressed blob store; URLs are
recorded and never fetched. A media problem (missing file, wrong checksum, path outside the folder) keeps
the post and the media row, with the problem in the row's ``error``."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from harrier.ingest.spec import MEDIA_TABLE, jsonable
from harrier.ingest.validate import Problem
from harrier.model.entities import MediaRef
from harrier.store.blobs import BlobStore

_HAS_EXTRA = "extra" in MEDIA_TABLE.c


def media_id(post_id: str, position: int, ref: MediaRef) -> str:
    return ref.id or f"{post_id}#{position}"


class MediaResolver:
    """Turns a post's media references into media rows. ``root`` is the export folder; None (the events API)
    means relative paths are not accepted, only URLs and sha256 of blobs already stored."""

    def __init__(self, blobs: BlobStore, root: Path | None) -> None:
        self.blobs = blobs
        self.root = root.resolve() if root is not None else None
        self._digests: dict[Path, tuple[int, int, str]] = {}  # path -> (size, mtime_ns, sha256) within a run

    def rows(self, post_id: str, refs: list[MediaRef]) -> tuple[list[dict[str, Any]], list[Problem]]:
        rows: list[dict[str, Any]] = []
        problems: list[Problem] = []
        for pos, ref in enumerate(refs):
            declared = ref.sha256.lower() if ref.sha256 else None
            row: dict[str, Any] = {
                "id": media_id(post_id, pos, ref), "post_id": post_id, "position": pos, "type": ref.type,
                "path": ref.path, "url": ref.url, "sha256": None, "declared_sha256": declared, "error": None,
            }
            if _HAS_EXTRA:
                row["extra"] = jsonable(ref.__pydantic_extra__) or None
            problem = self._locate(ref, row, declared)
            if problem is not None:
                field, message = problem
                row["error"] = message
                problems.append(Problem(f"media[{pos}].{field}" if field else f"media[{pos}]", message))
            rows.append(row)
        return rows, problems

    def _locate(self, ref: MediaRef, row: dict[str, Any], declared: str | None) -> tuple[str | None, str] | None:
        if ref.path:
            return self._store_file(ref.path, row, declared)
        if declared and self.blobs.has(declared):
            row["sha256"] = declared  # bytes already stored (e.g. sent earlier by the platform): link them
            return None
        if not ref.url and not declared:
            return None, "no path, url or sha256: nothing to find the bytes by"
        return None

    def _store_file(self, rel: str, row: dict[str, Any], declared: str | None) -> tuple[str, str] | None:
        if self.root is None:
            return "path", "relative paths are only accepted in an export folder; give url or sha256"
        p = Path(rel)
        if p.is_absolute():
            return "path", f"absolute path not allowed (give a path relative to the export folder): {rel}"
        try:
            # resolve() follows symlinks too, so a link pointing outside the folder is refused as well.
            full = (self.root / p).resolve()
            if not full.is_relative_to(self.root):
                return "path", f"path escapes the export folder: {rel}"
            if not full.is_file():
                return "path", f"file not found: {rel}"
        except (OSError, ValueError) as e:
            # A NUL byte (ValueError) or a name too long for the file system (OSError) raised out of resolve():
            # the OSError was taken for an unreadable posts file and every later post was lost, the
            # ValueError stopped the ingest (found by bench/fuzz_ingest.py). It is this post's media problem.
            shown = rel if len(rel) <= 120 else rel[:117] + "..."
            return "path", f"unusable path ({getattr(e, 'strerror', None) or e}): {shown!r}"
        try:
            digest = self._digest(full)
            if declared and declared != digest:
                return "sha256", f"sha256 mismatch: declared {declared}, file {rel} has {digest}"
            if not self.blobs.has(digest):
                digest = self.blobs.put_file(full)
        except OSError as e:
            return "path", f"cannot read {rel}: {e.strerror or e}"
        row["sha256"] = digest
        return None

    def _digest(self, full: Path) -> str:
        st = full.stat()
        hit = self._digests.get(full)
        if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            return hit[2]
        with open(full, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        self._digests[full] = (st.st_size, st.st_mtime_ns, digest)
        return digest
