"""`voice-analytics bench TARGET`: rerunnable benchmarks, each against a baseline in-process.

Every benchmark prints the rate of our code, the rate of a baseline doing comparable work in
the same process on the same data, and their ratio, so figures from different machines can
be compared by ratio rather than by seconds.
"""

import argparse
import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from cli import bench_dashboard, bench_sinks, bench_streaming
from generator import generate_items, write_items
from schemas.validation import parse_record, validate_payload
from transforms.analyze import STEPS, analyze

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
    parser.add_argument("target", choices=sorted([*_TARGETS, "streaming", "sinks", "dashboard"]),
                        help="what to measure")
    parser.add_argument("--count", type=int, default=None,
                        help="items per run (default: 10000 generate and pipeline, 2000 "
                             "validate, 500 analyze, 1000 sinks)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median counts (3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    bench_streaming.add_arguments(parser)
    bench_dashboard.add_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.target == "streaming":
        return bench_streaming.run(args)
    if args.target == "sinks":
        return bench_sinks.run(args)
    if args.target == "dashboard":
        return bench_dashboard.run(args)
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


def _bench_analyze(args: argparse.Namespace) -> tuple[Measurement, Measurement, str]:
    """All nine analyzers on 40-turn sessions vs. validating the same sessions.

    Prints each analyzer's own rate too (with the shared conversation view already built, so
    the view's cost shows once, in the all-nine figure) and the median time per session.
    """
    count = args.count or 500
    payloads = [item.payload for item in generate_items(count, args.seed, turns=40)]

    def fresh():  # a new record has no cached conversation view
        return [parse_record(p) for p in payloads]

    per_session: list[float] = []

    def all_nine() -> None:
        for record in fresh_records.pop():
            started = time.perf_counter()
            analyze(record)
            per_session.append(time.perf_counter() - started)

    fresh_records = [fresh() for _ in range(max(1, args.repeat))]
    records = fresh()
    reports = [dict() for _ in records]
    # The fixtures are not the workload: keep the collector from rescanning them mid-run,
    # as a worker holding one bundle at a time would not have them either.
    gc.collect()
    gc.freeze()
    ours = Measurement("all nine analyzers", count, _median_seconds(all_nine, args.repeat))

    print(f"bench analyze: each analyzer alone ({count} sessions of 40 turns, collector paused "
          "so one step's garbage is not billed to the next)")
    gc.disable()
    for step in STEPS:
        started = time.perf_counter()
        for record, done in zip(records, reports, strict=True):
            done[step.name] = step.run(record, done)
        seconds = time.perf_counter() - started
        print(f"  {step.name:<44} {count / seconds:>10,.0f} sessions/s")
    gc.enable()
    per_session.sort()
    print(f"  median per session, all nine: {statistics.median(per_session) * 1000:.2f} ms "
          f"(p95 {per_session[int(0.95 * (len(per_session) - 1))] * 1000:.2f} ms)")

    def validate_only() -> None:
        for payload in payloads:
            validate_payload(payload)

    baseline = Measurement("baseline: validate the same records", count,
                           _median_seconds(validate_only, args.repeat))
    return ours, baseline, "sessions"


def _bench_pipeline(args: argparse.Namespace) -> tuple[Measurement, Measurement, str]:
    """The whole batch job on the local runner vs. a plain loop doing the same work.

    Both read the same JSONL, validate, keep one delivery per session, analyse, build the
    rows and upsert them into a fresh DuckDB file in batches of 500.
    """
    from pipeline.duckdb_warehouse import DuckDBWarehouse
    from pipeline.main import run as run_job
    from pipeline.rows import session_rows

    count = args.count or 10_000
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "sessions.jsonl"
        write_items(generate_items(count, args.seed), source)
        runs = iter(range(1_000))

        def job() -> None:
            n = next(runs)
            run_job(["--input_files", str(source), "--duckdb_path", f"{tmp}/job{n}.duckdb",
                     "--dead_letter_path", f"{tmp}/dead{n}.jsonl", "--sinks", "none"])

        def plain_loop() -> None:
            warehouse = DuckDBWarehouse(f"{tmp}/loop{next(runs)}.duckdb")
            warehouse.create_tables()
            seen, batch = set(), []
            for line in source.read_bytes().splitlines():
                result = validate_payload(line)
                if not result.ok or result.record.session_id in seen:
                    continue
                seen.add(result.record.session_id)
                batch.append(session_rows(result.record, analyze(result.record)))
                if len(batch) == 500:
                    warehouse.write(batch)
                    batch = []
            if batch:
                warehouse.write(batch)

        ours = Measurement("batch job (FnApiRunner, one process)", count,
                           _median_seconds(job, args.repeat))
        baseline = Measurement("baseline: plain Python loop, same work", count,
                               _median_seconds(plain_loop, args.repeat))
    return ours, baseline, "sessions"


_TARGETS = {"generate": _bench_generate, "validate": _bench_validate, "analyze": _bench_analyze,
            "pipeline": _bench_pipeline}
