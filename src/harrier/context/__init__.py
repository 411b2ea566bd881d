"""Investigate: graphs, per-account and network features, risk propagation, rings and case assembly.

``run(store, run_id)`` recomputes every context signal for a scan; ``cases.assemble`` turns policy verdicts
and account risk into account-centred cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harrier.model.signals import Signal
    from harrier.store.db import Store


def run(store: Store, run_id: str) -> list[Signal]:
    from harrier.context.analysis import run as _run

    return _run(store, run_id)
