"""The quality digest and the executive mails (pipeline/alerts/digests.py) over a warehouse the
real batch job filled: figures checked against independent DuckDB queries over the same file,
quiet periods, a caller's markup kept out of Slack markup and escaped in the HTML, and the mail's
two parts saying the same. Optionally, the same SQL against the BigQuery API emulator.
"""

import copy
import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from generator import generate_items, write_items
from pipeline.alerts.config import load_config
from pipeline.alerts.digests import executive_alert, quality_alerts
from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.main import run

END_DATE = date(2026, 11, 24)  # a Tuesday; generated calls span the 14 days up to it
INJECTION = "<!channel> *bold* <http://x|y>"
INJECTED_ID = "vt-2026-01-14-injected"
INJECTED_HOUR_END = datetime(2026, 1, 14, 18, tzinfo=UTC)  # the sample call starts 17:20 UTC
CONFIG = load_config()
BELOW = CONFIG["quality"]["low_engagement"]["engagement_below"]


def _injected_record(sample: dict) -> dict:
    """The hot-lead sample with caller markup in a failed knowledge-base search and in a
    question the caller asked (a feature request)."""
    record = copy.deepcopy(sample)
    record["session"]["session_id"] = INJECTED_ID
    record["tool_calls"][0].update(query=INJECTION, results_found=False, total_results=0,
                                   top_sources=[])
    record["transcript"][9]["text"] = f"Salesforce. {INJECTION} do you have an offline mode?"
    return record


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared_dir: Path) -> Path:
    """300 generated calls over 14 days plus the injected call, through the batch job once."""
    folder = tmp_path_factory.mktemp("digests")
    source = folder / "sessions.jsonl"
    write_items(generate_items(300, seed=7, end_date=END_DATE, days=14), source)
    sample = json.loads((shared_dir / "samples" / "sample_hot_lead.json").read_text())
    with source.open("a", encoding="utf-8") as out:
        out.write(json.dumps(_injected_record(sample)) + "\n")
    db, dead = folder / "warehouse.duckdb", folder / "dead.jsonl"
    run(["--input_files", str(source), "--duckdb_path", str(db), "--dead_letter_path",
         str(dead), "--sinks", "none"])
    assert not dead.exists() or not dead.read_text().strip()
    return db


@pytest.fixture(scope="module")
def warehouse(db: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(db)


class _Reader:
    """Independent queries for the expected figures: a read-only connection in UTC, opened per
    query (DuckDB refuses a second configuration while another connection is open)."""

    def __init__(self, db: Path) -> None:
        self.db = str(db)

    def rows(self, sql: str, params: list) -> list[tuple]:
        with duckdb.connect(self.db, read_only=True) as connection:
            connection.execute("SET TimeZone = 'UTC'")
            return connection.execute(sql, params).fetchall()

    def row(self, sql: str, params: list) -> tuple:
        return self.rows(sql, params)[0]


@pytest.fixture(scope="module")
def con(db: Path) -> _Reader:
    return _Reader(db)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _ranked(counts: Counter, limit: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _texts_by_call(con: _Reader, json_path: str, column: str, start: datetime,
                   end: datetime) -> dict[str, list[str]]:
    rows = con.rows(
        f"SELECT s.session_id, json_extract_string(a.{column}, '{json_path}') "
        "FROM sessions s JOIN analysis_results a USING (session_id) "
        "WHERE s.start_time >= ? AND s.start_time < ?", [start, end])
    return {session_id: texts or [] for session_id, texts in rows}


def _tally(texts_by_call: dict[str, list[str]], limit: int) -> list[tuple[str, int]]:
    """(lower-cased text, calls it came up in), most first."""
    return _ranked(Counter(text for texts in texts_by_call.values()
                           for text in {t.lower() for t in texts}), limit)


# Quality digest ------------------------------------------------------------------------------


def test_hourly_digests_match_the_warehouse_hour_by_hour(warehouse, con) -> None:
    raised: Counter[str] = Counter()
    for hour in range(24):
        end = _midnight(END_DATE) + timedelta(hours=hour + 1)
        start = end - timedelta(hours=1)
        alerts = {alert.rule: alert for alert in quality_alerts(warehouse, end, CONFIG)}
        raised.update(alerts.keys())
        calls = con.row("SELECT count(*) FROM sessions WHERE start_time >= ? AND "
                            "start_time < ?", [start, end])[0]
        for alert in alerts.values():
            assert (alert.alert_type, alert.severity, alert.triggered_at) == ("quality", "P3",
                                                                               end)
            assert alert.id == f"{alert.rule}:{end.isoformat()}"
            assert alert.alert_name == CONFIG["quality"][alert.rule]["name"]
            assert alert.context["calls"] == calls
            assert alert.blocks[0]["type"] == "header"
            assert {b["type"] for b in alert.blocks[1:]} == {"section"}

        low = [row[0] for row in con.rows(
            "SELECT session_id FROM sessions WHERE start_time >= ? AND start_time < ? AND "
            "engagement_score < ? ORDER BY engagement_score, session_id",
            [start, end, BELOW])]
        assert ("low_engagement" in alerts) == bool(low)
        if low:
            context = alerts["low_engagement"].context
            assert context["session_ids"] == low
            assert context["low_engagement_calls"] == len(low)
            assert context["share_pct"] == round(100 * len(low) / calls, 1)

        failed = _texts_by_call(con, "$.failed_searches[*]", "content_gaps", start, end)
        unanswered = _texts_by_call(con, "$.unanswered_questions[*].text", "content_gaps",
                                    start, end)
        gaps = sum(map(len, failed.values())) + sum(map(len, unanswered.values()))
        assert ("content_gaps" in alerts) == bool(gaps)
        if gaps:
            context = alerts["content_gaps"].context
            assert context["failed_searches"] == sum(map(len, failed.values()))
            assert context["unanswered_questions"] == sum(map(len, unanswered.values()))
            assert set(context["session_ids"]) == {
                sid for sid in failed if failed[sid] or unanswered[sid]}
            for key, texts in (("top_failed_searches", failed),
                               ("top_unanswered_questions", unanswered)):
                assert [(i["text"].lower(), i["calls"]) for i in context[key]] == _tally(texts,
                                                                                         10)

        requests = _texts_by_call(con, "$.feature_requests[*].text", "sales_intelligence",
                                  start, end)
        assert ("feature_requests" in alerts) == any(requests.values())
        if any(requests.values()):
            context = alerts["feature_requests"].context
            assert context["feature_requests"] == sum(map(len, requests.values()))
            assert [(i["text"].lower(), i["calls"]) for i in
                    context["top_feature_requests"]] == _tally(requests, 10)
    assert set(raised) == {"content_gaps", "low_engagement", "feature_requests"}


def test_an_hour_without_calls_raises_no_quality_alert(warehouse) -> None:
    assert quality_alerts(warehouse, datetime(2026, 11, 30, 4, tzinfo=UTC), CONFIG) == []
    assert quality_alerts(warehouse, datetime(2026, 11, 11, 0, tzinfo=UTC), CONFIG) == []


def test_a_stricter_threshold_drops_the_low_engagement_digest(warehouse) -> None:
    never = copy.deepcopy(CONFIG)
    never["quality"]["low_engagement"]["engagement_below"] = 0
    for hour in (10, 14, 16):
        end = _midnight(END_DATE) + timedelta(hours=hour)
        assert "low_engagement" not in {a.rule for a in quality_alerts(warehouse, end, never)}


def _text_objects(blocks: list[dict]) -> list[dict]:
    return [block["text"] for block in blocks if "text" in block]


def test_caller_markup_reaches_slack_only_as_plain_text(warehouse) -> None:
    alerts = {a.rule: a for a in quality_alerts(warehouse, INJECTED_HOUR_END, CONFIG)}
    assert alerts["content_gaps"].context["top_failed_searches"][0] == {
        "text": INJECTION, "calls": 1, "session_ids": [INJECTED_ID]}
    said = alerts["feature_requests"].context["top_feature_requests"][0]["text"]
    assert "*bold* <http://x|y>" in said
    for text, rule in ((INJECTION, "content_gaps"), (said, "feature_requests")):
        objects = _text_objects(alerts[rule].blocks)
        assert any(o["type"] == "plain_text" and text in o["text"] for o in objects)
    for alert in alerts.values():
        for o in _text_objects(alert.blocks):
            if o["type"] == "mrkdwn":
                assert "<" not in o["text"] and "*bold*" not in o["text"], o
        assert "<" not in alert.message  # the notification text: escaped as Slack asks
    assert "&lt;!channel&gt; *bold* &lt;http://x|y&gt;" in alerts["content_gaps"].message


# Executive mail -------------------------------------------------------------------------------


def _expected_figures(con: _Reader, start: datetime, end: datetime, seat_price: float = 49) -> dict:
    calls, callers, meetings, lead, engagement = con.row(
        "SELECT count(*), count(DISTINCT coalesce(lower(user_email), participant_id)), "
        "count(*) FILTER (WHERE meeting_booked), avg(lead_score), avg(engagement_score) "
        "FROM sessions WHERE start_time >= ? AND start_time < ?", [start, end])
    hot, warm, seats = con.row("""
        WITH calls AS (
            SELECT coalesce(lower(s.user_email), s.participant_id) AS caller,
                   s.qualification_tier AS tier, s.start_time,
                   TRY_CAST(json_extract_string(a.sales_intelligence, '$.team_size') AS INTEGER)
                       AS team_size
            FROM sessions s JOIN analysis_results a USING (session_id)
            WHERE s.start_time >= ? AND s.start_time < ?),
        callers AS (
            SELECT caller, min(tier) FILTER (WHERE tier IN ('tier_1', 'tier_2')) AS best,
                   arg_max(team_size, start_time) FILTER (WHERE team_size > 0) AS team_size
            FROM calls GROUP BY caller)
        SELECT count(*) FILTER (WHERE best = 'tier_1'), count(*) FILTER (WHERE best = 'tier_2'),
               coalesce(sum(coalesce(team_size, 1)) FILTER (WHERE best IS NOT NULL), 0)
        FROM callers""", [start, end])
    return {"calls": calls, "unique_callers": callers, "hot_leads": hot, "tier_2_leads": warm,
            "meetings_booked": meetings,
            "avg_lead_score": None if lead is None else round(lead, 1),
            "avg_engagement": None if engagement is None else round(engagement, 1),
            "pipeline_influenced_usd": seats * seat_price * 12}


def _expected_counts(con: _Reader, column: str, start: datetime, end: datetime) -> Counter:
    rows = con.rows(
        f"SELECT json_extract_string(objections, '$.{column}[*]') FROM sessions s JOIN "
        "analysis_results a USING (session_id) WHERE s.start_time >= ? AND s.start_time < ?",
        [start, end])
    return Counter(item for (items,) in rows for item in set(items or []))


@pytest.mark.parametrize(("period", "period_end", "days"), [
    ("daily", END_DATE, 1), ("daily", END_DATE + timedelta(days=1), 1),
    ("weekly", END_DATE + timedelta(days=1), 7)])
def test_executive_figures_and_trends_match_the_warehouse(warehouse, con, period, period_end,
                                                          days) -> None:
    alert = executive_alert(warehouse, period, period_end, CONFIG)
    end = _midnight(period_end)
    start, before = end - timedelta(days=days), end - timedelta(days=2 * days)
    rule = "daily_summary" if period == "daily" else "weekly_rollup"
    assert (alert.id, alert.rule, alert.alert_type, alert.severity, alert.triggered_at) == (
        f"{rule}:{period_end.isoformat()}", rule, "executive", "executive", end)
    now, then = _expected_figures(con, start, end), _expected_figures(con, before, start)
    assert now["calls"] > 0 and then["calls"] > 0
    figures = alert.context["figures"]
    for key, expected in now.items():
        figure = figures[key]
        assert (figure["value"], figure["previous"]) == (expected, then[key]), key
        assert figure["change"] == pytest.approx(expected - then[key], abs=1e-9), key
        assert figure["change_pct"] == (round(100 * figure["change"] / then[key], 1)
                                        if then[key] else None), key

    for column, key, name in (("types", "top_objections", "type"),
                              ("competitors", "top_competitors", "competitor")):
        expected = _ranked(_expected_counts(con, column, start, end), 5)
        assert [(i[name], i["calls"]) for i in alert.context[key]] == expected
    outcomes = con.rows("SELECT call_outcome, count(*) FROM sessions WHERE start_time >= ? "
                           "AND start_time < ? GROUP BY 1", [start, end])
    assert {o["outcome"]: o["calls"] for o in alert.context["call_outcomes"]} == dict(outcomes)

    calls, hot, meetings = now["calls"], now["hot_leads"], now["meetings_booked"]
    assert alert.subject.endswith(f"{calls} calls, {hot} hot leads, {meetings} meetings")
    if period == "daily":
        day = start.date()
        assert alert.subject.startswith(f"Voice trial calls, {day:%a} {day.day} {day:%b %Y}:")
    else:
        per_day = dict(con.rows(
            "SELECT CAST(start_time AS DATE), count(*) FROM sessions WHERE start_time >= ? "
            "AND start_time < ? GROUP BY 1", [start, end]))
        days_listed = alert.context["calls_per_day"]
        assert [d["date"] for d in days_listed] == [
            (start.date() + timedelta(days=n)).isoformat() for n in range(7)]
        assert [d["calls"] for d in days_listed] == [
            per_day.get(date.fromisoformat(d["date"]), 0) for d in days_listed]
        sparkline = ", ".join(f"{d['weekday']} {d['calls']}" for d in days_listed)
        assert f"Calls per day: {sparkline}" in alert.message
        assert sparkline in alert.html


def test_a_period_without_calls_reports_zeros(warehouse) -> None:
    alert = executive_alert(warehouse, "daily", date(2026, 12, 20), CONFIG)
    figures = alert.context["figures"]
    assert figures["calls"]["value"] == 0 and figures["avg_lead_score"]["value"] is None
    assert alert.subject == "Voice trial calls, Sat 19 Dec 2026: 0 calls, 0 hot leads, " \
                            "0 meetings"
    assert "Average lead score: n/a" in alert.message


def test_pipeline_influenced_uses_the_configured_seat_price(warehouse, con) -> None:
    assert "executive" not in CONFIG  # the default applies: 49 a seat a month
    default = executive_alert(warehouse, "weekly", END_DATE, CONFIG)
    pricier = executive_alert(warehouse, "weekly", END_DATE,
                              {**CONFIG, "executive": {"seat_price_usd_per_month": 98}})
    value = default.context["figures"]["pipeline_influenced_usd"]["value"]
    assert value > 0 and value % (49 * 12) == 0
    assert pricier.context["figures"]["pipeline_influenced_usd"]["value"] == 2 * value
    assert "$98/seat/month" in pricier.message and "$49/seat/month" in default.message


class _MailReader(HTMLParser):
    """The figures table's rows and the list items of an HTML mail, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.items: list[str] = []
        self.tags: set[str] = set()
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th", "li"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.rows[-1].append("".join(self._cell))
        elif tag == "li":
            self.items.append("".join(self._cell))
        if tag in ("td", "th", "li"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.parametrize("period", ["daily", "weekly"])
def test_html_and_text_parts_carry_the_same_figures(warehouse, period) -> None:
    alert = executive_alert(warehouse, period, END_DATE, CONFIG)
    reader = _MailReader()
    reader.feed(alert.html)
    assert {"style", "script", "link", "img"}.isdisjoint(reader.tags)  # inline CSS only
    before = "the day before" if period == "daily" else "the week before"
    figures = alert.context["figures"]
    table = reader.rows[1:]
    assert [row[0] for row in table] == [f["label"] for f in figures.values()]
    for (label, value, previous, change), figure in zip(table, figures.values(), strict=True):
        assert (value, change) == (figure["shown"], figure["change_shown"])
        assert f"{label}: {value} ({change} vs {previous} {before})" in alert.message
    assert reader.items and all(f"- {item}" in alert.message for item in reader.items)


def test_caller_markup_is_escaped_in_the_executive_mail(warehouse) -> None:
    alert = executive_alert(warehouse, "daily", date(2026, 1, 15), CONFIG)
    assert alert.context["figures"]["calls"]["value"] == 1
    said = alert.context["top_feature_requests"][0]["text"]
    assert "*bold* <http://x|y>" in said
    assert "<http://x|y>" not in alert.html
    assert "*bold* &lt;http://x|y&gt;" in alert.html
    assert f"- {said}: 1 call" in alert.message  # the plain-text part keeps the words as said
    # One tier-1 caller who said a team of 18, at the default seat price.
    assert alert.context["figures"]["pipeline_influenced_usd"]["value"] == 18 * 49 * 12


# The same SQL on BigQuery (the local API emulator) --------------------------------------------


@pytest.fixture(scope="module")
def bigquery_and_duckdb(tmp_path_factory, shared_dir: Path):
    """The same analysed calls in the BigQuery emulator and in a DuckDB file."""
    from tests import bigquery_emulator

    if bigquery_emulator.emulator_binary() is None:
        pytest.skip("the BigQuery API emulator is not installed: `make test` installs it into "
                    ".bqemulator/")
    from pipeline.bigquery_warehouse import BigQueryWarehouse
    from pipeline.rows import session_rows
    from schemas.validation import parse_record
    from transforms.analyze import analyze

    folder = tmp_path_factory.mktemp("digests-bq")
    process, endpoint = bigquery_emulator.start(folder)
    try:
        client = bigquery_emulator.client(endpoint)
        client.create_dataset("digests")
        bigquery = BigQueryWarehouse(f"{bigquery_emulator.PROJECT}:digests", client=client)
        bigquery.create_tables()
        sample = json.loads((shared_dir / "samples" / "sample_hot_lead.json").read_text())
        payloads = [item.payload for item in generate_items(40, seed=11, end_date=END_DATE,
                                                            days=14)]
        payloads.append(json.dumps(_injected_record(sample)).encode())
        records = [parse_record(payload) for payload in payloads]
        batch = [session_rows(record, analyze(record)) for record in records]
        local = DuckDBWarehouse(folder / "same.duckdb")
        local.create_tables()
        for warehouse in (bigquery, local):
            warehouse.write(batch)
        yield bigquery, local
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_digests_say_the_same_on_bigquery_and_duckdb(bigquery_and_duckdb) -> None:
    bigquery, local = bigquery_and_duckdb
    for period in ("daily", "weekly"):
        on_bigquery = executive_alert(bigquery, period, END_DATE, CONFIG)
        on_duckdb = executive_alert(local, period, END_DATE, CONFIG)
        assert on_bigquery.context["figures"]["calls"]["value"] > 0
        assert on_bigquery.context == on_duckdb.context
        assert (on_bigquery.message, on_bigquery.html) == (on_duckdb.message, on_duckdb.html)
    on_bigquery = quality_alerts(bigquery, INJECTED_HOUR_END, CONFIG)
    assert on_bigquery and on_bigquery == quality_alerts(local, INJECTED_HOUR_END, CONFIG)
