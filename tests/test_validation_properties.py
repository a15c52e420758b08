"""Property: random mutations of a valid record never make the validator raise, and its
schema-level verdict agrees with the contract's own JSON Schema."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.session_record import SessionRecord
from schemas.validation import validate_payload

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
    st.sampled_from(["2026-01-14T17:21:00.000Z", "2026-01-14", "10:00", "agent", "user",
                     "unleash_search_knowledge", "book_sales_meeting", "1.3", ""]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8),
                                                                      children, max_size=3),
    max_leaves=6,
)


def _paths(node, prefix=()) -> list[tuple]:
    """Every location in the JSON tree, containers included."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


@st.composite
def mutated_records(draw, base: dict) -> dict:
    record = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(record)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = record
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add_key"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add_key" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(JSON_VALUES)
        else:
            parent[path[-1]] = draw(JSON_VALUES)
    return record


def _has_trailing_newline_string(node) -> bool:
    # Python's `re` (used by the jsonschema library) lets `$` match before a final newline;
    # ECMA-262, which JSON Schema patterns follow and our validator implements, does not.
    if isinstance(node, str):
        return node.endswith("\n")
    if isinstance(node, dict):
        return any(_has_trailing_newline_string(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_trailing_newline_string(v) for v in node)
    return False


@pytest.fixture(scope="module")
def base_record(shared_dir) -> dict:
    return json.loads((shared_dir / "samples" / "sample_hot_lead.json").read_text())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutations_never_raise_and_agree_with_the_json_schema(data, base_record,
                                                              contract_validator) -> None:
    record = data.draw(mutated_records(base_record))
    payload = json.dumps(record).encode()
    result = validate_payload(payload)  # must not raise, whatever the mutation
    assert result.ok or result.errors
    if _has_trailing_newline_string(record):
        return
    schema_valid = not list(contract_validator.iter_errors(record))
    try:
        SessionRecord.model_validate(record)
        model_valid = True
    except ValueError:
        model_valid = False
    assert model_valid == schema_valid, [str(e) for e in result.errors]


@settings(max_examples=200, deadline=None)
@given(position=st.integers(0, 5000), junk=st.binary(min_size=1, max_size=8))
def test_random_bytes_never_raise(position: int, junk: bytes, base_record) -> None:
    payload = json.dumps(base_record).encode()
    position %= len(payload)
    result = validate_payload(payload[:position] + junk + payload[position:])
    assert result.ok or result.errors
