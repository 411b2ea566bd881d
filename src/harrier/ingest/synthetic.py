"""A plain synthetic export of any size, for load tests and benchmarks (no harmful content at all; the
realistic demo platform is ``harrier.demo``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

_WORDS = ("lovely", "photo", "great", "day", "beach", "dinner", "match", "goal", "run", "garden", "cake", "trip",
          "sunset", "friends", "weekend", "coffee", "recipe", "training", "view", "thanks")
_T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _time(rng: random.Random) -> str:
    return (_T0 + timedelta(seconds=rng.randrange(300 * 86400))).isoformat().replace("+00:00", "Z")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def records(entity: str, n: int, accounts: int, posts: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:{entity}")
    for i in range(n):
        if entity == "accounts":
            yield {"id": f"a{i}", "handle": f"user_{i}", "display_name": f"User {i}", "bio": _text(rng, 6),
                   "created_at": _time(rng)}
        elif entity == "posts":
            yield {"id": f"p{i}", "author_id": f"a{rng.randrange(accounts)}", "created_at": _time(rng),
                   "caption": _text(rng, 8), "hashtags": [rng.choice(_WORDS)], "media": []}
        elif entity == "comments":
            rec = {"id": f"c{i}", "post_id": f"p{rng.randrange(posts)}", "author_id": f"a{rng.randrange(accounts)}",
                   "created_at": _time(rng), "text": _text(rng, rng.randint(3, 12))}
            if i and rng.random() < 0.2:
                rec["parent_id"] = f"c{rng.randrange(i)}"
            yield rec
        elif entity == "follows":
            a, b = rng.randrange(accounts), rng.randrange(accounts)
            yield {"follower_id": f"a{a}", "followee_id": f"a{b if b != a else (b + 1) % accounts}"}
        elif entity == "interactions":
            yield {"account_id": f"a{rng.randrange(accounts)}", "post_id": f"p{rng.randrange(posts)}",
                   "kind": rng.choice(("like", "save", "share", "view")), "created_at": _time(rng)}
        else:
            raise ValueError(f"no synthetic generator for {entity}")


def write_export(folder: Path, accounts: int = 1000, posts: int = 5000, comments: int = 50_000, follows: int = 0,
                 interactions: int = 0, fmt: str = "jsonl", seed: int = 0) -> dict[str, int]:
    """Write manifest + entity files; returns the record count per entity. Follows and interactions may
    repeat a key (random pairs), so their stored row counts can be lower than the line counts."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_bytes(orjson.dumps(
        {"format_version": "1", "platform": "synthetic", "exported_at": "2026-11-20T10:00:00Z"}))
    counts = {"accounts": accounts, "posts": posts, "comments": comments, "follows": follows,
              "interactions": interactions}
    for entity, n in counts.items():
        if not n:
            continue
        recs = records(entity, n, accounts, posts, seed)
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(list(recs)), folder / f"{entity}.parquet", row_group_size=2000)
        else:
            with open(folder / f"{entity}.jsonl", "wb") as fh:
                buf: list[bytes] = []
                for r in recs:
                    buf.append(orjson.dumps(r))
                    if len(buf) >= 10_000:
                        fh.write(b"\n".join(buf) + b"\n")
                        buf.clear()
                if buf:
                    fh.write(b"\n".join(buf) + b"\n")
    return {k: v for k, v in counts.items() if v}
