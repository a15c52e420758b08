"""The retention rules as SQL, for DuckDB and for BigQuery: a small dialect layer (table
references, date arithmetic, hour truncation, percentiles, JSON as text, DDL) so each rule is
written once. Redaction needs Python (pipeline.pii), so for a `redact` rule SQL selects the
candidates and the executor writes back; BigQuery gets that SELECT for a Python job, not a
scheduled query.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.retention.rules import METRICS_HOURLY, RULES, Rule
from schemas.duckdb_ddl import create_table
from schemas.tables import Table

ANALYSIS_JSON = ("sales_intelligence", "lead_score_breakdown", "quality_analysis",
                 "sentiment_analysis", "objections", "competitors", "performance_analysis",
                 "content_gaps", "action_items", "executive_summary")
_BQ_TYPES = {"STRING": "STRING", "INTEGER": "INT64", "FLOAT": "FLOAT64", "BOOLEAN": "BOOL",
             "TIMESTAMP": "TIMESTAMP", "DATE": "DATE", "JSON": "JSON"}


@dataclass(frozen=True)
class DuckDB:
    """Local warehouse: `main` is the hot database, `archive` the attached cold one."""

    as_of: date

    def ref(self, table: str, archived: bool = False) -> str:
        return f"{'archive' if archived else 'main'}.{table}"

    def cutoff(self, days: int) -> str:
        # Computed here: DuckDB's TIMESTAMPTZ arithmetic needs the ICU extension, which
        # may not be installable offline. Midnight UTC, so hourly rollups never split an hour.
        return f"TIMESTAMPTZ '{(self.as_of - timedelta(days=days)).isoformat()} 00:00:00+00'"

    def hour(self, column: str) -> str:
        return f"CAST(date_trunc('hour', CAST({column} AS TIMESTAMP)) AS TIMESTAMPTZ)"

    def p95(self, expr: str) -> str:
        return f"quantile_cont({expr}, 0.95)"

    def json_text(self, column: str) -> str:
        return f"CAST({column} AS VARCHAR)"

    def create(self, table: Table, archived: bool = False) -> str:
        body = create_table(table)
        return body.replace(f"EXISTS {table.name} (", f"EXISTS {self.ref(table.name, archived)} (",
                            1)


@dataclass(frozen=True)
class BigQuery:
    """Production: `dataset` is PROJECT.DATASET; ages count to the scheduled query's
    @run_date; cold storage is a GCS bucket of the Archive class."""

    dataset: str = "voice-analytics-prod.voice_analytics"
    bucket: str = "voice-analytics-archive"
    run_date: date | None = None  # a literal date instead of @run_date (a Python job)

    def ref(self, table: str, archived: bool = False) -> str:
        if archived:
            raise ValueError("archived rows live in GCS, not a table")
        return f"`{self.dataset}.{table}`"

    def cutoff(self, days: int) -> str:
        run_date = f"DATE '{self.run_date.isoformat()}'" if self.run_date else "@run_date"
        return f"TIMESTAMP_SUB(TIMESTAMP({run_date}), INTERVAL {days} DAY)"

    def hour(self, column: str) -> str:
        return f"TIMESTAMP_TRUNC({column}, HOUR)"

    def p95(self, expr: str) -> str:
        return f"APPROX_QUANTILES({expr}, 100)[SAFE_OFFSET(95)]"

    def json_text(self, column: str) -> str:
        return f"TO_JSON_STRING({column})"

    def create(self, table: Table, archived: bool = False) -> str:
        cols = ",\n  ".join(
            f"{c.name} {_BQ_TYPES[c.type]}{' NOT NULL' if c.mode == 'REQUIRED' else ''}"
            for c in table.columns)
        part = f"\nPARTITION BY DATE({table.partition_field})" if table.partition_field else ""
        return f"CREATE TABLE IF NOT EXISTS {self.ref(table.name)} (\n  {cols}\n){part};"


Dialect = DuckDB | BigQuery


def predicate(rule: Rule, d: Dialect, alias: str = "") -> str:
    """Rows of `rule.table` the rule applies to; `alias` qualifies that table's columns."""
    a = f"{alias}." if alias else ""
    if rule.tier_3_only:
        done = (f"{a}pii_redacted = FALSE" if rule.table == "transcripts" else
                f"{a}session_id NOT IN (SELECT row_key FROM {d.ref('pii_redactions')} "
                f"WHERE table_name = '{rule.table}')")
        return (f"{done} AND {a}session_id IN (SELECT session_id FROM {d.ref('sessions')} "
                f"WHERE qualification_tier = 'tier_3' "
                f"AND start_time < {d.cutoff(rule.after_days)})")
    return f"{a}{rule.age_column} < {d.cutoff(rule.after_days)}"


def count_sql(rule: Rule, d: Dialect) -> str:
    return (f"SELECT count(*) AS n FROM {d.ref(rule.table, rule.in_archive)} "
            f"WHERE {predicate(rule, d)}")


def candidates_sql(rule: Rule, d: Dialect) -> str:
    """Rows to redact with what the redactor needs (JSON as text, the names the call knows)."""
    if rule.table == "transcripts":
        return (f"SELECT session_id, {d.json_text('transcript_json')} AS transcript_json, "
                f"transcript_text, {d.json_text('session_record')} AS session_record "
                f"FROM {d.ref('transcripts')} WHERE {predicate(rule, d)}")
    cols = ", ".join(f"{d.json_text('A.' + c)} AS {c}" for c in ANALYSIS_JSON)
    return (f"SELECT A.session_id, {cols}, S.user_name, "
            f"{d.json_text('T.session_record')} AS session_record "
            f"FROM {d.ref('analysis_results')} A "
            f"LEFT JOIN {d.ref('sessions')} S ON S.session_id = A.session_id "
            f"LEFT JOIN {d.ref('transcripts')} T ON T.session_id = A.session_id "
            f"WHERE {predicate(rule, d, 'A')}")


def _rollup_select(rule: Rule, d: Dialect) -> str:
    counted = "excluded_reason IS NULL"
    kept = f"CASE WHEN {counted} THEN total_latency_ms END"

    def total(col: str) -> str:
        return f"sum(CASE WHEN {counted} THEN {col} END) AS {col}_sum"

    return (
        f"SELECT {d.hour('timestamp')} AS hour, metric_type, "
        f"coalesce(agent_version, '') AS agent_version, count(*) AS turns, "
        f"sum(CASE WHEN {counted} THEN 0 ELSE 1 END) AS excluded_turns, "
        f"sum(CASE WHEN {counted} AND total_latency_ms IS NOT NULL THEN 1 ELSE 0 END) "
        f"AS latency_turns, {total('total_latency_ms')}, max({kept}) AS total_latency_ms_max, "
        f"{d.p95(kept)} AS total_latency_ms_p95, {total('eou_delay_ms')}, "
        f"{total('llm_ttft_ms')}, {total('tts_ttfb_ms')}, sum(prompt_tokens) AS prompt_tokens, "
        f"sum(completion_tokens) AS completion_tokens, sum(total_tokens) AS total_tokens, "
        f"sum(stt_audio_duration_ms) AS stt_audio_duration_ms, "
        f"sum(tts_characters_count) AS tts_characters_count, "
        f"sum(tts_audio_duration_ms) AS tts_audio_duration_ms, CURRENT_TIMESTAMP AS created_at "
        f"FROM {d.ref(rule.table)} WHERE {predicate(rule, d)} GROUP BY 1, 2, 3")


def _merged(col: str, old: str, new: str) -> str:
    """A rollup column merged with a late one for the same hour (null-safe)."""
    a, b = f"{old}.{col}", f"{new}.{col}"
    how = (f"GREATEST({a}, {b})" if col.endswith(("_max", "_p95")) else
           b if col == "created_at" else f"{a} + {b}")
    return f"{col} = CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} ELSE {how} END"


def _export(rule: Rule, d: BigQuery, run_date: str) -> str:
    return (f"EXPORT DATA OPTIONS (uri = 'gs://{d.bucket}/{rule.table}/run_date={run_date}/"
            f"*.parquet', format = 'PARQUET', overwrite = true) AS "
            f"SELECT * FROM {d.ref(rule.table)} WHERE {predicate(rule, d)}")


def export_sql(rule: Rule, d: BigQuery, run_date: date) -> str:
    """An archive rule's EXPORT DATA with the run date in its URI, for a Python job (a
    scheduled query builds the URI from @run_date with EXECUTE IMMEDIATE instead)."""
    return _export(rule, d, run_date.isoformat())


def apply_sql(rule: Rule, d: Dialect) -> list[str]:
    """Statements that apply an archive, delete or rollup rule (redaction is Python's)."""
    where = predicate(rule, d)
    source = d.ref(rule.table, rule.in_archive)
    if rule.action == "delete":
        return [f"DELETE FROM {source} WHERE {where}"]
    if rule.action == "archive":
        if isinstance(d, DuckDB):
            copy = (f"INSERT OR REPLACE INTO {d.ref(rule.table, True)} "
                    f"SELECT * FROM {source} WHERE {where}")
        else:
            inner = _export(rule, d, "%s")
            copy = (f'EXECUTE IMMEDIATE FORMAT("""{inner}""", CAST(@run_date AS STRING)) '
                    f"USING @run_date AS run_date")
        return [copy, f"DELETE FROM {source} WHERE {where}"]
    if rule.action == "rollup":
        columns = [c.name for c in METRICS_HOURLY.columns]
        keys = METRICS_HOURLY.primary_key
        target = d.ref(METRICS_HOURLY.name)
        if isinstance(d, DuckDB):
            updates = ", ".join(_merged(c, METRICS_HOURLY.name, "excluded") for c in columns
                                if c not in keys)
            merge = (f"INSERT INTO {target} ({', '.join(columns)}) {_rollup_select(rule, d)} "
                     f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}")
        else:
            updates = ", ".join(_merged(c, "H", "S") for c in columns if c not in keys)
            on = " AND ".join(f"H.{k} = S.{k}" for k in keys)
            merge = (f"MERGE {target} H USING ({_rollup_select(rule, d)}) S ON {on} "
                     f"WHEN MATCHED THEN UPDATE SET {updates} "
                     f"WHEN NOT MATCHED THEN INSERT ({', '.join(columns)}) "
                     f"VALUES ({', '.join('S.' + c for c in columns)})")
        return [merge, f"DELETE FROM {source} WHERE {where}"]
    raise ValueError(f"{rule.name}: {rule.action} runs in Python (pipeline.retention)")


def bigquery_script(d: BigQuery) -> str:
    """Every rule for BigQuery scheduled queries (parameter @run_date), with notes on the
    parts that are not SQL: redaction (a Python job) and deletion from cold storage (a GCS
    lifecycle rule on the archive bucket)."""
    from pipeline.retention.rules import ADDED_TABLES

    out = ["-- voice-analytics retention, BigQuery (spec 8.2). Scheduled daily; @run_date is "
           "the scheduled query's run date.", "-- Added tables:"]
    out += [d.create(t) for t in ADDED_TABLES]
    for rule in RULES:
        out.append(f"\n-- rule {rule.name}: {rule.why}")
        if rule.action == "redact":
            out.append("-- PII redaction runs in Python (pipeline.pii), not as a scheduled "
                       "query: candidates are")
            out.append(candidates_sql(rule, d) + ";")
        elif rule.in_archive:
            archive = next(r for r in RULES if r.table == rule.table and r.action == "archive")
            out.append(f"-- GCS lifecycle rule on gs://{d.bucket}/{rule.table}/: delete "
                       f"objects older than {rule.after_days - archive.after_days} days "
                       f"(rows are at least {archive.after_days} days old when exported).")
        else:
            out.append("BEGIN TRANSACTION;" if rule.action == "rollup" else "")
            out += [s + ";" for s in apply_sql(rule, d)]
            if rule.action == "rollup":
                out.append("COMMIT TRANSACTION;")
    return "\n".join(line for line in out if line) + "\n"
