"""`voice-analytics alerts ...` over a real warehouse: digests recorded once, ack and resolve,
the monitor's Agent Down episode, and an older warehouse gaining the new alert columns."""

import json
from datetime import UTC, datetime

import duckdb

from cli.main import main
from pipeline.alerts.config import load_config
from pipeline.alerts.monitor import monitor_once
from pipeline.alerts.sink import AlertDispatcher
from pipeline.duckdb_warehouse import DuckDBWarehouse
from schemas.tables import ALERTS_HISTORY

TUESDAY_NOON = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # within business hours


def _cli(tmp_path, *args: str) -> int:
    return main(["alerts", *args, "--duckdb-path", str(tmp_path / "w.duckdb"),
                 "--outbox-dir", str(tmp_path / "outbox")])


def _rows(tmp_path) -> dict[str, dict]:
    warehouse = DuckDBWarehouse(tmp_path / "w.duckdb")
    return {r["id"]: r for r in warehouse.query("SELECT * FROM {alerts_history}")}


def test_digest_ack_and_resolve(tmp_path, capsys) -> None:
    assert _cli(tmp_path, "digest", "--daily", "--at", "2026-11-24T06:00:00+00:00") == 0
    assert _cli(tmp_path, "digest", "--daily", "--at", "2026-11-24T07:00:00+00:00") == 0
    out = capsys.readouterr().out
    assert "Daily Executive Summary: outbox (daily_summary:2026-11-24)" in out
    assert "already sent" in out  # the same day's summary is not mailed twice
    mails = (tmp_path / "outbox" / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(m)["destination"] for m in mails] == ["email"]
    assert _cli(tmp_path, "ack", "daily_summary:2026-11-24", "--by", "dana") == 0
    assert _cli(tmp_path, "resolve", "daily_summary:2026-11-24") == 0
    row = _rows(tmp_path)["daily_summary:2026-11-24"]
    assert row["acknowledged_by"] == "dana" and row["acknowledged_at"] and row["resolved_at"]
    # A repeated delivery keeps the acknowledgement.
    assert _cli(tmp_path, "digest", "--daily", "--at", "2026-11-24T08:00:00+00:00") == 0
    assert _rows(tmp_path)["daily_summary:2026-11-24"]["acknowledged_by"] == "dana"


def test_ack_of_an_unknown_alert_says_so(tmp_path) -> None:
    try:
        _cli(tmp_path, "ack", "no-such-alert", "--by", "dana")
    except SystemExit as exc:
        assert "no alert with id 'no-such-alert'" in str(exc)
    else:
        raise AssertionError("expected an error")


def test_agent_down_pages_once_and_resolves_when_calls_return(tmp_path) -> None:
    warehouse = DuckDBWarehouse(tmp_path / "w.duckdb")
    warehouse.create_tables()
    dispatcher = AlertDispatcher(warehouse, str(tmp_path / "outbox"), load_config())
    [down] = monitor_once(dispatcher, None, now=TUESDAY_NOON)
    assert (down.rule, down.action) == ("agent_down", "trigger")
    assert monitor_once(dispatcher, None, now=TUESDAY_NOON) == []  # still down: no new page
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("INSERT INTO sessions (session_id, start_time, end_time, duration_seconds,"
                    " participant_id, turn_count, interruption_count, meeting_booked, "
                    "created_at, agent_version, schema_version, tool_calls_count) "
                    "VALUES ('s1', ?, ?, 60, 'p', 4, 0, false, ?, 'v1', '1.0', 0)",
                    [TUESDAY_NOON, TUESDAY_NOON, TUESDAY_NOON])
    [up] = monitor_once(dispatcher, None, now=TUESDAY_NOON)
    assert (up.id, up.action) == (down.id, "resolve")
    assert _rows(tmp_path)[down.id]["resolved_at"] is not None
    pages = [json.loads(line) for line in
             (tmp_path / "outbox" / "alerts.jsonl").read_text().splitlines()]
    assert [p["payload"]["event_action"] for p in pages] == ["trigger", "resolve"]


def test_an_older_warehouse_gains_the_new_alert_columns(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE alerts_history (id VARCHAR PRIMARY KEY, alert_type VARCHAR, "
                    "alert_name VARCHAR, severity VARCHAR, message VARCHAR, context JSON, "
                    "session_id VARCHAR, triggered_at TIMESTAMPTZ, sent_to VARCHAR[], "
                    "acknowledged_at TIMESTAMPTZ, acknowledged_by VARCHAR, "
                    "resolved_at TIMESTAMPTZ)")
    DuckDBWarehouse(path).create_tables()
    with duckdb.connect(str(path)) as con:
        columns = {r[0] for r in con.execute("SELECT column_name FROM information_schema."
                                             "columns WHERE table_name = 'alerts_history'")
                   .fetchall()}
    assert columns == set(ALERTS_HISTORY.column_names)


def test_agent_down_when_heartbeats_stop(tmp_path) -> None:
    from datetime import timedelta

    from agent.heartbeat import send_heartbeat

    warehouse = DuckDBWarehouse(tmp_path / "w.duckdb")
    warehouse.create_tables()
    dispatcher = AlertDispatcher(warehouse, str(tmp_path / "outbox"), load_config())
    beats = tmp_path / "heartbeat.json"
    send_heartbeat("agent/test", None, beats)
    now = datetime.now(UTC)
    assert monitor_once(dispatcher, None, now=now, heartbeats=str(beats)) == []
    [down] = monitor_once(dispatcher, None, now=now + timedelta(minutes=4),
                          heartbeats=str(beats))
    assert (down.rule, down.action) == ("agent_down", "trigger")
    assert "last heartbeat 24" in down.message
    send_heartbeat("agent/test", None, beats)  # the agent is back
    [up] = monitor_once(dispatcher, None, now=datetime.now(UTC), heartbeats=str(beats))
    assert (up.id, up.action) == (down.id, "resolve")
