"""Run the streaming job locally as a separate process, and watch what it has written.

The demo and the end-to-end tests use these: the job runs exactly as a user would start it
(`python -m pipeline.main --streaming ...`), and the watcher reads DuckDB between the job's
writes (the job holds the file only while it writes a batch).
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import orjson

from pipeline.messages import DeadLetter


def start_streaming_job(env: dict[str, str], subscription: str, duckdb_path: Path | None,
                        dead_letter_path: Path, log_path: Path,
                        extra_args: tuple[str, ...] = ()) -> subprocess.Popen:
    """The job into DuckDB at `duckdb_path`, or, with `duckdb_path` None, into whatever
    warehouse `extra_args` names (e.g. --warehouse bigquery --bigquery_dataset P:D)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")  # noqa: SIM115 - the job writes to it while it runs
    warehouse = ("--warehouse", "duckdb", "--duckdb_path", str(duckdb_path)) if duckdb_path \
        else ()
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.main", "--streaming",
         "--input_subscription", subscription, *warehouse,
         "--dead_letter_path", str(dead_letter_path),
         "--outbox_dir", str(dead_letter_path.parent / "outbox"), *extra_args],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_job(job: subprocess.Popen, hard: bool = False) -> None:
    """Stop the job: SIGTERM (or SIGKILL with `hard`, to simulate a crash) to its group."""
    if job.poll() is not None:
        return
    os.killpg(job.pid, signal.SIGKILL if hard else signal.SIGTERM)
    try:
        job.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(job.pid, signal.SIGKILL)
        job.wait()


def read_warehouse(path: Path, query: str, attempts: int = 50) -> list[tuple]:
    """Run a read-only query, waiting out the job's brief write locks."""
    for _ in range(attempts):
        try:
            with duckdb.connect(str(path), read_only=True) as con:
                return con.execute(query).fetchall()
        except duckdb.IOException:
            time.sleep(0.1)
    raise TimeoutError(f"{path} stayed locked for {attempts * 0.1:.0f} s")


def table_counts(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    tables = ("sessions", "transcripts", "metrics", "analysis_results", "leads")
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
    try:
        return dict(read_warehouse(path, query))
    except duckdb.CatalogException:  # the job has not created its tables yet
        return {}


def dead_letters(path: Path) -> list[DeadLetter]:
    if not path.exists():
        return []
    return [DeadLetter.from_json(line) for line in path.read_bytes().splitlines() if line]


def wait_until(done: Callable[[], bool], timeout_s: float, job: subprocess.Popen | None = None,
               poll_s: float = 0.5) -> bool:
    """Poll `done()` until true or the time is up (or the job died). True if done."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if done():
            return True
        if job is not None and job.poll() is not None:
            return False
        time.sleep(poll_s)
    return done()


def publish_to_row_seconds(warehouse: Path, published) -> list[float]:
    """Per session, seconds from publishing to its row being built for the warehouse
    (`sessions.created_at`), first delivery only; sorted."""
    sent: dict[str, float] = {}
    for message in published:
        if message.session_id and message.session_id not in sent:
            sent[message.session_id] = message.published_at
    rows = read_warehouse(warehouse, "SELECT session_id, epoch(created_at) FROM sessions")
    return sorted(created - sent[sid] for sid, created in rows if sid in sent)


def outbox_requests(outbox_dir: Path, sink: str) -> list[dict]:
    """The request bodies a sink without credentials wrote (see pipeline/outbox.py)."""
    path = Path(outbox_dir) / f"{sink}.jsonl"
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def outbox_sessions(outbox_dir: Path) -> dict[str, set[str]]:
    """Session ids each sink's outbox covers: Voice_Call__c upserts, session-completed events."""
    salesforce = {record["Session_Id__c"]
                  for request in outbox_requests(outbox_dir, "salesforce")
                  for sub in request["body"]["compositeRequest"]
                  if "/Voice_Call__c/" in sub["url"] for record in sub["body"]["records"]}
    amplitude = {event["event_properties"]["session_id"]
                 for request in outbox_requests(outbox_dir, "amplitude")
                 for event in request["events"]
                 if event["event_type"] == "voice_trial_session_completed"}
    return {"salesforce": salesforce, "amplitude": amplitude}
