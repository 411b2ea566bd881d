"""What policy decides about one account; case assembly turns actionable verdicts into cases."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("low", "medium", "high", "critical")
ACTIONS = ("none", "review", "remove_content", "restrict_account", "suspend_account", "report")


@dataclass
class RuleHit:
    rule: str  # rule name
    version: str
    mode: str  # live | shadow
    severity: str
    action: str
    queue: str
    labels: list[str] = field(default_factory=list)
    why: str = ""  # the rule's condition as text, for the reviewer


@dataclass
class Verdict:
    account_id: str
    severity: str = "low"
    recommended_action: str = "none"
    queue: str = "default"
    labels: list[str] = field(default_factory=list)
    hits: list[RuleHit] = field(default_factory=list)  # live hits only; shadow hits are logged, not here

    @property
    def actionable(self) -> bool:
        return self.recommended_action != "none"

    @staticmethod
    def severity_rank(sev: str) -> int:
        return SEVERITIES.index(sev)
