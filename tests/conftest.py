"""Shared fixtures: the contract folder beside the repo, its samples and JSON Schema."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = sorted((SHARED / "samples").glob("*.json"))
# Contract README section 3: paths every analysis result has ("[]": each item of a list).
CONTRACT_PATHS = [
    "session_id", "analyzer_version", "sales_intelligence.team_size",
    "sales_intelligence.monthly_document_volume", "sales_intelligence.integration_needs",
    "sales_intelligence.industry", "sales_intelligence.use_case_category",
    "sales_intelligence.current_tool", "sales_intelligence.budget_authority",
    "sales_intelligence.decision_timeline", "sales_intelligence.bant.total", "lead_score.total",
    "lead_score.tier", "lead_score.confidence", "quality.natural_ending", "quality.quality_score",
    "sentiment.overall", "sentiment.score", "objections.types", "objections.competitors",
    "performance.p95_latency_ms", "content_gaps.failed_searches", "action_items.items[].type",
    "executive_summary.call_outcome", "executive_summary.key_takeaways",
]


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


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    """Google's Pub/Sub emulator, started once for the tests that need it."""
    from pipeline.emulator import find_emulator, start_emulator

    script = find_emulator()
    if script is None:
        pytest.skip("Google's Pub/Sub emulator is not installed here (Debian package "
                    "google-cloud-cli-pubsub-emulator and Java 17); streaming tests need it")
    running = start_emulator(script, tmp_path_factory.mktemp("emulator") / "emulator.log")
    yield running
    running.stop()
