"""The retention rules' BigQuery SQL (`pipeline.retention.sql.BigQuery`) on the local BigQuery
API emulator, with the three years of calls of tests/test_retention.py: each rule's statements
run with @run_date bound and leave what the DuckDB run leaves for the same data and date; and
`retention run --bigquery-dataset` (pipeline.retention.bigquery_run) redacts and applies every
rule the emulator can, matching DuckDB.

Skipped here, as the emulator cannot run them: the export of archive rules to GCS (EXPORT DATA,
and the scheduled query's EXECUTE IMMEDIATE ... USING @run_date), and the rules on cold
storage, which on BigQuery are GCS lifecycle rules, not SQL.
"""

import itertools
from datetime import date, datetime
from pathlib import Path

import duckdb
import orjson
import pytest

from pipeline.bigquery_warehouse import EMULATOR_ENV, BigQueryWarehouse
from pipeline.retention import bigquery_run, duckdb_run
from pipeline.retention.rules import ADDED_TABLES, RULES, Rule
from pipeline.retention.sql import BigQuery, apply_sql, candidates_sql, count_sql, export_sql
from tests import bigquery_emulator
from tests.test_retention import AS_OF, DAYS, EMAIL, _fill, _main, _start

HOT = ("sessions", "transcripts", "analysis_results", "metrics", "alerts_history",
       "metrics_hourly")
_datasets = itertools.count()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    if bigquery_emulator.emulator_binary() is None:
        pytest.skip("the BigQuery API emulator is not installed: `make test` installs it into "
                    ".bqemulator/")
    process, url = bigquery_emulator.start(tmp_path_factory.mktemp("bq-home"))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def bigquery(endpoint):
    return bigquery_emulator.client(endpoint)


@pytest.fixture(scope="module")
def duck(tmp_path_factory) -> tuple[dict, dict, list]:
    """(rows before, rows after the DuckDB run as of AS_OF, per table; the calls)."""
    tmp = tmp_path_factory.mktemp("duck")
    path, archive = tmp / "w.duckdb", tmp / "cold"
    calls = _fill(path)
    duckdb_run.run(path, date(2000, 1, 1), archive_dir=archive)  # creates the added tables
    with duckdb.connect(str(path)) as con:  # rollups of earlier runs, 4 and 6 years old
        for years in (4, 6):
            con.execute("INSERT INTO metrics_hourly (hour, metric_type, agent_version, turns, "
                        "excluded_turns, latency_turns, created_at) VALUES (?, 'agent_turn', "
                        "'v0', 1, 0, 1, ?)", [_start(years * 365), _start(0)])
    before = _rows(path)
    duckdb_run.run(path, AS_OF, archive_dir=archive)
    after = _rows(path, archive / duckdb_run.ARCHIVE_FILE)
    return before, after, calls


def _rows(path: Path, archive: Path | None = None) -> dict[str, list[dict]]:
    with duckdb.connect(str(path), read_only=True) as con:
        if archive:
            con.execute(f"ATTACH '{archive}' AS archive (READ_ONLY)")
        out = {}
        for table in HOT + (("archive.transcripts",) if archive else ()):
            cursor = con.execute(f"SELECT * FROM {table}")
            names = [c[0] for c in cursor.description]
            out[table] = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        return out


def _dataset(bigquery, before: dict[str, list[dict]]) -> str:
    """A new dataset holding the rows of `before`, tables made as the job and retention do."""
    dataset = f"{bigquery_emulator.PROJECT}.retention_{next(_datasets)}"
    bigquery.create_dataset(dataset)
    BigQueryWarehouse(dataset, client=bigquery).create_tables()
    d = BigQuery(dataset)
    for table in ADDED_TABLES:
        bigquery.query(d.create(table)).result()
    for table, rows in before.items():
        if rows:
            errors = bigquery.insert_rows_json(f"{dataset}.{table}", [
                {k: v.isoformat() if isinstance(v, date | datetime) else v
                 for k, v in row.items() if v is not None} for row in rows])
            assert not errors, errors
    return dataset


def _query(bigquery, sql: str) -> list[dict]:
    from google.cloud.bigquery import QueryJobConfig, ScalarQueryParameter

    config = QueryJobConfig(query_parameters=[ScalarQueryParameter("run_date", "DATE", AS_OF)])
    return [dict(r.items()) for r in bigquery.query(sql, job_config=config).result()]


def _ids(rows: list[dict], key: str = "session_id") -> set:
    return {r[key] for r in rows}


def _hourly(rows: list[dict]) -> set[tuple]:
    return {(r["hour"], r["agent_version"], r["turns"], r["excluded_turns"],
             r["latency_turns"], r["total_latency_ms_sum"], r["total_latency_ms_max"],
             r["total_latency_ms_p95"], r["total_tokens"]) for r in rows}


def _expected_count(rule: Rule, calls: list) -> int:
    tier3 = sum(d > 30 for _, d, t in calls if t == "tier_3")
    return {"analysis_pii_redact": tier3, "transcripts_pii_redact": tier3,
            "transcripts_archive": sum(d > 90 for _, d, _ in calls),
            "metrics_rollup": 2 * sum(d > 365 for _, d, _ in calls),
            "metrics_hourly_delete": 1,
            "alerts_archive": sum(d > 365 for _, d, _ in calls)}[rule.name]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_sql_runs_on_bigquery_as_on_duckdb(bigquery, duck, rule: Rule) -> None:
    if rule.in_archive:
        pytest.skip(f"{rule.name}: on BigQuery a GCS lifecycle rule on the archive bucket, "
                    "not SQL")
    before, after, calls = duck
    dataset = _dataset(bigquery, before)
    d = BigQuery(dataset)
    table = lambda name: _query(bigquery, f"SELECT * FROM {d.ref(name)}")  # noqa: E731
    assert _query(bigquery, count_sql(rule, d)) == [{"n": _expected_count(rule, calls)}]
    if rule.action == "redact":  # the SQL part: candidates for pipeline.pii (run in Python)
        rows = _query(bigquery, candidates_sql(rule, d))
        assert _ids(rows) == {s for s, days, t in calls if t == "tier_3" and days > 30}
        for row in rows:
            assert EMAIL in row["session_record"] and orjson.loads(row["session_record"])
            if rule.table == "analysis_results":
                assert row["user_name"] == "Sarah Lee" and "Tom Baker" in row[
                    "sales_intelligence"]
        return
    statements = apply_sql(rule, d)
    if rule.action == "archive":
        copy, statements = statements[0], statements[1:]
        assert copy.startswith("EXECUTE IMMEDIATE") and "EXPORT DATA" in copy
    for statement in statements:
        _query(bigquery, statement)
    if rule.action == "archive":  # hot rows left are DuckDB's (the export is skipped below)
        key = "session_id" if rule.table == "transcripts" else "id"
        assert _ids(table(rule.table), key) == _ids(after[rule.table], key)
    elif rule.action == "rollup":
        assert _ids(table("metrics"), "id") == _ids(after["metrics"], "id")
        v1 = lambda rows: _hourly(r for r in rows if r["agent_version"] == "v1")  # noqa: E731
        assert v1(table("metrics_hourly")) == v1(after["metrics_hourly"])
        assert len(v1(after["metrics_hourly"])) == sum(365 < days <= 1825 for days in DAYS)
    else:
        assert _hourly(table("metrics_hourly")) == _hourly(
            r for r in before["metrics_hourly"] if r["hour"] != _start(6 * 365))
    assert _query(bigquery, count_sql(rule, d)) == [{"n": 0}]  # a rerun changes nothing


@pytest.mark.parametrize("rule", [r for r in RULES if r.action == "archive"],
                         ids=[r.name for r in RULES if r.action == "archive"])
def test_archive_export(bigquery, rule: Rule) -> None:
    d = BigQuery(f"{bigquery_emulator.PROJECT}.retention_export")
    for export in (apply_sql(rule, d)[0], export_sql(rule, d, AS_OF)):
        with pytest.raises(Exception):  # noqa: B017, PT011 - what the emulator answers varies
            _query(bigquery, export)
    pytest.skip(f"{rule.name}: the emulator runs neither EXECUTE IMMEDIATE ... USING @run_date "
                f"nor EXPORT DATA to gs://{d.bucket} (no GCS), so the copy to cold storage is "
                f"untested here; {export_sql(rule, d, AS_OF)[:40]}...")


def _normalise(rows: list[dict], columns: tuple[str, ...]) -> dict[str, tuple]:
    def value(v):
        return orjson.loads(v) if isinstance(v, str) and v[:1] in "[{" else v

    return {r["session_id"]: tuple(value(r[c]) for c in columns) for r in rows}


def test_run_on_bigquery_matches_duckdb(bigquery, endpoint, duck, monkeypatch, capsys) -> None:
    before, after, calls = duck
    dataset = _dataset(bigquery, before)
    d = BigQuery(dataset)
    monkeypatch.setenv(EMULATOR_ENV, endpoint)
    cli = ["run", "--bigquery-dataset", dataset, "--as-of", AS_OF.isoformat(),
           "--no-archive-export"]
    assert _main([*cli, "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "(dry run)" in dry
    line = next(x for x in dry.splitlines() if "transcripts_archive " in x)
    assert line.endswith(f"would change {2 * sum(days > 90 for days in DAYS)} rows")
    assert len(_query(bigquery, f"SELECT * FROM {d.ref('metrics')}")) == len(before["metrics"])

    assert _main(cli) == 0
    counts = {r["rule"]: r["rows_affected"] for r in _query(
        bigquery, f"SELECT * FROM {d.ref('retention_runs')}")}
    tier3 = sum(days > 30 for _, days, t in calls if t == "tier_3")
    assert counts == {"analysis_pii_redact": tier3, "transcripts_pii_redact": tier3,
                      "transcripts_archive": 0, "transcripts_archive_delete": 0,
                      "metrics_rollup": 2 * sum(days > 365 for _, days, _ in calls),
                      "metrics_hourly_delete": 1, "alerts_archive": 0,
                      "alerts_archive_delete": 0}
    table = lambda name: _query(bigquery, f"SELECT * FROM {d.ref(name)}")  # noqa: E731
    transcripts = table("transcripts")
    assert _ids(transcripts) == _ids(before["transcripts"])  # not exported: none deleted
    columns = ("transcript_text", "transcript_json", "session_record", "pii_redacted")
    ours = _normalise(transcripts, columns)
    theirs = _normalise(after["transcripts"] + after["archive.transcripts"], columns)
    assert set(ours) - set(theirs) == {s for s, days, _ in calls if days > 730}  # cold, gone
    assert {s: ours[s] for s in theirs} == theirs
    analysis = ("action_items", "sales_intelligence", "executive_summary")
    assert _normalise(table("analysis_results"), analysis) == _normalise(
        after["analysis_results"], analysis)
    redacted = {r["row_key"] for r in table("pii_redactions")}
    assert redacted == {s for s, days, t in calls if t == "tier_3" and days > 30}
    assert _ids(table("metrics"), "id") == _ids(after["metrics"], "id")
    assert _hourly(table("metrics_hourly")) == _hourly(after["metrics_hourly"])

    assert bigquery_run.run(dataset, AS_OF, client=bigquery, export=False) == [
        duckdb_run.RuleCount(rule, 0) for rule in RULES]  # a second run changes nothing
