"""What flows between the job's steps: an incoming message, and a dead letter.

A dead letter keeps everything needed to replay it after a fix: the original bytes (base64,
since they may not be UTF-8), the attributes, the error, the step that failed and when.
"""

import base64
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

_INDEX = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"(?<![\w^\[-])\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Message:
    """One session-record message as read: body bytes, Pub/Sub attributes, where it came from."""

    data: bytes
    attributes: dict[str, str] = field(default_factory=dict)
    source: str = ""  # "pubsub" or "file.jsonl:4"


@dataclass(frozen=True)
class DeadLetter:
    step: str  # the step label that failed, e.g. "DecodeAndValidate", "WriteWarehouse"
    error: str  # what is wrong, every problem named (never the record's content)
    data: bytes
    attributes: dict[str, str]
    source: str = ""
    session_id: str | None = None
    failed_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))

    def to_json(self) -> bytes:
        return orjson.dumps({
            "step": self.step, "error": self.error, "session_id": self.session_id,
            "source": self.source, "failed_at": self.failed_at, "attributes": self.attributes,
            "data_base64": base64.b64encode(self.data).decode("ascii"),
        })

    @classmethod
    def from_json(cls, line: bytes | str) -> "DeadLetter":
        item: dict[str, Any] = orjson.loads(line)
        return cls(step=item["step"], error=item["error"],
                   data=base64.b64decode(item["data_base64"]),
                   attributes=item.get("attributes") or {}, source=item.get("source", ""),
                   session_id=item.get("session_id"), failed_at=item["failed_at"])

    @property
    def reason(self) -> str:
        """A countable reason: step, first problem's path without indexes, its kind.

        "transcript[3].start_time: not a date-time (RFC 3339...)" and the same at turn 7 both
        count as "DecodeAndValidate: transcript[].start_time: not a date-time".
        """
        first = self.error.split("; ")[0]
        path, _, message = first.partition(": ")
        kind = _NUMBER.sub("N", message.split(" (")[0].split(": ")[0])
        return f"{self.step}: {_INDEX.sub('[]', path)}: {kind}"
