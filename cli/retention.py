"""`voice-analytics retention run`: apply the data retention rules of spec 8.2 to the local
warehouse, or print them as BigQuery SQL for scheduled queries."""

import argparse
import logging
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.retention import bigquery_run, duckdb_run
from pipeline.retention.sql import BigQuery, bigquery_script

DEFAULT_DATASET = "voice-analytics-prod.voice_analytics"


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
    run_parser.add_argument("--bigquery-dataset", "--bigquery_dataset", dest="bigquery_dataset",
                            default=None,
                            help="PROJECT.DATASET: run the rules on BigQuery instead of DuckDB "
                            "(BIGQUERY_EMULATOR_HOST for the local emulator); for "
                            f"--print-bigquery-sql default {DEFAULT_DATASET}")
    run_parser.add_argument("--archive-bucket", default="voice-analytics-archive",
                            help="GCS bucket (Archive class) of archived rows on BigQuery")
    run_parser.add_argument("--no-archive-export", dest="archive_export", action="store_false",
                            help="BigQuery without GCS (e.g. the emulator): archive rules only "
                            "count, nothing is deleted unexported")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.print_bigquery_sql:
        dataset = args.bigquery_dataset or DEFAULT_DATASET
        print(bigquery_script(BigQuery(dataset.replace(":", "."),
                                       args.archive_bucket)), end="")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    as_of = args.as_of or datetime.now(UTC).date()
    if args.bigquery_dataset:
        counts = bigquery_run.run(args.bigquery_dataset, as_of, dry_run=args.dry_run,
                                  export=args.archive_export, bucket=args.archive_bucket)
        target = f"BigQuery {args.bigquery_dataset}"
    else:
        counts = duckdb_run.run(args.duckdb_path, as_of, dry_run=args.dry_run,
                                archive_dir=args.archive_dir)
        target = str(args.duckdb_path)
    verb = "would change" if args.dry_run else "changed"
    print(f"retention as of {as_of} on {target}{' (dry run)' if args.dry_run else ''}")
    for count in counts:
        rule = count.rule
        cold = " (GCS lifecycle)" if args.bigquery_dataset else " (archive)"
        where = f"{rule.table}{cold if rule.in_archive else ''}"
        print(f"  {rule.name:<28} {rule.action:<8} {where:<28} {verb} {count.rows} rows")
    return 0
