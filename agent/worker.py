"""The LiveKit worker: one job per call, one session record per job.

    python -m agent dev       # development, reloads on change
    python -m agent console   # talk to it from the terminal (needs the provider keys)
    python -m agent start     # production

Needs LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and the provider keys (agent/models.py),
UNLEASH_API_URL/KEY and BOOKING_API_URL/KEY (agent/tools.py), SESSIONS_TOPIC and friends
(agent/publisher.py). `VOICE_AWAY_TIMEOUT` (s, default 30): after that much silence the agent
checks in, and ends the call (end reason timeout) if the caller stays silent as long again.

Prewarm loads the VAD and resends records an earlier run had to spool. The entrypoint waits
for the caller, attaches the collector before the session starts, and registers the session
end as a job shutdown callback (LiveKit 1.8's `on_session_end` hook exists only on
`AgentServer.rtc_session`, not in `WorkerOptions`); the session closing ends the job.
Heartbeats for the Agent Down alert are sent by the worker process itself, from start-up, so
an idle worker keeps beating.
"""

from __future__ import annotations

import asyncio
import logging
import os

from livekit.agents import (
    AgentServer,
    AgentSession,
    JobContext,
    JobProcess,
    WorkerOptions,
    cli,
    room_io,
    vad,
)
from livekit.agents.voice.turn import TurnHandlingOptions

from agent import agent_version
from agent.assistant import TrialAssistant
from agent.collector import SessionCollector, session_id_for
from agent.heartbeat import start_heartbeats
from agent.models import ModelChoice, load_vad
from agent.publisher import SessionPublisher
from agent.session_end import SessionEnd
from agent.tools import BookingApi, UnleashSearch

log = logging.getLogger(__name__)
CHECK_IN = "The caller has been silent for a while. Ask briefly whether they are still there."
GOODBYE = "The caller seems to have gone. Say a short, friendly goodbye."
# Publishing retries for up to ~50 s before spooling; the job must be allowed to finish it.
SHUTDOWN_TIMEOUT_S = 60.0
_background: set[asyncio.Task] = set()  # the event loop holds tasks only weakly


def away_timeout() -> float:
    return float(os.environ.get("VOICE_AWAY_TIMEOUT") or 30.0)


def prewarm(proc: JobProcess) -> None:
    """Per process, before any call: the VAD model, the models' settings, the publisher, and
    the records an earlier run could not send."""
    proc.userdata["vad"] = load_vad()
    proc.userdata["models"] = ModelChoice.from_environment()
    publisher = SessionPublisher.from_environment()
    proc.userdata["publisher"] = publisher
    try:
        if sent := publisher.resend_spool():
            log.info("resent %d spooled session records", sent)
    except Exception as exc:  # noqa: BLE001 - a stuck spool must not stop calls
        log.warning("spool not resent: %s", type(exc).__name__)


def build_session(models: ModelChoice, vad_model: vad.VAD) -> AgentSession:
    """STT, LLM and TTS from the environment; turns and interruptions by the VAD alone, so no
    hosted turn-detection model is needed."""
    return AgentSession(
        stt=models.build_stt(), llm=models.build_llm(), tts=models.build_tts(), vad=vad_model,
        turn_handling=TurnHandlingOptions(turn_detection="vad", interruption={"mode": "vad"}),
        user_away_timeout=away_timeout())


def end_silent_calls(session: AgentSession, collector: SessionCollector) -> None:
    """When the caller goes quiet, check in; if they stay quiet, say goodbye and end."""
    pending: list[asyncio.TimerHandle] = []

    def end_call() -> None:
        collector.set_end_reason("timeout")
        session.generate_reply(instructions=GOODBYE, allow_interruptions=False)
        session.shutdown(drain=True)

    def on_user_state(event: object) -> None:
        state = getattr(event, "new_state", None)
        while pending:
            pending.pop().cancel()
        if state == "away":
            session.generate_reply(instructions=CHECK_IN)
            pending.append(asyncio.get_running_loop().call_later(away_timeout(), end_call))

    session.on("user_state_changed", on_user_state)


async def entrypoint(ctx: JobContext) -> None:
    await ctx.connect()
    participant = await ctx.wait_for_participant()
    models: ModelChoice = ctx.proc.userdata.get("models") or ModelChoice.from_environment()
    collector = SessionCollector.begin(
        session_id_for(ctx.room.name, ctx.job.id), participant.identity, agent_version(),
        room_name=ctx.room.name, providers=models.providers)
    collector.attach_room(ctx.room, participant)
    session = build_session(models, ctx.proc.userdata.get("vad") or load_vad())
    collector.attach(session)

    knowledge, booking = UnleashSearch.from_environment(), BookingApi.from_environment()
    publisher = ctx.proc.userdata.get("publisher") or SessionPublisher.from_environment()
    session_end = SessionEnd(collector, publisher)

    async def on_shutdown(_reason: str) -> None:
        await session_end()
        await asyncio.gather(knowledge.aclose(), booking.aclose(), return_exceptions=True)

    ctx.add_shutdown_callback(on_shutdown)
    session.on("close", lambda _event: ctx.shutdown("agent session closed"))
    end_silent_calls(session, collector)
    await session.start(
        agent=TrialAssistant(collector.collected, knowledge, booking), room=ctx.room,
        room_options=room_io.RoomOptions(participant_identity=participant.identity))


def server() -> AgentServer:
    options = WorkerOptions(entrypoint_fnc=entrypoint, prewarm_fnc=prewarm,
                            shutdown_process_timeout=SHUTDOWN_TIMEOUT_S)
    agent_server = AgentServer.from_server_options(options)
    agent_server.on("worker_started", _start_heartbeats)
    return agent_server


def _start_heartbeats() -> None:
    if (task := start_heartbeats(agent_version())) is not None:
        _background.add(task)


def main() -> None:
    cli.run_app(server())
