"""``harrier eval faces DIR``: how well does minor_likelihood separate children from adults?

DIR/labels.csv has at least ``file`` (relative to DIR) and ``age``, optionally ``gender`` and ``race``
(the layout of ``shared/fixtures/faces/labels.csv``). Reported: ROC AUC of minor_likelihood for ages 0-12 (positive)
against 18+ (negative), recall of 13-17 (and of 0-12) and false-positive rate on 18+ at the operating threshold,
the same per gender and per race group. Acceptance: AUC >= 0.9 overall, no group below 0.8.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import rankdata

OPERATING_THRESHOLD = 0.5  # minor_likelihood at which a face counts as a minor (policy may choose its own)
AUC_BAR = 0.9
GROUP_AUC_BAR = 0.8


@dataclass
class Labelled:
    file: str
    age: int
    groups: dict[str, str]
    score: float | None = None
    estimated_age: float | None = None
    error: str | None = None
    fallback: bool = False


def roc_auc(positive: np.ndarray, negative: np.ndarray) -> float | None:
    """Mann-Whitney form of the ROC AUC (ties count half); None when a class is empty."""
    if len(positive) == 0 or len(negative) == 0:
        return None
    ranks = rankdata(np.concatenate([positive, negative]))
    u = ranks[: len(positive)].sum() - len(positive) * (len(positive) + 1) / 2
    return float(u / (len(positive) * len(negative)))


def read_labels(directory: Path) -> list[Labelled]:
    with (directory / "labels.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        groups = {k: r[k] for k in ("gender", "race") if r.get(k)}
        out.append(Labelled(file=r["file"], age=int(float(r["age"])), groups=groups))
    return out


def metrics(items: list[Labelled], threshold: float = OPERATING_THRESHOLD) -> dict[str, Any]:
    scored = [i for i in items if i.score is not None]
    ages = np.array([i.age for i in scored])
    scores = np.array([i.score for i in scored], dtype=float)

    def block(mask: np.ndarray) -> dict[str, Any]:
        a, s = ages[mask], scores[mask]
        child, teen, adult = s[a <= 12], s[(a >= 13) & (a <= 17)], s[a >= 18]
        auc = roc_auc(child, adult)
        return {
            "n": int(mask.sum()), "n_child": len(child), "n_teen": len(teen), "n_adult": len(adult),
            "auc_child_vs_adult": None if auc is None else round(auc, 4),
            "recall_child": round(float((child >= threshold).mean()), 4) if len(child) else None,
            "recall_teen": round(float((teen >= threshold).mean()), 4) if len(teen) else None,
            "false_positive_rate_adult": round(float((adult >= threshold).mean()), 4) if len(adult) else None,
        }

    overall = block(np.ones(len(scored), dtype=bool))
    groups: dict[str, dict[str, Any]] = {}
    for key in sorted({k for i in scored for k in i.groups}):
        for value in sorted({i.groups.get(key, "") for i in scored} - {""}):
            mask = np.array([i.groups.get(key) == value for i in scored])
            groups[f"{key}={value}"] = block(mask)
    group_aucs = [g["auc_child_vs_adult"] for g in groups.values() if g["auc_child_vs_adult"] is not None]
    worst = min(group_aucs) if group_aucs else None
    passed = (overall["auc_child_vs_adult"] is not None and overall["auc_child_vs_adult"] >= AUC_BAR
              and (worst is None or worst >= GROUP_AUC_BAR))
    return {
        "threshold": threshold, "overall": overall, "groups": groups, "worst_group_auc": worst,
        "errors": [{"file": i.file, "error": i.error} for i in items if i.error],
        "whole_image_fallbacks": sum(1 for i in scored if i.fallback),
        "bar": {"auc": AUC_BAR, "group_auc": GROUP_AUC_BAR}, "passed": bool(passed),
    }


def evaluate(directory: Path, threshold: float = OPERATING_THRESHOLD,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Score every labelled image with the media pipeline's face/age estimator and compute the metrics.

    An image where no face is found scores 0 (the pipeline would emit no minor signal), which counts against
    the model, as it should."""
    from harrier.detect.image.decode import ImageDecodeError, load_image
    from harrier.detect.image.faces import estimator

    est = estimator()
    items = read_labels(directory)
    for n, item in enumerate(items, 1):
        try:
            decoded = load_image(directory / item.file)
            res = est.analyse(decoded.image)
            item.score = res.minor_likelihood
            item.fallback = any(f.whole_image for f in res.faces)
            ages = [f.age for f in res.faces if f.age is not None]
            item.estimated_age = round(min(ages), 1) if ages else None
        except (ImageDecodeError, OSError) as e:
            item.error = str(e)
        if progress:
            progress(n, len(items))
    out = metrics(items, threshold)
    out["model"] = est.model_info()
    out["directory"] = str(directory)
    return out
