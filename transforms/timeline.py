"""When the caller means to decide or start, resolved against the call date.

"ASAP", "this week", "in two weeks", "before the end of the month", "first of next month",
"next quarter", "by March", "after our fiscal year starts in April", "next year", "no rush".
Each phrase becomes a date (or no date, for "no rush"), and the date a taxonomy bucket.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from transforms.numbers import find_numbers

# Bucket edges in days from the call: "within about two weeks", "about a month", "1-3 months".
IMMEDIATE_DAYS = 16
ONE_MONTH_DAYS = 45
QUARTER_DAYS = 100
MAX_HORIZON_DAYS = 3 * 365  # "in 2026 weeks" is a year misheard, not a plan

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS.pop("may", None)  # "may" is mostly the verb; the full month is matched separately
_SEASONS = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}

_NO_PLAN = re.compile(
    r"\b(?:no\s+rush|no\s+timeline|no\s+time\s?frame|just\s+(?:looking|browsing|exploring|"
    r"curious|researching)|not\s+sure\s+when|no\s+idea\s+when|not\s+in\s+a\s+hurry|"
    r"no\s+(?:real\s+)?deadline)\b"
)
_FIXED = [
    (re.compile(r"\b(?:asap|as\s+soon\s+as\s+possible|right\s+away|immediately|urgent\w*|"
                r"today|tonight|tomorrow|this\s+week(?:end)?|yesterday|end\s+of\s+(?:the|this)\s+week"
                r"|by\s+friday|by\s+monday)\b"), 3),
    (re.compile(r"\bnext\s+week\b"), 10),
    (re.compile(r"\b(?:end\s+of\s+(?:the|this)\s+month|this\s+month|within\s+(?:a|the)\s+month"
                r"|month'?s?\s+end)\b"), None),  # resolved to the month's last day
    (re.compile(r"\b(?:(?:the\s+)?first\s+of\s+(?:next|the)\s+month|next\s+month|in\s+a\s+month"
                r"|a\s+month\s+from\s+now)\b"), "next_month"),
    (re.compile(r"\b(?:this\s+quarter|end\s+of\s+(?:the|this)\s+quarter|q[1-4]|"
                r"in\s+a\s+(?:couple|few)\s+(?:of\s+)?months)\b"), 75),
    (re.compile(r"\bnext\s+quarter\b"), "next_quarter"),
    (re.compile(r"\b(?:next\s+year|new\s+year|not\s+(?:anytime|any\s+time)\s+soon|"
                r"later\s+(?:this|in\s+the)\s+year|end\s+of\s+(?:the\s+)?year|"
                r"next\s+fiscal\s+year)\b"), "next_year"),
]
_RELATIVE = re.compile(r"\b(?:in|within|next|about|around|over\s+the\s+next)\s+(.{1,25}?)\s*"
                       r"(day|week|month|quarter|year)s?\b")
_MONTH_NAME = re.compile(
    r"\b(?:by|in|before|after|until|around|starting|start\s+of|end\s+of|early|late|mid)?\s*"
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?"
)
_SEASON = re.compile(r"\b(?:this|next|by|in\s+the|before|after)?\s*(spring|summer|fall|autumn"
                     r"|winter)\b")


# A phrase above needs one of these words; a turn with none of them is skipped unscanned.
TIMING_WORDS = frozenset(
    "asap soon possible right immediately urgent urgently urgency today tonight tomorrow "
    "yesterday now "
    "week weeks weekend month months monthly quarter quarters year years day days friday monday "
    "rush timeline timeframe time deadline hurry looking browsing exploring curious researching "
    "sure idea end q1 q2 q3 q4 fiscal spring summer fall autumn winter".split()
    + [name.lower() for name in calendar.month_name if name]
    + [name.lower() for name in calendar.month_abbr if name] + ["sept"]
)


@dataclass(frozen=True)
class TimelineMention:
    bucket: str  # a decision_timeline id
    target: date | None
    start: int
    end: int


def bucket_for(call: date, target: date | None) -> str:
    if target is None:
        return "unknown"
    days = (target - call).days
    if days <= IMMEDIATE_DAYS:
        return "immediate"
    if days <= ONE_MONTH_DAYS:
        return "one_month"
    if days <= QUARTER_DAYS:
        return "quarter"
    return "later"


def find_timelines(lower: str, call: date, words: frozenset[str] | None = None
                   ) -> list[TimelineMention]:
    """Every timing phrase in a lower-cased clause, resolved against the call date. `words`,
    the clause's word set when the caller has it, lets a clause without timing words skip."""
    found: list[TimelineMention] = []
    if words is not None and not words & TIMING_WORDS:
        return found
    for match in _NO_PLAN.finditer(lower):
        found.append(TimelineMention("unknown", None, match.start(), match.end()))
    for pattern, rule in _FIXED:
        for match in pattern.finditer(lower):
            target = _resolve_fixed(rule, call)
            # "Next quarter" is a quarter away whatever day of this quarter it is said on.
            bucket = "quarter" if rule == "next_quarter" else bucket_for(call, target)
            found.append(TimelineMention(bucket, target, match.start(), match.end()))
    for match in _RELATIVE.finditer(lower):
        numbers = find_numbers(match.group(1))
        amount = numbers[0].value if numbers else (
            1 if re.search(r"\b(?:a|an|one)\b", match.group(1)) else None)
        days = round(amount * _UNIT_DAYS[match.group(2)]) if amount is not None else None
        if days is None or not 0 <= days <= MAX_HORIZON_DAYS:
            continue
        target = call + timedelta(days=days)
        found.append(TimelineMention(bucket_for(call, target), target, match.start(),
                                     match.end()))
    for match in _MONTH_NAME.finditer(lower):
        name = match.group(1)
        if name == "may" and not re.search(r"\b(?:in|by|until|before|after|early|late|mid)\s+may\b",
                                           match.group(0)):
            continue
        month = _MONTHS.get(name, 5)
        day = int(match.group(2)) if match.group(2) else 1
        target = _next_month_day(call, month, day)
        found.append(TimelineMention(bucket_for(call, target), target, match.start(),
                                     match.end()))
    for match in _SEASON.finditer(lower):
        target = _next_month_day(call, _SEASONS[match.group(1)], 1)
        found.append(TimelineMention(bucket_for(call, target), target, match.start(),
                                     match.end()))
    found.sort(key=lambda m: m.start)
    return _drop_overlaps(found)


def _drop_overlaps(mentions: list[TimelineMention]) -> list[TimelineMention]:
    kept: list[TimelineMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _resolve_fixed(rule, call: date) -> date:
    if isinstance(rule, int):
        return call + timedelta(days=rule)
    if rule is None:
        return call.replace(day=calendar.monthrange(call.year, call.month)[1])
    if rule == "next_month":
        year, month = (call.year + 1, 1) if call.month == 12 else (call.year, call.month + 1)
        return date(year, month, 1)
    if rule == "next_quarter":
        quarter_start_month = ((call.month - 1) // 3 + 1) * 3 + 1
        year = call.year + (quarter_start_month > 12)
        return date(year, (quarter_start_month - 1) % 12 + 1, 1)
    return date(call.year + 1, 1, 15)  # next_year


def _next_month_day(call: date, month: int, day: int) -> date:
    year = call.year
    day = min(day, calendar.monthrange(year, month)[1])
    target = date(year, month, day)
    if target < call:
        year += 1
        target = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    return target
