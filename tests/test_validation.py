"""The validator accepts every valid record and rejects each kind of invalid one by name."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from schemas.validation import InvalidRecord, json_path, parse_record, validate_payload
from tests.conftest import SAMPLES


def _payload(record: dict) -> bytes:
    return json.dumps(record).encode()


def _messages(result) -> list[str]:
    return [str(p) for p in result.errors]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_is_valid(sample: Path, contract_validator) -> None:
    raw = sample.read_bytes()
    result = validate_payload(raw)
    assert result.ok, _messages(result)
    assert result.warnings == ()
    assert list(contract_validator.iter_errors(json.loads(raw))) == []
    assert result.record.session_id == json.loads(raw)["session"]["session_id"]


def _set(path: tuple, value) -> Callable[[dict], None]:
    def mutate(record: dict) -> None:
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _drop(path: tuple) -> Callable[[dict], None]:
    def mutate(record: dict) -> None:
        target = record
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


def _append_tool(call) -> Callable[[dict], None]:
    return lambda record: record["tool_calls"].append(call)


# (mutation, the problem it must produce, whether the contract's JSON Schema sees it too)
INVALID = {
    "missing session_id": (_drop(("session", "session_id")), "session.session_id: required",
                           True),
    "missing transcript": (_drop(("transcript",)), "transcript: required", True),
    "missing turn text": (_drop(("transcript", 2, "text")), "transcript[2].text: required", True),
    "duration as string": (_set(("session", "duration_seconds"), "137.1"),
                           "session.duration_seconds: not a number", True),
    "duration as bool": (_set(("session", "duration_seconds"), True),
                         "session.duration_seconds: not a number", True),
    "index as string": (_set(("transcript", 3, "index"), "3"),
                        "transcript[3].index: not an integer", True),
    "interrupted as string": (_set(("transcript", 1, "interrupted"), "no"),
                              "transcript[1].interrupted: not a boolean", True),
    "transcript as object": (_set(("transcript",), {"0": "hi"}), "transcript: not an array", True),
    "time in words": (_set(("transcript", 3, "start_time"), "yesterday at 3pm"),
                      "transcript[3].start_time: not a date-time", True),
    "time without zone": (_set(("session", "start_time"), "2026-01-14T17:20:05"),
                          "session.start_time: not a date-time", True),
    "impossible date": (_set(("session", "end_time"), "2026-13-45T99:00:00Z"),
                        "session.end_time: not a date-time", True),
    "end before start": (_set(("session", "end_time"), "2026-01-14T17:00:00.000Z"),
                         "session.end_time: 1205.000 s before session.start_time", False),
    "search without query": (_drop(("tool_calls", 0, "query")), "tool_calls[0].query: required",
                             True),
    "results_found as string": (_set(("tool_calls", 0, "results_found"), "yes"),
                                "tool_calls[0].results_found: not a boolean", True),
    "tool call not an object": (_append_tool("book_sales_meeting"),
                                "tool_calls[2]: not an object", True),
    "tool name not a string": (_append_tool({"name": 7, "timestamp": "2026-01-14T17:21:00Z"}),
                               "tool_calls[2].name: not a string", True),
    "booking time in words": (_set(("tool_calls", 1, "preferred_time"), "10am"),
                              "tool_calls[1].preferred_time: does not match", True),
    "text of 5 MB": (_set(("transcript", 5, "text"), "about thirty a week " * 262_144),
                     "transcript[5].text: 5,242,880 characters, over the limit", False),
    "schema version 2": (_set(("schema_version",), "2.0"), "schema_version: does not match",
                         True),
    "metrics on a user turn": (_set(("metrics", 1, "turn_index"), 1),
                               "metrics[1].turn_index: 1 is a user turn", False),
    "metrics on no turn": (_set(("metrics", 1, "turn_index"), 99),
                           "metrics[1].turn_index: 99 is not a turn", False),
    "duplicate turn index": (_set(("transcript", 4, "index"), 3),
                             "transcript[4].index: 3 is used by an earlier turn", False),
    "negative latency": (_set(("metrics", 1, "total_latency_ms"), -5),
                         "metrics[1].total_latency_ms: below the minimum 0", True),
    "packet loss over 100": (_set(("connection_quality", "packet_loss_pct"), 150),
                             "connection_quality.packet_loss_pct: above the maximum 100", True),
    "unknown end reason": (_set(("session", "end_reason"), "hung_up"),
                           "session.end_reason: not one of", True),
    "team size as list": (_set(("discovered_signals", "team_size"), [18]),
                          "discovered_signals.team_size: not an integer, a string or null", True),
    "providers null": (_set(("providers",), None), "providers: not an object", True),
}


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_record_is_rejected_naming_the_field(case: str, hot_lead: dict,
                                                     contract_validator) -> None:
    mutate, expected, schema_sees_it = INVALID[case]
    mutate(hot_lead)
    result = validate_payload(_payload(hot_lead))
    assert not result.ok and result.record is None
    assert any(m.startswith(expected) for m in _messages(result)), _messages(result)
    schema_errors = list(contract_validator.iter_errors(hot_lead))
    assert bool(schema_errors) == schema_sees_it


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"schema_version": "1.0", "session": {\xff\xfe}}', "$: not UTF-8: invalid start byte"),
        (b"<html>502 Bad Gateway</html>", "$: not JSON"),
        (b'{"schema_version": "1.0", "session": ', "$: not JSON"),
        (b"", "$: not JSON"),
        (b'{"a": NaN}', "$: not JSON"),
        (b"[1, 2]", "$: not an object"),
        (b"null", "$: not an object"),
    ],
)
def test_undecodable_bodies_are_rejected_not_raised(raw: bytes, expected: str) -> None:
    result = validate_payload(raw)
    assert not result.ok
    assert _messages(result)[0].startswith(expected)


def test_invalid_utf8_inside_a_real_record(hot_lead: dict) -> None:
    raw = _payload(hot_lead).replace(b"About thirty", b"About \xc3\x28thirty")
    assert _messages(validate_payload(raw))[0].startswith("$: not UTF-8")


def test_newer_minor_version_with_unknown_fields_is_kept(hot_lead: dict) -> None:
    hot_lead["schema_version"] = "1.7"
    hot_lead["sentiment_hints"] = {"caller": "warm"}
    hot_lead["session"]["crm_account_id"] = "001XYZ"
    hot_lead["transcript"][0]["language"] = "en-US"
    hot_lead["tool_calls"][0]["latency_ms"] = 312
    result = validate_payload(_payload(hot_lead))
    assert result.ok, _messages(result)
    kept = result.record.model_dump(mode="json", exclude_unset=True)
    assert kept["sentiment_hints"] == {"caller": "warm"}
    assert kept["session"]["crm_account_id"] == "001XYZ"
    assert kept["transcript"][0]["language"] == "en-US"
    assert kept["tool_calls"][0]["latency_ms"] == 312


def test_integral_float_is_an_integer_as_in_json_schema(hot_lead: dict, contract_validator):
    hot_lead["transcript"][3]["index"] = 3.0
    assert list(contract_validator.iter_errors(hot_lead)) == []
    result = validate_payload(_payload(hot_lead))
    assert result.ok and result.record.transcript[3].index == 3


def test_other_tools_are_kept(hot_lead: dict) -> None:
    hot_lead["tool_calls"].append({"name": "transfer_to_human", "timestamp":
                                   "2026-01-14T17:22:10.000Z", "arguments": {"queue": "sales"},
                                   "result": "queued"})
    record = parse_record(_payload(hot_lead))
    assert [type(c).__name__ for c in record.tool_calls] == [
        "KnowledgeSearchCall", "MeetingBookingCall", "OtherToolCall"]


@pytest.mark.parametrize(
    ("mutate", "warning"),
    [
        (_set(("session", "duration_seconds"), 100),
         "session.duration_seconds: 100 s but end_time - start_time is 137.064 s"),
        (_set(("tool_calls", 0, "timestamp"), "2026-01-14T17:30:00.000Z"),
         "tool_calls[0].timestamp: 457.9 s after the session"),
        (_set(("transcript", 0, "start_time"), "2026-01-14T17:19:00.000Z"),
         "transcript[0]: 65.0 s before the session"),
    ],
)
def test_warnings_travel_with_a_valid_record(mutate, warning: str, hot_lead: dict) -> None:
    mutate(hot_lead)
    result = validate_payload(_payload(hot_lead))
    assert result.ok
    assert [str(w) for w in result.warnings] == [warning]


def test_parse_record_raises_invalid_record_listing_every_problem(hot_lead: dict) -> None:
    del hot_lead["session"]["participant_id"]
    hot_lead["transcript"][1]["role"] = "caller"
    with pytest.raises(InvalidRecord) as caught:
        parse_record(_payload(hot_lead))
    assert [str(p) for p in caught.value.problems] == [
        "session.participant_id: required",
        "transcript[1].role: not one of 'user' or 'agent'",
    ]


def test_json_path_drops_union_branch_names() -> None:
    assert json_path(("tool_calls", 0, "search", "query")) == "tool_calls[0].query"
    assert json_path(("transcript", 3, "start_time")) == "transcript[3].start_time"
    assert json_path(()) == "$"
