"""The dashboard's figures: one function per panel of spec section 6, `panel_x(con, filters)`.

Every figure has the definition the LookML project gives it (`looker/README.md`, the views'
measure descriptions and the tiles' notes), so the local dashboard and Looker agree:

- The date range bounds each table's own time column: call start for calls, tool calls and
  analyses, turn time for latency and tokens, trigger time for alerts. Tiles with their own
  window (last 15 minutes, last hour, last 24 hours, today) apply it as well; both hold.
- Qualification tier, sentiment, industry and agent version filter the call (`sessions`);
  turns, tool calls and analyses follow their call. Alerts about no single call always show.
- Times are UTC. Hours and days in results are naive UTC datetimes and dates.

SQL is composed from fixed fragments only; every value (filter values, times, thresholds)
is a named parameter. Functions only read: the connection may be read-only.
"""

import re
import time as clock
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pipeline.alerts.config import load_config
from pipeline.alerts.digests import DEFAULT_SEAT_PRICE_USD_PER_MONTH
from schemas.duckdb_ddl import warehouse_ddl

# Same constants as the alert rules and the executive digest (and looker/manifest.lkml).
_CONFIG = load_config()
HOT_LEAD_SCORE_ABOVE: float = _CONFIG["business"]["hot_lead"]["score_above"]
SEAT_PRICE_USD_PER_MONTH: float = _CONFIG.get("executive", {}).get(
    "seat_price_usd_per_month", DEFAULT_SEAT_PRICE_USD_PER_MONTH)
QUALIFIED_TIERS = ("tier_1", "tier_2")
SEARCH_TOOL = "unleash_search_knowledge"

# The four call filters of spec 6.7 besides the date range: sessions columns.
CALL_FILTERS = ("qualification_tier", "sentiment", "industry", "agent_version")

LEAD_SCORE_BANDS = ("0-19", "20-39", "40-59", "60-79", "80-100")
TEAM_SIZE_BANDS = ("1", "2-5", "6-10", "11-25", "26-50", "51-100", "101-250", "251+")
_TEAM_SIZE_BAND_SQL = """CASE WHEN {v} < 2 THEN 0 WHEN {v} < 6 THEN 1 WHEN {v} < 11 THEN 2
    WHEN {v} < 26 THEN 3 WHEN {v} < 51 THEN 4 WHEN {v} < 101 THEN 5 WHEN {v} < 251 THEN 6
    ELSE 7 END"""
_CALLER_SQL = "coalesce(nullif(lower(trim({a}.user_email)), ''), {a}.participant_id)"
_PARAM = re.compile(r"\$([a-z_0-9]+)")

Row = dict[str, Any]


@dataclass(frozen=True)
class Filters:
    """The global filters of spec 6.7, and the moment the real-time windows end at.

    The date range is half-open, [start, end), in UTC; None leaves that side open. Empty
    tuples filter nothing. `now` defaults to the current time.
    """

    start: datetime | None = None
    end: datetime | None = None
    qualification_tier: tuple[str, ...] = ()
    sentiment: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    agent_version: tuple[str, ...] = ()
    now: datetime | None = None

    @classmethod
    def days(cls, first: date | None, last: date | None, **values: Any) -> "Filters":
        """Whole UTC days from `first` through `last` (the date picker's range)."""
        start = datetime.combine(first, time.min, UTC) if first else None
        end = datetime.combine(last + timedelta(days=1), time.min, UTC) if last else None
        return cls(start=start, end=end, **values)

    @classmethod
    def last_hours(cls, hours: float, now: datetime | None = None, **values: Any) -> "Filters":
        """The `hours` up to `now` (the bench's "last 24 hours")."""
        now = now or datetime.now(UTC)
        return cls(start=now - timedelta(hours=hours), end=now, now=now, **values)

    def pinned(self) -> "Filters":
        """These filters with `now` fixed, so every query of a panel sees the same moment."""
        return self if self.now else replace(self, now=datetime.now(UTC))

    @property
    def call_filtered(self) -> bool:
        return any(getattr(self, name) for name in CALL_FILTERS)

    def params(self) -> dict[str, Any]:
        """Every named parameter a panel query may use."""
        now = (self.now or datetime.now(UTC)).astimezone(UTC)
        today = datetime.combine(now.date(), time.min, UTC)
        values: dict[str, Any] = {
            "now": now, "now_15m": now - timedelta(minutes=15),
            "hour_ago": now - timedelta(hours=1), "day_ago": now - timedelta(hours=24),
            "two_days_ago": now - timedelta(hours=48),
            "today": today,  # "today" is the UTC day of `now`, up to `now`
            "range_start": self.start, "range_end": self.end,
            # Analyses and turns never precede their call; a day's margin covers clock skew.
            "after_range_start": self.start - timedelta(days=1) if self.start else None,
            "hot_lead_score": HOT_LEAD_SCORE_ABOVE, "seat_price": SEAT_PRICE_USD_PER_MONTH,
            "qualified_tiers": list(QUALIFIED_TIERS), "search_tool": SEARCH_TOOL,
        }
        values.update({name: list(getattr(self, name)) for name in CALL_FILTERS})
        return values


# --- Running queries -------------------------------------------------------------------------


def _execute(con: duckdb.DuckDBPyConnection, sql: str,
             params: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """Run `sql` with only the parameters it names (DuckDB refuses extra ones)."""
    return con.execute(sql, {name: params[name] for name in set(_PARAM.findall(sql))})


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> list[Row]:
    """Rows of `sql` as dicts."""
    cursor = _execute(con, sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> Row:
    return _rows(con, sql, params)[0]


def _ratio(part: float | None, whole: float | None) -> float | None:
    return part / whole if part is not None and whole else None


# --- Conditions ------------------------------------------------------------------------------


def _in_range(f: Filters, column: str, start: str = "range_start") -> str:
    """`column` within the date range (TRUE when the range is open)."""
    parts = []
    if f.start:
        parts.append(f"{column} >= ${start}")
    if f.end:
        parts.append(f"{column} < $range_end")
    return " AND ".join(parts) or "TRUE"


def _call_attributes(f: Filters, alias: str = "s") -> str:
    """The four call filters on the `sessions` row `alias` (TRUE when none is set)."""
    return " AND ".join(f"{alias}.{name} IN (SELECT unnest(${name}))"
                        for name in CALL_FILTERS if getattr(f, name)) or "TRUE"


def _calls(f: Filters, alias: str = "s") -> str:
    """Calls in the date range that match the call filters."""
    return f"{_in_range(f, f'{alias}.start_time')} AND {_call_attributes(f, alias)}"


def _analysis_join(f: Filters, alias: str = "a", call: str = "s") -> str:
    """The call's analysis, read only from analyses made since the range began."""
    bound = f" AND {alias}.analyzed_at >= $after_range_start" if f.start else ""
    return f"analysis_results {alias} ON {alias}.session_id = {call}.session_id{bound}"


def _turns_of_filtered_calls(f: Filters, alias: str = "m") -> str:
    """Agent turns of calls matching the call filters (TRUE when none is set)."""
    if not f.call_filtered:
        return "TRUE"
    return (f"{alias}.session_id IN (SELECT s.session_id FROM sessions s "
            f"WHERE s.start_time >= $two_days_ago AND {_call_attributes(f)})")


# --- Filling gaps ----------------------------------------------------------------------------


def _utc_hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0, tzinfo=None)


def _last_24_hours(f: Filters) -> list[datetime]:
    """The hour buckets (naive UTC) the last 24 hours touch, oldest first."""
    first, last = _utc_hour(f.now - timedelta(hours=24)), _utc_hour(f.now)
    return [first + timedelta(hours=h) for h in range(int((last - first).total_seconds()
                                                            // 3600) + 1)]


def _filled(rows: list[Row], key: str, buckets: Iterable[Any], empty: Row) -> list[Row]:
    """One row per bucket, in bucket order; missing buckets get `empty`'s values."""
    found = {row[key]: row for row in rows}
    return [found.get(bucket, {key: bucket, **empty}) for bucket in buckets]


def _days_of(f: Filters, rows: list[Row]) -> list[date]:
    """Every UTC day of the date range, or of the rows when the range is open."""
    seen = [row["day"] for row in rows]
    first = f.start.astimezone(UTC).date() if f.start else min(seen, default=None)
    last = (f.end - timedelta(microseconds=1)).astimezone(UTC).date() if f.end else max(
        seen, default=None)
    if first is None or last is None or last < first:
        return []
    return [first + timedelta(days=d) for d in range((last - first).days + 1)]


# --- 6.1 Performance Monitoring --------------------------------------------------------------


def panel_performance(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """Spec 6.1: real-time health of the agent (windows end at `f.now`)."""
    f = f.pinned()
    p = f.params()
    calls_24h = f"{_calls(f)} AND s.start_time >= $day_ago AND s.start_time <= $now"
    health = _one(con, f"""
        SELECT count(*) FILTER (WHERE s.end_time >= $now_15m AND s.end_time <= $now)
                   AS current_calls_active,
               count(*) FILTER (WHERE s.end_reason = 'error') AS error_calls,
               count(*) AS calls
        FROM sessions s WHERE {calls_24h}""", p)
    turns = (f"{_in_range(f, 'm.timestamp')} AND {_turns_of_filtered_calls(f)} "
             "AND m.timestamp <= $now")
    last_hour = _one(con, f"""
        SELECT avg(m.total_latency_ms) AS average_latency_ms
        FROM metrics m
        WHERE {turns} AND m.timestamp >= $hour_ago AND m.excluded_reason IS NULL""", p)
    hourly = _rows(con, f"""
        SELECT date_trunc('hour', timezone('UTC', m.timestamp)) AS hour,
               quantile_cont(m.total_latency_ms, 0.95) FILTER (WHERE m.excluded_reason IS NULL)
                   AS p95_ms,
               quantile_cont(m.total_latency_ms, 0.5) FILTER (WHERE m.excluded_reason IS NULL)
                   AS p50_ms,
               coalesce(sum(m.total_tokens), 0) AS tokens
        FROM metrics m WHERE {turns} AND m.timestamp >= $day_ago
        GROUP BY ALL""", p)
    cost = _rows(con, f"""
        SELECT date_trunc('hour', timezone('UTC', s.start_time)) AS hour,
               coalesce(sum(s.cost_usd), 0) AS cost_usd
        FROM sessions s WHERE {calls_24h} GROUP BY ALL""", p)
    quality = _rows(con, f"""
        SELECT coalesce(s.connection_quality, 'not reported') AS connection_quality,
               count(*) AS calls
        FROM sessions s WHERE {calls_24h} GROUP BY ALL ORDER BY calls DESC, 1""", p)
    hours = _last_24_hours(f)
    hourly = _filled(hourly, "hour", hours, {"p95_ms": None, "p50_ms": None, "tokens": 0})
    return {
        "current_calls_active": health["current_calls_active"],
        "average_latency_last_hour_ms": last_hour["average_latency_ms"],
        "p95_latency_trend": [{k: r[k] for k in ("hour", "p95_ms", "p50_ms")} for r in hourly],
        "error_rate": _ratio(health["error_calls"], health["calls"]),
        "error_calls": health["error_calls"],
        "calls_last_24_hours": health["calls"],
        "token_usage_rate": [{"hour": r["hour"], "tokens": int(r["tokens"])} for r in hourly],
        "cost_burn_rate": _filled(cost, "hour", hours, {"cost_usd": 0.0}),
        "connection_quality_distribution": quality,
    }


# --- 6.2 Business Metrics --------------------------------------------------------------------


def panel_business(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """Spec 6.2: calls, leads, meetings and the pipeline they influence."""
    f = f.pinned()
    p = f.params()
    figures = _one(con, f"""
        SELECT count(*) AS calls,
               count(*) FILTER (WHERE s.start_time >= $today AND s.start_time <= $now)
                   AS todays_calls,
               count(DISTINCT {_CALLER_SQL.format(a='s')})
                   FILTER (WHERE s.qualification_tier = 'tier_1') AS qualified_leads_tier_1,
               count(*) FILTER (WHERE s.meeting_booked) AS meetings_booked,
               avg(s.engagement_score) AS average_engagement_score
        FROM sessions s WHERE {_calls(f)}""", p)
    # The executive digest's rule: each distinct caller with a tier_1/tier_2 call in the range
    # counts the team size they last stated in the range (1 when unknown).
    pipeline = _one(con, f"""
        WITH calls AS (
            SELECT {_CALLER_SQL.format(a='s')} AS caller, s.start_time,
                   s.qualification_tier IN (SELECT unnest($qualified_tiers)) AS qualified,
                   nullif(TRY_CAST(a.sales_intelligence->>'$.team_size' AS BIGINT), 0)
                       AS team_size
            FROM sessions s LEFT JOIN {_analysis_join(f)}
            WHERE {_calls(f)}),
        callers AS (
            SELECT coalesce(arg_max(team_size, start_time) FILTER (WHERE team_size IS NOT NULL),
                            1) AS team_size
            FROM calls GROUP BY caller HAVING bool_or(qualified))
        SELECT coalesce(sum(team_size), 0) * $seat_price * 12 AS revenue
        FROM callers""", p)
    return {
        **figures,
        "conversion_rate": _ratio(figures["meetings_booked"], figures["calls"]),
        "revenue_pipeline_influenced": float(pipeline["revenue"]),
    }


# --- 6.3 Call Quality ------------------------------------------------------------------------


def panel_quality(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """Spec 6.3: how the conversations went."""
    f = f.pinned()
    p = f.params()
    figures = _one(con, f"""
        SELECT count(*) AS calls,
               avg(s.duration_seconds) / 60 AS average_call_duration_min,
               avg(s.turn_count) AS average_turn_count,
               sum(s.interruption_count) AS interruptions, sum(s.turn_count) AS turns,
               count(a.session_id) AS analysed_calls,
               count(*) FILTER (WHERE a.quality_analysis->>'$.natural_ending' = 'true')
                   AS natural_endings,
               avg(TRY_CAST(a.quality_analysis->>'$.user_satisfaction_proxy' AS DOUBLE))
                   AS user_satisfaction_proxy
        FROM sessions s LEFT JOIN {_analysis_join(f)}
        WHERE {_calls(f)}""", p)
    sentiment = _rows(con, f"""
        SELECT coalesce(s.sentiment, 'not analysed') AS sentiment, count(*) AS calls
        FROM sessions s WHERE {_calls(f)} GROUP BY ALL ORDER BY calls DESC, 1""", p)
    return {
        "calls": figures["calls"],
        "average_call_duration_min": figures["average_call_duration_min"],
        "average_turn_count": figures["average_turn_count"],
        "interruption_rate": _ratio(figures["interruptions"], figures["turns"]),
        "sentiment_distribution": sentiment,
        "natural_ending_rate": _ratio(figures["natural_endings"], figures["analysed_calls"]),
        "user_satisfaction_proxy": figures["user_satisfaction_proxy"],
    }


# --- 6.4 Knowledge Base Effectiveness --------------------------------------------------------

_TOOL_CALLS = "dashboard_tool_calls"


def panel_knowledge(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """Spec 6.4: knowledge searches (tool calls in `transcripts.session_record`) and gaps.

    The records are parsed once, into a temporary table of a cursor of its own (so `con` is
    left as it was), and the widgets aggregate that.
    """
    f = f.pinned()
    p = f.params()
    cur = con.cursor()
    try:
        _execute(cur, f"""
            CREATE TEMP TABLE {_TOOL_CALLS} AS
            SELECT t.session_id, tc->>'name' AS tool_name,
                   lower(trim(tc->>'query')) AS query,
                   coalesce(TRY_CAST(tc->>'results_found' AS BOOLEAN), false) AS results_found,
                   coalesce(TRY_CAST(tc->>'total_results' AS BIGINT), 0) AS total_results
            FROM transcripts t
            JOIN sessions s ON s.session_id = t.session_id
            CROSS JOIN unnest(json_extract(t.session_record, '$.tool_calls[*]')) AS u(tc)
            WHERE {_in_range(f, 't.start_time')} AND {_calls(f)}""", p)
        searches = f"FROM {_TOOL_CALLS} WHERE tool_name = $search_tool"
        success = "results_found AND total_results > 0"
        figures = _one(cur, f"""
            SELECT count(*) AS knowledge_searches,
                   count(*) FILTER (WHERE {success}) AS successful_searches,
                   avg(total_results) AS average_results_per_query
            {searches}""", p)
        top = _rows(cur, f"""
            SELECT query, count(*) AS searches,
                   count(*) FILTER (WHERE {success}) / count(*) AS success_rate,
                   avg(total_results) AS average_results
            {searches} AND query IS NOT NULL
            GROUP BY query ORDER BY searches DESC, query LIMIT 15""", p)
        failed = _rows(cur, f"""
            SELECT query, count(*) AS searches
            {searches} AND query IS NOT NULL AND NOT ({success})
            GROUP BY query ORDER BY searches DESC, query LIMIT 15""", p)
        tools = _rows(cur, f"""
            SELECT coalesce(tool_name, 'unnamed') AS tool_name, count(*) AS tool_calls,
                   count(DISTINCT session_id) AS calls
            FROM {_TOOL_CALLS} GROUP BY ALL ORDER BY tool_calls DESC, 1""", p)
    finally:
        cur.close()
    gaps = _rows(con, f"""
        SELECT area, count(DISTINCT a.session_id) AS calls
        FROM sessions s JOIN {_analysis_join(f)}
        CROSS JOIN unnest(json_extract_string(a.content_gaps,
                                              '$.missing_documentation_areas[*]')) AS u(area)
        WHERE {_calls(f)} AND area IS NOT NULL
        GROUP BY area ORDER BY calls DESC, area""", p)
    return {
        "knowledge_searches": figures["knowledge_searches"],
        "search_success_rate": _ratio(figures["successful_searches"],
                                      figures["knowledge_searches"]),
        "average_results_per_query": figures["average_results_per_query"],
        "top_searched_queries": top,
        "content_gaps_identified": gaps,
        "failed_searches": failed,
        "tool_usage_breakdown": tools,
    }


# --- 6.5 Sales Intelligence ------------------------------------------------------------------


def _analysis_list(con: duckdb.DuckDBPyConnection, f: Filters, p: dict[str, Any], label: str,
                   items_sql: str, where: str = "TRUE") -> list[Row]:
    """Calls per item of a list inside the analysis (`items_sql` yields the items `x`)."""
    return _rows(con, f"""
        SELECT x AS {label}, count(DISTINCT a.session_id) AS calls
        FROM sessions s JOIN {_analysis_join(f)}
        CROSS JOIN unnest({items_sql}) AS u(x)
        WHERE {_calls(f)} AND {where}
        GROUP BY x HAVING x IS NOT NULL ORDER BY calls DESC, x""", p)


def panel_sales(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """Spec 6.5: who called and what they said."""
    f = f.pinned()
    p = f.params()
    scores = _rows(con, f"""
        SELECT least(CAST(floor(s.lead_score / 20) AS INTEGER), 4) AS band, count(*) AS calls
        FROM sessions s WHERE {_calls(f)} AND s.lead_score IS NOT NULL GROUP BY ALL""", p)
    industries = _rows(con, f"""
        SELECT coalesce(s.industry, 'not analysed') AS industry, count(*) AS calls,
               count(*) FILTER (WHERE s.qualification_tier IN (SELECT unnest($qualified_tiers)))
                   / count(*) AS qualification_rate
        FROM sessions s WHERE {_calls(f)}
        GROUP BY ALL ORDER BY calls DESC, industry LIMIT 10""", p)
    team_size = "TRY_CAST(a.sales_intelligence->>'$.team_size' AS BIGINT)"
    sizes = _rows(con, f"""
        SELECT {_TEAM_SIZE_BAND_SQL.format(v=team_size)} AS band,
               count(DISTINCT {_CALLER_SQL.format(a='s')}) AS callers
        FROM sessions s JOIN {_analysis_join(f)}
        WHERE {_calls(f)} AND {team_size} IS NOT NULL GROUP BY ALL""", p)
    by_score = {row["band"]: row["calls"] for row in scores}
    by_size = {row["band"]: row["callers"] for row in sizes}
    mention = "json_extract(a.competitors, '$.mentions[*]')"
    return {
        "lead_score_distribution": [{"band": label, "calls": by_score.get(i, 0)}
                                    for i, label in enumerate(LEAD_SCORE_BANDS)],
        "top_industries": industries,
        "team_size_distribution": [{"band": label, "callers": by_size.get(i, 0)}
                                   for i, label in enumerate(TEAM_SIZE_BANDS)],
        "integration_needs_breakdown": _analysis_list(
            con, f, p, "integration",
            "json_extract_string(a.sales_intelligence, '$.integration_needs[*]')"),
        "competitor_mentions": _analysis_list(
            con, f, p, "competitor",
            f"list_transform(list_filter({mention}, lambda m: coalesce(m->>'stance', '') "
            "<> 'negated'), lambda m: m->>'competitor')"),
        "common_objections": _analysis_list(
            con, f, p, "objection", "json_extract_string(a.objections, '$.types[*]')"),
    }


# --- 6.6 Trending Insights -------------------------------------------------------------------


def panel_trends(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """Spec 6.6: daily trends over the date range, operational alerts, today's hot leads."""
    f = f.pinned()
    p = f.params()
    daily = _rows(con, f"""
        SELECT CAST(timezone('UTC', s.start_time) AS DATE) AS day, count(*) AS calls,
               count(*) FILTER (WHERE s.qualification_tier IN (SELECT unnest($qualified_tiers)))
                   AS qualified_calls,
               count(*) FILTER (WHERE s.meeting_booked) AS meetings_booked
        FROM sessions s WHERE {_calls(f)} GROUP BY ALL""", p)
    days = _filled(daily, "day", _days_of(f, daily),
                   {"calls": 0, "qualified_calls": 0, "meetings_booked": 0})
    calls = [row["calls"] for row in days]
    week = [calls[max(0, i - 6):i + 1] for i in range(len(calls))]  # Looker's 7-day average
    # Alerts about no single call show whatever the call filters; per-call ones follow them.
    call_filter = ("TRUE" if not f.call_filtered else
                   f"(al.session_id IS NULL OR ({_call_attributes(f)}))")
    alerts = _rows(con, f"""
        SELECT al.triggered_at, al.alert_name, al.severity,
               TRY_CAST(al.context->>'$.value' AS DOUBLE) AS value, al.resolved_at,
               array_to_string(al.sent_to, ', ') AS sent_to
        FROM alerts_history al LEFT JOIN sessions s ON s.session_id = al.session_id
        WHERE al.alert_type = 'operational' AND {_in_range(f, 'al.triggered_at')}
          AND {call_filter}
        ORDER BY al.triggered_at DESC, al.id LIMIT 50""", p)
    # As Looker's hot_leads_today: each caller's latest hot call today, then the filters.
    hot = _rows(con, f"""
        WITH hot AS (
            SELECT s.* FROM sessions s
            WHERE s.start_time >= $today AND s.start_time <= $now
              AND s.lead_score > $hot_lead_score
            QUALIFY row_number() OVER (PARTITION BY {_CALLER_SQL.format(a='s')}
                                       ORDER BY s.start_time DESC) = 1)
        SELECT s.start_time, s.session_id, s.lead_score, s.qualification_tier, s.industry,
               l.team_size, l.current_tool, l.decision_timeline, s.meeting_booked
        FROM hot s LEFT JOIN leads l ON l.email = lower(trim(s.user_email))
        WHERE {_calls(f)}
        ORDER BY s.lead_score DESC, s.start_time DESC LIMIT 50""", p)
    return {
        "calls_trend": [
            {"day": row["day"], "calls": row["calls"],
             "calls_7_day_average": sum(week[i]) / len(week[i])}
            for i, row in enumerate(days)],
        "qualification_rate_trend": [
            {"day": row["day"], "qualification_rate": _ratio(row["qualified_calls"],
                                                             row["calls"])} for row in days],
        "meeting_booking_trend": [
            {"day": row["day"], "meetings_booked": row["meetings_booked"],
             "meeting_booking_rate": _ratio(row["meetings_booked"], row["calls"])}
            for row in days],
        "performance_degradation_alerts": alerts,
        "hot_leads_today": hot,
    }


# --- Panels, filter values, connections ------------------------------------------------------

PanelQuery = Callable[[duckdb.DuckDBPyConnection, Filters], dict[str, Any]]
PANELS: dict[str, tuple[str, PanelQuery]] = {
    "performance": ("Performance Monitoring", panel_performance),
    "business": ("Business Metrics", panel_business),
    "quality": ("Call Quality", panel_quality),
    "knowledge": ("Knowledge Base Effectiveness", panel_knowledge),
    "sales": ("Sales Intelligence", panel_sales),
    "trends": ("Trending Insights", panel_trends),
}


def filter_values(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The values each call filter can take, from the calls stored."""
    union = " UNION ALL ".join(
        f"SELECT '{name}' AS name, {name} AS value FROM sessions "
        f"WHERE {name} IS NOT NULL GROUP BY ALL" for name in CALL_FILTERS)
    values: dict[str, list[str]] = {name: [] for name in CALL_FILTERS}
    for name, value in con.execute(f"SELECT * FROM ({union}) ORDER BY name, value").fetchall():
        values[name].append(value)
    return values


def latest_call_end(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the newest call ended (for looking at a warehouse of past calls as of then)."""
    return con.execute("SELECT max(end_time) FROM sessions").fetchone()[0]


def connect(path: str | Path, wait_seconds: float = 5.0) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse at `path`, for one request.

    A writer (the streaming job) holds the file only while it writes a batch, so a lock is
    retried for up to `wait_seconds`. A missing file, or one without the tables yet, reads as
    an empty warehouse.
    """
    if not Path(path).exists():
        return _empty_warehouse()
    deadline = clock.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            message = str(exc).lower()
            busy = "lock" in message or "different configuration" in message
            if not busy or clock.monotonic() >= deadline:
                raise
            clock.sleep(0.05)
    tables = {row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    if {"sessions", "transcripts", "metrics", "analysis_results", "leads",
            "alerts_history"} - tables:
        con.close()
        return _empty_warehouse()
    return con


def _empty_warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(warehouse_ddl())
    return con
