"""Train the intent head from data/text/train.jsonl (``harrier text train``); reproducible bit for bit.

The primary intent comes from small networks (one ReLU hidden layer, class-balanced softmax, L2), SEEDS per
cross-validation fold; the shipped head averages all of them. The outputs that co-occur (contact move,
generation request, minimisation, counter-speech) are one-vs-rest L2 logistic regressions, each blended with
the softmax's probability of the same intent (``intent.blend_logit``). Both are over standardised
[embedding | lexicon features]. The harmful union adds the nearest labelled examples' margin
(``intent.knn_logit``), weighted by ``fit_knn_mix``. The models are fitted with SciPy's L-BFGS (SciPy is already a
dependency; scikit-learn would add ~40 MB for a few dozen lines). Scores are calibrated with Platt sigmoids
fitted on 5-fold out-of-fold predictions (folds by near-duplicate group, so calibration is not fooled by
copies). The harmful score's calibration and flag threshold come from nested cross-validation instead: each
item is scored by the ensemble of networks an inner cross-validation trained without its fold, which is what
the shipped ensemble is to unseen text (``nested_harm_logits``). Nothing is ever chosen on the dev split.

Why a hidden layer: out of fold, at 1.5 % false positives among benign and counter-speech, harmful recall
is 0.80 with the multinomial logistic regression and 0.87 with the network (docs/EVALUATION.md): a linear
boundary cannot tell "post more of the puppy" from "post more of her" in embedding space.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from harrier.detect.text.corpus import is_background, is_train_only
from harrier.detect.text.intent import (
    BINARY,
    HARMFUL,
    HEAD_FORMAT,
    INTENTS,
    OUTPUTS,
    SOFTMAX_CLASSES,
    IntentHead,
    blend_logit,
    harm_logit,
    is_harm_negative,
    knn_logit,
    mixed_harm_logit,
    mlp_softmax,
    sigmoid,
    softmax,
)

C_REG = 0.03  # inverse L2 strength of the logistic heads (per sample-weighted mean loss); chosen out of fold
HIDDEN = 256  # hidden units of the primary-intent network
L2_HIDDEN = 0.001  # its L2 strength; units and strength chosen on out-of-fold recall (docs/EVALUATION.md)
MLP_ITERS = 300  # L-BFGS iterations: a fixed budget, so training is deterministic and bounded
SEEDS = 3  # networks per fold, from different initialisations; out of fold an item's score is their mean
FOLDS = 5
TARGET_FPR = 0.015  # nested scores, benign + counter-speech: a margin under the 2% bar for phrasings never seen
# networks per inner fold of the nested cross-validation: one from each of four different training sets scored
# unseen folds as the twelve from three seeds each did (the same false positives on every outer fold,
# docs/EVALUATION.md), at a third of the cost; what makes an ensemble surer is data diversity, not seeds
NESTED_SEEDS = 1
MIN_CALIBRATION = 300  # pool negatives needed to set the threshold on them alone (1.5 % of 300: 4 items)
# Decorated copies (``decorate``): punctuation, an interjection, a hashtag or a sign-off added to a training line,
# with its labels. The encoders read "send me more of her" and "send me more of her!" far apart, and the corpus's
# benign lines carry more exclamation marks than its harmful ones, so a "!" alone moved one harmful dev remark in
# six under the threshold (docs/TEXT.md). Copies teach the networks that decoration is no intent. They share their
# line's group (so its fold) and are kept out of everything that calibrates or references: the nearest-example
# bank, the Platt fits, the neighbours' weight and the threshold are set on the lines as written.
# 0 = the shipped recipe.
AUGMENT = 0
DECORATIONS = {
    "end": ("!", "!!", "!!!", ".", "...", " !", "?!"),
    "start": ("omg ", "wow ", "ok ", "oh ", "hey ", "ah ", "ohh "),
    "tag": (" #cute", " #fyp", " #foryou", " #viral", " #summer", " #love", " #reels", " #explore", " #instagood",
            " #photooftheday", " #family", " #happy"),
    "sign": (" x", " xx", " xoxo", " <3", " :)", " ;)", " :D"),
}


def decorate(text: str, seed: int) -> str:
    """``text`` with one or two decorations of different kinds (DECORATIONS), deterministic per seed."""
    import random

    rng = random.Random(seed)
    kinds = rng.sample(sorted(DECORATIONS), rng.choice((1, 1, 2)))
    out = text
    for kind in kinds:
        piece = rng.choice(DECORATIONS[kind])
        out = piece + out if kind == "start" else out.rstrip() + piece
    return out


def augmented(rows: list[dict[str, Any]], copies: int) -> list[dict[str, Any]]:
    """``rows`` followed by ``copies`` decorated copies of each (``decorate``), marked ``augmented``."""
    extra = [{**r, "id": f"{r['id']}~d{k}", "group": r.get("group", r["id"]), "augmented": True,
              "text": decorate(str(r["text"]), int(hashlib.sha256(f"{r['id']}/{k}".encode()).hexdigest()[:8], 16))}
             for k in range(copies) for r in rows]
    return [*rows, *extra]


def labels_matrix(rows: list[dict[str, Any]]) -> np.ndarray:
    Y = np.zeros((len(rows), len(OUTPUTS)), dtype=np.float32)
    for i, r in enumerate(rows):
        labs = set(r["labels"])
        for j, name in enumerate(OUTPUTS):
            if name == "harmful":
                Y[i, j] = float(bool(labs & set(HARMFUL)))
            else:
                Y[i, j] = float(name in labs)
    return Y


def fit_logreg(X: np.ndarray, y: np.ndarray, c: float | None = None) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression; returns (w, b)."""
    pos = max(1.0, float(y.sum()))
    neg = max(1.0, float(len(y) - y.sum()))
    sw = np.where(y > 0.5, len(y) / (2 * pos), len(y) / (2 * neg))
    n, d = X.shape
    lam = 1.0 / ((c if c is not None else C_REG) * n)

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:d], theta[d]
        z = X @ w + b
        p = sigmoid(z)
        loss = -np.sum(sw * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))) / n + 0.5 * lam * w @ w
        g = sw * (p - y) / n
        return loss, np.concatenate([X.T @ g + lam * w, [g.sum()]])

    res = minimize(f, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x[:d], float(res.x[d])


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling with the usual target smoothing."""
    pos, neg = float(y.sum()), float(len(y) - y.sum())
    t = np.where(y > 0.5, (pos + 1) / (pos + 2), 1 / (neg + 2))

    def f(ab: np.ndarray) -> tuple[float, np.ndarray]:
        p = sigmoid(ab[0] * z + ab[1])
        loss = -np.sum(t * np.log(p + 1e-12) + (1 - t) * np.log(1 - p + 1e-12))
        g = p - t
        return loss, np.array([g @ z, g.sum()])

    res = minimize(f, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(res.x[0]), float(res.x[1])


def fit_knn_mix(z_net: np.ndarray, z_knn: np.ndarray, y: np.ndarray) -> float:
    """The weight of the nearest-example margin beside the networks' logit (``intent.mixed_harm_logit``): the
    ratio of the coefficients of a two-input logistic regression on the two out-of-fold scores, so the margin
    counts as much as it adds and no more."""
    w, _ = fit_logreg(np.c_[z_net, z_knn], y, c=1e6)
    return float(max(0.0, w[1]) / max(w[0], 1e-6))


def references(X: np.ndarray, dim: int) -> np.ndarray:
    """The embedding columns of ``X`` at the precision the head stores them (float16), as float32."""
    return X[:, :dim].astype(np.float16).astype(np.float32)


def knn_oof(E: np.ndarray, R: np.ndarray, is_h: np.ndarray, fold_r: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """Each item's nearest-example margin (``intent.knn_logit``) against the references ``R`` (harmful rows
    first, flagged by ``is_h``; their folds ``fold_r``) of the other folds only: an item's near-copies share its
    fold, so no item is scored against itself or a copy of itself, as no dev item is against train."""
    out = np.zeros(len(E))
    for k in range(FOLDS):
        te, keep = folds == k, fold_r != k
        q = np.ascontiguousarray(E[te], dtype=np.float32)
        out[te] = knn_logit(q, R[keep], int((keep & is_h).sum()))[0]
    return out


def _fold_of(group: str) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) % FOLDS


def fit_mlp(X: np.ndarray, y: np.ndarray, k: int, seed: int, hidden: int = HIDDEN, lam: float = L2_HIDDEN
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Class-balanced softmax network with one ReLU hidden layer over primary labels ``y`` in [0, k);
    returns (W1, b1, W2, b2). Hand-written (two matrix products and their gradients) because the
    alternatives are torch or scikit-learn, each far heavier than the ~20 lines here."""
    n, d = X.shape
    counts = np.bincount(y, minlength=k).astype(float)
    sw = (n / (k * np.maximum(counts, 1.0)))[y]
    onehot = np.eye(k)[y]
    rng = np.random.default_rng(seed)
    sizes = (d * hidden, hidden, hidden * k, k)
    theta0 = np.concatenate([rng.normal(0, 1 / np.sqrt(d), d * hidden), np.zeros(hidden),
                             rng.normal(0, 1 / np.sqrt(hidden), hidden * k), np.zeros(k)])

    def unpack(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        a, b, c, _ = np.cumsum(sizes)
        return (theta[:a].reshape(d, hidden), theta[a:b], theta[b:c].reshape(hidden, k), theta[c:])

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        W1, b1, W2, b2 = unpack(theta)
        Z = X @ W1 + b1
        A = np.maximum(Z, 0.0)
        P = softmax(A @ W2 + b2)
        loss = -np.sum(sw * np.log((P * onehot).sum(axis=1) + 1e-12)) / n
        loss += 0.5 * lam * (np.sum(W1 * W1) + np.sum(W2 * W2))
        G = (P - onehot) * sw[:, None] / n
        GZ = (G @ W2.T) * (Z > 0)
        return loss, np.concatenate([(X.T @ GZ + lam * W1).ravel(), GZ.sum(axis=0),
                                     (A.T @ G + lam * W2).ravel(), G.sum(axis=0)])

    res = minimize(f, theta0, jac=True, method="L-BFGS-B", options={"maxiter": MLP_ITERS})
    return unpack(res.x)


def primary_labels(rows: list[dict[str, Any]]) -> np.ndarray:
    """The first of a row's labels in INTENTS order (harmful categories first); benign remarks that are
    ambiguous ("looks delicious") get a class of their own (SOFTMAX_CLASSES), so the softmax need not push
    them towards benign *or* harmful - context decides (fusion.py)."""
    out = []
    for r in rows:
        j = next(j for j, name in enumerate(INTENTS) if name in r["labels"])
        if INTENTS[j] == "benign" and r.get("ambiguous"):
            j = len(INTENTS)
        out.append(j)
    return np.array(out)


def nested_harm_logits(Xs: np.ndarray, prim: np.ndarray, folds: np.ndarray,
                       progress: Callable[[str], None] | None = None) -> np.ndarray:
    """Each item's harmful logit from networks that never saw its fold: for outer fold k, NESTED_SEEDS networks
    per inner fold j != k, trained on the folds other than k and j, averaged as the shipped head averages its
    own. Why not the plain out-of-fold score (the SEEDS networks of one fold, one training set): an average of
    networks from different training sets is surer of itself on unseen text, so a threshold set on the plain
    scores at 1.5 % false positives let through only 0.6-1.2 % on dev for every head, and 1.0 % (against the
    1.4 % predicted) on the unseen outer folds of train (docs/EVALUATION.md); an ensemble like the shipped one
    puts the threshold where the shipped head runs."""
    K = len(SOFTMAX_CLASSES)
    out = np.zeros(len(prim))
    for k in range(FOLDS):
        outer, te = folds != k, folds == k
        P = np.zeros((int(te.sum()), K))
        n = 0
        for j in range(FOLDS):
            if j == k:
                continue
            tr = outer & (folds != j)
            for s in range(NESTED_SEEDS):
                P += mlp_softmax(Xs[te], *fit_mlp(Xs[tr], prim[tr], K, seed=1000 * k + j + 100 * s))
                n += 1
        out[te] = harm_logit(P / n)
        if progress:
            progress(f"nested fold {k + 1}/{FOLDS}")
    return out


def train_head(X: np.ndarray, rows: list[dict[str, Any]], meta: dict[str, Any],
               progress: Callable[[str], None] | None = None) -> tuple[IntentHead, dict[str, Any]]:
    """The head for features ``X`` ([embedding | lexicon], as ``build_features``; ``meta["embedding_dim"]``
    says where the embedding ends) of ``rows``, and the out-of-fold report."""
    Y = labels_matrix(rows)
    prim = primary_labels(rows)
    folds = np.array([_fold_of(r.get("group", r["id"])) for r in rows])
    mean = X.mean(axis=0)
    scale = X.std(axis=0) + 1e-6
    Xs = (X - mean) / scale
    K = len(SOFTMAX_CLASSES)
    bcols = [OUTPUTS.index(b) for b in BINARY]
    oof_soft = np.zeros((len(rows), K))
    oof_bin = np.zeros((len(rows), len(BINARY)))
    y_harm = Y[:, OUTPUTS.index("harmful")]
    # the nearest-example bank: every row but background lines (corpus.is_background). Plain conversation written
    # by others teaches the networks what ordinary language is; as a reference it would become the nearest benign
    # neighbour of grooming lines in the same plain register ("You can trust me more than anyone else." lost its
    # flag that way, docs/EVALUATION.md round M). Background rows are still scored against the bank out of fold,
    # as such text is at run time, so the margin's weight and the calibration see them.
    orig = np.array([not r.get("augmented", False) for r in rows])  # lines as written (``augmented``)
    in_bank = np.array([not is_background(str(r["id"])) for r in rows]) & orig
    harm_first = np.argsort(y_harm < 0.5, kind="stable")  # harmful rows first, as knn_logit wants
    harm_first = harm_first[in_bank[harm_first]]
    R = references(X, int(meta["embedding_dim"]))[harm_first]
    is_h = y_harm[harm_first] > 0.5
    bank_texts = np.array([str(rows[i]["text"]) for i in harm_first])
    oof_knn = knn_oof(X[:, :R.shape[1]], R, is_h, folds[harm_first], folds)
    nets: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for k in range(FOLDS):
        tr, te = folds != k, folds == k
        fold_nets = [fit_mlp(Xs[tr], prim[tr], K, seed=k + 100 * s) for s in range(SEEDS)]
        nets.extend(fold_nets)
        # out-of-fold softmax (the fold's networks averaged): the blended binary outputs are calibrated on it
        oof_soft[te] = np.mean([mlp_softmax(Xs[te], *net) for net in fold_nets], axis=0)
        for j, col in enumerate(bcols):
            w, b = fit_logreg(Xs[tr], Y[tr, col])
            oof_bin[te, j] = Xs[te] @ w + b
        if progress:
            progress(f"fold {k + 1}/{FOLDS}")
    # the shipped primary head is the ensemble of all the fold networks (FOLDS * SEEDS)
    W1, b1, W2, b2 = (np.stack(part) for part in zip(*nets, strict=True))
    Wb = np.zeros((X.shape[1], len(BINARY)))
    bb = np.zeros(len(BINARY))
    platt = np.zeros((len(BINARY) + 1, 2))
    for j, (name, col) in enumerate(zip(BINARY, bcols, strict=True)):
        Wb[:, j], bb[j] = fit_logreg(Xs, Y[:, col])
        platt[j] = fit_platt(blend_logit(oof_bin[orig, j], oof_soft[orig, SOFTMAX_CLASSES.index(name)]),
                             Y[orig, col])
    # from here on the lines as written only: the networks learnt from the copies, the calibration does not
    z_nested = nested_harm_logits(Xs, prim, folds, progress)[orig]
    oof_knn, oof_soft, y_harm = oof_knn[orig], oof_soft[orig], y_harm[orig]
    rows = [r for r, o in zip(rows, orig, strict=True) if o]
    mix = fit_knn_mix(z_nested, oof_knn, y_harm)
    z_harm = mixed_harm_logit(z_nested, oof_knn, mix)
    platt[-1] = fit_platt(z_harm, y_harm)
    harm = sigmoid(platt[-1, 0] * z_harm + platt[-1, 1])
    # flag threshold for the harmful union, chosen on the nested scores: the lowest keeping FPR <= TARGET_FPR on
    # the negatives of the corpus's shared pool (the sources split by group into train and dev). Train-only
    # sources (corpus.is_train_only) were written later with a deliberate excess of hard negatives that share
    # the harmful words: counted in, they set the threshold for a mix harder than any split or stream the head
    # is used on.
    # Without enough pool negatives (a platform's own corpus has no train-only part) every negative counts.
    labs = [set(r["labels"]) for r in rows]
    neg = np.array([is_harm_negative(s) for s in labs])
    shared = np.array([not is_train_only(str(r["id"])) for r in rows])
    pool = neg & shared
    calib = pool if pool.sum() >= MIN_CALIBRATION else neg
    negs = np.sort(harm[calib])[::-1]
    k = int(np.floor(TARGET_FPR * len(negs)))
    t_harm = float(max(0.5, negs[k] + 1e-4)) if len(negs) else 0.5
    # the networks alone at the same false-positive target: what the nearest examples add, out of fold
    net_negs = np.sort(z_nested[calib])[::-1]
    net_recall = float((z_nested[y_harm > 0.5] > net_negs[k]).mean()) if k < len(net_negs) else float("nan")
    thresholds = {"harmful": round(t_harm, 4), "contact_move": 0.5, "generation_request": 0.5,
                  "minimisation": 0.5, "ambiguous": 0.5}
    head = IntentHead(W1, b1, W2, b2, Wb, bb, platt, mean, scale, R, np.array([float(is_h.sum()), mix]), bank_texts,
                      {**meta, "format": HEAD_FORMAT, "thresholds": thresholds})
    pos = y_harm > 0.5
    plain = sigmoid(platt[-1, 0] * mixed_harm_logit(harm_logit(oof_soft), oof_knn, mix) + platt[-1, 1])
    report = {
        "train_items": len(rows), "oof_harmful_recall": round(float((harm[pos] >= t_harm).mean()), 4),
        # recall on the shared-pool positives alone: the same population as dev, so its closest train-side proxy
        "oof_pool_harmful_recall": round(float((harm[pos & shared] >= t_harm).mean()), 4) if (pos & shared).any()
        else None,
        "oof_harmful_recall_networks_only": round(net_recall, 4),
        "knn_mix": round(mix, 4),
        "oof_fpr": round(float((harm[calib] >= t_harm).mean()), 4),
        "oof_fpr_all_negatives": round(float((harm[neg] >= t_harm).mean()), 4),
        # the same threshold on the plain out-of-fold scores: what the gap between the two estimates is
        "plain_oof_fpr": round(float((plain[calib] >= t_harm).mean()), 4),
        "plain_oof_harmful_recall": round(float((plain[pos] >= t_harm).mean()), 4),
        "calibration_negatives": int(calib.sum()),
        "thresholds": thresholds,
    }
    return head, report


def build_features(rows: list[dict[str, Any]], scorer_embedder: Any) -> np.ndarray:
    """First-stage features of ``rows``: [USE embedding | lexicon] (``score.featurize``)."""
    from harrier.detect.text.score import featurize

    analyses = _analyses(rows)
    return featurize(analyses, scorer_embedder.encode([a.model_text for a in analyses]))


def _analyses(rows: list[dict[str, Any]]) -> list[Any]:
    from harrier.detect.text import lexicon
    from harrier.detect.text.normalise import normalise
    from harrier.detect.text.score import Analysis

    out = []
    for r in rows:
        n = normalise(r["text"])
        out.append(Analysis(n, lexicon.match(n), r.get("lang", "und")))
    return out


def train(train_path: Path, out: Path | None, out_e5: Path | None = None,
          progress: Callable[[str], None] | None = None, augment: int | None = None) -> dict[str, Any]:
    """Train the first-stage head (USE embeddings) to ``out`` and/or the second stage's ([e5 | USE] embeddings,
    :mod:`harrier.detect.text.stage2`) to ``out_e5``: the same rows, folds and recipe (``train_head``), each head
    with its own threshold from its own nested out-of-fold scores."""
    from harrier.detect.text.corpus import read_jsonl
    from harrier.detect.text.embedder import Embedder
    from harrier.detect.text.score import featurize

    copies = AUGMENT if augment is None else augment
    rows = read_jsonl(train_path)
    digest = hashlib.sha256(train_path.read_bytes()).hexdigest()
    base = {"train_sha256": digest, "train_items": len(rows), "c": C_REG, "hidden": HIDDEN, "l2_hidden": L2_HIDDEN,
            "folds": FOLDS, "seeds": SEEDS, "nested_seeds": NESTED_SEEDS, "target_fpr": TARGET_FPR,
            **({"decorated_copies": copies} if copies else {})}
    rows = augmented(rows, copies) if copies else rows
    analyses = _analyses(rows)
    texts = [a.model_text for a in analyses]
    emb = Embedder(cache_size=0)
    if progress:
        progress(f"embedding {len(rows)} rows (USE)")
    use = emb.encode(texts)
    report: dict[str, Any] = {}
    if out is not None:
        head, report = train_head(featurize(analyses, use).astype(np.float64), rows,
                                  {"embedding": emb.info()["version"], "embedding_dim": emb.dim, **base}, progress)
        head.save(out)
    if out_e5 is not None:
        from harrier.detect.text import stage2
        from harrier.detect.text.e5 import E5Encoder

        enc = E5Encoder(cache_size=0)
        if progress:
            progress(f"embedding {len(rows)} rows (e5)")
        X = stage2.featurize(analyses, enc.encode(texts), use)
        head2, rep2 = train_head(X.astype(np.float64), rows, {
            "embedding": f"e5:{enc.info()['version']}+{emb.info()['version']}", "embedding_dim": enc.dim,
            **base}, progress)
        head2.save(out_e5)
        report["second_stage"] = rep2
    return report
