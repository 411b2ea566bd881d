"""Harrier: find the sexualisation of children on social platforms, in context."""

__version__ = "0.1.0"
