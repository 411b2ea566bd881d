"""``harrier eval text``: per-category PR-AUC and recall at 1% FPR on the dev split, plus the acceptance figures
(harmful-union recall at the shipped threshold and its false-positive rate among benign + counter-speech,
counter-speech flagged as harmful, the evasion suite's recall retention, and the context test)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from harrier.detect.text.corpus import read_jsonl
from harrier.detect.text.intent import HARMFUL, INTENTS, is_harm_negative
from harrier.detect.text.score import TextScorer

# Remarks that are harmless alone and sexualising under a child's photo (not in train or dev).
CONTEXT_SET: tuple[tuple[str, str], ...] = (
    ("en", "looks delicious"), ("en", "so yummy 😋"), ("en", "what a snack 🔥"), ("en", "she's so hot"),
    ("en", "mmm tasty"), ("en", "beautiful body 😍"), ("en", "i could eat her up"), ("en", "juicy 🍑"),
    ("nl", "ziet er lekker uit 😋"), ("nl", "wat een lekker ding"), ("de", "sieht lecker aus"),
    ("de", "so heiß 🔥"), ("fr", "ça a l'air délicieux"), ("fr", "trop bonne 🔥"), ("es", "qué rica 😋"),
    ("es", "se ve deliciosa"), ("pt", "que delícia 😋"), ("pt", "gostosa demais"), ("it", "che buona 😋"),
    ("it", "sembra deliziosa"),
)
# what family write under a child's photo: never flagged there (endear.py); the context test reports the share
# flagged under a likely child (``family_flagged_under_high``, 0 expected)
FAMILY_SET: tuple[tuple[str, str], ...] = (
    ("en", "so sweet"), ("en", "aww so cute ❤️"), ("en", "she's adorable 🥰"), ("de", "so süß"),
    ("de", "wie niedlich ❤️"), ("nl", "wat een schatje"), ("nl", "zo lief 😍"), ("fr", "trop mignonne"),
    ("fr", "trop chou 🥰"), ("es", "ay qué ternura"), ("es", "qué monada ❤️"), ("it", "che tenerezza"),
    ("it", "che carina 😍"), ("pt", "que fofura"), ("pt", "que gracinha ❤️"),
)


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    if y.sum() == 0:
        return float("nan")
    order = np.argsort(-s, kind="stable")
    y = y[order]
    tp = np.cumsum(y)
    prec = tp / np.arange(1, len(y) + 1)
    return float((prec * y).sum() / y.sum())


def recall_at_fpr(y: np.ndarray, s: np.ndarray, neg_mask: np.ndarray, fpr: float) -> tuple[float, float]:
    """Recall of positives at the lowest threshold whose FPR among ``neg_mask`` items is <= fpr."""
    negs = np.sort(s[neg_mask])[::-1]
    k = int(np.floor(fpr * len(negs)))
    t = negs[k] + 1e-9 if k < len(negs) else -np.inf
    pos = y > 0.5
    return float((s[pos] >= t).mean()) if pos.any() else float("nan"), float(t)


def evaluate(dev_path: Path, scorer: TextScorer | None = None, evasion: bool = True,
             context: bool = True) -> dict[str, Any]:
    from harrier.detect.text.evasion import laughter_tail, rewrite, typo_keyword

    scorer = scorer or TextScorer()
    rows = read_jsonl(dev_path)
    res = scorer.score([{"id": r["id"], "text": r["text"], "lang": r.get("lang")} for r in rows])
    labs = [set(r["labels"]) for r in rows]
    S = {k: np.array([x["scores"][k] for x in res]) for k in INTENTS}
    per_cat = {}
    for k in INTENTS:
        y = np.array([k in s for s in labs], dtype=float)
        neg = y < 0.5
        r1, _ = recall_at_fpr(y, S[k], neg, 0.01)
        per_cat[k] = {"n": int(y.sum()), "pr_auc": round(average_precision(y, S[k]), 4),
                      "recall_at_1pct_fpr": round(r1, 4)}
    harmful = np.array([bool(s & set(HARMFUL)) for s in labs])
    negset = np.array([is_harm_negative(s) for s in labs])
    cs = np.array(["counter_speech" in s for s in labs])
    flagged_harm = np.array([bool(set(x["flagged_categories"]) & set(HARMFUL)) for x in res])
    flagged_any = np.array([x["flagged"] for x in res])
    harm_score = np.array([x["harmful"] for x in res])
    r2, t2 = recall_at_fpr(harmful.astype(float), harm_score, negset, 0.02)
    by_lang: dict[str, dict[str, float]] = {}
    for lang in sorted({r.get("lang", "und") for r in rows}):
        m = np.array([r.get("lang") == lang for r in rows])
        by_lang[lang] = {"harmful_recall": round(float(flagged_harm[m & harmful].mean()), 4),
                         "fpr": round(float(flagged_harm[m & negset].mean()), 4), "n": int(m.sum())}
    out: dict[str, Any] = {
        "dev_items": len(rows),
        "languages": sorted({r.get("lang", "und") for r in rows}),
        "per_category": per_cat,
        "harmful_union": {
            "threshold": scorer.thresholds.get("harmful"),
            "recall": round(float(flagged_harm[harmful].mean()), 4),
            "fpr_benign_and_counter": round(float(flagged_harm[negset].mean()), 4),
            "flagged_any_fpr_benign_and_counter": round(float(flagged_any[negset].mean()), 4),
            "recall_at_2pct_fpr_any_threshold": round(r2, 4),
            "positives": int(harmful.sum()), "negatives": int(negset.sum()),
        },
        "counter_speech_flagged_harmful": round(float(flagged_harm[cs].mean()), 4),
        "by_language": by_lang,
    }
    if evasion:
        harm_rows = [(r, x) for r, x, h in zip(rows, res, harmful, strict=True) if h]
        out["evasion"] = _suite(scorer, [(x, {"id": r["id"], "text": rewrite(r["text"], seed=r["id"]),
                                               "lang": r.get("lang")}) for r, x in harm_rows])
        # the second suite: one typo in the keyword (evasion.typo_keyword), on the harmful remarks that have one
        out["keyword_typos"] = _suite(scorer, [(x, {"id": r["id"], "text": t, "lang": r.get("lang")})
                                               for r, x in harm_rows
                                               if (t := typo_keyword(r["text"], seed=r["id"])) is not None])
        # the third: laughter appended (evasion.laughter_tail), on every harmful remark
        out["laughter_tails"] = _suite(scorer, [(x, {"id": r["id"], "text": laughter_tail(r["text"], seed=r["id"]),
                                                     "lang": r.get("lang")}) for r, x in harm_rows])
    if context:
        out["context"] = context_test(scorer)
    return out


def _suite(scorer: TextScorer, pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """An evasion suite's figures: ``pairs`` of (a harmful remark's clean result, its rewritten item), rescored."""
    def flagged(x: dict[str, Any]) -> bool:
        return bool(set(x["flagged_categories"]) & set(HARMFUL))

    rewritten = scorer.score([it for _, it in pairs])
    base = float(np.mean([flagged(x) for x, _ in pairs])) if pairs else 0.0
    ev = float(np.mean([flagged(x) for x in rewritten])) if pairs else 0.0
    return {"items": len(pairs), "recall_clean": round(base, 4), "recall_rewritten": round(ev, 4),
            "retention": round(ev / base, 4) if base else None, "example": pairs[0][1]["text"] if pairs else None}


def context_test(scorer: TextScorer) -> dict[str, Any]:
    items = []
    for i, (lang, text) in enumerate(CONTEXT_SET):
        for m in (0.1, 0.2, 0.8, 0.95):
            items.append({"id": f"{i}:{m}", "text": text, "lang": lang, "context": {"minor_likelihood": m}})
    family = [{"id": f"family{i}", "text": text, "lang": lang, "context": {"minor_likelihood": 0.95}}
              for i, (lang, text) in enumerate(FAMILY_SET)]
    res = scorer.score(items + family)
    res, fam = res[:len(items)], res[len(items):]
    high = [r["flagged"] for r, it in zip(res, items, strict=True) if it["context"]["minor_likelihood"] >= 0.8]
    low = [r["flagged"] for r, it in zip(res, items, strict=True) if it["context"]["minor_likelihood"] <= 0.2]
    misses = sorted({it["text"] for r, it in zip(res, items, strict=True)
                     if (it["context"]["minor_likelihood"] >= 0.8) != r["flagged"]})
    return {"remarks": len(CONTEXT_SET), "flagged_under_high": round(float(np.mean(high)), 4),
            "flagged_under_low": round(float(np.mean(low)), 4), "misses": misses,
            "family_remarks": len(FAMILY_SET),
            "family_flagged_under_high": round(float(np.mean([r["flagged"] for r in fam])), 4),
            "family_flagged": [it["text"] for r, it in zip(fam, family, strict=True) if r["flagged"]]}
