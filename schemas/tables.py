"""The six warehouse tables of the spec (section 8.1), defined once.

BigQuery table resources (`schemas/bigquery/*.json`, via `schemas.bigquery_schema`) and DuckDB
DDL (`schemas.duckdb_ddl`) are rendered from these definitions; Terraform and LookML checks read
the JSON files. Columns beyond the spec's are marked `extra=True` and say why they exist.
"""

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["STRING", "INTEGER", "FLOAT", "BOOLEAN", "TIMESTAMP", "DATE", "JSON"]
Mode = Literal["NULLABLE", "REQUIRED", "REPEATED"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    mode: Mode = "NULLABLE"
    extra: bool = False  # not named by the spec; added for filters, joins or retention
    pii: bool = False  # personal data: redacted by the retention policy


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    partition_field: str | None = None
    clustering: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(col.name for col in self.columns)


def _req(name: str, type_: ColumnType, description: str, **kw) -> Column:
    return Column(name, type_, description, mode="REQUIRED", **kw)


def _opt(name: str, type_: ColumnType, description: str, **kw) -> Column:
    return Column(name, type_, description, **kw)


def _list(name: str, type_: ColumnType, description: str, **kw) -> Column:
    return Column(name, type_, description, mode="REPEATED", **kw)


SESSIONS = Table(
    name="sessions",
    description="Fact table: one row per call.",
    primary_key=("session_id",),
    partition_field="start_time",
    clustering=("qualification_tier", "industry", "sentiment", "agent_version"),
    columns=(
        _req("session_id", "STRING", "Unique id of the call (session.session_id)."),
        _req("start_time", "TIMESTAMP", "When the call started."),
        _req("end_time", "TIMESTAMP", "When the call ended."),
        _req("duration_seconds", "FLOAT", "Call length in seconds."),
        _req("participant_id", "STRING", "LiveKit participant id of the caller."),
        _opt("user_email", "STRING", "Caller's email when known.", pii=True),
        _opt("user_name", "STRING", "Caller's name when known.", pii=True),
        _req("turn_count", "INTEGER", "Transcript turns, both sides."),
        _req("interruption_count", "INTEGER", "Turns cut off by the other side."),
        _opt("qualification_tier", "STRING", "Lead tier: tier_1 (hot), tier_2, tier_3."),
        _opt("lead_score", "FLOAT", "Weighted lead score, 0-100."),
        _opt("engagement_score", "FLOAT", "Caller engagement, 0-100."),
        _opt("sentiment", "STRING", "Caller's overall sentiment: positive, neutral, negative."),
        _req("meeting_booked", "BOOLEAN", "A sales meeting was booked successfully."),
        _req("created_at", "TIMESTAMP", "When the pipeline wrote the row."),
        _req("agent_version", "STRING", "Agent build that took the call (dashboard filter).",
             extra=True),
        _req("schema_version", "STRING", "Contract version of the session record.", extra=True),
        _opt("end_reason", "STRING", "Why the call ended, as the agent saw it.", extra=True),
        _opt("industry", "STRING", "Caller's industry id (dashboard filter).", extra=True),
        _opt("call_outcome", "STRING", "Outcome id from the executive summary.", extra=True),
        _opt("quality_score", "FLOAT", "Conversation quality, 0-100.", extra=True),
        _opt("avg_latency_ms", "FLOAT", "Mean caller-perceived latency, ms.", extra=True),
        _opt("p95_latency_ms", "FLOAT", "95th percentile caller-perceived latency, ms.",
             extra=True),
        _opt("total_tokens", "INTEGER", "LLM tokens used in the call.", extra=True),
        _opt("cost_usd", "FLOAT", "Provider cost of the call in US dollars.", extra=True),
        _req("tool_calls_count", "INTEGER", "Tool calls the agent made.", extra=True),
        _opt("connection_quality", "STRING", "LiveKit quality level of the caller's link.",
             extra=True),
        _list("validation_warnings", "STRING", "Semantic warnings the record carried.",
              extra=True),
    ),
)

TRANSCRIPTS = Table(
    name="transcripts",
    description="Text data: the conversation of each call. Restricted access; PII redacted "
                "after 30 days for tier_3 leads.",
    primary_key=("session_id",),
    partition_field="start_time",
    clustering=("session_id",),
    columns=(
        _req("session_id", "STRING", "The call."),
        _req("transcript_json", "JSON", "The transcript array as the agent recorded it.",
             pii=True),
        _req("transcript_text", "STRING", "Readable text, one 'role: text' line per turn.",
             pii=True),
        _req("word_count", "INTEGER", "Words spoken, both sides."),
        _req("created_at", "TIMESTAMP", "When the pipeline wrote the row."),
        _req("start_time", "TIMESTAMP", "When the call started: partitions by call date so "
             "retention counts from the call.", extra=True),
        _req("pii_redacted", "BOOLEAN", "PII has been redacted by the retention job.",
             extra=True),
        _req("session_record", "JSON", "The whole session record as received, for "
             "re-analysis with a newer analyzer (voice-analytics reanalyze).", extra=True,
             pii=True),
    ),
)

METRICS = Table(
    name="metrics",
    description="Time series: one row per agent turn with LiveKit's built-in metrics.",
    primary_key=("id",),
    partition_field="timestamp",
    clustering=("session_id", "metric_type"),
    columns=(
        _req("id", "STRING", "session_id:turn_index, stable across redeliveries."),
        _req("session_id", "STRING", "The call."),
        _req("timestamp", "TIMESTAMP", "When the agent turn started."),
        _req("metric_type", "STRING", "Kind of row; 'agent_turn' for per-turn metrics."),
        _opt("eou_delay_ms", "FLOAT", "End-of-utterance delay, ms."),
        _opt("llm_ttft_ms", "FLOAT", "LLM time to first token, ms."),
        _opt("tts_ttfb_ms", "FLOAT", "TTS time to first byte, ms."),
        _opt("total_latency_ms", "FLOAT", "What the caller waited: end of speech to first "
             "agent audio, ms."),
        _opt("prompt_tokens", "INTEGER", "LLM prompt tokens."),
        _opt("completion_tokens", "INTEGER", "LLM completion tokens."),
        _opt("total_tokens", "INTEGER", "LLM tokens, prompt plus completion."),
        _opt("stt_duration_ms", "FLOAT", "Speech-to-text processing time, ms."),
        _req("created_at", "TIMESTAMP", "When the pipeline wrote the row."),
        _req("turn_index", "INTEGER", "Index of the agent turn in the transcript.", extra=True),
        _opt("stt_audio_duration_ms", "FLOAT", "Caller audio transcribed, ms.", extra=True),
        _opt("tts_characters_count", "INTEGER", "Characters synthesised.", extra=True),
        _opt("tts_audio_duration_ms", "FLOAT", "Agent audio synthesised, ms.", extra=True),
        _opt("agent_version", "STRING", "Agent build (dashboard filter).", extra=True),
        _opt("excluded_reason", "STRING", "Why this turn is kept out of latency percentiles "
             "(interrupted, impossible value), or null.", extra=True),
    ),
)

LEADS = Table(
    name="leads",
    description="Dimension table: one row per caller email, merged on every call.",
    primary_key=("email",),
    clustering=("qualification_tier", "industry"),
    columns=(
        _req("email", "STRING", "Caller's email (the key).", pii=True),
        _opt("name", "STRING", "Caller's name.", pii=True),
        _req("latest_session_id", "STRING", "The caller's most recent call."),
        _opt("team_size", "INTEGER", "People who would use the product."),
        _opt("monthly_volume", "INTEGER", "Documents a month."),
        _list("integration_needs", "STRING", "Integration ids the caller needs."),
        _opt("industry", "STRING", "Industry id."),
        _opt("location", "STRING", "Where the caller is, as said."),
        _opt("use_case", "STRING", "Use case category id."),
        _opt("current_tool", "STRING", "Competitor or current tool id used today."),
        _list("pain_points", "STRING", "Pain points in the caller's words."),
        _opt("decision_timeline", "STRING", "Decision timeline id."),
        _opt("budget_authority", "STRING", "Budget authority id."),
        _opt("urgency", "STRING", "high, medium, low or unknown."),
        _opt("qualification_tier", "STRING", "Latest lead tier."),
        _opt("lead_score", "FLOAT", "Latest lead score, 0-100."),
        _req("first_call_date", "TIMESTAMP", "Start of the caller's first call."),
        _req("last_call_date", "TIMESTAMP", "Start of the caller's latest call."),
        _req("total_calls", "INTEGER", "Distinct calls from this email."),
        _req("updated_at", "TIMESTAMP", "When the row was last merged."),
    ),
)

ANALYSIS_RESULTS = Table(
    name="analysis_results",
    description="Processed intelligence: the nine analyzer reports of each call.",
    primary_key=("session_id",),
    partition_field="analyzed_at",
    clustering=("session_id",),
    columns=(
        _req("session_id", "STRING", "The call."),
        _req("sales_intelligence", "JSON", "Sales intelligence report."),
        _req("lead_score_breakdown", "JSON", "Lead score report: components and reasons."),
        _req("quality_analysis", "JSON", "Conversation quality report."),
        _req("sentiment_analysis", "JSON", "Sentiment report."),
        _req("objections", "JSON", "Objections with their quotes."),
        _req("competitors", "JSON", "Competitor mentions with their stance and quotes."),
        _req("performance_analysis", "JSON", "Latency, tokens, cost and anomalies."),
        _req("content_gaps", "JSON", "Failed searches, unanswered and repeated questions."),
        _req("action_items", "JSON", "Action items with owners and dates."),
        _req("executive_summary", "JSON", "Outcome, takeaways, risks, next action."),
        _req("analyzed_at", "TIMESTAMP", "When the analysis ran."),
        _req("analyzer_version", "STRING", "Version of the analyzers that produced it."),
    ),
)

ALERTS_HISTORY = Table(
    name="alerts_history",
    description="Audit log: every alert raised and where it went.",
    primary_key=("id",),
    partition_field="triggered_at",
    clustering=("severity", "alert_type"),
    columns=(
        _req("id", "STRING", "Alert id, stable for the same condition and window."),
        _req("alert_type", "STRING", "operational, business, quality or executive."),
        _req("alert_name", "STRING", "e.g. 'Hot Lead Detected', 'Error Rate > 10%'."),
        _req("severity", "STRING", "P1, P2, P3, business_critical or executive."),
        _req("message", "STRING", "What was sent."),
        _opt("context", "JSON", "The figures behind the alert."),
        _opt("session_id", "STRING", "The call, for per-call alerts."),
        _req("triggered_at", "TIMESTAMP", "When the condition was detected."),
        _list("sent_to", "STRING", "Destinations: pagerduty, slack:#ops, email:..."),
        _opt("acknowledged_at", "TIMESTAMP", "When someone acknowledged it."),
        _opt("acknowledged_by", "STRING", "Who acknowledged it."),
        _opt("resolved_at", "TIMESTAMP", "When the condition cleared."),
        _opt("rule", "STRING", "The rule's key in the alert config, e.g. 'hot_lead'; "
             "PagerDuty's dedup_key for a condition.", extra=True),
        _opt("delivery_status", "STRING", "sent, outbox (no destination configured), "
             "failed (after retries) or held (cooldown or flapping).", extra=True),
        _opt("delivery_error", "STRING", "Why a delivery failed.", extra=True),
    ),
)

# What a later delivery of the same alert may change; acknowledgement and resolution stay.
ALERT_DELIVERY_COLUMNS = ("message", "context", "sent_to", "delivery_status", "delivery_error")

TABLES: tuple[Table, ...] = (
    SESSIONS, TRANSCRIPTS, METRICS, LEADS, ANALYSIS_RESULTS, ALERTS_HISTORY
)
TABLES_BY_NAME = {table.name: table for table in TABLES}
