"""discovered_signals: what the agent wrote down - raw, partial, sometimes wrong."""

from __future__ import annotations

import random

from .dialogue import Turn

_TIER_NOISE = ("hot", "warm", "cold", "Warm", "tier_2", "unknown", None)


def discovered(rng: random.Random, turns: list[Turn], tier: str | None) -> dict:
    """Collect the notes attached to the turns that were kept, then add the agent's slips."""
    signals: dict = {
        "team_size": None, "monthly_volume": None, "integration_needs": [], "industry": None,
        "location": None, "use_case": None, "current_tool": None, "pain_points": [],
        "decision_timeline": None, "budget_authority": None, "urgency": None,
        "qualification_tier": None,
    }
    for turn in turns:
        notes = turn.notes
        if not notes:
            continue
        for key, value in notes.items():
            if key in ("integration_needs", "pain_points"):
                for item in value:
                    if item not in signals[key]:
                        signals[key].append(item)
            elif value is not None:
                signals[key] = value  # later statements overwrite earlier ones
    if signals["urgency"] is None and signals["decision_timeline"] is not None:
        signals["urgency"] = rng.choice(("medium", "low", None))
    r = rng.random()
    if r < 0.06:
        tier = rng.choice(_TIER_NOISE)  # the agent's own call disagrees with the conversation
    elif r < 0.1 and tier in ("hot", "warm", "cold"):
        tier = tier.capitalize()
    signals["qualification_tier"] = tier
    if rng.random() < 0.04:
        signals["team_size"] = None  # forgot to record it
    return signals
