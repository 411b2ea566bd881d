"""``python -m harrier.independent --out DIR --seed N [--accounts N] [--faces DIR] [--graph CSV]``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .generator import default_faces_dir, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harrier.independent",
                                     description="Write an independent evaluation platform (export + truth.json).")
    parser.add_argument("--out", type=Path, required=True, help="export folder to write")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--accounts", type=int, default=8000, help="accounts (nodes of the real graph)")
    parser.add_argument("--faces", type=Path, default=None,
                        help="face crops with labels.csv (default: $HARRIER_FACES_DIR, else the shared fixtures)")
    parser.add_argument("--graph", type=Path, default=None, help="edge list CSV (default: shipped Deezer Europe)")
    parser.add_argument("--phrases", type=Path, default=None,
                        help="a real-phrasing file (data/eval/README.md): its harmful remarks replace the generator's")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    faces = args.faces if args.faces is not None else default_faces_dir()
    if faces is None:
        # said where it is seen: a drawn-face platform's remarks differ from the real-face platform of the same seed
        # (the face draws shift every later draw) and its image readings too, so its figures compare with neither
        sys.stderr.write("faces: no face crops found (--faces, $HARRIER_FACES_DIR or ../shared/fixtures/faces beside "
                         "the checkout): drawing faces; this platform is not the real-face platform of this seed\n")
    truth = generate(args.out, args.seed, n_accounts=args.accounts, graph=args.graph, faces_dir=faces,
                     phrases=args.phrases)
    summary = {
        "out": str(args.out),
        "seconds": round(time.perf_counter() - started, 1),
        "harmful": len(truth["harmful"]),  # type: ignore[arg-type]
        "roles": {role: len(ids) for role, ids in truth["roles"].items()},  # type: ignore[attr-defined]
        "rings": {ring: len(ids) for ring, ids in truth["rings"].items()},  # type: ignore[attr-defined]
        "hard_negative": len(truth["hard_negative"]),  # type: ignore[arg-type]
        **truth["generator"],  # type: ignore[dict-item]
    }
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
