"""The retention rules of spec 8.2, defined once; `sql` renders them for DuckDB and BigQuery.

A year is 365 days. Ages count from the call (`start_time`) for transcripts and analysis, so a
re-analysis does not restart the clock. "Non-qualified" means `sessions.qualification_tier =
'tier_3'`; a call with no tier yet is left alone.

Two tables are additions to the spec's six, defined here rather than in `schemas.tables` as
they belong to retention: `metrics_hourly` (rollups of metrics older than a year, kept five
years) and `retention_runs` (counts per rule of every run, an audit trail). `pii_redactions`
records which analysis_results rows were redacted (that table has no flag column).
"""

from dataclasses import dataclass
from typing import Literal

from schemas.tables import Column, Table

Action = Literal["redact", "archive", "delete", "rollup"]
YEAR = 365


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    action: Action
    after_days: int
    why: str
    age_column: str = "start_time"
    tier_3_only: bool = False  # only calls whose lead did not qualify
    in_archive: bool = False  # acts on the archived copy (cold storage), not the hot table
    target: str | None = None  # the rollup table


RULES: tuple[Rule, ...] = (
    Rule("analysis_pii_redact", "analysis_results", "redact", 30,
         "analysis kept indefinitely, PII redacted after 30 days for non-qualified leads",
         tier_3_only=True),
    Rule("transcripts_pii_redact", "transcripts", "redact", 30,
         "transcript PII redacted after 30 days for non-qualified leads", tier_3_only=True),
    Rule("transcripts_archive", "transcripts", "archive", 90,
         "transcripts 90 days in hot storage, then cold storage"),
    Rule("transcripts_archive_delete", "transcripts", "delete", 2 * YEAR,
         "archived transcripts deleted after 2 years", in_archive=True),
    Rule("metrics_rollup", "metrics", "rollup", YEAR,
         "metrics at full granularity 1 year, then hourly rollups",
         age_column="timestamp", target="metrics_hourly"),
    Rule("metrics_hourly_delete", "metrics_hourly", "delete", 5 * YEAR,
         "hourly rollups kept 5 years", age_column="hour"),
    Rule("alerts_archive", "alerts_history", "archive", YEAR,
         "alerts 1 year in the active table, then cold storage", age_column="triggered_at"),
    Rule("alerts_archive_delete", "alerts_history", "delete", 3 * YEAR,
         "archived alerts deleted after 3 years", age_column="triggered_at", in_archive=True),
)


def _c(name: str, type_, description: str, required: bool = False) -> Column:
    return Column(name, type_, description, mode="REQUIRED" if required else "NULLABLE",
                  extra=True)


# Sums and counts rather than averages, so a late raw row merges into its hour exactly
# (p95 and max are taken as the greater of the two, an upper bound).
METRICS_HOURLY = Table(
    name="metrics_hourly",
    description="Addition: hourly rollups of metrics older than 1 year; kept 5 years.",
    primary_key=("hour", "metric_type", "agent_version"),
    partition_field="hour",
    columns=(
        _c("hour", "TIMESTAMP", "Start of the hour (UTC).", True),
        _c("metric_type", "STRING", "As in metrics.", True),
        _c("agent_version", "STRING", "Agent build; '' when unknown.", True),
        _c("turns", "INTEGER", "Agent turns rolled up.", True),
        _c("excluded_turns", "INTEGER", "Turns kept out of latency figures.", True),
        _c("latency_turns", "INTEGER", "Turns with a total latency counted.", True),
        _c("total_latency_ms_sum", "FLOAT", "Sum of total_latency_ms of counted turns."),
        _c("total_latency_ms_max", "FLOAT", "Largest counted total_latency_ms."),
        _c("total_latency_ms_p95", "FLOAT", "95th percentile of counted turns in the hour."),
        _c("eou_delay_ms_sum", "FLOAT", "Sum over counted turns."),
        _c("llm_ttft_ms_sum", "FLOAT", "Sum over counted turns."),
        _c("tts_ttfb_ms_sum", "FLOAT", "Sum over counted turns."),
        _c("prompt_tokens", "INTEGER", "Sum."),
        _c("completion_tokens", "INTEGER", "Sum."),
        _c("total_tokens", "INTEGER", "Sum."),
        _c("stt_audio_duration_ms", "FLOAT", "Sum."),
        _c("tts_characters_count", "INTEGER", "Sum."),
        _c("tts_audio_duration_ms", "FLOAT", "Sum."),
        _c("created_at", "TIMESTAMP", "When the rollup was (last) written.", True),
    ),
)

RETENTION_RUNS = Table(
    name="retention_runs",
    description="Addition: what each retention run changed, per rule.",
    primary_key=("run_id", "rule"),
    partition_field="ran_at",
    columns=(
        _c("run_id", "STRING", "One id per run.", True),
        _c("rule", "STRING", "Rule name (pipeline.retention.rules).", True),
        _c("table_name", "STRING", "Table the rule acts on.", True),
        _c("action", "STRING", "redact, archive, delete or rollup.", True),
        _c("as_of", "DATE", "The date ages were counted to.", True),
        _c("rows_affected", "INTEGER", "Rows the rule changed.", True),
        _c("ran_at", "TIMESTAMP", "When it ran.", True),
    ),
)

PII_REDACTIONS = Table(
    name="pii_redactions",
    description="Addition: rows redacted by retention in tables without a pii_redacted flag.",
    primary_key=("table_name", "row_key"),
    columns=(
        _c("table_name", "STRING", "e.g. analysis_results.", True),
        _c("row_key", "STRING", "The row's primary key.", True),
        _c("redacted_at", "TIMESTAMP", "When.", True),
    ),
)

ADDED_TABLES = (METRICS_HOURLY, RETENTION_RUNS, PII_REDACTIONS)
