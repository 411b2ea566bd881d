"""The labelled corpus (data/text/): source files, the train/dev split, and the leak check.

Sources are ``data/text/corpus/<lang>*.tsv`` lines ``labels<TAB>text[<TAB>lang]`` (short codes below).
``harrier text split`` writes ``train.jsonl`` and ``dev.jsonl``. The split is by *group*: items that are
near-copies of each other (the same remark translated, or a light rewording) are linked - multilingual
embedding cosine >= COSINE or character-trigram Jaccard >= JACCARD on the canonical text - and each connected
group goes wholly to one split, so the dev split measures new phrasings, not memory. :func:`leaks`
re-checks the committed files.

Sources in ``corpus/train_only/`` were written after the dev split was fixed: they go to train only and do not
take part in deciding the split, so adding them never moves an existing dev item; one that is a near-copy of a
dev item is refused (:func:`group_split` reports it; the split fails until it is removed). A train-only file
whose name ends in ``_background`` holds background lines written by others (plain conversation, no remark about
anyone): they teach the networks what ordinary language is, but never become nearest-example references
(:func:`is_background`, ``train.train_head``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from harrier.detect.text.normalise import key_view, normalise

CODES = {
    "sm": "sexualising_minor", "ab": "abuse_intent", "de": "desire_or_solicitation", "cm": "contact_move",
    "gr": "generation_request", "mi": "minimisation", "cs": "counter_speech", "bn": "benign", "amb": "benign",
}
COSINE = 0.80
JACCARD = 0.6
DEV_SHARE = 0.38


TRAIN_ONLY = "train_only"
TRAIN_ONLY_PREFIX = "t."  # ids of train-only items; the flag itself is not written to train.jsonl


BACKGROUND_SUFFIX = "_background"  # stem suffix of train-only background files


def is_train_only(item_id: str) -> bool:
    return item_id.startswith(TRAIN_ONLY_PREFIX)


def is_background(item_id: str) -> bool:
    """A line of a train-only background file (ids are ``t.<stem>-<line>``)."""
    return is_train_only(item_id) and item_id.rpartition("-")[0].endswith(BACKGROUND_SUFFIX)


def read_sources(folder: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for f in sorted(folder.glob("*.tsv")) + sorted((folder / TRAIN_ONLY).glob("*.tsv")):
        lang = re.match(r"[a-z]+", f.stem).group(0)  # type: ignore[union-attr]
        extra = f.parent.name == TRAIN_ONLY
        for ln, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            codes, _, rest = line.partition("\t")
            text, _, line_lang = rest.partition("\t")  # optional third column: the line's language
            codes_l = [c.strip() for c in codes.split(",")]
            labels = sorted({CODES[c] for c in codes_l})
            iid = f"{TRAIN_ONLY_PREFIX if extra else ''}{f.stem}-{ln:04d}"
            item = {"id": iid, "text": text.strip(), "lang": line_lang.strip() or lang, "labels": labels,
                    "ambiguous": "amb" in codes_l}
            if extra:
                item[TRAIN_ONLY] = True
            items.append(item)
    return items


def trigrams(text: str) -> set[str]:
    k = " " + re.sub(r"\s+", " ", key_view(normalise(text).text)) + " "
    return {k[i:i + 3] for i in range(len(k) - 2)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def _near_pairs(texts: list[str], emb: np.ndarray, block: int = 1024) -> Iterable[tuple[int, int]]:
    """Pairs i < j with cosine >= COSINE or trigram Jaccard >= JACCARD. The Jaccard of every pair comes from one
    sparse product of the item x trigram incidence matrix (shared trigrams), a block of rows at a time: the
    same test as :func:`jaccard`, ~100x faster than comparing 80M pairs of Python sets."""
    grams = [trigrams(t) for t in texts]
    M, sizes = _incidence(grams, {})
    MT = M.T.tocsr()
    for s in range(0, len(texts), block):
        e = min(len(texts), s + block)
        shared = (M[s:e] @ MT).toarray()
        near = shared / np.maximum(1.0, sizes[s:e, None] + sizes[None, :] - shared) >= JACCARD
        near |= emb[s:e] @ emb.T >= COSINE
        for i, j in zip(*np.nonzero(np.triu(near, k=s + 1)), strict=True):
            yield s + int(i), int(j)


def _incidence(grams: list[set[str]], vocab: dict[str, int]) -> tuple[Any, np.ndarray]:
    """The item x trigram 0/1 matrix (columns from ``vocab``, extended in place) and each item's trigram count."""
    from scipy.sparse import csr_matrix

    cols = [vocab.setdefault(g, len(vocab)) for gs in grams for g in gs]
    sizes = np.array([len(gs) for gs in grams], dtype=np.float64)
    rows = np.repeat(np.arange(len(grams)), sizes.astype(np.int64))
    return csr_matrix((np.ones(len(cols), dtype=np.float64), (rows, cols)),
                      shape=(len(grams), max(1, len(vocab)))), sizes


def _components(n: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """Union-find over ``pairs``: the root of each of ``n`` items."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(i)] = find(j)
    return [find(i) for i in range(n)]


def group_split(items: list[dict[str, Any]], emb: np.ndarray) -> tuple[list[dict], list[dict], list[tuple[str, str]]]:
    """(train, dev, refused): refused = (train-only id, dev id) pairs where a train-only item near-copies a dev item."""
    texts = [it["text"] for it in items]
    pairs = list(_near_pairs(texts, emb))
    base = [i for i, it in enumerate(items) if not it.get(TRAIN_ONLY)]
    bpos = {i: k for k, i in enumerate(base)}
    # the split is decided on the base corpus alone, exactly as before train-only sources existed
    broot = _components(len(base), [(bpos[i], bpos[j]) for i, j in pairs if i in bpos and j in bpos])
    members: dict[int, list[int]] = {}
    for k, r in enumerate(broot):
        members.setdefault(r, []).append(base[k])
    to_dev: set[int] = set()
    order = {i: (group[0], i) for group in members.values() for i in group}  # group by group, as ever
    for group in members.values():
        ident = min(items[i]["id"] for i in group)
        h = int(hashlib.sha256(ident.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        # very large groups (a phrase said many ways) go to train, so dev is never one family of near-copies
        if h < DEV_SHARE and len(group) <= 12:
            to_dev.update(group)
    refused = sorted({(items[i]["id"], items[j]["id"]) if j in to_dev else (items[j]["id"], items[i]["id"])
                      for i, j in pairs if (i in to_dev) != (j in to_dev)
                      and (items[i].get(TRAIN_ONLY) or items[j].get(TRAIN_ONLY))})
    # group ids (for the folds) over everything, so train-only near-copies share a fold with what they copy
    root = _components(len(items), pairs)
    ident_of: dict[int, str] = {}
    for i, r in enumerate(root):
        ident_of[r] = min(ident_of.get(r, items[i]["id"]), items[i]["id"])
    train: list[dict] = []
    dev: list[dict] = []
    for i in sorted(range(len(items)), key=lambda i: order.get(i, (len(items) + i, i))):
        row = {k: v for k, v in items[i].items() if k != TRAIN_ONLY} | {"group": ident_of[root[i]]}
        (dev if i in to_dev else train).append(row)
    return train, dev, refused


def leaks(train: list[dict], dev: list[dict], emb_train: np.ndarray, emb_dev: np.ndarray) -> list[tuple[str, str, str]]:
    """Dev items that are exact or near copies of a training item: (dev id, train id, why)."""
    out: list[tuple[str, str, str]] = []
    exact = {key_view(normalise(t["text"]).text): t["id"] for t in train}
    sims = emb_dev @ emb_train.T
    # shared trigrams of every (dev, train) pair from one sparse product, as in _near_pairs: the same test as
    # :func:`jaccard` on every pair, without 10M comparisons of Python sets
    vocab: dict[str, int] = {}
    T, t_sizes = _incidence([trigrams(t["text"]) for t in train], vocab)
    D, d_sizes = _incidence([trigrams(d["text"]) for d in dev], vocab)
    T.resize((T.shape[0], D.shape[1]))  # the dev items' new trigrams are columns the training items lack
    shared = (D @ T.T.tocsr()).toarray() if len(dev) and len(train) else np.zeros((len(dev), len(train)))
    near = shared / np.maximum(1.0, d_sizes[:, None] + t_sizes[None, :] - shared) >= JACCARD
    for k, d in enumerate(dev):
        key = key_view(normalise(d["text"]).text)
        if key in exact:
            out.append((d["id"], exact[key], "exact"))
            continue
        j = int(np.argmax(sims[k]))
        if sims[k, j] >= COSINE:
            out.append((d["id"], train[j]["id"], f"cosine {sims[k, j]:.2f}"))
            continue
        if near[k].any():
            out.append((d["id"], train[int(np.argmax(near[k]))]["id"], "trigram"))
    return out


def numbered_jsonl(path: Path, error: type[ValueError] = ValueError) -> Iterator[tuple[int, Any]]:
    """(line number as in the file, parsed value) for every non-blank line; a line that is not JSON raises
    ``error`` naming ``file:line``. Blank lines are skipped but still counted, so numbers match an editor's."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise error(f"{path}: cannot read: {e.strerror or e}") from e
    for k, ln in enumerate(data.split(b"\n"), 1):
        if not ln.strip():
            continue
        try:
            yield k, orjson.loads(ln)
        except orjson.JSONDecodeError as e:
            raise error(f"{path}:{k}: not JSON ({e})") from e


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
