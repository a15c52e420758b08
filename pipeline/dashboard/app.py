"""The dashboard web page: the six panels of spec section 6 and the global filters of 6.7.

A Dash app (Flask underneath): the page holds the filter bar and one section per panel; each
panel is filled by its own callback, which opens the warehouse read-only, runs the panel's
query function (`pipeline.dashboard.queries`) with the filters, and renders the figures as
numbers, Plotly charts or tables. Panels refresh on every filter change and every 5 minutes.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html
from werkzeug.serving import BaseWSGIServer, make_server

from pipeline.dashboard.queries import (
    CALL_FILTERS,
    HOT_LEAD_SCORE_ABOVE,
    PANELS,
    SEAT_PRICE_USD_PER_MONTH,
    Filters,
    connect,
    filter_values,
    latest_call_end,
)

Now = datetime | str | None  # a fixed moment, "latest" (the newest call's end) or the clock
Component = Any
REFRESH_MS = 5 * 60 * 1000
DATE_PRESETS = (("Today", 1), ("Last 7 days", 7), ("Last 30 days", 30), ("Last 90 days", 90),
                ("Last 365 days", 365))
DEFAULT_DAYS = 7
FILTER_LABELS = {"qualification_tier": "Qualification tier", "sentiment": "Sentiment",
                 "industry": "Industry", "agent_version": "Agent version"}
CHECKBOX_FILTERS = ("qualification_tier", "sentiment")  # few values: checkboxes, as in Looker
_COLORS = ("#2f6fde", "#f29d38", "#3aa76d", "#d9534f", "#8e6cc9", "#5bc0de", "#999999")
_CSS = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       background: #f3f5f8; color: #1d2733; }
header { background: #1d2733; color: #fff; padding: 12px 24px; display: flex;
         align-items: baseline; gap: 16px; }
header h1 { font-size: 20px; margin: 0; }
header .as-of { color: #b8c4d2; font-size: 13px; }
.filters { position: sticky; top: 0; z-index: 10; background: #fff; padding: 10px 24px;
           display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start;
           border-bottom: 1px solid #dde3ea; box-shadow: 0 1px 3px rgba(0,0,0,.05); }
.filter label.filter-title { display: block; font-size: 12px; font-weight: 600;
                             color: #56657a; margin-bottom: 4px; }
.filter .options label { margin-right: 10px; font-size: 14px; }
.filter-dropdown { min-width: 220px; }
main { padding: 16px 24px; display: flex; flex-direction: column; gap: 18px; }
.panel { background: #fff; border-radius: 8px; padding: 14px 18px;
         box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.panel-title { margin: 0 0 10px; font-size: 18px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px;
        margin-bottom: 10px; }
.kpi { border: 1px solid #e3e8ee; border-radius: 6px; padding: 10px 12px; }
.kpi-title { font-size: 13px; color: #56657a; font-weight: 600; }
.kpi-value { font-size: 26px; font-weight: 650; margin: 4px 0 2px; }
.kpi-note, .widget-note { font-size: 12px; color: #7a8799; }
.widgets { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr));
           gap: 12px; }
.widget { border: 1px solid #e3e8ee; border-radius: 6px; padding: 8px 10px; min-width: 0; }
.widget-title { font-size: 14px; font-weight: 600; }
.widget.wide { grid-column: 1 / -1; }
.scroll { max-height: 380px; overflow-y: auto; }
table.grid { border-collapse: collapse; width: 100%; font-size: 13px; margin-top: 6px; }
table.grid th { text-align: left; color: #56657a; border-bottom: 1px solid #dde3ea;
                padding: 4px 6px; }
table.grid td { border-bottom: 1px solid #f0f2f5; padding: 4px 6px; }
.empty { color: #7a8799; font-size: 13px; padding: 12px 0; }
.error { color: #b42318; }
"""
_INDEX = """<!DOCTYPE html>
<html>
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}<style>""" + _CSS + """</style></head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body>
</html>"""


# --- Formatting ------------------------------------------------------------------------------


def _count(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _number(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def _usd(value: float | None) -> str:
    return "—" if value is None else f"${value:,.0f}"


def _time(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


# --- Widgets ---------------------------------------------------------------------------------


def _kpi(panel: str, key: str, title: str, value: str, note: str) -> Component:
    return html.Div(id=f"w-{panel}-{key}", className="kpi", title=note, children=[
        html.Div(title, className="kpi-title"), html.Div(value, className="kpi-value"),
        html.Div(note, className="kpi-note")])


def _widget(panel: str, key: str, title: str, body: Component, note: str,
            wide: bool = False) -> Component:
    return html.Div(id=f"w-{panel}-{key}", className="widget wide" if wide else "widget",
                    title=note, children=[
        html.Div(title, className="widget-title"), html.Div(note, className="widget-note"),
        body])


def _chart(figure: go.Figure, height: int = 260) -> Component:
    figure.update_layout(template="plotly_white", height=height, showlegend=len(figure.data) > 1,
                         margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         legend={"orientation": "h", "y": -0.2}, colorway=_COLORS)
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return dcc.Graph(figure=figure, config={"displayModeBar": False})


def _bars(rows: list[dict], label: str, value: str, name: str, *,
          hover: Callable[[dict], str] | None = None) -> Component:
    """Horizontal bars, largest at the top (a top list)."""
    if not rows:
        return html.Div("No data for these filters.", className="empty")
    ordered = list(reversed(rows))
    figure = go.Figure(go.Bar(
        x=[r[value] for r in ordered], y=[str(r[label]) for r in ordered], orientation="h",
        name=name, text=[_count(r[value]) for r in ordered], textposition="auto",
        hovertext=[hover(r) for r in ordered] if hover else None))
    return _chart(figure, height=max(200, 28 * len(rows) + 60))


def _columns(rows: list[dict], label: str, value: str, name: str) -> Component:
    """Vertical bars in the rows' order (a distribution over ordered bands)."""
    figure = go.Figure(go.Bar(x=[str(r[label]) for r in rows], y=[r[value] for r in rows],
                              name=name, text=[_count(r[value]) for r in rows],
                              textposition="auto"))
    figure.update_xaxes(type="category")
    return _chart(figure)


def _pie(rows: list[dict], label: str, value: str) -> Component:
    if not rows:
        return html.Div("No calls for these filters.", className="empty")
    return _chart(go.Figure(go.Pie(labels=[r[label] for r in rows],
                                   values=[r[value] for r in rows], hole=0.45, sort=False,
                                   textinfo="label+percent")))


def _table(columns: list[tuple[str, str, Callable[[Any], str]]], rows: list[dict],
           empty: str) -> Component:
    if not rows:
        return html.Div(empty, className="empty")
    return html.Div(className="scroll", children=html.Table(className="grid", children=[
        html.Thead(html.Tr([html.Th(title) for _, title, _ in columns])),
        html.Tbody([html.Tr([html.Td(fmt(row[key])) for key, _, fmt in columns])
                    for row in rows])]))


def _str(value: Any) -> str:
    return "" if value is None else str(value)


# --- Panels ----------------------------------------------------------------------------------


def render_performance(d: dict[str, Any]) -> list[Component]:
    p = "performance"
    trend = go.Figure([
        go.Scatter(x=[r["hour"] for r in d["p95_latency_trend"]],
                   y=[r["p95_ms"] for r in d["p95_latency_trend"]], name="P95 (ms)",
                   mode="lines+markers", connectgaps=False),
        go.Scatter(x=[r["hour"] for r in d["p95_latency_trend"]],
                   y=[r["p50_ms"] for r in d["p95_latency_trend"]], name="P50 (ms)",
                   mode="lines+markers", connectgaps=False)])
    tokens = go.Figure(go.Bar(x=[r["hour"] for r in d["token_usage_rate"]],
                              y=[r["tokens"] for r in d["token_usage_rate"]], name="tokens"))
    cost = go.Figure(go.Bar(x=[r["hour"] for r in d["cost_burn_rate"]],
                            y=[r["cost_usd"] for r in d["cost_burn_rate"]], name="USD"))
    cost.update_yaxes(tickprefix="$")
    return [
        html.Div(className="kpis", children=[
            _kpi(p, "current_calls_active", "Current calls active",
                 _count(d["current_calls_active"]),
                 "Calls completed in the last 15 minutes (the warehouse receives a call only "
                 "once it has ended)."),
            _kpi(p, "average_latency_last_hour", "Average latency (last hour)",
                 _number(d["average_latency_last_hour_ms"], " ms", 0),
                 "Mean end-of-speech to agent-audio wait of agent turns in the last 60 minutes; "
                 "excluded turns left out."),
            _kpi(p, "error_rate", "Error rate", _percent(d["error_rate"]),
                 f"Calls ended in error / calls, last 24 hours ({_count(d['error_calls'])} of "
                 f"{_count(d['calls_last_24_hours'])})."),
        ]),
        html.Div(className="widgets", children=[
            _widget(p, "p95_latency_trend", "P95 latency trend", _chart(trend),
                    "95th and 50th percentile latency per hour (UTC), last 24 hours."),
            _widget(p, "connection_quality_distribution", "Connection quality distribution",
                    _pie(d["connection_quality_distribution"], "connection_quality", "calls"),
                    "Calls of the last 24 hours by the caller's LiveKit link quality."),
            _widget(p, "token_usage_rate", "Token usage rate", _chart(tokens),
                    "LLM tokens per hour by turn time, last 24 hours."),
            _widget(p, "cost_burn_rate", "Cost burn rate", _chart(cost),
                    "Provider cost (USD) per hour of call start, last 24 hours "
                    "(alert budget: $25/hour)."),
        ]),
    ]


def render_business(d: dict[str, Any]) -> list[Component]:
    p = "business"
    return [html.Div(className="kpis", children=[
        _kpi(p, "todays_calls", "Today's calls", _count(d["todays_calls"]),
             "Calls that started today (UTC)."),
        _kpi(p, "qualified_leads_tier_1", "Qualified leads (Tier 1)",
             _count(d["qualified_leads_tier_1"]),
             "Distinct callers (email, else participant) with a tier_1 call in the range."),
        _kpi(p, "meetings_booked", "Meetings booked", _count(d["meetings_booked"]),
             f"Calls in the range that booked a sales meeting (of {_count(d['calls'])} calls)."),
        _kpi(p, "average_engagement_score", "Average engagement score",
             _number(d["average_engagement_score"]), "Mean caller engagement, 0-100."),
        _kpi(p, "conversion_rate", "Conversion rate", _percent(d["conversion_rate"]),
             "Meetings booked / calls in the range."),
        _kpi(p, "revenue_pipeline_influenced", "Revenue pipeline influenced",
             _usd(d["revenue_pipeline_influenced"]),
             "Per distinct tier_1/tier_2 caller: last stated team size (1 if unknown) x "
             f"${SEAT_PRICE_USD_PER_MONTH:g}/seat/month x 12."),
    ])]


def render_quality(d: dict[str, Any]) -> list[Component]:
    p = "quality"
    return [
        html.Div(className="kpis", children=[
            _kpi(p, "average_call_duration", "Average call duration",
                 _number(d["average_call_duration_min"], " min"), "Mean call length."),
            _kpi(p, "average_turn_count", "Average turn count",
                 _number(d["average_turn_count"]), "Mean transcript turns per call, both sides."),
            _kpi(p, "interruption_rate", "Interruption rate", _percent(d["interruption_rate"]),
                 "Interruptions / turns."),
            _kpi(p, "natural_ending_rate", "Natural ending rate",
                 _percent(d["natural_ending_rate"]),
                 "Analysed calls that ended naturally / analysed calls."),
            _kpi(p, "user_satisfaction_proxy", "User satisfaction proxy",
                 _number(d["user_satisfaction_proxy"]),
                 "Mean of the quality analyzer's satisfaction estimate, 0-100."),
        ]),
        html.Div(className="widgets", children=[
            _widget(p, "sentiment_distribution", "Sentiment distribution",
                    _pie(d["sentiment_distribution"], "sentiment", "calls"),
                    "Calls by the caller's overall sentiment."),
        ]),
    ]


def render_knowledge(d: dict[str, Any]) -> list[Component]:
    p = "knowledge"
    tools = d["tool_usage_breakdown"]
    usage = go.Figure([
        go.Bar(y=[r["tool_name"] for r in reversed(tools)],
               x=[r["tool_calls"] for r in reversed(tools)], orientation="h", name="tool calls"),
        go.Bar(y=[r["tool_name"] for r in reversed(tools)],
               x=[r["calls"] for r in reversed(tools)], orientation="h", name="calls using it")])
    return [
        html.Div(className="kpis", children=[
            _kpi(p, "search_success_rate", "Search success rate",
                 _percent(d["search_success_rate"]),
                 f"Searches with results / knowledge searches ({_count(d['knowledge_searches'])} "
                 "searches)."),
            _kpi(p, "average_results_per_query", "Average results per query",
                 _number(d["average_results_per_query"]),
                 "Mean results per knowledge search (failed = 0)."),
        ]),
        html.Div(className="widgets", children=[
            _widget(p, "top_searched_queries", "Top searched queries",
                    _bars(d["top_searched_queries"], "query", "searches", "searches",
                          hover=lambda r: f"success {_percent(r['success_rate'])}, "
                                          f"{_number(r['average_results'])} results on average"),
                    "The 15 most frequent knowledge searches (lower-cased, trimmed)."),
            _widget(p, "tool_usage_breakdown", "Tool usage breakdown",
                    _chart(usage, height=max(200, 40 * len(tools) + 80)) if tools else
                    html.Div("No tool calls for these filters.", className="empty"),
                    "Tool calls by tool, and the calls that used each."),
            _widget(p, "content_gaps_identified", "Content gaps identified",
                    _bars(d["content_gaps_identified"], "area", "calls", "calls"),
                    "Documentation areas the content gap analyzer found missing, by calls."),
            _widget(p, "failed_searches", "Failed searches",
                    _bars(d["failed_searches"], "query", "searches", "searches"),
                    "Searches that found nothing, most frequent first: what to write next."),
        ]),
    ]


def render_sales(d: dict[str, Any]) -> list[Component]:
    p = "sales"
    return [html.Div(className="widgets", children=[
        _widget(p, "lead_score_distribution", "Lead score distribution",
                _columns(d["lead_score_distribution"], "band", "calls", "calls"),
                f"Scored calls by lead score band; above {HOT_LEAD_SCORE_ABOVE:g} is a hot lead."),
        _widget(p, "top_industries", "Top industries",
                _bars(d["top_industries"], "industry", "calls", "calls",
                      hover=lambda r: f"qualification rate {_percent(r['qualification_rate'])}"),
                "The 10 industries with most calls (hover: share qualified, tier_1 or tier_2)."),
        _widget(p, "team_size_distribution", "Team size distribution",
                _columns(d["team_size_distribution"], "band", "callers", "callers"),
                "Distinct callers by the team size they stated."),
        _widget(p, "integration_needs_breakdown", "Integration needs breakdown",
                _bars(d["integration_needs_breakdown"], "integration", "calls", "calls"),
                "Calls in which the caller needed each integration."),
        _widget(p, "competitor_mentions", "Competitor mentions",
                _bars(d["competitor_mentions"], "competitor", "calls", "calls"),
                "Calls mentioning each competitor ('we don't use X' left out)."),
        _widget(p, "common_objections", "Common objections",
                _bars(d["common_objections"], "objection", "calls", "calls"),
                "Calls in which each objection type was raised."),
    ])]


def render_trends(d: dict[str, Any]) -> list[Component]:
    p = "trends"
    days = [r["day"] for r in d["calls_trend"]]
    calls = go.Figure([
        go.Scatter(x=days, y=[r["calls"] for r in d["calls_trend"]], name="calls",
                   mode="lines+markers"),
        go.Scatter(x=days, y=[r["calls_7_day_average"] for r in d["calls_trend"]],
                   name="7-day average", mode="lines", line={"dash": "dot"})])
    qualification = go.Figure(go.Scatter(
        x=days, y=[r["qualification_rate"] for r in d["qualification_rate_trend"]],
        name="qualification rate", mode="lines+markers"))
    qualification.update_yaxes(tickformat=".0%", rangemode="tozero")
    meetings = go.Figure([
        go.Bar(x=days, y=[r["meetings_booked"] for r in d["meeting_booking_trend"]],
               name="meetings booked"),
        go.Scatter(x=days, y=[r["meeting_booking_rate"] for r in d["meeting_booking_trend"]],
                   name="booking rate", yaxis="y2", mode="lines+markers")])
    meetings.update_layout(yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%",
                                   "rangemode": "tozero", "showgrid": False})
    return [html.Div(className="widgets", children=[
        _widget(p, "calls_trend", "Calls trend (last 7/30 days)", _chart(calls),
                "Calls per UTC day over the date range, and their 7-day moving average."),
        _widget(p, "qualification_rate_trend", "Qualification rate trend", _chart(qualification),
                "Per day: calls reaching tier_1 or tier_2 / calls."),
        _widget(p, "meeting_booking_trend", "Meeting booking trend", _chart(meetings),
                "Per day: meetings booked, and meetings booked / calls."),
        _widget(p, "performance_degradation_alerts", "Performance degradation alerts", _table(
            [("triggered_at", "Triggered (UTC)", _time), ("alert_name", "Alert", _str),
             ("severity", "Severity", _str), ("value", "Value", lambda v: _number(v, "", 2)),
             ("resolved_at", "Resolved (UTC)", _time), ("sent_to", "Sent to", _str)],
            d["performance_degradation_alerts"], "No operational alerts in the range."),
            "Operational alerts in the range, newest first (they concern no single call, so "
            "call filters keep them).", wide=True),
        _widget(p, "hot_leads_today", "Hot leads today", _table(
            [("start_time", "Call (UTC)", _time), ("session_id", "Session", _str),
             ("lead_score", "Score", _number), ("qualification_tier", "Tier", _str),
             ("industry", "Industry", _str), ("team_size", "Team size", _str),
             ("current_tool", "Current tool", _str),
             ("decision_timeline", "Timeline", _str),
             ("meeting_booked", "Meeting", lambda v: "yes" if v else "no")],
            d["hot_leads_today"], "No hot leads today."),
            f"Callers scoring above {HOT_LEAD_SCORE_ABOVE:g} in a call today (UTC), latest "
            "call each, best first.", wide=True),
    ])]


RENDERERS: dict[str, Callable[[dict[str, Any]], list[Component]]] = {
    "performance": render_performance, "business": render_business,
    "quality": render_quality, "knowledge": render_knowledge, "sales": render_sales,
    "trends": render_trends,
}


# --- The page --------------------------------------------------------------------------------


def _resolve_now(now: Now, con: duckdb.DuckDBPyConnection) -> datetime:
    if isinstance(now, datetime):
        return now.astimezone(UTC)
    if now == "latest":
        return latest_call_end(con) or datetime.now(UTC)
    return datetime.now(UTC)


def filters_from_inputs(start_date: str | None, end_date: str | None,
                        selected: dict[str, list[str] | None], now: datetime) -> Filters:
    """The filters the page's controls describe (dates as the picker sends them)."""
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value[:10]) if value else None

    return Filters.days(day(start_date), day(end_date), now=now,
                        **{name: tuple(selected.get(name) or ()) for name in CALL_FILTERS})


def _filter_control(name: str, values: list[str]) -> Component:
    options = [{"label": value, "value": value} for value in values]
    if name in CHECKBOX_FILTERS:
        control = dcc.Checklist(id=f"filter-{name}", options=options, value=[], inline=True,
                                className="options")
    else:
        control = dcc.Dropdown(id=f"filter-{name}", options=options, value=[], multi=True,
                               placeholder="All", className="filter-dropdown")
    return html.Div(className="filter", children=[
        html.Label(FILTER_LABELS[name], className="filter-title", htmlFor=f"filter-{name}"),
        control])


def create_app(duckdb_path: str | Path, now: Now = None) -> Dash:
    """The dashboard over the warehouse at `duckdb_path`, as of `now` (default: the clock)."""
    app = Dash(__name__, title="Voice analytics dashboard", update_title=None,
               serve_locally=True)
    app.index_string = _INDEX

    def layout() -> Component:
        with connect(duckdb_path) as con:
            values, as_of = filter_values(con), _resolve_now(now, con)
        last = as_of.date()
        return html.Div([
            html.Header([html.H1("Voice analytics"),
                         html.Span(f"{duckdb_path} · as of {_time(as_of)} UTC · refreshes every "
                                   "5 minutes", className="as-of")]),
            html.Div(className="filters", children=[
                html.Div(className="filter", children=[
                    html.Label("Date range (UTC)", className="filter-title"),
                    dcc.DatePickerRange(
                        id="date-range", display_format="YYYY-MM-DD",
                        start_date=(last - timedelta(days=DEFAULT_DAYS - 1)).isoformat(),
                        end_date=last.isoformat()),
                    dcc.RadioItems(id="date-preset", inline=True, className="options",
                                   value=DEFAULT_DAYS,
                                   options=[{"label": label, "value": days}
                                            for label, days in DATE_PRESETS])]),
                *[_filter_control(name, values[name]) for name in CALL_FILTERS],
            ]),
            dcc.Interval(id="refresh", interval=REFRESH_MS),
            html.Main([html.Section(id=f"panel-{key}", className="panel", children=[
                html.H2(title, className="panel-title"),
                html.Div(id=f"panel-{key}-body", children=html.Div("Loading…",
                                                                   className="empty"))])
                for key, (title, _) in PANELS.items()]),
        ])

    app.layout = layout

    @app.callback(Output("date-range", "start_date"), Output("date-range", "end_date"),
                  Input("date-preset", "value"), prevent_initial_call=True)
    def _preset(days: int) -> tuple[str, str]:
        with connect(duckdb_path) as con:
            last = _resolve_now(now, con).date()
        return (last - timedelta(days=int(days) - 1)).isoformat(), last.isoformat()

    inputs = [Input("date-range", "start_date"), Input("date-range", "end_date"),
              *[Input(f"filter-{name}", "value") for name in CALL_FILTERS],
              Input("refresh", "n_intervals")]
    for key in PANELS:
        app.callback(Output(f"panel-{key}-body", "children"), *inputs)(
            _panel_callback(key, duckdb_path, now))
    return app


def _panel_callback(key: str, duckdb_path: str | Path, now: Now) -> Callable[..., Component]:
    query, render = PANELS[key][1], RENDERERS[key]

    def update(start_date: str | None, end_date: str | None, *rest: Any) -> Component:
        selected = dict(zip(CALL_FILTERS, rest[:len(CALL_FILTERS)], strict=True))
        try:
            with connect(duckdb_path) as con:
                filters = filters_from_inputs(start_date, end_date, selected,
                                              _resolve_now(now, con))
                return render(query(con, filters))
        except duckdb.Error as exc:
            return html.Div(f"The warehouse could not be read: {exc}", className="empty error")

    update.__name__ = f"update_{key}"
    return update


def make_dashboard_server(duckdb_path: str | Path, host: str = "127.0.0.1", port: int = 8050,
                          now: Now = None) -> BaseWSGIServer:
    """A threaded WSGI server for the dashboard (port 0: a free one, see `server_port`)."""
    return make_server(host, port, create_app(duckdb_path, now).server, threaded=True)
