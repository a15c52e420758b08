"""Collects one call from the framework's events and builds its session record at the end.

Attach to an `AgentSession` before `session.start` (and to the room once the caller is
known). Event handlers only note what happened; `finish()` assembles the turns, metrics and
interruptions and builds the record with `agent.record.build_record`:

- transcript: user and agent `ChatMessage`s, timed by the framework's `started_speaking_at`
  / `stopped_speaking_at` (else the message time), in the order they began;
- interruptions: an interrupted agent message is an interruption by the user when it stopped;
- metrics, per agent reply, matched by the framework's speech id: LLM time to first token and
  tokens (summed over the reply's requests, tool rounds included) from `LLMMetrics`, TTS time
  to first byte (first sentence), characters and audio from `TTSMetrics`, end-of-utterance
  delay from `EOUMetrics`, STT audio from the `STTMetrics` since the previous turn ended. A
  streaming STT reports no request duration, so `stt_duration_ms` is the transcription delay
  (end of speech to final transcript). `total_latency_ms` = end of utterance + LLM first token
  + TTS first byte: what the caller waits. Where no framework metric arrived, the message's
  own `ChatMessage.metrics` fill the latencies;
- end reason: `user_hangup` (caller left), `participant_disconnected` (caller dropped),
  `agent_ended`, `error`, `timeout` (set by the worker), else `unknown`.

Nothing here may break a call: every handler catches and logs (types only, never content).
A record that does not validate is not published; the raw collection goes to
`AGENT_FAILED_DIR` (default data/agent/failed/<session>.json) for a person to look at.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from livekit import rtc
from livekit.agents import AgentSession, CloseReason, llm
from livekit.agents.metrics import EOUMetrics, LLMMetrics, STTMetrics, TTSMetrics
from livekit.agents.voice.speech_handle import SpeechHandle

from agent.connection import ConnectionMonitor
from agent.record import CollectedMetrics, CollectedSession, CollectedTurn, build_record
from agent.tools import other_call
from schemas.validation import InvalidRecord

log = logging.getLogger(__name__)
SELF_RECORDING_TOOLS = frozenset({"unleash_search_knowledge", "book_sales_meeting",
                                  "record_discovered_signals"})
CLOSE_REASONS = {
    CloseReason.PARTICIPANT_DISCONNECTED: "user_hangup",
    CloseReason.USER_INITIATED: "agent_ended",
    CloseReason.TASK_COMPLETED: "agent_ended",
    CloseReason.ERROR: "error",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")
_F = TypeVar("_F", bound=Callable[..., Any])


def session_id_for(room_name: str | None, job_id: str | None) -> str:
    """`room:job` in the contract's alphabet (at most 128 characters), else a fresh uuid."""
    parts = [_UNSAFE.sub("-", p).strip("-") for p in (room_name, job_id) if p]
    joined = ":".join(p for p in parts if p)
    return joined[-128:] if joined else f"session-{uuid.uuid4().hex}"


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _ms(seconds: float | None) -> float | None:
    return seconds * 1000 if seconds is not None and seconds >= 0 else None


def _guarded(handler: _F) -> _F:
    """Collection must never break the call: log the failure (its type only) and go on."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - see docstring
            log.warning("collector: %s failed (%s)", handler.__name__, type(exc).__name__)
            return None

    return wrapper  # type: ignore[return-value]


@dataclass
class _ReplyMetrics:
    """The framework's metrics for one speech (one agent reply, tool rounds included)."""

    llm: list[LLMMetrics] = field(default_factory=list)
    tts: list[TTSMetrics] = field(default_factory=list)
    stt: list[STTMetrics] = field(default_factory=list)
    eou: EOUMetrics | None = None


class SessionCollector:
    """Fills a `CollectedSession` for one call; `finish()` turns it into the record."""

    def __init__(self, collected: CollectedSession, *, failed_dir: Path | None = None) -> None:
        self.collected = collected
        self.failed_dir = failed_dir or Path(os.environ.get("AGENT_FAILED_DIR")
                                             or "data/agent/failed")
        self._messages: dict[str, llm.ChatMessage] = {}
        self._speeches: list[SpeechHandle] = []
        self._replies: defaultdict[str, _ReplyMetrics] = defaultdict(_ReplyMetrics)
        self._unassigned_stt: list[STTMetrics] = []
        self._closed_because: str | None = None
        self._caller_left: str | None = None
        self._explicit_reason: str | None = None
        self._connection: ConnectionMonitor | None = None

    @classmethod
    def begin(cls, session_id: str, participant_id: str, agent_version: str, *,
              room_name: str | None = None, providers: dict[str, str] | None = None,
              failed_dir: Path | None = None) -> SessionCollector:
        collected = CollectedSession(session_id=session_id, participant_id=participant_id,
                                     agent_version=agent_version, started_at=datetime.now(UTC),
                                     room_name=room_name, providers=dict(providers or {}))
        return cls(collected, failed_dir=failed_dir)

    # -- wiring ---------------------------------------------------------------------------

    def attach(self, session: AgentSession) -> None:
        """Listen to the session; call before `session.start` so nothing is missed."""
        session.on("conversation_item_added", self._on_item)
        session.on("speech_created", self._on_speech)
        session.on("metrics_collected", self._on_metrics)
        session.on("function_tools_executed", self._on_tools)
        session.on("close", self._on_close)

    @_guarded
    def attach_room(self, room: rtc.Room, participant: rtc.RemoteParticipant) -> None:
        """The caller: identity, account email and name, device and connection."""
        attributes = dict(participant.attributes or {})
        self.collected.participant_id = participant.identity or self.collected.participant_id
        self.collected.user_email = attributes.get("email") or self.collected.user_email
        self.collected.user_name = (attributes.get("name") or participant.name
                                    or self.collected.user_name)
        room.on("participant_disconnected", self._on_participant_disconnected)
        self._connection = ConnectionMonitor(room, participant)
        self._connection.start()

    def set_end_reason(self, reason: str) -> None:
        """Why the call ended, when the worker knows better than the framework (timeout)."""
        self._explicit_reason = reason

    # -- event handlers: note, never assemble ---------------------------------------------

    @_guarded
    def _on_item(self, event: Any) -> None:
        item = event.item
        if isinstance(item, llm.ChatMessage) and item.role in ("user", "assistant"):
            self._messages[item.id] = item

    @_guarded
    def _on_speech(self, event: Any) -> None:
        self._speeches.append(event.speech_handle)

    @_guarded
    def _on_metrics(self, event: Any) -> None:
        metrics = event.metrics
        if isinstance(metrics, STTMetrics):
            if metrics.audio_duration > 0 or metrics.duration > 0:
                self._unassigned_stt.append(metrics)
        elif isinstance(metrics, EOUMetrics) and metrics.speech_id:
            reply = self._replies[metrics.speech_id]
            reply.eou = metrics
            reply.stt.extend(self._unassigned_stt)
            self._unassigned_stt = []
        elif isinstance(metrics, LLMMetrics) and metrics.speech_id:
            self._replies[metrics.speech_id].llm.append(metrics)
        elif isinstance(metrics, TTSMetrics) and metrics.speech_id:
            self._replies[metrics.speech_id].tts.append(metrics)

    @_guarded
    def _on_tools(self, event: Any) -> None:
        for call, output in event.zipped():
            if call.name in SELF_RECORDING_TOOLS:
                continue
            arguments = _json_or_text(call.arguments or "{}")
            self.collected.tool_calls.append(other_call(
                call.name, arguments if isinstance(arguments, dict) else None,
                _json_or_text(output.output) if output is not None else None,
                _when(call.created_at)))

    @_guarded
    def _on_close(self, event: Any) -> None:
        self.collected.ended_at = _when(event.created_at)
        self._closed_because = CLOSE_REASONS.get(event.reason)

    @_guarded
    def _on_participant_disconnected(self, participant: rtc.RemoteParticipant) -> None:
        if participant.identity != self.collected.participant_id:
            return
        client_left = participant.disconnect_reason in (
            rtc.DisconnectReason.CLIENT_INITIATED, rtc.DisconnectReason.ROOM_DELETED)
        self._caller_left = "user_hangup" if client_left else "participant_disconnected"

    # -- the end ----------------------------------------------------------------------------

    def _end_reason(self) -> str:
        if self._explicit_reason:
            return self._explicit_reason
        if self._closed_because == "user_hangup":
            return self._caller_left or "user_hangup"
        return self._closed_because or self._caller_left or "unknown"

    def _speech_of_messages(self) -> dict[str, str]:
        speech_of: dict[str, str] = {}
        for handle in self._speeches:
            for item in handle.chat_items:
                if isinstance(item, llm.ChatMessage):
                    speech_of.setdefault(item.id, handle.id)
        return speech_of

    def _assemble(self) -> None:
        """Turns, interruptions and per-reply metrics from what the handlers noted."""
        collected = self.collected
        speech_of = self._speech_of_messages()
        timed = sorted(((_turn(m), m) for m in self._messages.values() if m.text_content),
                       key=lambda pair: pair[0].start_time)
        collected.turns = [turn for turn, _ in timed]
        collected.interruptions, collected.metrics = [], []
        measured: set[str] = set()
        for position, (turn, message) in enumerate(timed):
            if turn.role != "agent":
                continue
            if turn.interrupted:
                collected.interruptions.append((turn.end_time, position, "user"))
            speech = speech_of.get(message.id)
            if speech in measured:
                continue  # a reply spoken in several messages is measured once, on its first
            if speech is not None:
                measured.add(speech)
            entry = _reply_metrics(position, turn, message, self._replies.get(speech or ""))
            if entry is not None:
                collected.metrics.append(entry)
        collected.end_reason = self._end_reason()
        collected.ended_at = collected.ended_at or datetime.now(UTC)
        if self._connection is not None:
            collected.connection = self._connection.summary()

    def finish(self) -> dict | None:
        """The session record, or None when none valid can be built (then the collection is
        kept in the failed folder, and nothing is published)."""
        try:
            self._assemble()
            return build_record(self.collected)
        except InvalidRecord as exc:
            log.error("session %s: record invalid (%d problems), kept in %s",
                      self.collected.session_id, len(exc.problems), self.failed_dir)
        except Exception as exc:  # noqa: BLE001 - the caller must still get a clean end
            log.error("session %s: record not built (%s)", self.collected.session_id,
                      type(exc).__name__)
        self.keep_failed()
        return None

    def keep_failed(self) -> None:
        """Write the raw collection as JSON for a person, when no valid record came of it."""
        try:
            self.failed_dir.mkdir(parents=True, exist_ok=True)
            path = self.failed_dir / f"{session_id_for(self.collected.session_id, None)}.json"
            path.write_text(json.dumps(dataclasses.asdict(self.collected), default=str,
                                       indent=2))
        except Exception as exc:  # noqa: BLE001 - nothing more can be done
            log.error("failed collection not kept (%s)", type(exc).__name__)

    async def aclose(self) -> None:
        """Stop watching the connection (its summary stays available)."""
        if self._connection is not None:
            try:
                await self._connection.aclose()
            except Exception as exc:  # noqa: BLE001
                log.debug("connection monitor not closed: %s", type(exc).__name__)


def _turn(message: llm.ChatMessage) -> CollectedTurn:
    report = message.metrics or {}
    start = report.get("started_speaking_at") or message.created_at
    end = report.get("stopped_speaking_at") or max(message.created_at, start)
    user = message.role == "user"
    return CollectedTurn(role="user" if user else "agent", text=message.text_content or "",
                         start_time=_when(start), end_time=_when(max(end, start)),
                         interrupted=bool(message.interrupted) and not user,
                         stt_confidence=message.transcript_confidence if user else None)


def _reply_metrics(position: int, turn: CollectedTurn, message: llm.ChatMessage,
                   reply: _ReplyMetrics | None) -> CollectedMetrics | None:
    """One agent turn's metrics: the framework's per-request metrics for its speech, with the
    message's own latencies where those are missing."""
    report = message.metrics or {}
    reply = reply or _ReplyMetrics()
    first_llm = next((m for m in reply.llm if m.ttft >= 0), None)
    first_tts = next((m for m in reply.tts if m.ttfb >= 0), None)
    llm_ttft = _ms(first_llm.ttft) if first_llm else _ms(report.get("llm_node_ttft"))
    tts_ttfb = _ms(first_tts.ttfb) if first_tts else _ms(report.get("tts_node_ttfb"))
    eou = _ms(reply.eou.end_of_utterance_delay) if reply.eou else None
    stt_requests = sum(m.duration for m in reply.stt)
    stt_duration = _ms(stt_requests) if stt_requests > 0 else (
        _ms(reply.eou.transcription_delay) if reply.eou else None)
    entry = CollectedMetrics(
        turn=position, timestamp=turn.start_time, eou_delay_ms=eou, llm_ttft_ms=llm_ttft,
        tts_ttfb_ms=tts_ttfb, stt_duration_ms=stt_duration,
        total_latency_ms=(eou + llm_ttft + tts_ttfb
                          if None not in (eou, llm_ttft, tts_ttfb) else None),
        prompt_tokens=sum(m.prompt_tokens for m in reply.llm) if reply.llm else None,
        completion_tokens=sum(m.completion_tokens for m in reply.llm) if reply.llm else None,
        total_tokens=sum(m.total_tokens for m in reply.llm) if reply.llm else None,
        stt_audio_duration_ms=_ms(sum(m.audio_duration for m in reply.stt)) if reply.stt
        else None,
        tts_characters_count=sum(m.characters_count for m in reply.tts) if reply.tts else None,
        tts_audio_duration_ms=_ms(sum(m.audio_duration for m in reply.tts)) if reply.tts
        else None)
    measured = [v for k, v in dataclasses.asdict(entry).items()
                if k not in ("turn", "timestamp") and v is not None]
    return entry if measured else None
