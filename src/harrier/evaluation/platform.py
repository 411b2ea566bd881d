"""Score cases against a platform's truth file (``harrier eval platform``). Pure functions, no store access.

The truth file (``../shared/design/EVALUATION.md``, repeated in docs/EVALUATION.md) names the planted
offenders (``harmful``), their roles (which may overlap), the rings and the hard negatives. Definitions:

* ranked cases: account cases most urgent first (``harrier.demo.metrics.ranked``);
* ``recall_at_50`` / ``recall_at_100``: planted offenders among the first 50 / 100 cases over all offenders;
  ``role_recall_at_50`` / ``role_recall_at_100`` the same per role, ``role_recall`` at any rank;
* ``recall_at_50_ceiling``: the best ``recall_at_50`` any ranking could reach, 50 / planted when more than 50 are
  planted; ``r_precision``: planted offenders among the first R cases, R = the number planted (the ranking's
  quality whatever the queue length, the standard R-precision of retrieval evaluation);
* ``hard_negatives_in_top_50`` and ``hard_negatives_in_cases``;
* ring pairwise precision / recall / F1 over planted ring members, predicted pairs being two members whose
  cases carry the same ``ring_id`` (the demo's definition, ``metrics.ring_pairwise``), and the ring's outsiders
  (``metrics.ring_outsiders``: accounts with a ring id in no planted ring, the hard negatives among them named);
* ``cases_per_1000_accounts``: open cases per 1,000 accounts of the platform;
* ``role_recall_by_remarks`` (when the truth names the planted comments, an optional ``comments`` object of
  category -> comment ids, and the export's comments are read): per role, offenders grouped by how many planted
  harmful remarks they wrote (``1``, ``2``, ``3+``), with how many of them are in the top 50. The policy makes one
  remark a case only when it is explicit (docs/POLICY.md), so a lone commenter's recall depends on this mix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from harrier.demo.metrics import CaseRow, ranked, ring_outsiders, ring_pairwise

DEPTHS = (50, 100)
# truth comment categories that are not harmful remarks (a generator may label the counter-speech it plants)
NOT_HARMFUL = frozenset({"counter_speech", "benign"})


@dataclass
class Truth:
    platform: str
    harmful: set[str]
    roles: dict[str, set[str]]
    rings: dict[str, list[str]]
    hard_negative: set[str]
    comments: dict[str, set[str]] | None = None  # optional: category -> planted comment ids

    def harmful_comments(self) -> set[str]:
        return {c for k, ids in (self.comments or {}).items() if k not in NOT_HARMFUL for c in ids}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "truth") -> Truth:
        def ids(value: Any, field: str) -> set[str]:
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ValueError(f"{source}: {field}: expected a list of account ids")
            return set(value)

        if not isinstance(d, Mapping) or "harmful" not in d:
            raise ValueError(f"{source}: expected an object with at least 'harmful' (docs/EVALUATION.md)")
        roles = {str(k): ids(v, f"roles.{k}") for k, v in (d.get("roles") or {}).items()}
        rings = {str(k): sorted(ids(v, f"rings.{k}")) for k, v in (d.get("rings") or {}).items()}
        comments = d.get("comments")
        if comments is not None and not isinstance(comments, Mapping):
            raise ValueError(f"{source}: comments: expected an object of category -> comment ids")
        return cls(platform=str(d.get("platform") or ""), harmful=ids(d["harmful"], "harmful"), roles=roles,
                   rings=rings, hard_negative=ids(d.get("hard_negative") or [], "hard_negative"),
                   comments=None if comments is None else {str(k): ids(v, f"comments.{k}")
                                                           for k, v in comments.items()})

    @classmethod
    def load(cls, path: Path) -> Truth:
        try:
            data = orjson.loads(Path(path).read_bytes())
        except orjson.JSONDecodeError as e:
            raise ValueError(f"{path}: not JSON: {e}") from e
        return cls.from_dict(data, str(path))


def _share(found: Iterable[str], of: set[str]) -> float | None:
    return (len(set(found) & of) / len(of)) if of else None


def evaluate(truth: Truth, cases: Iterable[CaseRow], n_accounts: int,
             remarks: Mapping[str, int] | None = None) -> dict[str, Any]:
    """``remarks``: planted harmful remarks per account (:func:`count_remarks`), for ``role_recall_by_remarks``."""
    order = ranked(cases)
    ids = [c.account_id for c in order]
    in_cases = set(ids)
    rank = {a: i + 1 for i, a in enumerate(ids)}
    res: dict[str, Any] = {"platform": truth.platform, "accounts": n_accounts, "cases": len(ids),
                           "planted_harmful": len(truth.harmful), "planted_hard_negatives": len(truth.hard_negative)}
    for k in DEPTHS:
        res[f"recall_at_{k}"] = _share(ids[:k], truth.harmful)
        res[f"role_recall_at_{k}"] = {r: _share(ids[:k], m) for r, m in sorted(truth.roles.items())}
    res["recall_at_50_ceiling"] = min(1.0, 50 / len(truth.harmful)) if truth.harmful else None
    res["r_precision"] = _share(ids[:len(truth.harmful)], truth.harmful)
    res["recall"] = _share(ids, truth.harmful)
    res["role_recall"] = {r: _share(ids, m) for r, m in sorted(truth.roles.items())}
    res["roles"] = {r: {"planted": len(m), "in_top_50": len(set(ids[:50]) & m), "in_cases": len(in_cases & m),
                        "median_rank": _median([rank[a] for a in m if a in rank])}
                    for r, m in sorted(truth.roles.items())}
    hn_top = [a for a in ids[:50] if a in truth.hard_negative]
    res["hard_negatives_in_top_50"] = len(hn_top)
    res["hard_negative_ids_in_top_50"] = hn_top
    res["hard_negatives_in_cases"] = len(in_cases & truth.hard_negative)
    ring_of = {c.account_id: c.ring_id for c in order}
    res.update(ring_pairwise(truth.rings, ring_of))
    res.update(ring_outsiders(truth.rings, ring_of, truth.harmful, truth.hard_negative))
    predicted: dict[str, set[str]] = {}
    for c in order:
        if c.ring_id:
            predicted.setdefault(c.ring_id, set()).add(c.account_id)
    res["rings_planted"] = {r: len(m) for r, m in sorted(truth.rings.items())}
    res["rings_found"] = {r: sorted(len(set(m) & p) for p in predicted.values() if set(m) & p)[::-1]
                          for r, m in sorted(truth.rings.items())}
    res["cases_per_1000_accounts"] = round(1000 * len(ids) / n_accounts, 2) if n_accounts else None
    res["missed_in_top_50"] = sorted(truth.harmful - set(ids[:50]))
    if remarks is not None:
        top = set(ids[:50])
        res["role_recall_by_remarks"] = {
            r: {b: {"planted": len(g), "in_top_50": len(g & top)} for b, g in _by_remarks(m, remarks).items()}
            for r, m in sorted(truth.roles.items())}
    return res


def _by_remarks(accounts: set[str], remarks: Mapping[str, int]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for a in accounts:
        n = remarks.get(a, 0)
        if n:
            groups.setdefault("3+" if n >= 3 else str(n), set()).add(a)
    return dict(sorted(groups.items()))


def count_remarks(export: Path, comment_ids: set[str]) -> dict[str, int]:
    """Planted harmful remarks per author: the export's comments (``comments.jsonl`` or ``comments.parquet``, read
    with ingest's readers) whose id is in ``comment_ids``. Records that are not JSON objects are skipped: ingest
    reports them, this only counts."""
    from harrier.ingest.readers import read_jsonl, read_parquet

    out: dict[str, int] = {}
    files = [p for p in (export / "comments.jsonl", export / "comments.parquet") if p.is_file()]
    if not comment_ids or not files:
        return out
    path = files[0]
    chunks = read_parquet(path, 10_000) if path.suffix == ".parquet" else read_jsonl(path, 10_000)
    for chunk in chunks:
        for _, raw in chunk.items:
            try:
                d = orjson.loads(raw) if isinstance(raw, bytes) else raw
            except orjson.JSONDecodeError:
                continue
            if isinstance(d, dict) and d.get("id") in comment_ids and isinstance(d.get("author_id"), str):
                out[d["author_id"]] = out.get(d["author_id"], 0) + 1
    return out


def _median(xs: Sequence[int]) -> int | None:
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else None


def count_accounts(export: Path) -> int:
    """Accounts in an export folder (JSONL lines or Parquet rows)."""
    jl, pq = export / "accounts.jsonl", export / "accounts.parquet"
    if jl.exists():
        with jl.open("rb") as f:
            return sum(1 for line in f if line.strip())
    if pq.exists():
        import pyarrow.parquet as pq_mod

        return int(pq_mod.ParquetFile(pq).metadata.num_rows)
    raise ValueError(f"{export}: no accounts.jsonl or accounts.parquet")


def summary_lines(res: Mapping[str, Any]) -> list[str]:
    fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    lines = [f"{res['platform'] or 'platform'}: {res['accounts']:,} accounts, {res['cases']} cases "
             f"({res['cases_per_1000_accounts']} per 1,000)",
             f"recall in top 50 {fmt(res['recall_at_50'])}, top 100 {fmt(res['recall_at_100'])}, any rank "
             f"{fmt(res['recall'])} (planted {res['planted_harmful']}; top-50 ceiling "
             f"{fmt(res['recall_at_50_ceiling'])}, R-precision {fmt(res['r_precision'])})"]
    for r, v in res["role_recall_at_50"].items():
        lines.append(f"  {r:24} top 50 {fmt(v)}  top 100 {fmt(res['role_recall_at_100'][r])}  "
                     f"({res['roles'][r]['in_top_50']}/{res['roles'][r]['planted']})")
    for r, groups in (res.get("role_recall_by_remarks") or {}).items():
        if groups:
            lines.append(f"  {r:24} by planted harmful remarks: " + ", ".join(
                f"{b}: {g['in_top_50']}/{g['planted']}" for b, g in groups.items()))
    lines.append(f"hard negatives: {res['hard_negatives_in_top_50']} in the top 50, "
                 f"{res['hard_negatives_in_cases']} among all cases")
    lines.append(f"rings: pairwise precision {fmt(res['ring_pairwise_precision'])}, recall "
                 f"{fmt(res['ring_pairwise_recall'])}, F1 {fmt(res['ring_pairwise_f1'])}; outsiders "
                 f"{res['ring_outsiders']} ({res['ring_outsiders_harmful']} planted offenders of other roles, "
                 f"{res['ring_outsider_hard_negatives']} hard negatives)")
    return lines
