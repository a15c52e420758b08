"""`voice-analytics dashboard`: the six panels of spec section 6 as a local web page.

Reads the DuckDB warehouse the job writes (read-only, per request, so the streaming job can
keep writing) and serves the page on http://HOST:PORT/.
"""

import argparse
from datetime import datetime


def _moment(value: str) -> datetime | str:
    if value == "latest":
        return value
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-11-01T18:00:00Z")
    return moment


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--duckdb_path", required=True,
                        help="the warehouse, e.g. data/warehouse.duckdb")
    parser.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--now", type=_moment, default=None,
                        help="show the warehouse as of this time (ISO 8601 with zone), or "
                             "'latest' for when its newest call ended, e.g. for the demo's "
                             "past calls (default: the current time)")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dashboard", help="serve the dashboard panels (spec 6) over a DuckDB warehouse",
        description="Performance, business, quality, knowledge base, sales and trend panels "
                    "with the global filters (date range, tier, sentiment, industry, agent "
                    "version); figures as defined in looker/README.md.")
    add_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:  # Dash is an extra: the rest of the command line works without it
        from pipeline.dashboard.app import make_dashboard_server
    except ImportError as exc:
        raise SystemExit(f"voice-analytics dashboard needs the dashboard extra ({exc.name} is "
                         "missing): pip install -e '.[dashboard]'") from None
    server = make_dashboard_server(args.duckdb_path, args.host, args.port, args.now)
    print(f"dashboard of {args.duckdb_path} on http://{args.host}:{server.server_port}/ "
          "(Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C is how the dashboard is meant to stop
        print("dashboard stopped")
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cli.dashboard", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
