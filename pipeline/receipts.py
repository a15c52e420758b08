"""A receipt journal that makes the local streaming job safe to kill.

Beam's DirectRunner acknowledges Pub/Sub messages as soon as it pulls them ("Because of the
AutoAck, we are not able to reread messages", apache_beam/runners/direct/
transform_evaluator.py), so a job killed mid-stream would lose what it had pulled but not yet
written. Locally the job therefore journals every message it receives (appended and flushed
before anything else happens to it), and on start re-injects the journalled messages that
reached neither the warehouse nor the dead letters. On Dataflow this is not needed and not
used: Dataflow acknowledges only after the data is checkpointed.

What remains: a kill in the few milliseconds between the runner's acknowledgement and the
journal's append can still lose those messages.
"""

import base64
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import apache_beam as beam
import orjson

from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.local_run import dead_letters
from pipeline.messages import Message
from schemas.validation import validate_payload

_LOCK = threading.Lock()


class JournalReceiptsFn(beam.DoFn):
    def __init__(self, path: str) -> None:
        self.path = path

    def setup(self) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)

    def process(self, message: Message) -> Iterator[Message]:
        line = orjson.dumps({"data": base64.b64encode(message.data).decode("ascii"),
                             "attributes": message.attributes}) + b"\n"
        with _LOCK, open(self.path, "ab") as journal:
            journal.write(line)
            journal.flush()
            os.fsync(journal.fileno())
        yield message


def unaccounted(journal: Path, warehouse_path: Path, dead_letter_path: Path | None
                ) -> list[Message]:
    """Journalled messages with no row in `sessions` and no dead letter."""
    if not journal.exists():
        return []
    stored = DuckDBWarehouse(warehouse_path).session_ids() if warehouse_path.exists() else set()
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
    temporary.write_bytes(b"".join(
        orjson.dumps({"data": base64.b64encode(m.data).decode("ascii"),
                      "attributes": m.attributes}) + b"\n" for m in keep))
    temporary.replace(journal)
