"""Sentiment of the caller: overall, by segment (opening, middle, close), emotional tone,
frustration indicators, enthusiasm markers, and how sure we are.

Turn scores are VADER compounds (`transforms.vader`), weighted by words so a long complaint
outweighs a polite "thanks". Only the caller's turns count: the agent is always cheerful.
"""

import re

from schemas.analysis import Evidence, Finding, SegmentSentiment, Sentiment
from schemas.session_record import SessionRecord
from transforms.conversation import Utterance, conversation
from transforms.mentions import quote_around
from transforms.vader import compound

# A call is positive when the caller shows enthusiasm (two or more markers) or the words are
# clearly warm; polite "great, thanks" alone scores around 0.2-0.4 and is neutral.
POSITIVE_AT = 0.45
NEGATIVE_AT = -0.1
FRUSTRATION_PENALTY = 0.25  # per frustration marker: VADER reads "it's a joke" as a joke
CONFIDENT_WORDS = 150  # caller words at which the call-level verdict is fully trusted

_FRUSTRATION = re.compile(
    r"\b(?:frustrat\w+|annoy\w+|ridiculous|useless|not\s+helpful|waste\s+of\s+(?:my\s+)?time|"
    r"i\s+(?:already|just)\s+(?:said|told|asked)|again\?|forget\s+it|this\s+is\s+(?:a\s+joke|"
    r"crazy|insane)|fed\s+up|sick\s+of|give\s+up|makes\s+no\s+sense|are\s+you\s+(?:even\s+)?"
    r"listening|real\s+person|human|never\s+mind|unacceptable|hate|angry|upset|terrible|awful)"
)
_ENTHUSIASM = re.compile(
    r"\b(?:love|amazing|awesome|fantastic|perfect|excellent|great|exactly|excited|can'?t\s+wait|"
    r"wonderful|brilliant|sold|impressive|game\s+changer|nice)\b|!"
)
_CONFUSION = re.compile(r"\b(?:confus\w+|don'?t\s+understand|what\s+do\s+you\s+mean|lost\s+me|"
                        r"not\s+following|huh\b|sorry\s+what|come\s+again)")
_SKEPTICISM = re.compile(r"\b(?:not\s+sure|doubt|skeptic\w*|really\?|prove|we'?ll\s+see|"
                         r"sounds\s+too\s+good|is\s+this\s+a\s+(?:real|bot)|hm+\b|catch)")
_HURRY = re.compile(r"\b(?:quick(?:ly)?\s+question|in\s+a\s+(?:hurry|rush)|only\s+have\s+a\s+"
                    r"(?:minute|sec)|make\s+it\s+(?:fast|quick)|gotta\s+(?:run|go)|short\s+on\s+"
                    r"time|between\s+meetings)")


def _label(score: float) -> str:
    if score >= POSITIVE_AT:
        return "positive"
    if score <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def _weighted(turns: list[Utterance], scores: dict[int, float]) -> float:
    weight = sum(max(1, u.words) for u in turns)
    if not weight:
        return 0.0
    return sum(scores[u.index] * max(1, u.words) for u in turns) / weight


def _findings(turns: list[Utterance], pattern: re.Pattern) -> tuple[list[Finding], int]:
    """One finding per turn that shows the pattern, and how many times it showed in all."""
    found, hits = [], 0
    for u in turns:
        matches = pattern.findall(u.lower)
        if matches:
            hits += len(matches)
            match = pattern.search(u.lower)
            quote = quote_around(u, match.start(), match.end())
            found.append(Finding.model_construct(
                text=quote, evidence=Evidence.model_construct(turn_index=u.index, quote=quote)))
    return found, hits


def turn_scores(record: SessionRecord) -> dict[int, float]:
    """Caller turn index -> compound score, computed once per call."""
    conv = conversation(record)
    cached = conv.cache.get("caller_turn_scores")
    if cached is None:
        cached = conv.cache["caller_turn_scores"] = {u.index: compound(u.lower)
                                                     for u in conv.caller}
    return cached


def analyze_sentiment(record: SessionRecord) -> Sentiment:
    conv = conversation(record)
    caller = conv.caller
    scores = turn_scores(record)
    overall = _weighted(caller, scores)
    third = max(1, len(caller) // 3)
    segments = {
        "opening": caller[:third],
        "middle": caller[third:len(caller) - third] or caller[:third],
        "close": caller[-third:] if caller else [],
    }
    by_segment = {
        name: SegmentSentiment(label=_label(s), score=round(s, 4))
        for name, turns in segments.items() for s in [_weighted(turns, scores)]
    }
    frustration, frustration_hits = _findings(caller, _FRUSTRATION)
    enthusiasm, enthusiasm_hits = _findings(caller, _ENTHUSIASM)
    overall = max(-1.0, overall - FRUSTRATION_PENALTY * frustration_hits)
    tone = _tone(caller, overall, frustration_hits, enthusiasm_hits)
    stt = [t.stt_confidence for t in record.transcript
           if t.role == "user" and t.stt_confidence is not None]
    hearing = sum(stt) / len(stt) if stt else 0.9
    confidence = min(1.0, conv.caller_words / CONFIDENT_WORDS) * hearing
    label = "positive" if tone == "enthusiastic" else _label(overall)
    if tone == "frustrated" and label == "positive":
        label = "neutral"
    return Sentiment(
        overall=label,
        score=round(max(-1.0, min(1.0, overall)), 4),
        by_segment=by_segment,
        emotional_tone=tone,
        frustration_indicators=frustration,
        enthusiasm_markers=enthusiasm,
        confidence=round(confidence, 3),
    )


def _tone(caller: list[Utterance], overall: float, frustrated: int, enthusiastic: int) -> str:
    if frustrated >= 2 or (frustrated and overall < 0):
        return "frustrated"
    if enthusiastic >= 2 and overall > 0:
        return "enthusiastic"
    text = " ".join(u.lower for u in caller)
    if _CONFUSION.search(text):
        return "confused"
    if _HURRY.search(text):
        return "hurried"
    if _SKEPTICISM.search(text):
        return "skeptical"
    return "calm"
