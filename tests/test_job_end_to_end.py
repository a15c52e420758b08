"""The whole job: batch over files, and streaming on Google's Pub/Sub emulator.

Every valid session must be exactly once in each table, every malformed message in the dead
letters with its reason and original bytes, and the counts must add up to what was sent.
"""

import json
from collections import Counter
from pathlib import Path

from generator import generate_items, write_items
from pipeline.emulator import create_resources
from pipeline.local_run import (
    dead_letters,
    outbox_requests,
    outbox_sessions,
    read_warehouse,
    start_streaming_job,
    stop_job,
    table_counts,
    wait_until,
)
from pipeline.main import run
from pipeline.messages import DeadLetter
from pipeline.publish import publish_payloads

TABLE_KEYS = {"sessions": "session_id", "transcripts": "session_id", "metrics": "id",
              "analysis_results": "session_id", "leads": "email"}


def _assert_exactly_once(warehouse: Path, session_ids: set[str]) -> None:
    for table, key in TABLE_KEYS.items():
        total, distinct = read_warehouse(
            warehouse, f"SELECT count(*), count(DISTINCT {key}) FROM {table}")[0]
        assert total == distinct, f"{table} has repeated {key}s"
    stored = {row[0] for row in read_warehouse(warehouse, "SELECT session_id FROM sessions")}
    assert stored == session_ids
    for table in ("transcripts", "analysis_results"):
        in_table = {row[0] for row in read_warehouse(warehouse, f"SELECT session_id FROM {table}")}
        assert in_table == session_ids, table
    with_metrics = {row[0] for row in read_warehouse(
        warehouse, "SELECT DISTINCT session_id FROM metrics")}
    assert with_metrics <= session_ids  # a call with no agent turn has no metrics rows
    calls = read_warehouse(warehouse, "SELECT sum(total_calls) FROM leads")[0][0] or 0
    with_email = read_warehouse(warehouse, "SELECT count(*) FROM sessions "
                                           "WHERE user_email IS NOT NULL")[0][0]
    assert calls == with_email


def _items(count: int, seed: int):
    return list(generate_items(count, seed, duplicate_rate=0.1, malformed_rate=0.1))


def _valid_ids(items) -> set[str]:
    return {i.session_id for i in items if i.label in ("valid", "duplicate")}


def _malformed(items) -> dict[bytes, str]:
    return {i.payload: i.label for i in items if i.label.startswith("malformed")}


def test_batch_job_over_files_is_exact_and_idempotent(tmp_path) -> None:
    items = _items(150, seed=21)
    source = tmp_path / "sessions.jsonl"
    write_items(items, source)
    warehouse, dead = tmp_path / "w.duckdb", tmp_path / "dead.jsonl"
    args = ["--input_files", str(source), "--duckdb_path", str(warehouse),
            "--dead_letter_path", str(dead), "--outbox_dir", str(tmp_path / "outbox")]
    run(args)
    counts = table_counts(warehouse)
    _assert_exactly_once(warehouse, _valid_ids(items))
    letters = dead_letters(dead)
    assert {letter.data: letter.step for letter in letters} == {
        payload: "DecodeAndValidate" for payload in _malformed(items)}
    manifest = [json.loads(line) for line in Path(f"{source}.manifest.jsonl").read_text()
                .splitlines()]
    by_line = {f"{source}:{entry['line']}": entry["label"] for entry in manifest}
    assert all(by_line[letter.source].startswith("malformed:") for letter in letters)

    run(args)  # a backfill run again over the same input changes nothing
    assert table_counts(warehouse) == counts


def _accounted(warehouse: Path, dead: Path, sessions: int, malformed: set[bytes]):
    return lambda: (table_counts(warehouse).get("sessions", 0) >= sessions
                    and malformed <= {letter.data for letter in dead_letters(dead)})


def _state(warehouse: Path, dead: Path, log: Path) -> str:
    """What the job had done, for a failure message."""
    return (f"tables {table_counts(warehouse)}, {len(dead_letters(dead))} dead letters; "
            f"job log tail:\n{log.read_text()[-2000:]}")


def test_streaming_job_on_the_emulator_loses_and_doubles_nothing(emulator, tmp_path) -> None:
    resources = create_resources(emulator.host, prefix="e2e")
    items = _items(120, seed=31)
    warehouse, dead = tmp_path / "w.duckdb", tmp_path / "dead.jsonl"
    job = start_streaming_job(emulator.environment(), resources.subscription, warehouse, dead,
                              tmp_path / "job.log",
                              ("--dead_letter_topic", resources.dead_letter_topic))
    try:
        publish_payloads(resources.topic, ((i.payload, None) for i in items))
        malformed = _malformed(items)
        assert wait_until(_accounted(warehouse, dead, len(_valid_ids(items)), set(malformed)),
                          120, job), _state(warehouse, dead, tmp_path / "job.log")
        # The sinks after the warehouse (no credentials here: their outbox) got every session.
        assert wait_until(lambda: all(ids >= _valid_ids(items) for ids in outbox_sessions(
            tmp_path / "outbox").values()), 60, job), _state(warehouse, dead, tmp_path / "job.log")
    finally:
        stop_job(job)
    _assert_exactly_once(warehouse, _valid_ids(items))
    assert outbox_sessions(tmp_path / "outbox") == {"salesforce": _valid_ids(items),
                                                    "amplitude": _valid_ids(items)}
    requests = outbox_requests(tmp_path / "outbox", "salesforce")
    assert len(requests) <= 3 * 12  # grouped in streaming: not three calls per session
    letters = dead_letters(dead)
    assert len(letters) == len(malformed)  # one per malformed message, none for duplicates
    assert Counter(malformed[letter.data].split(":")[0] for letter in letters) == {
        "malformed": len(malformed)}
    assert all(letter.error and letter.step == "DecodeAndValidate" for letter in letters)
    # The same dead letters went to the dead-letter topic, with step and reason attributes.
    from google.cloud import pubsub_v1

    subscriber, on_topic = pubsub_v1.SubscriberClient(), []
    while len(on_topic) < len(malformed):
        pulled = subscriber.pull(subscription=resources.dead_letter_subscription,
                                 max_messages=100, timeout=30).received_messages
        if not pulled:
            break
        on_topic += pulled
    assert {DeadLetter.from_json(m.message.data).data for m in on_topic} == set(malformed)
    assert {m.message.attributes["step"] for m in on_topic} == {"DecodeAndValidate"}


def test_killed_and_restarted_job_loses_and_doubles_nothing(emulator, tmp_path) -> None:
    resources = create_resources(emulator.host, prefix="restart", ack_deadline_seconds=10)
    items = _items(160, seed=41)
    first, second = items[:80], items[80:]
    warehouse, dead = tmp_path / "w.duckdb", tmp_path / "dead.jsonl"
    log = tmp_path / "job.log"
    job = start_streaming_job(emulator.environment(), resources.subscription, warehouse, dead,
                              log)
    try:
        publish_payloads(resources.topic, ((i.payload, None) for i in first))
        assert wait_until(lambda: table_counts(warehouse).get("sessions", 0) >= 10, 90, job), \
            _state(warehouse, dead, log)
    finally:
        stop_job(job, hard=True)  # SIGKILL mid-stream: no clean shutdown, unacked messages
    publish_payloads(resources.topic, ((i.payload, None) for i in second))
    job = start_streaming_job(emulator.environment(), resources.subscription, warehouse, dead,
                              log)
    try:
        assert wait_until(_accounted(warehouse, dead, len(_valid_ids(items)),
                                     set(_malformed(items))), 150, job), \
            f"job exit code {job.poll()}: " + _state(warehouse, dead, log)
    finally:
        stop_job(job)
    _assert_exactly_once(warehouse, _valid_ids(items))
    # Dead letters are at least once: a message dead-lettered just before the kill may be
    # redelivered and written again; none may be missing.
    assert {letter.data for letter in dead_letters(dead)} == set(_malformed(items))


def test_replay_dlq_republishes_original_bytes_and_attributes(emulator, tmp_path) -> None:
    from google.cloud import pubsub_v1

    from cli.main import main

    resources = create_resources(emulator.host, prefix="replay")
    dead = tmp_path / "dead.jsonl"
    letters = [DeadLetter("DecodeAndValidate", "$: not JSON", b"<html>502</html>",
                          {"event_type": "session_completed", "session_id": "s1"}),
               DeadLetter("WriteWarehouse", "$: warehouse write failed", b'{"a": 1}', {})]
    dead.write_bytes(b"".join(letter.to_json() + b"\n" for letter in letters))
    assert main(["replay-dlq", "--dead-letter-path", str(dead), "--topic",
                 resources.topic]) == 0
    subscriber = pubsub_v1.SubscriberClient()
    received = subscriber.pull(subscription=resources.subscription, max_messages=10,
                               timeout=30).received_messages
    assert sorted((m.message.data, dict(m.message.attributes)) for m in received) == sorted(
        (letter.data, letter.attributes) for letter in letters)


def test_demo_falls_back_to_the_batch_path_without_an_emulator(tmp_path) -> None:
    """With no Java on PATH the emulator cannot run: the demo says so and runs batch."""
    import os
    import subprocess
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {**os.environ, "PATH": str(bin_dir)}
    shown = subprocess.run([sys.executable, "-m", "pipeline.demo", "--count", "40", "--out",
                            str(tmp_path / "demo")], env=env, capture_output=True, text=True,
                           timeout=300)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "No Pub/Sub emulator on this machine" in shown.stdout
    assert "Result: every message accounted for." in shown.stdout
