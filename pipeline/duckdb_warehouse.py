"""The local warehouse: DuckDB, tables from `schemas/tables.py`, upserts keyed as the spec says.

Every write is idempotent: `INSERT OR REPLACE` on each table's primary key, and `leads` merged
(first and last call, latest signals from the newest call, total calls counted from `sessions`),
so a session delivered three times is one row everywhere. The connection is opened per batch
and closed after, so other processes (the demo's summary, an analyst) can read between writes.
"""

import threading
from datetime import UTC, date, datetime, time
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.rows import SessionRows, rows_to_write
from schemas.duckdb_ddl import added_columns_ddl, warehouse_ddl
from schemas.tables import ALERT_DELIVERY_COLUMNS, ALERTS_HISTORY, LEADS, TABLES_BY_NAME, Table

_ARROW_TYPES = {"STRING": pa.string(), "JSON": pa.string(), "INTEGER": pa.int64(),
                "FLOAT": pa.float64(), "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.string(),
                "DATE": pa.string()}
# One writer at a time in this process: DuckDB runs concurrent transactions optimistically and
# two bundles upserting the same lead would conflict.
_WRITE_LOCK = threading.Lock()
# DuckDB's buffer pool otherwise grows toward 80% of RAM as the file grows; a writer that
# upserts batches needs little, and a long backfill must not creep upwards.
_CONFIG = {"memory_limit": "256MB", "threads": "1"}
_TABLE_NAMES = {name: name for name in TABLES_BY_NAME}
_LATEST_FIELDS = [c.name for c in LEADS.columns if c.name not in {
    "email", "first_call_date", "last_call_date", "total_calls", "updated_at"}]


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([
        (c.name, pa.list_(_ARROW_TYPES[c.type]) if c.mode == "REPEATED" else _ARROW_TYPES[c.type])
        for c in table.columns
    ])


def _select_list(table: Table) -> str:
    """Staged columns cast to the table's types (timestamps arrive as ISO 8601 text)."""
    return ", ".join(f"CAST({c.name} AS TIMESTAMPTZ) AS {c.name}" if c.type == "TIMESTAMP"
                     else c.name for c in table.columns)


class DuckDBWarehouse:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)

    def create_tables(self) -> None:
        """The tables, created if missing; columns defined since they were created are added."""
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with _WRITE_LOCK, duckdb.connect(self.path, config=_CONFIG) as con:
            con.execute(warehouse_ddl())
            for table in TABLES_BY_NAME.values():
                existing = {row[0] for row in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                    [table.name]).fetchall()}
                for statement in added_columns_ddl(table, existing):
                    con.execute(statement)

    def stored_records(self, since: date) -> list[str]:
        """The whole session records of calls that started on or after `since`."""
        with _WRITE_LOCK, duckdb.connect(self.path, config=_CONFIG) as con:
            rows = con.execute("SELECT session_record FROM transcripts WHERE start_time >= ? "
                               "ORDER BY start_time",
                               [datetime.combine(since, time.min, tzinfo=UTC)]).fetchall()
        return [row[0] for row in rows]

    def session_ids(self) -> set[str]:
        with _WRITE_LOCK, duckdb.connect(self.path, config=_CONFIG) as con:
            con.execute(warehouse_ddl())
            return {row[0] for row in con.execute("SELECT session_id FROM sessions").fetchall()}

    def write(self, batch: list[SessionRows]) -> dict[str, dict]:
        """All rows of `batch` in one transaction, or none of them. Returns the batch's
        `leads` rows as stored (by email): merged with earlier calls, total calls counted."""
        by_table, leads = rows_to_write(batch)
        with _WRITE_LOCK, duckdb.connect(self.path, config=_CONFIG) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                for name, rows in by_table.items():
                    self._upsert(con, TABLES_BY_NAME[name], rows)
                stored = {}
                if leads:
                    self._merge_leads(con, leads)
                    stored = self._stored_leads(con, [lead["email"] for lead in leads])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return stored

    @staticmethod
    def _stored_leads(con: duckdb.DuckDBPyConnection, emails: list[str]) -> dict[str, dict]:
        cursor = con.execute("SELECT * FROM leads WHERE email IN (SELECT unnest(?))", [emails])
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}

    @staticmethod
    def _upsert(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict]) -> None:
        staged = pa.Table.from_pylist(rows, schema=arrow_schema(table))  # noqa: F841 - read by SQL
        columns = ", ".join(table.column_names)
        con.execute(f"INSERT OR REPLACE INTO {table.name} ({columns}) "
                    f"SELECT {_select_list(table)} FROM staged")

    @staticmethod
    def _merge_leads(con: duckdb.DuckDBPyConnection, leads: list[dict]) -> None:
        staged = pa.Table.from_pylist(leads, schema=arrow_schema(LEADS))  # noqa: F841
        newer = "excluded.last_call_date >= leads.last_call_date"
        latest = ",\n".join(
            f"{c} = CASE WHEN {newer} THEN excluded.{c} ELSE leads.{c} END"
            for c in _LATEST_FIELDS)
        columns = ", ".join(LEADS.column_names)
        con.execute(f"""
            INSERT INTO leads ({columns}) SELECT {_select_list(LEADS)} FROM staged
            ON CONFLICT (email) DO UPDATE SET
            {latest},
            first_call_date = least(leads.first_call_date, excluded.first_call_date),
            last_call_date = greatest(leads.last_call_date, excluded.last_call_date),
            updated_at = excluded.updated_at
        """)
        # Counted, not incremented: a redelivered call cannot count twice.
        con.execute("""
            UPDATE leads SET total_calls = counted.calls
            FROM (SELECT lower(user_email) AS email, count(*) AS calls FROM sessions
                  WHERE lower(user_email) IN (SELECT email FROM staged) GROUP BY 1) AS counted
            WHERE leads.email = counted.email
        """)

    def query(self, sql: str, params: list | None = None) -> list[dict]:
        """Rows of `sql` as dicts; `{table}` placeholders name the tables (see BigQuery's)."""
        with _WRITE_LOCK, duckdb.connect(self.path, config=_CONFIG) as con:
            cursor = con.execute(sql.format_map(_TABLE_NAMES), params or [])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def record_alerts(self, rows: list[dict]) -> None:
        """Insert alerts; one already there keeps its acknowledgement and resolution and
        takes the new delivery outcome."""
        staged = pa.Table.from_pylist(rows, schema=arrow_schema(ALERTS_HISTORY))  # noqa: F841
        columns = ", ".join(ALERTS_HISTORY.column_names)
        updates = ", ".join(f"{c} = excluded.{c}" for c in ALERT_DELIVERY_COLUMNS)
        with _WRITE_LOCK, duckdb.connect(self.path, config=_CONFIG) as con:
            con.execute(f"INSERT INTO alerts_history ({columns}) "
                        f"SELECT {_select_list(ALERTS_HISTORY)} FROM staged "
                        f"ON CONFLICT (id) DO UPDATE SET {updates}")

    def update_alert(self, alert_id: str, **values) -> bool:
        """Set `values` (acknowledged_at/by, resolved_at) on one alert; False if no such id."""
        assignments = ", ".join(f"{name} = ?" for name in values)
        with _WRITE_LOCK, duckdb.connect(self.path, config=_CONFIG) as con:
            found = con.execute("SELECT count(*) FROM alerts_history WHERE id = ?",
                                [alert_id]).fetchone()[0]
            if found:
                con.execute(f"UPDATE alerts_history SET {assignments} WHERE id = ?",
                            [*values.values(), alert_id])
        return bool(found)
