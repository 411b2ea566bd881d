"""``harrier scan --engine ray`` on a local two-node Ray cluster: the same signals and the same cases as the local
engine on the same demo platform, also when a worker process dies mid-scan and when the scan itself is interrupted.

One cluster per module (head + one more node, one CPU and 100 MB of object store each). Every Ray test of the suite is
in the xdist group "ray" (`make test` distributes with ``--dist loadgroup``): they run one after another in one
worker, so this module's cluster is created once and never beside another Ray instance on a 2-core machine. Its
session folder is a short one under /tmp (Ray's Unix sockets must fit in ~107 characters), and its ports are picked
by the OS, so it cannot collide with another run's cluster.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from harrier import pipeline
from harrier.config import Settings
from harrier.demo import generate
from harrier.detect import registry
from harrier.ingest import run_ingest
from harrier.store import tables as t
from harrier.store.db import Store, open_store
from tests.pipeline.ray_detectors import KILL_MARKER

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ray")]
ray = pytest.importorskip("ray")
REPO = Path(__file__).resolve().parents[2]
SCALE = 0.03  # the smallest demo platform that still yields cases, rings and every detector's signals


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo platform ingested once; each scan gets its own copy of this home (database and blobs)."""
    root = tmp_path_factory.mktemp("ray_demo")
    generate(root / "export", seed=7, scale=SCALE)
    home = root / "base"
    run_ingest(_open(home), root / "export", progress=False)
    return home


def _open(home: Path) -> Store:
    return open_store(Settings(home=home, database_url=f"sqlite:///{home / 'harrier.db'}"))


def _copy(base: Path, to: Path) -> Store:
    shutil.copytree(base, to)
    return _open(to)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A head and a worker node on this machine; the test process is the driver. Yields the kill-marker path."""
    from ray.cluster_utils import Cluster

    temp = tempfile.mkdtemp(prefix="hray", dir="/tmp")
    marker = tmp_path_factory.mktemp("ray_kill") / "killed"
    with pytest.MonkeyPatch.context() as mp:
        # The nodes (and so their workers) inherit this environment: the workers import harrier and tests.* from
        # this checkout, and the dying detector reads its marker path.
        mp.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(REPO), str(REPO / "src"),
                                                            os.environ.get("PYTHONPATH")) if p))
        mp.setenv(KILL_MARKER, str(marker))
        # The text second stage (tests/text/test_stage2.py) is off here, for both engines (the switch is read at
        # each reading, so a detector this process cached earlier obeys it too): every actor, and every actor
        # restarted after the kill, would load e5, ~40 s on the suite's longest worker. What is tested here is the
        # engine, not the text model.
        mp.setenv("HARRIER_TEXT_STAGE2", "0")
        node = {"num_cpus": 1, "object_store_memory": 100 * 1024 * 1024, "temp_dir": temp}
        c = Cluster(initialize_head=True, head_node_args=node | {"include_dashboard": False})
        try:
            c.add_node(**node)
            ray.init(address=c.address, logging_level="WARNING")
            assert len([n for n in ray.nodes() if n["Alive"]]) == 2
            yield marker
        finally:
            ray.shutdown()
            c.shutdown()
            shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture(scope="module")
def local_result(cluster: Path, ingested: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> tuple[list, Counter, list]:
    """The local engine's result, under the cluster's environment (``cluster``)."""
    store = _copy(ingested, tmp_path_factory.mktemp("ray_local") / "home")
    pipeline.scan(store, workers=2, progress=False)
    return _result(store)


def _result(store: Store) -> tuple[list, Counter, list]:
    """Every signal row (id and content) in commit order, the same without ids as a multiset, and the cases."""
    with store.sessions() as s:
        rows = [(r.id, r.subject_type, r.subject_id, r.kind, r.score, r.detector, r.detector_version, repr(r.evidence))
                for r in s.scalars(select(t.SignalRow).order_by(t.SignalRow.id))]
        cases = [(c.account_id, c.kind, c.rank, c.score, c.severity, c.recommended_action, c.ring_id)
                 for c in s.scalars(select(t.Case).order_by(t.Case.rank, t.Case.account_id))]
    return rows, Counter(r[1:] for r in rows), cases


# Not bit for bit. The text encoder's floats depend on which other texts share its matrix products (OpenBLAS computes
# a row differently at other positions of a larger product on some CPUs: here, AMD EPYC with the Haswell kernels of
# numpy 2.4's OpenBLAS 0.3.31, one row in two of a 1,000-row product), and which texts share a product depends on the
# encoders' caches, so on what each worker process has read before: two local scans of the same store differ there
# too, by ~2e-7, and what is derived from those scores (a rounded evidence value, which ids an evidence item lists
# first) may differ with them. What these tests check is the engine: every signal and case once, none lost, none
# twice, each with the same score to TOL.
TOL = 1e-4


def _scores(content: Counter) -> dict[tuple, list[float]]:
    """Signal scores by (subject type, subject, kind, detector, version), sorted: one entry per stored row."""
    out: dict[tuple, list[float]] = {}
    for r in content.elements():
        out.setdefault((r[0], r[1], r[2], r[4], r[5]), []).append(r[3])
    return {k: sorted(v) for k, v in out.items()}


def _content_diff(a: Counter, b: Counter) -> str | None:
    """None where both stores hold the same signals, as many times each, with the same scores to TOL."""
    sa, sb = _scores(a), _scores(b)
    if sa.keys() != sb.keys():
        return f"signals only one side has: {sorted(sa.keys() ^ sb.keys())[:5]}"
    for k in sa:
        if len(sa[k]) != len(sb[k]):
            return f"{k}: {len(sa[k])} rows != {len(sb[k])}"
        if any(abs(x - y) > TOL for x, y in zip(sa[k], sb[k], strict=True)):
            return f"{k}: scores {sa[k]} != {sb[k]}"
    return None


def _cases_diff(a: list[tuple], b: list[tuple]) -> str | None:
    """None where both have the same cases (account, kind, severity, action, ring) with scores to TOL."""
    da = {(c[0], c[1]): c for c in a}
    db = {(c[0], c[1]): c for c in b}
    if da.keys() != db.keys():
        return f"cases only one side has: {sorted(da.keys() ^ db.keys())[:5]}"
    for k, c in da.items():
        o = db[k]
        if abs(c[3] - o[3]) > TOL or c[4:] != o[4:]:
            return f"case {k}: {c} != {o}"
    return None


def test_ray_engine_gives_the_local_signals_and_cases(cluster: Path, ingested: Path, tmp_path: Path,
                                                      local_result: tuple[list, Counter, list]) -> None:
    store = _copy(ingested, tmp_path / "home")
    report = pipeline.scan(store, progress=False, engine="ray")
    rows, content, cases = _result(store)
    local_rows, local_content, local_cases = local_result
    assert (d := _cases_diff(cases, local_cases)) is None, d
    assert len(cases) > 5
    assert (d := _content_diff(content, local_content)) is None, d
    # batches commit in submission order on both engines: even the signal ids agree
    assert [r[:4] for r in rows] == [r[:4] for r in local_rows]
    assert all(not d.failed for d in report.detectors)
    assert {d.detector.split("@")[0] for d in report.detectors} == {s.name for s in registry.DETECTORS}


def test_worker_killed_and_scan_interrupted_lose_and_duplicate_nothing(
        cluster: Path, ingested: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        local_result: tuple[list, Counter, list]) -> None:
    store = _copy(ingested, tmp_path / "home")
    # 1. The scan as a whole dies (a ^C on the driver) in the middle of post.fusion, after one committed batch.
    real_mark = pipeline._mark_scanned
    marks = Counter()

    def mark_then_die(session, spec, ids, run_id, context):  # type: ignore[no-untyped-def]
        marks[spec.name] += 1
        if spec.name == "post.fusion" and marks[spec.name] == 2:
            raise KeyboardInterrupt
        real_mark(session, spec, ids, run_id, context)

    monkeypatch.setattr(pipeline, "_mark_scanned", mark_then_die)
    with pytest.raises(KeyboardInterrupt):
        pipeline.scan(store, progress=False, engine="ray")
    monkeypatch.setattr(pipeline, "_mark_scanned", real_mark)
    with store.sessions() as s:
        done = {n: len(s.scalars(select(t.DetectorScan.subject_id).where(t.DetectorScan.detector == n)).all())
                for n in ("post.fusion", "text.comment")}
    assert done["post.fusion"] > 0 and done["text.comment"] == 0

    # 2. It resumes; text.comment's worker process SIGKILLs itself mid-batch (the driver sees nothing: Ray
    # restarts the actor and re-runs its batches). The batch size stays: the text model's floats depend on it.
    specs = [replace(s, factory="tests.pipeline.ray_detectors:DiesOnceCommentDetector")
             if s.name == "text.comment" else s for s in registry.DETECTORS]
    monkeypatch.setattr(registry, "DETECTORS", specs)
    report = pipeline.scan(store, progress=False, engine="ray")
    assert cluster.exists(), "no worker process was killed"
    assert all(not d.failed for d in report.detectors)
    rows, content, cases = _result(store)
    local_rows, local_content, local_cases = local_result
    assert (d := _cases_diff(cases, local_cases)) is None, d
    assert (d := _content_diff(content, local_content)) is None, d  # none lost, none twice
    assert len(rows) == len(local_rows)

