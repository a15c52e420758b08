"""The caller's connection during a call, for the record's `connection_quality`.

- `quality_level`: from the room's `connection_quality_changed` events for the caller; the
  level the caller spent the most time at (a brief drop does not label a whole call).
- bandwidth, packet loss and jitter: from `room.get_rtc_stats()` sampled every 10 s, as the
  agent sees them: `bandwidth_in_kbps` is what it receives from the caller, `out` what it sends.
- `device_info`: from the caller's participant attributes `platform`, `os`, `browser`, `sdk`
  (set by the web client); a SIP caller's platform is `sip`.

Everything is best effort: what cannot be measured stays None, and nothing here may raise
into the call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from livekit import rtc

log = logging.getLogger(__name__)
SAMPLE_INTERVAL_S = 10.0
LEVELS = {
    rtc.ConnectionQuality.QUALITY_EXCELLENT: "excellent",
    rtc.ConnectionQuality.QUALITY_GOOD: "good",
    rtc.ConnectionQuality.QUALITY_POOR: "poor",
    rtc.ConnectionQuality.QUALITY_LOST: "lost",
}
DEVICE_ATTRIBUTES = ("platform", "os", "browser", "sdk")


@dataclass(frozen=True)
class StatsSample:
    at: float  # monotonic seconds
    bytes_in: int
    bytes_out: int
    packets_received: int
    packets_lost: int
    jitter_s: float | None


def sample_from(stats: Any, at: float) -> StatsSample:
    """Sum the audio streams of one `rtc.RtcStats` (publisher and subscriber reports)."""
    bytes_in = bytes_out = received = lost = 0
    jitters: list[float] = []
    for report in [*stats.subscriber_stats, *stats.publisher_stats]:
        kind = report.WhichOneof("stats")
        if kind == "inbound_rtp":
            bytes_in += report.inbound_rtp.inbound.bytes_received
            received += report.inbound_rtp.received.packets_received
            lost += max(report.inbound_rtp.received.packets_lost, 0)
            jitters.append(report.inbound_rtp.received.jitter)
        elif kind == "outbound_rtp":
            bytes_out += report.outbound_rtp.sent.bytes_sent
    return StatsSample(at, bytes_in, bytes_out, received, lost,
                       sum(jitters) / len(jitters) if jitters else None)


def summarise_samples(samples: list[StatsSample]) -> dict[str, float | None]:
    """Average bandwidth between the first and last sample; loss and jitter so far."""
    summary: dict[str, float | None] = {"bandwidth_in_kbps": None, "bandwidth_out_kbps": None,
                                        "packet_loss_pct": None, "jitter_ms": None}
    if not samples:
        return summary
    first, last = samples[0], samples[-1]
    elapsed = last.at - first.at
    if elapsed > 0:
        summary["bandwidth_in_kbps"] = round(max(last.bytes_in - first.bytes_in, 0) * 8
                                             / 1000 / elapsed, 1)
        summary["bandwidth_out_kbps"] = round(max(last.bytes_out - first.bytes_out, 0) * 8
                                              / 1000 / elapsed, 1)
    packets = last.packets_received + last.packets_lost
    if packets:
        summary["packet_loss_pct"] = round(100 * last.packets_lost / packets, 2)
    jitters = [s.jitter_s for s in samples if s.jitter_s is not None]
    if jitters:
        summary["jitter_ms"] = round(1000 * sum(jitters) / len(jitters), 1)
    return summary


def device_info(participant: rtc.RemoteParticipant) -> dict[str, str | None] | None:
    attributes = dict(participant.attributes or {})
    info = {name: attributes.get(name) or None for name in DEVICE_ATTRIBUTES}
    if participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_SIP and not info["platform"]:
        info["platform"] = "sip"
    return info if any(info.values()) else None


class ConnectionMonitor:
    """Watches one caller's connection for the length of a call."""

    def __init__(self, room: rtc.Room, participant: rtc.RemoteParticipant, *,
                 interval: float = SAMPLE_INTERVAL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._room, self._participant = room, participant
        self._interval, self._clock = interval, clock
        self._level: str | None = None
        self._since = clock()
        self._time_at: dict[str, float] = {}
        self._samples: list[StatsSample] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._set_level(LEVELS.get(self._participant.connection_quality))
        self._room.on("connection_quality_changed", self._on_quality)
        if hasattr(self._room, "get_rtc_stats"):
            self._task = asyncio.get_running_loop().create_task(self._sample_forever(),
                                                                name="connection-stats")

    def _on_quality(self, participant: rtc.Participant, quality: rtc.ConnectionQuality) -> None:
        try:
            if participant.identity == self._participant.identity:
                self._set_level(LEVELS.get(quality))
        except Exception as exc:  # noqa: BLE001 - measuring never breaks the call
            log.debug("connection quality not noted: %s", type(exc).__name__)

    def _set_level(self, level: str | None) -> None:
        now = self._clock()
        if self._level is not None:
            self._time_at[self._level] = self._time_at.get(self._level, 0.0) + now - self._since
        self._level, self._since = level, now

    async def _sample_forever(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                if self._room.isconnected():
                    stats = await self._room.get_rtc_stats()
                    self._samples.append(sample_from(stats, self._clock()))
            except Exception as exc:  # noqa: BLE001 - stats are optional
                log.debug("rtc stats not sampled: %s", type(exc).__name__)

    def quality_level(self) -> str | None:
        self._set_level(self._level)  # count the time at the current level
        if not self._time_at:
            return None
        return max(self._time_at.items(), key=lambda item: item[1])[0]

    def summary(self) -> dict[str, Any]:
        """The contract's connection_quality object; {} when nothing could be measured."""
        summary: dict[str, Any] = {**summarise_samples(self._samples),
                                   "quality_level": self.quality_level(),
                                   "device_info": device_info(self._participant)}
        return summary if any(v is not None for v in summary.values()) else {}

    async def aclose(self) -> None:
        self._room.off("connection_quality_changed", self._on_quality)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
