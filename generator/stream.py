"""A reproducible stream of published messages: valid records, re-deliveries, broken ones."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

import orjson

from . import vocabulary as v
from .clock import date_ms
from .malformations import MALFORMATION_KINDS, malform
from .scenarios import choose_scenario
from .session import build_session

DEFAULT_END_DATE = date(2026, 11, 1)  # fixed, never "today": output must be reproducible
_HOUR_MS = 3_600_000


@dataclass(frozen=True)
class GeneratedItem:
    """One message of the stream, as it would be published."""

    position: int  # 0-based position in the output stream
    payload: bytes  # UTF-8 JSON, or deliberately broken bytes; never contains b"\n"
    label: str  # "valid" | "duplicate" | "malformed:<kind>"
    session_id: str | None
    scenario: str


def _local_curve(hour: int) -> float:
    """How busy a local hour of the day is for business calls."""
    if 9 <= hour <= 11 or 13 <= hour <= 16:
        return 1.0
    return {7: 0.2, 8: 0.6, 12: 0.7, 17: 0.6, 18: 0.3, 19: 0.15, 20: 0.12, 21: 0.1}.get(hour, 0.03)


# UTC hour weights: callers' local business hours summed over where callers are.
_UTC_HOURS = [
    sum(w * _local_curve((h + place.utc_offset) % 24) for place, w in v.PLACES) for h in range(24)
]
_WEEKDAY = (1.0, 1.05, 1.05, 1.0, 0.85, 0.22, 0.15)


def start_times(rng: random.Random, n: int, end_date: date, days: int) -> list[int]:
    """`n` sorted start instants (epoch ms) over the `days` days ending with `end_date` (UTC)."""
    first = end_date - timedelta(days=days - 1)
    weights = []
    for d in range(days):
        day = first + timedelta(days=d)
        growth = 1.0 + 0.3 * d / max(1, days - 1)  # trial sign-ups trend up over the window
        day_w = _WEEKDAY[day.weekday()] * growth
        weights.extend(day_w * hw for hw in _UTC_HOURS)
    cum = list(accumulate(weights))
    base = date_ms(first)
    slots = rng.choices(range(len(weights)), cum_weights=cum, k=n)
    return sorted(base + s * _HOUR_MS + rng.randrange(_HOUR_MS) for s in slots)


def _labels(rng: random.Random, count: int, duplicate_rate: float, malformed_rate: float
            ) -> list[str]:
    if not (0.0 <= duplicate_rate <= 1.0 and 0.0 <= malformed_rate <= 1.0):
        raise ValueError("rates must be between 0 and 1")
    if duplicate_rate + malformed_rate > 1.0:
        raise ValueError("duplicate_rate + malformed_rate must not exceed 1")
    n_dup = round(count * duplicate_rate)
    n_mal = min(count - n_dup, round(count * malformed_rate))
    n_valid = count - n_dup - n_mal
    if n_dup and not n_valid:
        n_dup, n_valid = n_dup - 1, 1  # a re-delivery needs an original
    labels = ["valid"] * n_valid + ["duplicate"] * n_dup + ["malformed"] * n_mal
    rng.shuffle(labels)
    if n_dup:
        first_valid = labels.index("valid")
        first_dup = labels.index("duplicate")
        if first_dup < first_valid:
            labels[first_dup], labels[first_valid] = "valid", "duplicate"
    return labels


def generate_items(count: int, seed: int, *, duplicate_rate: float = 0.0,
                   malformed_rate: float = 0.0, turns: int | None = None,
                   end_date: date = DEFAULT_END_DATE, days: int = 30) -> Iterator[GeneratedItem]:
    """Yield `count` messages; same seed and arguments give byte-identical output.

    A share `duplicate_rate` are re-deliveries (the same bytes as an earlier valid item), a share
    `malformed_rate` are broken (kinds cycled so each appears), the rest valid. Start times
    spread over `days` days ending with `end_date`, weighted to business hours (UTC).
    """
    if count < 0 or days < 1:
        raise ValueError("count must be >= 0 and days >= 1")
    if turns is not None and turns < 1:
        raise ValueError("turns must be >= 1")
    rng = random.Random(seed)
    labels = _labels(rng, count, duplicate_rate, malformed_rate)
    times = start_times(rng, count - labels.count("duplicate"), end_date, days)
    kinds: list[str] = []
    recent: deque[GeneratedItem] = deque(maxlen=256)  # re-deliveries come from the recent past
    used: set[str] = set()
    next_time = 0
    for position, label in enumerate(labels):
        if label == "duplicate":
            back = min(int(rng.expovariate(1 / 6.0)), len(recent) - 1)
            orig = recent[len(recent) - 1 - back]
            yield GeneratedItem(position, orig.payload, "duplicate", orig.session_id,
                                orig.scenario)
            continue
        start = times[next_time]
        next_time += 1
        item_rng = random.Random(rng.getrandbits(64))  # per-item stream: items are independent
        if label == "valid":
            built = build_session(item_rng, start, turns)
        else:
            if not kinds:
                kinds = list(MALFORMATION_KINDS)
                rng.shuffle(kinds)
            kind = kinds.pop()
            scenario = None
            if turns is None or turns > 3:
                scenario = choose_scenario(item_rng, turns)
                while scenario == "dropped_call":  # breaking needs a real conversation
                    scenario = choose_scenario(item_rng, turns)
            built = build_session(item_rng, start, turns, scenario)
        record = built.record
        sid = record["session"]["session_id"]
        while sid in used:  # ids are unique per stream: consumers deduplicate on them
            sid = f"vt-{sid[3:13]}-{item_rng.getrandbits(32):08x}"
        record["session"]["session_id"] = sid
        used.add(sid)
        if label == "valid":
            item = GeneratedItem(position, orjson.dumps(record), "valid", sid, built.scenario)
            recent.append(item)
        else:
            payload, msid = malform(kind, item_rng, record, start)
            item = GeneratedItem(position, payload, f"malformed:{kind}", msid, built.scenario)
        yield item



