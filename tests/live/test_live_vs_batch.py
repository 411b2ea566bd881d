"""The same events give the same cases live and batch: the live refresh is the batch path's own context,
policy and case assembly (cases only from live rules of the active policy, one definition of flagged)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from harrier.config import Settings
from harrier.ingest.events import ingest_events
from harrier.live.worker import LiveOptions, LiveWorker
from harrier.pipeline import scan
from harrier.store import tables as t
from harrier.store.db import Store

from .livelib import HARMFUL, accounts, family_posts, wait_for

NETWORK_RULES = {"ring_member", "high_network_risk"}


def _store(root: Path) -> Store:
    return Store(Settings(home=root, database_url=f"sqlite:///{root / 'h.db'}")).migrate()


def _comment(cid: str, post: str, author: str, text: str) -> dict[str, Any]:
    return {"type": "comment", "data": {"id": cid, "post_id": post, "author_id": author,
                                        "created_at": "2026-12-01T12:00:00Z", "text": text}}


def _waves() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    people = ["mum", "dad", "lone", "r1", "r2", "r3", "aunt", "once", "coach"]
    first = accounts(*people) + family_posts("mum", 4, "m") + family_posts("dad", 4, "d")
    first += [{"type": "follow", "data": {"follower_id": a, "followee_id": b}}
              for a, b in (("aunt", "mum"), ("mum", "aunt"), ("r1", "r2"), ("r2", "r1"), ("r2", "r3"), ("r3", "r1"))]
    first += [_comment(f"a{i}", f"m{i}", "aunt", "so sweet ❤️ love you all") for i in range(4)]
    first += [_comment("lone0", "m0", "lone", HARMFUL[0])]
    second = [_comment("lone1", "m1", "lone", HARMFUL[1]), _comment("lone2", "d2", "lone", HARMFUL[2]),
              _comment("once0", "d0", "once", "cute feet 😏"),
              _comment("coach0", "d1", "coach", "great swing! our club runs juniors training on saturdays")]
    for k, r in enumerate(("r1", "r2", "r3")):
        for i in range(4):
            post = ("m", "d")[i % 2] + str((i + k) % 4)
            second.append(_comment(f"{r}_{i}", post, r, HARMFUL[(5 + 7 * k + 3 * i) % len(HARMFUL)]))
    return first, second


def _cases(store: Store, scores: bool) -> dict[str, tuple]:
    with store.session() as s:
        return {c.account_id: (c.status, c.severity, c.queue, c.recommended_action,
                               sorted(r["rule"] for r in (c.summary or {}).get("rules", [])),
                               round(c.score, 4) if scores else None, c.ring_id if scores else None)
                for c in s.execute(select(t.Case)).scalars()}


def _drain(worker: LiveWorker) -> None:
    while worker.cycle():
        pass


def test_live_and_batch_make_the_same_cases_from_the_same_events(tmp_path: Path) -> None:
    first, second = _waves()
    live = _store(tmp_path / "live")
    worker = LiveWorker(live, LiveOptions(name="t", refresh_interval=0))
    ingest_events(live, first)
    _drain(worker)
    assert worker.maybe_refresh().kind == "global"  # the first refresh is a global one
    ingest_events(live, second)
    _drain(worker)
    quick = wait_for(worker.maybe_refresh, 60, 0.2, "a quick refresh to fall due")  # not > 1/3 of the time
    assert quick.kind == "quick"

    batch = _store(tmp_path / "batch")
    ingest_events(batch, first + second)
    scan(batch, workers=1, progress=False)
    want = _cases(batch, scores=True)
    assert "lone" in want and want["lone"][0] == "open" and "lone_offender" in want["lone"][4]
    assert not {"mum", "dad", "aunt", "coach"} & set(want)
    # quick refresh: the same cases, severities, queues and actions; only rules on the network (rings, as of the
    # last global run) may not have fired yet
    quick_cases, batch_cases = _cases(live, scores=False), _cases(batch, scores=False)
    assert quick_cases.keys() == batch_cases.keys()
    for a, got in quick_cases.items():
        assert got[:4] == batch_cases[a][:4], a
        assert set(got[4]) <= set(batch_cases[a][4]) and set(batch_cases[a][4]) - set(got[4]) <= NETWORK_RULES
    # after a global refresh: identical, scores and rings included
    assert worker.maybe_refresh(force="global").kind == "global"
    assert _cases(live, scores=True) == want
