"""`voice-analytics bench streaming`: publish -> warehouse row latency on the Pub/Sub emulator.

Publishes at a steady rate (not a burst, which would measure the queue) after a warm-up,
and reports p50/p95 over the sessions, next to the same sessions' analysis time in-process
as the baseline share of that latency.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from generator import generate_items
from pipeline.emulator import create_resources, find_emulator, start_emulator
from pipeline.local_run import (
    publish_to_row_seconds,
    start_streaming_job,
    stop_job,
    table_counts,
    wait_until,
)
from pipeline.publish import publish_payloads
from schemas.validation import parse_record
from transforms.analyze import analyze

WARM_UP = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rate", type=float, default=20.0,
                        help="streaming: sessions published per second (default 20)")


def run(args: argparse.Namespace) -> int:
    script = find_emulator()
    if script is None:
        raise SystemExit("bench streaming needs Google's Pub/Sub emulator (Debian package "
                         "google-cloud-cli-pubsub-emulator, Java 17)")
    count = args.count or 500
    items = list(generate_items(count + WARM_UP, args.seed))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        emulator = start_emulator(script, folder / "emulator.log")
        job = None
        try:
            resources = create_resources(emulator.host, prefix="bench")
            warehouse = folder / "w.duckdb"
            job = start_streaming_job(emulator.environment(), resources.subscription,
                                      warehouse, folder / "dead.jsonl", folder / "job.log")
            publish_payloads(resources.topic, ((i.payload, None) for i in items[:WARM_UP]))
            wait_until(lambda: table_counts(warehouse).get("sessions", 0) >= WARM_UP, 60, job)
            published = []
            started = time.monotonic()
            for n, item in enumerate(items[WARM_UP:]):
                published += publish_payloads(resources.topic, [(item.payload, None)])
                time.sleep(max(0.0, started + (n + 1) / args.rate - time.monotonic()))
            wait_until(lambda: table_counts(warehouse).get("sessions", 0) >= len(items), 120,
                       job)
            latencies = publish_to_row_seconds(warehouse, published)
        finally:
            if job is not None:
                stop_job(job)
            emulator.stop()
    analysis = []
    for item in items[WARM_UP:]:
        record = parse_record(item.payload)
        begun = time.perf_counter()
        analyze(record)
        analysis.append(time.perf_counter() - begun)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"bench streaming ({len(latencies)} of {count} sessions at {args.rate:g}/s on the "
          "emulator, DirectRunner)")
    print(f"  publish -> warehouse row   p50 {statistics.median(latencies):.2f} s   "
          f"p95 {p95:.2f} s   max {latencies[-1]:.2f} s")
    print(f"  baseline: analysis alone, same sessions, in-process: median "
          f"{statistics.median(analysis) * 1000:.2f} ms")
    return 0 if len(latencies) == count else 1
