"""Import every module that declares tables, so ``Base.metadata`` is complete for Alembic and tests.

Each area that adds tables appends one import line here.
"""

from harrier.store import (
    audit,  # noqa: F401
    tables,  # noqa: F401
)
from harrier.store.tables import Base

metadata = Base.metadata
