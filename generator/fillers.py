"""Filler beats that lengthen a call naturally: questions, asides, read-backs."""

from __future__ import annotations

from . import lines as L
from .dialogue import Beat, Ctx, Turn
from .knowledge import KB_PROMPTS, kb_question
from .speech import number_words


def summary(c: Ctx, before: list[Turn]) -> str:
    """Read back what the agent noted so far (notes can be wrong, so can the summary)."""
    heard: dict = {}
    for t in before:
        if t.notes:
            heard.update((k, val) for k, val in t.notes.items() if val)
    parts = []
    if "use_case" in heard:
        parts.append(f"you're looking at PandaDoc for {heard['use_case']}")
    else:
        parts.append("you're exploring PandaDoc for your team")
    team = heard.get("team_size")
    if isinstance(team, int) and team > 1:
        parts.append(f"with a team of about {number_words(team)}")
    volume = heard.get("monthly_volume")
    if isinstance(volume, str):
        parts.append(f"sending {volume}")
    elif isinstance(volume, int):
        parts.append(f"sending about {number_words(volume)} a month")
    if heard.get("current_tool"):
        parts.append(f"currently using {heard['current_tool']}")
    if heard.get("integration_needs"):
        parts.append(f"and you'd want it connected to {heard['integration_needs'][0]}")
    return "Just to make sure I have it right: " + ", ".join(parts) + ". Did I get that right?"


def small_talk(c: Ctx, kind: str = "sales") -> Beat:
    """An aside: a barking dog, a bad line, "am I talking to a robot?"."""
    said, reply, back = c.rng.choice(L.SMALL_TALK)
    lead = c.rng.choice(L.SUPPORT_PROMPTS if kind == "support" else
                        tuple(ask for ask, _ in L.TRIAL_FOLLOWUPS))
    return Beat([c.agent(lead, ack=True), c.user(said),
                 c.agent(reply, cut_ok=False), c.user(back)], "small_talk")


def trial_check(c: Ctx) -> Beat:
    """The agent asks how the trial is going."""
    ask, answer = c.rng.choice(L.TRIAL_FOLLOWUPS)
    return Beat([c.agent(ask, ack=True), c.user(answer)], "trial")


def summary_check(c: Ctx) -> Beat:
    """The agent summarises what it heard and asks for confirmation."""
    rng = c.rng
    lead = c.agent("", ack=True, cut_ok=False)
    lead.fill = "summary"
    answer = rng.choice(("Yep, that's right.", "Exactly.", "Yeah, pretty much.",
                         "Mostly, yeah.", "That's it."))
    return Beat([lead, c.user(answer, mood="pos")], "summary")


def addendum(c: Ctx) -> Beat:
    """A single extra caller turn (two caller turns in a row)."""
    return Beat([c.user(c.rng.choice(L.ADDENDA))], "addendum")


def extra(c: Ctx, room: int, kind: str = "sales") -> Beat | None:
    """A filler exchange of at most `room` turns, or None; `kind` is sales or support.

    Non-repeating: each knowledge-base topic, aside and check is used at most once per call.
    """
    rng = c.rng
    used = c.used_extras
    prompts = L.SUPPORT_PROMPTS if kind == "support" else KB_PROMPTS
    if room >= 4 and rng.random() < 0.65:
        beat = kb_question(c, prompts=prompts)
        if beat is not None and len(beat.turns) <= room:
            return beat
    if room >= 4 and rng.random() < 0.3 and used.count("small_talk") < 2:
        used.append("small_talk")
        return small_talk(c, kind)
    if room >= 2:
        options = ["thanks_check"] if kind == "support" else ["trial_check", "summary_check"]
        options = [o for o in options if o not in used]
        if options:
            choice = rng.choice(options)
            used.append(choice)
            return {"thanks_check": thanks_check, "trial_check": trial_check,
                    "summary_check": summary_check}[choice](c)
        if room >= 4:
            beat = kb_question(c, prompts=prompts)
            if beat is not None and len(beat.turns) <= room:
                return beat
        return clarify(c)
    return addendum(c) if room >= 1 else None


def clarify(c: Ctx) -> Beat:
    """The agent missed what was said and asks again (repeatable last-resort filler)."""
    ask = c.rng.choice(("Sorry, I didn't quite catch that. Could you say it again?",
                        "Sorry, you broke up a little there. Could you repeat that?"))
    answer = c.rng.choice(("Oh, I just said that sounds good.", "I said, yeah, that makes sense.",
                           "Never mind, it wasn't important.", "I said okay, go on."))
    return Beat([c.agent(ask), c.user(answer)], "clarify")


def thanks_check(c: Ctx) -> Beat:
    """Support: the agent checks the fix worked."""
    ask = c.rng.choice(("Did that fix it?", "Is it working now?", "Does that make sense?"))
    answer = c.rng.choice(("Yeah, I think so.", "Let me- okay, yes, that worked.",
                           "I think so, I'll try it after the call."))
    return Beat([c.agent(ask, ack=True), c.user(answer, mood="pos")], "check")
