"""Rules carry their own tests (`tests:` under a rule): given signals and labels, hit or miss."""

from __future__ import annotations

from dataclasses import dataclass

from harrier.model.signals import Signal
from harrier.policy.engine import AccountEvidence, holds
from harrier.policy.rules import Rule, RuleSet, RuleTest


@dataclass
class TestOutcome:
    rule: str
    test: str
    line: int
    expected: bool
    got: bool

    @property
    def passed(self) -> bool:
        return self.expected == self.got


def evidence_for(test: RuleTest) -> AccountEvidence:
    """Signals in a test say their scope (self/content/received, default self) and optionally their post."""
    ev = AccountEvidence("test-account", labels=set(test.labels))
    for i, s in enumerate(test.signals):
        scope = s.get("scope", "self")
        subject_type = {"self": "account", "content": "comment", "received": "comment"}[scope]
        sig = Signal(subject=(subject_type, f"t{i}"), kind=s["kind"], score=float(s.get("score", 1.0)),
                     detector="rules.test@1")
        post = str(s.get("post", f"p{i}"))
        if scope == "self":
            ev.own.append(sig)
        elif scope == "content":
            ev.content.append((sig, post))
        else:
            ev.received.append((sig, post))
    return ev


def run_rule_tests(ruleset: RuleSet) -> list[TestOutcome]:
    out: list[TestOutcome] = []
    for rule in ruleset.rules:
        out += [_run(rule, t) for t in rule.tests]
    return out


def _run(rule: Rule, test: RuleTest) -> TestOutcome:
    return TestOutcome(rule.name, test.name, test.line, test.expect, holds(rule.when, evidence_for(test)))
