"""Timing, latency metrics, interruptions and tool-call timestamps; connection and providers."""

from __future__ import annotations

import random
from itertools import accumulate

from . import vocabulary as v
from .clock import iso
from .dialogue import Turn
from .speech import lower_first

_LLM_TTFT = {  # median ms of time to first token
    "openai/gpt-4.1-mini": 700.0, "openai/gpt-4o-mini": 600.0, "openai/gpt-4.1": 950.0,
    "google/gemini-2.0-flash": 560.0,
}
_TTS_TTFB = {  # (low, high) ms
    "cartesia/sonic-2": (120.0, 330.0), "cartesia/sonic-turbo": (100.0, 260.0),
    "elevenlabs/eleven_flash_v2_5": (170.0, 450.0), "openai/gpt-4o-mini-tts": (240.0, 450.0),
}
_TOOL_MS = {"unleash_search_knowledge": (400.0, 2600.0), "book_sales_meeting": (800.0, 3500.0)}
# Which browsers go with which desktop/mobile OS (by name prefix).
_BROWSERS_BY_OS = {
    "Windows": ("Chrome", "Edge", "Firefox"), "macOS": ("Chrome", "Safari", "Firefox"),
    "ChromeOS": ("Chrome",), "Ubuntu": ("Chrome", "Firefox"), "Android": ("Chrome Mobile",),
    "iOS": ("Safari Mobile",),
}
_NULLABLE = ("stt_duration_ms", "tts_ttfb_ms", "llm_ttft_ms", "stt_audio_duration_ms",
             "eou_delay_ms")


def _cum(pairs: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [k for k, _ in pairs], list(accumulate(w for _, w in pairs))


_VERSIONS = _cum(v.AGENT_VERSIONS)
_LLMS = _cum(v.LLM_PROVIDERS)
_STTS = _cum(v.STT_PROVIDERS)
_TTSS = _cum(v.TTS_PROVIDERS)
_DEVICE_CUM = list(accumulate(d[-1] for d in v.DEVICES))


def providers(rng: random.Random) -> tuple[dict, str]:
    """The providers block and the agent version."""
    block = {
        "llm": rng.choices(_LLMS[0], cum_weights=_LLMS[1])[0],
        "stt": rng.choices(_STTS[0], cum_weights=_STTS[1])[0],
        "tts": rng.choices(_TTSS[0], cum_weights=_TTSS[1])[0],
    }
    return block, rng.choices(_VERSIONS[0], cum_weights=_VERSIONS[1])[0]


def device(rng: random.Random) -> tuple:
    """One row of vocabulary.DEVICES."""
    return rng.choices(v.DEVICES, cum_weights=_DEVICE_CUM)[0]


def connection(rng: random.Random, dev: tuple, dropped: bool) -> dict | None:
    """connection_quality: mostly good or excellent, some poor (loss 2-8 %, jitter 40-120 ms)."""
    if rng.random() < 0.02:
        return None
    r = rng.random()
    if dropped:
        level = "poor" if r < 0.35 else "lost" if r < 0.5 else "good" if r < 0.9 else "unknown"
    else:
        level = ("excellent" if r < 0.3 else "good" if r < 0.85 else "poor" if r < 0.97
                 else "unknown")
    u = rng.uniform
    if level == "excellent":
        bw_in, bw_out, loss, jitter = u(90, 140), u(60, 100), u(0, 0.2), u(2, 8)
    elif level in ("good", "unknown"):
        bw_in, bw_out, loss, jitter = u(50, 100), u(30, 70), u(0.1, 1.0), u(6, 25)
    elif level == "poor":
        bw_in, bw_out, loss, jitter = u(18, 50), u(12, 35), u(2, 8), u(40, 120)
    else:
        bw_in, bw_out, loss, jitter = u(2, 20), u(1, 12), u(10, 35), u(100, 300)
    platform, oses, browsers, sdks = dev[0], dev[1], dev[2], dev[3]
    os_name = rng.choice(oses)
    browser = rng.choice(browsers)
    if browser is not None and os_name is not None:
        fits = _BROWSERS_BY_OS.get(os_name.split(" ")[0])
        if fits and not browser.startswith(fits):
            browser = rng.choice([b for b in browsers if b.startswith(fits)] or [browser])
    if platform == "sip" and level in ("excellent", "good"):
        bw_in = bw_out = 64.0
    return {
        "bandwidth_in_kbps": round(bw_in, 1),
        "bandwidth_out_kbps": round(bw_out, 1),
        "packet_loss_pct": round(loss, 2),
        "jitter_ms": round(jitter, 1),
        "quality_level": level,
        "device_info": {"platform": platform, "os": os_name, "browser": browser,
                        "sdk": rng.choice(sdks)},
    }


class Timeline:
    """The assembled, timed parts of a record."""

    __slots__ = ("transcript", "metrics", "interruptions", "tool_calls", "end_ms")

    def __init__(self) -> None:
        self.transcript: list[dict] = []
        self.metrics: list[dict] = []
        self.interruptions: list[dict] = []
        self.tool_calls: list[dict] = []
        self.end_ms = 0


def assemble(rng: random.Random, turns: list[Turn], start_ms: int, *, llm: str | None,
             tts: str | None, poor: bool, end_reason: str | None) -> Timeline:
    """Time every turn, derive metrics and place tool calls; returns the record's arrays."""
    out = Timeline()
    u = rng.uniform
    ttft_median = _LLM_TTFT.get(llm or "", 700.0)
    tts_lo, tts_hi = _TTS_TTFB.get(tts or "", (120.0, 450.0))
    interrupt_p = 0.09 if poor else 0.05
    conf_lo, conf_hi = (0.70, 0.92) if poor else (0.83, 0.985)
    prompt = rng.randrange(1150, 1460)
    pending_tokens = 0  # context added since the last agent reply
    prev_role: str | None = None
    prev_start = prev_end = start_ms
    prev_user_dur: float | None = None
    max_end = start_ms
    barge_at: int | None = None  # when the caller starts over an interrupted agent turn
    agent_cuts_at: int | None = None  # when the agent starts over the caller
    n = len(turns)
    for i, turn in enumerate(turns):
        text = turn.text
        interrupted = False
        if turn.role == "agent":
            nxt = turns[i + 1] if i + 1 < n else None
            if (turn.cut_ok and turn.tool is None and nxt is not None and nxt.role == "user"
                    and len(text) > 60 and rng.random() < interrupt_p):
                words = text.split(" ")
                text = " ".join(words[: max(3, int(len(words) * u(0.35, 0.8)))]).rstrip(",")
                interrupted = True
            chars = len(text)
            audio = chars * u(62.0, 76.0)
            ttft = ttft_median * rng.lognormvariate(0.0, 0.33)
            if rng.random() < 0.04:
                ttft = u(3000.0, 9000.0)  # provider hiccup
            ttft = max(180.0, ttft)
            ttfb = u(tts_lo, tts_hi)
            tool = turn.tool
            tool_ms = u(*_TOOL_MS.get(tool["name"], (300.0, 1200.0))) if tool else 0.0
            tool_ts = 0
            eou: float | None = None
            stt_ms: float | None = None
            total: float | None = None
            if prev_role is None:
                start = start_ms + rng.randrange(700, 2500)
            elif prev_role == "agent":
                start = prev_end + rng.randrange(120, 380)
                if tool is not None:
                    tool_ts = prev_start + rng.randrange(150, 600)
                    start = max(start, int(tool_ts + tool_ms + ttft + ttfb))
            else:
                eou = rng.triangular(200.0, 900.0, 420.0)
                stt_ms = u(30.0, 220.0)
                total = eou + ttft + ttfb + tool_ms
                start = prev_end + int(total)
                if agent_cuts_at is not None:
                    start = agent_cuts_at
                    agent_cuts_at = None
                if tool is not None:
                    tool_ts = prev_end + int(eou + ttft * u(0.6, 1.0))
                    tool_ts = min(tool_ts, start - 1)
            end = start + int(audio)
            prompt += pending_tokens + rng.randrange(4, 30)
            completion = max(3, int(len(turn.text) / 4.2 * u(0.9, 1.15)))
            if tool is not None:
                completion += rng.randrange(16, 42)  # the function-call arguments
            metric = {
                "turn_index": i, "timestamp": iso(start),
                "eou_delay_ms": _r(eou), "llm_ttft_ms": round(ttft, 1),
                "tts_ttfb_ms": round(ttfb, 1), "stt_duration_ms": _r(stt_ms),
                "total_latency_ms": _r(total), "prompt_tokens": prompt,
                "completion_tokens": completion, "total_tokens": prompt + completion,
                "stt_audio_duration_ms": _r(prev_user_dur) if prev_role == "user" else None,
                "tts_characters_count": chars, "tts_audio_duration_ms": round(audio, 1),
            }
            if rng.random() < 0.03:
                metric[rng.choice(_NULLABLE)] = None  # the framework did not report it
            out.metrics.append(metric)
            pending_tokens = completion
            if tool is not None:
                call = {"name": tool["name"], "timestamp": iso(tool_ts)}
                call.update((k, val) for k, val in tool.items() if k != "name")
                out.tool_calls.append(call)
                if tool["name"] == "unleash_search_knowledge" and tool["results_found"]:
                    pending_tokens += rng.randrange(350, 800)  # search results in the context
                else:
                    pending_tokens += rng.randrange(30, 90)
            if interrupted:
                barge_at = max(start + 1, end - rng.randrange(150, 500))
                out.interruptions.append(
                    {"time": iso(barge_at), "interrupted_turn_index": i, "by": "user"})
            entry = {"index": i, "role": "agent", "text": text, "start_time": iso(start),
                     "end_time": iso(end), "interrupted": interrupted}
        else:
            words = text.count(" ") + 1
            dur = max(450.0, words * 400.0 * u(0.85, 1.25) + u(150.0, 400.0))
            if barge_at is not None:
                start, barge_at = barge_at, None
                if rng.random() < 0.4:
                    text = rng.choice(("Sorry, ", "Sorry- ", "Wait, ")) + lower_first(text)
            elif prev_role == "user":
                start = prev_end + rng.randrange(500, 2500)
            elif prev_role is None:
                start = start_ms + rng.randrange(400, 1500)
            else:
                start = prev_end + int(rng.triangular(180.0, 1600.0, 550.0))
            end = start + int(dur)
            nxt = turns[i + 1] if i + 1 < n else None
            if (words >= 12 and nxt is not None and nxt.role == "agent" and nxt.tool is None
                    and rng.random() < 0.015):
                cut = rng.randrange(300, int(min(1500.0, dur * 0.4)))
                agent_cuts_at = end - cut
                interrupted = True
                out.interruptions.append(
                    {"time": iso(agent_cuts_at), "interrupted_turn_index": i, "by": "agent"})
            conf = round(u(conf_lo, conf_hi) - (0.04 if words <= 2 else 0.0), 3)
            entry = {"index": i, "role": "user", "text": text, "start_time": iso(start),
                     "end_time": iso(end), "interrupted": interrupted,
                     "stt_confidence": conf if rng.random() > 0.01 else None}
            prev_user_dur = dur  # what STT received; the turn's times are rounded to ms
            pending_tokens += len(text) // 4 + 4
        out.transcript.append(entry)
        prev_role, prev_start, prev_end = turn.role, start, end
        if end > max_end:
            max_end = end
    if end_reason == "timeout":
        tail = rng.randrange(8000, 30000)
    elif end_reason in ("participant_disconnected", "error", "unknown"):
        tail = rng.randrange(0, 800)
    else:
        tail = rng.randrange(250, 3000)
    out.end_ms = max_end + tail
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)
