"""Publish a finished call's session record to Pub/Sub, losing nothing.

- The message carries the contract's attributes (`schemas.attributes`).
- Publishing is retried three times, after 1, 2 and 4 s (spec 2.3).
- A record larger than `max_message_bytes` goes by claim-check: stored whole under
  `CLAIM_CHECK_URI` (a `gs://` bucket or a local folder, named by session id so a retry writes
  the same object) and the message carries `payload_uri` and an empty body.
- When Pub/Sub stays unreachable the record is written to a local spool
  (`AGENT_SPOOL_DIR`); `resend_spool()`, run when the agent starts, sends those again.
- Without `SESSIONS_TOPIC` (a local try-out) records are written to `AGENT_RECORDS_DIR`.

Delivery is at least once: a publish that timed out after Pub/Sub took it is sent again, and
the pipeline drops the repeat by session_id.
"""

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from schemas.attributes import attributes_for
from schemas.validation import parse_record

log = logging.getLogger(__name__)
BACKOFF_SECONDS = (1.0, 2.0, 4.0)
MAX_MESSAGE_BYTES = 9_000_000  # Pub/Sub takes 10 MB with attributes; leave room
PUBLISH_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class PublishOutcome:
    status: str  # published, claim_check, spooled or local
    message_id: str | None = None
    path: str | None = None


class PublishFailed(Exception):
    pass


def _default(name: str, fallback: str) -> str:
    return os.environ.get(name) or fallback


class SessionPublisher:
    def __init__(self, topic: str | None, spool_dir: str | Path = "data/agent/spool",
                 claim_check_uri: str = "data/agent/claims",
                 records_dir: str | Path = "data/agent/records",
                 max_message_bytes: int = MAX_MESSAGE_BYTES,
                 backoff: tuple[float, ...] = BACKOFF_SECONDS,
                 timeout: float = PUBLISH_TIMEOUT_SECONDS,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.topic = topic
        self.spool_dir, self.records_dir = Path(spool_dir), Path(records_dir)
        self.claim_check_uri = claim_check_uri.rstrip("/")
        self.max_message_bytes = max_message_bytes
        self.backoff, self.timeout, self.sleep = backoff, timeout, sleep
        self._client = None

    @classmethod
    def from_environment(cls) -> "SessionPublisher":
        """SESSIONS_TOPIC (projects/P/topics/T), CLAIM_CHECK_URI, AGENT_SPOOL_DIR,
        AGENT_RECORDS_DIR, AGENT_MAX_MESSAGE_BYTES; PUBSUB_EMULATOR_HOST for the emulator."""
        return cls(os.environ.get("SESSIONS_TOPIC") or None,
                   spool_dir=_default("AGENT_SPOOL_DIR", "data/agent/spool"),
                   claim_check_uri=_default("CLAIM_CHECK_URI", "data/agent/claims"),
                   records_dir=_default("AGENT_RECORDS_DIR", "data/agent/records"),
                   max_message_bytes=int(_default("AGENT_MAX_MESSAGE_BYTES",
                                                  str(MAX_MESSAGE_BYTES))))

    @property
    def client(self):
        if self._client is None:
            from google.api_core.retry import Retry
            from google.cloud import pubsub_v1

            # The client's own retries would wait minutes for an unreachable Pub/Sub; ours
            # are the spec's three, so it tries each publish once, briefly.
            self._client = pubsub_v1.PublisherClient(
                publisher_options=pubsub_v1.types.PublisherOptions(
                    retry=Retry(initial=0.1, maximum=1.0, deadline=self.timeout),
                    timeout=self.timeout))
        return self._client

    def publish(self, record: dict) -> PublishOutcome:
        payload = orjson.dumps(record)
        parsed = parse_record(payload)  # the record this agent built must be valid
        session_id = parsed.session_id
        if not self.topic:
            return PublishOutcome("local", path=self._write(self.records_dir, session_id,
                                                             payload))
        data, uri = payload, None
        if len(payload) > self.max_message_bytes:
            uri = self._store_claim(session_id, payload)
            data = b""
        attributes = attributes_for(parsed, payload_uri=uri).to_pubsub()
        try:
            message_id = self._publish_with_retries(data, attributes)
        except PublishFailed as exc:
            path = self._spool(session_id, data, attributes)
            log.warning("session %s spooled after failed publishes: %s", session_id, exc)
            return PublishOutcome("spooled", path=path)
        return PublishOutcome("claim_check" if uri else "published", message_id, uri)

    def _publish_with_retries(self, data: bytes, attributes: dict[str, str]) -> str:
        last: Exception | None = None
        for delay in (*self.backoff, None):
            try:
                return self.client.publish(self.topic, data, **attributes).result(
                    timeout=self.timeout)
            except Exception as exc:  # noqa: BLE001 - every failure is retried, then spooled
                last = exc
                log.warning("publish failed (%s)%s", type(exc).__name__,
                            f", retrying in {delay:g} s" if delay is not None else "")
                if delay is not None:
                    self.sleep(delay)
        raise PublishFailed(f"{type(last).__name__}: {str(last)[:200]}")

    def _store_claim(self, session_id: str, payload: bytes) -> str:
        uri = f"{self.claim_check_uri}/{session_id}.json"
        if "://" in uri:
            from apache_beam.io.filesystems import FileSystems

            with FileSystems.create(uri) as stored:
                stored.write(payload)
            return uri
        path = Path(uri).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
        return str(path)

    def _write(self, folder: Path, session_id: str, payload: bytes) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{session_id}.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(payload)
        temporary.replace(path)  # whole or not at all, even if the agent dies mid-write
        return str(path)

    def _spool(self, session_id: str, data: bytes, attributes: dict[str, str]) -> str:
        entry = orjson.dumps({"attributes": attributes, "data": data.decode("utf-8")})
        return self._write(self.spool_dir, session_id, entry)

    def resend_spool(self) -> int:
        """Send what earlier runs spooled; each file is removed once Pub/Sub has it."""
        if not self.topic or not self.spool_dir.is_dir():
            return 0
        sent = 0
        for path in sorted(self.spool_dir.glob("*.json")):
            entry = orjson.loads(path.read_bytes())
            try:
                self._publish_with_retries(entry["data"].encode("utf-8"), entry["attributes"])
            except PublishFailed:
                log.warning("spool: Pub/Sub still unreachable; %s stays", path.name)
                break
            path.unlink()
            sent += 1
        return sent
