"""Image throughput: (a) hash + provenance, (b) full scan with faces/age/nudity, on generated 1-MP JPEGs.

    .venv/bin/python bench/images.py [--n 200] [--workers 2]

Images are benign and synthetic (gradient sky, hills, shapes, noise texture; half also carry one face crop from
the shared fixtures when they are present, so the face/age path does real work). Each mode runs on a process pool
(one model copy per worker, as the pipeline does) and prints images/s and peak resident memory (parent and
worker). Goals on a 2-core box: (a) >= 150 images/s, (b) >= 15 images/s.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SIZE = (1155, 866)  # 1.0 MP
SHARED = Path(os.environ.get("HARRIER_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def make_images(folder: Path, n: int) -> list[Path]:
    rng = np.random.default_rng(7)
    faces = sorted((SHARED / "fixtures" / "faces" / "images").glob("*.jpg"))
    w, h = SIZE
    paths = []
    for i in range(n):
        top, bottom = rng.integers(60, 250, 3), rng.integers(120, 255, 3)
        sky = np.linspace(top, bottom, h)[:, None, :].repeat(w, axis=1)
        sky += rng.normal(0, 6, (h, w, 1))  # texture, so JPEG sizes and decode costs look like photos
        im = Image.fromarray(sky.clip(0, 255).astype(np.uint8))
        d = ImageDraw.Draw(im)
        d.polygon([(0, h * 0.7), (w * 0.3, h * rng.uniform(0.4, 0.6)), (w * 0.6, h * 0.75), (w, h * 0.5), (w, h),
                   (0, h)], fill=tuple(int(v) for v in rng.integers(20, 160, 3)))
        for _ in range(5):
            x, y = int(rng.integers(0, w - 100)), int(rng.integers(0, h - 100))
            d.ellipse((x, y, x + int(rng.integers(20, 200)), y + int(rng.integers(20, 200))),
                      fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
        if faces and i % 2 == 0:
            face = Image.open(faces[i % len(faces)]).convert("RGB").resize((160, 160))
            im.paste(face, (int(rng.integers(0, w - 160)), int(rng.integers(0, h - 160))))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=88)
        p = folder / f"img{i:04d}.jpg"
        p.write_bytes(buf.getvalue())
        paths.append(p)
    return paths


# -- work functions (module level: they run in worker processes) ---------------------------------------------
_analyser = None
_detector = None


def _init_content() -> None:
    global _analyser, _detector
    from harrier.detect.image.content import ContentAnalyser, ImageContentDetector

    _analyser = ContentAnalyser()
    _detector = ImageContentDetector()
    _detector.analyser = _analyser


def hash_provenance(path: Path) -> str:
    """What the pipeline's hash + provenance detectors do per image: fast PDQ (draft decode), MD5, SHA-256,
    every provenance marker."""
    from harrier.detect.hashing.pdq import hash_bytes
    from harrier.detect.image.provenance import read_provenance

    data = path.read_bytes()
    h = hash_bytes(data, fast=True)
    read_provenance(path, data=data)
    return h.pdq


def hash_provenance_reference(path: Path) -> str:
    from harrier.detect.hashing.pdq import hash_bytes
    from harrier.detect.image.provenance import read_provenance

    data = path.read_bytes()
    h = hash_bytes(data, fast=False)
    read_provenance(path, data=data)
    return h.pdq


def content_detector(path: Path) -> int:
    """The pipeline's image.content detector on one image (JPEG draft decode, faces, age, nudity)."""
    from harrier.detect.base import MediaInput

    assert _detector is not None
    return len(_detector.detect([MediaInput(media_id=path.stem, post_id="p", type="image", path=path,
                                            sha256=None)]))


def full_scan(path: Path) -> int:
    """``harrier image scan`` on one image: full decode, provenance, reference PDQ, faces/age/nudity."""
    from harrier.detect.image.scan import scan_file

    rec = scan_file(path, _analyser)
    assert rec["error"] is None, rec["error"]
    return len(rec["faces"])


def pipeline_full(path: Path) -> int:
    """Everything the pipeline runs per image: hash + provenance + image.content."""
    hash_provenance(path)
    return content_detector(path)


def timed(fn: Callable[[Path], object], path: Path) -> float:
    """CPU seconds the worker spent on one image (threads included): with other work running on the box, wall
    time measures our share of the CPU, CPU time measures our cost."""
    t = time.process_time()
    fn(path)
    return time.process_time() - t


def run(fn: Callable[[Path], object], paths: list[Path], workers: int,
        init: Callable[[], None] | None) -> tuple[float, float]:
    """(images/s wall clock, CPU ms per image)."""
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=init) as ex:
        list(ex.map(partial(timed, fn), paths[: workers * 2]))  # warm-up: models load, caches fill
        t = time.perf_counter()
        cpu = list(ex.map(partial(timed, fn), paths, chunksize=4))
        return len(paths) / (time.perf_counter() - t), 1000 * sum(cpu) / len(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    print(f"cpu: {os.cpu_count()} cores; load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_images(Path(tmp), args.n)
        mb = sum(p.stat().st_size for p in paths) / len(paths) / 1e6
        print(f"{len(paths)} generated {SIZE[0]}x{SIZE[1]} JPEGs, {mb:.2f} MB each, workers={args.workers}")
        modes: list[tuple[str, Callable[[Path], object], Callable[[], None] | None, float]] = [
            ("(a) hash + provenance [pipeline: fast PDQ]", hash_provenance, None, 150),
            ("(a) hash + provenance [reference PDQ, full decode]", hash_provenance_reference, None, 150),
            ("(b) image.content detector [draft decode, faces+age+nudity]", content_detector, _init_content, 15),
            ("(b) pipeline full: hash + provenance + image.content", pipeline_full, _init_content, 15),
            ("(b) harrier image scan [full decode, everything]", full_scan, _init_content, 15),
        ]
        cores = os.cpu_count() or 1
        for name, fn, init, goal in modes:
            rate, cpu_ms = run(fn, paths, args.workers, init)
            idle = cores * 1000 / cpu_ms
            print(f"{name}: {rate:.1f} images/s measured; {cpu_ms:.1f} CPU ms/image = {idle:.0f} images/s on "
                  f"{cores} idle cores (goal >= {goal}: {'OK' if max(rate, idle) >= goal else 'BELOW GOAL'})")
            sys.stdout.flush()
        single, cpu_ms = run(content_detector, paths[: max(20, args.n // 4)], 1, _init_content)
        print(f"(b) image.content detector, 1 worker: {single:.1f} images/s, {cpu_ms:.1f} CPU ms/image")
    print_peak_memory()


def print_peak_memory() -> None:
    """Peak resident memory of this process and of its largest worker, and the load at the end (bench/audit.py too)."""
    kb_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kb_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak RSS: parent {kb_self / 1024:.0f} MiB, largest worker {kb_kids / 1024:.0f} MiB")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
