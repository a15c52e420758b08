"""What the agent collects during a call, and the session record (the contract) built from it.

The collector (`agent/collector.py`) fills a `CollectedSession` as the call goes; at the end
`build_record` turns it into the contract's JSON shape, numbering turns, closing open times,
and validating it with `schemas/`. Pure: no LiveKit, no I/O, so it is tested on its own.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from schemas.attributes import rfc3339
from schemas.validation import InvalidRecord, validate_data

SCHEMA_VERSION = "1.0"
SIGNAL_FIELDS = ("team_size", "monthly_volume", "integration_needs", "industry", "location",
                 "use_case", "current_tool", "pain_points", "decision_timeline",
                 "budget_authority", "urgency", "qualification_tier")
LIST_SIGNALS = frozenset({"integration_needs", "pain_points"})


@dataclass
class CollectedTurn:
    role: str  # "user" or "agent"
    text: str
    start_time: datetime
    end_time: datetime
    interrupted: bool = False
    stt_confidence: float | None = None


@dataclass
class CollectedMetrics:
    """LiveKit's metrics for one agent turn (reply), in milliseconds; None when not measured."""

    turn: int  # position in `CollectedSession.turns` of the agent turn they belong to
    timestamp: datetime
    eou_delay_ms: float | None = None
    llm_ttft_ms: float | None = None
    tts_ttfb_ms: float | None = None
    stt_duration_ms: float | None = None
    total_latency_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    stt_audio_duration_ms: float | None = None
    tts_characters_count: int | None = None
    tts_audio_duration_ms: float | None = None


@dataclass
class CollectedSession:
    session_id: str
    participant_id: str
    agent_version: str
    started_at: datetime
    room_name: str | None = None
    user_email: str | None = None
    user_name: str | None = None
    ended_at: datetime | None = None
    end_reason: str = "unknown"
    turns: list[CollectedTurn] = field(default_factory=list)
    interruptions: list[tuple[datetime, int, str]] = field(default_factory=list)  # time, turn, by
    metrics: list[CollectedMetrics] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # contract shape
    signals: dict[str, Any] = field(default_factory=dict)
    providers: dict[str, str] = field(default_factory=dict)
    connection: dict[str, Any] = field(default_factory=dict)  # contract connection_quality

    def record_signal(self, name: str, value: Any) -> None:
        """A discovered signal as the caller revealed it; list signals accumulate."""
        if name not in SIGNAL_FIELDS or value in (None, "", []):
            return
        if name in LIST_SIGNALS:
            values = value if isinstance(value, list) else [value]
            known = self.signals.setdefault(name, [])
            known.extend(v for v in map(str, values) if v not in known)
        else:
            self.signals[name] = value


def _turn(index: int, turn: CollectedTurn) -> dict:
    end = max(turn.end_time, turn.start_time)
    item = {"index": index, "role": turn.role, "text": turn.text,
            "start_time": rfc3339(turn.start_time), "end_time": rfc3339(end),
            "interrupted": turn.interrupted}
    if turn.stt_confidence is not None:
        item["stt_confidence"] = round(min(max(turn.stt_confidence, 0.0), 1.0), 4)
    return item


def _metrics(entry: CollectedMetrics, index: int) -> dict:
    values = {name: getattr(entry, name) for name in (
        "eou_delay_ms", "llm_ttft_ms", "tts_ttfb_ms", "stt_duration_ms", "total_latency_ms",
        "stt_audio_duration_ms", "tts_audio_duration_ms")}
    counts = {name: getattr(entry, name) for name in (
        "prompt_tokens", "completion_tokens", "total_tokens", "tts_characters_count")}
    return {"turn_index": index, "timestamp": rfc3339(entry.timestamp),
            **{k: round(max(v, 0.0), 3) if v is not None else None for k, v in values.items()},
            **{k: int(v) if v is not None else None for k, v in counts.items()}}


def build_record(collected: CollectedSession) -> dict:
    """The contract's session record; raises `InvalidRecord` (a ValueError) naming every
    problem if the collected data cannot make a valid one."""
    ended = collected.ended_at or datetime.now(UTC)
    turns = [t for t in collected.turns if t.text.strip()]
    positions = {id(t): i for i, t in enumerate(turns)}
    by_collected = {i: positions.get(id(t)) for i, t in enumerate(collected.turns)}
    signals = {name: collected.signals.get(name, [] if name in LIST_SIGNALS else None)
               for name in SIGNAL_FIELDS}
    record = {
        "schema_version": SCHEMA_VERSION,
        "session": {
            "session_id": collected.session_id,
            "start_time": rfc3339(collected.started_at),
            "end_time": rfc3339(max(ended, collected.started_at)),
            "duration_seconds": round(max((ended - collected.started_at).total_seconds(), 0), 3),
            "participant_id": collected.participant_id,
            "user_email": collected.user_email,
            "user_name": collected.user_name,
            "agent_version": collected.agent_version,
            "room_name": collected.room_name,
            "end_reason": collected.end_reason,
        },
        "transcript": [_turn(i, t) for i, t in enumerate(turns)],
        "interruptions": [
            {"time": rfc3339(at), "interrupted_turn_index": by_collected[turn], "by": by}
            for at, turn, by in collected.interruptions if by_collected.get(turn) is not None],
        "metrics": [
            _metrics(m, by_collected[m.turn]) for m in collected.metrics
            if by_collected.get(m.turn) is not None
            and turns[by_collected[m.turn]].role == "agent"],
        "providers": collected.providers,
        "discovered_signals": signals,
        "tool_calls": collected.tool_calls,
    }
    if collected.connection:
        record["connection_quality"] = collected.connection
    result = validate_data(record)
    if not result.ok:
        raise InvalidRecord(result.errors)
    return record
