"""Import every module that declares tables, so ``Base.metadata`` is complete for Alembic and tests.

Each area that adds tables appends one import line here.
"""

from harrier.detect.hashing import tables as hashing_tables  # noqa: F401
from harrier.enforce import tables as enforce_tables  # noqa: F401
from harrier.live import tables as live_tables  # noqa: F401
from harrier.policy import tables as policy_tables  # noqa: F401
from harrier.review import tables as review_tables  # noqa: F401
from harrier.store import (
    audit,  # noqa: F401
    tables,  # noqa: F401
)
from harrier.store.tables import Base

metadata = Base.metadata
