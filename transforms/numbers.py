"""Numbers as callers say them: "eighteen", "fifteen hundred", "a couple hundred", "forty-ish",
"2.5k", "10 to 15", "between twelve and fifteen".

`find_numbers(text)` returns every number mention with its character span, so callers can
look at the words around it (units such as "people" or "a week").
"""

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "grand": 1_000, "million": 1_000_000}
# Vague quantities, taken at the value a labeller would write down.
_VAGUE = {"couple": 2, "few": 3, "several": 5, "dozen": 12}
_APPROX_BEFORE = {"about", "around", "roughly", "approximately", "maybe", "like", "nearly",
                  "almost", "over", "under", "probably", "ish"}
_RANGE_JOINERS = {"to", "or", "-", "and"}

_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?=k\b)|\d+(?:,\d{3})*(?:\.\d+)?|[a-z]+|-")


NUMBER_WORDS = frozenset([*_UNITS, *_TENS, *_SCALES, *_VAGUE])


@dataclass(frozen=True)
class NumberMention:
    value: float
    start: int  # character span in the text
    end: int
    approximate: bool = False
    is_range: bool = False

    @property
    def as_int(self) -> int:
        return int(self.value + 0.5)


@dataclass
class _Phrase:
    start: int
    end: int = 0
    total: float = 0
    current: float = 0
    has_value: bool = False
    approximate: bool = False

    def value(self) -> float:
        return self.total + self.current


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())]


def find_numbers(text: str) -> list[NumberMention]:
    """Every number said in `text`, in order; ranges ("10 to 15") become their midpoint."""
    tokens = _tokens(text)
    mentions: list[NumberMention] = []
    phrase: _Phrase | None = None
    last_kind = ""

    def close() -> None:
        nonlocal phrase
        if phrase and phrase.has_value:
            mentions.append(NumberMention(phrase.value(), phrase.start, phrase.end,
                                          phrase.approximate))
        phrase = None

    for i, (token, start, end) in enumerate(tokens):
        word_before = tokens[i - 1][0] if i else ""
        word_after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if token[0].isdigit():
            close()
            phrase = _Phrase(start, end, current=float(token.replace(",", "")), has_value=True)
            phrase.approximate = word_before in _APPROX_BEFORE
            last_kind = "digits"
        elif token in _UNITS or token in _TENS:
            value = _UNITS.get(token, _TENS.get(token, 0))
            # "twelve eighteen" or "five six" are two numbers; "twenty five" is one.
            joins = phrase is not None and (
                last_kind == "scale"
                or (last_kind == "tens" and token in _UNITS and value < 10)
                or (last_kind == "and")
            )
            if not joins:
                close()
                phrase = _Phrase(start, approximate=word_before in _APPROX_BEFORE)
            phrase.current += value
            phrase.has_value = True
            phrase.end = end
            last_kind = "tens" if token in _TENS else "unit"
        elif token in _VAGUE and (token != "several" or word_after in _SCALES):
            if phrase is None or last_kind not in {"unit", "tens", "digits"}:
                if last_kind != "article":
                    close()
                    phrase = _Phrase(start)
                phrase.approximate = True
                phrase.current = _VAGUE[token]
            else:
                phrase.current *= _VAGUE[token]  # "two dozen"
            if token == "dozen" and word_before == "a" and i >= 2 and tokens[i - 2][0] == "half":
                phrase.current = 6
            phrase.has_value = True
            phrase.end = end
            last_kind = "vague"
        elif token in _SCALES and (phrase is not None or word_before in {"a", "one"}):
            if phrase is None:
                phrase = _Phrase(tokens[i - 1][1])
            scale = _SCALES[token]
            if scale >= 1_000:
                phrase.total = (phrase.total + max(phrase.current, 1)) * scale
                phrase.current = 0
            else:
                phrase.current = max(phrase.current, 1) * scale
            phrase.has_value = True
            phrase.end = end
            last_kind = "scale"
        elif token == "and" and phrase is not None and last_kind == "scale" and (
                word_after in _UNITS or word_after in _TENS):
            last_kind = "and"  # "one hundred and twenty"
        elif token == "ish" and phrase is not None:
            phrase.approximate = True
            phrase.end = end
            close()
            last_kind = ""
        elif token == "-" and phrase is not None and (
                word_after == "ish" or (last_kind == "tens" and _UNITS.get(word_after, 10) < 10)):
            continue  # "forty-ish", "twenty-five"
        elif token in {"a", "an"} and word_after in _VAGUE | _SCALES:
            close()  # "a hundred, a hundred fifty": a new "a" starts a new number
            phrase = _Phrase(start, approximate=word_before in _APPROX_BEFORE)
            last_kind = "article"
        else:
            close()
            last_kind = ""
    close()
    return _merge_ranges(text, mentions)


def _merge_ranges(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """'10 to 15', '10-15', 'between ten and fifteen', 'five, six' -> one midpoint."""
    merged: list[NumberMention] = []
    i = 0
    lowered = text.lower()
    while i < len(mentions):
        first = mentions[i]
        if i + 1 < len(mentions):
            second = mentions[i + 1]
            joiner = lowered[first.end:second.start].strip()
            plausible = 0 < first.value < second.value <= first.value * 5
            between = lowered[max(0, first.start - 8):first.start].strip().endswith("between")
            # "five, six" and "a hundred, a hundred fifty": a spoken range without "to".
            adjacent = joiner in {"", ","} and (second.value == first.value + 1 or (
                joiner == "," and second.value <= first.value * 2))
            if plausible and (joiner in {"to", "or", "-"} or (joiner == "and" and between)
                              or adjacent):
                merged.append(NumberMention((first.value + second.value) / 2, first.start,
                                            second.end, approximate=True, is_range=True))
                i += 2
                continue
        merged.append(first)
        i += 1
    return merged
