"""account.risk: the one ranking score (0..1) that orders cases.

It fuses, as a weighted noisy-or (each component can raise the risk alone, and independent evidence adds up
without exceeding 1), the account's own content and its features:

- own content (flagged comments and captions it wrote, hash-bank matches, handle/bio), weight 1.0: the
  account said or posted it;
- dedication x corroboration, 0.95: mostly child imagery *and* AI-generated, reach-gamed or with a flagged
  audience; a parent posting their own children has none of the corroboration;
- offsite showcase, 0.9: child imagery captioned towards a private channel, again and again;
- AI child imagery, 0.9, from the showcase bar on (``features.SHOWCASE_AI``): mostly child imagery, many of the
  children generated. Below the bar it stays out, as the adult AI artists whose portraits the image model misreads
  sit there; above it, the ranking follows the rule that opens the case (before 1.3.0 such an account ranked on
  dedication alone: on a development platform one that posted 21 generated children ranked 52nd at 0.62, under
  accounts with one flagged remark);
- commenter recurrence, 0.9: flagged comments across child-imagery posts of many different authors;
- contact moves, 0.8: moving children or their posters off-platform or to DMs;
- generation interest, 0.6: asking for the tool behind child imagery;
- dedicated audience, 0.45: comments under the child imagery of two or more showcases, whatever the words
  (0.28 at two showcases, 0.39 at three), so a showcase's quiet audience ranks below accounts whose own
  flagged remarks make a case (two such remarks: 0.6 and more);
- audience risk, 0.35: who gathers around the account; alone it can mean the account is the victim;
- reach gaming, 0.3: alone it is only marketing.

Then network terms, *gated* by that first estimate so that they can raise an account that has its own
evidence but cannot make a case out of proximity alone (a counter-speech account sits next to a ring):
propagated risk (weight 0.35) and ring membership (0.3). A reviewer's decision overrides: a confirmed
violation has risk >= 0.95, an account cleared as no-violation keeps a fifth of its score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from harrier.context.data import ContextData
from harrier.context.features import SHOWCASE_AI, Features
from harrier.model.signals import Evidence, Signal, register_kind

NAME = "context.risk"
VERSION = "1.3.0"  # 1.1.0: dedicated audience; 1.2.0: offsite showcase; 1.3.0: AI child imagery
DETECTOR = f"{NAME}@{VERSION}"

SEED_RISK = 0.75  # own evidence this strong seeds propagation like a reviewer's confirmation
SUSPICIOUS = 0.3  # accounts from this pre-network risk on take part in ring detection

register_kind("account.risk", ["account"],
              "The ranking score of the account (0..1): a weighted noisy-or of its own content and its features, "
              "raised by propagated risk and ring membership when it has evidence of its own; evidence lists each "
              "component's value.", score="0..1 ranking score", severity_hint="high")

WEIGHTS = {
    "own_content": 1.0,
    "dedication": 0.95,
    "offsite_showcase": 0.9,
    "ai_child_imagery": 0.9,
    "commenter_recurrence": 0.9,
    "contact_moves": 0.8,
    "generation_interest": 0.6,
    "dedicated_audience": 0.45,
    "audience_risk": 0.35,
    "reach_gaming": 0.3,
}
NETWORK_WEIGHTS = {"propagated_risk": 0.35, "ring": 0.3}


def _noisy_or(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    keep = np.ones_like(next(iter(parts.values())), dtype=np.float64)
    for k, w in weights.items():
        keep *= 1.0 - w * np.clip(parts[k], 0.0, 1.0)
    return 1.0 - keep


def components(f: Features) -> dict[str, np.ndarray]:
    s, c = f.scores, f.counts
    return {
        "own_content": f.own_content.astype(np.float64) if f.own_content is not None else 0 * c["posts"],
        "dedication": s["account.dedication"],  # already child share x corroboration
        "offsite_showcase": s["account.offsite_showcase"],
        "ai_child_imagery": np.where(s["account.ai_child_imagery"] >= SHOWCASE_AI, s["account.ai_child_imagery"], 0.0),
        "commenter_recurrence": s["account.commenter_recurrence"],
        "contact_moves": s["account.contact_moves"],
        "generation_interest": s["account.generation_interest"],
        "dedicated_audience": s["account.dedicated_audience"],
        "audience_risk": s["account.audience_risk"],
        "reach_gaming": s["account.reach_gaming"],
    }


def pre_network(f: Features) -> np.ndarray:
    return _noisy_or(components(f), WEIGHTS).astype(np.float32)


def seeds(d: ContextData, pre: np.ndarray) -> np.ndarray:
    """Seed weights: reviewer-confirmed accounts 1.0, high-severity own evidence its risk; cleared ones 0."""
    s = np.where(pre >= SEED_RISK, pre, 0.0)
    s = np.where(d.seeds_confirmed, 1.0, s)
    return np.where(d.cleared, 0.0, s)


@dataclass
class Risk:
    score: np.ndarray
    pre: np.ndarray
    parts: dict[str, np.ndarray]


def final(d: ContextData, f: Features, pre: np.ndarray, propagated: np.ndarray, ring: np.ndarray) -> Risk:
    parts = components(f) | {"propagated_risk": propagated.astype(np.float64), "ring": ring.astype(np.float64)}
    gate = np.clip(pre / SUSPICIOUS, 0.0, 1.0)
    net = _noisy_or({k: parts[k] * gate for k in NETWORK_WEIGHTS}, NETWORK_WEIGHTS)
    score = 1.0 - (1.0 - pre) * (1.0 - net)
    score = np.where(d.seeds_confirmed, np.maximum(score, 0.95), score)
    score = np.where(d.cleared, score * 0.2, score)
    return Risk(score=score.astype(np.float32), pre=pre, parts=parts)


def signals(d: ContextData, r: Risk, accounts: np.ndarray, min_score: float = 0.05) -> list[Signal]:
    out: list[Signal] = []
    for a in map(int, accounts):
        score = float(r.score[a])
        if score < min_score:
            continue
        ev = [Evidence(kind="feature", field=k, value=round(float(v[a]), 4),
                       note=f"weight {(WEIGHTS | NETWORK_WEIGHTS)[k]}")
              for k, v in r.parts.items() if v[a] >= 0.01]
        if d.seeds_confirmed[a]:
            ev.append(Evidence(kind="metadata", field="reviewer", value="confirmed violation"))
        if d.cleared[a]:
            ev.append(Evidence(kind="metadata", field="reviewer", value="cleared: no violation"))
        out.append(Signal(subject=("account", d.account_ids[a]), kind="account.risk", score=min(1.0, score),
                          detector=DETECTOR, evidence=ev))
    return out
