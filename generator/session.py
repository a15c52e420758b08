"""One complete, valid session record: caller, conversation, timing, signals, envelope."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from . import scenarios as sc
from . import telemetry as tm
from .clock import day_of, iso, to_ms
from .dialogue import Ctx
from .personas import make_persona
from .signals import discovered

SCHEMA_VERSION = "1.0"


@dataclass(slots=True)
class Built:
    """A record plus what the generator knows about it (ground truth for tests and demos)."""

    record: dict
    scenario: str
    meta: dict = field(default_factory=dict)


def _on_file(rng: random.Random, platform: str) -> tuple[bool, bool]:
    """Whether the session knows the caller's (name, email) from their login."""
    r = rng.random()
    if platform == "sip":
        return False, False
    if platform in ("ios", "android"):
        return (True, True) if r < 0.92 else (False, True)
    return (True, True) if r < 0.72 else (False, True) if r < 0.82 else (False, False)


def build_session(rng: random.Random, start_ms: int, turns: int | None = None,
                  scenario: str | None = None) -> Built:
    """Build one valid record starting at `start_ms` (epoch ms)."""
    name = scenario or sc.choose_scenario(rng, turns)
    persona = make_persona(rng, small=name == "unqualified")
    dev = tm.device(rng)
    name_on_file, email_on_file = _on_file(rng, dev[0])
    ctx = Ctx(rng, persona, name, start_ms, name_on_file=name_on_file,
              email_on_file=email_on_file)
    target = turns if turns is not None else sc.natural_length(rng, name)
    plan = sc.build_plan(ctx, name, target)
    planned = sc.fit(ctx, plan, target, name, exact=turns is not None)

    provider_block, agent_version = tm.providers(rng)
    conn = tm.connection(rng, dev, dropped=name == "dropped_call")
    poor = conn is not None and conn["quality_level"] in ("poor", "lost")
    tl = tm.assemble(rng, planned, start_ms, llm=provider_block["llm"],
                     tts=provider_block["tts"], poor=poor, end_reason=plan.end_reason)

    hex_id = f"{rng.getrandbits(32):08x}"
    day = day_of(start_ms)
    if dev[0] == "sip":
        part = f"{rng.getrandbits(40):010x}"
        participant, room = f"sip_{part}", f"inbound-sip-{part}"
    else:
        part = f"{rng.getrandbits(32):08x}"
        participant = f"{dev[4]}{part}"
        room = f"{dev[5]}{part}-{day.month:02d}{day.day:02d}"
    record = {
        "schema_version": SCHEMA_VERSION,
        "session": {
            "session_id": f"vt-{day.isoformat()}-{hex_id}",
            "start_time": iso(start_ms),
            "end_time": iso(tl.end_ms),
            "duration_seconds": (tl.end_ms - start_ms) / 1000.0,
            "participant_id": participant,
            "user_email": persona.email if email_on_file else None,
            "user_name": persona.name if name_on_file else None,
            "agent_version": agent_version,
            "room_name": room if rng.random() > 0.03 else None,
            "end_reason": plan.end_reason,
        },
        "transcript": tl.transcript,
        "interruptions": tl.interruptions,
        "metrics": tl.metrics,
        "providers": provider_block,
        "discovered_signals": discovered(rng, planned, plan.tier),
        "tool_calls": tl.tool_calls,
        "connection_quality": conn,
    }
    tags = {tag for t in planned for tag in t.tags}
    meta = {
        "base": plan.base,
        "outcome": plan.outcome,
        "objections": sorted(t[4:] for t in tags if t.startswith("obj:")),
        "competitors": sorted(t[5:] for t in tags if t.startswith("comp:")),
        "integrations": sorted(t[4:] for t in tags if t.startswith("int:")),
        "industry": persona.industry if "fact:industry" in tags else "unknown",
        "current_tool": persona.tool_id if "fact:current_tool" in tags else None,
        "use_case": persona.use_case[0] if "fact:use_case" in tags else "unknown",
        "team_size": persona.team_size if "fact:team" in tags else None,
        "monthly_volume": persona.monthly_volume if "fact:volume" in tags else None,
    }
    return Built(record, name, meta)


def generate_session(rng: random.Random, *, start_time: datetime, turns: int | None = None
                     ) -> dict:
    """One valid session record (a dict ready for JSON).

    `turns` fixes the transcript length exactly (e.g. 40 for benchmarks); otherwise lengths vary
    realistically (most 10-35, dropped calls 1-3, a long tail to ~60).
    """
    if turns is not None and turns < 1:
        raise ValueError("turns must be >= 1")
    return build_session(rng, to_ms(start_time), turns).record
