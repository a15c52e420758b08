"""Scenarios: what kind of call it is, how it unfolds, and fitting it to a number of turns."""

from __future__ import annotations

import random
from itertools import accumulate

from . import closings as close
from . import discovery as disc
from . import fillers as fill
from . import knowledge as kb
from . import lines as L
from . import objections as obj
from .dialogue import Beat, Ctx, Turn
from .speech import lower_first

# Relative frequency of each kind of call.
SCENARIO_WEIGHTS: dict[str, float] = {
    "hot_lead": 11, "warm_lead": 14, "price_objection": 10, "competitor_evaluation": 9,
    "security_compliance": 6, "needs_approval": 7, "timing_not_now": 7, "feature_gap": 5,
    "unqualified": 7, "support_caller": 10, "dropped_call": 6, "abrupt_ending": 5,
    "failed_booking": 4,
}
SCENARIOS: tuple[str, ...] = tuple(SCENARIO_WEIGHTS)
_CUM = list(accumulate(SCENARIO_WEIGHTS.values()))

# Natural transcript length per scenario: (low, mode, high) for a triangular draw.
_LENGTHS: dict[str, tuple[int, int, int]] = {
    "hot_lead": (16, 26, 40), "warm_lead": (12, 22, 36), "price_objection": (12, 18, 32),
    "competitor_evaluation": (14, 22, 38), "security_compliance": (12, 20, 34),
    "needs_approval": (12, 18, 30), "timing_not_now": (10, 14, 26), "feature_gap": (10, 16, 28),
    "unqualified": (4, 7, 14), "support_caller": (6, 10, 24), "dropped_call": (1, 2, 3),
    "abrupt_ending": (4, 12, 30), "failed_booking": (16, 24, 40),
}
_SALES = ("hot_lead", "warm_lead", "price_objection", "competitor_evaluation",
          "security_compliance", "needs_approval", "timing_not_now", "feature_gap")
OUTCOMES: dict[str, str] = {
    "hot_lead": "meeting_booked", "warm_lead": "qualified_follow_up",
    "price_objection": "nurture", "competitor_evaluation": "qualified_follow_up",
    "security_compliance": "qualified_follow_up", "needs_approval": "nurture",
    "timing_not_now": "nurture", "feature_gap": "nurture", "unqualified": "unqualified",
    "support_caller": "support_request", "dropped_call": "dropped", "abrupt_ending": "dropped",
    "failed_booking": "qualified_follow_up",
}


class Plan:
    """A conversation before timing: opening, body (droppable beats), closing, and its facts."""

    __slots__ = ("opening", "body", "closing", "outcome", "tier", "end_reason", "base")

    def __init__(self, opening: Beat | None, body: list[Beat], closing: list[Beat],
                 outcome: str, tier: str | None, base: str) -> None:
        self.opening = opening
        self.body = body
        self.closing = closing
        self.outcome = outcome
        self.tier = tier
        self.end_reason: str | None = None
        self.base = base


def choose_scenario(rng: random.Random, turns: int | None) -> str:
    """A weighted scenario that can produce `turns` turns (any when None)."""
    if turns is not None and turns <= 3:
        return "dropped_call"
    if turns is not None and turns < 8:
        # Too short for a sales conversation to finish.
        return _weighted(rng, (("unqualified", 4), ("support_caller", 3), ("abrupt_ending", 3)))
    while True:
        name = rng.choices(SCENARIOS, cum_weights=_CUM)[0]
        if turns is None or name != "dropped_call" and not (name == "unqualified" and turns > 20):
            return name


def natural_length(rng: random.Random, scenario: str) -> int:
    """A realistic transcript length for the scenario, with a long tail up to ~60."""
    low, mode, high = _LENGTHS[scenario]
    n = int(round(rng.triangular(low, high, mode)))
    if scenario != "dropped_call" and rng.random() < 0.05:
        n += rng.randrange(15, 30)
    return min(n, 64)


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    total = sum(w for _, w in options)
    r = rng.random() * total
    for value, w in options:
        r -= w
        if r < 0:
            return value
    return options[-1][0]


def _sales_plan(c: Ctx, scenario: str) -> Plan:
    """Discovery, objections and a closing for any sales-type call."""
    rng = c.rng
    style = _weighted(rng, (("full", 45), ("name", 25), ("anon", 30)))
    opening = disc.opening(c, style)
    objections: list[str] = []
    authority = _weighted(rng, (("decision_maker", 40), ("shared", 40), ("no_authority", 20)))
    timeline = _weighted(rng, (("one_month", 35), ("quarter", 40), ("unknown", 25)))
    tier = "warm"
    if scenario in ("hot_lead", "failed_booking"):
        authority = _weighted(rng, (("decision_maker", 80), ("shared", 20)))
        timeline = _weighted(rng, (("immediate", 60), ("one_month", 40)))
        tier = "hot"
        r = rng.random()
        if r < 0.1:
            objections.append("comparison_request")
        elif r < 0.15:
            objections.append("competitor_mention")
        elif r < 0.2:
            objections.append("security_compliance")
    elif scenario == "warm_lead":
        if rng.random() < 0.6:
            objections.append(rng.choice(("pricing", "feature_gap", "comparison_request",
                                          "switching_barrier", "competitor_mention")))
    elif scenario == "price_objection":
        objections.append("pricing")
        if rng.random() < 0.4:
            objections.append(rng.choice(("competitor_mention", "switching_barrier", "timing")))
        tier = rng.choice(("warm", "warm", "cold"))
    elif scenario == "competitor_evaluation":
        r = rng.random()
        objections += (["competitor_mention", "comparison_request"] if r < 0.5 else
                       [rng.choice(("competitor_mention", "comparison_request"))])
        if rng.random() < 0.35:
            objections.append("switching_barrier")
    elif scenario == "security_compliance":
        objections.append("security_compliance")
        if rng.random() < 0.4:
            objections.append("security_compliance")
        if rng.random() < 0.25:
            objections.append("authority")
    elif scenario == "needs_approval":
        authority = "no_authority"
        if rng.random() < 0.5:
            objections.append("authority")
        tier = rng.choice(("warm", "cold"))
    elif scenario == "timing_not_now":
        timeline = _weighted(rng, (("later", 60), ("quarter", 40)))
        objections.append("timing")
        if rng.random() < 0.3:
            objections.append("switching_barrier")
        tier = rng.choice(("warm", "cold", "cold"))
    elif scenario == "feature_gap":
        objections.append("feature_gap")
        if rng.random() < 0.3:
            objections.append("feature_gap")
        tier = rng.choice(("warm", "cold"))

    if c.p.team_size <= 2:
        authority = "decision_maker" if c.p.team_size == 1 else authority.replace("no_", "")
        authority = "shared" if authority == "authority" else authority
    core: list[Beat] = []
    if "fact:use_case" not in opening.turns[1].tags:
        core.append(disc.ask_use_case(c))
    middle = [disc.ask_tool(c), disc.ask_volume(c), disc.ask_team(c), disc.ask_integrations(c)]
    rng.shuffle(middle)
    core += middle
    if "fact:industry" not in opening.turns[1].tags and rng.random() < 0.85:
        core.insert(rng.randrange(1, len(core) + 1), disc.ask_industry(c))
    if rng.random() < 0.6:
        core.append(disc.ask_pain(c))
    if rng.random() < 0.15:
        core.append(disc.ask_location(c))
    # Objections come once the agent knows a little; they open with a pitch, so any later slot
    # reads naturally.
    for kind in objections:
        beat = obj.objection(c, kind)
        beat.drop = False
        core.insert(rng.randrange(min(2, len(core)), len(core) + 1), beat)
    late = [disc.ask_timeline(c, timeline), disc.ask_authority(c, authority)]
    rng.shuffle(late)
    if scenario in ("needs_approval", "timing_not_now"):
        for beat in late:
            beat.drop = False
    core += late

    if scenario == "hot_lead":
        closing = close.close_booking(c, 1 if rng.random() < 0.08 else 0)
    elif scenario == "failed_booking":
        closing = close.close_booking(c, 2)
    elif scenario == "warm_lead":
        closing = (close.close_booking(c) if rng.random() < 0.4 else
                   close.close_send(c, rng.choice(("pricing", "summary"))))
    elif scenario == "price_objection":
        closing = close.close_send(c, "pricing") if rng.random() < 0.6 else close.close_nurture(c)
    elif scenario == "competitor_evaluation":
        r = rng.random()
        closing = (close.close_send(c, "summary") if r < 0.5 else
                   close.close_booking(c) if r < 0.8 else close.close_nurture(c))
    elif scenario == "security_compliance":
        closing = close.close_send(c, "docs") if rng.random() < 0.6 else close.close_booking(c)
    elif scenario == "needs_approval":
        r = rng.random()
        closing = (close.close_send(c, "summary") if r < 0.6 else
                   close.close_booking(c) if r < 0.8 else close.close_nurture(c))
    elif scenario == "timing_not_now":
        closing = close.close_nurture(c) if rng.random() < 0.7 else close.close_send(c, "summary")
    else:
        closing = close.close_nurture(c) if rng.random() < 0.5 else close.close_send(c, "summary")
    outcome = OUTCOMES[scenario]
    if any("book:ok" in t.tags for b in closing for t in b.turns):
        outcome = "meeting_booked"
    elif outcome == "meeting_booked":
        outcome = "qualified_follow_up"  # the booking failed
    return Plan(opening, core, closing, outcome, tier, scenario)


def _unqualified_plan(c: Ctx) -> Plan:
    rng = c.rng
    kind = _weighted(rng, (("freelancer", 40), ("student", 20), ("job_seeker", 20),
                           ("pdf_editor", 20)))
    says, reply, reaction, noted = L.UNQUALIFIED[kind]
    tags = ("unqualified:" + kind, "fact:use_case")
    opening = Beat([c.agent(rng.choice(L.GREETINGS)),
                    c.user(rng.choice(says), tags=tags, notes={"use_case": noted})], "opening",
                   drop=False)
    body = [Beat([c.agent(reply), c.user(reaction)], "redirect", drop=False)]
    if kind == "freelancer" and rng.random() < 0.5:
        body.append(disc.ask_team(c))
    return Plan(opening, body, close.close_simple(c), "unqualified",
                rng.choice(("cold", "cold", "unqualified", None)), "unqualified")


def _support_plan(c: Ctx, target: int) -> Plan:
    rng, p = c.rng, c.p
    issue = rng.choice(L.SUPPORT_ISSUES)
    c.x["crm"] = c.x[c.crm] if c.crm else c.x["hubspot"]
    who = rng.choice(("Hi, I'm {first} from {company}. We're existing customers. ",
                      "Hey, we already use PandaDoc, I'm {first}. ",
                      "Hi, yeah, I'm a customer. ", "Hi. So, "))
    c.name_known = c.name_known or "{first}" in who
    note = {"pain_points": [issue.noted], "current_tool": "PandaDoc",
            "use_case": p.use_case[1] if "{use_case}" in issue.says else None,
            "urgency": rng.choice(("medium", "medium", "high", "low"))}
    opening = Beat([c.agent(rng.choice(L.GREETINGS)),
                    c.user(who + (lower_first(issue.says) if who.endswith(", ") else issue.says),
                           tags=("support", "fact:current_tool"), notes=note,
                           mood="neg")], "opening", drop=False)
    ok = rng.random() < issue.p_ok
    call = kb.kb_call(rng, None, ok, query=issue.query, category=issue.category)
    body_turns = [c.agent(rng.choice(("Sorry about that. Let me look into it.",
                                      "Let me check what might be going on.",
                                      "I can help with that. One moment.")), cut_ok=False),
                  c.agent(issue.steps if ok else "I couldn't find a clear answer on that in our "
                          "help center.", tool=call, after=True),
                  c.user(issue.follow if ok else "Hm. So what do I do?")]
    closing: list[Beat]
    if ok:
        body_turns += [c.agent(issue.answer), c.user(rng.choice((
            "Oh, that'll work. Can you send me the article?", "Okay, got it. Thanks.",
            "Perfect, I'll try that.")), mood="pos")]
        closing = close.close_simple(c)
    else:
        transfer = {"name": "transfer_to_human",
                    "arguments": {"reason": issue.noted, "queue": "support"},
                    "result": rng.choice(({"status": "queued", "wait_estimate_s": 120},
                                          {"status": "no_agents_available"},
                                          {"status": "connected", "agent_id": "sup-"
                                           f"{rng.randrange(100, 999)}"}))}
        if target <= 7:
            closing = [Beat([c.agent("Let me connect you with our support team - one moment.",
                                     tool=transfer, cut_ok=False)], "transfer", drop=False)]
        else:
            # Unresolved but the call goes on: support follows up by email, or the caller asks
            # for a person at the end.
            body_turns += [
                c.agent("I'll have our support team follow up by email so they can look at your "
                        "account. Does that work?", cut_ok=False),
                c.user(rng.choice(("Yeah, that's fine.", "Okay. Please make it quick.",
                                   "Sure, I guess.")), mood="neg")]
            if rng.random() < 0.45:
                closing = [Beat([
                    c.agent(rng.choice(L.ANYTHING_ELSE), ack=True),
                    c.user(rng.choice(("Actually, can I just talk to a person?",
                                       "Is there a human I can talk to? This is kind of urgent.",
                                       "Can you transfer me to support?")), mood="neg"),
                    c.agent("Of course - let me connect you now.", tool=transfer, cut_ok=False),
                ], "transfer", drop=False)]
            else:
                closing = close.close_simple(c)
    body = [Beat(body_turns, "support", drop=False)]
    return Plan(opening, body, closing, "support_request",
                rng.choice(("existing customer", "existing customer", None, "n/a")), "support")


def build_plan(c: Ctx, scenario: str, target: int) -> Plan:
    """The beats for a scenario (dropped calls and abrupt endings are shaped in `fit`)."""
    if scenario == "unqualified":
        return _unqualified_plan(c)
    if scenario == "support_caller":
        return _support_plan(c, target)
    if scenario == "dropped_call":
        return Plan(None, [], [], "dropped", None, "dropped_call")
    base = scenario
    if scenario == "abrupt_ending":
        base = c.rng.choice(_SALES + ("support_caller",))
        if base == "support_caller":
            plan = _support_plan(c, target + 8)
            plan.base = base
            return plan
    return _sales_plan(c, base)


def _dropped(c: Ctx, n: int) -> list[Turn]:
    rng = c.rng
    turns = [c.agent(rng.choice(L.GREETINGS))]
    if n >= 2:
        turns.append(c.user(rng.choice(("Hello? Hello?", "Hi, is this- hello?",
                                        "Hello? Can you hear me?", "Um, hi, I-",
                                        "Oh. Is this a real person?", "Sorry, wrong- hang on."))))
    if n >= 3:
        turns.append(c.agent(rng.choice(("Yes, I can hear you! How can I help?",
                                         "Hi! I'm here. What can I help you with?",
                                         "I'm an AI assistant, but I can answer most questions "
                                         "about PandaDoc."))))
    return turns


def fit(c: Ctx, plan: Plan, target: int, scenario: str, exact: bool = True) -> list[Turn]:
    """Drop or add beats so the call has `target` turns; cut the end when it must.

    With `exact` False the target is a wish: a plan that cannot shrink to it keeps its length.
    """
    rng = c.rng
    if scenario == "dropped_call":
        plan.end_reason = _weighted(rng, (("participant_disconnected", 85), ("timeout", 10),
                                          ("user_hangup", 5)))
        return _dropped(c, target)
    goal = target
    if scenario == "abrupt_ending":
        goal = target + rng.randrange(2, 9)  # built longer, then cut off
    assert plan.opening is not None
    body = list(plan.body)
    fixed = len(plan.opening.turns) + sum(len(b.turns) for b in plan.closing)
    total = fixed + sum(len(b.turns) for b in body)
    # Least important first, ties broken at random.
    droppable = sorted((b for b in body if b.drop), key=lambda b: (b.prio, rng.random()))
    for beat in droppable:
        if total <= goal:
            break
        if total - len(beat.turns) < goal - 1 and len(beat.turns) > 2:
            continue  # would undershoot by more than a filler can repair
        body.remove(beat)
        total -= len(beat.turns)
    bye = plan.closing[-1] if plan.closing and plan.closing[-1].kind == "bye" else None
    if bye is not None and total != goal:
        # A closing "Bye." from the caller is optional: the cheapest way to fix parity.
        has_bye = len(bye.turns) == 2
        if total == goal + 1 and has_bye:
            bye.turns.pop()
            total -= 1
        elif (goal - total) % 2 == 1 and not has_bye:
            bye.turns.append(c.user(rng.choice(L.GOODBYE_USER), clean=True))
            total += 1
    kind = "support" if plan.base in ("support", "support_caller", "unqualified") else "sales"
    while total < goal:
        beat = fill.extra(c, goal - total, kind)
        if beat is None:
            break
        # Extras go after the first exchange, never straight after the caller's opening words.
        if beat.kind == "summary":
            low = len(body) // 2  # a read-back belongs late, once there is something to read
        else:
            low = 1 if beat.kind != "addendum" or len(body) < 2 else 2
        body.insert(rng.randrange(min(low, len(body)), len(body) + 1), beat)
        total += len(beat.turns)
    if not exact and total > goal and scenario != "abrupt_ending":
        target = total  # natural length: never cut a call short just to hit a number
    turns = list(plan.opening.turns)
    for beat in body:
        turns += beat.turns
    for beat in plan.closing:
        turns += beat.turns
    _acknowledge(c, turns)
    if len(turns) > target or scenario == "abrupt_ending":
        turns = turns[:target]
        plan.end_reason = _weighted(rng, (("participant_disconnected", 60), ("timeout", 15),
                                          ("error", 15), ("unknown", 10)))
        last = turns[-1]
        if scenario == "abrupt_ending" and last.role == "user" and rng.random() < 0.6:
            words = last.text.split(" ")
            if len(words) > 3:
                last.text = " ".join(words[: max(2, len(words) * 2 // 3)]).rstrip(",.?!") + "-"
        plan.outcome = "dropped" if scenario == "abrupt_ending" else plan.outcome
    elif turns[-1].role == "agent" and any(t.tool and t.tool["name"] == "transfer_to_human"
                                           for t in turns[-1:]):
        plan.end_reason = "agent_ended"
    elif turns[-1].role == "agent":
        plan.end_reason = "agent_ended" if rng.random() < 0.45 else "user_hangup"
    else:
        plan.end_reason = "user_hangup"
    return turns


def _acknowledge(c: Ctx, turns: list[Turn]) -> None:
    """Fill in pitches and acknowledgements, which depend on the final order of turns."""
    rng = c.rng
    prev_mood = "neutral"
    for i, t in enumerate(turns):
        if t.role == "user":
            prev_mood = t.mood
            continue
        if t.fill == "pitch":
            t.text = obj.pitch(c, turns[:i])
        elif t.fill == "summary":
            t.text = fill.summary(c, turns[:i])
        if not t.ack:
            continue
        if i == 2 and c.name_known and turns[1].role == "user" and "fact:name" in turns[1].tags:
            t.text = c.fmt(rng.choice(L.NAME_ACKS)) + " " + t.text
        elif rng.random() < 0.62:
            pool = (L.ACK_NEGATIVE if prev_mood == "neg" else L.ACK_PAIN if prev_mood == "pain"
                    else L.ACK_POSITIVE if prev_mood == "pos" else L.ACK_NEUTRAL)
            t.text = rng.choice(pool) + " " + t.text
