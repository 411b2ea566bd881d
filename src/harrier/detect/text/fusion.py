"""Context fusion: what a remark means depends on what it is posted under.

"looks delicious" under a food photo is nothing; under a photo of a child it is a signal. "sent you a DM"
under a sexualising comment is a contact move in a harmful thread. The text head gives context-free
probabilities; this module combines them with

* ``m``: the parent post's minor-likelihood (``post.minor_likelihood``, 0..1, 0 when unknown), and
* ``t``: how harmful the thread is (the parent comment's harmful signals, or its text scored by us),

into the scores a comment finally gets. The rules are few and written out so a reviewer can follow them.
"""

from __future__ import annotations

from dataclasses import dataclass

# context below LOW adds nothing; at HIGH and above it counts fully (a linear ramp in between)
LOW, HIGH = 0.3, 0.75


def context_weight(c: float) -> float:
    return min(1.0, max(0.0, (c - LOW) / (HIGH - LOW)))


@dataclass(frozen=True)
class Context:
    minor_likelihood: float = 0.0
    thread_harm: float = 0.0
    # the remark was said under a post whose image was read (a platform comment): minor-likelihood 0 then means
    # "not a child", not "unknown" (a remark scored alone)
    on_post: bool = False

    @property
    def strength(self) -> float:
        return context_weight(max(self.minor_likelihood, self.thread_harm))


def fuse(p: dict[str, float], ctx: Context) -> tuple[dict[str, float], list[str]]:
    """Context-adjusted scores and the reasons (notes) for every adjustment made."""
    out = dict(p)
    notes: list[str] = []
    w = ctx.strength
    amb = p.get("ambiguous", 0.0)
    if w > 0 and amb > 0:
        # an appearance/taste/desire remark under a child (or in a sexualising thread) sexualises that child
        boost = w * amb
        for k in ("sexualising_minor", "harmful"):
            out[k] = 1.0 - (1.0 - p[k]) * (1.0 - boost)
        out["benign"] = p["benign"] * (1.0 - boost)  # what the context took from "harmless"
        if out["harmful"] > p["harmful"] + 0.05:
            notes.append(f"ambiguous remark ({amb:.2f}) under minor-likelihood {ctx.minor_likelihood:.2f} / "
                         f"thread harm {ctx.thread_harm:.2f}")
    # requests for more content or the generator weigh more under a child's image
    if w > 0:
        for k in ("desire_or_solicitation", "generation_request"):
            out[k] = 1.0 - (1.0 - p[k]) * (1.0 - 0.3 * w * p[k])
    return out, notes


def harmful_score(scores: dict[str, float]) -> float:
    """The harmful-union probability (its own calibrated head)."""
    return scores["harmful"]


def harmful_categories(scores: dict[str, float], threshold: float) -> list[str]:
    """Which of the harmful categories a flagged text is flagged for: the likeliest, plus any other that is
    itself at least half the threshold."""
    if scores["harmful"] < threshold:
        return []
    cats = ("sexualising_minor", "abuse_intent", "desire_or_solicitation")
    top = max(cats, key=lambda k: scores[k])
    return [k for k in cats if k == top or scores[k] >= max(0.5, 0.5 * threshold)]


def contextual_flags(scores: dict[str, float], ctx: Context, thresholds: dict[str, float]) -> list[str]:
    """Concerning categories (contact move, generation request, minimisation) are flagged only in a harmful
    setting: under a likely minor, in a harmful thread, or next to harmful intent in the same comment."""
    own = harmful_score(scores) >= 0.5 * thresholds.get("harmful", 0.5)
    setting = ctx.strength >= 0.5 or own
    return [k for k in ("contact_move", "generation_request", "minimisation")
            if setting and scores[k] >= thresholds.get(k, 0.5)]
