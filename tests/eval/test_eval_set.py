"""Keeps the hand-labelled evaluation set honest.

Every session record must be valid against the wire contract (shared/contract) and obey the
semantic rules the schema cannot express; labels.json must cover every session and every
analysis path with ids from taxonomy.json.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

EVAL_DIR = Path(__file__).parent
SESSIONS_DIR = EVAL_DIR / "sessions"
LABELS_PATH = EVAL_DIR / "labels.json"
CONTRACT_DIR = Path(__file__).parents[3] / "shared" / "contract"

SESSION_FILES = sorted(SESSIONS_DIR.glob("*.json"))
MIN_SESSIONS = 36
MIN_TURNS, MAX_TURNS = 6, 30
RFC3339_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
SESSION_ID = re.compile(r"^eval-\d{3}-[a-z0-9]+(-[a-z0-9]+)*$")

LABEL_PATHS = (
    "sales_intelligence.team_size",
    "sales_intelligence.monthly_document_volume",
    "sales_intelligence.integration_needs",
    "sales_intelligence.industry",
    "sales_intelligence.use_case_category",
    "sales_intelligence.current_tool",
    "sales_intelligence.budget_authority",
    "sales_intelligence.decision_timeline",
    "lead_score.tier",
    "sentiment.overall",
    "quality.natural_ending",
    "objections.types",
    "objections.competitors",
    "content_gaps.failed_searches",
    "action_items.items[].type",
    "executive_summary.call_outcome",
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _ids(value: dict | list) -> set[str]:
    """Ids of a taxonomy section: list items, or object keys other than 'description'."""
    if isinstance(value, list):
        return set(value)
    return {k for k in value if k != "description"}


def _time(value: str) -> datetime:
    assert RFC3339_Z.match(value), f"not RFC 3339 with Z: {value!r}"
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    path = CONTRACT_DIR / "taxonomy.json"
    if not path.exists():
        pytest.skip(f"contract not found at {CONTRACT_DIR}")
    return _load(path)


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    path = CONTRACT_DIR / "session_record.schema.json"
    if not path.exists():
        pytest.skip(f"contract not found at {CONTRACT_DIR}")
    schema = _load(path)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def labels() -> dict:
    return _load(LABELS_PATH)


def test_enough_sessions() -> None:
    assert len(SESSION_FILES) >= MIN_SESSIONS


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_session_valid_against_contract(path: Path, validator) -> None:
    errors = sorted(validator.iter_errors(_load(path)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_session_semantics(path: Path) -> None:
    record = _load(path)
    session = record["session"]
    assert session["session_id"] == path.stem
    assert SESSION_ID.match(session["session_id"])

    start, end = _time(session["start_time"]), _time(session["end_time"])
    assert end >= start
    assert abs((end - start).total_seconds() - session["duration_seconds"]) <= 1.0

    def inside(value: str) -> datetime:
        moment = _time(value)
        assert start <= moment <= end, f"{value} outside the session window"
        return moment

    turns = record["transcript"]
    assert MIN_TURNS <= len(turns) <= MAX_TURNS
    assert [t["index"] for t in turns] == list(range(len(turns)))
    last_start = start
    for turn in turns:
        t0, t1 = inside(turn["start_time"]), inside(turn["end_time"])
        assert t1 >= t0, f"turn {turn['index']} ends before it starts"
        assert t0 >= last_start, f"turn {turn['index']} starts before the previous turn"
        last_start = t0
        assert turn["text"].strip()
    assert any(t["role"] == "user" for t in turns)

    agent_turns = {t["index"] for t in turns if t["role"] == "agent"}
    metric_turns = [m["turn_index"] for m in record["metrics"]]
    assert set(metric_turns) <= agent_turns, "metrics must point at agent turns"
    assert sorted(metric_turns) == sorted(agent_turns), "one metrics entry per agent turn"
    for metric in record["metrics"]:
        inside(metric["timestamp"])

    by_index = {t["index"]: t for t in turns}
    for mark in record.get("interruptions", []):
        turn = by_index.get(mark["interrupted_turn_index"])
        assert turn is not None, f"interruption points at missing turn {mark}"
        assert turn.get("interrupted") is True, f"turn {turn['index']} not marked interrupted"
        assert mark["by"] != turn["role"]
        inside(mark["time"])
    marked = {t["index"] for t in turns if t.get("interrupted")}
    assert marked == {m["interrupted_turn_index"] for m in record.get("interruptions", [])}

    for call in record["tool_calls"]:
        inside(call["timestamp"])


def test_labels_cover_every_session_and_path(labels: dict) -> None:
    assert labels["description"].strip()
    assert set(labels["conventions"]) >= set(LABEL_PATHS)
    session_ids = {p.stem for p in SESSION_FILES}
    assert set(labels["sessions"]) == session_ids
    for sid, entry in labels["sessions"].items():
        assert set(entry) == set(LABEL_PATHS), f"{sid}: paths differ"


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_label_values_are_taxonomy_ids(path: Path, labels: dict, taxonomy: dict) -> None:
    entry = labels["sessions"][path.stem]
    competitors = _ids(taxonomy["competitors"])
    current_tools = competitors | _ids(taxonomy["current_tools"])
    single = {
        "sales_intelligence.industry": _ids(taxonomy["industries"]),
        "sales_intelligence.use_case_category": _ids(taxonomy["use_case_categories"]),
        "sales_intelligence.current_tool": current_tools - {"unknown"},
        "sales_intelligence.budget_authority": _ids(taxonomy["budget_authority"]),
        "sales_intelligence.decision_timeline": _ids(taxonomy["decision_timeline"]),
        "lead_score.tier": _ids(taxonomy["qualification_tiers"]),
        "sentiment.overall": _ids(taxonomy["sentiment"]),
        "executive_summary.call_outcome": _ids(taxonomy["call_outcomes"]),
    }
    lists = {
        "sales_intelligence.integration_needs": _ids(taxonomy["integrations"]),
        "objections.types": _ids(taxonomy["objection_types"]),
        "objections.competitors": competitors,
        "action_items.items[].type": _ids(taxonomy["action_item_types"]),
    }
    for key, allowed in single.items():
        assert entry[key] in allowed, f"{key}={entry[key]!r}"
    for key, allowed in lists.items():
        values = entry[key]
        assert isinstance(values, list)
        assert len(values) == len(set(values)), f"{key} repeats an id"
        assert set(values) <= allowed, f"{key} has unknown ids {set(values) - allowed}"
    for key in ("sales_intelligence.team_size", "sales_intelligence.monthly_document_volume"):
        value = entry[key]
        assert value is None or (isinstance(value, int) and not isinstance(value, bool)), key
        assert value is None or value > 0, key
    assert isinstance(entry["quality.natural_ending"], bool)
    searches = entry["content_gaps.failed_searches"]
    assert isinstance(searches, list) and all(isinstance(q, str) for q in searches)


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda p: p.stem)
def test_labels_agree_with_record_facts(path: Path, labels: dict) -> None:
    """Labels that follow mechanically from the record must match it."""
    record = _load(path)
    entry = labels["sessions"][path.stem]
    failed = [
        c["query"]
        for c in record["tool_calls"]
        if c["name"] == "unleash_search_knowledge" and not c["results_found"]
    ]
    assert entry["content_gaps.failed_searches"] == failed

    booked = any(c["name"] == "book_sales_meeting" and c["success"] for c in record["tool_calls"])
    assert (entry["executive_summary.call_outcome"] == "meeting_booked") == booked

    if entry["executive_summary.call_outcome"] in {"dropped", "support_request", "unqualified"}:
        assert entry["lead_score.tier"] == "tier_3"
    if record["session"].get("end_reason") in {"participant_disconnected", "timeout", "error"}:
        assert entry["quality.natural_ending"] is False
