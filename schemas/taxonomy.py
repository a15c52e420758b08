"""The canonical ids of analysis values, read once from the contract's `taxonomy.json`.

The file is vendored in `schemas/contract/` so Dataflow workers have it; a test keeps it equal
to the contract's copy.
"""

import json
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator

CONTRACT_DIR = Path(__file__).parent / "contract"


@cache
def taxonomy() -> dict:
    return json.loads((CONTRACT_DIR / "taxonomy.json").read_text(encoding="utf-8"))


@cache
def ids(group: str) -> frozenset[str]:
    """The ids of one taxonomy group, e.g. ids("industries")."""
    entries = taxonomy()[group]
    if isinstance(entries, list):
        return frozenset(entries)
    return frozenset(key for key in entries if key != "description")


@cache
def tool_ids() -> frozenset[str]:
    """What a caller can be using today: a competitor or a current tool."""
    return ids("competitors") | ids("current_tools")


def _member_of(group: str):
    def check(value: str) -> str:
        allowed = tool_ids() if group == "tools" else ids(group)
        if value not in allowed:
            raise ValueError(f"{value!r} is not a {group} id in taxonomy.json")
        return value

    return AfterValidator(check)


def TaxonomyId(group: str):  # noqa: N802 - used like a type: TaxonomyId("industries")
    """A string that must be an id of `group` ("tools" = competitors or current tools)."""
    return Annotated[str, _member_of(group)]
