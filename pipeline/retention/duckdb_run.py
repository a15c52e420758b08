"""Run the retention rules on the local DuckDB warehouse, cold storage in an archive DuckDB
file beside it. Idempotent: every rule selects only rows it has not handled (redacted rows
are flagged, archived and rolled-up rows leave the hot table), so a second run counts zero.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa

from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.pii import Redactor, names_in_analysis, names_in_record
from pipeline.retention.rules import ADDED_TABLES, RETENTION_RUNS, RULES, Rule
from pipeline.retention.sql import ANALYSIS_JSON, DuckDB, apply_sql, candidates_sql, count_sql
from schemas.duckdb_ddl import create_table
from schemas.tables import TABLES_BY_NAME

log = logging.getLogger(__name__)
ARCHIVE_FILE = "archive.duckdb"
_CONFIG = {"memory_limit": "256MB", "threads": "1"}


@dataclass(frozen=True)
class RuleCount:
    rule: Rule
    rows: int


def default_archive_dir(warehouse: Path) -> Path:
    return warehouse.parent / "archive"


def run(path: Path, as_of: date, dry_run: bool = False, archive_dir: Path | None = None,
        redactor: Redactor | None = None) -> list[RuleCount]:
    """Apply (or, dry, only count) every rule as of `as_of`; returns rows per rule."""
    archive = (archive_dir or default_archive_dir(path)) / ARCHIVE_FILE
    if dry_run:
        if not path.exists():
            return [RuleCount(rule, 0) for rule in RULES]
        con = duckdb.connect(str(path), read_only=True, config=_CONFIG)
        if archive.exists():
            con.execute(f"ATTACH '{archive}' AS archive (READ_ONLY)")
        present = _tables(con)
        for table in ADDED_TABLES:  # a warehouse that never ran retention: empty stand-ins
            if ("main", table.name) not in present:
                con.execute(create_table(table).replace(
                    "CREATE TABLE IF NOT EXISTS", "CREATE TEMP TABLE", 1))
    else:
        DuckDBWarehouse(path).create_tables()
        archive.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), config=_CONFIG)
        con.execute(f"ATTACH '{archive}' AS archive")
    d = DuckDB(as_of)
    try:
        if not dry_run:
            for table in ADDED_TABLES:
                con.execute(d.create(table))
            for name in {r.table for r in RULES if r.action == "archive"}:
                con.execute(d.create(TABLES_BY_NAME[name], archived=True))
        known = _tables(con)
        counts = []
        for rule in RULES:
            n = 0  # a dry run before the table exists finds nothing
            if (("archive" if rule.in_archive else "main"), rule.table) in known:
                n = con.execute(count_sql(rule, d)).fetchone()[0]
            if n and not dry_run:
                if rule.action == "redact":
                    n = _redact(con, rule, d, redactor or Redactor())
                else:
                    _apply(con, rule, d)
            counts.append(RuleCount(rule, n))
            log.info("retention %s%s: %d rows", rule.name, " (dry run)" if dry_run else "", n)
        if not dry_run:
            _record(con, as_of, counts)
        return counts
    finally:
        con.close()


def _tables(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(main or archive, table) of every table there is."""
    hot = con.execute("SELECT current_database()").fetchone()[0]
    return {("main" if db == hot else db, name) for db, name in con.execute(
        "SELECT database_name, table_name FROM duckdb_tables()").fetchall()}


def _apply(con: duckdb.DuckDBPyConnection, rule: Rule, d: DuckDB) -> None:
    statements = apply_sql(rule, d)
    if rule.action == "archive":
        # DuckDB writes one database per transaction: copy to the archive first, then delete
        # from the hot table; a crash between them leaves a copy that the rerun replaces.
        for statement in statements:
            con.execute(statement)
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in statements:
            con.execute(statement)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _json(text: str | None) -> object:
    return orjson.loads(text) if text else None


def _dump(value: object) -> str:
    return orjson.dumps(value).decode()


def _redact(con: duckdb.DuckDBPyConnection, rule: Rule, d: DuckDB, redactor: Redactor) -> int:
    cursor = con.execute(candidates_sql(rule, d))
    names = [c[0] for c in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    now = datetime.now(UTC)
    con.execute("BEGIN TRANSACTION")
    try:
        if rule.table == "transcripts":
            for row in rows:
                record = _json(row["session_record"])
                known = names_in_record(record)
                con.execute(
                    "UPDATE main.transcripts SET transcript_json = ?, transcript_text = ?, "
                    "session_record = ?, pii_redacted = TRUE WHERE session_id = ?",
                    [_dump(redactor.redact_json(_json(row["transcript_json"]), known)),
                     redactor.redact(row["transcript_text"], known),
                     _dump(redactor.redact_json(record, known)), row["session_id"]])
        else:
            for row in rows:
                sales = _json(row["sales_intelligence"])
                known = (names_in_record(_json(row["session_record"]))
                         | names_in_analysis(sales if isinstance(sales, dict) else None)
                         | ({row["user_name"]} if row["user_name"] else set()))
                values = [_dump(redactor.redact_json(_json(row[c]), known))
                          for c in ANALYSIS_JSON]
                sets = ", ".join(f"{c} = ?" for c in ANALYSIS_JSON)
                con.execute(f"UPDATE main.analysis_results SET {sets} WHERE session_id = ?",
                            [*values, row["session_id"]])
            staged = pa.table({"row_key": [r["session_id"] for r in rows]})  # noqa: F841
            con.execute("INSERT OR IGNORE INTO main.pii_redactions "
                        "SELECT ?, row_key, ? FROM staged", [rule.table, now])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def _record(con: duckdb.DuckDBPyConnection, as_of: date, counts: list[RuleCount]) -> None:
    run_id, now = uuid.uuid4().hex, datetime.now(UTC)
    con.executemany(
        f"INSERT INTO main.{RETENTION_RUNS.name} VALUES (?, ?, ?, ?, ?, ?, ?)",
        [[run_id, c.rule.name, c.rule.table, c.rule.action, as_of, c.rows, now]
         for c in counts])
