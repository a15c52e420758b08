"""Millisecond clock helpers: epoch milliseconds <-> RFC 3339 strings with Z and milliseconds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_MS = 86_400_000
# Day prefixes are cached because formatting runs ~100 times per record.
_DAY_PREFIX: dict[int, str] = {}
_DAY_DATE: dict[int, date] = {}


def to_ms(moment: datetime) -> int:
    """Epoch milliseconds of a datetime (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return (delta.days * _DAY_MS) + delta.seconds * 1000 + delta.microseconds // 1000


def day_of(ms: int) -> date:
    """The UTC calendar date of an epoch-millisecond instant."""
    day = ms // _DAY_MS
    found = _DAY_DATE.get(day)
    if found is None:
        found = _DAY_DATE[day] = (_EPOCH + timedelta(days=day)).date()
    return found


def iso(ms: int) -> str:
    """Format epoch milliseconds as e.g. 2026-01-14T17:20:05.000Z."""
    day, rem = divmod(ms, _DAY_MS)
    prefix = _DAY_PREFIX.get(day)
    if prefix is None:
        prefix = _DAY_PREFIX[day] = day_of(ms).isoformat()
    sec, milli = divmod(rem, 1000)
    minute, s = divmod(sec, 60)
    h, m = divmod(minute, 60)
    return f"{prefix}T{h:02d}:{m:02d}:{s:02d}.{milli:03d}Z"


def date_ms(day: date) -> int:
    """Epoch milliseconds of midnight UTC at the start of `day`."""
    return (day - _EPOCH.date()).days * _DAY_MS
