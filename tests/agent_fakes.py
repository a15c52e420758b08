"""Fake audio for running the voice agent through the real framework offline.

Text mode emits no STT, TTS or end-of-utterance metrics. These fakes give the session an
audio path without a room, a microphone or a provider: the test "speaks" through
`ScriptedSTT.say` (start of speech, an interim, the final transcript, end of speech and a
usage event, as a streaming STT sends them), `SilentTTS` synthesises silence whose length
follows the text, and `FakeAudioOutput` plays it out in real time (so speech can be
interrupted). With VAD off and STT turn detection the framework then emits real
`EOUMetrics`, `STTMetrics` and `TTSMetrics`. `attach_fake_audio` wires them to a session,
through the framework's transcript synchroniser so an interrupted reply keeps only what was
heard. `RecordingPublisher` and `local_api` stand in for Pub/Sub and the HTTP APIs.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from livekit import rtc
from livekit.agents import (
    DEFAULT_API_CONNECT_OPTIONS,
    NOT_GIVEN,
    AgentSession,
    AgentStateChangedEvent,
    APIConnectOptions,
    NotGivenOr,
    stt,
    tts,
    utils,
)
from livekit.agents.utils.audio import AudioBuffer
from livekit.agents.voice.io import AudioInput, AudioOutput, AudioOutputCapabilities, TextOutput
from livekit.agents.voice.transcription.synchronizer import TranscriptSynchronizer

SAMPLE_RATE = 16_000


class ScriptedSTT(stt.STT):
    """A streaming STT whose speech events the test sends with `say`."""

    def __init__(self, *, stt_delay: float = 0.08) -> None:
        super().__init__(capabilities=stt.STTCapabilities(streaming=True, interim_results=True))
        self._speech: asyncio.Queue[stt.SpeechEvent] = asyncio.Queue()
        self._stt_delay = stt_delay

    @property
    def model(self) -> str:
        return "scripted"

    @property
    def provider(self) -> str:
        return "fake"

    async def say(self, text: str, *, duration: float = 0.4, confidence: float = 0.93) -> None:
        """The caller speaks `text` for `duration` seconds; returns once the STT has sent
        the final transcript and end of speech."""
        request_id = utils.shortuuid("fake_stt_")
        started = time.time()
        self._send(stt.SpeechEventType.START_OF_SPEECH, request_id, speech_start_time=started)
        await asyncio.sleep(duration / 2)
        first_words = " ".join(text.split()[:3])
        self._send(stt.SpeechEventType.INTERIM_TRANSCRIPT, request_id, first_words, confidence)
        await asyncio.sleep(duration / 2)
        ended = time.time()
        await asyncio.sleep(self._stt_delay)
        self._send(stt.SpeechEventType.FINAL_TRANSCRIPT, request_id, text, confidence)
        self._send(stt.SpeechEventType.END_OF_SPEECH, request_id, speech_end_time=ended)
        self._speech.put_nowait(stt.SpeechEvent(
            type=stt.SpeechEventType.RECOGNITION_USAGE, request_id=request_id,
            recognition_usage=stt.RecognitionUsage(audio_duration=ended - started)))

    def _send(self, kind: stt.SpeechEventType, request_id: str, text: str = "",
              confidence: float = 0.0, **times: float) -> None:
        alternatives = [stt.SpeechData(language="en", text=text, confidence=confidence)] \
            if text else []
        self._speech.put_nowait(stt.SpeechEvent(type=kind, request_id=request_id,
                                                alternatives=alternatives, **times))

    async def _recognize_impl(self, buffer: AudioBuffer, *, language: NotGivenOr[str] = NOT_GIVEN,
                              conn_options: APIConnectOptions) -> stt.SpeechEvent:
        """Non-streaming recognition (the framework streams, so unused): nothing heard."""
        return stt.SpeechEvent(type=stt.SpeechEventType.FINAL_TRANSCRIPT,
                               request_id=utils.shortuuid("fake_stt_"), alternatives=[])

    def stream(self, *, language: NotGivenOr[str] = NOT_GIVEN,
               conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
               ) -> _ScriptedRecognizeStream:
        return _ScriptedRecognizeStream(stt=self, conn_options=conn_options)


class _ScriptedRecognizeStream(stt.RecognizeStream):
    async def _run(self) -> None:
        assert isinstance(self._stt, ScriptedSTT)

        async def drain_audio() -> None:
            async for _ in self._input_ch:
                pass

        drain = asyncio.create_task(drain_audio())
        try:
            while True:
                self._event_ch.send_nowait(await self._stt._speech.get())
        finally:
            await utils.aio.cancel_and_wait(drain)


class SilentTTS(tts.TTS):
    """Synthesises silence, `seconds_per_char` of it per character, after `ttfb` seconds."""

    def __init__(self, *, seconds_per_char: float = 0.012, ttfb: float = 0.03) -> None:
        super().__init__(capabilities=tts.TTSCapabilities(streaming=False),
                         sample_rate=24_000, num_channels=1)
        self.seconds_per_char, self.ttfb = seconds_per_char, ttfb

    @property
    def model(self) -> str:
        return "silence"

    @property
    def provider(self) -> str:
        return "fake"

    def synthesize(self, text: str, *,
                   conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
                   ) -> _SilentStream:
        return _SilentStream(tts=self, input_text=text, conn_options=conn_options)


class _SilentStream(tts.ChunkedStream):
    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        assert isinstance(self._tts, SilentTTS)
        output_emitter.initialize(request_id=utils.shortuuid("fake_tts_"),
                                  sample_rate=self._tts.sample_rate, num_channels=1,
                                  mime_type="audio/pcm")
        await asyncio.sleep(self._tts.ttfb)
        samples = int(self._tts.sample_rate * self._tts.seconds_per_char
                      * max(len(self.input_text), 1))
        chunk = self._tts.sample_rate // 50  # 20 ms
        for start in range(0, samples, chunk):
            output_emitter.push(b"\x00\x00" * min(chunk, samples - start))
        output_emitter.flush()


class FakeAudioInput(AudioInput):
    """A microphone that sends one short silent frame: the STT is scripted, not fed."""

    def __init__(self) -> None:
        super().__init__(label="FakeAudioInput")
        self._frames = utils.aio.Chan[rtc.AudioFrame]()
        samples = SAMPLE_RATE // 10
        self._frames.send_nowait(rtc.AudioFrame(data=b"\x00\x00" * samples,
                                                sample_rate=SAMPLE_RATE, num_channels=1,
                                                samples_per_channel=samples))

    async def __anext__(self) -> rtc.AudioFrame:
        return await self._frames.__anext__()


class FakeAudioOutput(AudioOutput):
    """A speaker that 'plays' captured audio in real time and can be cut off."""

    def __init__(self) -> None:
        super().__init__(label="FakeAudioOutput", capabilities=AudioOutputCapabilities(
            pause=False), sample_rate=24_000)
        self._started_at = 0.0
        self._pushed = 0.0
        self._finish: asyncio.TimerHandle | None = None

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        if not self._pushed:
            self._started_at = time.time()
            self.on_playback_started(created_at=self._started_at)
        self._pushed += frame.duration

    def flush(self) -> None:
        super().flush()
        if not self._pushed:
            return
        remaining = max(self._pushed - (time.time() - self._started_at), 0.0)
        if self._finish:
            self._finish.cancel()
        self._finish = asyncio.get_running_loop().call_later(remaining, self._finished)

    def _finished(self) -> None:
        self.on_playback_finished(playback_position=self._pushed, interrupted=False)
        self._pushed = 0.0

    def clear_buffer(self) -> None:
        if not self._pushed:
            return
        if self._finish:
            self._finish.cancel()
            self._finish = None
        played = min(self._pushed, time.time() - self._started_at)
        self.on_playback_finished(playback_position=played, interrupted=True)
        self._pushed = 0.0


class NullTextOutput(TextOutput):
    """Where the agent's transcript would go to the room; the record comes from history."""

    def __init__(self) -> None:
        super().__init__(label="NullTextOutput", next_in_chain=None)

    async def capture_text(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def attach_fake_audio(session: AgentSession) -> TranscriptSynchronizer:
    """Give `session` a fake microphone and speaker (call before `session.start`)."""
    synchronizer = TranscriptSynchronizer(next_in_chain_audio=FakeAudioOutput(),
                                          next_in_chain_text=NullTextOutput())
    session.input.audio = FakeAudioInput()
    session.output.audio = synchronizer.audio_output
    session.output.transcription = synchronizer.text_output
    return synchronizer


async def wait_for_agent_state(session: AgentSession, state: str, timeout: float = 5.0) -> None:
    """Wait until the session's agent is in `state` (now or later)."""
    if session.agent_state == state:
        return
    reached = asyncio.get_running_loop().create_future()

    def on_change(ev: AgentStateChangedEvent) -> None:
        if ev.new_state == state and not reached.done():
            reached.set_result(None)

    session.on("agent_state_changed", on_change)
    try:
        await asyncio.wait_for(reached, timeout)
    finally:
        with contextlib.suppress(Exception):
            session.off("agent_state_changed", on_change)


@dataclass(frozen=True)
class Outcome:
    status: str
    message_id: str | None = None
    path: str | None = None


@dataclass
class RecordingPublisher:
    """Stands in for agent.publisher.SessionPublisher: keeps what it is asked to publish."""

    records: list[dict] = field(default_factory=list)

    def publish(self, record: dict) -> Outcome:
        self.records.append(record)
        return Outcome("local", path=f"memory:{len(self.records)}")


@dataclass
class LocalApi:
    """A local HTTP server answering one POST route; it keeps each request's body and key."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)


@contextlib.asynccontextmanager
async def local_api(path: str, answer: Callable[[dict], Awaitable[tuple[int, dict]]]
                    ) -> AsyncIterator[LocalApi]:
    api = LocalApi(url="")

    async def handle(request: web.Request) -> web.Response:
        body = await request.json()
        api.requests.append({"body": body, "authorization": request.headers.get("Authorization")})
        status, payload = await answer(body)
        return web.json_response(payload, status=status)

    app = web.Application()
    app.router.add_post(path, handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    api.url = f"http://{host}:{port}"
    try:
        yield api
    finally:
        await runner.cleanup()
