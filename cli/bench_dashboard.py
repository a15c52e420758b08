"""`voice-analytics bench dashboard`: the dashboard's panel queries on a year of calls.

Builds, once, a DuckDB warehouse of `--sessions` calls over 365 days in the real tables
(`schemas.duckdb_ddl.warehouse_ddl()`), generated with DuckDB SQL rather than by the job (which
would take hours for 500,000 calls): start times shaped like the generator's (business hours,
weekdays, growth), every other value derived from hashes of the call number, analysis JSON and
session records shaped as the job writes them but compact (no transcript). It is cached under
data/bench/ and rebuilt when the table definitions or this builder change.

Then times each panel's queries over the last 24 hours (the goal: under 1 s each) and over the
last 7 days (the page's default range), median of 5 runs on one read-only connection, against
a baseline in the same process: counting the same window's calls.
"""

import argparse
import hashlib
import json
import random
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from generator.lines import KB_TOPICS
from generator.stream import start_times
from pipeline.alerts.config import load_config
from pipeline.dashboard.queries import PANELS, Filters, connect
from schemas.duckdb_ddl import warehouse_ddl
from schemas.taxonomy import ids

CACHE_DIR = Path("data") / "bench"
BUILDER_VERSION = "1"  # change when the generated data changes, to rebuild cached warehouses
RUNS = 5
GOAL_SECONDS = 1.0
DAYS = 365
# Documentation area a failed search in each knowledge base category points at.
_AREA_OF_CATEGORY = {"account": "account_and_admin", "api": "integrations",
                     "features": "templates_and_content", "integrations": "integrations",
                     "legal": "esignature", "migration": "templates_and_content",
                     "pricing": "pricing_and_plans", "security": "security_and_compliance"}

_MACROS = """
CREATE OR REPLACE TEMP MACRO u(a, salt) AS (hash(a, salt) % 1000000007) / 1000000007.0;
CREATE OR REPLACE TEMP MACRO u3(a, b, salt) AS (hash(a, b, salt) % 1000000007) / 1000000007.0;
CREATE OR REPLACE TEMP MACRO pick(values, a, salt) AS values[1 + CAST(hash(a, salt) % len(values)
                                                                  AS INTEGER)];
CREATE OR REPLACE TEMP MACRO iso(ts) AS strftime(timezone('UTC', ts), '%Y-%m-%dT%H:%M:%S.%gZ');
"""

# One row per call with everything the tables need, in start order.
_GEN = """
CREATE TEMP TABLE gen AS
WITH base AS (
    SELECT s.i, 'bench-' || lpad(CAST(s.i AS VARCHAR), 8, '0') AS session_id,
           to_timestamp(s.start_ms / 1000.0) AS start_time,
           round(45 + pow(u(s.i, 'duration'), 2) * 600, 1) AS duration_seconds,
           hash(s.i, 'caller') % $callers AS caller_no,
           round(100 * pow(u(s.i, 'score'), 2), 1) AS lead_score
    FROM starts s),
call AS (
    SELECT *,
           start_time + to_microseconds(CAST(duration_seconds * 1e6 AS BIGINT)) AS end_time,
           CASE WHEN lead_score >= 70 THEN 'tier_1' WHEN lead_score >= 45 THEN 'tier_2'
                ELSE 'tier_3' END AS tier,
           CASE WHEN u(i, 'email') < 0.75 THEN 'caller' || caller_no || '@example.com' END
               AS email,
           'Caller ' || caller_no AS name,
           CAST(4 + duration_seconds / 12 AS INTEGER) AS turn_count,
           CASE WHEN u(i, 'sentiment') < 0.18 THEN 'negative'
                WHEN u(i, 'sentiment') < 0.62 THEN 'neutral' ELSE 'positive' END AS sentiment,
           CASE WHEN u(i, 'end') < 0.02 THEN 'error' WHEN u(i, 'end') < 0.05 THEN 'timeout'
                WHEN u(i, 'end') < 0.10 THEN 'participant_disconnected'
                WHEN u(i, 'end') < 0.35 THEN 'agent_ended' ELSE 'user_hangup' END AS end_reason,
           pick($industries, i, 'industry') AS industry,
           'pd-voice-agent/2.' || greatest(0, CAST(floor(i * 12 / $sessions) AS INTEGER)
                                              - CAST(u(i, 'canary') < 0.1 AS INTEGER)) || '.0'
               AS agent_version,
           CASE WHEN u(i, 'link') < 0.40 THEN 'excellent' WHEN u(i, 'link') < 0.85 THEN 'good'
                WHEN u(i, 'link') < 0.95 THEN 'poor' WHEN u(i, 'link') < 0.97 THEN 'lost'
                ELSE 'unknown' END AS connection_quality,
           CASE WHEN u(i, 'sized') < 0.3 THEN NULL
                ELSE CAST(round(exp(u(i, 'size') * ln(400))) AS BIGINT) END AS team_size,
           CAST(round(exp(2 + u(i, 'volume') * 6)) AS BIGINT) AS monthly_volume,
           round(800 + 900 * pow(u(i, 'latency'), 2), 1) AS avg_latency_ms,
           list_transform(range(CAST(floor(pow(u(i, 'searches'), 1.5) * 4) AS INTEGER)),
                          lambda k: struct_pack(t := 1 + CAST(hash(i, k, 'topic') % $topics
                                                             AS INTEGER),
                                                p := u3(i, k, 'found'),
                                                n := 1 + CAST(hash(i, k, 'n') % 5 AS INTEGER)))
               AS draws,
           list_filter($integrations, lambda x: hash(i, x, 'integration') % 100 < 9)
               AS integrations,
           list_filter($competitors, lambda x: hash(i, x, 'competitor') % 100 < 5)
               AS competitors,
           list_filter($objections, lambda x: hash(i, x, 'objection') % 100 < 9) AS objections,
           u(i, 'booked') AS u_booked, u(i, 'other_tool') < 0.08 AS other_tool
    FROM base),
outcome AS (
    SELECT *,
           u_booked < CASE tier WHEN 'tier_1' THEN 0.55 WHEN 'tier_2' THEN 0.2 ELSE 0.02 END
               AS meeting_booked,
           list_transform(draws, lambda d: struct_pack(
               query := $topic_query[d.t], category := $topic_category[d.t],
               found := d.p < $topic_found[d.t],
               results := CASE WHEN d.p < $topic_found[d.t] THEN d.n ELSE 0 END,
               area := $topic_area[d.t])) AS searches
    FROM call)
SELECT *,
       CASE WHEN meeting_booked THEN 'meeting_booked'
            WHEN end_reason IN ('error', 'participant_disconnected') THEN 'dropped'
            WHEN tier <> 'tier_3' THEN 'qualified_follow_up'
            ELSE pick(['nurture', 'unqualified', 'support_request'], i, 'outcome') END
           AS call_outcome,
       len(searches) + CAST(meeting_booked OR u_booked > 0.995 AS INTEGER)
           + CAST(other_tool AS INTEGER) AS tool_calls_count,
       turn_count // 2 * CAST(700 + 500 * u(i, 'tokens') AS INTEGER) AS total_tokens
FROM outcome
ORDER BY i
"""

_SESSIONS = """
INSERT INTO sessions BY NAME
SELECT session_id, start_time, end_time, duration_seconds, 'PA_' || i AS participant_id,
       email AS user_email, name AS user_name, turn_count,
       CAST(floor(turn_count * 0.1 * u(i, 'interruptions')) AS BIGINT) AS interruption_count,
       tier AS qualification_tier, lead_score,
       round(least(100, 100 * (0.2 + 0.5 * u(i, 'engagement')) * (0.6 + lead_score / 150)), 1)
           AS engagement_score,
       sentiment, meeting_booked, end_time + INTERVAL 3 SECOND AS created_at, agent_version,
       '1.0' AS schema_version, end_reason, industry, call_outcome,
       round(50 + 50 * u(i, 'quality'), 1) AS quality_score, avg_latency_ms,
       round(avg_latency_ms * (1.4 + u(i, 'p95')), 1) AS p95_latency_ms, total_tokens,
       round(duration_seconds / 60 * 0.05 + total_tokens * 0.000002, 4) AS cost_usd,
       tool_calls_count, connection_quality, CAST([] AS VARCHAR[]) AS validation_warnings
FROM gen ORDER BY i
"""

_TRANSCRIPTS = """
INSERT INTO transcripts BY NAME
SELECT session_id,
       to_json([json_object('index', 0, 'role', 'agent', 'text', 'Hi, thanks for calling!',
                            'start_time', iso(start_time), 'end_time', iso(start_time))])
           AS transcript_json,
       'agent: Hi, thanks for calling!' AS transcript_text, turn_count * 9 AS word_count,
       end_time + INTERVAL 3 SECOND AS created_at, start_time, false AS pii_redacted,
       json_object(
           'schema_version', '1.0',
           'session', json_object('session_id', session_id, 'start_time', iso(start_time),
                                  'end_time', iso(end_time), 'duration_seconds', duration_seconds,
                                  'participant_id', 'PA_' || i, 'user_email', email,
                                  'user_name', name, 'agent_version', agent_version,
                                  'end_reason', end_reason),
           'transcript', json('[]'), 'metrics', json('[]'),
           'discovered_signals', json_object('team_size', team_size, 'industry', industry,
                                             'integration_needs', integrations),
           'tool_calls', to_json(list_concat(
               list_transform(searches, lambda s: json_object(
                   'name', 'unleash_search_knowledge', 'timestamp', iso(start_time),
                   'query', s.query, 'category', s.category, 'results_found', s.found,
                   'total_results', s.results,
                   'top_sources', CASE WHEN s.found THEN ['help_center'] ELSE [] END)),
               CASE WHEN meeting_booked OR u_booked > 0.995 THEN [json_object(
                   'name', 'book_sales_meeting', 'timestamp', iso(end_time),
                   'customer_name', name, 'customer_email', coalesce(email, ''),
                   'success', meeting_booked)] ELSE CAST([] AS JSON[]) END,
               CASE WHEN other_tool THEN [json_object(
                   'name', 'send_follow_up_email', 'timestamp', iso(end_time),
                   'arguments', json_object('to', coalesce(email, '')))]
                    ELSE CAST([] AS JSON[]) END)),
           'connection_quality', json_object('quality_level', connection_quality)
       ) AS session_record
FROM gen ORDER BY i
"""

_ANALYSIS = """
INSERT INTO analysis_results BY NAME
SELECT session_id,
       json_object('team_size', team_size, 'monthly_document_volume', monthly_volume,
                   'integration_needs', integrations, 'industry', industry,
                   'use_case_category', pick($use_cases, i, 'use_case'),
                   'current_tool', pick($tools, i, 'tool'),
                   'budget_authority', pick($budget, i, 'budget'),
                   'decision_timeline', pick($timelines, i, 'timeline'),
                   'urgency', pick(['high', 'medium', 'low', 'unknown'], i, 'urgency'),
                   'competitors', competitors, 'objections', objections,
                   'feature_requests', json('[]'), 'buying_signals', json('[]'),
                   'stakeholders', json('[]'), 'pain_points', json('[]'),
                   'bant', json_object('total', round(lead_score * 0.8, 1))) AS sales_intelligence,
       json_object('total', lead_score, 'tier', tier, 'confidence', 0.7) AS lead_score_breakdown,
       json_object('interruption_count', 0,
                   'natural_ending', end_reason IN ('user_hangup', 'agent_ended')
                                     AND u(i, 'natural') < 0.9,
                   'user_satisfaction_proxy', round(35 + 60 * u(i, 'satisfaction'), 1),
                   'quality_score', round(50 + 50 * u(i, 'quality'), 1)) AS quality_analysis,
       json_object('overall', sentiment, 'score', round(u(i, 'sentiment') * 2 - 1, 3))
           AS sentiment_analysis,
       json_object('types', objections, 'competitors', competitors,
                   'objections', list_transform(objections, lambda t: json_object(
                       'type', t, 'evidence', json_object('turn_index', 3, 'quote', '...'))),
                   'competitor_mentions', list_transform(competitors, lambda c: json_object(
                       'competitor', c, 'stance', pick(['current', 'past', 'evaluating',
                                                        'comparison', 'negated'], i, c)))
                   ) AS objections,
       json_object('competitors', competitors,
                   'mentions', list_transform(competitors, lambda c: json_object(
                       'competitor', c, 'stance', pick(['current', 'past', 'evaluating',
                                                        'comparison', 'negated'], i, c))))
           AS competitors,
       json_object('avg_latency_ms', avg_latency_ms, 'performance_score',
                   round(100 - avg_latency_ms / 30, 1)) AS performance_analysis,
       json_object('failed_searches', list_transform(list_filter(searches,
                                                                 lambda s: NOT s.found),
                                                     lambda s: s.query),
                   'unanswered_questions', json('[]'), 'repeated_questions', json('[]'),
                   'missing_documentation_areas', list_distinct(list_transform(
                       list_filter(searches, lambda s: NOT s.found), lambda s: s.area)),
                   'source_effectiveness', json('[]')) AS content_gaps,
       json_object('items', json('[]')) AS action_items,
       json_object('call_outcome', call_outcome,
                   'key_takeaways', ['Generated call', 'For the bench', 'Not a real caller'])
           AS executive_summary,
       end_time + INTERVAL 5 SECOND AS analyzed_at, 'bench' AS analyzer_version
FROM gen ORDER BY i
"""

_METRICS = """
INSERT INTO metrics BY NAME
WITH turns AS (SELECT g.*, unnest(range(g.turn_count // 2)) AS k FROM gen g),
lat AS (
    SELECT *, round(avg_latency_ms * (0.55 + 0.9 * u3(i, k, 'latency'))
                    * CASE WHEN u3(i, k, 'tail') < 0.03 THEN 2.5 ELSE 1 END, 1) AS latency
    FROM turns)
SELECT session_id || ':' || (2 * k + 1) AS id, session_id,
       start_time + to_microseconds(CAST((2 * k + 1) * duration_seconds / turn_count * 1e6
                                         AS BIGINT)) AS "timestamp",
       'agent_turn' AS metric_type, round(latency * 0.25, 1) AS eou_delay_ms,
       round(latency * 0.45, 1) AS llm_ttft_ms, round(latency * 0.3, 1) AS tts_ttfb_ms,
       latency AS total_latency_ms, 600 + 150 * k AS prompt_tokens,
       40 + CAST(hash(i, k, 'completion') % 80 AS BIGINT) AS completion_tokens,
       640 + 150 * k + CAST(hash(i, k, 'completion') % 80 AS BIGINT) AS total_tokens,
       round(latency * 0.2, 1) AS stt_duration_ms, end_time + INTERVAL 3 SECOND AS created_at,
       2 * k + 1 AS turn_index, agent_version,
       CASE WHEN u3(i, k, 'excluded') < 0.04 THEN 'interrupted' END AS excluded_reason
FROM lat ORDER BY i, k
"""

_LEADS = """
INSERT INTO leads BY NAME
SELECT email, arg_max(name, start_time) AS name,
       arg_max(session_id, start_time) AS latest_session_id,
       arg_max(team_size, start_time) FILTER (WHERE team_size IS NOT NULL) AS team_size,
       arg_max(monthly_volume, start_time) AS monthly_volume,
       arg_max(integrations, start_time) AS integration_needs,
       arg_max(industry, start_time) AS industry,
       arg_max(pick($tools, i, 'tool'), start_time) AS current_tool,
       arg_max(pick($timelines, i, 'timeline'), start_time) AS decision_timeline,
       arg_max(tier, start_time) AS qualification_tier,
       arg_max(lead_score, start_time) AS lead_score,
       min(start_time) AS first_call_date, max(start_time) AS last_call_date,
       count(*) AS total_calls, max(end_time) + INTERVAL 3 SECOND AS updated_at
FROM gen WHERE email IS NOT NULL GROUP BY email ORDER BY email
"""

_ALERTS = """
INSERT INTO alerts_history BY NAME
WITH raised AS (
    SELECT k, 1 + CAST(hash(k, 'rule') % len($rules) AS INTEGER) AS r,
           $first + to_microseconds(CAST((k + u(k, 'at')) * $span_us / $alerts AS BIGINT))
               AS triggered_at
    FROM range($alerts) t(k))
SELECT 'bench-alert-' || k AS id, 'operational' AS alert_type, $names[r] AS alert_name,
       $severities[r] AS severity, $names[r] || ' (generated)' AS message,
       json_object('value', round(u(k, 'value') * 100, 2)) AS context, triggered_at,
       CASE WHEN $severities[r] = 'P1' THEN ['pagerduty', 'slack:#ops']
            ELSE ['slack:#ops'] END AS sent_to,
       CASE WHEN u(k, 'resolved') < 0.95
            THEN triggered_at + to_microseconds(CAST(u(k, 'minutes') * 3.6e9 AS BIGINT))
       END AS resolved_at,
       $rules[r] AS rule, 'sent' AS delivery_status
FROM raised ORDER BY k
"""


def build_warehouse(path: Path, sessions: int, *, days: int = DAYS, end: date | None = None,
                    seed: int = 1) -> datetime:
    """Write a warehouse of `sessions` calls over the `days` days ending with `end` (default:
    today, UTC) to `path`; return the end of that last day (the data's "now")."""
    end = end or datetime.now(UTC).date()
    starts = start_times(random.Random(seed), sessions, end, days)
    topics = list(KB_TOPICS)
    operational = load_config()["operational"]
    params = {
        "sessions": sessions, "callers": max(1, int(sessions * 0.7)),
        "industries": sorted(ids("industries")), "integrations": sorted(ids("integrations")),
        "competitors": sorted(ids("competitors") - {"other"}),
        "objections": sorted(ids("objection_types")),
        "use_cases": sorted(ids("use_case_categories")), "tools": sorted(ids("current_tools")),
        "budget": sorted(ids("budget_authority")), "timelines": sorted(ids("decision_timeline")),
        "topics": len(topics), "topic_query": [t.query for t in topics],
        "topic_category": [t.category for t in topics],
        "topic_found": [t.p_ok for t in topics],
        "topic_area": [_AREA_OF_CATEGORY.get(t.category or "", "templates_and_content")
                       for t in topics],
        "rules": list(operational), "names": [r["name"] for r in operational.values()],
        "severities": [r["severity"] for r in operational.values()],
        "alerts": 3 * days, "first": datetime.combine(end - timedelta(days=days - 1),
                                                      datetime.min.time(), UTC),
        "span_us": days * 86_400_000_000,
    }
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(building)) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(warehouse_ddl())
        con.execute(_MACROS)
        start_column = pa.table({"i": pa.array(range(sessions), pa.int64()),
                                 "start_ms": pa.array(starts, pa.int64())})
        con.register("starts", start_column)
        for sql in (_GEN, _SESSIONS, _TRANSCRIPTS, _ANALYSIS, _METRICS, _LEADS, _ALERTS):
            con.execute(sql, {k: params[k] for k in set(re.findall(r"\$([a-z_]+)", sql))})
        con.execute("DROP TABLE gen")
        con.execute("CHECKPOINT")
    building.replace(path)
    return datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC) - timedelta(
        microseconds=1)


def cached_warehouse(sessions: int, seed: int = 1, rebuild: bool = False,
                     cache_dir: Path = CACHE_DIR) -> tuple[Path, dict]:
    """The bench warehouse for `sessions` calls, built if missing or out of date, and its
    metadata (`as_of`, `build_seconds`, `built_at`)."""
    digest = hashlib.sha256((warehouse_ddl() + BUILDER_VERSION).encode()).hexdigest()[:10]
    path = cache_dir / f"dashboard-{sessions}-seed{seed}-{digest}.duckdb"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not rebuild:
        return path, {**json.loads(meta_path.read_text()), "cached": True}
    print(f"building {path} ({sessions:,} calls over {DAYS} days)...", flush=True)
    started = time.perf_counter()
    as_of = build_warehouse(path, sessions, seed=seed)
    meta = {"sessions": sessions, "as_of": as_of.isoformat(),
            "build_seconds": round(time.perf_counter() - started, 1),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds")}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return path, {**meta, "cached": False}


def _median_seconds(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _bench_window(con: duckdb.DuckDBPyConnection, label: str, f: Filters) -> float:
    """Print each panel's median against the baseline; return the slowest panel's."""
    calls = con.execute("SELECT count(*) FROM sessions WHERE start_time >= $s AND "
                        "start_time < $e", {"s": f.start, "e": f.end}).fetchone()[0]
    baseline = _median_seconds(lambda: con.execute(
        "SELECT count(*) FROM sessions WHERE start_time >= $s AND start_time < $e",
        {"s": f.start, "e": f.end}).fetchone())
    print(f"{label}: {calls:,} calls up to {f.end:%Y-%m-%d %H:%M} UTC "
          f"(median of {RUNS} runs)")
    print(f"  {'baseline: count(*) of sessions in the window':<46} {baseline * 1000:9.1f} ms")
    slowest, total = 0.0, 0.0
    for title, query in PANELS.values():
        seconds = _median_seconds(lambda query=query: query(con, f))
        slowest, total = max(slowest, seconds), total + seconds
        print(f"  {title:<46} {seconds * 1000:9.1f} ms   ratio {seconds / baseline:8.1f}")
    print(f"  {'all six panels':<46} {total * 1000:9.1f} ms   ratio {total / baseline:8.1f}")
    return slowest


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sessions", type=int, default=500_000,
                        help="dashboard: calls in the year-long bench warehouse (default "
                             "500000; built once, cached under data/bench/)")
    parser.add_argument("--rebuild", action="store_true",
                        help="dashboard: build the bench warehouse again even if cached")


def run(args: argparse.Namespace) -> int:
    seed = getattr(args, "seed", 1)
    path, meta = cached_warehouse(args.sessions, seed, args.rebuild)
    built = ("cached" if meta["cached"] else "built") + f" in {meta['build_seconds']} s"
    print(f"bench dashboard: {meta['sessions']:,} calls over {DAYS} days in {path} ({built})")
    as_of = datetime.fromisoformat(meta["as_of"])
    opened = _median_seconds(lambda: connect(path).close())
    print(f"  opening the warehouse read-only (once per panel request): {opened * 1000:.1f} ms")
    with connect(path) as con:
        slowest = _bench_window(con, "last 24 hours", Filters.last_hours(24, as_of))
        week = Filters.days(as_of.date() - timedelta(days=6), as_of.date(), now=as_of)
        _bench_window(con, "last 7 days (the page's default range)", week)
    verdict = "met" if slowest < GOAL_SECONDS else "NOT met"
    print(f"goal, each panel under {GOAL_SECONDS:g} s for the last 24 hours: {verdict} "
          f"(slowest {slowest * 1000:.0f} ms)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cli.bench_dashboard", description=__doc__)
    add_arguments(parser)
    parser.add_argument("--seed", type=int, default=1, help="start-time seed (default 1)")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
