"""The `voice-analytics` command: one entry point, one module per subcommand."""

import argparse
import sys

from cli import (
    alerts,
    analyze,
    bench,
    dashboard,
    evaluate,
    generate,
    reanalyze,
    replay_dlq,
    retention,
    validate,
)

SUBCOMMANDS = (validate, generate, analyze, evaluate, replay_dlq, reanalyze, bench, alerts,
               retention, dashboard)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voice-analytics",
        description="Session records of the voice trial agent: validate, generate, analyze, "
        "evaluate, measure.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `voice-analytics validate ... | head` is not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
