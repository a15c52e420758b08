"""A read-only view of one call that every analyzer shares: turns with their lowered text,
word counts and clauses, computed once per record (the nine analyzers run on the same view).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from schemas.session_record import SessionRecord, Turn
from transforms.numbers import NUMBER_WORDS, NumberMention, find_numbers

_WORD = re.compile(r"[A-Za-z0-9']+")
_DIGIT = re.compile(r"\d")
# Clause boundaries: sentence ends, semicolons, dashes, "but", and a comma that turns to the
# present ("..., now we're on X") so a past or negated clause does not colour the next one.
_CLAUSE_SPLIT = re.compile(
    r"[.!?;]+\s+|\s+-+\s+|\s+but\s+|,\s+(?=(?:but|now|today|these\s+days|currently|"
    r"right\s+now|and\s+now|it'?s|we'?re|we\s+use|we\s+have|so)\b)"
)


@dataclass(frozen=True, eq=False)
class Utterance:
    position: int  # place in the conversation (transcript order)
    index: int
    role: str
    text: str
    lower: str
    start: datetime
    end: datetime
    words: int
    interrupted: bool

    @property
    def seconds(self) -> float:
        return max(0.0, (self.end - self.start).total_seconds())

    @property
    def is_question(self) -> bool:
        return "?" in self.text

    @cached_property
    def clauses(self) -> list[tuple[int, str]]:
        """(offset, lowered clause) pieces, so negation and tense stay local to a clause."""
        pieces, offset = [], 0
        for match in _CLAUSE_SPLIT.finditer(self.lower):
            pieces.append((offset, self.lower[offset:match.start()]))
            offset = match.end()
        pieces.append((offset, self.lower[offset:]))
        return pieces

    def clause_at(self, position: int) -> tuple[int, str]:
        """The (offset, clause) holding character `position` of the turn."""
        found = self.clauses[0]
        for clause in self.clauses:
            if clause[0] > position:
                break
            found = clause
        return found

    @cached_property
    def word_set(self) -> frozenset[str]:
        """The turn's lower-cased words, for cheap "could this turn mention X" checks."""
        return frozenset(_WORD.findall(self.lower))

    @cached_property
    def numbers(self) -> list[NumberMention]:
        if not (_DIGIT.search(self.text) or NUMBER_WORDS & self.word_set):
            return []  # most turns hold no number: skip the tokenizer
        return find_numbers(self.text)


class Conversation:
    """Turns of one record, split by speaker, in order."""

    def __init__(self, record: SessionRecord) -> None:
        self.record = record
        self.turns = [_utterance(position, t) for position, t in enumerate(record.transcript)]
        self.caller = [u for u in self.turns if u.role == "user"]
        self.agent = [u for u in self.turns if u.role == "agent"]
        self.by_index = {u.index: u for u in self.turns}
        self.cache: dict[object, object] = {}  # per-call results analyzers share

    @property
    def call_date(self) -> date:
        return self.record.session.start_time.date()

    @property
    def duration_seconds(self) -> float:
        session = self.record.session
        return max(0.0, (session.end_time - session.start_time).total_seconds())

    @cached_property
    def caller_words(self) -> int:
        return sum(u.words for u in self.caller)

    def previous_agent_turn(self, utterance: Utterance) -> Utterance | None:
        """The agent turn just before `utterance`, if the agent spoke last."""
        if utterance.position == 0:
            return None
        earlier = self.turns[utterance.position - 1]
        return earlier if earlier.role == "agent" else None


def _utterance(position: int, turn: Turn) -> Utterance:
    return Utterance(
        position=position, index=turn.index, role=turn.role, text=turn.text,
        lower=turn.text.lower(), start=turn.start_time, end=turn.end_time,
        words=len(turn.text.split()), interrupted=turn.interrupted,
    )


def conversation(record: SessionRecord) -> Conversation:
    """The shared view of `record`, built on first use and kept with the record."""
    # Read the private dict directly: attribute access to a pydantic private attribute goes
    # through a slow descriptor lookup, and analyzers ask for the view many times per call.
    derived = record.__pydantic_private__["_derived"]
    view = derived.get("conversation")
    if view is None:
        view = derived["conversation"] = Conversation(record)
    return view
