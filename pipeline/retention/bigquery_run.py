"""Run the retention rules on BigQuery itself, from Python: the same SQL as the scheduled
queries (`sql.BigQuery`, with `as_of` for @run_date), plus the PII redaction that SQL cannot
do: candidate rows are read, redacted with `pipeline.pii` and written back through a staging
table and a MERGE, as `BigQueryWarehouse` writes. Idempotent like the DuckDB run.

Archiving exports rows to the GCS archive bucket (EXPORT DATA) before deleting them from the
hot table; with `export=False` (no GCS, e.g. on the local emulator) archive rules only count,
they never delete what was not exported. Deletion from cold storage is the bucket's lifecycle
rule, so those rules count nothing here.
"""

import logging
import uuid
from datetime import UTC, date, datetime
from typing import Any

import orjson

from pipeline.bigquery_warehouse import BigQueryWarehouse
from pipeline.pii import Redactor, names_in_analysis, names_in_record
from pipeline.retention.duckdb_run import RuleCount
from pipeline.retention.rules import ADDED_TABLES, PII_REDACTIONS, RETENTION_RUNS, RULES, Rule
from pipeline.retention.sql import (
    ANALYSIS_JSON,
    BigQuery,
    apply_sql,
    candidates_sql,
    count_sql,
    export_sql,
)

log = logging.getLogger(__name__)


class BigQueryRetention:
    def __init__(self, dataset: str, client: Any = None,
                 bucket: str = "voice-analytics-archive") -> None:
        """`dataset` is "PROJECT:DATASET" or "PROJECT.DATASET"."""
        self.warehouse = BigQueryWarehouse(dataset, client)
        self.dataset = f"{self.warehouse.project}.{self.warehouse.dataset}"
        self.bucket = bucket

    @property
    def client(self):
        return self.warehouse.client

    def _query(self, sql: str) -> list[dict]:
        return [dict(row.items()) for row in self.client.query(sql).result()]

    def _tables(self) -> set[str]:
        from google.api_core.exceptions import NotFound

        try:
            return {t.table_id for t in self.client.list_tables(self.d.dataset)}
        except NotFound:
            return set()

    def run(self, as_of: date, dry_run: bool = False, export: bool = True,
            redactor: Redactor | None = None) -> list[RuleCount]:
        """Apply (or, dry, only count) every rule as of `as_of`; returns rows per rule. The
        date is rendered as a literal, not bound as @run_date: statements run as one script
        (in a transaction), and the local emulator binds no parameters in scripts."""
        self.d = BigQuery(self.dataset, self.bucket, run_date=as_of)
        if not dry_run:
            self.warehouse.create_tables()
            for table in ADDED_TABLES:
                self.client.query(self.d.create(table)).result()
        known = self._tables()
        counts = []
        for rule in RULES:
            n = 0
            if not rule.in_archive and rule.table in known and (
                    not rule.tier_3_only or {"sessions", PII_REDACTIONS.name} <= known):
                n = self._query(count_sql(rule, self.d))[0]["n"]
            if n and not dry_run:
                if rule.action == "redact":
                    n = self._redact(rule, redactor or Redactor())
                elif rule.action == "archive":
                    if export:
                        self._query(export_sql(rule, self.d, as_of))
                        self._query(apply_sql(rule, self.d)[-1])  # the DELETE
                    else:
                        log.warning("retention %s: not exported (export off), nothing deleted",
                                    rule.name)
                        n = 0
                else:
                    self._query(_script(apply_sql(rule, self.d)))
            counts.append(RuleCount(rule, n))
            log.info("retention %s%s: %d rows", rule.name, " (dry run)" if dry_run else "", n)
        if not dry_run:
            self._record(as_of, counts)
        return counts

    def _redact(self, rule: Rule, redactor: Redactor) -> int:
        rows = self._query(candidates_sql(rule, self.d))
        if rule.table == "transcripts":
            staged = []
            for row in rows:
                record = _json(row["session_record"])
                known = names_in_record(record)
                staged.append({
                    "session_id": row["session_id"],
                    "transcript_json": _dump(redactor.redact_json(
                        _json(row["transcript_json"]), known)),
                    "transcript_text": redactor.redact(row["transcript_text"], known),
                    "session_record": _dump(redactor.redact_json(record, known))})
            columns = {"session_id": "STRING", "transcript_json": "JSON",
                       "transcript_text": "STRING", "session_record": "JSON"}
            self._merge(staged, columns, lambda s: (
                f"MERGE {self.d.ref('transcripts')} T USING `{s}` S "
                f"ON T.session_id = S.session_id WHEN MATCHED THEN UPDATE SET "
                f"transcript_json = S.transcript_json, transcript_text = S.transcript_text, "
                f"session_record = S.session_record, pii_redacted = TRUE"))
            return len(rows)
        staged = []
        for row in rows:
            sales = _json(row["sales_intelligence"])
            known = (names_in_record(_json(row["session_record"]))
                     | names_in_analysis(sales if isinstance(sales, dict) else None)
                     | ({row["user_name"]} if row["user_name"] else set()))
            staged.append({"session_id": row["session_id"], **{
                c: _dump(redactor.redact_json(_json(row[c]), known)) for c in ANALYSIS_JSON}})
        columns = {"session_id": "STRING", **dict.fromkeys(ANALYSIS_JSON, "JSON")}
        sets = ", ".join(f"{c} = S.{c}" for c in ANALYSIS_JSON)
        table = rule.table
        self._merge(staged, columns, lambda s: (
            f"MERGE {self.d.ref(table)} T USING `{s}` S ON T.session_id = S.session_id "
            f"WHEN MATCHED THEN UPDATE SET {sets};\n"
            f"MERGE {self.d.ref(PII_REDACTIONS.name)} P USING `{s}` S "
            f"ON P.table_name = '{table}' AND P.row_key = S.session_id "
            f"WHEN NOT MATCHED THEN INSERT (table_name, row_key, redacted_at) "
            f"VALUES ('{table}', S.session_id, CURRENT_TIMESTAMP())"))
        return len(rows)

    def _merge(self, rows: list[dict], columns: dict[str, str], sql) -> None:
        """Stage `rows`, then run `sql(staging)` (one script, in a transaction)."""
        from google.cloud.bigquery import SchemaField
        from google.cloud.bigquery import Table as BigQueryTable

        staging = f"{self.d.dataset}._staging_retention_{uuid.uuid4().hex[:12]}"
        self.client.create_table(BigQueryTable(staging, schema=[
            SchemaField(name, kind) for name, kind in columns.items()]))
        try:
            errors = self.client.insert_rows_json(staging, rows)
            if errors:
                raise ValueError(f"retention staging insert refused: {str(errors)[:300]}")
            self._query(_script(sql(staging).split(";\n")))
        finally:
            self.client.delete_table(staging, not_found_ok=True)

    def _record(self, as_of: date, counts: list[RuleCount]) -> None:
        run_id, now = uuid.uuid4().hex, datetime.now(UTC).isoformat()
        errors = self.client.insert_rows_json(
            f"{self.d.dataset}.{RETENTION_RUNS.name}",
            [{"run_id": run_id, "rule": c.rule.name, "table_name": c.rule.table,
              "action": c.rule.action, "as_of": as_of.isoformat(), "rows_affected": c.rows,
              "ran_at": now} for c in counts])
        if errors:
            raise ValueError(f"retention_runs insert refused: {str(errors)[:300]}")


def _script(statements: list[str]) -> str:
    if len(statements) == 1:
        return statements[0]
    return "BEGIN TRANSACTION;\n" + ";\n".join(statements) + ";\nCOMMIT TRANSACTION;"


def _json(text: str | None) -> object:
    return orjson.loads(text) if text else None


def _dump(value: object) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def run(dataset: str, as_of: date, dry_run: bool = False, client: Any = None,
        export: bool = True, bucket: str = "voice-analytics-archive",
        redactor: Redactor | None = None) -> list[RuleCount]:
    return BigQueryRetention(dataset, client, bucket).run(as_of, dry_run, export, redactor)
