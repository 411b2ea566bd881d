"""Evaluation on data Harrier did not write: generated platforms with a truth file (docs/EVALUATION.md)."""
