"""The production warehouse: BigQuery, written so that redelivery never doubles a row.

Each batch goes to a staging table per target (streaming inserts) and is merged into the
target on its primary key (`MERGE ... WHEN MATCHED UPDATE ... WHEN NOT MATCHED INSERT`); the
staging table is dropped after. Streaming inserts alone are not enough: their insertId
deduplication is best effort (and absent on the local emulator, where the same row id twice
gave two rows), and Beam's WriteToBigQuery assigns random insert ids. `leads` is merged as in
DuckDB: the newest call's signals, earliest first call, latest last call, and total_calls
counted from `sessions`. Same interface as `DuckDBWarehouse`, so the same sink, retries and
dead letters apply.
"""

import os
import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from pipeline.rows import SessionRows, rows_to_write
from schemas.bigquery_schema import table_resource
from schemas.tables import (
    ALERT_DELIVERY_COLUMNS,
    ALERTS_HISTORY,
    LEADS,
    TABLES,
    TABLES_BY_NAME,
    Table,
)

EMULATOR_ENV = "BIGQUERY_EMULATOR_HOST"  # e.g. http://127.0.0.1:9050
_LATEST = [c.name for c in LEADS.columns if c.name not in {
    "email", "first_call_date", "last_call_date", "total_calls", "updated_at"}]


class BigQueryWarehouse:
    def __init__(self, dataset: str, client: Any = None) -> None:
        """`dataset` is "PROJECT:DATASET" or "PROJECT.DATASET"."""
        self.project, _, self.dataset = dataset.replace(":", ".").partition(".")
        self._client = client

    @property
    def client(self):
        if self._client is None:
            from google.cloud import bigquery

            emulator = os.environ.get(EMULATOR_ENV)
            if emulator:  # like PUBSUB_EMULATOR_HOST: a local API, no credentials
                from google.api_core.client_options import ClientOptions
                from google.auth.credentials import AnonymousCredentials

                self._client = bigquery.Client(
                    project=self.project, credentials=AnonymousCredentials(),
                    client_options=ClientOptions(api_endpoint=emulator))
            else:
                self._client = bigquery.Client(project=self.project)
        return self._client

    def _ref(self, name: str) -> str:
        return f"{self.project}.{self.dataset}.{name}"

    def create_tables(self) -> None:
        """The tables, created if missing; columns defined since they were created are added."""
        from google.cloud.bigquery import SchemaField
        from google.cloud.bigquery import Table as BigQueryTable

        for table in TABLES:
            resource = table_resource(table)
            resource["tableReference"].update(projectId=self.project, datasetId=self.dataset)
            resource.pop("tableConstraints")  # declared for readers, not enforced by BigQuery
            wanted = BigQueryTable.from_api_repr(resource)
            current = self.client.create_table(wanted, exists_ok=True)
            known = {f.name for f in current.schema}
            added = [f for f in wanted.schema if f.name not in known]
            if added:  # columns defined since the table was created: nullable, appended
                current.schema = [*current.schema, *[
                    SchemaField.from_api_repr({**f.to_api_repr(), "mode": "NULLABLE"})
                    if f.mode == "REQUIRED" else f for f in added]]
                self.client.update_table(current, ["schema"])

    def stored_records(self, since: date) -> list[str]:
        """The whole session records of calls that started on or after `since`."""
        from google.cloud import bigquery

        config = bigquery.QueryJobConfig(query_parameters=[bigquery.ScalarQueryParameter(
            "since", "TIMESTAMP", datetime.combine(since, time.min, tzinfo=UTC))])
        rows = self.client.query(
            f"SELECT TO_JSON_STRING(session_record) AS record FROM `{self._ref('transcripts')}` "
            "WHERE start_time >= @since ORDER BY start_time", job_config=config).result()
        return [row["record"] for row in rows]

    def session_ids(self) -> set[str]:
        rows = self.client.query(f"SELECT session_id FROM `{self._ref('sessions')}`").result()
        return {row["session_id"] for row in rows}

    def write(self, batch: list[SessionRows]) -> dict[str, dict]:
        """Merges `batch` into every table; returns its `leads` rows as stored (by email)."""
        by_table, leads = rows_to_write(batch)
        for name, rows in by_table.items():
            self._merge(TABLES_BY_NAME[name], rows, self._upsert_sql)
        if not leads:
            return {}
        self._merge(LEADS, leads, self._leads_sql)
        return self._stored_leads([lead["email"] for lead in leads])

    def _stored_leads(self, emails: list[str]) -> dict[str, dict]:
        from google.cloud import bigquery

        config = bigquery.QueryJobConfig(query_parameters=[
            bigquery.ArrayQueryParameter("emails", "STRING", emails)])
        rows = self.client.query(f"SELECT * FROM `{self._ref('leads')}` "
                                 "WHERE email IN UNNEST(@emails)", job_config=config).result()
        return {row["email"]: dict(row.items()) for row in rows}

    def _merge(self, table: Table, rows: list[dict], sql) -> None:
        from google.cloud.bigquery import SchemaField
        from google.cloud.bigquery import Table as BigQueryTable

        staging = self._ref(f"_staging_{table.name}_{uuid.uuid4().hex[:12]}")
        schema = [SchemaField.from_api_repr({**f, "mode": "REPEATED" if f["mode"] == "REPEATED"
                                             else "NULLABLE"})
                  for f in table_resource(table)["schema"]["fields"]]
        self.client.create_table(BigQueryTable(staging, schema=schema))
        try:
            errors = self.client.insert_rows_json(staging, rows)
            if errors:
                raise ValueError(f"{table.name}: staging insert refused: {str(errors)[:300]}")
            self.client.query(sql(table, staging)).result()
        finally:
            self.client.delete_table(staging, not_found_ok=True)

    def _upsert_sql(self, table: Table, staging: str) -> str:
        on = " AND ".join(f"T.{k} = S.{k}" for k in table.primary_key)
        columns = ", ".join(table.column_names)
        updates = ", ".join(f"{c} = S.{c}" for c in table.column_names
                            if c not in table.primary_key)
        return (f"MERGE `{self._ref(table.name)}` T USING `{staging}` S ON {on} "
                f"WHEN MATCHED THEN UPDATE SET {updates} "
                f"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES "
                f"({', '.join('S.' + c for c in table.column_names)})")

    def _leads_sql(self, table: Table, staging: str) -> str:
        newer = "S.last_call_date >= T.last_call_date"
        latest = ", ".join(f"{c} = IF({newer}, S.{c}, T.{c})" for c in _LATEST)
        columns = ", ".join(table.column_names)
        sessions = self._ref("sessions")
        return (
            f"MERGE `{self._ref(table.name)}` T USING ("
            f"SELECT S.* REPLACE ((SELECT COUNT(*) FROM `{sessions}` X "
            f"WHERE LOWER(X.user_email) = S.email) AS total_calls) FROM `{staging}` S) S "
            f"ON T.email = S.email "
            f"WHEN MATCHED THEN UPDATE SET {latest}, "
            f"first_call_date = LEAST(T.first_call_date, S.first_call_date), "
            f"last_call_date = GREATEST(T.last_call_date, S.last_call_date), "
            f"total_calls = S.total_calls, updated_at = S.updated_at "
            f"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES "
            f"({', '.join('S.' + c for c in table.column_names)})")

    def query(self, sql: str, params: list | None = None) -> list[dict]:
        """Rows of `sql` as dicts; `{table}` placeholders become the dataset's tables and `?`
        takes `params` in order (strings, numbers, datetimes)."""
        from google.cloud import bigquery

        types = {bool: "BOOL", int: "INT64", float: "FLOAT64", str: "STRING",
                 datetime: "TIMESTAMP", date: "DATE"}
        config = bigquery.QueryJobConfig(query_parameters=[
            bigquery.ScalarQueryParameter(None, types[type(value)], value)
            for value in params or []])
        tables = {name: f"`{self._ref(name)}`" for name in TABLES_BY_NAME}
        return [dict(row.items()) for row in
                self.client.query(sql.format_map(tables), job_config=config).result()]

    def record_alerts(self, rows: list[dict]) -> None:
        """Insert alerts; one already there keeps its acknowledgement and resolution and
        takes the new delivery outcome."""
        self._merge(ALERTS_HISTORY, rows, self._alerts_sql)

    def _alerts_sql(self, table: Table, staging: str) -> str:
        columns = ", ".join(table.column_names)
        updates = ", ".join(f"{c} = S.{c}" for c in ALERT_DELIVERY_COLUMNS)
        return (f"MERGE `{self._ref(table.name)}` T USING `{staging}` S ON T.id = S.id "
                f"WHEN MATCHED THEN UPDATE SET {updates} "
                f"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES "
                f"({', '.join('S.' + c for c in table.column_names)})")

    def update_alert(self, alert_id: str, **values) -> bool:
        """Set `values` (acknowledged_at/by, resolved_at) on one alert; False if no such id."""
        if not self.query("SELECT id FROM {alerts_history} WHERE id = ?", [alert_id]):
            return False
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.query(f"UPDATE {{alerts_history}} SET {assignments} WHERE id = ?",
                   [*values.values(), alert_id])
        return True
