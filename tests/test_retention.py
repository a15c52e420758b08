"""Retention on a DuckDB warehouse holding three years of calls: after `retention run --as-of`
each table holds what spec 8.2 says (expected counts computed here from what was inserted),
a second run changes nothing, a dry run changes nothing, an empty warehouse works."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import duckdb
import orjson
import pytest

from cli import retention as retention_cli
from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.retention import duckdb_run
from pipeline.retention.rules import RULES
from pipeline.retention.sql import BigQuery, bigquery_script
from schemas.tables import TABLES_BY_NAME

AS_OF = date(2025, 6, 30)
DAYS = [1, 20, 30, 31, 45, 90, 91, 200, 365, 366, 500, 730, 731, 900, 1095, 1096]
EMAIL = "sarah.lee+trial@acme.com"
_DEFAULTS = {"STRING": "x", "INTEGER": 0, "FLOAT": 0.0, "BOOLEAN": False, "JSON": "{}"}


def _start(days: int) -> datetime:
    """10:00 UTC, `days` before AS_OF: older than N days exactly when days > N."""
    return datetime.combine(AS_OF - timedelta(days=days), time(10), tzinfo=UTC)


def _insert(con: duckdb.DuckDBPyConnection, table: str, **values) -> None:
    for col in TABLES_BY_NAME[table].columns:
        if col.name not in values and col.mode == "REQUIRED":
            values[col.name] = _start(0) if col.type == "TIMESTAMP" else _DEFAULTS[col.type]
    names = ", ".join(values)
    con.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()))


def _fill(path: Path) -> list[tuple[str, int, str]]:
    """Two calls (tier_1, tier_3) per age in DAYS, with transcript, analysis, two metrics
    rows and an alert each; plus hourly rollups 4 and 6 years old."""
    DuckDBWarehouse(path).create_tables()
    calls = []
    with duckdb.connect(str(path)) as con:
        for days in DAYS:
            for tier in ("tier_1", "tier_3"):
                sid, start = f"s{days}-{tier}", _start(days)
                calls.append((sid, days, tier))
                text = f"I'm Sarah, call (415) 555-0132 or mail {EMAIL}"
                record = {"session_id": sid, "session": {"user_name": "Sarah Lee",
                          "user_email": EMAIL}, "transcript": [{"role": "user", "text": text}]}
                _insert(con, "sessions", session_id=sid, start_time=start, end_time=start,
                        qualification_tier=tier, user_name="Sarah Lee", user_email=EMAIL)
                _insert(con, "transcripts", session_id=sid, start_time=start,
                        transcript_json=orjson.dumps(record["transcript"]).decode(),
                        transcript_text=f"user: {text}",
                        session_record=orjson.dumps(record).decode())
                _insert(con, "analysis_results", session_id=sid, analyzed_at=start,
                        sales_intelligence=orjson.dumps({"stakeholders": [
                            {"role": "cfo", "name": "Tom Baker"}]}).decode(),
                        action_items=orjson.dumps([{"text": f"Tom Baker to email {EMAIL}",
                                                    "owner": "Sarah"}]).decode())
                for turn in (0, 1):
                    _insert(con, "metrics", id=f"{sid}:{turn}", session_id=sid,
                            timestamp=start + timedelta(minutes=turn), metric_type="agent_turn",
                            turn_index=turn, total_latency_ms=100.0 * (turn + 1),
                            total_tokens=10, agent_version="v1")
                _insert(con, "alerts_history", id=f"a-{sid}", triggered_at=start)
    return calls


def _snapshot(path: Path, archive: Path) -> dict[str, object]:
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute(f"ATTACH '{archive}' AS archive (READ_ONLY)")
        tables = [r[0] for r in con.execute(
            "SELECT database_name || '.' || table_name FROM duckdb_tables() "
            "WHERE table_name != 'retention_runs' ORDER BY 1").fetchall()]
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


@pytest.fixture
def warehouse(tmp_path: Path) -> tuple[Path, Path, list]:
    path, archive = tmp_path / "w.duckdb", tmp_path / "cold"
    calls = _fill(path)
    duckdb_run.run(path, date(2000, 1, 1), archive_dir=archive)  # creates tables, changes none
    with duckdb.connect(str(path)) as con:  # rollups written by earlier runs, 4 and 6 years old
        for years in (4, 6):
            con.execute("INSERT INTO metrics_hourly (hour, metric_type, agent_version, turns, "
                        "excluded_turns, latency_turns, created_at) VALUES (?, 'agent_turn', "
                        "'v0', 1, 0, 1, ?)", [_start(years * 365), _start(0)])
    return path, archive, calls


def _counts(counts: list[duckdb_run.RuleCount]) -> dict[str, int]:
    return {c.rule.name: c.rows for c in counts}


def test_tables_hold_what_the_policy_says(warehouse) -> None:
    path, archive, calls = warehouse
    first = _counts(duckdb_run.run(path, AS_OF, archive_dir=archive))
    tier3 = [(s, d) for s, d, t in calls if t == "tier_3"]
    assert first == {
        "analysis_pii_redact": sum(d > 30 for _, d in tier3),
        "transcripts_pii_redact": sum(d > 30 for _, d in tier3),
        "transcripts_archive": sum(d > 90 for _, d, _ in calls),
        "transcripts_archive_delete": sum(d > 730 for _, d, _ in calls),
        "metrics_rollup": 2 * sum(d > 365 for _, d, _ in calls),
        "metrics_hourly_delete": 1,
        "alerts_archive": sum(d > 365 for _, d, _ in calls),
        "alerts_archive_delete": sum(d > 1095 for _, d, _ in calls),
    }
    by_id = {s: (d, t) for s, d, t in calls}
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute(f"ATTACH '{archive / duckdb_run.ARCHIVE_FILE}' AS archive (READ_ONLY)")
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        hot = dict(q("SELECT session_id, pii_redacted FROM transcripts"))
        assert hot == {s: t == "tier_3" and d > 30 for s, d, t in calls if d <= 90}
        cold = {r[0] for r in q("SELECT session_id FROM archive.transcripts")}
        assert cold == {s for s, d, _ in calls if 90 < d <= 730}
        for sid, text, record, redacted in q(
                "SELECT session_id, transcript_text, CAST(session_record AS VARCHAR), "
                "pii_redacted FROM main.transcripts UNION ALL SELECT session_id, "
                "transcript_text, CAST(session_record AS VARCHAR), pii_redacted "
                "FROM archive.transcripts"):
            days, tier = by_id[sid]
            clean = tier == "tier_3" and days > 30
            assert redacted == clean
            assert (EMAIL in text, "Sarah" in text, "555-0132" in text) == (not clean,) * 3
            assert (EMAIL in record) == (not clean) and f'"session_id":"{sid}"' in record
        analysis = q("SELECT session_id, CAST(action_items AS VARCHAR), "
                     "CAST(sales_intelligence AS VARCHAR) FROM analysis_results")
        assert len(analysis) == len(calls)  # kept indefinitely
        for sid, items, sales in analysis:
            days, tier = by_id[sid]
            clean = tier == "tier_3" and days > 30
            assert (EMAIL in items, "Tom Baker" in items + sales) == (not clean, not clean)
        metrics = {r[0] for r in q("SELECT session_id FROM metrics")}
        assert metrics == {s for s, d, _ in calls if d <= 365}
        hourly = q("SELECT turns, latency_turns, total_latency_ms_sum, total_latency_ms_max "
                   "FROM metrics_hourly WHERE agent_version = 'v1'")
        assert len(hourly) == sum(365 < d <= 1825 for d in DAYS)  # both calls of a day: 1 hour
        assert set(hourly) == {(4, 4, 600.0, 200.0)}
        assert q("SELECT count(*) FROM metrics_hourly WHERE agent_version = 'v0'") == [(1,)]
        assert {r[0] for r in q("SELECT id FROM alerts_history")} == {
            f"a-{s}" for s, d, _ in calls if d <= 365}
        assert {r[0] for r in q("SELECT id FROM archive.alerts_history")} == {
            f"a-{s}" for s, d, _ in calls if 365 < d <= 1095}
        runs = q("SELECT rule, rows_affected FROM retention_runs WHERE as_of = DATE "
                 "'2025-06-30'")
        assert dict(runs) == first

    before = _snapshot(path, archive / duckdb_run.ARCHIVE_FILE)
    second = _counts(duckdb_run.run(path, AS_OF, archive_dir=archive))
    assert set(second.values()) == {0}
    assert _snapshot(path, archive / duckdb_run.ARCHIVE_FILE) == before


def test_dry_run_counts_and_changes_nothing(warehouse, capsys) -> None:
    path, archive, _ = warehouse
    before = _snapshot(path, archive / duckdb_run.ARCHIVE_FILE)
    args = ["run", "--duckdb_path", str(path), "--as-of", AS_OF.isoformat(), "--dry-run",
            "--archive_dir", str(archive)]
    assert _main(args) == 0
    out = capsys.readouterr().out
    archived = 2 * sum(d > 90 for d in DAYS)
    line = next(x for x in out.splitlines() if "transcripts_archive " in x)
    assert line.endswith(f"would change {archived} rows")
    assert _snapshot(path, archive / duckdb_run.ARCHIVE_FILE) == before
    applied = _counts(duckdb_run.run(path, AS_OF, archive_dir=archive))
    assert applied["transcripts_archive"] == archived


def test_empty_warehouse(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new" / "w.duckdb"
    assert _main(["run", "--duckdb_path", str(path), "--dry-run"]) == 0
    assert not path.exists()  # a dry run creates nothing
    assert _main(["run", "--duckdb_path", str(path), "--as-of", "2025-01-01"]) == 0
    assert path.exists() and (tmp_path / "new" / "archive" / duckdb_run.ARCHIVE_FILE).exists()
    assert capsys.readouterr().out.count("changed 0 rows") == len(RULES)


def test_bigquery_sql_renders_every_rule(capsys) -> None:
    assert _main(["run", "--print-bigquery-sql"]) == 0
    sql = capsys.readouterr().out
    assert sql == bigquery_script(BigQuery())
    for rule in RULES:
        assert f"-- rule {rule.name}:" in sql
    assert "EXPORT DATA" in sql and "MERGE" in sql and "TIMESTAMP_SUB(TIMESTAMP(@run_date)" in sql
    assert "gs://voice-analytics-archive/alerts_history/: delete objects older than 730" in sql


def _main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    retention_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["retention", *argv])
    return args.run(args)


def test_dry_run_on_a_warehouse_that_never_ran_retention(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    DuckDBWarehouse(path).create_tables()  # the job's tables only, none of retention's
    counts = duckdb_run.run(path, date(2026, 1, 1), dry_run=True)
    assert [c.rows for c in counts] == [0] * len(RULES)
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                  .fetchall()}
    assert "retention_runs" not in tables  # a dry run leaves the warehouse as it was
