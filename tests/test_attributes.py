"""Message attributes: built from a record, all strings, as contract README section 1 says."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from schemas.attributes import MessageAttributes, attributes_for
from schemas.validation import parse_record
from tests.conftest import SAMPLES


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_attributes_duplicate_the_body_fields(sample) -> None:
    record = parse_record(sample.read_bytes())
    published = datetime(2026, 1, 14, 12, 0, 1, 500000, tzinfo=timezone(timedelta(hours=-6)))
    attributes = attributes_for(record, published_at=published).to_pubsub()
    assert attributes == {
        "session_id": record.session.session_id,
        "schema_version": record.schema_version,
        "agent_version": record.session.agent_version,
        "event_type": "session_completed",
        "published_at": "2026-01-14T18:00:01.500Z",
    }


def test_claim_check_pointer_travels_as_an_attribute(hot_lead) -> None:
    import json

    record = parse_record(json.dumps(hot_lead))
    attributes = attributes_for(record, payload_uri="gs://claims/vt-1.json").to_pubsub()
    assert attributes["payload_uri"] == "gs://claims/vt-1.json"
    assert datetime.fromisoformat(attributes["published_at"]) <= datetime.now(UTC)


def test_attributes_read_back_from_pubsub_strings() -> None:
    received = {"session_id": "vt-1", "schema_version": "1.2", "agent_version": "a/1",
                "event_type": "session_completed", "published_at": "2026-01-14T18:00:01Z"}
    assert MessageAttributes.model_validate(received).to_pubsub()["published_at"] == (
        "2026-01-14T18:00:01.000Z")
    with pytest.raises(ValidationError):
        MessageAttributes.model_validate({**received, "event_type": "session_started"})
    with pytest.raises(ValidationError):
        MessageAttributes.model_validate({**received, "published_at": "yesterday"})
