"""Rules over signals and features -> labels, severity, queue routing and recommended actions.

Entry point for the pipeline: :func:`evaluate` (live rules applied, shadow rules logged only).
"""

from harrier.policy.engine import evaluate
from harrier.policy.rules import RuleError, RuleSet, load_rules
from harrier.policy.verdict import RuleHit, Verdict

__all__ = ["RuleError", "RuleHit", "RuleSet", "Verdict", "evaluate", "load_rules"]
