"""Scoring cases against the demo ground truth (``harrier eval demo``). Pure functions, no store access.

Definitions (docs/DEMO.md repeats them):

* Ranked list: the *account* cases (ring cases, ``kind == "ring"``, are left out: they are not accounts),
  ordered by ``rank`` ascending (cases without a rank last, then by score descending).
* ``precision_at_k``: planted harmful accounts among the first k cases / min(k, number of cases); 0.0 when
  there are no cases. ``precision_at_50`` is the headline figure.
* ``recall``: planted harmful accounts that have a case at any rank / all planted harmful accounts.
  Per role the same, restricted to that role's accounts; ``in_top_50`` counts them in the first 50.
  Because opening a case on everybody gives recall 1.0, also: ``recall_at_k`` (planted harmful in the first
  k cases / all planted harmful), ``r_precision`` (precision at k = number of planted harmful accounts) and
  ``recall_by_min_severity`` (planted harmful whose case has at least that severity / all planted harmful).
* ``hard_negatives_in_top_50``: planted hard-negative accounts (parents, relatives, counter-speech, benign AI
  artists, adult creators) among the first 50 cases; ``hard_negative_ids_in_top_50`` names them.
* ``dedicated.precision``: among cases whose signals include ``account.dedication`` with score >= 0.5 on the
  case's own account, the share that are planted dedicated accounts (None when no case claims dedication).
* Ring membership, pairwise over the planted ring members M (accounts in any planted ring):
  planted pairs  P = {{a, b} ⊂ M, a != b : a and b are in the same planted ring};
  predicted pairs Q = {{a, b} ⊂ M, a != b : a and b both have a case and the two cases carry the same
  non-null ``ring_id``}.
  ``ring_pairwise_precision`` = |P ∩ Q| / |Q|, ``ring_pairwise_recall`` = |P ∩ Q| / |P|, ``ring_pairwise_f1``
  their harmonic mean. Accounts outside M (posters, counter-speech) sharing a ring_id do not enter the pairs:
  their mistakes show in precision@k and hard negatives instead. Empty Q gives precision 0.0 (1.0 when P is
  empty too); empty P gives recall 1.0; F1 is 0.0 when precision + recall is 0.
* ``ring_outsiders``: accounts with a case that carries a ring id but in no planted ring, and of them
  ``ring_outsiders_harmful`` (planted offenders of another role) and ``ring_outsider_hard_negatives`` (named in
  ``ring_outsider_hard_negative_ids``): what the pairwise figures do not see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import orjson

KS = (10, 25, 50, 100)
SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class CaseRow:
    """What the evaluation needs of a case (from the store's ``cases`` table or a case export)."""

    account_id: str
    rank: int | None = None
    score: float | None = None
    ring_id: str | None = None
    kind: str = "account"
    signals: tuple[Mapping[str, Any], ...] = ()
    severity: str | None = None


@dataclass
class GroundTruth:
    harmful: dict[str, str]  # account id -> role
    hard_negative: dict[str, str]
    rings: dict[str, list[str]]
    seed: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GroundTruth:
        return cls(harmful=dict(d.get("harmful_accounts", {})), hard_negative=dict(d.get("hard_negative_accounts", {})),
                   rings={k: list(v) for k, v in d.get("rings", {}).items()}, seed=d.get("seed"))

    @classmethod
    def load(cls, path: Path) -> GroundTruth:
        return cls.from_dict(orjson.loads(Path(path).read_bytes()))


def case_from_export(obj: Mapping[str, Any]) -> CaseRow:
    return CaseRow(account_id=str(obj["account_id"]), rank=obj.get("rank"), score=obj.get("score"),
                   ring_id=obj.get("ring_id"), kind=obj.get("kind") or "account",
                   signals=tuple(obj.get("signals") or ()), severity=obj.get("severity"))


def load_case_export(path: Path) -> list[CaseRow]:
    """Cases from a ``harrier cases export --json`` file (a JSON array, FORMAT.md "Case export")."""
    data = orjson.loads(Path(path).read_bytes())
    if isinstance(data, dict) and "cases" in data:  # tolerate a wrapped export
        data = data["cases"]
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON array of cases")
    return [case_from_export(c) for c in data]


def ranked(cases: Iterable[CaseRow]) -> list[CaseRow]:
    """Account cases, most urgent first."""
    acc = [c for c in cases if c.kind != "ring"]
    big = float("inf")
    return sorted(acc, key=lambda c: (c.rank if c.rank is not None else big,
                                      -(c.score if c.score is not None else 0.0), c.account_id))


def precision_at(ids: Sequence[str], positives: Mapping[str, Any] | set[str], k: int) -> float:
    top = ids[:k]
    if not top:
        return 0.0
    return sum(1 for a in top if a in positives) / len(top)


def pairs_within(groups: Iterable[Iterable[str]], universe: set[str] | None = None) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for g in groups:
        members = sorted({m for m in g if universe is None or m in universe})
        out.update(combinations(members, 2))
    return out


def ring_pairwise(planted: Mapping[str, Sequence[str]], predicted: Mapping[str, str | None]) -> dict[str, Any]:
    """Pairwise precision/recall/F1 of ring membership (see the module docstring).

    ``planted``: ring id -> member account ids; ``predicted``: account id -> predicted ring id (or None).
    """
    members = {m for ms in planted.values() for m in ms}
    p = pairs_within(planted.values())
    groups: dict[str, list[str]] = {}
    for acc, rid in predicted.items():
        if rid is not None and acc in members:
            groups.setdefault(rid, []).append(acc)
    q = pairs_within(groups.values())
    tp = len(p & q)
    precision = tp / len(q) if q else (1.0 if not p else 0.0)
    recall = tp / len(p) if p else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"ring_pairwise_precision": precision, "ring_pairwise_recall": recall, "ring_pairwise_f1": f1,
            "ring_planted_pairs": len(p), "ring_predicted_pairs": len(q), "ring_true_pairs": tp,
            "ring_members_with_ring_id": sum(1 for ms in groups.values() for _ in ms)}


def ring_outsiders(planted: Mapping[str, Sequence[str]], predicted: Mapping[str, str | None],
                   harmful: Iterable[str], hard_negative: Iterable[str]) -> dict[str, Any]:
    """Accounts that carry a predicted ring id but are in no planted ring, which the pairwise figures leave out
    (:func:`ring_pairwise`): planted offenders of another role (a lone commenter working the same posts), hard
    negatives (a parent, a stranger pulled in: ``ring_outsider_hard_negative_ids`` names them) and the rest."""
    members = {m for ms in planted.values() for m in ms}
    harm, neg = set(harmful), set(hard_negative)
    out = sorted(a for a, rid in predicted.items() if rid is not None and a not in members)
    hn = [a for a in out if a in neg]
    return {"ring_outsiders": len(out), "ring_outsiders_harmful": sum(1 for a in out if a in harm),
            "ring_outsider_hard_negatives": len(hn), "ring_outsider_hard_negative_ids": hn}


def _claims_dedication(c: CaseRow) -> bool:
    for s in c.signals:
        subj = s.get("subject")
        subj_id = subj[1] if isinstance(subj, (list, tuple)) and len(subj) == 2 else (
            subj.get("id") if isinstance(subj, Mapping) else None)
        if s.get("kind") == "account.dedication" and float(s.get("score") or 0) >= 0.5 and (
                subj_id is None or str(subj_id) == c.account_id):
            return True
    return False


def evaluate(gt: GroundTruth, cases: Iterable[CaseRow], ks: Sequence[int] = KS) -> dict[str, Any]:
    """All demo metrics as one JSON-able dict (keys documented in the module docstring)."""
    order = ranked(cases)
    ids = [c.account_id for c in order]
    in_cases = set(ids)
    top50 = ids[:50]
    harmful = gt.harmful
    res: dict[str, Any] = {
        "seed": gt.seed, "cases": len(ids), "planted_harmful": len(harmful),
        "planted_hard_negatives": len(gt.hard_negative),
    }
    res["precision_at_k"] = {str(k): precision_at(ids, harmful, k) for k in ks}
    res["precision_at_50"] = precision_at(ids, harmful, 50)
    found = [a for a in harmful if a in in_cases]
    res["recall"] = len(found) / len(harmful) if harmful else 1.0
    res["harmful_found"] = len(found)
    res["harmful_in_top_50"] = sum(1 for a in top50 if a in harmful)
    res["missed_harmful"] = sorted(a for a in harmful if a not in in_cases)
    # recall alone rewards opening a case on everyone: also report it at fixed depths and by severity
    res["recall_at_k"] = {str(k): (sum(1 for a in ids[:k] if a in harmful) / len(harmful) if harmful else 1.0)
                          for k in ks}
    res["r_precision"] = precision_at(ids, harmful, len(harmful)) if harmful else 1.0
    sev_rank = {s: i for i, s in enumerate(SEVERITIES)}
    res["cases_by_severity"] = {s: sum(1 for c in order if c.severity == s) for s in SEVERITIES}
    res["recall_by_min_severity"] = {
        s: (len({c.account_id for c in order if c.account_id in harmful
                 and sev_rank.get(c.severity or "", -1) >= sev_rank[s]}) / len(harmful) if harmful else 1.0)
        for s in SEVERITIES}
    rank_of = {a: i + 1 for i, a in enumerate(ids)}
    roles: dict[str, dict[str, Any]] = {}
    for role in sorted(set(harmful.values())):
        accs = [a for a, r in harmful.items() if r == role]
        got = [a for a in accs if a in in_cases]
        ranks = sorted(rank_of[a] for a in got)
        roles[role] = {"planted": len(accs), "found": len(got), "recall": len(got) / len(accs),
                       "in_top_50": sum(1 for a in top50 if harmful.get(a) == role),
                       "median_rank": ranks[len(ranks) // 2] if ranks else None}
    res["roles"] = roles
    ded = roles.get("dedicated", {"planted": 0, "found": 0, "recall": 1.0, "in_top_50": 0, "median_rank": None})
    claims = [c.account_id for c in order if _claims_dedication(c)]
    ded = dict(ded)
    ded["claimed"] = len(claims)
    ded["precision"] = (sum(1 for a in claims if harmful.get(a) == "dedicated") / len(claims)) if claims else None
    res["dedicated"] = ded
    res["dedicated_recall"] = ded["recall"]
    hn_top = [a for a in top50 if a in gt.hard_negative]
    res["hard_negatives_in_top_50"] = len(hn_top)
    res["hard_negative_ids_in_top_50"] = {a: gt.hard_negative[a] for a in hn_top}
    hn_roles: dict[str, dict[str, int]] = {}
    for a, role in gt.hard_negative.items():
        r = hn_roles.setdefault(role, {"planted": 0, "in_cases": 0, "in_top_50": 0})
        r["planted"] += 1
        r["in_cases"] += a in in_cases
        r["in_top_50"] += a in hn_top
    res["hard_negative_roles"] = dict(sorted(hn_roles.items()))
    res["hard_negatives_in_cases"] = sum(r["in_cases"] for r in hn_roles.values())
    ring_of = {c.account_id: c.ring_id for c in order}
    res.update(ring_pairwise(gt.rings, ring_of))
    res.update(ring_outsiders(gt.rings, ring_of, gt.harmful, gt.hard_negative))
    return res


def acceptance(res: Mapping[str, Any], precision: float = 0.8, recall: float = 0.8) -> list[str]:
    """The issue-2 acceptance bar; returns the failed checks (empty = pass)."""
    failed = []
    if res["precision_at_50"] < precision:
        failed.append(f"precision_at_50 {res['precision_at_50']:.2f} < {precision}")
    if res["recall"] < recall:
        failed.append(f"recall {res['recall']:.2f} < {recall}")
    if res["hard_negatives_in_top_50"]:
        failed.append(f"{res['hard_negatives_in_top_50']} hard negatives in the top 50")
    return failed
