"""The voice agent through the real LiveKit framework, offline: one scripted call, its record.

The call runs in audio mode on fake audio (tests/agent_fakes.py): a scripted STT, a silent
TTS and a real-time fake speaker, with VAD off and STT turn detection, so the LLM, TTS, STT and
end-of-utterance metrics in the record are the framework's own. The model is `ScriptedLLM`;
the tools call local HTTP servers through the real clients; the publisher is a stand-in (the
real one is tested against the Pub/Sub emulator elsewhere).
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from livekit import rtc
from livekit.agents import AgentSession, CloseReason, llm
from livekit.agents.testing import fake_job_context
from livekit.agents.voice.turn import TurnHandlingOptions
from livekit.rtc._proto import stats_pb2

from agent.assistant import TrialAssistant
from agent.collector import SessionCollector, session_id_for
from agent.connection import device_info, sample_from, summarise_samples
from agent.console import _listed, run_console
from agent.models import ModelChoice
from agent.record import CollectedSession
from agent.scripted import Reply, ScriptedLLM, ToolCall, by_user_turn
from agent.session_end import SessionEnd
from agent.tools import BookingApi, UnleashSearch
from schemas.validation import validate_data
from tests.agent_fakes import (
    RecordingPublisher,
    ScriptedSTT,
    SilentTTS,
    attach_fake_audio,
    local_api,
    wait_for_agent_state,
)

PROVIDERS = {"llm": "scripted/test", "stt": "fake/scripted", "tts": "fake/silence"}
TOMORROW = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
GREETING = "Hi, thanks for trying PandaDoc! I'm your trial assistant. What can I help with?"
NOT_FOUND = ("I couldn't find Zoho in our help center, so I'll have sales confirm it. How "
             "many people on your team send contracts?")
LONG_PITCH = ("Thanks, that helps a lot. Twelve agents and two hundred contracts a month is a "
              "great fit for our Business plan. It includes templates, bulk send, approval "
              "workflows and a content library. It also has reminders, so homeowners sign "
              "faster. I can walk you through each of those if you like.")
ASK_EMAIL = "Of course. What email should the invite go to, and what time works tomorrow?"
BOOKED = "You're all set for tomorrow at ten. The invite with the meeting link is on its way."
GOODBYE = "Thanks Dana, enjoy the trial. Goodbye!"
SIGNALS = {"team_size": 12, "monthly_volume": 200, "integration_needs": ["Zoho CRM"],
           "industry": "real estate", "current_tool": "DocuSign",
           "pain_points": ["slow template setup"], "qualification_tier": "warm"}
CALLER = [
    "Hi, I'm Dana Reyes from Brightline Realty. Does PandaDoc sync with Zoho CRM?",
    "Twelve agents, about two hundred contracts a month. We use DocuSign and setup is slow.",
    "Sorry, can I just book a demo with sales?",
    "Dana at brightline dot example, tomorrow at ten please.",
    "No, that's everything. Thanks, bye!",
]
SCRIPT = by_user_turn([
    [Reply(GREETING)],
    [Reply(tool_calls=(ToolCall("unleash_search_knowledge",
                                {"query": "Zoho CRM sync", "category": "integrations"}),)),
     Reply(NOT_FOUND)],
    [Reply(tool_calls=(ToolCall("record_discovered_signals", SIGNALS),)), Reply(LONG_PITCH)],
    [Reply(ASK_EMAIL)],
    [Reply(tool_calls=(ToolCall("book_sales_meeting", {
        "customer_name": "Dana Reyes", "customer_email": "dana@brightline.example",
        "preferred_date": TOMORROW, "preferred_time": "10:00"}),)),
     Reply(BOOKED)],
    [Reply(GOODBYE)],
])


async def _no_results(body: dict) -> tuple[int, dict]:
    return 200, {"total": 0, "results": []}


async def _booked(body: dict) -> tuple[int, dict]:
    return 201, {"meeting_link": "https://meet.example.com/brightline",
                 "calendar_event_id": "evt_0042"}


def _new_session() -> AgentSession:
    """Audio mode without VAD: turns end on the STT's end of speech, replies can be cut off
    by the caller's words, and nothing waits on a hosted model."""
    return AgentSession(
        llm=ScriptedLLM(SCRIPT, model="test"), stt=ScriptedSTT(),
        tts=SilentTTS(seconds_per_char=0.006), vad=None,
        turn_handling=TurnHandlingOptions(
            turn_detection="stt", endpointing={"min_delay": 0.05, "max_delay": 1.0},
            interruption={"enabled": True, "min_duration": 0.0, "min_words": 0,
                          "false_interruption_timeout": None,
                          "resume_false_interruption": False},
            preemptive_generation={"enabled": False}),
        aec_warmup_duration=None, user_away_timeout=None, session_close_transcript_timeout=0.1)


async def _call(tmp_path: Path) -> SimpleNamespace:
    """The whole call; returns what the test looks at."""
    publisher = RecordingPublisher()
    async with (local_api("/search", _no_results) as unleash,
                local_api("/bookings", _booked) as bookings):
        knowledge = UnleashSearch(unleash.url, "test-unleash")
        booking = BookingApi(bookings.url, "test-booking")
        session = _new_session()
        replies: asyncio.Queue[llm.ChatMessage] = asyncio.Queue()
        session.on("conversation_item_added", lambda ev: replies.put_nowait(ev.item)
                   if getattr(ev.item, "role", None) == "assistant" else None)
        synchronizer = attach_fake_audio(session)
        stt = session.stt
        assert isinstance(stt, ScriptedSTT)

        async def next_reply() -> llm.ChatMessage:
            return await asyncio.wait_for(replies.get(), timeout=5)

        with fake_job_context() as job:
            collector = SessionCollector.begin(
                session_id_for(job.job.room.name, job.job.id), "dana-browser-7f3a",
                "pd-voice-agent/test", room_name=job.job.room.name, providers=PROVIDERS,
                failed_dir=tmp_path / "failed")
            collector.attach(session)
            await session.start(TrialAssistant(collector.collected, knowledge, booking))
            spoken = [await next_reply()]
            await stt.say(CALLER[0])
            spoken.append(await next_reply())
            await stt.say(CALLER[1])
            await wait_for_agent_state(session, "speaking")  # the long pitch has started
            await asyncio.sleep(0.3)
            await stt.say(CALLER[2])  # ...and the caller talks over it
            spoken += [await next_reply(), await next_reply()]
            for line in CALLER[3:]:
                await stt.say(line)
                spoken.append(await next_reply())
            await session.aclose()  # the agent ends the call after its goodbye
            report = job.make_session_report(session).to_dict()
        await synchronizer.aclose()
        await SessionEnd(collector, publisher)()
        await asyncio.gather(knowledge.aclose(), booking.aclose())
    return SimpleNamespace(publisher=publisher, spoken=spoken, report=report,
                           unleash=unleash, bookings=bookings)


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    return asyncio.run(_call(tmp_path_factory.mktemp("agent")))


@pytest.fixture(scope="module")
def record(call: SimpleNamespace) -> dict:
    assert len(call.publisher.records) == 1, "one record per session"
    return call.publisher.records[0]


def test_record_is_valid_against_the_contract(record: dict, contract_validator) -> None:
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
              for e in contract_validator.iter_errors(record)]
    assert errors == []
    result = validate_data(record)
    assert result.ok, result.errors
    assert result.warnings == ()


def test_session_metadata(record: dict) -> None:
    session = record["session"]
    assert session["session_id"] == "fake-room:fake-job"
    assert session["participant_id"] == "dana-browser-7f3a"
    assert session["user_email"] == "dana@brightline.example"  # from the booking
    assert session["user_name"] == "Dana Reyes"
    assert session["agent_version"] == "pd-voice-agent/test"
    assert session["end_reason"] == "agent_ended"
    assert session["duration_seconds"] > 1
    assert record["providers"] == PROVIDERS


def test_transcript_has_every_turn_in_order(record: dict, call: SimpleNamespace) -> None:
    transcript = record["transcript"]
    assert [t["role"] for t in transcript] == ["agent", "user"] * 5 + ["agent"]
    assert [t["index"] for t in transcript] == list(range(11))
    assert [t["text"] for t in transcript if t["role"] == "user"] == CALLER
    agent = [t for t in transcript if t["role"] == "agent"]
    assert [t["text"] for t in agent] == [GREETING, NOT_FOUND, agent[2]["text"], ASK_EMAIL,
                                          BOOKED, GOODBYE]
    cut = agent[2]["text"]
    assert cut and LONG_PITCH.startswith(cut.strip()) and len(cut) < len(LONG_PITCH)
    assert [t["interrupted"] for t in agent] == [False, False, True, False, False, False]
    assert all(t["stt_confidence"] == pytest.approx(0.93)
               for t in transcript if t["role"] == "user")
    assert all(t["start_time"] <= t["end_time"] for t in transcript)
    assert call.report["user_turns"] == 5  # the framework's own session report agrees


def test_interruption_is_recorded(record: dict) -> None:
    cut = next(t for t in record["transcript"] if t["interrupted"])
    assert record["interruptions"] == [
        {"time": cut["end_time"], "interrupted_turn_index": cut["index"], "by": "user"}]
    caller = record["transcript"][cut["index"] + 1]
    assert caller["role"] == "user" and caller["start_time"] < cut["end_time"]


def test_every_agent_turn_has_the_frameworks_metrics(record: dict) -> None:
    agent_turns = [t["index"] for t in record["transcript"] if t["role"] == "agent"]
    metrics = {m["turn_index"]: m for m in record["metrics"]}
    assert sorted(metrics) == agent_turns
    for index, entry in metrics.items():
        assert entry["llm_ttft_ms"] >= 40, index  # the scripted model waits 50 ms
        assert entry["prompt_tokens"] > 0 and entry["completion_tokens"] > 0
        assert entry["total_tokens"] == entry["prompt_tokens"] + entry["completion_tokens"]
        assert entry["tts_ttfb_ms"] >= 20 and entry["tts_characters_count"] > 0
        assert entry["tts_audio_duration_ms"] > 0
    greeting = metrics[0]
    assert greeting["eou_delay_ms"] is None and greeting["total_latency_ms"] is None
    assert greeting["stt_audio_duration_ms"] is None
    for index in agent_turns[1:]:
        entry = metrics[index]
        assert entry["eou_delay_ms"] >= 50, index  # min endpointing delay
        assert entry["stt_duration_ms"] >= 50  # the fake STT's transcription delay
        assert entry["stt_audio_duration_ms"] >= 300  # each line is spoken for 0.4 s
        assert entry["total_latency_ms"] == pytest.approx(
            entry["eou_delay_ms"] + entry["llm_ttft_ms"] + entry["tts_ttfb_ms"], abs=0.01)
    # a reply after a tool round counts both of its LLM requests
    assert metrics[2]["completion_tokens"] > len(NOT_FOUND) // 4
    # synthesised sentence by sentence: the spaces between sentences are not spoken
    assert metrics[0]["tts_characters_count"] == len(GREETING) - GREETING.count(". ") - \
        GREETING.count("! ")


def test_tool_calls_in_contract_shape(record: dict, call: SimpleNamespace) -> None:
    search, signals, booking = record["tool_calls"]
    assert {k: v for k, v in search.items() if k != "timestamp"} == {
        "name": "unleash_search_knowledge", "query": "Zoho CRM sync",
        "category": "integrations", "results_found": False, "total_results": 0,
        "top_sources": []}
    assert signals["name"] == "record_discovered_signals"
    assert signals["arguments"] == SIGNALS
    assert {k: v for k, v in booking.items() if k != "timestamp"} == {
        "name": "book_sales_meeting", "customer_name": "Dana Reyes",
        "customer_email": "dana@brightline.example", "preferred_date": TOMORROW,
        "preferred_time": "10:00", "success": True,
        "meeting_link": "https://meet.example.com/brightline",
        "calendar_event_id": "evt_0042", "error": None}
    start, end = record["session"]["start_time"], record["session"]["end_time"]
    assert all(start <= c["timestamp"] <= end for c in record["tool_calls"])
    assert call.unleash.requests == [{"body": {"query": "Zoho CRM sync",
                                               "category": "integrations", "limit": 5},
                                      "authorization": "Bearer test-unleash"}]
    assert call.bookings.requests[0]["body"] == {
        "name": "Dana Reyes", "email": "dana@brightline.example", "date": TOMORROW,
        "time": "10:00"}
    assert call.bookings.requests[0]["authorization"] == "Bearer test-booking"


def test_tools_answer_the_model_in_json(call: SimpleNamespace) -> None:
    outputs = [json.loads(item["output"]) for item in call.report["chat_history"]["items"]
               if item["type"] == "function_call_output"]
    assert [o.get("found", o.get("booked", "recorded" in o)) for o in outputs] == [
        False, True, True]


def test_discovered_signals(record: dict) -> None:
    assert record["discovered_signals"] == {
        **SIGNALS, "location": None, "use_case": None, "decision_timeline": None,
        "budget_authority": None, "urgency": None}


# -- failures stay out of the conversation ---------------------------------------------------


def _collected() -> CollectedSession:
    return CollectedSession("s-1", "caller", "pd-voice-agent/test", datetime.now(UTC))


def test_search_timeout_and_booking_error_are_told_and_recorded() -> None:
    async def slow(body: dict) -> tuple[int, dict]:
        await asyncio.sleep(1.0)
        return 200, {"total": 3, "results": []}

    async def full(body: dict) -> tuple[int, dict]:
        return 409, {"error": "slot not available"}

    async def scenario() -> tuple[dict, dict, CollectedSession]:
        collected = _collected()
        async with local_api("/search", slow) as unleash, local_api("/bookings", full) as api:
            knowledge = UnleashSearch(unleash.url, "k", timeout=0.2)
            booking = BookingApi(api.url, "k")
            assistant = TrialAssistant(collected, knowledge, booking)
            searched = json.loads(await assistant.unleash_search_knowledge("SSO", "security"))
            booked = json.loads(await assistant.book_sales_meeting(
                "Ann Lee", "ann@example.com", TOMORROW, "9:30"))
            await asyncio.gather(knowledge.aclose(), booking.aclose())
        return searched, booked, collected

    searched, booked, collected = asyncio.run(scenario())
    assert searched["found"] is False and searched["error"] == "search_unavailable"
    assert booked == {"booked": False, "error": "slot not available",
                      "note": booked["note"]}
    search, booking = collected.tool_calls
    assert (search["results_found"], search["total_results"]) == (False, 0)
    assert (booking["success"], booking["error"], booking["preferred_time"]) == (
        False, "slot not available", "09:30")
    assert collected.user_email == "ann@example.com"


def test_malformed_booking_is_sent_back_to_the_model_not_to_the_api() -> None:
    collected = _collected()
    assistant = TrialAssistant(collected, UnleashSearch(None, None), BookingApi(None, None))
    reply = json.loads(asyncio.run(assistant.book_sales_meeting(
        "Ann", "ann-at-example", "next tuesday", "10am")))
    assert reply["booked"] is False
    assert "email" in reply["error"] and "date" in reply["error"] and "time" in reply["error"]
    assert collected.tool_calls == []


def test_an_invalid_record_is_kept_for_a_person_and_not_published(tmp_path: Path) -> None:
    collector = SessionCollector(CollectedSession("bad id!", "caller", "v", datetime.now(UTC)),
                                 failed_dir=tmp_path)
    publisher = RecordingPublisher()
    asyncio.run(SessionEnd(collector, publisher)())
    assert publisher.records == []
    kept = json.loads((tmp_path / "bad-id.json").read_text())
    assert kept["session_id"] == "bad id!"


@pytest.mark.parametrize(("closed", "caller_left", "explicit", "expected"), [
    (CloseReason.PARTICIPANT_DISCONNECTED, rtc.DisconnectReason.CLIENT_INITIATED, None,
     "user_hangup"),
    (CloseReason.JOB_SHUTDOWN, rtc.DisconnectReason.SIGNAL_CLOSE, None,
     "participant_disconnected"),
    (CloseReason.USER_INITIATED, rtc.DisconnectReason.CLIENT_INITIATED, None, "agent_ended"),
    (CloseReason.ERROR, None, None, "error"),
    (CloseReason.USER_INITIATED, None, "timeout", "timeout"),
    (CloseReason.JOB_SHUTDOWN, None, None, "unknown"),
])
def test_end_reason(closed: CloseReason, caller_left: int | None, explicit: str | None,
                    expected: str) -> None:
    collector = SessionCollector(_collected())
    if caller_left is not None:
        collector._on_participant_disconnected(
            SimpleNamespace(identity="caller", disconnect_reason=caller_left))
    collector._on_close(SimpleNamespace(reason=closed, created_at=time.time()))
    if explicit:
        collector.set_end_reason(explicit)
    record = collector.finish()
    assert record is not None and record["session"]["end_reason"] == expected


def test_other_tools_are_recorded_by_the_collector() -> None:
    collector = SessionCollector(_collected())
    call = llm.FunctionCall(call_id="c1", name="end_call", arguments='{"reason": "done"}')
    output = llm.FunctionCallOutput(call_id="c1", name="end_call", output='{"ok": true}',
                                    is_error=False)
    collector._on_tools(SimpleNamespace(zipped=lambda: [(call, output)]))
    record = collector.finish()
    assert record is not None
    (entry,) = record["tool_calls"]
    assert (entry["name"], entry["arguments"], entry["result"]) == (
        "end_call", {"reason": "done"}, {"ok": True})


def test_a_broken_event_does_not_reach_the_call() -> None:
    collector = SessionCollector(_collected())
    collector._on_item(object())  # no .item: logged and ignored
    collector._on_metrics(SimpleNamespace(metrics=None))
    assert collector.finish() is not None


# -- the console, the room and the environment -------------------------------------------------


def test_console_prints_a_valid_record(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    lines = ["I'm Sam Ortiz.", "Can PandaDoc connect to HubSpot?",
             "We are 5 people sending 40 proposals a month in Word.", "Can I book a demo?",
             "sam@example.com at 2pm", "That's all, bye!"]
    record = asyncio.run(run_console(_listed(lines)))
    assert record is not None and validate_data(record).ok
    assert [c["name"] for c in record["tool_calls"]] == [
        "unleash_search_knowledge", "record_discovered_signals", "book_sales_meeting"]
    assert record["tool_calls"][0]["results_found"] is False
    assert record["tool_calls"][2]["preferred_time"] == "14:00"
    assert record["discovered_signals"]["team_size"] == 5
    assert record["session"]["user_name"] == "Sam Ortiz"
    assert all(m["llm_ttft_ms"] for m in record["metrics"])
    assert "agent> Thanks for trying PandaDoc. Goodbye!" in capsys.readouterr().out


def test_connection_summary_from_rtc_stats() -> None:
    def stats(bytes_in: int, bytes_out: int, received: int, lost: int, jitter: float):
        inbound = stats_pb2.RtcStats()
        inbound.inbound_rtp.inbound.bytes_received = bytes_in
        inbound.inbound_rtp.received.packets_received = received
        inbound.inbound_rtp.received.packets_lost = lost
        inbound.inbound_rtp.received.jitter = jitter
        outbound = stats_pb2.RtcStats()
        outbound.outbound_rtp.sent.bytes_sent = bytes_out
        return SimpleNamespace(subscriber_stats=[inbound], publisher_stats=[outbound])

    samples = [sample_from(stats(0, 0, 0, 0, 0.010), at=0.0),
               sample_from(stats(100_000, 50_000, 990, 10, 0.020), at=10.0)]
    assert summarise_samples(samples) == {"bandwidth_in_kbps": 80.0,
                                          "bandwidth_out_kbps": 40.0,
                                          "packet_loss_pct": 1.0, "jitter_ms": 15.0}
    assert summarise_samples([])["bandwidth_in_kbps"] is None
    phone = SimpleNamespace(attributes={}, kind=rtc.ParticipantKind.PARTICIPANT_KIND_SIP)
    assert device_info(phone) == {"platform": "sip", "os": None, "browser": None, "sdk": None}
    browser = SimpleNamespace(attributes={"browser": "Chrome 131"}, kind=0)
    assert device_info(browser)["browser"] == "Chrome 131"


def test_providers_come_from_the_environment() -> None:
    assert ModelChoice.from_environment({}).providers == {
        "llm": "openai/gpt-4o-mini", "stt": "deepgram/nova-3", "tts": "cartesia/sonic-2"}
    chosen = ModelChoice.from_environment({"VOICE_STT": "openai", "VOICE_TTS": "openai",
                                           "VOICE_LLM_MODEL": "gpt-4.1-mini"})
    assert chosen.providers == {"llm": "openai/gpt-4.1-mini",
                                "stt": "openai/gpt-4o-mini-transcribe",
                                "tts": "openai/gpt-4o-mini-tts"}
    with pytest.raises(ValueError, match="VOICE_TTS"):
        ModelChoice.from_environment({"VOICE_TTS": "elevenlabs"})


def test_session_ids_fit_the_contract() -> None:
    assert session_id_for("trial room #7", "AJ_abc") == "trial-room-7:AJ_abc"
    assert session_id_for(None, None).startswith("session-")
    assert len(session_id_for("r" * 200, "job")) == 128


def test_the_calls_record_reaches_pubsub_with_the_contract_attributes(
        record: dict, emulator, tmp_path: Path) -> None:
    """The scripted call's record, published by the real publisher to the emulator."""
    from google.cloud import pubsub_v1

    from agent.publisher import SessionPublisher
    from pipeline.emulator import create_resources
    from schemas.validation import validate_payload

    resources = create_resources(emulator.host, prefix="agent-call")
    outcome = SessionPublisher(resources.topic, spool_dir=tmp_path / "spool").publish(record)
    assert outcome.status == "published"
    subscriber = pubsub_v1.SubscriberClient()
    response = subscriber.pull(subscription=resources.subscription, max_messages=10, timeout=30)
    [received] = response.received_messages
    message = received.message
    assert validate_payload(message.data).ok
    assert json.loads(message.data) == record
    assert dict(message.attributes) | {"published_at": "-"} == {
        "session_id": record["session"]["session_id"], "schema_version": "1.0",
        "agent_version": record["session"]["agent_version"],
        "event_type": "session_completed", "published_at": "-"}
