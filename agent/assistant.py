"""The trial assistant: what it says, and the three tools it may call.

Each tool appends its call to the session's `CollectedSession` in the contract's shape, with
the time it was made, so the record shows what was searched, booked and learnt. Tools answer
the model in JSON, which the history keeps as is.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from typing import Any

from livekit.agents import Agent, function_tool
from livekit.agents.llm.chat_context import Instructions

from agent.record import CollectedSession
from agent.tools import (
    BookingService,
    KnowledgeBase,
    booking_call,
    normalise_date,
    normalise_time,
    other_call,
    search_call,
    valid_email,
)

log = logging.getLogger(__name__)
SIGNALS_TOOL = "record_discovered_signals"

INSTRUCTIONS = """\
You are the PandaDoc trial assistant, talking by voice with someone trying PandaDoc: proposals,
quotes, contracts and e-signature. Be warm, brief and helpful.

How you speak: short spoken sentences, no lists, no markdown, no emoji. Ask one question at a
time and let the caller finish. Spell out numbers the way people say them.

Answering questions: before you answer a product, pricing, integration or how-to question, call
unleash_search_knowledge. If it finds nothing, say plainly that you don't have that detail and
offer to have the sales team follow up. Never invent features, prices or integrations.

Qualifying: over the conversation, naturally learn the caller's team size, how many documents
they send a month, the tools they need to integrate with, their industry, where they are, what
they want to use PandaDoc for, what they use today, what is painful about it, when they need to
decide, whether they can approve the purchase, and how urgent it is. Whenever the caller reveals
any of these, call record_discovered_signals with just what you learnt, in their words; set
qualification_tier to hot, warm or cold once you can tell.

Meetings: when the caller is a good fit or asks for a demo or pricing details, offer a meeting
with the sales team. Ask for their name, email, a day and a time; read the email back; then
call book_sales_meeting with the date as YYYY-MM-DD and the time as HH:MM, 24-hour. Tell them
the result. When they are done, thank them and say goodbye.
"""
GREETING = ("Greet the caller: you are the PandaDoc trial assistant, here to answer questions "
            "about their trial. Ask what they are hoping to get done with PandaDoc.")


class TrialAssistant(Agent):
    """Answers from the knowledge base, qualifies the caller and books meetings with sales."""

    def __init__(self, collected: CollectedSession, knowledge: KnowledgeBase,
                 booking: BookingService, *, today: date | None = None) -> None:
        today = today or datetime.now(UTC).date()
        dynamic = f"Today is {today.strftime('%A')} {today.isoformat()}."
        if collected.user_name:
            dynamic += f" The caller's account name is {collected.user_name}."
        super().__init__(instructions=Instructions(INSTRUCTIONS, dynamic=dynamic))
        self._collected = collected
        self._knowledge = knowledge
        self._booking = booking

    async def on_enter(self) -> None:
        self.session.generate_reply(instructions=GREETING)

    def _record(self, call: dict[str, Any]) -> None:
        """Keep a tool call for the record; failing to keep it must not fail the tool."""
        try:
            self._collected.tool_calls.append(call)
        except Exception as exc:  # noqa: BLE001 - collection never breaks the call
            log.warning("tool call not recorded: %s", type(exc).__name__)

    @function_tool
    async def unleash_search_knowledge(self, query: str, category: str | None = None) -> str:
        """Search PandaDoc's knowledge base (help center, docs, website) before answering a
        product, pricing, integration or how-to question.

        Args:
            query: What to look up, in a few keywords, e.g. "Salesforce integration".
            category: The area: pricing, integrations, features, security, troubleshooting,
                getting_started or other.
        """
        at = datetime.now(UTC)
        result = await self._knowledge.search(query, category)
        self._record(search_call(query, category, result, at))
        if result.error:
            return json.dumps({"found": False, "error": "search_unavailable",
                               "note": "The knowledge base could not be searched right now. "
                                       "Say you can't look that up at the moment and offer a "
                                       "follow-up from the sales team."})
        if not result.hits and result.total == 0:
            return json.dumps({"found": False, "total_results": 0,
                               "note": "Nothing in the knowledge base. Say you don't have that "
                                       "detail and offer a follow-up from the sales team."})
        return json.dumps({"found": True, "total_results": result.total,
                           "results": [{"title": h.title, "snippet": h.snippet,
                                        "source": h.source} for h in result.hits[:3]]})

    @function_tool
    async def book_sales_meeting(self, customer_name: str, customer_email: str,
                                 preferred_date: str, preferred_time: str) -> str:
        """Book a meeting with the PandaDoc sales team once the caller has agreed to one.

        Args:
            customer_name: The caller's full name.
            customer_email: The caller's email address, as they confirmed it.
            preferred_date: The day, as YYYY-MM-DD.
            preferred_time: The time, as HH:MM on a 24-hour clock, in the caller's time zone.
        """
        day, time = normalise_date(preferred_date), normalise_time(preferred_time)
        problems = [text for ok, text in (
            (valid_email(customer_email), "the email address does not look complete"),
            (day is not None, "the date must be YYYY-MM-DD"),
            (time is not None, "the time must be HH:MM, 24-hour")) if not ok]
        if problems:
            return json.dumps({"booked": False, "error": "; ".join(problems),
                               "note": "Check with the caller and try again."})
        self._remember_caller(customer_name, customer_email)
        at = datetime.now(UTC)
        result = await self._booking.book(customer_name, customer_email, day, time)
        self._record(booking_call(customer_name, customer_email, day, time, result, at))
        if not result.success:
            return json.dumps({"booked": False, "error": result.error,
                               "note": "Apologise, and offer another time or an email from "
                                       "the sales team."})
        return json.dumps({"booked": True, "date": day, "time": time,
                           "meeting_link": result.meeting_link,
                           "note": "A calendar invitation with the link goes to their email."})

    def _remember_caller(self, name: str, email: str) -> None:
        """The caller's own account details win; the booking fills in what is missing."""
        if not self._collected.user_email:
            self._collected.user_email = email.strip()
        if not self._collected.user_name and name.strip():
            self._collected.user_name = name.strip()

    @function_tool
    async def record_discovered_signals(
        self,
        team_size: int | None = None,
        monthly_volume: int | str | None = None,
        integration_needs: list[str] | None = None,
        industry: str | None = None,
        location: str | None = None,
        use_case: str | None = None,
        current_tool: str | None = None,
        pain_points: list[str] | None = None,
        decision_timeline: str | None = None,
        budget_authority: bool | None = None,
        urgency: str | None = None,
        qualification_tier: str | None = None,
    ) -> str:
        """Note what the caller revealed about their needs. Pass only what you just learnt.

        Args:
            team_size: How many people would use PandaDoc.
            monthly_volume: Documents sent a month, a number or their words.
            integration_needs: Tools to integrate with, e.g. ["Salesforce"].
            industry: Their industry, in their words.
            location: Where they are (city, country or time zone).
            use_case: What they want to send, e.g. "sales proposals".
            current_tool: What they use today.
            pain_points: What is painful today, short phrases.
            decision_timeline: When they need to decide or start.
            budget_authority: Whether they can approve the purchase.
            urgency: high, medium or low.
            qualification_tier: hot, warm or cold.
        """
        given = {"team_size": team_size, "monthly_volume": monthly_volume,
                 "integration_needs": integration_needs, "industry": industry,
                 "location": location, "use_case": use_case, "current_tool": current_tool,
                 "pain_points": pain_points, "decision_timeline": decision_timeline,
                 "budget_authority": budget_authority, "urgency": urgency,
                 "qualification_tier": qualification_tier}
        values = {name: value for name, value in given.items() if value not in (None, "", [])}
        try:
            for name, value in values.items():
                self._collected.record_signal(name, value)
        except Exception as exc:  # noqa: BLE001 - collection never breaks the call
            log.warning("signals not recorded: %s", type(exc).__name__)
        reply = {"recorded": sorted(values)}
        self._record(other_call(SIGNALS_TOOL, values, reply, datetime.now(UTC)))
        return json.dumps(reply)
