"""Who follows up a call, how urgently and by when: by qualification tier and territory.

The defaults are `routing.json` beside this file; `--salesforce_routing FILE` replaces them
(same shape), so sales ops can change owners without a code change.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DEFAULT_ROUTING = Path(__file__).with_name("routing.json")


@dataclass(frozen=True)
class Assignment:
    territory: str
    owner_name: str  # Recommended_Owner__c
    owner_id: str | None  # Task OwnerId; None: the integration user keeps it
    priority: str  # High, Normal, Low
    due_in_business_days: int


class Routing:
    def __init__(self, config: dict) -> None:
        self.config = config
        self._places = [
            (territory, re.compile(r"\b(?:" + "|".join(map(re.escape, places)) + r")\b", re.I))
            for territory, places in config["territories"].items()
        ]

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Routing":
        return _load(str(path or DEFAULT_ROUTING))

    def territory(self, location: str | None) -> str:
        for territory, places in self._places:
            if location and places.search(location):
                return territory
        return self.config["default_territory"]

    def assign(self, tier: str, location: str | None) -> Assignment:
        territory = self.territory(location)
        owner = self.config["owners"][tier][territory]
        return Assignment(territory, owner["name"], owner.get("owner_id"),
                          self.config["priority"][tier],
                          self.config["due_in_business_days"][tier])


@cache
def _load(path: str) -> Routing:
    return Routing(json.loads(Path(path).read_text(encoding="utf-8")))


def add_business_days(start: date, days: int) -> date:
    """`days` working days after `start` (Saturdays and Sundays skipped)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current
