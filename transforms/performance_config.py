"""Targets and prices for the performance analyzer: one place, dated.

Prices are list prices per provider/model as published on PRICES_AS_OF; update the date with
the figures. A provider missing here costs 0 and is reported as an anomaly, never guessed.
"""

from datetime import date

PRICES_AS_OF = date(2026, 11, 1)

# LLM: US dollars per million tokens (input, output).
LLM_USD_PER_MTOK: dict[str, tuple[float, float]] = {
    "openai/gpt-4.1-mini": (0.40, 1.60),
    "openai/gpt-4.1": (2.00, 8.00),
    "openai/gpt-4o-mini": (0.15, 0.60),
    "openai/gpt-4o": (2.50, 10.00),
    "anthropic/claude-haiku-4-5": (1.00, 5.00),
    "google/gemini-2.5-flash": (0.30, 2.50),
}
# STT: US dollars per minute of caller audio.
STT_USD_PER_MINUTE: dict[str, float] = {
    "deepgram/nova-3": 0.0077,
    "deepgram/nova-2": 0.0058,
    "assemblyai/universal-streaming": 0.0025,
    "openai/gpt-4o-transcribe": 0.006,
}
# TTS: US dollars per thousand characters synthesised.
TTS_USD_PER_KCHAR: dict[str, float] = {
    "cartesia/sonic-2": 0.038,
    "cartesia/sonic-3": 0.038,
    "elevenlabs/eleven_flash_v2_5": 0.05,
    "elevenlabs/eleven_turbo_v2_5": 0.05,
    "openai/gpt-4o-mini-tts": 0.015,
}

# What the caller should experience; the performance score is the share of targets met.
TARGETS_MS = {
    "p50_latency_ms": 1500.0,
    "p95_latency_ms": 3000.0,
    "llm_ttft_p50_ms": 800.0,
    "tts_ttfb_p50_ms": 300.0,
    "eou_delay_p50_ms": 600.0,
}
# A latency above this is not a slow turn but a broken measurement.
IMPOSSIBLE_LATENCY_MS = 60_000.0
# A turn this many times the session's median, and above the floor, is an anomaly.
SPIKE_FACTOR = 3.0
SPIKE_FLOOR_MS = 3_000.0
