"""The detect stage on a Ray cluster: ``harrier scan --engine ray [--address ADDR]``.

``RayExecutor`` is a ``concurrent.futures.Executor`` that ``pipeline.run_detector`` uses exactly as it uses the local
process pool, so the driver-side logic is shared, not copied: the pending sets, the input building, the per-batch
commit of signals + scan marks (a killed scan resumes), the item-by-item retry of a failing batch and ``scan_errors``.
What changes is where a batch runs: each detector gets a pool of Ray actors that build the detector (load its models)
once per actor and then score batch after batch of ``DetectorSpec.batch_size`` items. ``run_detector`` bounds the
batches in flight (``max_inflight``: two per actor), so driver memory stays flat however large the store is.

Why actors and not Ray Data (``map_batches`` with an actor-pool UDF): the commit semantics live on the driver.
  * A batch's inputs are built from the store by the driver (signals of earlier stages, freshness, context digests),
    one batch at a time. Ray Data has no source fed by a driver-side generator (``from_items`` materialises every
    input in the object store first), and its readers would need the store on every node (a SQLite store is one file).
  * A batch whose detector raises must come back to the driver as *that* batch, to be retried item by item and the
    failures recorded in ``scan_errors``. In Ray Data a raising UDF fails the whole dataset, or, with
    ``max_errored_blocks``, drops the block silently; and its output blocks are re-bundled, so which items a result
    covers has to be carried in-band.
  * Each batch's signals and scan marks commit together, in submission order; ``run_detector`` already does that.
Faults are Ray's own: actors are created with ``max_restarts=-1`` and ``max_task_retries=-1``, so when a worker
process dies mid-batch Ray restarts the actor (which loads its models again) and re-runs the batches it held.
Detectors are pure and the driver commits only results it received, so a retried batch neither loses nor duplicates
a signal. A detector that raises while *loading* is an application error, not retried: it stops the scan, as locally.

Code on the workers: they import ``harrier`` (and the detector modules named by the factories) themselves. On one
machine they inherit the driver's environment (``PYTHONPATH`` included); on a real cluster every node needs the
same harrier version installed (the same container image), and the blob store at the same path (see docs/SCALE.md).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from harrier.detect import registry
from harrier.detect.base import DetectorInput
from harrier.detect.batches import BatchError, run_batch
from harrier.model.signals import Signal


def _local_blas_threads() -> int | None:
    """The BLAS threads of this process, which the local engine's forked workers inherit. Ray starts a 1-CPU actor
    with OMP_NUM_THREADS=1, and a different thread count sums floats in another order: the text model's scores
    then differ in the 4th decimal. On one machine the actors use the local engine's count, so that both engines
    do the same arithmetic; on a real cluster Ray's one thread per reserved CPU stays (scores then vary in the
    last digits the way they already do between machines with different core counts)."""
    import numpy  # noqa: F401  (loads the BLAS; a forked local worker that loads it itself gets the same count)
    from threadpoolctl import threadpool_info

    counts = [i["num_threads"] for i in threadpool_info() if i.get("user_api") == "blas"]
    return max(counts) if counts else None


def _one_machine(ray: Any) -> bool:
    return {n["NodeManagerAddress"] for n in ray.nodes() if n["Alive"]} == {ray.util.get_node_ip_address()}


class DetectorActor:
    """One detector in one Ray worker process. ``registry.load`` caches the detector per process, so its models load
    on the first batch and stay loaded for every later one (and again only if Ray restarts the actor)."""

    def __init__(self, factory: str, ident: str, blas_threads: int | None = None) -> None:
        # Not loaded here: a load error raised by a constructor would only say "actor died"; from ``run`` it reaches
        # the driver as the detector's own exception and stops the scan, as with the local engine.
        self.factory = factory
        self.ident = ident
        self.blas_threads = blas_threads
        self.loaded = False

    def run(self, batch: list[DetectorInput]) -> tuple[bool, list[Signal] | str]:
        if not self.loaded:
            registry.load(self.factory, self.ident)  # cached for this process: run_batch reuses it
            if self.blas_threads:
                # After the load, so that every BLAS the detector's modules brought in is covered.
                from threadpoolctl import threadpool_limits

                threadpool_limits(self.blas_threads, user_api="blas")
            self.loaded = True
        # A BatchError is returned, not raised: Ray would wrap it in a RayTaskError and the driver-side retry
        # logic tests for BatchError itself.
        try:
            return True, run_batch(self.factory, self.ident, batch)
        except BatchError as e:
            return False, str(e)


class RayExecutor(Executor):
    """Runs ``run_batch(factory, ident, batch)`` on an actor pool per detector. ``run_detector`` runs the detectors
    one after another, so only the current detector's pool exists: a new one frees the CPUs of the last."""

    def __init__(self, address: str | None = None, num_cpus: int | None = None,
                 actors_per_detector: int | None = None) -> None:
        import ray  # lazy: the local engine never imports Ray

        self._ray = ray
        self._owns = not ray.is_initialized()
        if self._owns:
            if address:
                ray.init(address=address, logging_level=logging.WARNING)
            else:
                # "local": always a new instance, never one a stale /tmp/ray/ray_current_cluster points at.
                ray.init(address="local", num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False,
                         logging_level=logging.WARNING)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.actors = actors_per_detector or max(1, cpus)
        self.max_inflight = 2 * self.actors  # one batch running and one queued per actor: no actor waits
        self.blas_threads = _local_blas_threads() if _one_machine(ray) else None
        self._actor_cls = ray.remote(DetectorActor).options(
            num_cpus=1, max_restarts=-1, max_task_retries=-1, scheduling_strategy="SPREAD")
        self._ident: str | None = None
        self._pool: list[Any] = []
        self._next = 0

    def pool(self, factory: str, ident: str) -> list[Any]:
        """The actors of detector ``ident`` (created on first use, replacing the previous detector's)."""
        if ident != self._ident:
            self._kill_pool()
            self._pool = [self._actor_cls.remote(factory, ident, self.blas_threads) for _ in range(self.actors)]
            self._next = 0
            self._ident = ident
        return self._pool

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if fn is not run_batch:  # nothing else is submitted today; run it as a plain Ray task
            return self._ray.remote(fn).remote(*args, **kwargs).future()
        factory, ident, batch = args
        pool = self.pool(factory, ident)
        # Round robin, not "least busy": batch k always goes to actor k mod n, so a rerun on the same cluster gives
        # the same batches to the same actors. The text model's embedding cache keeps the first batch's floats for a
        # repeated text, and embeddings move in the 7th digit with the batch they are computed in.
        actor = pool[self._next % len(pool)]
        self._next += 1
        out: Future[Any] = Future()

        def done(f: Future[tuple[bool, Any]]) -> None:
            try:
                ok, value = f.result()
            except BaseException as e:  # a load error, or the actor gone for good: the driver sees it
                out.set_exception(e)
                return
            if ok:
                out.set_result(value)
            else:
                out.set_exception(BatchError(value))

        actor.run.remote(batch).future().add_done_callback(done)
        return out

    def _kill_pool(self) -> None:
        for actor in self._pool:
            self._ray.kill(actor)  # no_restart=True: the detector is done
        self._pool, self._ident = [], None

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._kill_pool()
        if self._owns:
            self._ray.shutdown()
