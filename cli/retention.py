"""`voice-analytics retention run`: apply the data retention rules of spec 8.2 to the local
warehouse, or print them as BigQuery SQL for scheduled queries."""

import argparse
import logging
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.retention import duckdb_run
from pipeline.retention.sql import BigQuery, bigquery_script


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "retention", help="apply data retention and PII redaction (spec 8.2)",
        description="Redacts PII of non-qualified leads after 30 days, archives transcripts "
        "(90 days) and alerts (1 year), rolls metrics older than 1 year up by hour, and "
        "deletes what is past its retention.")
    actions = parser.add_subparsers(dest="retention_command", required=True, metavar="ACTION")
    run_parser = actions.add_parser("run", help="run every rule once (idempotent)")
    run_parser.add_argument("--duckdb_path", "--duckdb-path", dest="duckdb_path", type=Path,
                            default=Path("data/warehouse.duckdb"),
                            help="local warehouse (default %(default)s)")
    run_parser.add_argument("--as-of", "--as_of", dest="as_of", type=date.fromisoformat,
                            default=None, help="count ages to this date (default today, UTC)")
    run_parser.add_argument("--dry-run", "--dry_run", dest="dry_run", action="store_true",
                            help="print what would change, change nothing")
    run_parser.add_argument("--archive_dir", "--archive-dir", dest="archive_dir", type=Path,
                            help="cold storage (default: archive/ beside the warehouse)")
    run_parser.add_argument("--print-bigquery-sql", "--print_bigquery_sql",
                            dest="print_bigquery_sql", action="store_true",
                            help="print the BigQuery statements instead of running")
    run_parser.add_argument("--bigquery-dataset", default="voice-analytics-prod.voice_analytics",
                            help="PROJECT.DATASET for --print-bigquery-sql")
    run_parser.add_argument("--archive-bucket", default="voice-analytics-archive",
                            help="GCS bucket (Archive class) for --print-bigquery-sql")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.print_bigquery_sql:
        print(bigquery_script(BigQuery(args.bigquery_dataset.replace(":", "."),
                                       args.archive_bucket)), end="")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    as_of = args.as_of or datetime.now(UTC).date()
    counts = duckdb_run.run(args.duckdb_path, as_of, dry_run=args.dry_run,
                            archive_dir=args.archive_dir)
    verb = "would change" if args.dry_run else "changed"
    print(f"retention as of {as_of} on {args.duckdb_path}{' (dry run)' if args.dry_run else ''}")
    for count in counts:
        rule = count.rule
        where = f"{rule.table}{' (archive)' if rule.in_archive else ''}"
        print(f"  {rule.name:<28} {rule.action:<8} {where:<28} {verb} {count.rows} rows")
    return 0
