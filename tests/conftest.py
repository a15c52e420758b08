"""Shared fixtures: the contract folder beside the repo, its samples and JSON Schema."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = sorted((SHARED / "samples").glob("*.json"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "contract").is_dir():
        pytest.skip(f"the contract folder {SHARED / 'contract'} is not beside the repo")
    return SHARED


@pytest.fixture(scope="session")
def contract_validator(shared_dir: Path) -> jsonschema.Draft202012Validator:
    """The contract's own JSON Schema, with format checking (date-time needs rfc3339-validator)."""
    schema = json.loads((shared_dir / "contract" / "session_record.schema.json").read_text())
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture(scope="session")
def _hot_lead(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "samples" / "sample_hot_lead.json").read_text())


@pytest.fixture
def hot_lead(_hot_lead: dict) -> dict:
    """A fresh, mutable copy of the hot-lead sample."""
    return copy.deepcopy(_hot_lead)
