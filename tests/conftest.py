"""Shared test fixtures: real SQLite and (when HARRIER_TEST_POSTGRES_URL is set, as in CI) real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

# Parallel test workers (pytest-xdist, `make test`) share the cores: each gets cores // workers BLAS threads, set
# before numpy loads so that subprocesses inherit it too. OpenBLAS threads that outnumber the cores spin against
# each other: on the 2-core CI box one network of the text-training tests took 21 s with 2 workers x 2 threads
# and 4 s with 1 thread each.
_WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0") or 0)
if _WORKERS:
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, str(max(1, (os.cpu_count() or 1) // _WORKERS)))
    # The CLI tests read Rich's output. A worker starts with COLUMNS=80 in its environment, so a console created at
    # import keeps 80 columns whatever a test sets later, and its temporary paths are longer (.../popen-gw0/...):
    # a wide terminal, so that no path or table cell is folded across lines.
    os.environ["COLUMNS"] = "250"


import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from harrier.config import Settings  # noqa: E402
from harrier.store.db import Store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"  # shipped with the project: see tests/fixtures/SOURCES.md
# Files the project may not ship (research-only face crops, use-restricted images) stay outside the repository:
# the tests that need them look where an environment variable says, else in ../shared/fixtures beside the checkout
# (where CI keeps them), and otherwise skip saying what to set.
SHARED = Path(os.environ.get("HARRIER_SHARED", REPO.parent / "shared"))
PG_URL = os.environ.get("HARRIER_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The redistributable test files shipped in tests/fixtures (PDQ reference images, provenance files)."""
    return FIXTURES


def _outside_fixture(var: str, default: Path, needs: tuple[str, ...], what: str) -> Path:
    """A fixture folder that is not shipped: $var, else default; skip with what to set when neither is there."""
    if os.environ.get(var):
        path = Path(os.environ[var]).expanduser()
        missing = [n for n in needs if not (path / n).exists()]
        if missing:  # set but wrong: an error, never a silent skip
            pytest.fail(f"{var}={path} does not hold {', '.join(missing)}")
        return path
    if all((default / n).exists() for n in needs):
        return default
    pytest.skip(f"{what} are not shipped with the project (licence; see tests/fixtures/SOURCES.md): set "
                f"{var}=/path/to/{default.name}, a folder holding {' and '.join(needs)} (.ci/run sets it to "
                f"../shared/fixtures/{default.name} when that exists)")


@pytest.fixture(scope="session")
def faces_dir() -> Path:
    """The UTKFace face crops (non-commercial research only: never shipped): labels.csv and images/."""
    return _outside_fixture("HARRIER_FACES_DIR", SHARED / "fixtures" / "faces", ("labels.csv", "images"),
                            "the UTKFace face crops")


@pytest.fixture(scope="session")
def restricted_provenance() -> Path:
    """The full provenance fixture folder, with the files that may not be shipped (CreativeML OpenRAIL-M Stable
    Diffusion samples, the IPTC reference image) and its manifest.csv listing all of them."""
    return _outside_fixture("HARRIER_PROVENANCE_DIR", SHARED / "fixtures" / "provenance",
                            ("manifest.csv", "sd_watermark", "iptc"),
                            "the Stable Diffusion watermark samples and the IPTC reference image")


def _sqlite_settings(tmp: Path) -> Settings:
    return Settings(home=tmp, database_url=f"sqlite:///{tmp / 'harrier.db'}")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A migrated SQLite store in a temp folder."""
    return Store(_sqlite_settings(tmp_path)).migrate()


WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")  # gw0, gw1... under xdist


def _pg_url(name: str) -> str:
    assert PG_URL
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This worker's migrated PostgreSQL database, built once per test run: each test's database is a copy of it
    (CREATE DATABASE ... TEMPLATE), instead of running every migration again. Named for the worker and the run, so
    parallel workers, and test runs of other checkouts on the same server, never share one."""
    assert PG_URL
    name = f"harrier_test_{WORKER}_tpl_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        home = tmp_path_factory.mktemp("pg_template")
        Store(Settings(home=home, database_url=_pg_url(name))).migrate().engine.dispose()
        yield name
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _pg_database(tmp: Path, template: str) -> Iterator[Settings]:
    assert PG_URL
    name = f"harrier_test_{WORKER}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield Settings(home=tmp, database_url=_pg_url(name))
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same test against SQLite and PostgreSQL. PostgreSQL is skipped only outside CI when no server
    is configured; in CI (CI=true) a missing server is an error, so both engines are always tested there."""
    if request.param == "sqlite":
        yield Store(_sqlite_settings(tmp_path)).migrate()
        return
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must set HARRIER_TEST_POSTGRES_URL (see .ci/run)")
        pytest.skip("HARRIER_TEST_POSTGRES_URL not set")
    gen = _pg_database(tmp_path, request.getfixturevalue("pg_template"))
    settings = next(gen)
    st = Store(settings).migrate()
    try:
        yield st
    finally:
        st.engine.dispose()
        gen.close()


@pytest.fixture
def harrier_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every harrier command (CLI and library) at a fresh home under tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("HARRIER_HOME", str(home))
    monkeypatch.delenv("HARRIER_DATABASE_URL", raising=False)
    return home


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under parallel workers the slow tests go first, so that they run beside the many short ones instead of
    leaving one worker busy at the end (the order within each part is kept)."""
    if _WORKERS:
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Build an expensive, read-only artefact once per test run, whichever worker asks first; the other workers
    wait on a file lock and reuse it. ``build_once(name, build)`` calls ``build(folder)`` into an empty folder
    (unless a worker already did) and returns the folder plus what ``build`` returned (pickled beside it).
    The folder lies in this run's temporary root, shared by its workers and by no other run."""
    import fcntl
    import pickle

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # .../pytest-N/popen-gw0: the run's root is the parent
        root = root.parent
    cache = root / "built-once"
    cache.mkdir(exist_ok=True)

    def get(name: str, build):  # type: ignore[no-untyped-def]
        folder, done = cache / name, cache / f"{name}.pickle"
        with (cache / f"{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not done.exists():
                    folder.mkdir()
                    done.write_bytes(pickle.dumps(build(folder)))
                return folder, pickle.loads(done.read_bytes())
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    return get
