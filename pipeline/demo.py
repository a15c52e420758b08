"""`make demo`: the streaming job end to end on one machine, then a summary from the warehouse.

Starts Google's Pub/Sub emulator, creates the topic, subscription and dead-letter topic, starts
the job (DirectRunner, streaming), publishes generated sessions (some duplicated, some
malformed), waits until every one is accounted for (a row or a dead letter), stops the job and
prints what the warehouse holds. Without an emulator on this machine it says so and runs the
batch path over the same sessions instead.

    python -m pipeline.demo [--count 300] [--out data/demo]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from generator import generate_items, write_items
from pipeline.emulator import create_resources, find_emulator, start_emulator
from pipeline.local_run import (
    dead_letters,
    outbox_requests,
    outbox_sessions,
    publish_to_row_seconds,
    read_warehouse,
    start_streaming_job,
    stop_job,
    table_counts,
    wait_until,
)
from pipeline.publish import publish_payloads

WARM_UP = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="messages to publish (300)")
    parser.add_argument("--out", type=Path, default=Path("data/demo"), help="demo folder")
    parser.add_argument("--timeout", type=float, default=90, help="seconds to wait (90)")
    args = parser.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    items = list(generate_items(args.count, seed=7, duplicate_rate=0.05, malformed_rate=0.05,
                                end_date=date.today(), days=7))
    write_items(items, args.out / "published.jsonl")
    expected_sessions = len({i.session_id for i in items if i.label in ("valid", "duplicate")})
    expected_dead = sum(1 for i in items if i.label.startswith("malformed"))
    warehouse, dead_path = args.out / "warehouse.duckdb", args.out / "dead_letters.jsonl"

    script = find_emulator()
    started = time.monotonic()
    if script is None:
        print("No Pub/Sub emulator on this machine (needs google-cloud-cli-pubsub-emulator and "
              "Java 17): running the batch path over the same sessions instead.")
        subprocess.run([sys.executable, "-m", "pipeline.main", "--input_files",
                        str(args.out / "published.jsonl"), "--duckdb_path", str(warehouse),
                        "--dead_letter_path", str(dead_path),
                        "--outbox_dir", str(args.out / "outbox")], check=True)
        latencies = []
    else:
        latencies = _stream(items, args, warehouse, dead_path, script, expected_sessions,
                            expected_dead)
    elapsed = time.monotonic() - started
    _summary(warehouse, dead_path, len(items), expected_sessions, expected_dead, latencies,
             elapsed)
    _outbox_summary(args.out / "outbox")
    print(f"\nDashboard: make dashboard (voice-analytics dashboard --duckdb_path "
          f"{warehouse} --now latest), then open http://127.0.0.1:8050")
    accounted = table_counts(warehouse).get("sessions", 0) == expected_sessions and len(
        dead_letters(dead_path)) == expected_dead
    return 0 if accounted else 1


def _stream(items, args, warehouse: Path, dead_path: Path, script: Path,
            expected_sessions: int, expected_dead: int) -> list[float]:
    emulator = start_emulator(script, args.out / "emulator.log")
    job = None
    try:
        resources = create_resources(emulator.host)
        print(f"Pub/Sub emulator on {emulator.host}: {resources.topic}, "
              f"{resources.subscription}, dead letters to {resources.dead_letter_topic}")
        job = start_streaming_job(emulator.environment(), resources.subscription, warehouse,
                                  dead_path, args.out / "job.log")
        print(f"Streaming job started (pid {job.pid}); publishing {len(items)} messages...")
        # A few first, to see the job through its start-up; the latency figure is taken over
        # the rest, so it measures the running job, not Python and Beam starting.
        warm_up, rest = items[:WARM_UP], items[WARM_UP:]
        publish_payloads(resources.topic, ((i.payload, None) for i in warm_up))
        first = len({i.session_id for i in warm_up if i.label in ("valid", "duplicate")})
        wait_until(lambda: table_counts(warehouse).get("sessions", 0) >= first, 60, job)
        published = publish_payloads(resources.topic, ((i.payload, None) for i in rest))
        ok = wait_until(lambda: table_counts(warehouse).get("sessions", 0) >= expected_sessions
                        and len(dead_letters(dead_path)) >= expected_dead
                        and all(len(ids) >= expected_sessions
                                for ids in outbox_sessions(args.out / "outbox").values()),
                        args.timeout, job)
        if not ok:
            print(f"Not everything was accounted for within {args.timeout:g} s; "
                  f"see {args.out / 'job.log'}")
        return publish_to_row_seconds(warehouse, published)
    finally:
        if job is not None:
            stop_job(job)
        emulator.stop()


def _summary(warehouse: Path, dead_path: Path, published: int, expected_sessions: int,
             expected_dead: int, latencies: list[float], elapsed: float) -> None:
    counts = table_counts(warehouse)
    letters = dead_letters(dead_path)
    print(f"\nPublished {published} messages: {expected_sessions} distinct sessions, "
          f"{published - expected_sessions - expected_dead} redeliveries, {expected_dead} "
          f"malformed. Done in {elapsed:.1f} s.")
    print("Warehouse rows: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    if counts:
        tiers = read_warehouse(warehouse, "SELECT qualification_tier, count(*) FROM sessions "
                                          "GROUP BY 1 ORDER BY 1")
        outcomes = read_warehouse(warehouse, "SELECT call_outcome, count(*) FROM sessions "
                                             "GROUP BY 1 ORDER BY 2 DESC")
        booked = read_warehouse(warehouse, "SELECT count(*) FROM sessions WHERE meeting_booked")
        print("Tiers: " + ", ".join(f"{t} {n}" for t, n in tiers))
        print("Outcomes: " + ", ".join(f"{o} {n}" for o, n in outcomes))
        print(f"Meetings booked: {booked[0][0]}")
    print(f"Dead letters: {len(letters)}")
    for reason, n in Counter(letter.reason for letter in letters).most_common():
        print(f"  {n:3d}  {reason}")
    if latencies:
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"Publish -> warehouse row: p50 {statistics.median(latencies):.2f} s, "
              f"p95 {p95:.2f} s over {len(latencies)} sessions")
    verdict = "every message accounted for" if counts.get("sessions") == expected_sessions and (
        len(letters) == expected_dead) else "NOT every message accounted for"
    print(f"Result: {verdict}.")


def _outbox_summary(outbox: Path) -> None:
    """What Salesforce and Amplitude would have received (no credentials in a demo)."""
    print(f"\nNo Salesforce, Amplitude or alert credentials: request bodies are in {outbox}/")
    salesforce = outbox_requests(outbox, "salesforce")
    writes: Counter = Counter()
    for request in salesforce:
        for sub in request["body"]["compositeRequest"]:
            if sub["method"] != "GET":
                kinds = Counter(r["attributes"]["type"] for r in sub["body"]["records"])
                for kind, n in kinds.items():
                    writes[f"{sub['method']} {kind}"] += n
    print(f"  salesforce.jsonl: {len(salesforce)} composite requests; records: "
          + ", ".join(f"{k} {n}" for k, n in sorted(writes.items())))
    amplitude = outbox_requests(outbox, "amplitude")
    events = Counter(e["event_type"] for r in amplitude for e in r["events"])
    print(f"  amplitude.jsonl: {len(amplitude)} requests; events: "
          + ", ".join(f"{k} {n}" for k, n in events.most_common()))
    alerts = outbox_requests(outbox, "alerts")
    print(f"  alerts.jsonl: {len(alerts)} alerts: " + ", ".join(
        f"{destination} {n}" for destination, n in
        Counter(a["destination"] for a in alerts).most_common()))
    lead = next((r for request in salesforce for sub in request["body"]["compositeRequest"]
                 if sub["method"] == "POST" for r in sub["body"]["records"]
                 if r.get("Qualification_Tier__c") == "tier_1"), None)
    if lead:
        shown = {k: v for k, v in lead.items() if k.endswith("__c") and not isinstance(v, str)
                 or k in ("Qualification_Tier__c", "Industry_Vertical__c", "Current_Tool__c",
                          "Follow_Up_Priority__c", "Recommended_Owner__c")}
        print("  a tier 1 Lead as sent: " + ", ".join(f"{k}={v}" for k, v in shown.items()))


if __name__ == "__main__":
    raise SystemExit(main())
