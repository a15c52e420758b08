"""`voice-analytics generate`: realistic synthetic session records for demos, load and faults."""

import argparse
import time
from collections import Counter
from datetime import date
from pathlib import Path

from generator import DEFAULT_END_DATE, generate_items, write_items


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="write synthetic session records (a folder of .json files, or one .jsonl)",
        description="Seeded and reproducible. A manifest beside the output labels every item "
        "(valid, duplicate, malformed:<kind>) so tests can check where it ended up.",
    )
    parser.add_argument("--count", type=int, required=True, help="items to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True,
                        help="PATH.jsonl for one JSON Lines file, else a folder of .json files")
    parser.add_argument("--duplicate-rate", type=float, default=0.0,
                        help="share re-delivered with the same session_id, 0-1 (default 0)")
    parser.add_argument("--malformed-rate", type=float, default=0.0,
                        help="share deliberately invalid, every kind labelled, 0-1 (default 0)")
    parser.add_argument("--turns", type=int, default=None,
                        help="exact transcript length of each session (default: varied)")
    parser.add_argument("--end-date", type=date.fromisoformat, default=DEFAULT_END_DATE,
                        help=f"last day of calls, YYYY-MM-DD (default {DEFAULT_END_DATE})")
    parser.add_argument("--days", type=int, default=30,
                        help="calls spread over this many days up to --end-date (default 30)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    for name in ("duplicate_rate", "malformed_rate"):
        if not 0 <= getattr(args, name) <= 1:
            raise SystemExit(f"--{name.replace('_', '-')} must be between 0 and 1")
    started = time.perf_counter()
    labels: Counter[str] = Counter()

    def counted(items):
        for item in items:
            labels[item.label] += 1
            yield item

    items = generate_items(
        args.count, args.seed, duplicate_rate=args.duplicate_rate,
        malformed_rate=args.malformed_rate, turns=args.turns, end_date=args.end_date,
        days=args.days,
    )
    manifest = write_items(counted(items), args.out)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{label} {n}" for label, n in sorted(labels.items()))
    print(f"wrote {sum(labels.values())} items to {args.out} in {elapsed:.2f} s ({summary})")
    print(f"manifest: {manifest}")
    return 0
