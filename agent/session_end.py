"""The end of a call: build its one session record and hand it to the publisher, once.

The publisher (`agent.publisher.SessionPublisher`) blocks (Pub/Sub, retries, spooling), so it
runs in a thread. An invalid record is never published (the collector keeps the raw data).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from agent.collector import SessionCollector

log = logging.getLogger(__name__)


class Publisher(Protocol):
    def publish(self, record: dict) -> Any: ...


class SessionEnd:
    """Publishes the collector's record the first time it is called, and never again."""

    def __init__(self, collector: SessionCollector, publisher: Publisher | None) -> None:
        self.collector = collector
        self.publisher = publisher
        self.record: dict | None = None
        self.outcome: Any = None
        self._done = asyncio.Lock()
        self._finished = False

    async def __call__(self, *_reason: object) -> None:
        async with self._done:
            if self._finished:
                return
            self._finished = True
            await self.collector.aclose()
            self.record = self.collector.finish()
            if self.record is None:
                return
            session_id = self.record["session"]["session_id"]
            if self.publisher is None:
                log.error("session %s: no publisher configured, record not sent", session_id)
                return
            try:
                self.outcome = await asyncio.to_thread(self.publisher.publish, self.record)
            except Exception as exc:  # noqa: BLE001 - the job must still shut down cleanly
                log.error("session %s: publishing failed (%s)", session_id, type(exc).__name__)
                self.collector.keep_failed()
                return
            log.info("session %s: record %s", session_id,
                     getattr(self.outcome, "status", "handed over"))
