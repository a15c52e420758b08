"""Conversation quality: balance, engagement, listening, interruptions, dead air, the ending,
how the caller's mood moved, and the figures conversation-intelligence tools show (talk
ratio, longest monologue, words per minute per side), folded into a 0-100 score.
"""

import re

from schemas.analysis import Monologue, Quality, Sentiment
from schemas.session_record import SessionRecord
from transforms.conversation import conversation

DEAD_AIR_GAP_S = 2.0  # silence longer than this between turns is dead air
_CLOSING = re.compile(
    r"\b(?:bye|goodbye|good\s?night|thanks|thank\s+you|talk\s+(?:to\s+you\s+)?(?:soon|then|"
    r"later|thursday|monday|tomorrow|next\s+week)|have\s+a\s+(?:good|great|nice)|take\s+care|"
    r"that'?s\s+(?:all|it|everything)|see\s+you|cheers|appreciate\s+it|ciao|adios|ta-?ra|"
    r"have\s+a\s+good\s+one|later)\b"
)
_ABRUPT = re.compile(r"\b(?:forget\s+it|never\s?mind|whatever|i'?m\s+done|this\s+is\s+useless)\b")
_LISTENING = re.compile(
    r"\b(?:got\s+it|so\s+you(?:'re|\s+are|'ve|\s+have|\s+need|\s+want)|sounds\s+like|"
    r"i\s+(?:understand|hear\s+you|see)|that\s+makes\s+sense|makes\s+sense|if\s+i\s+understand|"
    r"just\s+to\s+confirm|to\s+recap|you\s+mentioned|as\s+you\s+said|understood)\b"
)
_QUESTION_START = re.compile(
    r"^\W*(?:how|what|does|do|can|is|are|will|would|could|why|when|where|which|who)\b"
)
_ENDED_BADLY = {"participant_disconnected", "error", "timeout"}


def analyze_quality(record: SessionRecord, sentiment: Sentiment) -> Quality:
    conv = conversation(record)
    turns, caller, agent = conv.turns, conv.caller, conv.agent
    minutes = max(conv.duration_seconds / 60, 1 / 60)
    caller_talk = sum(u.seconds for u in caller)
    agent_talk = sum(u.seconds for u in agent)
    interruptions = max(len(record.interruptions), sum(1 for u in turns if u.interrupted))
    gaps = [(b.start - a.end).total_seconds() for a, b in zip(turns, turns[1:], strict=False)]
    dead_air = sum(g for g in gaps if g > DEAD_AIR_GAP_S)
    questions = sum(1 for u in caller if u.is_question or _QUESTION_START.match(u.lower))
    listening = sum(1 for u in agent if _LISTENING.search(u.lower))
    natural = _natural_ending(record)
    longest = max(turns, key=lambda u: u.seconds, default=None)
    sentiment_start = sentiment.by_segment["opening"].score
    sentiment_end = sentiment.by_segment["close"].score

    balance = len(caller) / len(agent) if agent else 0.0
    talk_ratio = caller_talk / (caller_talk + agent_talk) if caller_talk + agent_talk else 0.0
    dead_air_pct = min(100.0, 100 * dead_air / max(conv.duration_seconds, 1e-9))
    searches = record.searches()
    answered = sum(1 for s in searches if s.results_found) / len(searches) if searches else 1.0
    booked = any(b.success for b in record.bookings())

    satisfaction = _clamp(50 + 35 * sentiment_end + 15 * (sentiment_end - sentiment_start)
                          + (10 if natural else -15) + (10 if booked else 0)
                          - 8 * len(sentiment.frustration_indicators))
    effectiveness = _clamp(40 * answered + 20 * min(1.0, listening / max(1, len(agent) / 3))
                           + 20 * (1 if natural else 0) + (20 if booked else 10 * (not searches)))
    engagement = min(1.0, len(caller) / 8) * (1 - abs(talk_ratio - 0.45))
    quality_score = _clamp(0.30 * satisfaction + 0.30 * effectiveness + 25 * engagement
                           + 15 * (1 - min(1.0, dead_air_pct / 30))
                           - 5 * min(3, interruptions / minutes))
    return Quality(
        turn_balance_ratio=round(balance, 3),
        question_engagement_count=questions,
        active_listening_indicators=listening,
        interruption_count=interruptions,
        interruption_frequency_per_minute=round(interruptions / minutes, 3),
        dead_air_percentage=round(dead_air_pct, 2),
        natural_ending=natural,
        sentiment_start=sentiment_start,
        sentiment_end=sentiment_end,
        user_satisfaction_proxy=round(satisfaction, 1),
        agent_effectiveness_score=round(effectiveness, 1),
        talk_ratio_user=round(talk_ratio, 3),
        longest_monologue=Monologue(role=longest.role, seconds=round(longest.seconds, 2),
                                    turn_index=longest.index) if longest else None,
        words_per_minute={
            "user": round(sum(u.words for u in caller) / (caller_talk / 60), 1) if caller_talk
            else 0.0,
            "agent": round(sum(u.words for u in agent) / (agent_talk / 60), 1) if agent_talk
            else 0.0,
        },
        quality_score=round(quality_score, 1),
    )


def _natural_ending(record: SessionRecord) -> bool:
    """Both sides closed: a goodbye or thanks near the end, not a cut-off or a walk-out."""
    conv = conversation(record)
    if record.session.end_reason in _ENDED_BADLY or not conv.caller:
        return False
    last = conv.turns[-1]
    if last.interrupted:
        return False
    closing_caller = any(_CLOSING.search(u.lower) for u in conv.caller[-2:])
    if _ABRUPT.search(conv.caller[-1].lower):
        return False
    return closing_caller


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))
