"""Make caller text sound spoken: numbers in words, rough quantities, fillers, restarts."""

from __future__ import annotations

import random

from . import vocabulary as v

_ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINALS = {
    1: "first", 2: "second", 3: "third", 5: "fifth", 8: "eighth", 9: "ninth", 12: "twelfth",
    20: "twentieth", 30: "thirtieth",
}


def number_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 ("a hundred and twenty" style is left to callers)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("-" + _ONES[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = _ONES[hundreds] + " hundred"
        return head + (" and " + number_words(rest) if rest else "")
    if n < 10000 and n % 100 == 0 and n % 1000:
        return number_words(n // 100) + " hundred"  # "fifteen hundred"
    thousands, rest = divmod(n, 1000)
    head = number_words(thousands) + " thousand"
    return head + (" " + number_words(rest) if rest else "")


def ordinal_words(n: int) -> str:
    """Ordinal day of month in words: 15 -> "fifteenth", 22 -> "twenty-second"."""
    if n in _ORDINALS:
        return _ORDINALS[n]
    if n < 20:
        return number_words(n) + "th"
    tens, ones = divmod(n, 10)
    if ones == 0:
        return _TENS[tens][:-1] + "ieth"
    return _TENS[tens] + "-" + ordinal_words(ones)


def say_number(n: int, rng: random.Random) -> str:
    """A number as STT would write it: mostly words, sometimes digits (smart formatting)."""
    if n >= 1000 and rng.random() < 0.5:
        return f"{n:,}"
    if rng.random() >= 0.72:
        return str(n)
    words = number_words(n)
    if words.startswith("one hundred") and rng.random() < 0.6:
        return "a" + words[3:]  # "a hundred and twenty"
    return words


def _nice(n: int) -> int:
    """Round the way people do when they estimate."""
    if n < 12:
        return n
    if n < 40:
        return int(round(n / 5.0)) * 5
    if n < 150:
        return int(round(n / 10.0)) * 10
    if n < 1000:
        return int(round(n / 50.0)) * 50
    return int(round(n / 500.0)) * 500


def _rough(n: int, rng: random.Random) -> str:
    """A rough spoken quantity: "about forty", "a couple hundred", "fifteen hundred"."""
    nice = max(1, _nice(n))
    r = rng.random()
    if 150 <= nice <= 250 and r < 0.35:
        return "a couple hundred"
    if 300 <= nice <= 600 and r < 0.3:
        return "a few hundred"
    if 10 <= nice < 100 and r < 0.2:
        low = nice - (5 if nice < 40 else 10)
        return f"maybe {number_words(low)}, {number_words(nice)}"
    if r < 0.3:
        return "about " + say_number(nice, rng)
    if r < 0.45:
        return "like " + say_number(nice, rng)
    if r < 0.55 and nice >= 20:
        return say_number(nice, rng) + "-ish"
    if r < 0.68:
        return "roughly " + say_number(nice, rng)
    return say_number(nice, rng)


def volume_phrase(monthly: int, rng: random.Random) -> tuple[str, str | int]:
    """How a caller states document volume, and what the agent might note."""
    r = rng.random()
    if monthly >= 400 and r < 0.25:
        per, unit = max(1, monthly // 21), "a day"
    elif 8 <= monthly <= 900 and r < 0.6:
        per, unit = max(1, round(monthly / 4.3)), "a week"
    elif monthly <= 15 and r < 0.8:
        per, unit = monthly * 12, "a year"
    else:
        per, unit = monthly, "a month"
    spoken = f"{_rough(per, rng)} {unit}"
    noted: str | int
    n = rng.random()
    if unit == "a month" and n < 0.6:
        noted = _nice(per)
    elif n < 0.25:
        noted = monthly
    else:
        noted = f"about {_nice(per)} {unit.replace('a ', 'per ') if n < 0.5 else unit}"
    return spoken, noted


def team_phrase(size: int, rng: random.Random) -> tuple[str, int | str | None]:
    """How a caller states team size, and what the agent might note (sometimes wrong)."""
    r = rng.random()
    if size == 1:
        return rng.choice(("It's just me.", "Just me, I'm a one-person shop.",
                           "Only me for now.")), rng.choice((1, 1, "solo", "1 (solo)"))
    if size == 2:
        return rng.choice(("Two of us, me and my business partner.", "There's two of us.",
                           "Just me and my partner.")), 2
    words = say_number(size, rng)
    if size < 60 and r < 0.22:
        before = max(1, size - rng.choice((1, 2, 2, 3, 4)))
        text = rng.choice((
            f"We're {number_words(before)} - well, {words} with the new hires.",
            f"Uh, {number_words(before)}. No wait, {words}, I forgot the part-timers.",
            f"{number_words(before).capitalize()}, maybe {words} by next month.",
        ))
        return text, rng.choice((size, before, f"{before}-{size}"))
    if size >= 40 and r < 0.45:
        users = max(2, size // rng.choice((3, 5, 8, 10)))
        text = (f"We're about {_rough_count(size, rng)} people overall, but only like "
                f"{say_number(_nice(users), rng)} would actually use it.")
        return text, rng.choice((size, _nice(users), f"{_nice(users)} users ({size} total)"))
    if size >= 8 and r < 0.6:
        part = max(1, int(size * rng.uniform(0.4, 0.75)))
        text = (f"{words.capitalize()}. {number_words(part).capitalize()} in sales and "
                f"{number_words(size - part)} in the office.")
        return text, size
    low = _nice(size)
    if low != size and rng.random() < 0.4:
        # A rounded answer: the agent can only note the round number.
        text = rng.choice((f"About {say_number(low, rng)}.", f"Roughly {say_number(low, rng)}."))
        return text, rng.choice((low, f"about {low}", f"{max(1, low - 5)}-{low + 5}"))
    text = rng.choice((f"We're {words} people.", f"{words.capitalize()}, give or take.",
                       f"Around {words} of us."))
    return text, rng.choice((size, size, str(size), f"{max(1, size - 2)}-{size + 3}"))


def _rough_count(n: int, rng: random.Random) -> str:
    return say_number(_nice(n), rng)


# Proper nouns keep their capital after a leading filler ("Um, Salesforce."); anything else is
# lower-cased ("Um, we're on ..."). Names, brands and places are added below.
PROPER_WORDS: set[str] = {
    "I", "I'm", "I've", "I'd", "I'll", "PandaDoc", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "Tomorrow's", "Google", "Microsoft", "Word", "Excel", "Office",
    "Salesforce", "HubSpot", "Zapier", "Slack", "Stripe", "Xero", "QuickBooks", "Pipedrive",
    "Zoho", "Dropbox", "Box", "SharePoint", "OneDrive", "Dynamics", "DocuSign", "Adobe", "Central",
    "Eastern", "Pacific", "Mountain", "UK", "CET", "AEST", "SOC", "HIPAA", "GDPR", "API", "SSO",
    "EU", "CRM", "PDF", "PDFs", "NDAs", "SOWs", "MSAs", "P", "K", "B2B", "SaaS", "IT", "COO",
    "VP", "HR", "Arabic", "Spanish", "Okta",
}
PROPER_WORDS.update(v.FIRST_NAMES)
PROPER_WORDS.update(w.split(" ")[0] for w in v.COMPANY_WORDS)
PROPER_WORDS.update(place.spoken.split(" ")[0] for place, _ in v.PLACES)
for _names in (*v.COMPETITORS.values(), *v.INTEGRATIONS.values()):
    PROPER_WORDS.update(n.split(" ")[0] for n in _names if n[:1].isupper())
_STARTERS = ("Um, ", "Uh, ", "So, ", "Yeah, ", "Okay, so ", "Well, ", "Hmm, ", "I mean, ",
             "Um, so ", "Oh, ")
_MIDDLES = (", you know,", ", like,", ", I mean,", " um,", " uh,", ", kind of,", " like",
            ", sort of,", " - sorry -")


def lower_first(text: str) -> str:
    """Lower-case the first word unless it is a proper noun or an acronym."""
    word = text.split(" ", 1)[0].rstrip(",.?!-")
    if word in PROPER_WORDS or any(ch.isupper() for ch in word[1:]) or not word[:1].isupper():
        return text
    return text[0].lower() + text[1:]


_FILLERS = ("um,", "uh,", "like,", "you know,", "I mean,", "um, like,")
_CONNECTIVES = frozenset(("and", "but", "so", "mostly", "because", "which", "then", "maybe"))


def disfluent(text: str, rng: random.Random, level: float) -> str:
    """Add fillers, a restart or a stutter to `text`; `level` 0..1 is how messy the caller is."""
    starter = ""
    if rng.random() < level * 0.55:
        starter = rng.choice(_STARTERS)
        text = starter + lower_first(text)
    if rng.random() < level * 0.5 and text.count(" ") >= starter.count(" ") + 5:
        words = text.split(" ")
        spots = [i for i in range(2, len(words) - 1)
                 if words[i] in _CONNECTIVES or words[i - 1].endswith(",")]
        if spots:
            at = rng.choice(spots)
            if not words[at - 1].endswith((",", ".", "?", "!", "-")):
                words[at - 1] += ","
            filler = rng.choice(_FILLERS)
            if filler.rstrip(",") not in starter:  # no "I mean, ... I mean,"
                words.insert(at, filler)
            text = " ".join(words)
    if rng.random() < level * 0.18:
        words = text.split(" ")
        if len(words) > 4:
            at = rng.randrange(0, min(len(words) - 1, 6))
            w = words[at]
            if w.isalpha() and len(w) <= 5:
                words[at] = f"{w}- {w if w in PROPER_WORDS else w.lower()}"
                text = " ".join(words)
    return text


def spell_email(email: str, rng: random.Random) -> str:
    """An email address as it is said: "tom at pinecrest fitness dot com"."""
    local, _, domain = email.partition("@")
    local_said = local.replace(".", " dot ").replace("_", " underscore ")
    domain_said = domain.replace(".", " dot ")
    if rng.random() < 0.3:
        return f"It's {local_said}, at {domain_said}."
    return f"{local_said} at {domain_said}."
