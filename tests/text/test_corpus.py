"""The labelled corpus: the dev split is big enough, multilingual, and holds no near-copies of training items."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from harrier.detect.text.corpus import leaks, read_jsonl, read_sources
from harrier.detect.text.normalise import normalise

from .conftest import DATA


def test_dev_split_size_and_languages() -> None:
    dev = read_jsonl(DATA / "dev.jsonl")
    langs = Counter(d["lang"] for d in dev)
    assert len(dev) >= 600
    assert sum(1 for n in langs.values() if n >= 50) >= 5, langs
    cats = Counter(lab for d in dev for lab in d["labels"])
    for c in ("sexualising_minor", "abuse_intent", "desire_or_solicitation", "contact_move", "generation_request",
              "minimisation", "counter_speech", "benign"):
        assert cats[c] >= 40, (c, cats)


def test_splits_are_disjoint_and_come_from_the_sources() -> None:
    train = read_jsonl(DATA / "train.jsonl")
    dev = read_jsonl(DATA / "dev.jsonl")
    src = {s["id"]: s for s in read_sources(DATA / "corpus")}
    ids_t, ids_d = {t["id"] for t in train}, {d["id"] for d in dev}
    assert not ids_t & ids_d
    assert ids_t | ids_d == set(src), "train/dev are stale: run `harrier text split`"
    for r in train + dev:
        assert r["text"] == src[r["id"]]["text"] and r["labels"] == src[r["id"]]["labels"]
    # whole groups go to one split
    assert not {t["group"] for t in train} & {d["group"] for d in dev}


@pytest.mark.slow
def test_no_exact_or_near_duplicates_across_splits(scorer) -> None:
    train = read_jsonl(DATA / "train.jsonl")
    dev = read_jsonl(DATA / "dev.jsonl")
    emb = scorer.embedder
    et = emb.encode([normalise(t["text"]).text for t in train])
    ed = emb.encode([normalise(d["text"]).text for d in dev])
    assert leaks(train, dev, et, ed) == []


def test_leak_check_catches_copies(scorer) -> None:
    train = [{"id": "t1", "text": "more of her please"}, {"id": "t2", "text": "happy birthday to your son"}]
    dev = [{"id": "d1", "text": "More of her, please!!"}, {"id": "d2", "text": "meer van haar graag"},
           {"id": "d3", "text": "the weather is grey today"}]
    e = scorer.embedder
    norm = [normalise(x["text"]).text for x in train + dev]
    E = e.encode(norm)
    found = {d for d, _, _ in leaks(train, dev, E[:2], E[2:])}
    assert "d1" in found and "d3" not in found
    assert np.all(np.isfinite(E))


def test_train_only_sources_never_move_dev_items_and_near_copies_are_refused() -> None:
    from harrier.detect.text.corpus import group_split

    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    base = [{"id": f"b{i:03d}", "text": "".join(rng.choice(letters, 24)), "labels": ["benign"]} for i in range(60)]
    E = rng.normal(size=(60, 16))
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    train0, dev0, refused0 = group_split(base, E)
    assert dev0 and not refused0
    d = dev0[0]
    k = next(i for i, b in enumerate(base) if b["id"] == d["id"])
    extra = [{"id": "t.x-0001", "text": "a fresh remark nobody wrote before", "labels": ["benign"], "train_only": True},
             {"id": "t.x-0002", "text": "something else entirely new here", "labels": ["benign"], "train_only": True}]
    E2 = np.vstack([E, rng.normal(size=(1, 16)), E[k]])  # the second extra embeds like a dev item
    E2[60] /= np.linalg.norm(E2[60])
    train1, dev1, refused1 = group_split(base + extra, E2)
    assert [x["id"] for x in dev1] == [x["id"] for x in dev0]  # no dev item moved
    assert refused1 == [("t.x-0002", d["id"])]
    assert "t.x-0001" in {x["id"] for x in train1} and all("train_only" not in x for x in train1)


def test_near_pairs_are_the_pairwise_test() -> None:
    """The vectorised pair search finds exactly the pairs the pairwise cosine / trigram-Jaccard test finds,
    across block boundaries and for texts with no trigram at all."""
    from harrier.detect.text.corpus import COSINE, JACCARD, _near_pairs, jaccard, trigrams

    items = read_sources(DATA / "corpus")
    rng = np.random.default_rng(3)
    texts = [items[i]["text"] for i in rng.choice(len(items), 400, replace=False)]
    texts += ["", "", "so cute", "so cute!!", "sooo cute"]
    emb = rng.normal(size=(len(texts), 8)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    emb[10] = emb[200]  # a cosine-only pair
    grams = [trigrams(t) for t in texts]
    sims = emb @ emb.T
    want = {(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))
            if sims[i, j] >= COSINE or jaccard(grams[i], grams[j]) >= JACCARD}
    got = list(_near_pairs(texts, emb, block=37))
    assert len(got) == len(set(got)) and set(got) == want
    assert (10, 200) in want and len(want) > 3
