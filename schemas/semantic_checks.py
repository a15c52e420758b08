"""Checks on a schema-valid record that JSON Schema cannot express.

Errors mean the record cannot be analysed truthfully (a reference that points nowhere, time
running backwards, a turn too large to be speech): the record goes to the dead letters.
Warnings mean the record is usable but something is off (clock drift, a duration that does not
match its times): it is processed and the warnings travel with it to the warehouse.
The table in schemas/README.md is the reference; keep the two in step.
"""

from dataclasses import dataclass
from datetime import datetime

from schemas.session_record import SessionRecord

MAX_TURN_TEXT_CHARS = 32_768  # about 35 minutes of uninterrupted speech in one turn
DURATION_TOLERANCE_S = 1.0
CLOCK_SKEW_TOLERANCE_S = 2.0


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class SemanticFindings:
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def check_semantics(record: SessionRecord) -> SemanticFindings:
    errors: list[Problem] = []
    warnings: list[Problem] = []
    times_sane = _check_session_times(record, errors, warnings)
    _check_transcript(record, errors, warnings if times_sane else [])
    _check_metrics(record, errors, warnings)
    _check_interruptions(record, errors)
    if times_sane:
        _check_tool_call_times(record, warnings)
    return SemanticFindings(tuple(errors), tuple(warnings))


def _seconds(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds()


def _check_session_times(record: SessionRecord, errors: list, warnings: list) -> bool:
    """False when the session window itself is broken (then nothing is 'outside' it)."""
    session = record.session
    elapsed = _seconds(session.start_time, session.end_time)
    if elapsed < 0:
        errors.append(Problem("session.end_time", f"{-elapsed:.3f} s before session.start_time"))
        return False
    if abs(session.duration_seconds - elapsed) > DURATION_TOLERANCE_S:
        warnings.append(Problem(
            "session.duration_seconds",
            f"{session.duration_seconds:g} s but end_time - start_time is {elapsed:.3f} s",
        ))
    return True


def _check_transcript(record: SessionRecord, errors: list, warnings: list) -> None:
    session = record.session
    seen: set[int] = set()
    previous = -1
    for position, turn in enumerate(record.transcript):
        path = f"transcript[{position}]"
        if turn.index in seen:
            errors.append(Problem(f"{path}.index", f"{turn.index} is used by an earlier turn"))
        elif turn.index < previous:
            errors.append(Problem(f"{path}.index", f"{turn.index} comes after {previous}"))
        seen.add(turn.index)
        previous = max(previous, turn.index)
        if len(turn.text) > MAX_TURN_TEXT_CHARS:
            errors.append(Problem(
                f"{path}.text",
                f"{len(turn.text):,} characters, over the limit of {MAX_TURN_TEXT_CHARS:,}",
            ))
        if turn.end_time < turn.start_time:
            errors.append(Problem(f"{path}.end_time", "before the turn's start_time"))
        outside = _outside(turn.start_time, session.start_time, session.end_time) or _outside(
            turn.end_time, session.start_time, session.end_time)
        if outside:
            warnings.append(Problem(path, f"{outside} the session"))


def _check_metrics(record: SessionRecord, errors: list, warnings: list) -> None:
    roles = {turn.index: turn.role for turn in record.transcript}
    measured: set[int] = set()
    for position, entry in enumerate(record.metrics):
        path = f"metrics[{position}].turn_index"
        role = roles.get(entry.turn_index)
        if role is None:
            errors.append(Problem(path, f"{entry.turn_index} is not a turn of the transcript"))
        elif role != "agent":
            errors.append(Problem(path, f"{entry.turn_index} is a {role} turn, not an agent turn"))
        elif entry.turn_index in measured:
            warnings.append(Problem(path, f"turn {entry.turn_index} already has a metrics entry"))
        measured.add(entry.turn_index)


def _check_interruptions(record: SessionRecord, errors: list) -> None:
    indexes = {turn.index for turn in record.transcript}
    for position, marker in enumerate(record.interruptions):
        if marker.interrupted_turn_index not in indexes:
            errors.append(Problem(
                f"interruptions[{position}].interrupted_turn_index",
                f"{marker.interrupted_turn_index} is not a turn of the transcript",
            ))


def _check_tool_call_times(record: SessionRecord, warnings: list) -> None:
    session = record.session
    for position, call in enumerate(record.tool_calls):
        outside = _outside(call.timestamp, session.start_time, session.end_time)
        if outside:
            warnings.append(Problem(f"tool_calls[{position}].timestamp", f"{outside} the session"))


def _outside(moment: datetime, start: datetime, end: datetime) -> str | None:
    """Describe how far `moment` falls outside [start, end], past the clock-skew tolerance."""
    before = _seconds(moment, start)
    if before > CLOCK_SKEW_TOLERANCE_S:
        return f"{before:.1f} s before"
    after = _seconds(end, moment)
    if after > CLOCK_SKEW_TOLERANCE_S:
        return f"{after:.1f} s after"
    return None
