"""Pub/Sub message attributes (contract README section 1).

Attributes duplicate a few body fields, all strings, so that subscriptions can filter and
dashboards can count without parsing bodies. A claim-check message (record too large for
Pub/Sub) carries `payload_uri` and an empty body; the pipeline follows the pointer.
"""

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.json_types import Timestamp
from schemas.session_record import SessionRecord

EVENT_SESSION_COMPLETED = "session_completed"


class MessageAttributes(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    session_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")]
    schema_version: Annotated[str, Field(pattern=r"^1\.[0-9]+$")]
    agent_version: Annotated[str, Field(min_length=1, max_length=64)]
    event_type: Literal["session_completed"] = EVENT_SESSION_COMPLETED
    published_at: Timestamp
    payload_uri: str | None = None

    def to_pubsub(self) -> dict[str, str]:
        """The attributes as Pub/Sub wants them: every value a string, absent ones left out."""
        values = self.model_dump(exclude_none=True)
        values["published_at"] = rfc3339(self.published_at)
        return {key: str(value) for key, value in values.items()}


def rfc3339(moment: datetime) -> str:
    """UTC with milliseconds and a Z, the form the contract's samples use."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def attributes_for(
    record: SessionRecord, published_at: datetime | None = None, payload_uri: str | None = None
) -> MessageAttributes:
    """The attributes of the message that carries `record` (or a claim-check pointer to it)."""
    return MessageAttributes(
        session_id=record.session.session_id,
        schema_version=record.schema_version,
        agent_version=record.session.agent_version,
        published_at=published_at or datetime.now(UTC),
        payload_uri=payload_uri,
    )
