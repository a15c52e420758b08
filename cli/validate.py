"""`voice-analytics validate FILE...`: check session records against the contract."""

import argparse

from pipeline.record_files import read_payloads
from schemas.validation import validate_payload


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check session records (JSON, JSON Lines or -) against the contract",
        description="Exit 0 when every record is valid; otherwise list, per bad record, its "
        "position and each problem with its JSON path.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSON or JSONL file, or -")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    checked = invalid = warned = 0
    for source in args.files:
        for payload in read_payloads(source):
            checked += 1
            result = validate_payload(payload.data)
            if not result.ok:
                invalid += 1
            if result.warnings:
                warned += 1
            if args.quiet or (result.ok and not result.warnings):
                continue
            verdict = "invalid" if not result.ok else "valid, with warnings"
            print(f"{payload.position}: {verdict}")
            for problem in result.errors:
                print(f"  {problem}")
            for problem in result.warnings:
                print(f"  warning: {problem}")
    print(f"{checked} records checked: {checked - invalid} valid, {invalid} invalid, "
          f"{warned} with warnings")
    return 1 if invalid or not checked else 0
