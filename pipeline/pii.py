"""PII detection and stable redaction for stored transcripts and analysis reports (spec 8.2).

Why stable tokens: analysts still join and count after redaction, so the same value always
becomes the same token, `<KIND_xxxxxx>`: six hex digits of HMAC-SHA256 over the normalised
value, keyed by env `PII_HASH_KEY` (the default below is for local use only; production sets
its own secret so tokens cannot be reversed by hashing guessed values).

What is caught, without a downloaded NER model:
- EMAIL: `local@domain.tld`, plus-addressing and dots included.
- PHONE: `phonenumbers`' matcher (region US, leniency VALID), so order numbers, versions,
  dates, prices and quantities are not phones; "+44 ..." numbers are found in any region.
- CARD: 13-19 digits, spaces or dashes between, passing the Luhn check.
- IBAN: country code, check digits and BBAN passing the mod-97 checksum.
- ACCOUNT: runs of 8-17 digits within a few words after "account", "acct", "routing",
  "sort code" or "bank"; a bare long number ("order 12345678") is left alone.
- ADDRESS: house number + capitalised street name + a common US/UK street suffix.
- NAME: names the record itself knows (caller name, booking name, stakeholder names), each
  full name and each part of it, case-sensitive; and a curated first name (plus a following
  capitalised surname) right after a cue: "I'm", "my name is", "this is", "ask", "talk to"...

Not caught (see tests/pii_corpus.json, `known_miss`): names the record does not know with no
cue before them, lowercase names ("my name is grace"), spelled-out emails or digits
("jane at acme dot com", "five five five..."), addresses without a street suffix or
UK postcodes alone, national phone numbers of other countries written without "+".
"""

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

KEY_ENV = "PII_HASH_KEY"
DEFAULT_KEY = "voice-analytics-local-pii-key"  # local only: production sets PII_HASH_KEY
TOKEN = re.compile(r"<([A-Z]+)_[0-9a-f]{6}>")

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                    r"\.[A-Za-z]{2,}")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_ACCOUNT = re.compile(
    r"\b(?:account|acct|a/c|routing|sort code|bank)\b(?:\W+\w+){0,3}?\W+(\d(?:[ -]?\d){7,16})\b",
    re.IGNORECASE)
_SUFFIXES = ("Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|"
             "Place|Pl|Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|"
             "Gardens|Grove|Mews|Row")
_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Z]?\s+(?:[A-Z][A-Za-z'-]+\.?\s+){{1,3}}(?:{_SUFFIXES})\b\.?"
    r"(?:\s+(?:NE|NW|SE|SW|N|S|E|W)\b)?"
    r"(?:,?\s+(?:Apt|Apartment|Suite|Unit|Flat)\.?\s*#?\w+)?")
_CUE = re.compile(
    r"\b(?:I'm|I am|my name is|name's|this is|it's|ask for|ask|talk to|speak to|speak with|"
    r"call me|contact)\s+([A-Z][a-z]+)(?:\s+([A-Z][a-z]+))?", re.IGNORECASE)
# Common US/UK first names, many of them also English words (why a cue is required).
FIRST_NAMES = frozenset("""
Aaron Adam Alan Alex Alice Amanda Amy Andrew Angela Anna Anne Anthony Art Ashley Barbara
Ben Beth Betty Bill Bob Brian Carol Caroline Catherine Charles Charlotte Chris Christina
Claire Daniel David Deborah Dennis Diana Donna Dorothy Ed Edward Elizabeth Emily Emma Eric
Faith Frank Gary George Grace Hannah Harry Heather Helen Henry Hope Jack Jacob James Jane
Janet Jason Jennifer Jessica Jim John Jonathan Joseph Joy Joyce Julia Justin Karen Kate
Kevin Kim Laura Lauren Linda Lisa Lucy Margaret Maria Mark Mary Matthew May Megan Melissa
Michael Michelle Mike Nancy Nicholas Nicole Olivia Pat Patricia Paul Peter Priya Rachel
Raj Rebecca Richard Robert Rose Ruth Ryan Sam Samantha Sandra Sarah Scott Sharon Sophie
Stephen Steve Sue Susan Thomas Tim Tom Victoria Will William Zoe
""".split())
_NOT_SURNAMES = frozenset("""
Here Speaking From At And The Please Thanks Today Tomorrow Monday Tuesday Wednesday Thursday
Friday Saturday Sunday About Again In On
""".split())
# JSON keys whose values are ids, times or versions: never redacted (joins must survive).
_SKIP_KEY = re.compile(r"(?:^|_)(?:id|timestamp|time|at|version|date)$")


def hash_key() -> bytes:
    return os.environ.get(KEY_ENV, DEFAULT_KEY).encode()


def _normalise(kind: str, value: str, region: str = "US") -> str:
    if kind == "PHONE":
        number = phonenumbers.parse(value, region)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if kind in {"CARD", "ACCOUNT"}:
        return re.sub(r"\D", "", value)
    if kind == "IBAN":
        return value.replace(" ", "").upper()
    return " ".join(value.split()).casefold()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


@dataclass
class Redactor:
    """Finds PII in text and replaces each value by its stable token."""

    key: bytes = field(default_factory=hash_key)
    region: str = "US"

    def token(self, kind: str, value: str) -> str:
        digest = hmac.new(self.key, f"{kind}:{_normalise(kind, value, self.region)}".encode(),
                          hashlib.sha256).hexdigest()
        return f"<{kind}_{digest[:6]}>"

    def spans(self, text: str, names: Iterable[str] = ()) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every value found; earlier detectors win overlaps."""
        found: list[tuple[int, int, str]] = []
        found += [(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]
        found += [(m.start(), m.end(), "IBAN") for m in _IBAN.finditer(text)
                  if iban_ok(m.group())]
        found += [(m.start(), m.end(), "CARD") for m in _CARD.finditer(text)
                  if luhn_ok(re.sub(r"\D", "", m.group()))]
        found += [(m.start(1), m.end(1), "ACCOUNT") for m in _ACCOUNT.finditer(text)]
        found += [(m.start, m.end, "PHONE")
                  for m in phonenumbers.PhoneNumberMatcher(text, self.region)]
        found += [(m.start(), m.end(), "ADDRESS") for m in _ADDRESS.finditer(text)]
        found += _known_names(text, names)
        found += _cued_names(text)
        chosen: list[tuple[int, int, str]] = []
        for start, end, kind in found:
            if not any(start < e and s < end for s, e, _ in chosen):
                chosen.append((start, end, kind))
        return sorted(chosen)

    def redact(self, text: str, names: Iterable[str] = ()) -> str:
        """`text` with every value found replaced by its token."""
        out, last = [], 0
        for start, end, kind in self.spans(text, names):
            out += [text[last:start], self.token(kind, text[start:end])]
            last = end
        return "".join(out) + text[last:]

    def redact_json(self, value: Any, names: Iterable[str] = (), key: str = "") -> Any:
        """Every string inside `value` redacted, except ids, times and versions."""
        names = tuple(names)
        if isinstance(value, str):
            return value if _SKIP_KEY.search(key) else self.redact(value, names)
        if isinstance(value, list):
            return [self.redact_json(v, names, key) for v in value]
        if isinstance(value, dict):
            return {k: self.redact_json(v, names, k) for k, v in value.items()}
        return value


def _known_names(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Full names first, then their parts (3+ letters), as whole words, case-sensitive."""
    wanted: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if "@" in name or not name:
            continue
        wanted.add(name)
        wanted.update(part for part in name.split() if len(part) >= 3)
    spans = []
    for name in sorted(wanted, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w<]){re.escape(name)}(?!\w)", text):
            spans.append((m.start(), m.end(), "NAME"))
    return spans


def _cued_names(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for m in _CUE.finditer(text):
        first, last = m.group(1), m.group(2)
        if first not in FIRST_NAMES:  # group is case-insensitive: require a capital here
            continue
        end = m.end(2) if last and last not in _NOT_SURNAMES and last[0].isupper() else m.end(1)
        spans.append((m.start(1), end, "NAME"))
    return spans


def names_in_record(record: dict | None) -> set[str]:
    """Names a session record knows: the caller's and every booking's customer name."""
    if not record:
        return set()
    names = {(record.get("session") or {}).get("user_name")}
    names |= {call.get("customer_name") for call in record.get("tool_calls") or []
              if isinstance(call, dict)}
    return {n for n in names if isinstance(n, str) and n.strip()}


def names_in_analysis(sales_intelligence: dict | None) -> set[str]:
    """Stakeholder names the analysis found."""
    people = (sales_intelligence or {}).get("stakeholders") or []
    return {p["name"] for p in people if isinstance(p, dict) and p.get("name")}
