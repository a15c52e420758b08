"""A scripted LLM: replays canned replies through the framework's real LLM plumbing.

Used offline (the text console, the session tests) so that no API key or network is needed,
yet the framework still runs tools, builds history and emits real `LLMMetrics`: the stream
sends real `ChatChunk`s (text deltas, tool calls, a usage chunk) after a small delay.

A script maps the chat context to the steps of the current user turn. Step k is the reply
after k tool rounds since the last user message, so a turn can be "call a tool, then speak
about its result". Replies are chosen from the history, never from a call counter, so a
cancelled or repeated request gets the same answer.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from livekit.agents import (
    DEFAULT_API_CONNECT_OPTIONS,
    NOT_GIVEN,
    APIConnectOptions,
    NotGivenOr,
    llm,
    utils,
)

FALLBACK_TEXT = "Sorry, could you say that again?"
_STEP = re.compile(r"^step(\d+)_")


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """One LLM response: text, tool calls, or both; `delay` is the time to first token (s)."""

    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    delay: float = 0.05


Script = Callable[[llm.ChatContext], Sequence[Reply]]


def by_user_turn(turns: Sequence[Sequence[Reply]]) -> Script:
    """Turn n's steps answer the n-th user message (turn 0 is the greeting, before any)."""

    def script(chat_ctx: llm.ChatContext) -> Sequence[Reply]:
        index = sum(1 for m in _messages(chat_ctx) if m.role == "user")
        return turns[index] if index < len(turns) else ()

    return script


def last_user_text(chat_ctx: llm.ChatContext) -> str:
    """The latest user message, '' before the caller has said anything."""
    for item in reversed(chat_ctx.items):
        if item.type == "message" and item.role == "user":
            return item.text_content or ""
    return ""


def tool_rounds(chat_ctx: llm.ChatContext) -> int:
    """Tool rounds since the last user message, read from the step marked in our call ids
    (parallel calls share a step, and the framework may interleave calls and outputs)."""
    done = 0
    for item in reversed(chat_ctx.items):
        if item.type == "message" and item.role == "user":
            break
        if item.type == "function_call" and (marker := _STEP.match(item.call_id)):
            done = max(done, int(marker.group(1)) + 1)
    return done


def _messages(chat_ctx: llm.ChatContext) -> list[llm.ChatMessage]:
    return [item for item in chat_ctx.items if item.type == "message"]


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class ScriptedLLM(llm.LLM):
    """An `llm.LLM` whose answers come from a script instead of a provider."""

    def __init__(self, script: Script, *, model: str = "scripted") -> None:
        super().__init__()
        self._script = script
        self._model = model

    @property
    def model(self) -> str:
        return self._model

    @property
    def provider(self) -> str:
        return "scripted"

    def next_reply(self, chat_ctx: llm.ChatContext) -> Reply:
        """The step for this point of the conversation, a fallback once the script runs out."""
        steps = self._script(chat_ctx)
        step = tool_rounds(chat_ctx)
        return steps[step] if step < len(steps) else Reply(FALLBACK_TEXT)

    def chat(
        self,
        *,
        chat_ctx: llm.ChatContext,
        tools: list[llm.Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[llm.ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> ScriptedLLMStream:
        return ScriptedLLMStream(self, chat_ctx=chat_ctx, tools=tools or [],
                                 conn_options=conn_options)


class ScriptedLLMStream(llm.LLMStream):
    """Sends the reply as a provider would: words, then tool calls, then token usage."""

    async def _run(self) -> None:
        assert isinstance(self._llm, ScriptedLLM)
        step = tool_rounds(self._chat_ctx)
        reply = self._llm.next_reply(self._chat_ctx)
        request_id = utils.shortuuid("scripted_")
        await asyncio.sleep(reply.delay)
        words = reply.text.split(" ") if reply.text else []
        for position, word in enumerate(words):
            content = word if position == 0 else f" {word}"
            self._event_ch.send_nowait(llm.ChatChunk(
                id=request_id, delta=llm.ChoiceDelta(role="assistant", content=content)))
            await asyncio.sleep(0)
        if reply.tool_calls:
            calls = [llm.FunctionToolCall(name=call.name, arguments=json.dumps(call.arguments),
                                          call_id=utils.shortuuid(f"step{step}_"))
                     for call in reply.tool_calls]
            self._event_ch.send_nowait(llm.ChatChunk(
                id=request_id, delta=llm.ChoiceDelta(role="assistant", tool_calls=calls)))
        prompt = sum(_tokens(m.text_content or "") for m in _messages(self._chat_ctx))
        completion = _tokens(reply.text + "".join(json.dumps(c.arguments)
                                                  for c in reply.tool_calls))
        self._event_ch.send_nowait(llm.ChatChunk(id=request_id, usage=llm.CompletionUsage(
            prompt_tokens=prompt, completion_tokens=completion,
            total_tokens=prompt + completion)))
