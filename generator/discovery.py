"""Discovery beats: the opening and the agent's qualifying questions."""

from __future__ import annotations

from . import lines as L
from . import vocabulary as v
from .dialogue import Beat, Ctx, cap, join_words
from .knowledge import kb_call, topic_for_integration
from .personas import brand
from .speech import team_phrase, volume_phrase


def opening(c: Ctx, style: str) -> Beat:
    """Greeting plus the caller's first words; `style` is full, name or anon."""
    rng = c.rng
    greet = c.agent(rng.choice(L.GREETINGS), cut_ok=rng.random() < 0.3)
    tags: tuple[str, ...]
    notes: dict = {}
    if style == "full":
        text, tags = rng.choice(L.INTRO_FULL), ("fact:name", "fact:industry", "fact:use_case")
        notes = {"industry": c.p.industry_noted, "use_case": c.p.use_case[1]}
        c.name_known = True
    elif style == "name":
        text, tags = rng.choice(L.INTRO_NAME), ("fact:name",)
        if "{industry_cap}" in text:
            tags = ("fact:name", "fact:industry")
            notes = {"industry": c.p.industry_noted}
        c.name_known = True
    else:
        text = rng.choice(L.INTRO_ANON)
        tags = ("fact:use_case",) if "{use_case}" in text else ()
        if tags:
            notes = {"use_case": c.p.use_case[1]}
    return Beat([greet, c.user(text, tags=tags, notes=notes)], "opening", drop=False)


def ask_use_case(c: Ctx) -> Beat:
    """What documents they want to send."""
    return Beat([c.agent(c.rng.choice(L.ASK_USE_CASE), ack=True),
                 c.user(c.rng.choice(L.SAY_USE_CASE), tags=("fact:use_case",),
                        notes={"use_case": c.p.use_case[1]})], "use_case", prio=8)


def ask_industry(c: Ctx) -> Beat:
    """What the business does."""
    return Beat([c.agent(c.rng.choice(L.ASK_INDUSTRY), ack=True),
                 c.user(cap(c.p.industry_spoken) + ".", tags=("fact:industry",),
                        notes={"industry": c.p.industry_noted})], "industry", prio=4)


def ask_tool(c: Ctx) -> Beat:
    """What they use today; competitors may be current, past or denied."""
    rng, p = c.rng, c.p
    tags: list[str] = ["fact:current_tool"]
    if p.tool_kind == "competitor":
        options = L.SAY_COMPETITOR if p.tool_id != "docusign" else L.SAY_COMPETITOR[:4]
        text = rng.choice(options)
        tags.append(f"comp:{p.tool_id}")
        noted = v.COMPETITORS[p.tool_id][0]
        if "Not DocuSign" in text:
            tags.append("neg:docusign")
    else:
        said, noted = rng.choice(v.CURRENT_TOOLS[p.tool_id])
        if p.past_competitor:
            c.x["past"] = brand(rng, v.COMPETITORS[p.past_competitor])
            c.x["tool_said"] = said
            text = rng.choice(L.SAY_PAST_COMPETITOR)
            tags.append(f"comp:{p.past_competitor}")
        else:
            text = cap(said) + "."
    noted_value: str | None = noted if rng.random() < 0.9 else None
    return Beat([c.agent(rng.choice(L.ASK_TOOL), ack=True),
                 c.user(text, tags=tuple(tags), notes={"current_tool": noted_value})],
                "tool", prio=6)


def ask_volume(c: Ctx) -> Beat:
    """Documents a month, said roughly."""
    rng = c.rng
    spoken, noted = volume_phrase(c.p.monthly_volume, rng)
    c.x["vol"], c.x["vol_cap"] = spoken, cap(spoken)
    text = rng.choice(L.SAY_VOLUME)
    return Beat([c.agent(rng.choice(L.ASK_VOLUME), ack=True),
                 c.user(text, tags=("fact:volume",),
                        notes={"monthly_volume": noted if rng.random() < 0.9 else None})],
                "volume", prio=4)


def ask_team(c: Ctx) -> Beat:
    """How many people would use it."""
    text, noted = team_phrase(c.p.team_size, c.rng)
    return Beat([c.agent(c.rng.choice(L.ASK_TEAM), ack=True),
                 c.user(text, tags=("fact:team",),
                        notes={"team_size": noted if c.rng.random() < 0.92 else None})],
                "team", prio=4)


def ask_integrations(c: Ctx) -> Beat:
    """CRM and other tools; sometimes followed by the agent explaining an integration."""
    rng, p, x = c.rng, c.p, c.x
    ids = list(p.integrations)
    said = [x[i] for i in ids]
    if p.other_integration:
        said.append(p.other_integration)
    tags = ["fact:integrations"] + [f"int:{i}" for i in ids]
    noted = [v.INTEGRATIONS[i][0] if i != "api" else "API" for i in ids]
    if p.other_integration:
        tags.append("int:other")
        noted.append(p.other_integration)
    if not said:
        text = rng.choice(("Not really, no CRM. Just email and {storage}.",
                           "No, nothing like that.", "Um, not really. We're pretty low-tech."))
        if "{storage}" in text:
            tags.append(f"int:{c.storage}")
    else:
        r = rng.random()
        first_is_crm = v.INTEGRATION_KIND[ids[0]] == "crm" if ids else False
        if first_is_crm and r < 0.15:
            wrong = "salesforce" if ids[0] != "salesforce" else "hubspot"
            rest = f", and {join_words(said[1:])}" if len(said) > 1 else ""
            text = f"We're not on {v.INTEGRATIONS[wrong][0]}, we use {said[0]}{rest}."
            tags.append(f"neg:{wrong}")
            if rng.random() < 0.25:
                noted.append(v.INTEGRATIONS[wrong][0])  # the agent heard the brand, not the "not"
        elif first_is_crm and r < 0.23:
            text = f"We just moved off Pipedrive to {join_words(said)}."
            if "pipedrive" not in ids:
                tags.append("past:pipedrive")
        elif len(said) == 1:
            options = ("Yeah, {0}.", "We're on {0}.", "Just {0}, really.")
            if first_is_crm and p.team_size > 2:
                options += ("{0}. The reps live in it.", "{0}, everybody lives in it.")
            text = rng.choice(options).format(said[0])
        else:
            roles = [rng.choice(L.INTEGRATION_ROLES[v.INTEGRATION_KIND[i]]).format(x[i])
                     for i in ids[1:]]
            if p.other_integration:
                roles.append(f"{p.other_integration} for everything else")
            text = rng.choice(("{0}, and {rest}.", "We use {all}.", "Mostly {0}. Oh, and {rest}.",
                               "{0}. Plus {rest}.")).format(
                said[0], all=join_words(said), rest=join_words(roles))
    if noted and rng.random() < 0.1:
        noted.pop()  # the agent missed one
    turns = [c.agent(rng.choice(L.ASK_INTEGRATIONS), ack=True),
             c.user(text, tags=tuple(tags), notes={"integration_needs": noted})]
    if ids and rng.random() < 0.5:
        topic = topic_for_integration(ids[0])
        if topic is not None and topic.query not in c.used_topics:
            c.used_topics.add(topic.query)
            ok = rng.random() < topic.p_ok
            answer = topic.ok if ok else topic.fail
            if rng.random() < 0.5 and ok:
                answer += " Would that work for your team?"
            turns.append(c.agent(answer, tool=kb_call(rng, topic, ok), tags=("kb",)))
            turns.append(c.user(rng.choice(("Great.", "Nice, that's what we need.",
                                            "Okay, good.", "Oh, cool."))
                                if ok else "Okay. That's kind of important for us.",
                                mood="pos" if ok else "neg"))
    return Beat(turns, "integrations", prio=5)


def ask_pain(c: Ctx) -> Beat:
    """What hurts today."""
    said, noted = c.p.pain
    return Beat([c.agent(c.rng.choice(L.ASK_PAIN), ack=True),
                 c.user(cap(said) + ".", tags=("fact:pain",), notes={"pain_points": [noted]},
                        mood="pain")], "pain", prio=3)


def ask_timeline(c: Ctx, timeline: str) -> Beat:
    """When they want to be live."""
    said, noted, urgency = c.rng.choice(L.TIMELINES[timeline])
    notes = {"decision_timeline": noted, "urgency": urgency}
    tags = ("fact:timeline", f"timeline:{timeline}")
    return Beat([c.agent(c.rng.choice(L.ASK_TIMELINE), ack=True),
                 c.user(said, tags=tags, notes=notes)], "timeline", prio=5)


def ask_authority(c: Ctx, authority: str) -> Beat:
    """Who decides."""
    said, noted = c.rng.choice(L.AUTHORITY[authority])
    tags = ["fact:authority", f"authority:{authority}"]
    if authority == "no_authority":
        tags.append("obj:authority")
    return Beat([c.agent(c.rng.choice(L.ASK_AUTHORITY), ack=True),
                 c.user(said, tags=tuple(tags), notes={"budget_authority": noted})],
                "authority", prio=5)


def ask_location(c: Ctx) -> Beat:
    """Where they are."""
    p = c.p
    ask, answers = c.rng.choice(L.ASK_LOCATION)
    said = c.rng.choice(answers)
    return Beat([c.agent(ask, ack=True),
                 c.user(said, tags=("fact:location",), notes={"location": p.place.noted})],
                "location", prio=1)

