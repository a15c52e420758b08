"""What the caller names, with its stance and the words said.

Only the caller's own words count. The agent listing integrations or competitors counts only
when the caller takes one up: a plain "yes" to an agent question that named exactly one.
"""

import re
from dataclasses import dataclass

from schemas.analysis import Evidence
from transforms.conversation import Conversation, Utterance
from transforms.lexicon import lexicon
from transforms.stance import Stance, stance_of

_AFFIRMATIVE = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|correct|right|exactly|we do|that's (?:right|us|the one)|sure|"
    r"uh-?huh|mm-?hmm|definitely|absolutely)\b"
)
QUOTE_CHARS = 160


@dataclass(frozen=True)
class Mention:
    id: str
    stance: Stance
    turn_index: int
    quote: str

    @property
    def evidence(self) -> Evidence:
        return Evidence.model_construct(turn_index=self.turn_index, quote=self.quote)


def quote_around(utterance: Utterance, start: int, end: int) -> str:
    """The sentence-ish span of the turn around [start, end), at most QUOTE_CHARS long."""
    text = utterance.text
    left = max(text.rfind(".", 0, start), text.rfind("?", 0, start), text.rfind("!", 0, start))
    right_candidates = [i for i in (text.find(c, end) for c in ".?!") if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    quote = text[left + 1:right].strip()
    if len(quote) > QUOTE_CHARS:
        middle = (start + end) // 2 - (left + 1)
        begin = max(0, middle - QUOTE_CHARS // 2)
        quote = quote[begin:begin + QUOTE_CHARS].strip()
    return quote


def caller_mentions(conv: Conversation, group: str) -> list[Mention]:
    """Every mention of a `group` id by the caller, in call order, with its stance."""
    key = ("caller_mentions", group)
    if key not in conv.cache:
        conv.cache[key] = _caller_mentions(conv, group)
    return conv.cache[key]


def _caller_mentions(conv: Conversation, group: str) -> list[Mention]:
    matcher = lexicon(group)
    mentions: list[Mention] = []
    for utterance in conv.caller:
        found = False
        for match in matcher.find(utterance.lower):
            found = True
            offset, clause = utterance.clause_at(match.start)
            start, end = match.start - offset, min(match.end - offset, len(clause))
            mentions.append(Mention(
                match.id, stance_of(clause, start, end), utterance.index,
                quote_around(utterance, match.start, match.end),
            ))
        if not found:
            taken_up = _taken_up(conv, utterance, group)
            if taken_up:
                mentions.append(Mention(taken_up, "current", utterance.index,
                                        quote_around(utterance, 0, 0)))
    return mentions


def _taken_up(conv: Conversation, utterance: Utterance, group: str) -> str | None:
    """The id the caller affirmed, when the agent just asked about exactly one."""
    if not _AFFIRMATIVE.match(utterance.lower):
        return None
    asked = conv.previous_agent_turn(utterance)
    if asked is None or not asked.is_question:
        return None
    question = asked.lower[asked.lower.rfind(".", 0, asked.lower.rfind("?")) + 1:]
    ids = lexicon(group).ids_in(question)
    return ids[0] if len(ids) == 1 else None


def final_stance(mentions: list[Mention]) -> dict[str, Mention]:
    """Per id, the caller's last firm word on it: a later "we use", "we're not on" or "we
    dropped" corrects an earlier one; a later "if" or "compared to" does not."""
    final: dict[str, Mention] = {}
    for mention in mentions:
        if mention.id not in final or mention.stance not in {"hypothetical", "comparison"}:
            final[mention.id] = mention
    return final
