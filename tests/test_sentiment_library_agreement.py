"""The trimmed VADER scorer must agree with the vaderSentiment library it is built from."""

import json

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from tests.conftest import REPO, SAMPLES
from transforms.vader import compound


def _label(score: float) -> str:
    return "positive" if score >= 0.05 else "negative" if score <= -0.05 else "neutral"


def test_labels_agree_with_the_library_on_real_caller_turns(shared_dir) -> None:
    files = SAMPLES + sorted((REPO / "tests" / "eval" / "sessions").glob("*.json"))
    texts = [turn["text"] for path in files for turn in json.loads(path.read_text())["transcript"]
             if turn["role"] == "user"]
    library = SentimentIntensityAnalyzer()
    agree = sum(_label(library.polarity_scores(t)["compound"]) == _label(compound(t.lower()))
                for t in texts)
    assert len(texts) > 250
    assert agree / len(texts) >= 0.95, f"{agree}/{len(texts)}"


def test_negation_and_but_follow_vader_rules() -> None:
    assert compound("this is good") > 0
    assert compound("this is not good") < 0
    assert compound("it is great but the price is terrible") < compound("it is great")
