"""Dataset audit throughput: ``harrier audit-dataset`` (hash + bank match + provenance + faces/age + nudity +
near-duplicate clustering + the report) over the shared face crops plus generated 1-MP JPEGs.

    PYTHONPATH=src .venv/bin/python bench/audit.py [--n 200] [--workers 2] [--engine local]

Images are benign: the UTKFace crops from the shared fixtures when present (200x200 faces) and synthetic
landscapes from bench/images.py (half with a face pasted in). Prints images/s, images/s per core, CPU ms per
image (parent + workers: with other work on the box, wall time measures our share of the CPU, CPU time our
cost) and peak resident memory. Goal: >= 12 images/s per core.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from images import SHARED, SIZE, make_images, print_peak_memory  # bench/images.py: the same generated photos


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200, help="generated 1-MP JPEGs (besides the face crops)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--engine", default="local", choices=["local", "ray"])
    args = ap.parse_args()
    os.environ.setdefault("HARRIER_HOME", tempfile.mkdtemp(prefix="harrier-bench-home-"))  # no banks: empty store
    from harrier.audit.run import audit_dataset

    cores = os.cpu_count() or 1
    print(f"cpu: {cores} cores; load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        (data / "generated").mkdir(parents=True)
        make_images(data / "generated", args.n)
        faces = sorted((SHARED / "fixtures" / "faces" / "images").glob("*.jpg"))
        if faces:
            (data / "faces").mkdir()
            for f in faces:
                (data / "faces" / f.name).symlink_to(f)
        print(f"{args.n} generated {SIZE[0]}x{SIZE[1]} JPEGs + {len(faces)} face crops; engine={args.engine}, "
              f"workers={args.workers}")
        t0, c0 = time.perf_counter(), os.times()
        summary = audit_dataset(str(data), Path(tmp) / "out", engine=args.engine, workers=args.workers)
        wall, c1 = time.perf_counter() - t0, os.times()
        cpu = (c1.user - c0.user) + (c1.system - c0.system) + (c1.children_user - c0.children_user) + \
            (c1.children_system - c0.children_system)
        n = summary["images"]
        rate, cpu_ms = n / wall, 1000 * cpu / n
        print(f"images {n}, decoded {summary['decoded']}, errors {summary['errors']}, with faces "
              f"{summary['with_faces']}, minor faces {summary['with_minor_faces']}, near-duplicate clusters "
              f"{summary['near_duplicate_clusters']}")
        print(f"audit-dataset end to end: {wall:.1f} s, {rate:.1f} images/s = {rate / args.workers:.1f} images/s per "
              f"core measured; {cpu_ms:.1f} CPU ms/image = {1000 / cpu_ms:.1f} images/s per idle core "
              f"(goal >= 12: {'OK' if max(rate / args.workers, 1000 / cpu_ms) >= 12 else 'BELOW GOAL'})")
        sys.stdout.flush()
    print_peak_memory()


if __name__ == "__main__":
    main()
