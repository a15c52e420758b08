"""Names the spec (`../shared/spec/data-flow-spec.txt`) lists, read from the spec itself so
the tests hold the product to the document, not to a copy of it."""

import re
from pathlib import Path

SPEC = Path(__file__).parents[2] / "shared" / "spec" / "data-flow-spec.txt"


def _section(number: str) -> str:
    text = SPEC.read_text(encoding="utf-8")
    start = re.search(rf"^{re.escape(number)}\. ", text, re.M).start()
    end = text.find("\n---", start)
    return text[start:end]


def amplitude_events() -> dict[str, list[str]]:
    """Event name -> its properties (spec 5.1, 5.3-5.5)."""
    events, current = {}, None
    for line in _section("5").splitlines():
        match = re.match(r"Event(?: Name)?: (\w+)", line)
        if match:
            current = events.setdefault(match.group(1), [])
        elif line.startswith("- ") and current is not None:
            current.append(line[2:].strip())
        elif line.startswith("5.2"):
            current = None
    return events


def amplitude_user_properties() -> list[str]:
    text = _section("5")
    block = text[text.index("5.2"):text.index("5.3")]
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]


def salesforce_custom_fields(subsection: str) -> list[str]:
    """The `__c` names of spec 4.x, e.g. salesforce_custom_fields("4.2")."""
    text = _section("4")
    start = text.index(subsection)
    end = text.find("\n4.", start + 1)
    return re.findall(r"- (\w+__c)", text[start:end if end > 0 else None])


def salesforce_standard_fields() -> list[str]:
    text = _section("4")
    block = text[text.index("4.1"):text.index("4.2")]
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]
