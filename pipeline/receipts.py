"""A receipt journal that makes the local streaming job safe to kill.

Beam's DirectRunner acknowledges Pub/Sub messages as soon as it pulls them ("Because of the
AutoAck, we are not able to reread messages", apache_beam/runners/direct/
transform_evaluator.py), so a job killed mid-stream would lose what it had pulled but not yet
written. Locally the job therefore wraps the runner's subscriber client: every pulled message
is appended to a journal, and flushed to disk, before its acknowledgement goes out. On start,
the job re-injects the journalled messages that reached neither the warehouse nor the dead
letters. A kill before the journal write leaves the message unacknowledged, so Pub/Sub
redelivers it. On Dataflow none of this is used: Dataflow acknowledges after checkpointing.
"""

import base64
import os
import threading
from pathlib import Path
from typing import Any

import orjson

from pipeline.local_run import dead_letters
from pipeline.messages import Message
from schemas.validation import validate_payload


def _entry(data: bytes, attributes: dict) -> bytes:
    return orjson.dumps({"data": base64.b64encode(data).decode("ascii"),
                         "attributes": attributes}) + b"\n"


class JournalingSubscriber:
    """A Pub/Sub subscriber client that journals pulled messages before acknowledging them."""

    def __init__(self, client: Any, journal: str) -> None:
        self._client, self._journal = client, journal
        self._pulled: dict[str, Any] = {}
        self._lock = threading.Lock()

    def pull(self, *args, **kwargs):
        response = self._client.pull(*args, **kwargs)
        with self._lock:
            for received in response.received_messages:
                self._pulled[received.ack_id] = received.message
        return response

    def acknowledge(self, *args, ack_ids=(), **kwargs):
        with self._lock:
            messages = [self._pulled.pop(ack_id) for ack_id in ack_ids if ack_id in self._pulled]
        if messages:
            lines = b"".join(_entry(m.data, dict(m.attributes)) for m in messages)
            with open(self._journal, "ab") as journal:
                journal.write(lines)
                journal.flush()
                os.fsync(journal.fileno())
        return self._client.acknowledge(*args, ack_ids=ack_ids, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def journal_before_ack(journal: str) -> None:
    """Make this process's DirectRunner journal Pub/Sub messages before acknowledging them."""
    from apache_beam.runners.direct.transform_evaluator import _PubSubReadEvaluator

    Path(journal).parent.mkdir(parents=True, exist_ok=True)
    original = _PubSubReadEvaluator._get_subscriber_client.__func__

    def journaling_client(cls, transform):
        return JournalingSubscriber(original(cls, transform), journal)

    _PubSubReadEvaluator._get_subscriber_client = classmethod(journaling_client)


def unaccounted(journal: Path, warehouse: Any, dead_letter_path: Path | None
                ) -> list[Message]:
    """Journalled messages with no row in `sessions` (of `warehouse`, DuckDB or BigQuery)
    and no dead letter."""
    if not journal.exists():
        return []
    warehouse.create_tables()
    stored = warehouse.session_ids()
    dead = {letter.data for letter in dead_letters(dead_letter_path)} if dead_letter_path else set()
    missing, seen = [], set()
    for line in journal.read_bytes().splitlines():
        if not line:
            continue
        entry = orjson.loads(line)
        data = base64.b64decode(entry["data"])
        if data in seen or data in dead:
            continue
        seen.add(data)
        result = validate_payload(data)
        if result.ok and result.record.session_id in stored:
            continue
        missing.append(Message(data, entry.get("attributes") or {}, "receipt-journal"))
    return missing


def compact(journal: Path, keep: list[Message]) -> None:
    """Rewrite the journal with only `keep`, atomically."""
    temporary = journal.with_suffix(".compacting")
    temporary.write_bytes(b"".join(_entry(m.data, m.attributes) for m in keep))
    temporary.replace(journal)
