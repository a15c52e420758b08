"""`voice-analytics bench TARGET`: rerunnable benchmarks, each against a baseline in-process.

Every benchmark prints the rate of our code, the rate of a baseline doing comparable work in
the same process on the same data, and their ratio, so figures from different machines can
be compared by ratio rather than by seconds.
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from generator import generate_items, write_items
from schemas.validation import validate_payload

CONTRACT_SCHEMA = Path(__file__).parents[1] / "schemas" / "contract" / "session_record.schema.json"


@dataclass(frozen=True)
class Measurement:
    name: str
    items: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds else float("inf")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench", help="benchmarks: our rate, a baseline's rate in the same process, the ratio")
    parser.add_argument("target", choices=sorted(_TARGETS), help="what to measure")
    parser.add_argument("--count", type=int, default=None,
                        help="items per run (default: 10000 for generate, 2000 for validate)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median counts (3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    ours, baseline, unit = _TARGETS[args.target](args)
    print(f"bench {args.target} ({ours.items} {unit}, median of {args.repeat} runs)")
    for m in (ours, baseline):
        print(f"  {m.name:<44} {m.rate:>10,.0f} {unit}/s  {m.seconds:8.3f} s")
    print(f"  ratio ours/baseline: {ours.rate / baseline.rate:.2f}")
    return 0


def _median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _bench_generate(args: argparse.Namespace) -> tuple[Measurement, Measurement, str]:
    """Generate and write N records vs. serialising and writing one fixed record N times."""
    count = args.count or 10_000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sessions.jsonl"

        def generate() -> None:
            write_items(generate_items(count, args.seed), out)

        fixed = orjson.loads(next(generate_items(1, args.seed)).payload)
        copies = Path(tmp) / "copies.jsonl"

        def serialise_fixed() -> None:
            with copies.open("wb") as f:
                for _ in range(count):
                    f.write(orjson.dumps(fixed) + b"\n")

        ours = Measurement("generate + write (generator)", count,
                           _median_seconds(generate, args.repeat))
        baseline = Measurement("baseline: dump one fixed record N times", count,
                               _median_seconds(serialise_fixed, args.repeat))
    return ours, baseline, "records"


def _bench_validate(args: argparse.Namespace) -> tuple[Measurement, Measurement, str]:
    """Our validator (schema + semantic checks) vs. the `jsonschema` library (schema only)."""
    try:
        import jsonschema
    except ImportError:
        raise SystemExit("bench validate needs the dev extra: pip install -e '.[dev]'") from None
    count = args.count or 2_000
    payloads = [item.payload for item in generate_items(count, args.seed)]
    validator = jsonschema.Draft202012Validator(
        orjson.loads(CONTRACT_SCHEMA.read_bytes()),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )

    def ours() -> None:
        for payload in payloads:
            validate_payload(payload)

    def baseline() -> None:
        for payload in payloads:
            list(validator.iter_errors(orjson.loads(payload)))

    return (
        Measurement("validate_payload (schema + semantics)", count,
                    _median_seconds(ours, args.repeat)),
        Measurement("baseline: jsonschema Draft 2020-12", count,
                    _median_seconds(baseline, args.repeat)),
        "records",
    )


_TARGETS = {"generate": _bench_generate, "validate": _bench_validate}
