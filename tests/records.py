"""Small hand-written session records for analyzer tests: give the lines, get a valid record."""

from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.session_record import SessionRecord
from schemas.validation import validate_data

CALL_START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday


def _ts(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def make_record(lines: list[tuple[str, str]], *, session_id: str = "test-1",
                start: datetime = CALL_START, latencies_ms: list[float] | None = None,
                tool_calls: list[dict] | None = None, end_reason: str = "user_hangup",
                signals: dict | None = None, interrupted: set[int] = frozenset(),
                email: str | None = "dana@northwind-legal.com", **extra: Any) -> SessionRecord:
    """`lines` are (role, text) with role "agent" or "user"; each turn lasts 0.3 s a word."""
    clock = start + timedelta(seconds=1)
    transcript, metrics = [], []
    for index, (role, text) in enumerate(lines):
        gap = 0.8 if role == "agent" else 0.5
        begin = clock + timedelta(seconds=gap)
        end = begin + timedelta(seconds=max(0.5, 0.3 * len(text.split())))
        transcript.append({"index": index, "role": role, "text": text, "start_time": _ts(begin),
                           "end_time": _ts(end), "interrupted": index in interrupted})
        if role == "agent":
            latency = (latencies_ms or [])[len(metrics)] if latencies_ms and len(metrics) < len(
                latencies_ms) else 1200.0
            metrics.append({"turn_index": index, "timestamp": _ts(begin),
                            "total_latency_ms": latency, "llm_ttft_ms": latency * 0.5,
                            "tts_ttfb_ms": 200.0, "eou_delay_ms": 300.0,
                            "prompt_tokens": 1300 + 80 * index, "completion_tokens": 30,
                            "total_tokens": 1330 + 80 * index})
        clock = end
    finish = clock + timedelta(seconds=1)
    record = {
        "schema_version": "1.0",
        "session": {"session_id": session_id, "start_time": _ts(start), "end_time": _ts(finish),
                    "duration_seconds": (finish - start).total_seconds(),
                    "participant_id": "p-1", "user_email": email, "user_name": "Dana Reyes",
                    "agent_version": "test/1", "end_reason": end_reason},
        "transcript": transcript, "metrics": metrics,
        "providers": {"llm": "openai/gpt-4.1-mini", "stt": "deepgram/nova-3",
                      "tts": "cartesia/sonic-2"},
        "discovered_signals": signals or {}, "tool_calls": tool_calls or [], **extra,
    }
    result = validate_data(record)
    assert result.ok, [str(p) for p in result.errors]
    return result.record


def at(seconds: float) -> str:
    """A timestamp `seconds` into the test call, for tool calls."""
    return _ts(CALL_START + timedelta(seconds=seconds))


_TIME_KEYS = frozenset({"start_time", "end_time", "timestamp", "time"})


def shifted_to_now(record: dict, session_id: str) -> dict:
    """A copy of `record` (a JSON dict) that ended just now, with a new session id: every
    timestamp moved by the same amount, so the call is as recent as a live one."""
    end = datetime.fromisoformat(record["session"]["end_time"].replace("Z", "+00:00"))
    delta = datetime.now(UTC) - end

    def shift(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: shift(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [shift(v) for v in value]
        if key in _TIME_KEYS and isinstance(value, str):
            moved = datetime.fromisoformat(value.replace("Z", "+00:00")) + delta
            return moved.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return value

    moved = shift(record)
    moved["session"]["session_id"] = session_id
    return moved
