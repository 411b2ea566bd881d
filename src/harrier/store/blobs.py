"""Content-addressed blob store: media and evidence bytes are stored once, under their SHA-256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put_file(self, src: Path) -> str:
        with open(src, "rb") as fh:
            return self.put_stream(fh)

    def put_bytes(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if not self.has(digest):
            self._write_atomic(digest, [data])
        return digest

    def put_stream(self, fh: BinaryIO) -> str:
        # Stream to a temp file while hashing, then rename: a kill mid-write never leaves a partial blob
        # under a valid name.
        self.root.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := fh.read(CHUNK):
                    h.update(chunk)
                    out.write(chunk)
            digest = h.hexdigest()
            dest = self.path_for(digest)
            if dest.exists():
                os.unlink(tmp)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, dest)
            return digest
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _write_atomic(self, digest: str, parts: list[bytes]) -> None:
        dest = self.path_for(digest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out:
            for p in parts:
                out.write(p)
        os.replace(tmp, dest)

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()
