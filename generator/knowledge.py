"""Knowledge-base beats: the caller asks, the agent searches (unleash_search_knowledge)."""

from __future__ import annotations

import random

from . import lines as L
from .dialogue import STORAGE, Beat, Ctx
from .speech import lower_first

_SOURCES = ("help_center", "help_center", "intercom", "website", "docs", "community")

TOPIC_BY_QUERY = {t.query: t for t in L.KB_TOPICS}
_TOPIC_BY_INTEGRATION: dict[str, L.KbTopic] = {}
for _t in L.KB_TOPICS:
    for _tag in _t.tags:
        if _tag.startswith("int:") and _tag[4:] not in _TOPIC_BY_INTEGRATION:
            _TOPIC_BY_INTEGRATION[_tag[4:]] = _t


def topic_for_integration(iid: str) -> L.KbTopic | None:
    """The knowledge-base topic about an integration id, if there is one."""
    if iid in STORAGE:
        return _TOPIC_BY_INTEGRATION.get("storage")
    return _TOPIC_BY_INTEGRATION.get(iid)


def kb_call(rng: random.Random, topic: L.KbTopic | None, ok: bool, query: str | None = None,
            category: str | None = None) -> dict:
    """An unleash_search_knowledge call (timestamp added later)."""
    found = rng.randrange(1, 9) if ok else 0
    sources = sorted(set(rng.choices(_SOURCES, k=min(found, rng.randrange(1, 4))))) if ok else []
    return {
        "name": "unleash_search_knowledge",
        "query": query if query is not None else topic.query,  # type: ignore[union-attr]
        "category": category if topic is None else topic.category,
        "results_found": ok,
        "total_results": found,
        "top_sources": sources,
    }


KB_PROMPTS = (
    "What else would you like to know?", "Any questions about how it works?",
    "Is there anything specific you want to check?", "What questions do you have so far?",
    "Anything you want to make sure it can do?",
)
_PREFACES = ("Good question - let me check.", "Let me look that up for you.",
             "One second, let me check on that.", "Let me find that for you.")


def kb_question(c: Ctx, query: str | None = None, *, force_fail: bool = False,
                objection: str | None = None, prompts: tuple[str, ...] = KB_PROMPTS
                ) -> Beat | None:
    """The caller asks a product question and the agent searches the knowledge base."""
    rng = c.rng
    if query is None:
        free = [t for t in L.KB_TOPICS if t.query not in c.used_topics]
        if not free:
            return None
        topic = rng.choice(free)
    else:
        topic = TOPIC_BY_QUERY[query]
    c.used_topics.add(topic.query)
    ok = (not force_fail) and rng.random() < topic.p_ok
    tags = ["kb"]
    for tag in topic.tags:
        if tag == "int:storage":
            tags.append(f"int:{c.storage}")
        elif tag == "obj:feature_gap":
            if not ok or objection == "feature_gap":
                tags.append(tag)
        else:
            tags.append(tag)
    if objection and f"obj:{objection}" not in tags:
        tags.append(f"obj:{objection}")
    notes = None
    if not ok and "obj:feature_gap" in tags:
        notes = {"pain_points": [L.GAP_NOTES.get(topic.query, "missing feature")]}
    ask = rng.choice(topic.asks)
    if prompts is not KB_PROMPTS:
        ask = rng.choice(("Actually, yeah. ", "Oh, one thing. ", "Yes, actually - ")) + \
            lower_first(c.fmt(ask))
    turns = [c.agent(rng.choice(prompts), ack=True),
             c.user(ask, tags=tuple(tags), notes=notes)]
    call = kb_call(rng, topic, ok)
    answer = topic.ok if ok else topic.fail
    if rng.random() < 0.3:
        turns.append(c.agent(rng.choice(_PREFACES), cut_ok=False))
        turns.append(c.agent(answer, tool=call, after=True))
    else:
        turns.append(c.agent(answer, tool=call))
    if ok:
        reaction = rng.choice(("Okay, great.", "Perfect, that's what I needed.", "Oh, nice.",
                               "Good to know.", "Okay, cool."))
    elif objection == "feature_gap" or "obj:feature_gap" in tags:
        reaction = rng.choice(("Yeah, that's kind of a deal breaker for us.",
                               "Hm. We really need that, so let me know.",
                               "Okay. Without that it's going to be hard."))
    else:
        reaction = rng.choice(("Hm, okay. Let me know.", "Okay, please find out.",
                               "Alright. That's important for us, so."))
    turns.append(c.user(reaction, mood="pos" if ok else "neg"))
    return Beat(turns, "kb")
