"""Which speech and language models the agent uses, chosen by environment variables.

| variable | values (default first) |
|---|---|
| `VOICE_STT` | `deepgram`, `openai` |
| `VOICE_STT_MODEL` | deepgram `nova-3`, openai `gpt-4o-mini-transcribe` |
| `VOICE_LLM` | `openai` |
| `VOICE_LLM_MODEL` | `gpt-4o-mini` |
| `VOICE_TTS` | `cartesia`, `openai` |
| `VOICE_TTS_MODEL` | cartesia `sonic-2`, openai `gpt-4o-mini-tts` |
| `VOICE_TTS_VOICE` | the provider's default voice |
| `VOICE_LANGUAGE` | `en` |

The plugins read their own keys (DEEPGRAM_API_KEY, OPENAI_API_KEY, CARTESIA_API_KEY). Nothing
is constructed until a factory is called, so importing this module needs no key; the plugins
are imported here because LiveKit requires plugins to register on the main thread.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from livekit.agents import llm, stt, tts, vad
from livekit.plugins import cartesia, deepgram, openai, silero

STT_MODELS = {"deepgram": "nova-3", "openai": "gpt-4o-mini-transcribe"}
LLM_MODELS = {"openai": "gpt-4o-mini"}
TTS_MODELS = {"cartesia": "sonic-2", "openai": "gpt-4o-mini-tts"}


class UnknownProvider(ValueError):
    pass


def _pick(env: Mapping[str, str], name: str, choices: Mapping[str, str]) -> str:
    value = (env.get(name) or next(iter(choices))).strip().lower()
    if value not in choices:
        raise UnknownProvider(f"{name}={value!r}; expected one of {', '.join(choices)}")
    return value


@dataclass(frozen=True)
class ModelChoice:
    """The providers and models for one worker; `providers` goes into every session record."""

    stt: str = "deepgram"
    stt_model: str = STT_MODELS["deepgram"]
    llm: str = "openai"
    llm_model: str = LLM_MODELS["openai"]
    tts: str = "cartesia"
    tts_model: str = TTS_MODELS["cartesia"]
    tts_voice: str | None = None
    language: str = "en"

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> ModelChoice:
        env = os.environ if env is None else env
        stt_name = _pick(env, "VOICE_STT", STT_MODELS)
        llm_name = _pick(env, "VOICE_LLM", LLM_MODELS)
        tts_name = _pick(env, "VOICE_TTS", TTS_MODELS)
        return cls(stt=stt_name, stt_model=env.get("VOICE_STT_MODEL") or STT_MODELS[stt_name],
                   llm=llm_name, llm_model=env.get("VOICE_LLM_MODEL") or LLM_MODELS[llm_name],
                   tts=tts_name, tts_model=env.get("VOICE_TTS_MODEL") or TTS_MODELS[tts_name],
                   tts_voice=env.get("VOICE_TTS_VOICE") or None,
                   language=env.get("VOICE_LANGUAGE") or "en")

    @property
    def providers(self) -> dict[str, str]:
        return {"llm": f"{self.llm}/{self.llm_model}", "stt": f"{self.stt}/{self.stt_model}",
                "tts": f"{self.tts}/{self.tts_model}"}

    def build_stt(self) -> stt.STT:
        if self.stt == "openai":
            return openai.STT(model=self.stt_model, language=self.language)
        return deepgram.STT(model=self.stt_model, language=self.language)

    def build_llm(self) -> llm.LLM:
        return openai.LLM(model=self.llm_model)

    def build_tts(self) -> tts.TTS:
        voice = {"voice": self.tts_voice} if self.tts_voice else {}
        if self.tts == "openai":
            return openai.TTS(model=self.tts_model, **voice)
        return cartesia.TTS(model=self.tts_model, language=self.language, **voice)


def load_vad() -> vad.VAD:
    """Silero VAD; loading the model takes a moment, so the worker does it in prewarm."""
    return silero.VAD.load()
