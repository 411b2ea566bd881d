"""Independent evaluation platform generator (author B).

Written from docs/FORMAT.md and a plain description of behaviours only; see README.md in this folder.
"""

from harrier.independent_b.generator import generate

__all__ = ["generate"]
