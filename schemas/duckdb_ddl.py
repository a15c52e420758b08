"""DuckDB DDL for the local warehouse, rendered from `schemas.tables`.

Primary keys make upserts (`INSERT OR REPLACE`) idempotent on the spec's keys, so a session
delivered three times is one row. Partitioning and clustering are BigQuery's; DuckDB has no
need of them at local sizes.
"""

from schemas.tables import TABLES, Column, Table

_DUCKDB_TYPES = {
    "STRING": "VARCHAR",
    "INTEGER": "BIGINT",
    "FLOAT": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "TIMESTAMP": "TIMESTAMPTZ",
    "DATE": "DATE",
    "JSON": "JSON",
}


def column_ddl(column: Column) -> str:
    type_ = _DUCKDB_TYPES[column.type]
    if column.mode == "REPEATED":
        return f"{column.name} {type_}[]"
    if column.mode == "REQUIRED":
        return f"{column.name} {type_} NOT NULL"
    return f"{column.name} {type_}"


def create_table(table: Table) -> str:
    lines = [column_ddl(c) for c in table.columns]
    lines.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    body = ",\n    ".join(lines)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n    {body}\n);"


def added_columns_ddl(table: Table, existing: set[str]) -> list[str]:
    """ALTER statements for columns defined since the table was created (nullable or
    repeated only: a column added later cannot be required of rows already there)."""
    return [f"ALTER TABLE {table.name} ADD COLUMN {column_ddl(c).removesuffix(' NOT NULL')}"
            for c in table.columns if c.name not in existing]


def warehouse_ddl() -> str:
    """Every table, ready for `duckdb.execute`."""
    return "\n\n".join(create_table(t) for t in TABLES) + "\n"
