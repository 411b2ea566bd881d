"""The second stage: a head over [multilingual-e5-small | USE] embeddings that reads again, and decides, the
comments whose decision it can change.

Why a second encoder: out of fold on the training split, at the operating point, the first stage's network over
USE embeddings finds 0.907 of harmful remarks and the same network over USE and e5 together 0.933, more in every
language (docs/EVALUATION.md). e5-small is a 12-layer transformer that reads word order; USE averages. It costs
~10 ms a comment on one core against ~0.7 ms for the whole first stage, so it runs only where it can matter.

Why it decides instead of being averaged with the first stage: its head is a superset of the first (the same
features plus e5), trained on the same rows with the same recipe, with its own thresholds from its own nested
out-of-fold scores (:mod:`harrier.detect.text.train`). Where it reads, its probabilities and thresholds are the
ones used; the first reading is kept in the evidence.

Routing (:meth:`SecondStage.needs`), set from the cost on a development stream, not from any evaluation: a
comment is read again when

* the first stage's harmful logit lies within ``BAND`` of its threshold (undecided, or decided by a small
  margin), or
* it is said under a child-likely post (``post.minor_likelihood >= CHILD_CONTEXT``), the first stage reads it as
  harmless but gives it weight as a remark about a body or appetite ("ambiguous" or harmful >= ``CHILD_WEIGHT``),
  and it carries a lexicon cue of a harmful or ambiguous kind ("hot", "body", "age"...): where a miss costs most.
  (Explicit words under a child's image flag by rule whatever either model says: certain.py.)

e5 runs at ~30 comments/s on one core of this project's 2-core test machine, so the share it reads decides the
stream's rate. On a development platform (independent seed 5, 14,975 comments) a band of 1.0 logit reads 1.9%; on the
benchmark's platform mix (bench/text.py, whose benign lines are the corpus's, rich in harmful words) 0.8%, and a
cue alone under a child's image another 4.3% (0.3% with the weight), which cost the stream a third of its rate
(811 against 1,216 comments/s on two workers). Everything else keeps the first reading (docs/BENCHMARKS.md).
The rules by construction (certain.py) apply after either reading.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from prometheus_client import Counter

from harrier.detect.models import ModelSpec, register_model, resolve
from harrier.detect.text import lexicon
from harrier.detect.text.e5 import E5Encoder
from harrier.detect.text.intent import IntentHead

if TYPE_CHECKING:
    from harrier.detect.text.fusion import Context
    from harrier.detect.text.score import Analysis

HEAD_E5 = register_model(ModelSpec(
    "text_head_e5", "harrier.detect.text", "data/intent_head_e5.npz", "harrier",
    "Apache-2.0 (trained by the Harrier project on its own corpus, data/text/)",
    "second-stage intent head over multilingual-e5-small + USE embeddings and lexicon features", fmt="numpy",
))
CHILD_CONTEXT = 0.5  # post.minor_likelihood from which a comment counts as said under a child's image
CHILD_WEIGHT = 0.5  # under such a post, the first stage's harmful or "ambiguous" weight that makes a cue worth it
BAND = 1.0  # logits either side of the first stage's harmful threshold that are read again
# /metrics of a live worker (live/metrics.py serves the default registry): what the stage is offered and reads, so
# an operator sees the share that sets the stream's rate (a share far above the benchmark's ~1% means a slower stream)
COMMENTS = Counter("harrier_text_second_stage_comments", "Comments offered to the text second stage, and read by it",
                   ["outcome"])
CUE_CATEGORIES = frozenset({"sexual", "body", "desire", "abuse", "generation", "trading", "minimisation", "request",
                            "age", "handle", "ambiguous"})


def enabled() -> bool:
    """``HARRIER_TEXT_STAGE2=0`` turns the second stage off (a benchmark of the first stage alone, or a
    platform that trades recall for throughput). Read at every reading, not when a detector is built: detectors
    are cached per process (registry.load), and a switch read once would keep whatever the first scan of the
    process saw."""
    return os.environ.get("HARRIER_TEXT_STAGE2", "1").lower() not in ("0", "false", "no", "off")


def featurize(analyses: Sequence[Analysis], e5: np.ndarray, use: np.ndarray) -> np.ndarray:
    """The second head's input rows: [e5 | USE | lexicon features] (one definition for training and inference;
    e5 first, so the nearest-example references are the e5 columns)."""
    lex = np.stack([lexicon.features(a.hits) for a in analyses]) if analyses else np.zeros((0, lexicon.N_FEATURES))
    return np.hstack([e5, use, lex]).astype(np.float32)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


class SecondStage:
    """The routing, and the e5 encoder and its head. The models load on the first comment routed to them (a
    process that never routes one, such as a scan of captions only, never pays for them); their files are found
    at once, so a wrong ``HARRIER_MODEL_TEXT_E5`` fails at start."""

    def __init__(self, first_threshold: float, encoder_path: str | os.PathLike[str] | None = None,
                 head_path: str | os.PathLike[str] | None = None) -> None:
        resolve("text_e5", encoder_path)
        resolve("text_head_e5", head_path)
        self._paths = (encoder_path, head_path)
        self._models: tuple[E5Encoder, IntentHead] | None = None
        self._z_first = _logit(first_threshold)
        # Comments offered and read again since the stage was built (bench/text.py reports the share).
        self.seen = 0
        self.read = 0

    def _load(self) -> tuple[E5Encoder, IntentHead]:
        if self._models is None:
            self._models = (E5Encoder(self._paths[0]), IntentHead.load(self._paths[1], name="text_head_e5"))
        return self._models

    @property
    def encoder(self) -> E5Encoder:
        return self._load()[0]

    @property
    def head(self) -> IntentHead:
        return self._load()[1]

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.head.meta.get("thresholds", {}))

    @property
    def threshold(self) -> float:
        return self.head.threshold("harmful")

    def version(self) -> str:
        """The encoder's version and the head's training digest, as the evidence cites them."""
        return f"{self.encoder.model.version}, head {self.head.meta.get('train_sha256', '')[:12]}"

    def needs(self, a: Analysis, ctx: Context) -> bool:
        p = a.probs.get("harmful", 0.0)
        z = _logit(p)
        if abs(z - self._z_first) <= BAND:
            return True
        if ctx.minor_likelihood < CHILD_CONTEXT or z > self._z_first:
            return False  # a sure first reading stays: above the band, or away from a child's image
        return (max(p, a.probs.get("ambiguous", 0.0)) >= CHILD_WEIGHT
                and any(h.category in CUE_CATEGORIES for h in a.hits))

    def read_again(self, analyses: Sequence[Analysis], contexts: Sequence[Context]) -> None:
        """Route ``analyses`` (:meth:`needs`) and read the routed ones again (:meth:`apply`), counting both."""
        routed = [a for a, ctx in zip(analyses, contexts, strict=True) if self.needs(a, ctx)]
        self.seen += len(analyses)
        self.read += len(routed)
        COMMENTS.labels("offered").inc(len(analyses))
        COMMENTS.labels("read").inc(len(routed))
        self.apply(routed)

    def apply(self, analyses: Sequence[Analysis]) -> None:
        """Put the second head's reading into ``analyses`` (in place), keeping the first in ``stage1``."""
        if not analyses:
            return
        use = np.stack([a.embedding for a in analyses if a.embedding is not None])
        if len(use) != len(analyses):
            raise ValueError("second stage: every analysis needs its first-stage embedding")
        X = featurize(analyses, self.encoder.encode([a.model_text for a in analyses]), use)
        P = self.head.predict(X, self.head.nearest(X))
        thresholds = self.thresholds
        for a, row in zip(analyses, P, strict=True):
            a.stage1 = a.probs
            a.probs = {name: float(v) for name, v in zip(self.head.outputs, row, strict=True)}
            a.thresholds = thresholds
