"""Objection beats: a pitch, the caller's objection of a taxonomy type, the agent's answer."""

from __future__ import annotations

from . import lines as L
from . import vocabulary as v
from .dialogue import Beat, Ctx, Turn
from .knowledge import TOPIC_BY_QUERY, kb_call, kb_question

_OBJ_PROMPTS = (
    "How does that sound so far?", "What do you think so far?", "Any concerns I can help with?",
    "Is there anything holding you back?",
)


def pitch(c: Ctx, before: list[Turn]) -> str:
    """A one-line pitch plus a check, once per call; later just a check-in question."""
    if c.pitched:
        return c.rng.choice(_OBJ_PROMPTS)
    c.pitched = True
    heard = any("fact:use_case" in t.tags for t in before)
    line = c.rng.choice(L.PITCHES[c.p.use_case[0]] if heard else L.GENERIC_PITCHES)
    return c.fmt(line + " " + c.rng.choice(L.PITCH_CHECKS))


def objection(c: Ctx, kind: str) -> Beat:
    """The caller raises an objection of a taxonomy type and the agent responds."""
    rng = c.rng
    if kind == "security_compliance":
        beat = kb_question(c, rng.choice([q for q in L.SECURITY_QUERIES
                                          if q not in c.used_topics] or [L.SECURITY_QUERIES[0]]),
                           objection=kind)
        assert beat is not None
        return beat
    if kind == "feature_gap":
        free = [q for q in L.FEATURE_GAP_QUERIES if q not in c.used_topics]
        beat = kb_question(c, rng.choice(free or list(L.FEATURE_GAP_QUERIES)),
                           force_fail=rng.random() < 0.7, objection=kind)
        assert beat is not None
        return beat
    tags = [f"obj:{kind}"]
    if kind in ("competitor_mention", "comparison_request"):
        tags.append(f"comp:{c.alt}")
    line = c.pick(L.OBJECTIONS[kind])
    if "{comp}" in line:
        tags.append(f"comp:{c.p.tool_id}")
    notes: dict | None = None
    if kind == "pricing":
        notes = {"pain_points": [rng.choice(("price vs current tool", "per-seat cost",
                                             "budget", "too expensive"))]}
    elif kind == "timing":
        notes = {"decision_timeline": rng.choice(("not now", "next quarter", "after busy season",
                                                  "later this year")), "urgency": "low"}
    elif kind == "switching_barrier":
        notes = {"pain_points": [rng.choice(("migration effort", "existing contract",
                                             "team retraining"))]}
    elif kind == "authority":
        notes = {"budget_authority": rng.choice(("needs boss approval", False,
                                                 "procurement signs off"))}
    elif kind == "competitor_mention":
        notes = {"pain_points": [f"evaluating {v.COMPETITORS[c.alt][0]}"]}
    lead = c.agent("", ack=True)
    lead.fill = "pitch"
    turns = [lead, c.user(line, tags=tuple(tags), notes=notes, mood="neg")]
    if kind == "comparison_request":
        reply = rng.choice(L.COMPARISON_REPLIES[L.COMPETITOR_FAMILY.get(c.alt, "other")])
    else:
        reply = rng.choice(L.OBJECTION_REPLIES[kind])
    tool = None
    if kind == "comparison_request" and rng.random() < 0.5:
        tool = kb_call(rng, None, rng.random() < 0.85,
                       query=f"PandaDoc vs {v.COMPETITORS[c.alt][0]} comparison",
                       category="comparison")
    elif kind == "pricing" and rng.random() < 0.3:
        tool = kb_call(rng, TOPIC_BY_QUERY["pricing plans essentials business enterprise"], True)
    turns.append(c.agent(reply, tool=tool))
    turns.append(c.user(c.pick(L.OBJECTION_REACTIONS[kind])))
    return Beat(turns, f"objection:{kind}")
