"""Conversation building blocks: turns, beats (short exchanges) and the call context."""

from __future__ import annotations

import random
import re

from . import lines as L
from . import vocabulary as v
from .personas import Persona, brand, competitor
from .speech import disfluent, say_number

STORAGE = ("google_drive", "dropbox", "box", "onedrive_sharepoint")
_TEAM_WORDS = re.compile(r"\b(boss|reps|team|partners|IT|procurement|colleague)\b")


class Turn:
    """One planned utterance; timing and ids are added when the record is assembled."""

    __slots__ = ("role", "text", "tags", "notes", "tool", "after", "ack", "mood", "cut_ok",
                 "fill")

    def __init__(self, role: str, text: str, tags: tuple[str, ...] = (),
                 notes: dict | None = None, tool: dict | None = None, after: bool = False,
                 ack: bool = False, mood: str = "neutral", cut_ok: bool = True) -> None:
        self.role = role
        self.text = text
        self.tags = tags
        self.notes = notes  # what the agent may record in discovered_signals
        self.tool = tool  # a tool call made while producing this (agent) turn
        self.after = after  # tool runs after the previous agent turn ("let me check...")
        self.ack = ack  # prefix an acknowledgement chosen from the previous caller turn's mood
        self.mood = mood
        self.cut_ok = cut_ok  # the caller may talk over this turn
        self.fill: str | None = None  # "pitch"/"summary": written once the order is known


class Beat:
    """A short exchange that is kept or dropped as a whole (lowest `prio` is dropped first)."""

    __slots__ = ("turns", "drop", "kind", "prio")

    def __init__(self, turns: list[Turn], kind: str, drop: bool = True, prio: int = 5) -> None:
        self.turns = turns
        self.kind = kind
        self.drop = drop
        self.prio = prio


class Vars(dict):
    """Template values; brand spellings are drawn on first use so they stay stable in a call."""

    def __init__(self, rng: random.Random, persona: Persona) -> None:
        super().__init__()
        self.rng = rng
        self.persona = persona

    def __missing__(self, key: str) -> str:
        if key in v.INTEGRATIONS:
            value = brand(self.rng, v.INTEGRATIONS[key], 0.35)
        elif key in v.COMPETITORS:
            value = brand(self.rng, v.COMPETITORS[key], 0.3)
        else:
            raise KeyError(key)
        self[key] = value
        return value


class Ctx:
    """Everything a beat builder needs: the caller, the rng and what has been said."""

    def __init__(self, rng: random.Random, persona: Persona, scenario: str, start_ms: int,
                 *, name_on_file: bool, email_on_file: bool) -> None:
        self.rng = rng
        self.p = persona
        self.scenario = scenario
        self.start_ms = start_ms
        self.name_known = name_on_file
        self.email_known = email_on_file
        self.used_topics: set[str] = set()
        self.used_extras: list[str] = []
        self.pitched = False
        self.alt = competitor(rng, persona.tool_id if persona.tool_kind == "competitor" else None)
        p = persona
        storage = next((i for i in p.integrations if i in STORAGE), rng.choice(STORAGE))
        self.storage = storage
        crm = next((i for i in p.integrations if v.INTEGRATION_KIND[i] == "crm"), None)
        self.crm = crm
        use_case = p.use_case[1]
        x = Vars(rng, p)
        x.update(
            first=p.first, last=p.last, company=p.company, role=p.role,
            industry_cap=p.industry_spoken[0].upper() + p.industry_spoken[1:],
            biz=L.BIZ_NOUN[p.industry],
            use_case=use_case, use_case_cap=use_case[0].upper() + use_case[1:],
            comp2=brand(rng, v.COMPETITORS[self.alt]), team=say_number(p.team_size, rng),
            templates=rng.choice(("forty", "sixty", "a hundred", "two hundred", "thirty")),
            city=p.place.spoken, tz=p.place.tz,
        )
        x["storage"] = x[storage]
        x["crm"] = x[crm] if crm else "our CRM"
        if p.tool_kind == "competitor":
            x["comp"] = brand(rng, v.COMPETITORS[p.tool_id])
        x["comp_cap"] = x.get("comp", "")[:1].upper() + x.get("comp", "")[1:]
        self.x = x

    def fmt(self, template: str) -> str:
        """Fill a template from this call's values."""
        return template.format_map(self.x) if "{" in template else template

    def agent(self, text: str, **kw: object) -> Turn:
        """An agent turn (templates filled)."""
        return Turn("agent", self.fmt(text), **kw)  # type: ignore[arg-type]

    def user(self, text: str, *, clean: bool = False, **kw: object) -> Turn:
        """A caller turn, made to sound spoken unless `clean`."""
        text = self.fmt(text)
        if not clean:
            text = disfluent(text, self.rng, self.p.fluency)
        if text[:1].islower():
            text = text[0].upper() + text[1:]  # STT capitalises sentence starts
        return Turn("user", text, **kw)  # type: ignore[arg-type]

    def pick(self, options: tuple[str, ...]) -> str:
        """A random option that fits: no current competitor named if there is none, no boss or
        team for a one- or two-person business."""
        if "comp" not in self.x:
            options = tuple(o for o in options if "{comp}" not in o and "{comp_cap}" not in o)
        if self.p.team_size <= 2:
            options = tuple(o for o in options if not _TEAM_WORDS.search(o)) or options
        return self.rng.choice(options)


def cap(text: str) -> str:
    """Upper-case the first character."""
    return text[:1].upper() + text[1:]


def join_words(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
