"""Amplitude events of one stored session, named and shaped as spec section 5 says.

Pure functions returning HTTP API event bodies. Every event has a deterministic insert_id,
`<session_id>:<event_type>:<index>`, so a redelivered session's events are dropped by
Amplitude as repeats. The user is the caller's email; calls without one are tracked by the
participant as device. User properties are `$set` from the warehouse's lead row (merged over
every call, total_calls counted), never incremented, so a repeat cannot inflate them.
"""

from datetime import date, datetime
from typing import Any

from pipeline.rows import StoredSession, engagement_score
from pipeline.salesforce.payloads import caller_email
from transforms.features import features_discussed

Event = dict[str, Any]
PLATFORM = "Voice Agent"
IDENTIFY = "$identify"


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _clean(properties: dict[str, Any]) -> dict[str, Any]:
    """Without unknown values: Amplitude keeps a missing property apart from a null one."""
    return {k: v for k, v in properties.items() if v is not None}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def session_events(stored: StoredSession) -> list[Event]:
    """Spec 5.1, 5.3, 5.4, 5.5, in that order; 5.2 is `identify_event`."""
    record, analysis = stored.record, stored.analysis
    session, sid = record.session, record.session_id
    bookings, searches = record.bookings(), record.searches()
    identity = {"user_id": caller_email(stored), "device_id": session.participant_id,
                "session_id": _ms(session.start_time), "app_version": session.agent_version,
                "platform": PLATFORM}
    events: list[Event] = []

    def add(event_type: str, index: int, moment: datetime, properties: dict) -> None:
        events.append(_clean({**identity, "event_type": event_type, "time": _ms(moment),
                              "insert_id": f"{sid}:{event_type}:{index}",
                              "event_properties": _clean({**properties, "session_id": sid})}))

    add("voice_trial_session_completed", 0, session.end_time, {
        "duration_seconds": session.duration_seconds,
        "turn_count": len(record.transcript),
        "qualification_tier": analysis.lead_score.tier,
        "engagement_score": engagement_score(analysis),
        "sentiment": analysis.sentiment.overall,
        "meeting_booked": any(b.success for b in bookings),
        "tool_calls_count": len(record.tool_calls),
    })
    for index, search in enumerate(searches):
        add("knowledge_base_searched", index, search.timestamp, {
            "query": search.query, "results_found": search.results_found,
            "total_results": search.total_results, "category": search.category})
    for index, booking in enumerate(bookings):
        meeting_time = (f"{booking.preferred_date.isoformat()}T{booking.preferred_time}"
                        if booking.preferred_date and booking.preferred_time else None)
        add("sales_meeting_booked", index, booking.timestamp, {
            "meeting_time": meeting_time, "preferred_date": _plain(booking.preferred_date),
            "preferred_time": booking.preferred_time, "success": booking.success,
            "qualification_tier": analysis.lead_score.tier})
    turns = {t.index: t for t in record.transcript}
    for index, feature in enumerate(features_discussed(record)):
        turn = turns.get(feature.turn_index)
        add("feature_discussed", index, turn.start_time if turn else session.end_time, {
            "feature_name": feature.feature_name, "interest_level": feature.interest_level,
            "context": feature.context})
    quality, perf = analysis.quality, analysis.performance
    add("conversation_quality_measured", 0, session.end_time, {
        "quality_score": quality.quality_score, "turn_balance": quality.turn_balance_ratio,
        "interruption_count": quality.interruption_count,
        "dead_air_percentage": quality.dead_air_percentage,
        "natural_ending": quality.natural_ending})
    add("latency_measured", 0, session.end_time, {
        "avg_latency_ms": perf.avg_latency_ms, "p95_latency_ms": perf.p95_latency_ms,
        "max_latency_ms": perf.max_latency_ms,
        "avg_llm_ttft_ms": perf.stages["llm_ttft"].avg_ms if "llm_ttft" in perf.stages
        else None,
        "avg_tts_ttfb_ms": perf.stages["tts_ttfb"].avg_ms if "tts_ttfb" in perf.stages
        else None,
        "total_tokens": perf.tokens.total_tokens})
    return events


def identify_event(stored: StoredSession) -> Event | None:
    """Spec 5.2: the caller's user properties, from the warehouse's lead row."""
    lead, email = stored.lead, caller_email(stored)
    if not lead or not email:
        return None
    properties = _clean({
        "team_size": lead.get("team_size"), "monthly_volume": lead.get("monthly_volume"),
        "industry": lead.get("industry"), "location": lead.get("location"),
        "qualification_tier": lead.get("qualification_tier"),
        "lead_score": lead.get("lead_score"),
        "last_call_date": _plain(lead.get("last_call_date")),
        "total_calls": lead.get("total_calls"),
    })
    return {"event_type": IDENTIFY, "user_id": email,
            "device_id": stored.record.session.participant_id,
            "time": _ms(stored.record.session.end_time),
            "insert_id": f"{stored.session_id}:{IDENTIFY}:0",
            "user_properties": {"$set": properties}}


def all_events(stored: StoredSession) -> list[Event]:
    identify = identify_event(stored)
    return session_events(stored) + ([identify] if identify else [])
