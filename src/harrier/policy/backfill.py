"""Re-run rules over the stored history and report what they would change — without writing anything."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from harrier.policy.engine import evaluate
from harrier.policy.rules import RuleSet
from harrier.store import tables as t
from harrier.store.db import Store


@dataclass
class BackfillReport:
    rules: list[str]
    accounts_evaluated: int = 0
    hits_by_rule: dict[str, int] = field(default_factory=dict)
    would_open: list[str] = field(default_factory=list)  # actionable now, no open case today
    would_close: list[str] = field(default_factory=list)  # open case today, not actionable under these rules
    would_change: list[dict[str, Any]] = field(default_factory=list)  # severity/action/queue differ

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "accounts_evaluated": self.accounts_evaluated,
            "hits_by_rule": self.hits_by_rule,
            "would_open": len(self.would_open),
            "would_close": len(self.would_close),
            "would_change": len(self.would_change),
            "examples": {"open": self.would_open[:10], "close": self.would_close[:10],
                         "change": self.would_change[:10]},
        }


def backfill(store: Store, rules: RuleSet, only: Sequence[str] | None = None,
             include_shadow: bool = True) -> BackfillReport:
    """What case assembly would do if ``rules`` were the active policy, without writing anything.

    Every live rule is evaluated, and shadow rules as if live (``include_shadow``; with ``only``, just the
    shadow rules named): ``only`` asks "what if these rules went live", so the other live rules keep deciding
    their accounts. Opening, closing and changes follow :func:`harrier.context.cases.qualifies` and assembly's
    handling of decided cases, so the report is exactly what the next scan's assembly would do.
    """
    from harrier.context.cases import qualifies

    def promote(rule):  # type: ignore[no-untyped-def]
        return include_shadow and rule.mode == "shadow" and (not only or rule.name in only)

    rules = RuleSet(rules.path, [_as_live(r) if promote(r) else r for r in rules.rules])
    verdicts = evaluate(store, run_id="backfill", rules=rules, write=False)
    with store.sessions() as s:
        listed = {c.account_id: c for c in s.execute(select(t.Case).where(t.Case.status != "closed")).scalars()}
    rep = BackfillReport(rules=[r.ident for r in rules.active() if not only or r.name in only])
    rep.accounts_evaluated = len(verdicts)
    counts: Counter[str] = Counter()
    for account_id, v in verdicts.items():
        for h in [*v.hits, *v.notices]:
            if not only or h.rule in only:
                counts[h.rule] += 1
        case = listed.get(account_id)
        if qualifies(v) and case is None:
            rep.would_open.append(account_id)
        elif case is not None and not qualifies(v):
            if case.status != "decided":  # a decided case keeps its decision (assembly does not close it)
                rep.would_close.append(account_id)
        elif case is not None and (case.severity, case.recommended_action, case.queue) != (
                v.severity, v.recommended_action, v.queue):
            rep.would_change.append({"account_id": account_id,
                                     "from": [case.severity, case.recommended_action, case.queue],
                                     "to": [v.severity, v.recommended_action, v.queue]})
    for account_id, case in listed.items():
        if account_id not in verdicts and case.status != "decided":
            rep.would_close.append(account_id)
    rep.hits_by_rule = dict(counts)
    return rep


def _as_live(rule):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(rule, mode="live")
