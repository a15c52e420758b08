"""BigQuery table resources rendered from `schemas.tables`, checked in as JSON.

Each file is a BigQuery REST `Table` resource (schema, timePartitioning, clustering,
tableConstraints), the shape that `tables.insert`, Beam's `WriteToBigQuery`
(`schema=` and `additional_bq_parameters=`) and Terraform (`jsondecode(file(...))`) take.
Regenerate after changing `schemas/tables.py`:

    python -m schemas.bigquery_schema --write
"""

import argparse
import json
from pathlib import Path

from schemas.tables import TABLES, Table

BIGQUERY_DIR = Path(__file__).parent / "bigquery"


def table_resource(table: Table) -> dict:
    resource: dict = {
        "tableReference": {"tableId": table.name},
        "description": table.description,
        "schema": {
            "fields": [
                {"name": c.name, "type": c.type, "mode": c.mode, "description": c.description}
                for c in table.columns
            ]
        },
    }
    if table.partition_field:
        resource["timePartitioning"] = {"type": "DAY", "field": table.partition_field}
    if table.clustering:
        resource["clustering"] = {"fields": list(table.clustering)}
    resource["tableConstraints"] = {"primaryKey": {"columns": list(table.primary_key)}}
    return resource


def rendered_files() -> dict[Path, str]:
    """File path -> the exact text it must hold."""
    return {
        BIGQUERY_DIR / f"{table.name}.json": json.dumps(table_resource(table), indent=2) + "\n"
        for table in TABLES
    }


def stale_files() -> list[Path]:
    return [
        path for path, text in rendered_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the JSON files")
    args = parser.parse_args(argv)
    if args.write:
        BIGQUERY_DIR.mkdir(exist_ok=True)
        for path, text in rendered_files().items():
            path.write_text(text, encoding="utf-8")
        print(f"wrote {len(TABLES)} table resources to {BIGQUERY_DIR}")
        return 0
    stale = stale_files()
    for path in stale:
        print(f"stale: {path} (run: python -m schemas.bigquery_schema --write)")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
