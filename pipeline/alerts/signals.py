"""What the operational alerts measure (spec 7.1, 7.2), defined once.

Every call and every failed message becomes an `Observation` at its event time (a call: when
it ended; a failure: when it failed). Over each window, `WindowStats` adds them up:

- **error rate**: (calls that ended in error + messages that could not be processed, i.e.
  dead letters of DecodeAndValidate) / (calls + such messages);
- **API failures**: dead letters of the sinks (warehouse, Salesforce, Amplitude);
- **average latency**: mean of `total_latency_ms` over the agent turns of the window's calls
  (turns the performance analyzer excludes, such as interrupted ones, left out), also per
  minute for "sustained";
- **token usage**: total tokens of the window's calls, per minute;
- **cost burn**: the calls' cost in USD, projected to an hour;
- **connection quality**: the share of calls with a poor or lost connection, packet loss
  or jitter over the config's limits.
"""

from dataclasses import dataclass, field
from datetime import datetime

from pipeline.messages import DeadLetter
from pipeline.rows import StoredSession
from transforms.performance import excluded_turns

SINK_STEPS = frozenset({"WriteWarehouse", "WriteSalesforce", "WriteAmplitude"})


@dataclass(frozen=True)
class Observation:
    at: datetime
    call: bool = False
    error: bool = False  # a call that ended in error, or a message that could not be read
    api_failure: bool = False
    latency_sum_ms: float = 0.0
    latency_turns: int = 0
    tokens: int = 0
    cost_usd: float = 0.0
    connection_known: bool = False
    poor_connection: bool = False


def call_observation(stored: StoredSession, connection_limits: dict) -> Observation:
    record, performance = stored.record, stored.analysis.performance
    excluded = excluded_turns(record)
    latencies = [m.total_latency_ms for m in record.metrics
                 if m.total_latency_ms is not None and m.turn_index not in excluded]
    quality = record.connection_quality
    poor = bool(quality) and (
        quality.quality_level in ("poor", "lost")
        or (quality.packet_loss_pct or 0) > connection_limits["packet_loss_pct"]
        or (quality.jitter_ms or 0) > connection_limits["jitter_ms"])
    return Observation(
        at=record.session.end_time, call=True, error=record.session.end_reason == "error",
        latency_sum_ms=sum(latencies), latency_turns=len(latencies),
        tokens=performance.tokens.total_tokens, cost_usd=performance.cost_usd_total,
        connection_known=quality is not None, poor_connection=poor)


def failure_observation(letter: DeadLetter) -> Observation:
    at = datetime.fromisoformat(letter.failed_at)
    if letter.step in SINK_STEPS:
        return Observation(at=at, api_failure=True)
    return Observation(at=at, error=True)


@dataclass
class WindowStats:
    calls: int = 0
    unreadable: int = 0
    errors: int = 0
    api_failures: int = 0
    latency_sum_ms: float = 0.0
    latency_turns: int = 0
    tokens: int = 0
    cost_usd: float = 0.0
    connection_known: int = 0
    poor_connections: int = 0
    # minute (epoch seconds // 60) -> [latency sum, turns], for "sustained"
    minutes: dict[int, list[float]] = field(default_factory=dict)

    def add(self, seen: Observation) -> "WindowStats":
        self.calls += seen.call
        self.unreadable += seen.error and not seen.call
        self.errors += seen.error
        self.api_failures += seen.api_failure
        self.latency_sum_ms += seen.latency_sum_ms
        self.latency_turns += seen.latency_turns
        self.tokens += seen.tokens
        self.cost_usd += seen.cost_usd
        self.connection_known += seen.connection_known
        self.poor_connections += seen.poor_connection
        if seen.latency_turns:
            minute = self.minutes.setdefault(int(seen.at.timestamp()) // 60, [0.0, 0])
            minute[0] += seen.latency_sum_ms
            minute[1] += seen.latency_turns
        return self

    def merge(self, other: "WindowStats") -> "WindowStats":
        for name in ("calls", "unreadable", "errors", "api_failures", "latency_sum_ms",
                     "latency_turns", "tokens", "cost_usd", "connection_known",
                     "poor_connections"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for minute, (total, turns) in other.minutes.items():
            mine = self.minutes.setdefault(minute, [0.0, 0])
            mine[0] += total
            mine[1] += turns
        return self

    @property
    def attempts(self) -> int:
        return self.calls + self.unreadable

    @property
    def error_rate(self) -> float | None:
        return self.errors / self.attempts if self.attempts else None

    @property
    def average_latency_ms(self) -> float | None:
        return self.latency_sum_ms / self.latency_turns if self.latency_turns else None

    def minute_averages(self, first_minute: int, minutes: int) -> list[float | None]:
        """Average latency of each minute from `first_minute`; None for a minute without
        turns."""
        return [self.minutes[m][0] / self.minutes[m][1] if m in self.minutes else None
                for m in range(first_minute, first_minute + minutes)]
