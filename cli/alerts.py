"""`voice-analytics alerts ...`: the alerts that run on a schedule, and people's actions on
alerts.

    alerts digest --hourly | --daily | --weekly [--at TIME]   # #product digest, exec mails
    alerts monitor [--subscription S] [--every SECONDS]         # Queue Backlog, Agent Down
    alerts list [--open]
    alerts ack ID --by NAME
    alerts resolve ID

In production Cloud Scheduler runs `digest` hourly, daily and weekly and `monitor` every
minute; destinations come from the same environment variables as the job's (see
pipeline/alerts/delivery.py), the outbox otherwise.
"""

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

from pipeline.alerts.config import load_config
from pipeline.alerts.digests import executive_alert, quality_alerts
from pipeline.alerts.monitor import monitor_once
from pipeline.alerts.sink import AlertDispatcher
from pipeline.bigquery_warehouse import BigQueryWarehouse
from pipeline.duckdb_warehouse import DuckDBWarehouse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("alerts", help="digests, the monitor, ack and resolve")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    digest = actions.add_parser("digest", help="send the hourly, daily or weekly alerts")
    period = digest.add_mutually_exclusive_group(required=True)
    for name in ("hourly", "daily", "weekly"):
        period.add_argument(f"--{name}", dest="period", action="store_const", const=name)
    digest.add_argument("--at", type=datetime.fromisoformat, default=None,
                        help="end of the period (default: now; daily and weekly end at the "
                             "start of that day, UTC)")
    monitor = actions.add_parser("monitor", help="check Queue Backlog and Agent Down")
    monitor.add_argument("--subscription", help="projects/P/subscriptions/S to watch")
    monitor.add_argument("--heartbeats", default=None,
                         help="the agent's heartbeats: projects/P/subscriptions/S or a file "
                              "(default: judge Agent Down by calls in business hours)")
    monitor.add_argument("--every", type=float, default=None,
                         help="keep checking every this many seconds (default: once)")
    listing = actions.add_parser("list", help="alerts in alerts_history, newest first")
    listing.add_argument("--open", action="store_true", help="only unresolved ones")
    listing.add_argument("--limit", type=int, default=20)
    ack = actions.add_parser("ack", help="acknowledge an alert")
    ack.add_argument("id")
    ack.add_argument("--by", required=True, help="who acknowledges it")
    resolve = actions.add_parser("resolve", help="mark an alert resolved")
    resolve.add_argument("id")
    for sub in (digest, monitor, listing, ack, resolve):
        where = sub.add_mutually_exclusive_group()
        where.add_argument("--duckdb-path", type=Path, default=Path("data/warehouse.duckdb"),
                           help="local warehouse (default %(default)s)")
        where.add_argument("--bigquery-dataset", help="PROJECT:DATASET in BigQuery instead")
        sub.add_argument("--outbox-dir", default="data/outbox",
                         help="where alerts go without a destination (default %(default)s)")
        sub.add_argument("--alerts-config", default=None,
                         help="JSON merged over pipeline/alerts/alerts.json")
    parser.set_defaults(run=run)


def _warehouse(args: argparse.Namespace):
    if args.bigquery_dataset:
        return BigQueryWarehouse(args.bigquery_dataset)
    warehouse = DuckDBWarehouse(args.duckdb_path)
    warehouse.create_tables()
    return warehouse


def run(args: argparse.Namespace) -> int:
    warehouse = _warehouse(args)
    config = load_config(args.alerts_config)
    dispatcher = AlertDispatcher(warehouse, args.outbox_dir, config)
    now = datetime.now(UTC)
    if args.action == "digest":
        return _digest(args, dispatcher, config, now)
    if args.action == "monitor":
        while True:
            for alert in monitor_once(dispatcher, args.subscription,
                                      heartbeats=args.heartbeats):
                print(f"{alert.action}: {alert.id}: {alert.message}")
            if not args.every:
                return 0
            time.sleep(args.every)
    if args.action == "list":
        where = "WHERE resolved_at IS NULL " if args.open else ""
        rows = warehouse.query(
            "SELECT id, severity, alert_name, triggered_at, delivery_status, acknowledged_by, "
            f"resolved_at FROM {{alerts_history}} {where}ORDER BY triggered_at DESC LIMIT ?",
            [args.limit])
        for row in rows:
            print(f"{row['triggered_at']:%Y-%m-%d %H:%M}  {row['severity']:<17} "
                  f"{row['delivery_status'] or '-':<7} {row['id']}  "
                  f"{'ack ' + row['acknowledged_by'] if row['acknowledged_by'] else ''}"
                  f"{' resolved' if row['resolved_at'] else ''}")
        return 0
    values = ({"acknowledged_at": now, "acknowledged_by": args.by} if args.action == "ack"
              else {"resolved_at": now})
    if not warehouse.update_alert(args.id, **values):
        raise SystemExit(f"alerts {args.action}: no alert with id {args.id!r}")
    print(f"{args.action}: {args.id}")
    return 0


def _digest(args: argparse.Namespace, dispatcher: AlertDispatcher, config: dict,
            now: datetime) -> int:
    at = args.at or now
    at = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    hour_end = at.replace(minute=0, second=0, microsecond=0)
    if args.period == "hourly":
        alerts = quality_alerts(dispatcher.warehouse, hour_end, config)
    else:  # the day (or week) that ended at the start of `at`'s day
        alerts = [executive_alert(dispatcher.warehouse, args.period, at.date(), config)]
    for alert in alerts:
        delivery = dispatcher.dispatch(alert)
        status = "already sent" if delivery is None else delivery.status
        print(f"{alert.alert_name}: {status} ({alert.id})")
    if not alerts:
        print(f"nothing to report for the hour to {hour_end:%Y-%m-%d %H:%M} UTC")
    return 0
