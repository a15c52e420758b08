"""Field types that follow JSON Schema semantics instead of Python's.

Pydantic in strict mode is close to JSON Schema, with three gaps these types close:
date-times must be RFC 3339 with a zone (`format: date-time`), an integral float such
as `3.0` is a JSON Schema integer, and a field may allow several JSON types
(`["integer", "string", "null"]`) with one clear message when it gets another.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"
)
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_JSON_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


def parse_rfc3339(value: Any) -> datetime:
    """Parse an RFC 3339 date-time with a zone, or raise a `date_time` validation error."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise PydanticCustomError("date_time", "not a date-time (RFC 3339 with a zone)")
    try:
        return datetime.fromisoformat(value.upper())
    except ValueError:
        raise PydanticCustomError("date_time", "not a date-time (RFC 3339 with a zone)") from None


def _parse_full_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _FULL_DATE.fullmatch(value):
        raise PydanticCustomError("date", "not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", "not a date (YYYY-MM-DD)") from None


def _integral_float_to_int(value: Any) -> Any:
    # JSON Schema treats 3.0 as an integer; bools stay bools so strict mode rejects them.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def json_type(*allowed: type) -> BeforeValidator:
    """Accept exactly the given JSON types (bool is never an int), else one clear error."""
    names = [_JSON_TYPE_NAMES[t] for t in allowed]
    expected = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    accepts_int = int in allowed

    def check(value: Any) -> Any:
        kind = type(value)
        if kind in allowed:
            return value
        if kind is float and accepts_int and value.is_integer():
            return int(value)
        if kind is int and float in allowed:
            return value
        raise PydanticCustomError("json_type", "not {expected}", {"expected": expected})

    return BeforeValidator(check)


Timestamp = Annotated[datetime, BeforeValidator(parse_rfc3339)]
FullDate = Annotated[date, BeforeValidator(_parse_full_date)]
JsonInt = Annotated[int, BeforeValidator(_integral_float_to_int)]
