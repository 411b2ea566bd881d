"""The second stage: a head over multilingual-e5-small embeddings that reads again, and decides, the comments
whose decision it can change.

Why it decides instead of being averaged with the first stage: each head's flag threshold is the 1.5 %-false-
positive point of its own nested out-of-fold scores (:mod:`harrier.detect.text.train`); a mean of the two would
need both heads' out-of-fold scores on the same rows, i.e. both retrained together every time, for a mixture
that was not measured better here. The e5 head alone scored higher than the first stage on the dev split
(docs/EVALUATION.md), so where it reads, its scores and its threshold are the ones used; the first reading is kept
in the evidence.

Routing (:meth:`SecondStage.needs`): a comment goes to the second stage when

* its first-stage harmful score lies in ``[BAND_LOW, BAND_TOP]`` (undecided, or decided by a small margin), or
* it is said under a child-likely post (``post.minor_likelihood >= 0.5``) and either the first stage gives it
  any weight (harmful or "ambiguous" >= ``CHILD_FLOOR``) or it carries a lexicon cue - where a miss costs most, or
* it carries a lexicon cue of a harmful kind (sexual, body, desire, abuse, generation, trading, minimisation...).

Everything else keeps the first stage's reading, so on a stream of mostly plain remarks under adults' posts only
a small share pays for e5 (docs/BENCHMARKS.md). The rules by construction (certain.py) apply after either
reading. Nothing here is chosen on the dev split or on evaluation data.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from harrier.detect.models import ModelSpec, register_model
from harrier.detect.text import lexicon
from harrier.detect.text.intent import OUTPUTS, IntentHead

if TYPE_CHECKING:
    from harrier.detect.text.fusion import Context
    from harrier.detect.text.score import Analysis

HEAD_E5 = register_model(ModelSpec(
    "text_head_e5", "harrier.detect.text", "data/intent_head_e5.npz", "harrier",
    "Apache-2.0 (trained by the Harrier project on its own corpus, data/text/)",
    "second-stage intent head over multilingual-e5-small embeddings + lexicon features", fmt="numpy",
))
CHILD_CONTEXT = 0.5  # post.minor_likelihood from which a comment counts as said under a child's image
CHILD_FLOOR = 0.05  # under such a post, a first-stage harmful/ambiguous weight worth a second reading
BAND_LOW = 0.1  # first-stage harmful scores from here to BAND_TOP are read again
BAND_TOP = 0.995  # above this the first reading is certain: a second one is not worth its cost
CUE_CATEGORIES = frozenset({"sexual", "body", "desire", "abuse", "generation", "trading", "minimisation", "request",
                            "ambiguous", "handle"})


def enabled() -> bool:
    """``HARRIER_TEXT_STAGE2=0`` turns the second stage off (a platform without the e5 wheel, or a benchmark of
    the first stage alone)."""
    return os.environ.get("HARRIER_TEXT_STAGE2", "1") not in ("0", "false", "no")


class SecondStage:
    """The e5 encoder and its head, loaded once per scorer."""

    def __init__(self, encoder_path: str | os.PathLike[str] | None = None,
                 head_path: str | os.PathLike[str] | None = None) -> None:
        from harrier.detect.text.e5 import E5Encoder

        self.encoder = E5Encoder(encoder_path)
        self.head = IntentHead.load(head_path, name="text_head_e5")
        self.threshold = self.head.threshold("harmful")

    def version(self) -> str:
        return f"{self.encoder.model.version}/{self.head.meta.get('train_sha256', '')[:12]}"

    def needs(self, a: Analysis, ctx: Context) -> bool:
        p = a.probs.get("harmful", 0.0)
        if p > BAND_TOP:
            return False
        if p >= BAND_LOW:
            return True
        cue = any(h.category in CUE_CATEGORIES for h in a.hits)
        if ctx.minor_likelihood >= CHILD_CONTEXT and (
                cue or max(p, a.probs.get("ambiguous", 0.0)) >= CHILD_FLOOR):
            return True
        return cue

    def apply(self, analyses: Sequence[Analysis]) -> None:
        """Put the second head's reading into ``analyses`` (in place), keeping the first in ``stage1``."""
        if not analyses:
            return
        X = lexicon.feature_matrix(self.encoder.encode([a.norm.text for a in analyses]), [a.hits for a in analyses])
        P = self.head.predict(X)
        for a, row in zip(analyses, P, strict=True):
            a.stage1 = a.probs
            a.probs = {name: float(v) for name, v in zip(OUTPUTS, row, strict=True)}
            a.harm_threshold = self.threshold
