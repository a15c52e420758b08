"""`voice-analytics analyze FILE|-`: the full analysis of one session record, as JSON."""

import argparse
import sys

import orjson

from pipeline.record_files import read_payloads
from schemas.validation import validate_payload
from transforms.analyze import analyze


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyze", help="print the analysis of one session record as JSON",
        description="Runs the nine analyzers; an invalid record exits 1 with the validator's "
        "problems on stderr.")
    parser.add_argument("file", metavar="FILE", help="a session record (.json), or - for stdin")
    parser.add_argument("--compact", action="store_true", help="one line instead of indented")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    payloads = list(read_payloads(args.file))
    if len(payloads) != 1:
        print(f"{args.file}: expected one session record, found {len(payloads)}", file=sys.stderr)
        return 1
    result = validate_payload(payloads[0].data)
    if not result.ok:
        print(f"{payloads[0].position}: invalid", file=sys.stderr)
        for problem in result.errors:
            print(f"  {problem}", file=sys.stderr)
        return 1
    analysis = analyze(result.record).model_dump(mode="json")
    option = 0 if args.compact else orjson.OPT_INDENT_2
    sys.stdout.buffer.write(orjson.dumps(analysis, option=option) + b"\n")
    return 0
