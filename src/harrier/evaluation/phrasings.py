"""Score a real-phrasing evaluation file (``harrier eval phrasings``): remarks quoted in public reporting.

Each line (data/eval/README.md) carries ``text``, ``lang``, ``label`` (harmful | benign), ``category`` and
``context`` (child_photo | adult_photo | none). A remark is scored as the comment detector would score it under
such a post: ``child_photo`` gives the post a minor-likelihood of ``CHILD_PHOTO`` (what the image detector
reports for a clear photo of a child), ``adult_photo`` ``ADULT_PHOTO``, ``none`` no context. A remark counts
as flagged when any category is flagged (harmful intent, or a contact move / generation request in a harmful
setting). Evaluation only: the file is never trained on and nothing is tuned on it.

Besides language, category and context, results are split by what the words carry (``by_cue``): ``words`` when the
remark has a lexicon term of a concerning kind (a child or age word, sexual, body, desire, abuse, trading, appetite,
minimisation, request, generation or contact term, a handle) or a rule's term, ``plain`` when it has none. A remark
harmful only through who says it to whom ("I like horses. Do you?", quoted from a grooming chat) is ``plain``: the
split says how much of what is missed no reading of the words alone could find, and how much it could.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CONTEXT = {"child_photo": 0.9, "adult_photo": 0.05, "none": 0.0}
LABELS = ("harmful", "benign")


def cue(analysis: Any) -> str:
    """``words`` when the remark's words carry a concerning lexicon term (``score.CONCERNING_CUES``) or the term of
    a rule that raises scores (``certain.FLOORS``: not an objection or a business offer), else ``plain``."""
    from harrier.detect.text import certain
    from harrier.detect.text.score import CONCERNING_CUES

    if any(h.category in CONCERNING_CUES for h in analysis.hits) or any(m.kind in certain.FLOORS
                                                                          for m in analysis.certain):
        return "words"
    return "plain"


def load(path: Path) -> list[dict[str, Any]]:
    """Lines of the file, each checked: a bad line names its line number and field."""
    from harrier.detect.text.corpus import numbered_jsonl

    items = []
    for no, d in numbered_jsonl(Path(path)):
        for field, ok in (("text", isinstance(d.get("text"), str)), ("label", d.get("label") in LABELS),
                          ("context", d.get("context", "none") in CONTEXT), ("lang", isinstance(d.get("lang"), str))):
            if not ok:
                raise ValueError(f"{path}:{no}: {field}: invalid value {d.get(field)!r}")
        items.append(d)
    return items


def _rate(n: int, of: int) -> float | None:
    return round(n / of, 4) if of else None


def evaluate(items: Sequence[dict[str, Any]], scorer: Any = None) -> dict[str, Any]:
    from harrier.detect.text.fusion import Context
    from harrier.detect.text.score import default_scorer

    scorer = scorer or default_scorer()
    analyses = scorer.analyse([it["text"] for it in items], [it.get("lang") for it in items])
    contexts = [Context(CONTEXT[c], on_post=c != "none") for c in (it.get("context", "none") for it in items)]
    scorer.second_reading(analyses, contexts)  # as the comment detector reads them
    flagged = [scorer.decide(a, ctx)["flagged"] for a, ctx in zip(analyses, contexts, strict=True)]
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for it, f, a in zip(items, flagged, analyses, strict=True):
        for key in ("all", f"lang:{it['lang']}", f"category:{it.get('category')}", f"context:{it.get('context')}",
                    f"cue:{cue(a)}"):
            cell = groups[key][it["label"]]
            cell[0] += int(f)
            cell[1] += 1

    def block(g: dict[str, list[int]]) -> dict[str, Any]:
        h, b = g.get("harmful", [0, 0]), g.get("benign", [0, 0])
        return {"harmful": h[1], "harmful_recall": _rate(*h), "benign": b[1], "benign_flagged": _rate(*b)}

    out: dict[str, Any] = {"items": len(items), **block(groups["all"])}
    for prefix in ("lang", "category", "context", "cue"):
        out[f"by_{prefix}"] = {k.split(":", 1)[1]: block(v) for k, v in sorted(groups.items())
                               if k.startswith(prefix + ":")}
    out["missed"] = [{"id": it.get("id"), "lang": it["lang"], "category": it.get("category"),
                      "context": it.get("context")}
                     for it, f in zip(items, flagged, strict=True) if it["label"] == "harmful" and not f]
    out["benign_flagged_ids"] = [it.get("id") for it, f in zip(items, flagged, strict=True)
                                 if it["label"] == "benign" and f]
    return out
