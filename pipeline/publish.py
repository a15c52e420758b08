"""Publish session-record payloads to Pub/Sub with the contract's attributes.

Used by the demo, the tests and `voice-analytics replay-dlq`. A payload that is not a valid
record (the demo's deliberate faults) goes out as it is, with what attributes can be had.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass

from schemas.attributes import EVENT_SESSION_COMPLETED, attributes_for
from schemas.validation import validate_payload


@dataclass(frozen=True)
class Published:
    session_id: str | None
    published_at: float  # time.time() when it was handed to the publisher


def attributes_of(payload: bytes) -> dict[str, str]:
    result = validate_payload(payload)
    if result.ok:
        return attributes_for(result.record).to_pubsub()
    return {"event_type": EVENT_SESSION_COMPLETED}


def publish_payloads(topic: str, payloads: Iterable[tuple[bytes, dict[str, str] | None]],
                     ) -> list[Published]:
    """Publish each (payload, attributes or None to derive them); wait for every ack."""
    from google.cloud import pubsub_v1

    publisher = pubsub_v1.PublisherClient(
        batch_settings=pubsub_v1.types.BatchSettings(max_messages=100, max_latency=0.01))
    sent = []
    for payload, attributes in payloads:
        attributes = attributes if attributes is not None else attributes_of(payload)
        sent.append((Published(attributes.get("session_id"), time.time()),
                     publisher.publish(topic, payload, **attributes)))
    for _, future in sent:
        future.result(timeout=60)
    return [published for published, _ in sent]
