"""``python -m harrier.independent_b --out DIR --seed N [--accounts 8000] [--faces DIR] [--graph CSV]``."""

from __future__ import annotations

import argparse
import json
import sys
import time

from harrier.independent_b.generator import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harrier.independent_b", description=__doc__)
    parser.add_argument("--out", required=True, help="export folder to write (created; must be empty or absent)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--accounts", type=int, default=8000)
    parser.add_argument("--faces", default=None, help="folder with labels.csv and images/, or 'none' for drawn faces")
    parser.add_argument("--graph", default=None,
                        help="edge list CSV (node_1,node_2), or 'synthetic'; default: the Deezer Europe fixture, "
                        "or a synthetic graph when that is absent")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    truth = generate(args.out, seed=args.seed, accounts=args.accounts, faces=args.faces, graph=args.graph)
    if not args.quiet:
        summary = dict(truth["generator"])
        summary["seconds"] = round(time.perf_counter() - started, 1)
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
