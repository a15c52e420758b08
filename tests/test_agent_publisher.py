"""The agent's publisher against Google's Pub/Sub emulator: attributes, claim-check, the
spool when Pub/Sub is unreachable and its resend on the next start, no extra copies."""

import json
import socket

from agent.publisher import SessionPublisher
from pipeline.decode import resolve_claim_check
from pipeline.emulator import create_resources
from pipeline.messages import Message
from tests.conftest import SAMPLES


def _record(session_id: str) -> dict:
    record = json.loads(next(p for p in SAMPLES if "hot_lead" in p.name).read_text())
    record["session"]["session_id"] = session_id
    return record


def _pull(subscription: str, expected: int) -> list:
    """The messages waiting: `expected` of them, then a last look for any extra copy."""
    from google.cloud import pubsub_v1

    subscriber, received = pubsub_v1.SubscriberClient(), []
    for attempt in range(12):
        done = len(received) >= expected
        response = subscriber.pull(subscription=subscription, max_messages=50,
                                   return_immediately=done, timeout=10)
        if response.received_messages:
            subscriber.acknowledge(subscription=subscription,
                                   ack_ids=[m.ack_id for m in response.received_messages])
            received += [m.message for m in response.received_messages]
        elif done or attempt == 11:
            break
    return received


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_record_is_published_once_with_the_contract_attributes(emulator, tmp_path) -> None:
    resources = create_resources(emulator.host, prefix="agent-publish")
    publisher = SessionPublisher(resources.topic, spool_dir=tmp_path / "spool")
    outcome = publisher.publish(_record("agent-pub-1"))
    assert outcome.status == "published" and outcome.message_id
    [message] = _pull(resources.subscription, 1)
    assert json.loads(message.data) == _record("agent-pub-1")
    attributes = dict(message.attributes)
    assert {k: attributes[k] for k in ("session_id", "schema_version", "event_type")} == {
        "session_id": "agent-pub-1", "schema_version": "1.0", "event_type": "session_completed"}
    assert attributes["agent_version"] and attributes["published_at"].endswith("Z")
    assert "payload_uri" not in attributes


def test_an_oversize_record_goes_by_claim_check(emulator, tmp_path) -> None:
    resources = create_resources(emulator.host, prefix="agent-claim")
    publisher = SessionPublisher(resources.topic, claim_check_uri=str(tmp_path / "claims"),
                                 max_message_bytes=2_000)
    outcome = publisher.publish(_record("agent-big-1"))
    assert outcome.status == "claim_check"
    [message] = _pull(resources.subscription, 1)
    assert message.data == b""
    assert message.attributes["payload_uri"] == outcome.path
    # The pipeline follows the pointer to the whole record.
    body = resolve_claim_check(Message(message.data, dict(message.attributes)))
    assert json.loads(body) == _record("agent-big-1")


def test_unreachable_pubsub_spools_and_the_next_start_sends_it(emulator, tmp_path,
                                                               monkeypatch) -> None:
    resources = create_resources(emulator.host, prefix="agent-spool")
    slept: list[float] = []
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", f"127.0.0.1:{_free_port()}")  # nobody there
    down = SessionPublisher(resources.topic, spool_dir=tmp_path / "spool", timeout=1.0,
                            sleep=slept.append)
    outcome = down.publish(_record("agent-spooled-1"))
    assert outcome.status == "spooled" and slept == [1.0, 2.0, 4.0]
    assert [p.name for p in (tmp_path / "spool").iterdir()] == ["agent-spooled-1.json"]
    monkeypatch.setenv("PUBSUB_EMULATOR_HOST", emulator.host)  # the next start: Pub/Sub is back
    up = SessionPublisher(resources.topic, spool_dir=tmp_path / "spool")
    assert up.resend_spool() == 1
    assert up.resend_spool() == 0  # sent once: the spool is empty now
    assert list((tmp_path / "spool").iterdir()) == []
    [message] = _pull(resources.subscription, 1)
    assert message.attributes["session_id"] == "agent-spooled-1"
    assert json.loads(message.data) == _record("agent-spooled-1")


def test_without_a_topic_records_are_kept_locally(tmp_path) -> None:
    publisher = SessionPublisher(None, records_dir=tmp_path / "records")
    outcome = publisher.publish(_record("agent-local-1"))
    assert outcome.status == "local"
    assert json.loads((tmp_path / "records" / "agent-local-1.json").read_text()) == _record(
        "agent-local-1")


def test_an_invalid_record_is_refused_before_it_leaves(tmp_path) -> None:
    record = _record("agent-bad-1")
    record["session"]["end_time"] = "not a time"
    publisher = SessionPublisher(None, records_dir=tmp_path / "records")
    try:
        publisher.publish(record)
    except ValueError as exc:
        assert "session.end_time" in str(exc)
    else:
        raise AssertionError("an invalid record was published")
    assert not (tmp_path / "records").exists()
