"""Warehouse rows of one analysed session, for every table of `schemas/tables.py`.

Pure functions, no I/O: the sinks (DuckDB, BigQuery) write what these return. Every row's keys
are exactly its table's columns (a test holds them to the definitions). JSON columns carry
JSON text; timestamps are ISO 8601 strings in UTC, which both warehouses parse.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from schemas.analysis import AnalysisResult
from schemas.session_record import SessionRecord
from schemas.tables import TABLES_BY_NAME
from transforms.performance import excluded_turns

Row = dict[str, Any]


@dataclass(frozen=True)
class SessionRows:
    """Every row one session contributes, written together (one transaction locally)."""

    session_id: str
    tables: dict[str, list[Row]] = field(default_factory=dict)
    lead: Row | None = None  # merged into `leads`, never appended
    record: SessionRecord | None = field(default=None, compare=False)  # for a dead letter
    analysis: AnalysisResult | None = field(default=None, compare=False)  # for later sinks


@dataclass(frozen=True)
class StoredSession:
    """A session the warehouse holds, for the sinks after it (Salesforce, Amplitude, alerts):
    its record, its analysis, and its caller's `leads` row as stored (merged over every call,
    total calls counted), or None without an email."""

    record: SessionRecord
    analysis: AnalysisResult
    lead: Row | None = None

    @property
    def session_id(self) -> str:
        return self.record.session_id


def rows_to_write(batch: list[SessionRows]) -> tuple[dict[str, list[Row]], list[Row]]:
    """A batch as one list of rows per table, each key once (the later row wins), and one
    lead per email: the newest call's signals with the earliest first call. Both warehouses
    write what this returns, so a key twice in one statement never reaches them."""
    by_table: dict[str, dict[tuple, Row]] = {}
    for session in batch:
        for name, rows in session.tables.items():
            keys = TABLES_BY_NAME[name].primary_key
            target = by_table.setdefault(name, {})
            for row in rows:
                target[tuple(row[k] for k in keys)] = row
    leads: dict[str, Row] = {}
    for lead in sorted((s.lead for s in batch if s.lead), key=lambda r: r["last_call_date"]):
        earlier = leads.get(lead["email"])
        leads[lead["email"]] = lead if earlier is None else {
            **lead, "first_call_date": min(earlier["first_call_date"], lead["first_call_date"])}
    return {name: list(rows.values()) for name, rows in by_table.items()}, list(leads.values())


def _ts(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="microseconds") if moment else None


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def session_rows(record: SessionRecord, analysis: AnalysisResult,
                 now: datetime | None = None) -> SessionRows:
    created = _ts(now or datetime.now(UTC))
    return SessionRows(
        session_id=record.session_id,
        tables={
            "sessions": [sessions_row(record, analysis, created)],
            "transcripts": [transcripts_row(record, created)],
            "metrics": metrics_rows(record, created),
            "analysis_results": [analysis_row(analysis)],
        },
        lead=lead_row(record, analysis, created),
        record=record,
        analysis=analysis,
    )


def sessions_row(record: SessionRecord, analysis: AnalysisResult, created: str) -> Row:
    session, lead, perf = record.session, analysis.lead_score, analysis.performance
    return {
        "session_id": session.session_id,
        "start_time": _ts(session.start_time),
        "end_time": _ts(session.end_time),
        "duration_seconds": session.duration_seconds,
        "participant_id": session.participant_id,
        "user_email": session.user_email,
        "user_name": session.user_name,
        "turn_count": len(record.transcript),
        "interruption_count": analysis.quality.interruption_count,
        "qualification_tier": lead.tier,
        "lead_score": lead.total,
        "engagement_score": engagement_score(analysis),
        "sentiment": analysis.sentiment.overall,
        "meeting_booked": any(b.success for b in record.bookings()),
        "created_at": created,
        "agent_version": session.agent_version,
        "schema_version": record.schema_version,
        "end_reason": session.end_reason,
        "industry": analysis.sales_intelligence.industry,
        "call_outcome": analysis.executive_summary.call_outcome,
        "quality_score": analysis.quality.quality_score,
        "avg_latency_ms": perf.avg_latency_ms,
        "p95_latency_ms": perf.p95_latency_ms,
        "total_tokens": perf.tokens.total_tokens,
        "cost_usd": perf.cost_usd_total,
        "tool_calls_count": len(record.tool_calls),
        "connection_quality": (record.connection_quality.quality_level
                               if record.connection_quality else None),
        "validation_warnings": list(record._derived.get("validation_warnings", [])),
    }


def transcript_text(record: SessionRecord) -> str:
    return "\n".join(f"{t.role}: {t.text}" for t in record.transcript)


def engagement_score(analysis: AnalysisResult) -> float:
    """How much the caller engaged: the lead score's behavioral component on 0-100."""
    behavioral = analysis.lead_score.behavioral
    return round(100 * behavioral.score / behavioral.max_score, 1)


def transcripts_row(record: SessionRecord, created: str) -> Row:
    whole = record.model_dump(mode="json", exclude_unset=True)  # once, for both JSON columns
    return {
        "session_id": record.session_id,
        "transcript_json": _json(whole["transcript"]),
        "transcript_text": transcript_text(record),
        "word_count": sum(len(t.text.split()) for t in record.transcript),
        "created_at": created,
        "start_time": _ts(record.session.start_time),
        "pii_redacted": False,
        "session_record": _json(whole),
    }


def metrics_rows(record: SessionRecord, created: str) -> list[Row]:
    excluded = excluded_turns(record)
    rows, seen = [], set()
    for entry in record.metrics:
        if entry.turn_index in seen:  # a second entry for a turn: the first one counts
            continue
        seen.add(entry.turn_index)
        rows.append({
            "id": f"{record.session_id}:{entry.turn_index}",
            "session_id": record.session_id,
            "timestamp": _ts(entry.timestamp),
            "metric_type": "agent_turn",
            "eou_delay_ms": entry.eou_delay_ms,
            "llm_ttft_ms": entry.llm_ttft_ms,
            "tts_ttfb_ms": entry.tts_ttfb_ms,
            "total_latency_ms": entry.total_latency_ms,
            "prompt_tokens": entry.prompt_tokens,
            "completion_tokens": entry.completion_tokens,
            "total_tokens": entry.total_tokens,
            "stt_duration_ms": entry.stt_duration_ms,
            "created_at": created,
            "turn_index": entry.turn_index,
            "stt_audio_duration_ms": entry.stt_audio_duration_ms,
            "tts_characters_count": entry.tts_characters_count,
            "tts_audio_duration_ms": entry.tts_audio_duration_ms,
            "agent_version": record.session.agent_version,
            "excluded_reason": excluded.get(entry.turn_index),
        })
    return rows


def analysis_row(analysis: AnalysisResult) -> Row:
    dumped = analysis.model_dump(mode="json")
    return {
        "session_id": analysis.session_id,
        "sales_intelligence": _json(dumped["sales_intelligence"]),
        "lead_score_breakdown": _json(dumped["lead_score"]),
        "quality_analysis": _json(dumped["quality"]),
        "sentiment_analysis": _json(dumped["sentiment"]),
        "objections": _json(dumped["objections"]),
        "competitors": _json({"competitors": dumped["objections"]["competitors"],
                              "mentions": dumped["objections"]["competitor_mentions"]}),
        "performance_analysis": _json(dumped["performance"]),
        "content_gaps": _json(dumped["content_gaps"]),
        "action_items": _json(dumped["action_items"]),
        "executive_summary": _json(dumped["executive_summary"]),
        "analyzed_at": dumped["analyzed_at"],
        "analyzer_version": analysis.analyzer_version,
    }


def lead_row(record: SessionRecord, analysis: AnalysisResult, created: str) -> Row | None:
    """This call's view of the caller; the sink merges it (first/last date, total calls)."""
    email = (record.session.user_email or "").strip().lower()
    if not email:
        return None
    sales, started = analysis.sales_intelligence, _ts(record.session.start_time)
    return {
        "email": email,
        "name": record.session.user_name,
        "latest_session_id": record.session_id,
        "team_size": sales.team_size,
        "monthly_volume": sales.monthly_document_volume,
        "integration_needs": list(sales.integration_needs),
        "industry": sales.industry,
        "location": sales.location,
        "use_case": sales.use_case_category,
        "current_tool": sales.current_tool,
        "pain_points": [p.text for p in sales.pain_points],
        "decision_timeline": sales.decision_timeline,
        "budget_authority": sales.budget_authority,
        "urgency": sales.urgency,
        "qualification_tier": analysis.lead_score.tier,
        "lead_score": analysis.lead_score.total,
        "first_call_date": started,
        "last_call_date": started,
        "total_calls": 1,
        "updated_at": created,
    }
