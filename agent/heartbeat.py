"""Heartbeats for the Agent Down alert: every minute the worker says it is alive.

To `AGENT_HEARTBEAT_TOPIC` (Pub/Sub, attributes `event_type=agent_heartbeat`), or without one
to the file `AGENT_HEARTBEAT_FILE` (default data/agent/heartbeat.json). `voice-analytics alerts
monitor --heartbeats SUBSCRIPTION|FILE` raises Agent Down when they stop.
"""

import asyncio
import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

import orjson

from schemas.attributes import rfc3339

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 60.0
EVENT_TYPE = "agent_heartbeat"


def heartbeat(agent_version: str) -> dict[str, str]:
    return {"event_type": EVENT_TYPE, "agent_version": agent_version,
            "worker": f"{socket.gethostname()}:{os.getpid()}",
            "sent_at": rfc3339(datetime.now(UTC))}


def send_heartbeat(agent_version: str, topic: str | None, path: Path) -> None:
    beat = heartbeat(agent_version)
    if topic:
        from google.cloud import pubsub_v1

        pubsub_v1.PublisherClient().publish(topic, orjson.dumps(beat), **beat).result(timeout=10)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(orjson.dumps(beat))
    temporary.replace(path)


async def _beat_forever(agent_version: str, topic: str | None, path: Path,
                        interval: float) -> None:
    while True:
        try:
            await asyncio.to_thread(send_heartbeat, agent_version, topic, path)
        except Exception as exc:  # noqa: BLE001 - a missed beat must not stop the agent
            log.warning("heartbeat not sent: %s", type(exc).__name__)
        await asyncio.sleep(interval)


def start_heartbeats(agent_version: str,
                     interval: float = INTERVAL_SECONDS) -> asyncio.Task | None:
    """Beat in the background of the running event loop; the task, or None without one."""
    topic = os.environ.get("AGENT_HEARTBEAT_TOPIC") or None
    path = Path(os.environ.get("AGENT_HEARTBEAT_FILE") or "data/agent/heartbeat.json")
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.create_task(_beat_forever(agent_version, topic, path, interval),
                            name="agent-heartbeats")
