"""Acceptance: two live workers on one PostgreSQL store share the work and scan no item twice."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from harrier.config import Settings
from harrier.ingest.events import ingest_events
from harrier.live.tables import LiveClaim, LiveWorkerRow
from harrier.store import tables as t
from harrier.store.db import Store

from .livelib import accounts, env_for, family_posts, harmful_comments, harrier, stop, wait_for

N = 3000


@pytest.mark.postgres
def test_two_workers_on_postgresql_share_the_work_and_scan_nothing_twice(pg_settings: Settings,
                                                                         tmp_path: Path) -> None:
    store = Store(pg_settings).migrate()
    url = pg_settings.database_url
    env = env_for(pg_settings.home, url, HARRIER_LIVE_CHUNK="64")
    procs = {name: harrier(["live", "--no-refresh", "--name", name], env, tmp_path / f"{name}.log")
             for name in ("w1", "w2")}

    def states() -> dict[str, str]:
        with store.session() as s:
            return {w.worker: w.state for w in s.execute(select(LiveWorkerRow)).scalars()}

    try:
        wait_for(lambda: states() == {"w1": "running", "w2": "running"}, 180, 0.2, "both workers to start")
        authors = [f"u{i}" for i in range(12)]
        events = accounts("mum", *authors) + family_posts("mum", 20) + harmful_comments(
            N, [f"p{i}" for i in range(20)], authors)
        assert all(r["status"] == "accepted" for r in ingest_events(store, events))

        def scanned() -> int:
            with store.session() as s:
                return int(s.execute(select(func.count()).select_from(t.DetectorScan)
                                     .where(t.DetectorScan.detector == "text.comment")).scalar() or 0)

        wait_for(lambda: scanned() == N, 300, 0.2, "every comment to be scanned")
    finally:
        codes = {name: stop(p) for name, p in procs.items()}
    assert codes == {"w1": 0, "w2": 0}, {n: (tmp_path / f"{n}.log").read_text()[-2000:] for n in procs}

    with store.session() as s:
        rows = {w.worker: w for w in s.execute(select(LiveWorkerRow)).scalars()}
        items = sum(int(s.execute(select(func.count()).select_from(tbl)).scalar() or 0)
                    for tbl in (t.Account, t.Post, t.Comment))
        assert s.execute(select(func.count()).select_from(LiveClaim)).scalar() == 0
        per_subject: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for sid, kind, run in s.execute(select(t.SignalRow.subject_id, t.SignalRow.kind, t.SignalRow.run_id)
                                        .where(t.SignalRow.detector == "text.comment")):
            per_subject[sid].append((kind, run))
    done = {name: rows[name].stats["scanned"] for name in ("w1", "w2")}
    assert all(rows[n].state == "stopped" for n in done)
    # every item once, by one of them: the workers' counts add up to the items, not more
    assert sum(done.values()) == items == 13 + 20 + N, done
    assert min(done.values()) > 0, f"one worker did everything: {done}"
    assert len(per_subject) > N * 0.8
    for sid, sigs in per_subject.items():
        assert len({run for _, run in sigs}) == 1 and max(Counter(k for k, _ in sigs).values()) == 1, (sid, sigs)
