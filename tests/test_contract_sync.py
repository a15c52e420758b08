"""schemas/ and the contract must agree; generated artefacts must not go stale."""

import re
from pathlib import Path

import duckdb

from schemas.bigquery_schema import BIGQUERY_DIR, stale_files
from schemas.duckdb_ddl import warehouse_ddl
from schemas.tables import TABLES, TABLES_BY_NAME
from schemas.taxonomy import CONTRACT_DIR


def test_vendored_contract_files_equal_the_contract(shared_dir: Path) -> None:
    for name in ("session_record.schema.json", "taxonomy.json"):
        ours = (CONTRACT_DIR / name).read_bytes()
        theirs = (shared_dir / "contract" / name).read_bytes()
        assert ours == theirs, f"schemas/contract/{name} differs from the contract: re-copy it"


def test_bigquery_json_files_are_current() -> None:
    assert stale_files() == [], "run: make schemas"
    assert sorted(p.stem for p in BIGQUERY_DIR.glob("*.json")) == sorted(t.name for t in TABLES)


def _spec_table_columns(spec: str) -> dict[str, list[str]]:
    """Section 8.1 of the spec: 'name (Kind)' then 'Columns:' then '- column' lines."""
    section = spec.split("8.1 Table Schemas", 1)[1].split("8.2", 1)[0]
    tables: dict[str, list[str]] = {}
    current = None
    for line in section.splitlines():
        header = re.match(r"^(\w+) \(", line)
        if header:
            current = header.group(1)
            tables[current] = []
        elif line.startswith("- ") and current:
            tables[current].append(line[2:].strip())
    return tables


def test_every_spec_table_and_column_exists(shared_dir: Path) -> None:
    spec_tables = _spec_table_columns((shared_dir / "spec" / "data-flow-spec.txt").read_text())
    assert set(spec_tables) == set(TABLES_BY_NAME)
    for name, columns in spec_tables.items():
        table = TABLES_BY_NAME[name]
        missing = set(columns) - set(table.column_names)
        assert not missing, f"{name} lacks spec columns {missing}"
        assert not [c for c in table.columns if c.name in columns and c.extra]


def test_keys_partitions_and_clustering_name_real_columns() -> None:
    for table in TABLES:
        names = set(table.column_names)
        assert len(names) == len(table.columns), f"{table.name} repeats a column"
        assert set(table.primary_key) <= names
        assert set(table.clustering) <= names and len(table.clustering) <= 4
        if table.partition_field:
            assert table.column(table.partition_field).type in {"TIMESTAMP", "DATE"}
            assert table.column(table.partition_field).mode == "REQUIRED"


def test_duckdb_tables_upsert_on_their_keys() -> None:
    con = duckdb.connect()
    con.execute(warehouse_ddl())
    row = ("s1", "{}", "{}", "{}", "{}", "[]", "[]", "{}", "{}", "[]", "{}",
           "2026-01-14T17:20:05Z", "1.0")
    insert = f"INSERT OR REPLACE INTO analysis_results VALUES ({', '.join('?' * len(row))})"
    for _ in range(3):
        con.execute(insert, row)
    assert con.execute("SELECT count(*) FROM analysis_results").fetchone() == (1,)
    columns = [r[0] for r in con.execute("DESCRIBE sessions").fetchall()]
    assert columns == list(TABLES_BY_NAME["sessions"].column_names)
