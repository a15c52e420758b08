"""A text console for the agent: no LiveKit server, no keys, no network.

    python -m agent.console                     # type lines; an empty line or EOF hangs up
    python -m agent.console --script calls.txt  # one caller line per line of the file

It runs the real `AgentSession` in text mode with `TrialAssistant`, the real collector, a
scripted model that answers the caller's lines with simple rules (greet; search the knowledge
base for questions; note team size, volume and tools; book a meeting once it hears an email;
say goodbye), a knowledge base that finds nothing and a booking service that always books.
At the end it prints the session record it would publish and validates it (exit 1 if invalid).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime, timedelta

from livekit.agents import AgentSession, llm

from agent import agent_version
from agent.assistant import TrialAssistant
from agent.collector import SessionCollector
from agent.scripted import Reply, ScriptedLLM, ToolCall, last_user_text
from agent.tools import BookingResult, SearchResult
from schemas.validation import validate_data

CONSOLE_PROVIDERS = {"llm": "scripted/console-rules"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAME = re.compile(r"\b(?i:my name is|i am|i'm|this is)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", re.I)
_TEAM = re.compile(r"\b(\d+)\s+(?:people|persons|users|agents|reps|sellers|employees)\b", re.I)
_VOLUME = re.compile(r"\b(\d+)\s+(?:\w+\s+)?(?:documents|contracts|proposals|quotes|deals)\b",
                     re.I)
_TOOLS = ("DocuSign", "Word", "Google Docs", "Salesforce", "HubSpot", "Zoho", "Excel")
_GOODBYE = re.compile(r"\b(?:bye|goodbye|that's all|that is all|no thanks)\b", re.I)
_MEETING = re.compile(r"\b(?:demo|meeting|book|call with sales|talk to sales)\b", re.I)


class NothingFound:
    """A knowledge base with nothing in it."""

    async def search(self, query: str, category: str | None) -> SearchResult:
        return SearchResult()


class AlwaysBooks:
    """A calendar with every slot free."""

    async def book(self, name: str, email: str, day: str, time: str) -> BookingResult:
        event = uuid.uuid4().hex[:12]
        return BookingResult(True, meeting_link=f"https://meet.example.com/{event}",
                             calendar_event_id=f"evt_local_{event}")


def _history_text(chat_ctx: llm.ChatContext) -> str:
    return " ".join(item.text_content or "" for item in chat_ctx.items
                    if item.type == "message" and item.role == "user")


def _last_tool_output(chat_ctx: llm.ChatContext) -> dict:
    for item in reversed(chat_ctx.items):
        if item.type == "function_call_output":
            try:
                return json.loads(item.output)
            except ValueError:
                return {}
    return {}


def _meeting_time(text: str) -> str:
    """The first clock time in `text` as HH:MM ("3pm", "10:30"), else ten o'clock."""
    for match in _TIME.finditer(text):
        hour, minute, half = int(match.group(1)), match.group(2), (match.group(3) or "").lower()
        if not minute and not half:
            continue  # a bare number is not a time
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour <= 23:
            return f"{hour:02d}:{minute or '00'}"
    return "10:00"


def _signals(text: str) -> dict:
    found: dict = {}
    if team := _TEAM.search(text):
        found["team_size"] = int(team.group(1))
    if volume := _VOLUME.search(text):
        found["monthly_volume"] = f"{volume.group(1)} a month" if "month" in text.lower() \
            else volume.group(0)
    tools = [tool for tool in _TOOLS if tool.lower() in text.lower()]
    if tools:
        found["current_tool"] = tools[0]
    return found


def console_script(chat_ctx: llm.ChatContext) -> Sequence[Reply]:
    """Rules that answer the caller's latest line, a tool call first where one is due."""
    said = last_user_text(chat_ctx)
    if not said:
        return [Reply("Hi, I'm the PandaDoc trial assistant. What are you hoping to get done "
                      "with PandaDoc?")]
    if _GOODBYE.search(said):
        return [Reply("Thanks for trying PandaDoc. Goodbye!")]
    if email := _EMAIL.search(said):
        name = _NAME.search(_history_text(chat_ctx))
        day = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
        booking = ToolCall("book_sales_meeting", {
            "customer_name": name.group(1) if name else "Trial User",
            "customer_email": email.group(0), "preferred_date": day,
            "preferred_time": _meeting_time(said.replace(email.group(0), ""))})
        outcome = _last_tool_output(chat_ctx)
        spoken = (f"You're booked for {outcome.get('date')} at {outcome.get('time')}. The "
                  "invitation is on its way. Anything else I can help with?"
                  if outcome.get("booked") else
                  "I couldn't book that slot, sorry. Would another time work?")
        return [Reply(tool_calls=(booking,)), Reply(spoken)]
    if _MEETING.search(said):
        return [Reply("Happy to set that up. What's your email, and what time suits you "
                      "tomorrow?")]
    if "?" in said:
        lowered = said.lower()
        category = ("integrations" if re.search(r"integrat|sync|crm|salesforce|hubspot", lowered)
                    else "pricing" if re.search(r"pric|cost|plan", lowered) else "features")
        search = ToolCall("unleash_search_knowledge", {"query": said.rstrip("?"),
                                                       "category": category})
        return [Reply(tool_calls=(search,)),
                Reply("I couldn't find that in our knowledge base, so I'll ask the sales team "
                      "to follow up. How many people on your team send documents?")]
    if signals := _signals(said):
        return [Reply(tool_calls=(ToolCall("record_discovered_signals", signals),)),
                Reply("Thanks, that's helpful. Would you like a short call with our sales "
                      "team?")]
    return [Reply("Got it. What kind of documents do you want to send with PandaDoc?")]


async def _stdin_lines(prompt: str = "you> ") -> AsyncIterator[str]:
    while True:
        print(prompt, end="", flush=True)
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line.strip():
            return
        yield line.strip()


async def _listed(lines: Sequence[str]) -> AsyncIterator[str]:
    for line in lines:
        if line.strip():
            print(f"you> {line.strip()}")
            yield line.strip()


async def run_console(lines: AsyncIterator[str],
                      show: Callable[[str], None] = print) -> dict | None:
    """Talk through `lines`, then return the record (None if it could not be built)."""
    collector = SessionCollector.begin(f"console-{uuid.uuid4().hex[:12]}", "console-user",
                                       agent_version(), providers=CONSOLE_PROVIDERS)
    session = AgentSession(llm=ScriptedLLM(console_script, model="console-rules"))
    collector.attach(session)

    def on_item(event: object) -> None:
        item = getattr(event, "item", None)
        if isinstance(item, llm.ChatMessage) and item.role == "assistant":
            show(f"agent> {item.text_content}")

    session.on("conversation_item_added", on_item)
    assistant = TrialAssistant(collector.collected, NothingFound(), AlwaysBooks())
    await session.start(assistant, capture_run=True)
    async for line in lines:
        await session.run(user_input=line)
    collector.set_end_reason("user_hangup")  # the caller stopped talking: they hung up
    await session.aclose()
    return collector.finish()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.console", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--script", help="a file of caller lines, one per line")
    parser.add_argument("--verbose", action="store_true", help="show the framework's logs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR)
    if args.script:
        with open(args.script, encoding="utf-8") as handle:
            lines = _listed(handle.read().splitlines())
    else:
        lines = _stdin_lines()
    record = asyncio.run(run_console(lines))
    if record is None:
        print("no valid session record could be built (see data/agent/failed/)",
              file=sys.stderr)
        return 1
    print(json.dumps(record, indent=2))
    result = validate_data(record)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print("record valid" if result.ok else f"record INVALID: {result.errors}", file=sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
