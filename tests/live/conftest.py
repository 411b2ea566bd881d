"""A PostgreSQL database of its own for the multi-worker test (skipped without HARRIER_TEST_POSTGRES_URL,
an error in CI), copied from the run's migrated template like tests/conftest.py's ``any_store``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from harrier.config import Settings
from tests.conftest import PG_URL, _pg_database


@pytest.fixture
def pg_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must set HARRIER_TEST_POSTGRES_URL (see .ci/run)")
        pytest.skip("HARRIER_TEST_POSTGRES_URL not set")
    gen = _pg_database(tmp_path, request.getfixturevalue("pg_template"))
    try:
        yield next(gen)
    finally:
        gen.close()
