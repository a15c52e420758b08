"""The job with the Amplitude sink against the local Amplitude API (localapis/amplitude.py):
every event and property of spec 5 arrives, repeats change nothing, failures are survived or
dead-lettered, and no user is throttled."""

import copy
import json
from collections import Counter
from pathlib import Path

import pytest

from localapis.amplitude import AmplitudeServer
from pipeline.local_run import dead_letters
from pipeline.main import run
from tests.conftest import SAMPLES
from tests.spec import amplitude_events, amplitude_user_properties

API_KEY = "local-amplitude-key"
PROPERTY_TYPES = {
    "session_id": str, "duration_seconds": (int, float), "turn_count": int,
    "qualification_tier": str, "engagement_score": (int, float), "sentiment": str,
    "meeting_booked": bool, "tool_calls_count": int, "query": str, "results_found": bool,
    "total_results": int, "category": str, "meeting_time": str, "preferred_date": str,
    "preferred_time": str, "success": bool, "feature_name": str, "interest_level": str,
    "context": str, "quality_score": (int, float), "turn_balance": (int, float),
    "interruption_count": int, "dead_air_percentage": (int, float), "natural_ending": bool,
    "avg_latency_ms": (int, float), "p95_latency_ms": (int, float),
    "max_latency_ms": (int, float), "avg_llm_ttft_ms": (int, float),
    "avg_tts_ttfb_ms": (int, float), "total_tokens": int,
    "team_size": int, "monthly_volume": int, "industry": str, "location": str,
    "lead_score": (int, float), "last_call_date": str, "total_calls": int,
}


@pytest.fixture
def amplitude(monkeypatch):
    with AmplitudeServer(api_keys=[API_KEY]) as server:
        monkeypatch.setenv("AMPLITUDE_API_KEY", API_KEY)
        monkeypatch.setenv("AMPLITUDE_SERVER_URL", server.http_api_url)
        yield server


def _job(tmp_path: Path, source: str, *extra: str) -> Path:
    dead = tmp_path / "dead.jsonl"
    run(["--input_files", source, "--duckdb_path", str(tmp_path / "w.duckdb"),
         "--dead_letter_path", str(dead), "--sinks", "amplitude",
         "--outbox_dir", str(tmp_path / "outbox"), *extra])
    return dead


def _samples(tmp_path: Path, copies: int = 1) -> str:
    """The contract's samples, each `copies` times as separate calls (new session ids)."""
    path = tmp_path / "sessions.jsonl"
    with path.open("w") as out:
        for sample in SAMPLES:
            record = json.loads(sample.read_text())
            for n in range(copies):
                call = copy.deepcopy(record)
                call["session"]["session_id"] += f"-{n}" if copies > 1 else ""
                out.write(json.dumps(call) + "\n")
    return str(path)


def test_every_event_and_property_of_the_spec_arrives_typed(amplitude, tmp_path) -> None:
    dead = _job(tmp_path, _samples(tmp_path))
    assert not dead.exists() or dead_letters(dead) == []
    by_type: dict[str, list[dict]] = {}
    for event in amplitude.events:
        by_type.setdefault(event["event_type"], []).append(event)
    spec = amplitude_events()
    assert set(spec) | {"$identify"} == set(by_type)
    for event_type, properties in spec.items():
        seen = {name for e in by_type[event_type] for name in e["event_properties"]}
        assert set(properties) <= seen, (event_type, set(properties) - seen)
        for event in by_type[event_type]:
            for name, value in event["event_properties"].items():
                assert isinstance(value, PROPERTY_TYPES[name]), (event_type, name, value)
    # One knowledge_base_searched per search, one session-completed per session.
    records = [json.loads(s.read_text()) for s in SAMPLES]
    searches = sum(1 for r in records for c in r["tool_calls"]
                   if c["name"] == "unleash_search_knowledge")
    assert len(by_type["knowledge_base_searched"]) == searches
    assert len(by_type["voice_trial_session_completed"]) == len(records)
    hot = next(r for r in records if r["session"]["session_id"].endswith("5e0a7b31"))
    properties = amplitude.user_properties(hot["session"]["user_email"])
    assert set(properties) == set(amplitude_user_properties())
    assert properties["total_calls"] == 1
    for name, value in properties.items():
        assert isinstance(value, PROPERTY_TYPES[name]), (name, value)


def test_a_redelivered_session_changes_nothing(amplitude, tmp_path) -> None:
    source = _samples(tmp_path)
    _job(tmp_path, source)
    stored = copy.deepcopy(amplitude.events)
    _job(tmp_path, source)
    assert amplitude.events == stored
    assert amplitude.duplicates_dropped == len(stored)


def test_user_properties_come_from_the_warehouse_not_increments(amplitude, tmp_path) -> None:
    _job(tmp_path, _samples(tmp_path, copies=3))  # each caller called three times
    hot = json.loads(SAMPLES[1].read_text())
    assert amplitude.user_properties(hot["session"]["user_email"])["total_calls"] == 3


def test_5xx_bursts_and_throttling_are_survived_with_nothing_lost(amplitude, tmp_path) -> None:
    amplitude.fail_next(2, "server_error")
    amplitude.fail_next(1, "throttle")
    amplitude.fail_next(1, "bad_gateway")
    amplitude.fail_next(1, "too_large")  # the SDK halves the batch and sends it again
    dead = _job(tmp_path, _samples(tmp_path))
    assert not dead.exists() or dead_letters(dead) == []
    statuses = Counter(r["status"] for r in amplitude.requests)
    assert [statuses[code] for code in (503, 429, 502, 413)] == [2, 1, 1, 1]
    completed = [e for e in amplitude.events if e["event_type"] == "voice_trial_session_completed"]
    assert len(completed) == len(SAMPLES)


def test_no_user_is_sent_more_than_30_events_a_second(amplitude, tmp_path) -> None:
    # Ten calls of the same caller: about 100 events for one user in one bundle.
    _job(tmp_path, _samples(tmp_path, copies=10))
    assert {r["status"] for r in amplitude.requests} == {200}
    completed = [e for e in amplitude.events if e["event_type"] == "voice_trial_session_completed"]
    assert len(completed) == 10 * len(SAMPLES)


def test_refused_events_dead_letter_their_sessions(amplitude, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AMPLITUDE_API_KEY", "not-a-key-of-this-project")
    dead = _job(tmp_path, _samples(tmp_path))
    letters = dead_letters(dead)
    assert len(letters) == len(SAMPLES)
    assert {letter.step for letter in letters} == {"WriteAmplitude"}
    assert all("invalid api key" in letter.error.lower() for letter in letters), letters[0].error
    assert "not-a-key" not in " ".join(letter.error for letter in letters)  # no secret echoed
    assert all(json.loads(letter.data)["session"]["session_id"] for letter in letters)
    assert amplitude.events == []


def test_events_amplitude_refuses_dead_letter_their_session_only(amplitude, tmp_path) -> None:
    records = [json.loads(s.read_text()) for s in SAMPLES]
    anonymous = next(r for r in records if not r["session"]["user_email"]
                     and not any(c["name"] == "book_sales_meeting" for c in r["tool_calls"]))
    anonymous["session"]["participant_id"] = "anonymous"  # an id Amplitude blocks
    source = tmp_path / "sessions.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    letters = dead_letters(_job(tmp_path, str(source)))
    assert [letter.session_id for letter in letters] == [anonymous["session"]["session_id"]]
    assert "HTTP 400" in letters[0].error
    completed = [e for e in amplitude.events if e["event_type"] == "voice_trial_session_completed"]
    assert len(completed) == len(records) - 1


def test_without_credentials_the_outbox_holds_the_request_bodies(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("AMPLITUDE_API_KEY", raising=False)
    _job(tmp_path, _samples(tmp_path))
    lines = (tmp_path / "outbox" / "amplitude.jsonl").read_text().splitlines()
    bodies = [json.loads(line) for line in lines]
    events = [e for body in bodies for e in body["events"]]
    assert all(len(body["events"]) <= 2000 for body in bodies)
    assert {e["event_type"] for e in events} == set(amplitude_events()) | {"$identify"}
    assert len({e["insert_id"] for e in events}) == len(events)


def test_a_reply_that_is_not_json_dead_letters_at_once(amplitude, tmp_path) -> None:
    # The SDK cannot parse the reply and drops the batch without a callback.
    amplitude.fail_next(1, "not_json")
    records = [json.loads(s.read_text()) for s in SAMPLES]
    source = tmp_path / "sessions.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    letters = dead_letters(_job(tmp_path, str(source)))
    assert {letter.session_id for letter in letters} == {
        r["session"]["session_id"] for r in records}
    assert all("send failed: JSONDecodeError" in letter.error for letter in letters)
