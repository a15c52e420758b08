"""VADER sentiment (vaderSentiment's lexicon and rules), trimmed for the per-session hot path.

The library's `polarity_scores` takes about 45 us per utterance, most of it in emoji handling,
punctuation and capitalisation passes that speech-to-text output never needs. This scorer keeps
VADER's lexicon, boosters, negation (three words back, x -0.74), "kind of"/"but" rules and its
compound normalisation; `tests/test_sentiment.py` holds it to the library's verdicts.
"""

import math
import re
from functools import cache

from vaderSentiment.vaderSentiment import (
    B_DECR,
    B_INCR,
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SentimentIntensityAnalyzer,
)

_TOKEN = re.compile(r"[a-z][a-z'-]*")
_NEGATIONS = frozenset(NEGATE) | {"never", "nobody", "nothing", "nowhere", "neither", "nor"}
_ALPHA = 15  # VADER's normalisation constant


@cache
def _lexicon() -> dict[str, float]:
    return dict(SentimentIntensityAnalyzer().lexicon)


def compound(lower: str) -> float:
    """VADER-style compound score in -1..1 for lower-cased text."""
    lexicon = _lexicon()
    tokens = _TOKEN.findall(lower)
    scores: list[float] = []
    but_at = -1
    for i, token in enumerate(tokens):
        valence = lexicon.get(token)
        if valence is None or token in BOOSTER_DICT or (
                token == "kind" and i + 1 < len(tokens) and tokens[i + 1] == "of"):
            scores.append(0.0)
            if token == "but":
                but_at = i
            continue
        for distance in (1, 2, 3):
            j = i - distance
            if j < 0:
                break
            before = tokens[j]
            boost = BOOSTER_DICT.get(before)
            if boost is not None:
                scale = boost if valence > 0 else -boost
                if boost in (B_INCR, B_DECR):
                    scale *= (1.0, 0.95, 0.9)[distance - 1]
                valence += scale
            if before in _NEGATIONS or before.endswith("n't"):
                valence *= N_SCALAR
        scores.append(valence)
    if but_at >= 0:
        scores = [s * 0.5 if i < but_at else s * 1.5 if i > but_at else s
                  for i, s in enumerate(scores)]
    total = sum(scores)
    if not total:
        return 0.0
    return max(-1.0, min(1.0, total / math.sqrt(total * total + _ALPHA)))
