"""`voice-analytics reanalyze --since DATE`: re-run the current analyzers over stored calls."""

import argparse
from datetime import date
from pathlib import Path

from pipeline.bigquery_warehouse import BigQueryWarehouse
from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.reanalyze import reanalyze
from transforms.version import ANALYZER_VERSION


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reanalyze", help="recompute analysis_results with the current analyzer version",
        description="Reads the stored session records (transcripts.session_record) of calls "
        "since DATE and upserts their analysis and derived rows.")
    parser.add_argument("--since", type=date.fromisoformat, required=True,
                        help="first call date to include, YYYY-MM-DD")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--duckdb-path", type=Path, default=Path("data/warehouse.duckdb"),
                       help="local warehouse (default %(default)s)")
    where.add_argument("--bigquery-dataset", help="PROJECT:DATASET in BigQuery instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.bigquery_dataset:
        warehouse = BigQueryWarehouse(args.bigquery_dataset)
    elif args.duckdb_path.exists():
        warehouse = DuckDBWarehouse(args.duckdb_path)
    else:
        raise SystemExit(f"{args.duckdb_path}: no warehouse there (run the job first)")
    count = reanalyze(warehouse, args.since)
    print(f"re-analysed {count} sessions since {args.since} with analyzers {ANALYZER_VERSION}")
    return 0
