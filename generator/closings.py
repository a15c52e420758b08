"""Closing beats: book a meeting, send something, promise a check-in, say goodbye."""

from __future__ import annotations

import random
from datetime import timedelta

from . import lines as L
from .clock import day_of
from .dialogue import Beat, Ctx, Turn
from .speech import number_words, ordinal_words, spell_email

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _meeting_slot(c: Ctx, skip: int = 0) -> tuple[str, str, str, str]:
    """(preferred_date, HH:MM, what the caller says, how the agent confirms) for a meeting."""
    rng = c.rng
    local = day_of(c.start_ms + c.p.place.utc_offset * 3_600_000)
    ahead = rng.choice((1, 1, 2, 2, 3, 4, 5, 6, 7)) + skip
    day = local + timedelta(days=ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    hour = rng.choice((9, 10, 10, 11, 13, 14, 14, 15, 16))
    minute = rng.choice((0, 0, 0, 30))
    hh = f"{hour:02d}:{minute:02d}"
    h12 = hour - 12 if hour > 12 else hour
    said_time = number_words(h12) + (" thirty" if minute else "")
    ampm = "a.m." if hour < 12 else "p.m."
    wd = _WEEKDAYS[day.weekday()]
    tz = c.p.place.tz
    if day == local + timedelta(days=1) and rng.random() < 0.4:
        ask = f"Tomorrow at {said_time}, if you have it."
    else:
        ask = rng.choice((f"{wd} at {said_time}, {tz}.", f"Sure, how about {wd} at {said_time}?",
                          f"Yeah, {wd} {'morning' if hour < 12 else 'afternoon'} works. "
                          f"Like {said_time}?", f"{wd}, {said_time} {tz} time."))
    confirm = (f"{wd}, {_MONTHS[day.month]} {ordinal_words(day.day)} at {said_time} {ampm} "
               f"{tz}")
    return day.isoformat(), hh, ask, confirm


def _heard_email(c: Ctx) -> str:
    """The caller's email as the agent captured it; rarely misheard."""
    email = c.p.email
    if c.rng.random() < 0.04:
        local, _, domain = email.partition("@")
        return f"{local}@{domain.replace('.', '', 1)}"
    return email


def _email_turns(c: Ctx) -> list[Turn]:
    if c.email_known:
        return []
    c.email_known = True
    return [c.agent(c.rng.choice(L.ASK_EMAIL), cut_ok=False),
            c.user(spell_email(c.p.email, c.rng), clean=True, tags=("fact:email",))]


def close_booking(c: Ctx, failures: int = 0) -> list[Beat]:
    """Offer a meeting and book it; `failures` is how many attempts fail (0, 1 or 2)."""
    rng, p = c.rng, c.p
    date_s, hh, ask, confirm = _meeting_slot(c)
    first = [c.agent(rng.choice(L.OFFER_MEETING), ack=True, cut_ok=False),
             c.user(ask if ask.startswith(("Sure", "Yeah")) else
                    rng.choice(("Yes. ", "Yeah, sure. ", "Sure. ", "")) + ask, mood="pos")]
    if p.place.tz in ask:
        first[1].tags = ("fact:location",)
        tz = p.place.tz
        first[1].notes = {"location": tz if " " in tz or tz.isupper() else tz + " time"}
    first += _email_turns(c)
    name = p.name if rng.random() < 0.95 else f"{p.first} {p.last[:-1]}"
    email = _heard_email(c)
    turns: list[Turn] = []
    attempts = 0
    while True:
        attempts += 1
        failed = attempts <= failures
        call = {"name": "book_sales_meeting", "customer_name": name, "customer_email": email,
                "preferred_date": date_s, "preferred_time": hh, "success": not failed,
                "meeting_link": None, "calendar_event_id": None, "error": None}
        if email != p.email and rng.random() < 0.7:
            failed = True
            call.update(success=False, error="invalid email address")
        if not failed:
            call["meeting_link"] = rng.choice((
                f"https://pandadoc.zoom.us/j/{rng.randrange(10**9, 10**10)}",
                f"https://meet.google.com/{_letters(rng, 3)}-{_letters(rng, 4)}-"
                f"{_letters(rng, 3)}"))
            call["calendar_event_id"] = f"evt_{rng.getrandbits(64):016x}"
            where = f"The invite is going to {email}." if rng.random() < 0.8 else \
                "You'll get a calendar invite shortly."
            turns.append(c.agent(f"You're booked for {confirm}. {where}", tool=call,
                                 cut_ok=False, tags=("book:ok",)))
            turns.append(c.user(rng.choice(("Perfect. Thanks a lot.", "Great, thank you!",
                                            "Awesome, thanks.", "Sounds good.")), mood="pos"))
            break
        if call["error"] is None:
            call["error"], reason = rng.choice(L.BOOKING_ERRORS)
        else:
            reason = "the email address didn't go through"
        if attempts < 2 and call["error"] in ("no availability", "slot no longer available") \
                and rng.random() < 0.8:
            date_s, hh, _, confirm = _meeting_slot(c, skip=1)
            turns.append(c.agent(f"Hmm, I wasn't able to book that - {reason}. Could you do "
                                 f"{confirm.split(' at ')[0]} at {confirm.split(' at ')[1]} "
                                 "instead?", tool=call, cut_ok=False, tags=("book:fail",)))
            turns.append(c.user(rng.choice(("Sure, that works.", "Yeah, fine.",
                                            "Okay, let's do that."))))
            continue
        if call["error"] == "invalid email address" and attempts < 2:
            turns.append(c.agent(f"Sorry, {reason}. Could you spell your email for me?",
                                 tool=call, cut_ok=False, tags=("book:fail",)))
            turns.append(c.user(spell_email(p.email, rng), clean=True))
            email = p.email
            continue
        turns.append(c.agent(f"I'm sorry, {reason}. I'll have someone from our team email you "
                             "to find a time.", tool=call, cut_ok=False, tags=("book:fail",)))
        turns.append(c.user(rng.choice(("Okay, thanks.", "Oh. Okay, that's fine.",
                                        "Alright, please do.")), mood="neg"))
        break
    bye = [c.agent(rng.choice(("Thank you, {first}! Talk to you soon.",
                               "Thanks so much. Have a great day!", "Talk soon, {first}!"))
                   if c.name_known else "Thanks so much. Have a great day!", cut_ok=False)]
    if rng.random() < 0.6:
        bye.append(c.user(rng.choice(L.GOODBYE_USER), clean=True))
    return [Beat(first + turns, "booking", drop=False), Beat(bye, "bye", drop=False)]


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijkmnopqrstuvwxyz") for _ in range(n))


def close_send(c: Ctx, what: str) -> list[Beat]:
    """Offer to email pricing, docs or a summary, then say goodbye."""
    rng = c.rng
    turns = [c.agent(rng.choice(L.OFFER_SEND[what]), ack=True, cut_ok=False),
             c.user(rng.choice(("Yeah, please.", "Sure, send it.", "Yes, that'd be great.",
                                "Okay, sure.")), mood="pos")]
    turns += _email_turns(c)
    tool = None
    if rng.random() < 0.25:
        tool = {"name": "send_follow_up_email",
                "arguments": {"to": c.p.email, "template": f"{what}_overview"},
                "result": {"sent": True, "message_id": f"msg_{rng.getrandbits(48):012x}"}}
    turns.append(c.agent(f"Done - that'll be on its way to {c.p.email}. "
                         + rng.choice(L.ANYTHING_ELSE), tool=tool, cut_ok=False))
    turns.append(c.user(rng.choice(L.NOTHING_ELSE)))
    return [Beat(turns, "send", drop=False), _goodbye(c)]


def close_nurture(c: Ctx) -> list[Beat]:
    """No sale now; the agent promises a check-in later."""
    rng = c.rng
    when = rng.choice(("next quarter", "in a couple of months", "closer to then",
                       "after your busy season"))
    turns = [c.agent(f"No problem at all. I'll have someone check in {when}. "
                     + rng.choice(L.ANYTHING_ELSE), cut_ok=False),
             c.user(rng.choice(L.NOTHING_ELSE))]
    return [Beat(turns, "nurture", drop=False), _goodbye(c)]


def close_simple(c: Ctx) -> list[Beat]:
    """Anything else? No. Goodbye."""
    turns = [c.agent(c.rng.choice(L.ANYTHING_ELSE), ack=True), c.user(c.rng.choice(L.NOTHING_ELSE))]
    return [Beat(turns, "wrapup", drop=False), _goodbye(c)]


def _goodbye(c: Ctx) -> Beat:
    rng = c.rng
    text = rng.choice(L.GOODBYE_AGENT) if c.name_known else rng.choice(L.GOODBYE_AGENT[3:])
    turns = [c.agent(text, cut_ok=False)]
    if rng.random() < 0.5:
        turns.append(c.user(rng.choice(L.GOODBYE_USER), clean=True))
    return Beat(turns, "bye", drop=False)
