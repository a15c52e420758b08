"""The dashboard's panel queries over a warehouse the real job wrote.

Every figure is recomputed here in plain Python from the raw rows (sessions, metrics, analyses,
session records, leads, alerts), following the definitions in looker/README.md, and must agree
with the panel functions under several filter combinations. Filters must change results, and
an empty or missing warehouse must give empty panels rather than errors.
"""

import json
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from generator import generate_items, write_items
from pipeline.dashboard import app as dashboard_app
from pipeline.dashboard.queries import (
    CALL_FILTERS,
    HOT_LEAD_SCORE_ABOVE,
    LEAD_SCORE_BANDS,
    PANELS,
    SEAT_PRICE_USD_PER_MONTH,
    TEAM_SIZE_BANDS,
    Filters,
    connect,
    filter_values,
    panel_business,
    panel_knowledge,
    panel_performance,
    panel_quality,
    panel_sales,
    panel_trends,
)
from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.main import run

NOW = datetime(2026, 11, 1, 23, 0, tzinfo=UTC)  # the generated calls end on 2026-11-01
FRIDAY = datetime(2026, 10, 30, 21, 30, tzinfo=UTC)  # most calls, and the seed's hot lead
FIRST, LAST = date(2026, 10, 30), date(2026, 11, 1)


@dataclass
class Raw:
    """Everything the warehouse holds, read with plain SELECTs and parsed in Python."""

    sessions: list[dict]
    analyses: dict[str, dict]
    records: dict[str, dict]
    record_start: dict[str, datetime]
    metrics: list[dict]
    leads: dict[str, dict]
    alerts: list[dict]


def _select(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _alert(id_: str, alert_type: str, triggered: str, session_id: str | None = None) -> dict:
    return {"id": id_, "alert_type": alert_type, "alert_name": f"{id_} alert", "severity": "P2",
            "message": "m", "context": json.dumps({"value": 0.25}), "session_id": session_id,
            "triggered_at": triggered, "sent_to": ["slack:#ops"], "rule": id_,
            "delivery_status": "sent"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """160 generated calls over 2026-10-30..11-01 through the batch job, and a few alerts."""
    tmp = tmp_path_factory.mktemp("dashboard")
    source, db = tmp / "sessions.jsonl", tmp / "warehouse.duckdb"
    write_items(generate_items(160, 11, end_date=LAST, days=3), source)
    run(["--input_files", str(source), "--duckdb_path", str(db),
         "--dead_letter_path", str(tmp / "dead.jsonl"), "--sinks", "none"])
    with duckdb.connect(str(db), read_only=True) as con:
        tier_3 = con.execute("SELECT session_id FROM sessions WHERE qualification_tier = "
                             "'tier_3' LIMIT 1").fetchone()[0]
        tier_1 = con.execute("SELECT session_id FROM sessions WHERE qualification_tier = "
                             "'tier_1' LIMIT 1").fetchone()[0]
    DuckDBWarehouse(db).record_alerts([
        _alert("latency", "operational", "2026-10-31T12:00:00Z"),
        _alert("old", "operational", "2026-10-20T12:00:00Z"),
        _alert("per_call_tier_3", "operational", "2026-11-01T08:00:00Z", tier_3),
        _alert("hot_lead", "business", "2026-11-01T09:00:00Z", tier_1),
    ])
    return db


@pytest.fixture(scope="module")
def raw(warehouse: Path) -> Raw:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        sessions = _select(con, "SELECT * FROM sessions")
        analyses = {r["session_id"]: {k: json.loads(v) for k, v in r.items()
                                      if k not in ("session_id", "analyzed_at",
                                                   "analyzer_version")}
                    for r in _select(con, "SELECT * EXCLUDE (analyzed_at, analyzer_version) "
                                          "FROM analysis_results")}
        transcripts = _select(con, "SELECT session_id, start_time, session_record "
                                   "FROM transcripts")
        return Raw(
            sessions=sessions, analyses=analyses,
            records={t["session_id"]: json.loads(t["session_record"]) for t in transcripts},
            record_start={t["session_id"]: t["start_time"] for t in transcripts},
            metrics=_select(con, "SELECT * FROM metrics"),
            leads={r["email"]: r for r in _select(con, "SELECT * FROM leads")},
            alerts=_select(con, "SELECT * FROM alerts_history"))


@pytest.fixture
def con(warehouse: Path):
    with connect(warehouse) as connection:
        yield connection


FULL = Filters.days(FIRST, LAST, now=NOW)
FILTERS = {
    "all three days": FULL,
    "tier_1": replace(FULL, qualification_tier=("tier_1",)),
    "tiers 1 and 2, positive or neutral": replace(
        FULL, qualification_tier=("tier_1", "tier_2"), sentiment=("positive", "neutral")),
    "last day, one agent version": replace(Filters.days(LAST, LAST, now=NOW),
                                           agent_version=("pd-voice-agent/2.3.0",)),
    "open range": Filters(now=NOW),
    "as of the first (busiest) evening": Filters.days(FIRST, FIRST, now=FRIDAY),
}
by_filters = pytest.mark.parametrize("f", FILTERS.values(), ids=FILTERS.keys())


# --- The figures, recomputed -----------------------------------------------------------------


def _in_range(moment: datetime, f: Filters) -> bool:
    return (f.start is None or moment >= f.start) and (f.end is None or moment < f.end)


def _matches(call: dict, f: Filters) -> bool:
    return all(not getattr(f, name) or call[name] in getattr(f, name) for name in CALL_FILTERS)


def _calls(raw: Raw, f: Filters) -> list[dict]:
    return [s for s in raw.sessions if _in_range(s["start_time"], f) and _matches(s, f)]


def _caller(call: dict) -> str:
    return (call["user_email"] or "").strip().lower() or call["participant_id"]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (DuckDB's quantile_cont)."""
    if not values:
        return None
    ordered, position = sorted(values), (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0, tzinfo=None)


def _nonzero(rows: list[dict], key: str, value: str) -> dict:
    return {r[key]: r[value] for r in rows if r[value]}


# --- Tests -----------------------------------------------------------------------------------


def test_the_warehouse_has_what_the_figures_need(raw: Raw) -> None:
    assert len(raw.sessions) == 160
    assert {s["qualification_tier"] for s in raw.sessions} == {"tier_1", "tier_2", "tier_3"}
    assert sum(s["meeting_booked"] for s in raw.sessions) > 5
    assert sum(len(r["tool_calls"]) for r in raw.records.values()) > 50
    assert any(a["content_gaps"]["missing_documentation_areas"] for a in raw.analyses.values())


@by_filters
def test_performance_monitoring(con, raw: Raw, f: Filters) -> None:
    got, now = panel_performance(con, f), f.now
    day_ago = now - timedelta(hours=24)
    calls = [s for s in _calls(raw, f) if day_ago <= s["start_time"] <= now]
    assert got["calls_last_24_hours"] == len(calls)
    assert got["current_calls_active"] == sum(
        now - timedelta(minutes=15) <= s["end_time"] <= now for s in calls)
    errors = sum(s["end_reason"] == "error" for s in calls)
    assert got["error_rate"] == _ratio(errors, len(calls))

    matching = {s["session_id"] for s in raw.sessions if _matches(s, f)}
    turns = [m for m in raw.metrics if _in_range(m["timestamp"], f) and m["timestamp"] <= now
             and m["session_id"] in matching]
    counted = [m for m in turns if m["excluded_reason"] is None
               and m["total_latency_ms"] is not None]
    assert got["average_latency_last_hour_ms"] == pytest.approx(_mean(
        [m["total_latency_ms"] for m in counted if m["timestamp"] >= now - timedelta(hours=1)]))
    window = [m for m in turns if m["timestamp"] >= day_ago]
    tokens: Counter = Counter()
    latencies = defaultdict(list)
    for m in window:
        tokens[_hour(m["timestamp"])] += m["total_tokens"] or 0
        if m["excluded_reason"] is None and m["total_latency_ms"] is not None:
            latencies[_hour(m["timestamp"])].append(m["total_latency_ms"])
    assert _nonzero(got["token_usage_rate"], "hour", "tokens") == {
        h: t for h, t in tokens.items() if t}
    trend = {r["hour"]: r for r in got["p95_latency_trend"]}
    assert len(trend) in (24, 25) and all(isinstance(h, datetime) for h in trend)
    for hour, values in latencies.items():
        assert trend[hour]["p95_ms"] == pytest.approx(_percentile(values, 0.95))
        assert trend[hour]["p50_ms"] == pytest.approx(_percentile(values, 0.5))
    assert {h for h, r in trend.items() if r["p95_ms"] is not None} == set(latencies)
    cost: Counter = Counter()
    for s in calls:
        cost[_hour(s["start_time"])] += s["cost_usd"] or 0
    assert _nonzero(got["cost_burn_rate"], "hour", "cost_usd") == pytest.approx(
        {h: c for h, c in cost.items() if c})
    assert {r["connection_quality"]: r["calls"]
            for r in got["connection_quality_distribution"]} == Counter(
        s["connection_quality"] or "not reported" for s in calls)


@by_filters
def test_business_metrics(con, raw: Raw, f: Filters) -> None:
    got = panel_business(con, f)
    calls = _calls(raw, f)
    today = datetime(f.now.year, f.now.month, f.now.day, tzinfo=UTC)
    assert got["calls"] == len(calls)
    assert got["todays_calls"] == sum(today <= s["start_time"] <= f.now for s in calls)
    assert got["qualified_leads_tier_1"] == len(
        {_caller(s) for s in calls if s["qualification_tier"] == "tier_1"})
    meetings = sum(s["meeting_booked"] for s in calls)
    assert got["meetings_booked"] == meetings
    assert got["conversion_rate"] == _ratio(meetings, len(calls))
    assert got["average_engagement_score"] == pytest.approx(
        _mean([s["engagement_score"] for s in calls if s["engagement_score"] is not None]))
    # The executive digest's rule, walked in start order as pipeline/alerts/digests.py does.
    qualified, team_size = set(), {}
    for s in sorted(calls, key=lambda s: s["start_time"]):
        if s["qualification_tier"] in ("tier_1", "tier_2"):
            qualified.add(_caller(s))
        stated = raw.analyses[s["session_id"]]["sales_intelligence"]["team_size"]
        if stated:
            team_size[_caller(s)] = stated
    assert got["revenue_pipeline_influenced"] == sum(
        team_size.get(c, 1) for c in qualified) * SEAT_PRICE_USD_PER_MONTH * 12


@by_filters
def test_call_quality(con, raw: Raw, f: Filters) -> None:
    got = panel_quality(con, f)
    calls = _calls(raw, f)
    assert got["calls"] == len(calls)
    assert got["average_call_duration_min"] == pytest.approx(
        _mean([s["duration_seconds"] / 60 for s in calls]))
    assert got["average_turn_count"] == pytest.approx(_mean([s["turn_count"] for s in calls]))
    assert got["interruption_rate"] == pytest.approx(_ratio(
        sum(s["interruption_count"] for s in calls), sum(s["turn_count"] for s in calls)))
    quality = [raw.analyses[s["session_id"]]["quality_analysis"] for s in calls]
    assert got["natural_ending_rate"] == pytest.approx(_ratio(
        sum(q["natural_ending"] for q in quality), len(quality)))
    assert got["user_satisfaction_proxy"] == pytest.approx(
        _mean([q["user_satisfaction_proxy"] for q in quality]))
    assert {r["sentiment"]: r["calls"] for r in got["sentiment_distribution"]} == Counter(
        s["sentiment"] for s in calls)


@by_filters
def test_knowledge_base_effectiveness(con, raw: Raw, f: Filters) -> None:
    got = panel_knowledge(con, f)
    calls = _calls(raw, f)
    tool_calls = [(s["session_id"], tc) for s in calls
                  for tc in raw.records[s["session_id"]]["tool_calls"]
                  if _in_range(raw.record_start[s["session_id"]], f)]
    searches = [tc for _, tc in tool_calls if tc["name"] == "unleash_search_knowledge"]
    found = [tc for tc in searches if tc["results_found"] and tc["total_results"] > 0]
    assert got["knowledge_searches"] == len(searches)
    assert got["search_success_rate"] == _ratio(len(found), len(searches))
    assert got["average_results_per_query"] == pytest.approx(
        _mean([tc["total_results"] for tc in searches]))
    queries = Counter(tc["query"].strip().lower() for tc in searches)
    top = got["top_searched_queries"]
    assert len(top) == min(15, len(queries))
    assert all(queries[r["query"]] == r["searches"] for r in top)
    assert [r["searches"] for r in top] == sorted(queries.values(), reverse=True)[:len(top)]
    failed = Counter(tc["query"].strip().lower() for tc in searches if tc not in found)
    assert all(failed[r["query"]] == r["searches"] for r in got["failed_searches"])
    assert {r["tool_name"]: (r["tool_calls"], r["calls"])
            for r in got["tool_usage_breakdown"]} == {
        name: (n, len({sid for sid, tc in tool_calls if tc["name"] == name}))
        for name, n in Counter(tc["name"] for _, tc in tool_calls).items()}
    areas = Counter(area for s in calls for area in set(
        raw.analyses[s["session_id"]]["content_gaps"]["missing_documentation_areas"]))
    assert {r["area"]: r["calls"] for r in got["content_gaps_identified"]} == areas


@by_filters
def test_sales_intelligence(con, raw: Raw, f: Filters) -> None:
    got = panel_sales(con, f)
    calls = _calls(raw, f)
    scores = Counter(min(int(s["lead_score"] // 20), 4) for s in calls
                     if s["lead_score"] is not None)
    assert got["lead_score_distribution"] == [
        {"band": band, "calls": scores[i]} for i, band in enumerate(LEAD_SCORE_BANDS)]
    industries = Counter(s["industry"] for s in calls)
    top = got["top_industries"]
    assert [r["calls"] for r in top] == sorted(industries.values(), reverse=True)[:10]
    for row in top:
        of_industry = [s for s in calls if s["industry"] == row["industry"]]
        assert row["qualification_rate"] == pytest.approx(_ratio(
            sum(s["qualification_tier"] in ("tier_1", "tier_2") for s in of_industry),
            len(of_industry)))
    limits = (2, 6, 11, 26, 51, 101, 251)
    bands = defaultdict(set)
    for s in calls:
        size = raw.analyses[s["session_id"]]["sales_intelligence"]["team_size"]
        if size is not None:
            bands[sum(size >= limit for limit in limits)].add(_caller(s))
    assert got["team_size_distribution"] == [
        {"band": band, "callers": len(bands[i])} for i, band in enumerate(TEAM_SIZE_BANDS)]

    def per_call(items) -> dict[str, int]:
        return dict(Counter(x for s in calls for x in set(items(raw.analyses[s["session_id"]]))))

    def as_dict(rows: list[dict], key: str) -> dict[str, int]:
        return {r[key]: r["calls"] for r in rows}

    assert as_dict(got["integration_needs_breakdown"], "integration") == per_call(
        lambda a: a["sales_intelligence"]["integration_needs"])
    assert as_dict(got["competitor_mentions"], "competitor") == per_call(
        lambda a: [m["competitor"] for m in a["competitors"]["mentions"]
                   if m["stance"] != "negated"])
    assert as_dict(got["common_objections"], "objection") == per_call(
        lambda a: a["objections"]["types"])


@by_filters
def test_trending_insights(con, raw: Raw, f: Filters) -> None:
    got = panel_trends(con, f)
    calls = _calls(raw, f)
    per_day = Counter(s["start_time"].astimezone(UTC).date() for s in calls)
    trend = got["calls_trend"]
    if f.start:  # every day of the range, none missing
        assert [r["day"] for r in trend] == [
            f.start.date() + timedelta(days=d) for d in range((f.end - f.start).days)]
    assert {r["day"]: r["calls"] for r in trend if r["calls"]} == dict(per_day)
    counts = [r["calls"] for r in trend]
    assert [r["calls_7_day_average"] for r in trend] == pytest.approx(
        [_mean(counts[max(0, i - 6):i + 1]) for i in range(len(counts))])
    for row in got["qualification_rate_trend"]:
        of_day = [s for s in calls if s["start_time"].astimezone(UTC).date() == row["day"]]
        assert row["qualification_rate"] == _ratio(
            sum(s["qualification_tier"] in ("tier_1", "tier_2") for s in of_day), len(of_day))
    assert {r["day"]: r["meetings_booked"] for r in got["meeting_booking_trend"]
            if r["meetings_booked"]} == dict(Counter(
                s["start_time"].astimezone(UTC).date() for s in calls if s["meeting_booked"]))

    by_id = {s["session_id"]: s for s in raw.sessions}
    alerts = [a for a in raw.alerts if a["alert_type"] == "operational"
              and _in_range(a["triggered_at"], f)
              and (a["session_id"] is None or _matches(by_id[a["session_id"]], f))]
    assert [a["alert_name"] for a in got["performance_degradation_alerts"]] == [
        a["alert_name"] for a in sorted(alerts, key=lambda a: a["triggered_at"], reverse=True)]
    assert all(a["value"] == 0.25 and a["sent_to"] == "slack:#ops"
               for a in got["performance_degradation_alerts"])

    today = datetime(f.now.year, f.now.month, f.now.day, tzinfo=UTC)
    latest: dict[str, dict] = {}
    for s in sorted(raw.sessions, key=lambda s: s["start_time"]):
        if today <= s["start_time"] <= f.now and (s["lead_score"] or 0) > HOT_LEAD_SCORE_ABOVE:
            latest[_caller(s)] = s
    hot = [s for s in latest.values() if _in_range(s["start_time"], f) and _matches(s, f)]
    assert sorted(r["session_id"] for r in got["hot_leads_today"]) == sorted(
        s["session_id"] for s in hot)
    for row in got["hot_leads_today"]:
        lead = raw.leads.get((by_id[row["session_id"]]["user_email"] or "").strip().lower())
        assert row["team_size"] == (lead["team_size"] if lead else None)


def test_hot_leads_today_lists_todays_best_callers(con, raw: Raw) -> None:
    """As of the Friday evening, that day's hot caller is listed; none on Sunday."""
    hot = panel_trends(con, replace(FULL, now=FRIDAY))["hot_leads_today"]
    assert hot, "seed 11 has a call scoring above 80 on 2026-10-30"
    assert panel_trends(con, FULL)["hot_leads_today"] == []
    assert [r["lead_score"] for r in hot] == sorted((r["lead_score"] for r in hot),
                                                    reverse=True)
    assert all(r["lead_score"] > HOT_LEAD_SCORE_ABOVE for r in hot)


def test_filters_change_results(con) -> None:
    everything = {key: query(con, FULL) for key, (_, query) in PANELS.items()}
    for name in ("qualification_tier", "sentiment", "industry", "agent_version"):
        value = filter_values(con)[name][0]
        narrowed = {key: query(con, replace(FULL, **{name: (value,)}))
                    for key, (_, query) in PANELS.items()}
        assert narrowed["business"]["calls"] < everything["business"]["calls"], name
        assert narrowed["quality"]["calls"] < everything["quality"]["calls"], name
        assert narrowed["sales"] != everything["sales"], name
        assert narrowed["trends"]["calls_trend"] != everything["trends"]["calls_trend"], name
    one_day = Filters.days(LAST, LAST, now=NOW)
    assert panel_business(con, one_day)["calls"] < everything["business"]["calls"]
    # A per-call operational alert about a tier_3 call goes when only tier_1 calls are shown;
    # alerts about no single call stay.
    names = [a["alert_name"] for a in everything["trends"]["performance_degradation_alerts"]]
    tier_1 = [a["alert_name"] for a in panel_trends(con, replace(
        FULL, qualification_tier=("tier_1",)))["performance_degradation_alerts"]]
    assert names == ["per_call_tier_3 alert", "latency alert"] and tier_1 == ["latency alert"]


def test_filter_values_are_data_not_sql(con) -> None:
    hostile = replace(FULL, qualification_tier=("tier_1' OR '1'='1",),
                      industry=("x); DROP TABLE sessions; --",))
    assert panel_business(con, hostile)["calls"] == 0
    assert panel_business(con, FULL)["calls"] == 160


def test_filter_values_come_from_the_calls(con, raw: Raw) -> None:
    values = filter_values(con)
    for name in CALL_FILTERS:
        assert values[name] == sorted({s[name] for s in raw.sessions if s[name] is not None})


def _assert_empty(panels: dict[str, dict[str, Any]]) -> None:
    business, quality = panels["business"], panels["quality"]
    assert business["calls"] == 0 and business["revenue_pipeline_influenced"] == 0
    assert business["conversion_rate"] is None and quality["natural_ending_rate"] is None
    performance = panels["performance"]
    assert performance["current_calls_active"] == 0 and performance["error_rate"] is None
    assert all(r["tokens"] == 0 for r in performance["token_usage_rate"])
    assert panels["knowledge"]["knowledge_searches"] == 0
    assert panels["knowledge"]["search_success_rate"] is None
    assert all(r["calls"] == 0 for r in panels["sales"]["lead_score_distribution"])
    assert panels["trends"]["hot_leads_today"] == []
    assert all(r["calls"] == 0 for r in panels["trends"]["calls_trend"])


@pytest.mark.parametrize("kind", ["missing file", "tables but no rows"])
def test_an_empty_warehouse_gives_empty_panels(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "empty.duckdb"
    if kind == "tables but no rows":
        DuckDBWarehouse(db).create_tables()
    with connect(db) as con:
        panels = {key: query(con, FULL) for key, (_, query) in PANELS.items()}
        assert filter_values(con) == {name: [] for name in CALL_FILTERS}
    _assert_empty(panels)
    for key, render in dashboard_app.RENDERERS.items():  # and the page draws them
        assert render(panels[key])


def test_a_warehouse_being_written_is_waited_for(warehouse: Path, tmp_path: Path) -> None:
    """The job holds the file while it writes a batch; a reader retries, then gives up."""
    db = tmp_path / "busy.duckdb"
    db.write_bytes(warehouse.read_bytes())
    writer = duckdb.connect(str(db))  # read-write in this process: a read-only open conflicts
    with pytest.raises(duckdb.Error):
        connect(db, wait_seconds=0.2)
    threading.Timer(0.3, writer.close).start()
    started = time.monotonic()
    with connect(db, wait_seconds=10) as con:
        assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 160
    assert 0.2 < time.monotonic() - started < 5


def test_the_server_answers_panel_callbacks(warehouse: Path) -> None:
    """The page over HTTP: layout with the six panels and five filters, and a panel callback."""
    client = dashboard_app.create_app(warehouse, now=NOW).server.test_client()
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout").get_data(as_text=True)
    for title, _ in PANELS.values():
        assert title in layout
    for control in ("date-range", *(f"filter-{name}" for name in CALL_FILTERS)):
        assert f'"{control}"' in layout

    def business(tiers: list[str]) -> str:
        inputs = [{"id": "date-range", "property": "start_date", "value": FIRST.isoformat()},
                  {"id": "date-range", "property": "end_date", "value": LAST.isoformat()},
                  *({"id": f"filter-{name}", "property": "value",
                     "value": tiers if name == "qualification_tier" else []}
                    for name in CALL_FILTERS),
                  {"id": "refresh", "property": "n_intervals", "value": None}]
        response = client.post("/_dash-update-component", json={
            "output": "panel-business-body.children",
            "outputs": {"id": "panel-business-body", "property": "children"},
            "inputs": inputs, "changedPropIds": ["filter-qualification_tier.value"],
            "state": []})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data(as_text=True)

    with connect(warehouse) as con:
        tier_1 = panel_business(con, replace(FULL, qualification_tier=("tier_1",)))
        everything = panel_business(con, FULL)
    assert f"of {everything['calls']:,} calls" in business([])
    assert f"of {tier_1['calls']:,} calls" in business(["tier_1"])


def test_the_page_serves_a_missing_warehouse_as_empty(tmp_path: Path) -> None:
    client = dashboard_app.create_app(tmp_path / "not-yet.duckdb").server.test_client()
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and "Trending Insights" in layout.get_data(as_text=True)


def test_the_dashboard_command_line() -> None:
    import argparse

    from cli import dashboard

    parser = argparse.ArgumentParser()
    dashboard.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["dashboard", "--duckdb_path", "data/w.duckdb", "--port", "0",
                              "--now", "2026-11-01T18:00:00Z"])
    assert (args.duckdb_path, args.port, args.host) == ("data/w.duckdb", 0, "127.0.0.1")
    assert args.now == datetime(2026, 11, 1, 18, tzinfo=UTC) and args.run is dashboard.run
    assert parser.parse_args(["dashboard", "--duckdb_path", "w", "--now", "latest"]).now == (
        "latest")
    with pytest.raises(SystemExit):
        parser.parse_args(["dashboard", "--duckdb_path", "w", "--now", "2026-11-01T18:00"])
