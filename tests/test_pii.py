"""PII redaction against the hand-written corpus (tests/pii_corpus.json): every case either
matches its expected output or is a marked known miss that still misses, so the corpus is an
honest record of what is and is not caught."""

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.pii import TOKEN, Redactor, iban_ok, luhn_ok, names_in_analysis, names_in_record

CORPUS = json.loads((Path(__file__).parent / "pii_corpus.json").read_text())["cases"]
REDACTOR = Redactor(key=b"test-key")


def _shape(text: str) -> str:
    """Tokens without their hash, to compare with the corpus's <KIND>."""
    return TOKEN.sub(r"<\1>", text)


@pytest.mark.parametrize("case", [c for c in CORPUS if "known_miss" not in c],
                         ids=lambda c: c["id"])
def test_corpus_case_is_redacted_as_expected(case: dict) -> None:
    assert _shape(REDACTOR.redact(case["text"], case.get("names", []))) == case["expected"]


@pytest.mark.parametrize("case", [c for c in CORPUS if "known_miss" in c], ids=lambda c: c["id"])
def test_known_miss_is_still_missed(case: dict) -> None:
    """A known miss that starts passing should lose its `known_miss` mark."""
    assert _shape(REDACTOR.redact(case["text"], case.get("names", []))) != case["expected"]


def test_corpus_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Caught and missed cases per kind, printed for the report (pytest -s)."""
    caught, missed = Counter(), Counter()
    for case in CORPUS:
        for kind in case["kinds"] or ["NONE (no false positive)"]:
            (missed if "known_miss" in case else caught)[kind] += 1
    with capsys.disabled():
        print("\nPII corpus:", {k: f"{caught[k]} caught, {missed[k]} missed"
                                for k in sorted(caught.keys() | missed.keys())})
    assert sum(caught.values()) >= 25


def test_tokens_are_stable_and_keyed() -> None:
    text = "Mail JANE@acme.com or jane@ACME.com"
    out = REDACTOR.redact(text)
    first, second = TOKEN.finditer(out)
    assert first.group() == second.group()  # normalised: same address, same token
    assert Redactor(key=b"other").redact(text) != out


def test_same_value_in_different_texts_gets_the_same_token() -> None:
    a = REDACTOR.redact("call (415) 555-0132")
    b = REDACTOR.redact("my number: 415.555.0132")
    assert TOKEN.search(a).group() == TOKEN.search(b).group()


def test_redacted_text_is_a_fixed_point() -> None:
    """Redacting twice changes nothing: retention runs are idempotent."""
    case_texts = " ".join(c["text"] for c in CORPUS)
    once = REDACTOR.redact(case_texts, ["Sarah Chen"])
    assert REDACTOR.redact(once, ["Sarah Chen"]) == once


def test_json_keeps_ids_and_times() -> None:
    record = {"session_id": "4111111111111111", "session": {"user_name": "Sarah Chen",
              "user_email": "s@x.io", "start_time": "2024-01-01T10:00:00Z"},
              "transcript": [{"role": "user", "text": "I'm Sarah Chen, s@x.io"}]}
    names = names_in_record(record)
    out = REDACTOR.redact_json(record, names)
    assert out["session_id"] == "4111111111111111"
    assert out["session"]["start_time"] == "2024-01-01T10:00:00Z"
    assert _shape(out["transcript"][0]["text"]) == "I'm <NAME>, <EMAIL>"
    assert _shape(out["session"]["user_name"]) == "<NAME>"


def test_name_sources() -> None:
    record = {"session": {"user_name": "Ann Lee"},
              "tool_calls": [{"name": "book_sales_meeting", "customer_name": "Bo Chan"}]}
    assert names_in_record(record) == {"Ann Lee", "Bo Chan"}
    assert names_in_analysis({"stakeholders": [{"role": "cfo", "name": "Kim Ng"},
                                               {"role": "it"}]}) == {"Kim Ng"}


def test_checksums() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("DE89 3704 0044 0532 0130 00") and not iban_ok("DE88 3704 0044 0532 0130 00")
