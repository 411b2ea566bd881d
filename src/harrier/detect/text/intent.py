"""The intent head over [sentence embedding | lexicon features] and labelled examples, calibrated to probabilities.

Trained by ``harrier text train`` (:mod:`harrier.detect.text.train`) from ``data/text/train.jsonl`` and stored
as a small ``.npz`` inside the package (``data/intent_head.npz``). Inference is plain numpy, a few matrix
products for a whole batch: the primary intent from an ensemble of small one-hidden-layer networks (the
cross-validation fold models, probabilities averaged), one-vs-rest logistic heads for the outputs a comment
can carry alongside it, the nearest labelled training examples (``knn_logit``: how much closer the nearest
harmful one is than the nearest other one, added to the networks' harmful log-odds), and Platt sigmoids fitted
on out-of-fold predictions, so the scores are probabilities. ``HARRIER_MODEL_TEXT_HEAD`` (or ``path=``) loads a
head a platform trained on its own data.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from harrier.detect.models import ModelSpec, register_model, resolve

INTENTS: tuple[str, ...] = (
    "sexualising_minor", "abuse_intent", "desire_or_solicitation", "contact_move", "generation_request",
    "minimisation", "counter_speech", "benign",
)
HARMFUL: tuple[str, ...] = ("sexualising_minor", "abuse_intent", "desire_or_solicitation")
CONCERNING: tuple[str, ...] = ("contact_move", "generation_request", "minimisation")
# auxiliary output: a remark that is harmless alone but sexualising when said about a child
# and the harmful union itself (sexualising | abuse | desire)
AUX: tuple[str, ...] = ("ambiguous", "harmful")
OUTPUTS: tuple[str, ...] = INTENTS + AUX

HEAD_MODEL = register_model(ModelSpec(
    "text_head", "harrier.detect.text", "data/intent_head.npz", "harrier",
    "Apache-2.0 (trained by the Harrier project on its own corpus, data/text/)",
    "calibrated intent head over text embeddings + lexicon features", fmt="numpy",
))


# outputs that are learnt one-vs-rest (a comment can be a contact move AND sexualising); the rest come from one
# softmax over the primary intent, which separates harmful from counter-speech and benign far better
# (out-of-fold harmful recall at 2% FPR 0.78 against 0.66 for a one-vs-rest union head; docs/EVALUATION.md)
BINARY: tuple[str, ...] = ("contact_move", "generation_request", "minimisation", "counter_speech")
# meta["format"]: binary outputs calibrated on blend_logit (since text 1.4.0); the harmful union on
# mixed_harm_logit with the nearest labelled examples (since 1.6.0)
HEAD_FORMAT = "knn-1"
# the softmax's classes: the intents plus benign-but-ambiguous remarks, reported as benign
SOFTMAX_CLASSES: tuple[str, ...] = INTENTS + ("benign_ambiguous",)


def is_harm_negative(labels: set[str]) -> bool:
    """An item the harmful union's false-positive rate is measured on: benign or counter-speech, with no harmful
    label (one definition for the threshold chosen in training and for the dev figures)."""
    return bool(labels & {"benign", "counter_speech"}) and not labels & set(HARMFUL)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities kept off 0 and 1, so a certain network still gives a finite calibration input."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def harm_logit(P: np.ndarray) -> np.ndarray:
    """Log-odds of the harmful union from softmax probabilities ``P``: the input of the harmful Platt sigmoid,
    one definition for training and inference."""
    return logit(P[:, :len(HARMFUL)].sum(axis=1))


def knn_logit(E: np.ndarray, R: np.ndarray, n_harm: int, block: int = 512) -> tuple[np.ndarray, np.ndarray,
                                                                                     np.ndarray]:
    """For L2-normalised embeddings ``E``, against reference embeddings ``R`` whose first ``n_harm`` rows are the
    harmful examples: (cosine of the nearest harmful one minus that of the nearest other one, the nearest harmful
    one's row, its cosine). One definition for training (out of fold) and inference. A block of rows at a time,
    so a big batch never holds a (batch x references) matrix larger than ``block`` rows."""
    z = np.zeros(len(E))
    idx = np.zeros(len(E), dtype=np.int64)
    cos = np.zeros(len(E))
    Rh, Rn = R[:n_harm], R[n_harm:]
    if not len(Rh) or not len(Rn):  # nothing to compare with: no margin either way
        return z, idx, cos
    for s in range(0, len(E), block):
        rows = slice(s, min(s + block, len(E)))
        Sh = E[rows] @ Rh.T
        idx[rows] = Sh.argmax(axis=1)
        cos[rows] = Sh.max(axis=1)
        z[rows] = cos[rows] - (E[rows] @ Rn.T).max(axis=1)
    return z, idx, cos


def mixed_harm_logit(z_net: np.ndarray, z_knn: np.ndarray, mix: float) -> np.ndarray:
    """The harmful union's log-odds before calibration: the networks' (``harm_logit``) plus ``mix`` times the
    nearest-example margin (``knn_logit``); one definition for training and inference."""
    return z_net + mix * z_knn


def blend_logit(z: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Logit of the mean of a one-vs-rest head's probability (raw logit ``z``) and the softmax's probability ``p``
    of the same intent; Platt-calibrated afterwards. The one-vs-rest head alone sees co-labels ("dm me, she's
    cute" is a contact move AND desire) but blurs the intent's core; the softmax is sharp on comments whose main
    intent it is but blind to co-labels. Out of fold (11,767 items) the mean beat the one-vs-rest head for all
    four outputs, on the shared pool and on everything: contact move PR-AUC 0.854 -> 0.942 / 0.800 -> 0.801,
    generation request 0.980 -> 0.993 / 0.903 -> 0.929, minimisation 0.830 -> 0.915 / 0.737 -> 0.837,
    counter-speech 0.962 -> 0.980 / 0.968 -> 0.981 (docs/EVALUATION.md)."""
    return logit(0.5 * (sigmoid(z) + p))


def mlp_softmax(Z: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """One network: ReLU hidden layer, softmax over the primary intent."""
    return softmax(np.maximum(Z @ W1 + b1, 0.0) @ W2 + b2)


@dataclass
class IntentHead:
    # the primary-intent ensemble: F networks, (F, n_features, H), (F, H), (F, H, len(SOFTMAX_CLASSES)), (F, K)
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    Wb: np.ndarray  # (n_features, len(BINARY)) one-vs-rest
    bb: np.ndarray
    platt: np.ndarray  # (len(BINARY) + 1, 2): Platt (a, b) per binary output, last row = harmful union
    mean: np.ndarray  # feature standardisation
    scale: np.ndarray
    R: np.ndarray  # (n_train, embedding_dim) the training items' embeddings, harmful ones first (knn_logit)
    knn: np.ndarray  # (n_harm, mix): how many of R's rows are harmful, and the weight of knn_logit
    ref_text: np.ndarray  # (n_train,) their texts: the evidence a nearest-example signal cites
    meta: dict[str, Any]

    @property
    def n_features(self) -> int:
        return int(self.W1.shape[1])

    def primary(self, Z: np.ndarray) -> np.ndarray:
        """Softmax over SOFTMAX_CLASSES for standardised features, averaged over the ensemble."""
        return np.mean([mlp_softmax(Z, *m) for m in zip(self.W1, self.b1, self.W2, self.b2, strict=True)], axis=0)

    @property
    def outputs(self) -> tuple[str, ...]:
        return OUTPUTS

    def nearest(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``knn_logit`` of the embedding columns of features ``X``."""
        E = np.ascontiguousarray(X[:, :self.R.shape[1]], dtype=np.float32)
        return knn_logit(E, self.R, int(self.knn[0]))

    def predict(self, X: np.ndarray, near: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Calibrated probabilities, shape (n, len(OUTPUTS)); ``near``: ``self.nearest(X)`` if already known."""
        if X.shape[1] != self.n_features:
            raise ValueError(f"intent head expects {self.n_features} features, got {X.shape[1]}: "
                             "retrain it for this embedding model (harrier text train)")
        Z = (X - self.mean) / self.scale
        P = self.primary(Z)
        out = np.zeros((X.shape[0], len(OUTPUTS)), dtype=np.float64)
        for j, name in enumerate(INTENTS):
            out[:, OUTPUTS.index(name)] = P[:, j]
        out[:, OUTPUTS.index("benign")] += P[:, len(INTENTS):].sum(axis=1)
        # "ambiguous" (harmless alone, sexualising under a child) is the softmax's mass on remarks about a body or
        # appetite: the harmless-alone class plus the sexualising one. A one-vs-rest head for it (before 1.3.0)
        # also fired on plain family compliments ("so cute" 0.76, "she's getting so tall" 0.82), which context
        # fusion then flagged under every child's photo; the softmax, trained to tell them from benign, gives
        # 0.24 and 0.26.
        out[:, OUTPUTS.index("ambiguous")] = P[:, INTENTS.index("sexualising_minor")] + P[:, len(INTENTS):].sum(axis=1)
        zb = Z @ self.Wb + self.bb
        for j, name in enumerate(BINARY):
            z = blend_logit(zb[:, j], P[:, SOFTMAX_CLASSES.index(name)])
            out[:, OUTPUTS.index(name)] = sigmoid(self.platt[j, 0] * z + self.platt[j, 1])
        a, b = self.platt[-1]
        z_knn = (near if near is not None else self.nearest(X))[0]
        z = mixed_harm_logit(harm_logit(P), z_knn, float(self.knn[1]))
        out[:, OUTPUTS.index("harmful")] = sigmoid(a * z + b)
        return out

    def threshold(self, name: str, default: float = 0.5) -> float:
        return float(self.meta.get("thresholds", {}).get(name, default))

    def save(self, path: str | os.PathLike[str]) -> None:
        f32 = np.float32
        np.savez_compressed(path, W1=self.W1.astype(f32), b1=self.b1.astype(f32), W2=self.W2.astype(f32),
                            b2=self.b2.astype(f32), Wb=self.Wb.astype(f32),
                            bb=self.bb.astype(f32), platt=self.platt.astype(f32), mean=self.mean.astype(f32),
                            scale=self.scale.astype(f32), R=self.R.astype(np.float16), knn=self.knn.astype(np.float64),
                            ref_text=self.ref_text.astype(str), meta=np.array(json.dumps(self.meta, sort_keys=True)))

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, name: str = "text_head") -> IntentHead:
        """The head registered as ``name`` (``text_head``; ``text_head_e5`` is the second stage's), or ``path``."""
        p = resolve(name, path).path
        with np.load(p, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"])) if "meta" in z else {}
            if "W1" not in z or z["Wb"].shape[1] != len(BINARY) or meta.get("format") != HEAD_FORMAT:
                raise ValueError(f"{p}: an intent head of an older format: retrain it (harrier text train)")
            # references stored as float16 (half the package size); products in float32
            return cls(z["W1"], z["b1"], z["W2"], z["b2"], z["Wb"], z["bb"], z["platt"], z["mean"], z["scale"],
                       z["R"].astype(np.float32), z["knn"], z["ref_text"], meta)
