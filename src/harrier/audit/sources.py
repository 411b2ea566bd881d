"""What ``harrier audit-dataset SOURCE`` reads: a folder of images, a Parquet/CSV table of image paths, or
WebDataset tar shards — each turned into a sorted list of :class:`Item`.

An item's ``id`` is what the outputs call it: the absolute path of a file, or ``SHARD.tar#MEMBER`` for a tar
member. ``size`` and ``mtime_ns`` key the checkpoint: an item whose file changed is scanned again.
"""

from __future__ import annotations

import csv
import glob
import os
import tarfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# Image extensions (lower case) a folder walk or a tar shard counts as images; other files (labels.csv,
# captions .txt/.json beside WebDataset images) are not images and not errors.
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff",
                              ".heic", ".heif", ".avif", ".jfif"})
PATH_COLUMNS = ("path", "image_path", "file")


class SourceError(ValueError):
    pass


@dataclass(frozen=True)
class Item:
    id: str  # absolute path, or SHARD#MEMBER
    key: str  # the name inside the source: relative path, table value, or the WebDataset key
    file: str | None = None  # a file on disk ...
    tar: str | None = None  # ... or a member of this uncompressed tar,
    member: str | None = None
    offset: int = 0  # read directly at its data offset (no header scan per member)
    size: int = 0
    mtime_ns: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def read_bytes(self) -> bytes:
        if self.file is not None:
            return Path(self.file).read_bytes()
        assert self.tar is not None
        with open(self.tar, "rb") as f:
            f.seek(self.offset)
            return f.read(self.size)


def _is_image(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS


def _file_item(path: str, key: str) -> Item:
    try:
        st = os.stat(path)
        size, mtime = st.st_size, st.st_mtime_ns
    except OSError:  # listed but missing: still an item, its scan records the error
        size, mtime = -1, 0
    return Item(id=path, key=key, file=path, size=size, mtime_ns=mtime)


def webdataset_key(member: str) -> str:
    """WebDataset's grouping key: the member path up to the first dot of its file name."""
    d, base = os.path.split(member)
    return os.path.join(d, base.split(".", 1)[0]) if d else base.split(".", 1)[0]


def tar_items(shard: str) -> list[Item]:
    """The image members of one WebDataset shard (grouped by key: a key's caption/json members are skipped)."""
    shard = os.path.abspath(shard)
    mtime = os.stat(shard).st_mtime_ns
    out = []
    try:
        with tarfile.open(shard, "r:") as tf:  # uncompressed only: members are read at their offsets
            for m in tf:
                if m.isfile() and _is_image(m.name):
                    out.append(Item(id=f"{shard}#{m.name}", key=webdataset_key(m.name), tar=shard, member=m.name,
                                    offset=m.offset_data, size=m.size, mtime_ns=mtime))
    except (tarfile.TarError, OSError) as e:
        raise SourceError(f"{shard}: not a readable uncompressed tar shard: {e}") from e
    return out


def _folder_items(root: str) -> list[Item]:
    items: list[Item] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            p = os.path.join(dirpath, name)
            if name.lower().endswith(".tar"):
                items += tar_items(p)
            elif _is_image(name):
                items.append(_file_item(p, os.path.relpath(p, root)))
    return items


def _table_paths(path: str, column: str | None) -> list[str]:
    if path.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
        col = _pick_column(names, column, path)
        return [str(v) for v in pq.read_table(path, columns=[col]).column(col).to_pylist() if v is not None]
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        col = _pick_column(reader.fieldnames or [], column, path)
        return [row[col] for row in reader if row.get(col)]


def _pick_column(names: list[str], column: str | None, path: str) -> str:
    if column:
        if column not in names:
            raise SourceError(f"{path}: no column {column!r} (columns: {', '.join(names)})")
        return column
    for c in PATH_COLUMNS:
        if c in names:
            return c
    raise SourceError(f"{path}: no image-path column ({', '.join(PATH_COLUMNS)}); name it with --path-column")


def _table_items(path: str, column: str | None) -> list[Item]:
    base = os.path.dirname(os.path.abspath(path))
    return [_file_item(os.path.abspath(os.path.join(base, v)), v) for v in _table_paths(path, column)]


def collect(source: str, path_column: str | None = None) -> tuple[str, list[Item]]:
    """(kind, items sorted by id, duplicates dropped). kind: folder, table, tar, glob or file."""
    if any(c in source for c in "*?[") and not os.path.exists(source):
        paths = sorted(glob.glob(source, recursive=True))
        if not paths:
            raise SourceError(f"{source}: the pattern matches nothing")
        kind, items = "glob", []
        for p in paths:
            items += _collect_one(p, path_column)[1]
    else:
        kind, items = _collect_one(source, path_column)
    seen: dict[str, Item] = {}
    for it in items:
        seen.setdefault(it.id, it)
    return kind, sorted(seen.values(), key=lambda i: i.id)


def _collect_one(source: str, path_column: str | None) -> tuple[str, list[Item]]:
    p = os.path.abspath(source)
    if os.path.isdir(p):
        return "folder", _folder_items(p)
    if not os.path.isfile(p):
        raise SourceError(f"{source}: no such file or folder")
    low = p.lower()
    if low.endswith((".parquet", ".csv")):
        return "table", _table_items(p, path_column)
    if low.endswith(".tar"):
        return "tar", tar_items(p)
    return "file", [_file_item(p, os.path.basename(p))]
