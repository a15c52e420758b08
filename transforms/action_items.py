"""Action items: what each side agreed to do, who owns it, and by when.

The caller's own commitments ("I'll forward it to my VP"), follow-ups for sales (pricing, docs,
a call back, a stakeholder to loop in, trial help), demos booked or still to be set up. Dates
come from the booking or from the timing words in the same turn, resolved against the call.
"""

import re
from datetime import date

from schemas.analysis import ActionItem, ActionItems, Evidence, Objections
from schemas.session_record import SessionRecord
from transforms.conversation import Conversation, Utterance, conversation
from transforms.mentions import quote_around
from transforms.patterns import at_word_start
from transforms.timeline import find_timelines

# (type, owner, whose turns, pattern): checked in the caller's or the agent's turns.
# The agent offering or promising to send something: "I'll send", "shall I send", "would it
# help if I sent", followed in the same sentence by what is sent.
_AGENT_SENDS = (r"\b(?:i'?ll|i\s+will|we'?ll|we\s+will|team\s+will|going\s+to|shall\s+i|should\s+i|"
                r"can\s+i|let\s+me|i\s+can|if\s+i\s+sent|i'?d\s+be\s+happy\s+to)\s+(?:send|sent|email|"
                r"share|get)\b[^.?!]{0,80}?")
_DOCUMENTS = (r"(?:docs|documentation|guide|link|case\s+stud\w+|security|soc|overview|"
              r"comparison|article|details|information|info|white\s?paper|checklist|walkthrough|"
              r"summary|materials?|dpa|report|one-?pager|deck|brochure|write-?up|faq)")
_PRICING = r"(?:pricing|quote|prices|price\s+list|proposal\s+with\s+pricing|annual\s+pricing)"
_TEAM_FOLLOWS_UP = (
    r"\b(?:(?:someone|somebody|a\s+specialist|(?:our|the)\s+(?:\w+\s+)?(?:team|specialists?|"
    r"rep|reps)|(?:an?\s+)?(?:account\s+executive|sales\s+rep|rep|specialist)|they)\s+"
    r"(?:will|would|can|'ll)\s+(?:\w+\s+)?(?:follow\s+up|reach\s+out|get\s+in\s+touch|contact|"
    r"call|email)|have\s+(?:someone|somebody|our\s+\w+(?:\s+\w+)?|an?\s+\w+(?:\s+\w+)?)\s+"
    r"(?:\w+\s+)?(?:follow\s+up|reach\s+out|call|email|contact|get\s+in\s+touch))"
)

# (type, owner, whose turns, pattern): checked in the caller's or the agent's turns.
_RULES: list[tuple[str, str, str, re.Pattern]] = [
    ("send_pricing", "sales", "agent", re.compile(
        rf"{_AGENT_SENDS}{_PRICING}|\bpricing\s+(?:will\s+be|is)\s+on\s+its\s+way")),
    ("send_pricing", "sales", "user", re.compile(
        r"\b(?:send\s+(?:me|us|over)\s+(?:the\s+|some\s+)?(?:pricing|a\s+quote|prices|quote)|"
        r"(?:can|could)\s+you\s+(?:just\s+)?(?:send|email)\s+(?:me\s+|us\s+)?(?:the\s+)?"
        r"(?:pricing|a\s+quote))")),
    ("send_documentation", "sales", "agent", re.compile(rf"{_AGENT_SENDS}{_DOCUMENTS}")),
    ("send_documentation", "sales", "user", re.compile(
        r"\b(?:send\s+(?:me|us|over)\s+(?:the\s+|some\s+|a\s+)?(?:docs|documentation|info|"
        r"information|details|case\s+stud\w+|security|soc|link|guide|comparison|overview|"
        r"article|write-?up)|"
        r"(?:can|could)\s+you\s+(?:send|email)\s+(?:me\s+|us\s+)?(?:the\s+|some\s+)?(?:docs|"
        r"documentation|info|information|details|link|guide))")),
    ("follow_up_call", "sales", "agent", re.compile(_TEAM_FOLLOWS_UP)),
    ("follow_up_call", "sales", "user", re.compile(
        r"\b(?:call\s+me\s+back|have\s+(?:someone|somebody|sales)\s+(?:call|reach\s+out|contact)|"
        r"reach\s+out\s+to\s+me|follow\s+up\s+with\s+me)")),
    ("loop_in_stakeholder", "caller", "user", re.compile(
        r"\b(?:loop\s+in|bring\s+(?:in|along)|include|run\s+it\s+by|forward\s+(?:it|this|that)\s+"
        r"to|share\s+(?:it|this)\s+with|show\s+(?:it|this)\s+to|talk\s+to|check\s+with)\s+(?:my|"
        r"our|the)\s+(?:boss|manager|vp|director|ceo|cfo|partner|partners|owner|legal|it|"
        r"compliance|team|board|committee|admin|procurement|co-?founder|office\s+manager)")),
    ("trial_setup", "sales", "any", re.compile(
        r"\b(?:help\s+(?:me|us|you)\s+(?:set\s+up|import|migrate|move|build|get\s+(?:set\s+up|"
        r"started))|(?:import|migrat\w+)\s+(?:your|our|the)\s+templates|walk\s+(?:you|me|us)\s+"
        r"through\s+(?:the\s+)?(?:setup|set-up|trial|account)|onboarding\s+(?:call|session)|"
        r"set\s+up\s+(?:your|our)\s+(?:templates|account|workspace))")),
    ("user_commitment", "caller", "user", re.compile(
        r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|let\s+me|we'?ll|we\s+will)\s+(?:send|talk|check|ask|"
        r"get|share|look|loop|set\s+up|try|review|forward|sign\s+up|export|finish|think|read|"
        r"upload|book|apply|run|bring|call|email|test|start|pull)\b")),
    ("schedule_demo", "sales", "user", re.compile(
        r"\b(?:(?:book|schedule|set\s+up)\s+(?:a|the)\s+(?:demo|call|meeting)|see\s+a\s+demo|"
        r"(?:want|like)\s+(?:a|to\s+see\s+a)\s+demo)")),
]


# One regex per side holding every rule, so turns with no action words cost one scan.
_ANY_RULE = {
    side: at_word_start(f"(?:{p.pattern})" for _, _, s, p in _RULES if s in {side, "any"})
    for side in ("user", "agent")
}


def analyze_action_items(record: SessionRecord, objections: Objections) -> ActionItems:
    conv = conversation(record)
    items: list[ActionItem] = []
    seen: set[tuple[str, int | None]] = set()

    def add(item: ActionItem) -> None:
        """One item of a type per turn: two commitments in two turns are two items."""
        key = (item.type, item.evidence.turn_index if item.evidence else None)
        if key not in seen:
            seen.add(key)
            items.append(item)

    for booking in record.bookings():
        if booking.success:
            add(ActionItem(type="schedule_demo", owner="sales",
                           description=f"Meeting booked for {booking.preferred_date or 'a date'}"
                           f"{' at ' + booking.preferred_time if booking.preferred_time else ''}",
                           due_date=booking.preferred_date))
    if record.bookings() and not any(b.success for b in record.bookings()):
        failed = record.bookings()[-1]
        add(ActionItem(type="schedule_demo", owner="sales",
                       description="Meeting still to be set: the booking failed"
                       f" ({failed.error or 'no reason given'})", due_date=failed.preferred_date))
        add(ActionItem(type="follow_up_call", owner="sales",
                       description="Call back to find a time that works",
                       due_date=failed.preferred_date))
    for utterance in conv.turns:
        if not _ANY_RULE[utterance.role].search(utterance.lower):
            continue
        for type_, owner, side, pattern in _RULES:
            if side not in {"any", utterance.role}:
                continue
            match = pattern.search(utterance.lower)
            if match and not _declined(conv, utterance):
                quote = quote_around(utterance, match.start(), match.end())
                add(ActionItem(type=type_, owner=owner, description=quote,
                               due_date=_due(utterance, conv.call_date),
                               evidence=Evidence(turn_index=utterance.index, quote=quote)))
    if "authority" in objections.types and not any(i.type == "loop_in_stakeholder"
                                                   for i in items):
        authority = next(o for o in objections.objections if o.type == "authority")
        add(ActionItem(type="loop_in_stakeholder", owner="caller",
                       description=authority.evidence.quote, evidence=authority.evidence))
    items.sort(key=lambda i: (i.due_date is None, i.due_date or date.min))
    return ActionItems(items=items)


def _declined(conv: Conversation, utterance: Utterance) -> bool:
    """An agent offer the caller turned down ("no thanks") is not an action item."""
    if utterance.role != "agent":
        return False
    reply = next((u for u in conv.turns[utterance.position + 1:] if u.role == "user"), None)
    return bool(reply and re.match(r"^\W*(?:no|nope|nah|not\s+(?:now|yet|really))\b", reply.lower))


def _due(utterance: Utterance, call: date) -> date | None:
    dated = [m.target for m in find_timelines(utterance.lower, call, utterance.word_set)
             if m.target]
    return dated[0] if dated else None
