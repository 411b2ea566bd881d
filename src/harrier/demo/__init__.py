"""The demo platform generator (``harrier demo``) and its evaluation (``harrier eval demo``)."""

from harrier.demo.generator import DemoSummary, generate

__all__ = ["DemoSummary", "generate"]
