"""Tests for the synthetic session-record generator (generator/)."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from generator import (
    DEFAULT_END_DATE,
    MALFORMATION_KINDS,
    GeneratedItem,
    generate_items,
    generate_session,
    write_items,
)
from generator import vocabulary as vocab
from generator.malformations import SCHEMA_KINDS, SEMANTIC_KINDS
from generator.session import build_session

CONTRACT = Path(__file__).parents[2] / "shared" / "contract"
MAX_TEXT = 32_768
TIME_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
                     r"\.\d{3}Z$")
# What any RFC 3339 date-time with a zone must look like (used when rfc3339-validator is absent).
RFC3339_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:"
                        r"([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$")
SESSION_ID_RE = re.compile(r"^vt-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$")

try:  # jsonschema checks "date-time" only when this package is installed
    import rfc3339_validator  # noqa: F401

    HAVE_RFC3339 = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_RFC3339 = False


def _ms(text: str) -> int:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int(moment.timestamp() * 1000)


def _time_fields(record: dict) -> list[str]:
    """Every date-time value in a record (schema 'format: date-time' fields)."""
    session = record["session"]
    values = [session["start_time"], session["end_time"]]
    for turn in record["transcript"]:
        values += [turn["start_time"], turn["end_time"]]
    values += [m["timestamp"] for m in record["metrics"]]
    values += [i["time"] for i in record.get("interruptions", [])]
    values += [c["timestamp"] for c in record["tool_calls"]]
    return values


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((CONTRACT / "session_record.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    return json.loads((CONTRACT / "taxonomy.json").read_text())


@pytest.fixture(scope="module")
def stream() -> list[GeneratedItem]:
    return list(generate_items(400, seed=20261101, duplicate_rate=0.1, malformed_rate=0.2))


@pytest.fixture(scope="module")
def built() -> list:
    rng = random.Random(99)
    start = datetime(2026, 10, 5, 15, tzinfo=UTC)
    return [build_session(rng, int((start + timedelta(minutes=7 * i)).timestamp() * 1000))
            for i in range(500)]


def schema_valid(validator: Draft202012Validator, record: object) -> bool:
    if not validator.is_valid(record):
        return False
    if not HAVE_RFC3339 and isinstance(record, dict):
        return all(RFC3339_RE.match(t) for t in _time_fields(record))
    return True


def semantic_problems(record: dict) -> list[str]:
    """The checks the validator makes beyond the JSON Schema, plus the generator's own format."""
    problems: list[str] = []
    s = record["session"]
    start, end = _ms(s["start_time"]), _ms(s["end_time"])
    if end < start:
        problems.append("end_before_start")
    if abs((end - start) / 1000 - s["duration_seconds"]) > 1.0:
        problems.append("duration")
    if not SESSION_ID_RE.match(s["session_id"]):
        problems.append("session_id")
    for value in _time_fields(record):
        if not TIME_RE.match(value):
            problems.append(f"time format {value}")
    turns = record["transcript"]
    indexes = [t["index"] for t in turns]
    if len(set(indexes)) != len(indexes):
        problems.append("duplicate_turn_index")
    if indexes != list(range(len(turns))):
        problems.append("indexes 0..n-1 in order")
    roles = {t["index"]: t["role"] for t in turns}
    for t in turns:
        ts, te = _ms(t["start_time"]), _ms(t["end_time"])
        if te < ts:
            problems.append(f"turn {t['index']} ends before it starts")
        if ts < start or te > end:
            problems.append(f"turn {t['index']} outside the session")
        if len(t["text"]) > MAX_TEXT:
            problems.append("oversized_text")
    for a, b, c in zip(turns, turns[1:], turns[2:], strict=False):
        if a["role"] == b["role"] == c["role"] == "user":
            problems.append("three user turns in a row")
    agent_turns = [t["index"] for t in turns if t["role"] == "agent"]
    metric_turns = [m["turn_index"] for m in record["metrics"]]
    if any(roles.get(i) != "agent" for i in metric_turns):
        problems.append("orphan_metric")
    if sorted(metric_turns) != agent_turns:
        problems.append("one metrics entry per agent turn")
    for m in record["metrics"]:
        if not start <= _ms(m["timestamp"]) <= end:
            problems.append("metric outside the session")
    for i in record["interruptions"]:
        k = i["interrupted_turn_index"]
        if k not in roles or not turns[k]["interrupted"]:
            problems.append("interruption points at a turn that was not interrupted")
        if not start <= _ms(i["time"]) <= end:
            problems.append("interruption outside the session")
    for call in record["tool_calls"]:
        if not start <= _ms(call["timestamp"]) <= end:
            problems.append("tool call outside the session")
    return problems


def _record(item: GeneratedItem) -> dict:
    return orjson.loads(item.payload)


# ---------------------------------------------------------------- determinism


def test_same_seed_same_bytes_different_seed_differs() -> None:
    kwargs = {"duplicate_rate": 0.1, "malformed_rate": 0.2}
    a = list(generate_items(150, seed=7, **kwargs))
    b = list(generate_items(150, seed=7, **kwargs))
    c = list(generate_items(150, seed=8, **kwargs))
    assert [(i.payload, i.label, i.session_id, i.scenario) for i in a] == \
        [(i.payload, i.label, i.session_id, i.scenario) for i in b]
    assert [i.payload for i in a] != [i.payload for i in c]
    assert [i.position for i in a] == list(range(150))


def test_generate_session_is_deterministic_and_valid(validator: Draft202012Validator) -> None:
    start = datetime(2026, 1, 14, 17, 20, 5, tzinfo=UTC)
    one = generate_session(random.Random(3), start_time=start)
    two = generate_session(random.Random(3), start_time=start)
    assert orjson.dumps(one) == orjson.dumps(two)
    assert schema_valid(validator, one)
    assert semantic_problems(one) == []
    assert one["session"]["start_time"] == "2026-01-14T17:20:05.000Z"


# ---------------------------------------------------------------- validity


def test_valid_and_duplicate_items_satisfy_schema(stream: list[GeneratedItem],
                                                  validator: Draft202012Validator) -> None:
    checked = 0
    for item in stream:
        if item.label in ("valid", "duplicate"):
            record = _record(item)
            errors = [e.message for e in validator.iter_errors(record)]
            assert errors == [], (item.position, errors[:3])
            assert schema_valid(validator, record)
            assert item.session_id == record["session"]["session_id"]
            checked += 1
    assert checked >= 300


def test_valid_records_obey_semantic_rules(stream: list[GeneratedItem], built: list) -> None:
    for item in stream:
        if item.label == "valid":
            assert semantic_problems(_record(item)) == [], item.position
    for b in built:
        assert semantic_problems(b.record) == [], b.record["session"]["session_id"]


def test_session_ids_unique_among_valid(stream: list[GeneratedItem]) -> None:
    ids = [i.session_id for i in stream if i.label == "valid"]
    assert len(ids) == len(set(ids))


def test_payloads_never_contain_newlines(stream: list[GeneratedItem]) -> None:
    assert all(b"\n" not in item.payload for item in stream)


# ---------------------------------------------------------------- malformed items


def test_every_malformation_kind_occurs_and_is_invalid(
        stream: list[GeneratedItem], validator: Draft202012Validator) -> None:
    seen: set[str] = set()
    for item in stream:
        if not item.label.startswith("malformed:"):
            continue
        kind = item.label.split(":", 1)[1]
        assert kind in MALFORMATION_KINDS
        seen.add(kind)
        if kind == "not_json":
            assert item.session_id is None
            with pytest.raises(ValueError):
                json.loads(item.payload)
            continue
        if kind == "invalid_utf8":
            with pytest.raises(UnicodeDecodeError):
                item.payload.decode("utf-8")
            with pytest.raises(orjson.JSONDecodeError):
                orjson.loads(item.payload)
            with pytest.raises(ValueError):
                json.loads(item.payload)
            continue
        record = orjson.loads(item.payload)
        if kind in SCHEMA_KINDS:
            assert not schema_valid(validator, record), (kind, item.position)
            continue
        assert kind in SEMANTIC_KINDS
        assert schema_valid(validator, record), (kind, item.position)
        assert kind in semantic_problems(record), (kind, semantic_problems(record))
    assert seen == set(MALFORMATION_KINDS)


def test_malformed_variants_are_varied() -> None:
    items = [i for i in generate_items(1200, seed=5, malformed_rate=1.0)]
    by_kind: dict[str, set[bytes]] = {}
    for item in items:
        by_kind.setdefault(item.label, set()).add(item.payload[:60])
    assert len(by_kind) == len(MALFORMATION_KINDS)
    not_json = [i.payload for i in items if i.label == "malformed:not_json"]
    assert any(p.startswith(b"<html>") for p in not_json)
    assert any(p.startswith(b'{"schema_version"') for p in not_json)  # a truncated record


# ---------------------------------------------------------------- duplicates and rates


def test_duplicates_repeat_earlier_valid_bytes_and_rates_hold(
        stream: list[GeneratedItem]) -> None:
    valid_so_far: set[bytes] = set()
    counts = {"valid": 0, "duplicate": 0, "malformed": 0}
    for item in stream:
        label = item.label.split(":", 1)[0]
        counts[label] += 1
        if label == "duplicate":
            assert item.payload in valid_so_far, item.position
        elif label == "valid":
            valid_so_far.add(item.payload)
    assert counts == {"valid": 280, "duplicate": 40, "malformed": 80}


def test_rates_zero_gives_only_valid() -> None:
    labels = {i.label for i in generate_items(60, seed=1)}
    assert labels == {"valid"}


def test_bad_arguments_rejected() -> None:
    with pytest.raises(ValueError):
        list(generate_items(10, seed=1, duplicate_rate=0.7, malformed_rate=0.5))
    with pytest.raises(ValueError):
        list(generate_items(10, seed=1, turns=0))
    with pytest.raises(ValueError):
        generate_session(random.Random(1), start_time=datetime(2026, 1, 1, tzinfo=UTC), turns=0)


# ---------------------------------------------------------------- lengths


@pytest.mark.parametrize("turns", [1, 2, 3, 4, 7, 12, 40, 60])
def test_exact_turns(turns: int, validator: Draft202012Validator) -> None:
    for item in generate_items(25, seed=turns, turns=turns):
        record = _record(item)
        assert len(record["transcript"]) == turns
        assert schema_valid(validator, record)
        assert semantic_problems(record) == []


def test_default_lengths_vary_realistically(built: list) -> None:
    lengths = [len(b.record["transcript"]) for b in built]
    assert min(lengths) <= 3 and max(lengths) >= 40
    mid = sum(1 for n in lengths if 10 <= n <= 35)
    assert mid / len(lengths) > 0.6


# ---------------------------------------------------------------- coverage and realism


def test_coverage_over_500_records(built: list, taxonomy: dict) -> None:
    objections, competitors, industries, tools = set(), set(), set(), set()
    integrations, scenarios = set(), set()
    failed_search = failed_booking = good_booking = other_tool = 0
    for b in built:
        objections.update(b.meta["objections"])
        competitors.update(b.meta["competitors"])
        integrations.update(b.meta["integrations"])
        industries.add(b.meta["industry"])
        tools.add(b.meta["current_tool"])
        scenarios.add(b.scenario)
        for call in b.record["tool_calls"]:
            if call["name"] == "unleash_search_knowledge" and not call["results_found"]:
                failed_search += 1
                assert call["total_results"] == 0
            elif call["name"] == "book_sales_meeting":
                if call["success"]:
                    good_booking += 1
                    assert call["meeting_link"] and call["calendar_event_id"]
                else:
                    failed_booking += 1
                    assert call["error"]
            elif call["name"] not in ("unleash_search_knowledge", "book_sales_meeting"):
                other_tool += 1
    assert set(taxonomy["objection_types"]) <= objections
    assert set(taxonomy["competitors"]) <= competitors
    assert set(taxonomy["industries"]) <= industries
    current_tools = {k for k in taxonomy["current_tools"] if k != "description"}
    assert current_tools <= tools | competitors
    assert set(taxonomy["integrations"]) <= integrations
    assert failed_search >= 10 and failed_booking >= 5 and good_booking >= 30 and other_tool >= 3
    assert {"dropped_call", "support_caller", "hot_lead", "unqualified", "abrupt_ending",
            "failed_booking"} <= scenarios


def test_competitors_are_named_in_transcripts(built: list) -> None:
    text = " ".join(t["text"] for b in built for t in b.record["transcript"]).lower()
    for cid, names in vocab.COMPETITORS.items():
        assert any(n.lower() in text for n in names), cid


def test_dropped_and_support_calls_look_right(built: list) -> None:
    dropped = [b.record for b in built if b.scenario == "dropped_call"]
    support = [b.record for b in built if b.scenario == "support_caller"]
    assert len(dropped) >= 10 and len(support) >= 20
    for r in dropped:
        assert 1 <= len(r["transcript"]) <= 3
        assert r["session"]["end_reason"] in ("participant_disconnected", "timeout", "user_hangup")
    assert sum(r["session"]["end_reason"] == "participant_disconnected" for r in dropped) > \
        len(dropped) / 2
    for r in support:
        assert r["tool_calls"], "support calls search the help center"


def test_speech_and_personas_vary(built: list) -> None:
    users = [t["text"] for b in built for t in b.record["transcript"] if t["role"] == "user"]
    joined = " ".join(users).lower()
    for filler in ("um", "uh", "you know", "like", "i mean"):
        assert re.search(rf"\b{filler}\b", joined), filler
    assert re.search(r"\b(twenty|thirty|forty|fifty|hundred)\b", joined)
    names = {b.record["session"]["user_name"] for b in built} - {None}
    emails = [b.record["session"]["user_email"] for b in built]
    assert len(names) > 150
    assert 0.05 < emails.count(None) / len(emails) < 0.5
    for b in built:
        s = b.record["session"]
        if s["user_email"] and s["user_name"]:
            first = s["user_name"].split(" ")[0].lower()
            local = s["user_email"].split("@")[0]
            assert local.startswith((first, first[0])), (s["user_name"], s["user_email"])
            assert s["user_email"].split("@")[1].endswith((".example", ".example.com",
                                                           ".example.net"))


def test_metrics_are_plausible(built: list) -> None:
    spikes = poor = 0
    for b in built:
        r = b.record
        turns = r["transcript"]
        prompts = [m["prompt_tokens"] for m in r["metrics"] if m["prompt_tokens"] is not None]
        assert prompts == sorted(prompts)
        if prompts:
            assert 1100 <= prompts[0] <= 1500
        for m in r["metrics"]:
            turn = turns[m["turn_index"]]
            if m["tts_characters_count"] is not None:
                assert m["tts_characters_count"] == len(turn["text"])
            assert m["timestamp"] == turn["start_time"]
            if m["llm_ttft_ms"] is not None and m["llm_ttft_ms"] > 3000:
                spikes += 1
            parts = (m["eou_delay_ms"], m["llm_ttft_ms"], m["tts_ttfb_ms"])
            if m["total_latency_ms"] is not None and None not in parts:
                assert m["total_latency_ms"] >= sum(parts) - 0.5
        for t in turns:
            if t["role"] == "user" and t["stt_confidence"] is not None:
                assert 0.6 <= t["stt_confidence"] <= 1.0
        cq = r["connection_quality"]
        if cq and cq["quality_level"] == "poor":
            poor += 1
            assert 2 <= cq["packet_loss_pct"] <= 8 and 40 <= cq["jitter_ms"] <= 120
    assert spikes > 0 and poor > 0


def test_start_times_in_window_and_business_hours() -> None:
    end = date(2026, 3, 31)
    starts = [datetime.fromisoformat(_record(i)["session"]["start_time"].replace("Z", "+00:00"))
              for i in generate_items(600, seed=2, end_date=end, days=14)]
    assert min(starts).date() >= end - timedelta(days=13)
    assert max(starts).date() <= end
    assert starts == sorted(starts)
    daytime = sum(1 for s in starts if 13 <= s.hour <= 23)
    assert daytime / len(starts) > 0.6
    weekend = sum(1 for s in starts if s.weekday() >= 5)
    assert weekend / len(starts) < 0.2
    assert date(2026, 11, 1) == DEFAULT_END_DATE


# ---------------------------------------------------------------- output


def test_write_items_jsonl(tmp_path: Path) -> None:
    items = list(generate_items(40, seed=3, duplicate_rate=0.1, malformed_rate=0.25))
    out = tmp_path / "batch.jsonl"
    manifest = write_items(items, out)
    assert manifest == tmp_path / "batch.jsonl.manifest.jsonl"
    lines = out.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == len(items) + 1
    entries = [orjson.loads(x) for x in manifest.read_bytes().splitlines()]
    assert len(entries) == len(items)
    for entry, item in zip(entries, items, strict=True):
        assert entry == {"position": item.position, "file": "batch.jsonl",
                         "line": item.position + 1, "label": item.label,
                         "session_id": item.session_id, "scenario": item.scenario}
        assert lines[entry["line"] - 1] == item.payload


def test_write_items_folder(tmp_path: Path) -> None:
    items = list(generate_items(15, seed=4, malformed_rate=0.3))
    out = tmp_path / "batch"
    manifest = write_items(items, out)
    assert manifest == out / "_manifest.jsonl"
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f"{i:06d}.json" for i in range(15)] + ["_manifest.jsonl"])
    entries = [orjson.loads(x) for x in manifest.read_bytes().splitlines()]
    for entry, item in zip(entries, items, strict=True):
        assert entry["line"] is None and entry["file"] == f"{item.position:06d}.json"
        assert (out / entry["file"]).read_bytes() == item.payload
