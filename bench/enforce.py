"""Enforcement throughput: webhook outbox delivery to a local receiver, CyberTipline build, evidence freeze.

    .venv/bin/python bench/enforce.py [--decisions 2000] [--comments 5000]

Prints decisions/s written with their outbox rows, deliveries/s (signed, to a loopback receiver that verifies
every signature), report build time and evidence seal time for a case with N comments, and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests package holds the demo case

from tests.enforce.enforce_helpers import Server, make_decision, seed_case  # noqa: E402

from harrier.config import Settings  # noqa: E402
from harrier.enforce import on_decision  # noqa: E402
from harrier.enforce.cybertipline import build_report  # noqa: E402
from harrier.enforce.evidence import freeze  # noqa: E402
from harrier.enforce.webhooks import SIGNATURE_HEADER, DeliveryWorker, verify_signature  # noqa: E402
from harrier.store.db import Store  # noqa: E402
from harrier.store.tables import Comment, SignalRow  # noqa: E402

SECRET = "bench-secret"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--decisions", type=int, default=2000)
    ap.add_argument("--comments", type=int, default=5000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="harrier-bench-enforce-"))
    store = Store(Settings(home=tmp, database_url=f"sqlite:///{tmp / 'h.db'}")).migrate()
    seed_case(store)
    t0 = datetime(2024, 6, 1, tzinfo=UTC)
    with store.session() as s:
        for i in range(args.comments):
            s.add(Comment(id=f"bc{i}", post_id="p_kid", author_id="a1", created_at=t0 + timedelta(seconds=i),
                          text=f"comment number {i}"))
            if i % 10 == 0:
                s.add(SignalRow(subject_type="comment", subject_id=f"bc{i}", kind="text.contact_move", score=0.8,
                                detector="bench", detector_version="1", evidence=[], run_id=None, created_at=t0))

    start = time.perf_counter()
    for _ in range(args.decisions):
        with store.session() as s:
            on_decision(s, store, make_decision(s, action="suspend_account"))
    t_dec = time.perf_counter() - start
    print(f"decisions + outbox rows: {args.decisions} in {t_dec:.2f} s = {args.decisions / t_dec:,.0f}/s")

    bad = 0

    def receiver(method, path, headers, body):  # noqa: ANN001, ANN202
        nonlocal bad
        try:
            verify_signature(SECRET, headers[SIGNATURE_HEADER], body)
        except Exception:
            bad += 1
            return 401, {}, b""
        return 204, {}, b""

    srv = Server(receiver)
    worker = DeliveryWorker(store, url=srv.url, secrets=[SECRET], batch_size=200)
    start = time.perf_counter()
    run = worker.run_once()
    t_del = time.perf_counter() - start
    worker.stop()
    srv.close()
    print(f"webhook deliveries: {run.delivered} in {t_del:.2f} s = {run.delivered / t_del:,.0f}/s "
          f"(bad signatures {bad})")

    with store.session() as s:
        start = time.perf_counter()
        xml = build_report(s, store, "case-a1", "bench", "A2")
        t_rep = time.perf_counter() - start
    print(f"CyberTipline build+validate, case with {args.comments + 3} comments: {t_rep * 1000:.0f} ms "
          f"({len(xml):,} bytes)")
    with store.session() as s:
        start = time.perf_counter()
        b = freeze(s, store, "case-a1", report_xml=xml)
        t_ev = time.perf_counter() - start
    print(f"evidence freeze (seal + record): {t_ev * 1000:.0f} ms, {b.size_bytes:,} bytes, {b.file_count} files")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
