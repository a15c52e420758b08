"""Objections & competitors: what stands in the way of a sale, each with its quote and turn.

Objection types are the taxonomy's: pricing, feature_gap, timing, switching_barrier,
security_compliance and authority come from the caller's phrases; competitor_mention when an
alternative is in play (used now, being evaluated, compared against); comparison_request when
the caller asks how we compare to a named alternative.
"""

import re

from schemas.analysis import CompetitorMention, Finding, Objection, Objections
from schemas.session_record import SessionRecord
from schemas.taxonomy import ids
from transforms.conversation import Conversation, conversation
from transforms.cues import OBJECTIONS, find_cues
from transforms.mentions import Mention, caller_mentions

_IN_PLAY = {"current", "evaluating", "comparison"}
_COMPARISON_QUESTION = re.compile(
    r"\b(?:compare|comparison|versus|vs\.?|better\s+than|different\s+(?:from|than)|difference|"
    r"why\s+(?:should|would)\s+(?:we|i)\s+(?:pick|choose|go\s+with|switch|use\s+you)|stack\s+up|"
    r"what\s+(?:do\s+you|does\s+pandadoc)\s+(?:do|have|offer)\s+that)\b"
)


def competitor_mentions(conv: Conversation) -> list[Mention]:
    competitors = ids("competitors")
    return [m for m in caller_mentions(conv, "tools") if m.id in competitors and m.id != "other"]


def analyze_objections(record: SessionRecord) -> Objections:
    conv = conversation(record)
    objections: list[Objection] = []
    for cue in find_cues(conv, OBJECTIONS):
        objections.append(Objection(type=cue.label, evidence=cue.evidence))
    mentions = competitor_mentions(conv)
    comparison_requests: list[Finding] = []
    for mention in mentions:
        utterance = conv.by_index[mention.turn_index]
        if mention.stance in _IN_PLAY:
            objections.append(Objection(type="competitor_mention", evidence=mention.evidence))
        asks = mention.stance == "comparison" or (
            utterance.is_question and _COMPARISON_QUESTION.search(utterance.lower))
        if asks:
            objections.append(Objection(type="comparison_request", evidence=mention.evidence))
            comparison_requests.append(Finding(text=mention.quote, evidence=mention.evidence))
    objections.sort(key=lambda o: o.evidence.turn_index)
    return Objections(
        types=_unique(o.type for o in objections),
        competitors=_unique(m.id for m in mentions),
        objections=objections,
        competitor_mentions=[CompetitorMention(competitor=m.id, stance=m.stance,
                                               evidence=m.evidence) for m in mentions],
        comparison_requests=comparison_requests,
        switching_barriers=[Finding(text=o.evidence.quote, evidence=o.evidence)
                            for o in objections if o.type == "switching_barrier"],
    )


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))
