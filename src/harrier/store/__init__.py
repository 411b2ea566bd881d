"""Storage: SQLAlchemy tables, Alembic migrations and the content-addressed blob store."""

from harrier.store.db import Store, open_store

__all__ = ["Store", "open_store"]
