"""Team size and monthly document volume from what the caller says.

A number counts as a team size when people words are around it ("twelve reps", "team of
eight") or it answers the agent's "how many people...?"; as a volume when documents and a
period are around it ("about thirty a week") or it answers "how many ... a month?". A later
correction ("actually, more like twenty-five") replaces an earlier figure.
"""

import re
from dataclasses import dataclass

from transforms.conversation import Conversation, Utterance
from transforms.mentions import quote_around
from transforms.numbers import NumberMention, find_numbers

MAX_TEAM_SIZE = 100_000
MAX_MONTHLY_VOLUME = 10_000_000
WORKING_DAYS_PER_MONTH = 21
_PERIOD_PER_MONTH = {"day": WORKING_DAYS_PER_MONTH, "week": 52 / 12, "month": 1,
                     "quarter": 1 / 3, "year": 1 / 12}
_PERIOD_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
                 "annually": "year", "yearly": "year", "annual": "year"}

_PEOPLE_AFTER = re.compile(
    r"^[\s-]*(?:(?:full[- ]time|part[- ]time|sales|inside|field|account|other|more|new|total|"
    r"of\s+(?:my|our|the))\s+)*"
    r"(?P<noun>person\s+(?:team|company|shop|firm|business|agency)|people|persons?|users?|seats?|licen[cs]es?|logins?|reps?|agents?|employees?|"
    r"staff(?:ers)?|members?|folks|guys|salespeople|sellers|recruiters?|lawyers?|attorneys?|"
    r"brokers?|realtors?|account\s+execs?|aes|sdrs|of\s+us|consultants?|planners?|advisors?|"
    r"coordinators?|managers?|designers?|teachers?|nurses?|doctors?|associates|partners|"
    r"paralegals|closers|estimators|producers|heads|fte'?s)\b"
)
_PEOPLE_BEFORE = re.compile(
    r"(?:team\s+of|we'?re|we\s+are|there\s+are|there'?s|we\s+have|we've\s+got|headcount\s+"
    r"(?:is|of)|staff\s+of|group\s+of|company\s+of|need|for|about)\s+(?:about|around|like|roughly|"
    r"maybe|just|only|probably|approximately|close\s+to|almost)?\s*$"
)
_COMPANY_WORDS = re.compile(r"employees|company|person\s+(?:company|firm|shop)|headcount|staff")
_USAGE_NOUN = re.compile(r"users?|seats?|licen[cs]es?|logins?")
_USAGE_AFTER = re.compile(r"^\s*(?:who|that)?\s*(?:would|will|need|are\s+going\s+to)\s+(?:be\s+)?"
                          r"(?:us|need|send|access|on)")
_NOT_PEOPLE_AFTER = re.compile(
    r"^[\s-]*(?:%|percent|dollars?|bucks|k\b|grand|years?|months?|weeks?|days?|hours?|minutes?|"
    r"times|documents?|docs|contracts?|proposals?|quotes?|agreements?|a\s+(?:day|week|month|year)|"
    r"per\s|locations?|offices|states|countries|clients?|customers?|deals?|forms?|invoices?|"
    r"templates?|pages?|am\b|pm\b|o'?clock)"
)
_TOTAL_BEFORE = re.compile(r"(?:\bso|\btotal\s+(?:of|is)|\baltogether|\ball\s+in|\bthat'?s)\s*,?\s*"
                           r"(?:about|around|like|roughly)?\s*$")
_TOTAL_AFTER = re.compile(r"^\s*(?:in\s+total|total|all\s+together|altogether|all\s+in)\b")
_PEOPLE_NEARBY = re.compile(r"\b(?:people|users|reps|staff|employees|lawyers|agents|team|"
                            r"consultants|members|seats)\b")
SOLO = re.compile(r"\b(?:just|only)\s+(?:me|myself)\b|\bsolo\b|\bone[- ]person\b|"
                   r"\bi'?m\s+a\s+freelancer\b|\bi\s+work\s+alone\b|\bby\s+myself\b")
_TEAM_QUESTION = re.compile(
    r"how\s+many\s+(?:people|users|seats|reps|of\s+you|folks|employees|licen[cs]es|sales|staff|"
    r"agents|on\s+your|would|are\s+on|team|in\s+your)|team\s+size|how\s+big\s+is\s+(?:your|the)"
    r"\s+(?:team|company|group)|size\s+of\s+(?:your|the)\s+team|how\s+large"
)
_DOC_NOUNS = (r"documents?|docs|contracts?|proposals?|quotes?|agreements?|offers?|letters?|"
              r"forms?|envelopes?|deals|invoices?|leases?|estimates?|bids|packets?|ndas|sows|"
              r"signatures?|applications?|orders?|renewals?|files|of\s+(?:them|those|these)|"
              r"out(?:\s+the\s+door)?|sent")
_VOLUME_AFTER = re.compile(
    rf"^[\s-]*(?:[\w'-]+\s+){{0,4}}?(?:{_DOC_NOUNS})\b"
)
_DOCS_IN_TURN = re.compile(rf"\b(?:{_DOC_NOUNS}|send|sending|signatures?|paperwork)\b")
_SEND_BEFORE = re.compile(
    r"\b(?:send|sending|sent|do|doing|process|get\s+out|put\s+out|close|write|issue|generate|"
    r"create|draft|handle|produce|push\s+out)\s+(?:out\s+)?(?:about|around|like|roughly|maybe|"
    r"probably|approximately|close\s+to|over|under|almost|at\s+least|maybe)?\s*(?:an?\s+)?$"
)
_PERIOD = re.compile(
    r"\b(?:(?:a|an|per|each|every|in\s+a|the)\s+(?:(?:good|busy|typical|slow|given|normal)\s+)?"
    r"(?P<unit>day|week|month|quarter|year)|(?P<adverb>daily|weekly|monthly|quarterly|annually|"
    r"yearly|annual))\b"
)
_EVERY_DAY = re.compile(r"\b(?:seven\s+days|7\s+days|every\s+single\s+day|weekends?)\b")
_VOLUME_QUESTION = re.compile(
    rf"how\s+many\s+(?:[\w'-]+\s+){{0,3}}?(?:{_DOC_NOUNS})|volume|how\s+much\s+(?:volume|paper)"
)
_CORRECTION = re.compile(
    r"\b(?:actually|sorry|i\s+mean|correction|more\s+like|wait|scratch\s+that|make\s+that|"
    r"rather|let\s+me\s+correct|to\s+be\s+honest|closer\s+to|well)\b"
)


@dataclass(frozen=True)
class Quantity:
    value: int
    turn_index: int
    quote: str
    strength: int  # 3: answers the question or names usage; 2: people/doc words; 1: weak
    correction: bool
    offset: int = 0  # where in the turn it was said, to order corrections within a turn

    @property
    def said_at(self) -> tuple[int, int]:
        return self.turn_index, self.offset


def _choose(candidates: list[Quantity]) -> Quantity | None:
    """The strongest statement, unless a later turn corrects it."""
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.strength, -c.turn_index, -c.offset))
    corrections = [c for c in candidates if c.correction and c.said_at > best.said_at]
    return corrections[-1] if corrections else best


def team_size(conv: Conversation) -> Quantity | None:
    candidates: list[Quantity] = []
    for utterance in conv.caller:
        solo = SOLO.search(utterance.lower)
        if solo:
            candidates.append(Quantity(1, utterance.index, quote_around(utterance, solo.start(),
                                                                        solo.end()), 3, False))
        for position, number in enumerate(utterance.numbers):
            asked = position == 0 and _asked(conv, utterance, _TEAM_QUESTION)
            strength = _team_strength(utterance, number, asked)
            if strength and 1 <= number.value <= MAX_TEAM_SIZE:
                candidates.append(_quantity(utterance, number, number.as_int, strength))
    return _choose(candidates)


def _team_strength(utterance: Utterance, number: NumberMention, answers_question: bool) -> int:
    """0 (not a team size) to 4 (a stated total: "..., so sixteen", "eighteen in total")."""
    lower = utterance.lower
    after, before = lower[number.end:number.end + 60], lower[max(0, number.start - 40):number.start]
    if before.rstrip().endswith("$") or _NOT_PEOPLE_AFTER.match(after):
        return 0
    if re.match(r"^\s*of\s+(?:my|our|the|us|them)\b", after) and number.value == 1:
        return 0  # "one of our partners" is a person, not a head count
    total = _TOTAL_BEFORE.search(before) or _TOTAL_AFTER.match(after)
    people = _PEOPLE_AFTER.match(after)
    if people:
        noun = people.group("noun")
        if total:
            return 4
        if _USAGE_NOUN.match(noun) or _USAGE_AFTER.match(after[people.end():]):
            return 3
        if _COMPANY_WORDS.search(noun):
            return 1
        return 3 if answers_question else 2
    if total and (answers_question or _PEOPLE_NEARBY.search(lower)):
        return 4
    if answers_question:
        return 3
    if _PEOPLE_BEFORE.search(before) and not _VOLUME_AFTER.match(after):
        return 1 if _COMPANY_WORDS.search(before) else 2
    return 0


def monthly_volume(conv: Conversation) -> Quantity | None:
    candidates: list[Quantity] = []
    for utterance in conv.caller:
        if not utterance.numbers:
            continue
        asked = _asked(conv, utterance, _VOLUME_QUESTION)
        question_period = _period_in(conv.previous_agent_turn(utterance).lower) if asked else None
        for position, number in enumerate(utterance.numbers):
            lower = utterance.lower
            after = lower[number.end:number.end + 70]
            if _PEOPLE_AFTER.match(after) or lower[max(0, number.start - 2):number.start].endswith(
                    "$"):
                continue
            period = _period_in(after[:45])
            has_docs = bool(_VOLUME_AFTER.match(after)) or bool(
                _SEND_BEFORE.search(lower[max(0, number.start - 40):number.start]))
            if period and (has_docs or asked):
                strength = 3 if has_docs else 2
            elif asked and position == 0 and not re.match(r"^\s*(?:%|percent|years?)", after):
                period, strength = question_period or "month", 2
            elif has_docs and period is None and re.search(r"\bmonth|\bweek|\byear", after):
                period, strength = _period_in(after) or "month", 1
            elif period and _DOCS_IN_TURN.search(lower) and not re.match(
                    r"^\s*(?:%|percent|dollars?|bucks|a\s+(?:user|seat))", after):
                strength = 1  # "Contracts, NDAs. About two hundred and fifty a month."
            else:
                continue
            per_month = _PERIOD_PER_MONTH[period]
            if period == "day" and _EVERY_DAY.search(lower):
                per_month = 30
            value = round(number.value * per_month)
            if 1 <= value <= MAX_MONTHLY_VOLUME:
                candidates.append(_quantity(utterance, number, value, strength))
    return _choose(candidates)


def _period_in(text: str) -> str | None:
    match = _PERIOD.search(text)
    if not match:
        return None
    return match.group("unit") or _PERIOD_WORDS[match.group("adverb")]


def _asked(conv: Conversation, utterance: Utterance, question: re.Pattern) -> bool:
    asked = conv.previous_agent_turn(utterance)
    return bool(asked and asked.is_question and question.search(asked.lower))


def _quantity(utterance: Utterance, number: NumberMention, value: int, strength: int) -> Quantity:
    before = utterance.lower[max(0, number.start - 45):number.start]
    return Quantity(value, utterance.index, quote_around(utterance, number.start, number.end),
                    strength, bool(_CORRECTION.search(before)), number.start)


def parse_recorded_volume(text: str) -> int | None:
    """The agent's free-text note ("about 30 a week") as documents a month."""
    numbers = find_numbers(text)
    if not numbers:
        return None
    period = _period_in(text.lower()) or "month"
    return round(numbers[0].value * _PERIOD_PER_MONTH[period])


def parse_recorded_team_size(text: str) -> int | None:
    numbers = find_numbers(text)
    return numbers[0].as_int if numbers else None
