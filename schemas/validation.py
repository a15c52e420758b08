"""Turn message bytes into a `SessionRecord`, or into problems that name the field.

One entry point for every consumer (pipeline, CLI, agent): `validate_payload(raw)`. Nothing
it is given makes it raise anything but `InvalidRecord` (from `parse_record`); every problem
comes back as `path: message`, e.g. `transcript[3].start_time: not a date-time (RFC 3339 ...)`.
"""

from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError

from schemas.semantic_checks import Problem, check_semantics
from schemas.session_record import TOOL_CALL_TAGS, SessionRecord

ROOT = "$"

_MESSAGES = {
    "missing": "required",
    "string_type": "not a string",
    "int_type": "not an integer",
    "int_from_float": "not an integer",
    "float_type": "not a number",
    "bool_type": "not a boolean",
    "list_type": "not an array",
    "dict_type": "not an object",
    "model_type": "not an object",
    "model_attributes_type": "not an object",
    "finite_number": "not a finite number",
}


@dataclass(frozen=True)
class ValidationResult:
    record: SessionRecord | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.errors


class InvalidRecord(ValueError):
    """A payload that is not a valid session record; `problems` name each field."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def validate_payload(raw: bytes | str) -> ValidationResult:
    """Decode, schema-check and semantically check one message body."""
    if isinstance(raw, bytes):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"not UTF-8: {exc.reason} at byte {exc.start}"
            return ValidationResult(None, (Problem(ROOT, reason),))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return ValidationResult(None, (Problem(ROOT, f"not JSON: {exc}"),))
    return validate_data(data)


def validate_data(data: Any) -> ValidationResult:
    """Check already-decoded JSON (a dict) against the contract and the semantic rules."""
    if not isinstance(data, dict):
        return ValidationResult(None, (Problem(ROOT, "not an object"),))
    try:
        record = SessionRecord.model_validate(data)
    except ValidationError as exc:
        return ValidationResult(None, tuple(_problem(e) for e in exc.errors()))
    findings = check_semantics(record)
    if findings.errors:
        return ValidationResult(None, findings.errors, findings.warnings)
    return ValidationResult(record, (), findings.warnings)


def parse_record(raw: bytes | str) -> SessionRecord:
    """The record, or `InvalidRecord` listing every problem."""
    result = validate_payload(raw)
    if not result.ok:
        raise InvalidRecord(result.errors)
    return result.record


def json_path(loc: tuple[Any, ...]) -> str:
    """('transcript', 3, 'start_time') -> 'transcript[3].start_time'."""
    path = ""
    previous: Any = None
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif isinstance(previous, int) and part in TOOL_CALL_TAGS:
            pass  # the discriminated-union branch name is ours, not a field of the record
        else:
            path += f".{part}" if path else str(part)
        previous = part
    return path or ROOT


def _problem(error: dict) -> Problem:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _MESSAGES:
        message = _MESSAGES[kind]
    elif kind == "literal_error":
        message = f"not one of {ctx.get('expected')}"
    elif kind == "string_pattern_mismatch":
        message = f"does not match {ctx.get('pattern')}"
    elif kind == "string_too_short":
        message = f"shorter than {ctx.get('min_length')} characters"
    elif kind == "string_too_long":
        message = f"longer than {ctx.get('max_length')} characters"
    elif kind == "greater_than_equal":
        message = f"below the minimum {ctx.get('ge')}"
    elif kind == "less_than_equal":
        message = f"above the maximum {ctx.get('le')}"
    else:
        message = error["msg"]
    return Problem(json_path(error["loc"]), message)
