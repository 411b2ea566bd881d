"""What policy decides about one account; case assembly turns actionable verdicts into cases."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("low", "medium", "high", "critical")
ACTIONS = ("none", "notify_poster", "review", "remove_content", "restrict_account", "suspend_account", "report")
# Actions about someone to *help*, not to act against: a hit is kept in ``Verdict.notices``, never raises the
# recommended action or severity, applies no labels and opens no case (the guardian notice tells a parent what
# strangers wrote under their child's photo; the parent is no suspect). Enforcement sends them (enforce.guardian).
SIDE_ACTIONS = ("notify_poster",)


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
    notices: list[RuleHit] = field(default_factory=list)  # live hits of SIDE_ACTIONS rules (not actionable)

    @property
    def actionable(self) -> bool:
        return self.recommended_action != "none"

    @staticmethod
    def severity_rank(sev: str) -> int:
        return SEVERITIES.index(sev)
