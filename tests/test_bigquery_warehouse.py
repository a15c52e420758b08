"""The BigQuery path against a BigQuery API (the local emulator): our table resources create
the tables, the job's rows insert cleanly, and the job writes each session once however
often it is delivered or re-run.
"""

import copy
import json

import pytest

from pipeline.rows import session_rows
from schemas.bigquery_schema import BIGQUERY_DIR
from schemas.validation import parse_record
from tests import bigquery_emulator
from tests.conftest import SAMPLES
from transforms.analyze import analyze

DATASET = "voice_analytics"


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
    client = bigquery_emulator.client(endpoint)
    client.create_dataset(DATASET)
    return client


def _resource(name: str) -> dict:
    resource = copy.deepcopy(json.loads((BIGQUERY_DIR / f"{name}.json").read_text()))
    resource["tableReference"].update(projectId=bigquery_emulator.PROJECT, datasetId=DATASET)
    resource.pop("tableConstraints")  # primary keys are declared, not enforced, in BigQuery
    return resource


TABLES = sorted(p.stem for p in BIGQUERY_DIR.glob("*.json"))


@pytest.fixture(scope="module")
def tables(bigquery):
    """The six tables, created from our JSON files as Terraform and the job would."""
    from google.cloud.bigquery import Table

    for name in TABLES:
        bigquery.create_table(Table.from_api_repr(_resource(name)))
    return bigquery


@pytest.mark.parametrize("name", TABLES)
def test_table_resource_creates_the_table_it_describes(tables, name) -> None:
    resource = _resource(name)
    created = tables.get_table(f"{DATASET}.{name}")
    assert [(f.name, f.field_type, f.mode) for f in created.schema] == [
        (f["name"], f["type"], f["mode"]) for f in resource["schema"]["fields"]]
    if "timePartitioning" in resource:
        assert created.time_partitioning.field == resource["timePartitioning"]["field"]
    if "clustering" in resource:
        assert created.clustering_fields == resource["clustering"]["fields"]


def test_rows_of_analysed_sessions_insert_without_errors(tables, shared_dir) -> None:
    bigquery = tables
    records = [parse_record(p.read_bytes()) for p in SAMPLES]
    per_table: dict[str, list[dict]] = {}
    for record in records:
        rows = session_rows(record, analyze(record))
        for table, table_rows in rows.tables.items():
            per_table.setdefault(table, []).extend(table_rows)
        if rows.lead:
            per_table.setdefault("leads", []).append(rows.lead)
    for table, rows in per_table.items():
        assert bigquery.insert_rows_json(f"{DATASET}.{table}", rows) == [], table
        counted = list(bigquery.query(f"SELECT count(*) AS n FROM {DATASET}.{table}").result())
        assert counted[0]["n"] == len(rows), table


def test_bigquery_warehouse_writes_each_session_once_however_often_delivered(
        bigquery, shared_dir) -> None:
    from pipeline.bigquery_warehouse import BigQueryWarehouse

    bigquery.create_dataset("idempotent")
    warehouse = BigQueryWarehouse(f"{bigquery_emulator.PROJECT}:idempotent", client=bigquery)
    warehouse.create_tables()
    records = [parse_record(p.read_bytes()) for p in SAMPLES]
    batch = [session_rows(r, analyze(r)) for r in records]
    for _ in range(3):  # a session delivered three times
        stored_leads = warehouse.write(batch)
    for table, key in (("sessions", "session_id"), ("transcripts", "session_id"),
                       ("metrics", "id"), ("analysis_results", "session_id"),
                       ("leads", "email")):
        counted = list(bigquery.query(
            f"SELECT count(*) AS n, count(DISTINCT {key}) AS d FROM idempotent.{table}").result())
        assert counted[0]["n"] == counted[0]["d"] > 0, table
    assert warehouse.session_ids() == {r.session_id for r in records}
    leads = {row["email"]: row["total_calls"] for row in bigquery.query(
        "SELECT email, total_calls FROM idempotent.leads").result()}
    assert leads and set(leads.values()) == {1}
    # The write hands the sinks after it the leads as stored.
    assert {email: row["total_calls"] for email, row in stored_leads.items()} == leads


def test_batch_job_into_bigquery_is_exact_and_idempotent(bigquery, endpoint, tmp_path,
                                                          monkeypatch) -> None:
    from generator import generate_items, write_items
    from pipeline.bigquery_warehouse import EMULATOR_ENV
    from pipeline.main import run

    monkeypatch.setenv(EMULATOR_ENV, endpoint)
    bigquery.create_dataset("job")
    items = list(generate_items(40, seed=61, duplicate_rate=0.2, malformed_rate=0.1))
    source = tmp_path / "in.jsonl"
    write_items(items, source)
    args = ["--input_files", str(source), "--warehouse", "bigquery", "--bigquery_dataset",
            f"{bigquery_emulator.PROJECT}:job", "--dead_letter_path", str(tmp_path / "d.jsonl"),
            "--sinks", "none"]
    run(args)
    run(args)  # the same backfill again: still one row per session
    expected = {i.session_id for i in items if i.label in ("valid", "duplicate")}
    stored = [row["session_id"] for row in bigquery.query(
        "SELECT session_id FROM job.sessions").result()]
    assert sorted(stored) == sorted(expected)
    analyses = list(bigquery.query("SELECT count(*) AS n FROM job.analysis_results").result())
    assert analyses[0]["n"] == len(expected)

    # reanalyze restamps stored calls with the current analyzers, in BigQuery too
    from cli.main import main
    from transforms.version import ANALYZER_VERSION

    bigquery.query("UPDATE job.analysis_results SET analyzer_version = '0.0.1' "
                   "WHERE TRUE").result()
    assert main(["reanalyze", "--since", "2000-01-01", "--bigquery-dataset",
                 f"{bigquery_emulator.PROJECT}:job"]) == 0
    versions = {row["v"] for row in bigquery.query(
        "SELECT DISTINCT analyzer_version AS v FROM job.analysis_results").result()}
    assert versions == {ANALYZER_VERSION}


def test_streaming_job_into_bigquery_writes_each_session_once(bigquery, endpoint, emulator,
                                                               tmp_path) -> None:
    from generator import generate_items
    from pipeline.bigquery_warehouse import EMULATOR_ENV
    from pipeline.emulator import create_resources
    from pipeline.local_run import start_streaming_job, stop_job, wait_until
    from pipeline.publish import publish_payloads

    bigquery.create_dataset("streamed")
    resources = create_resources(emulator.host, prefix="bq-stream")
    items = list(generate_items(40, seed=71, duplicate_rate=0.2, malformed_rate=0.1))
    expected = {i.session_id for i in items if i.label in ("valid", "duplicate")}
    env = {**emulator.environment(), EMULATOR_ENV: endpoint}
    job = start_streaming_job(env, resources.subscription, None, tmp_path / "dead.jsonl",
                              tmp_path / "job.log", (
                                  "--warehouse", "bigquery", "--bigquery_dataset",
                                  f"{bigquery_emulator.PROJECT}:streamed",
                                  "--receipt_journal", str(tmp_path / "receipts.jsonl")))

    def stored() -> list[str]:
        try:
            return [row["session_id"] for row in bigquery.query(
                "SELECT session_id FROM streamed.sessions").result()]
        except Exception:  # noqa: BLE001 - the job has not created its tables yet
            return []

    try:
        publish_payloads(resources.topic, ((i.payload, None) for i in items))
        assert wait_until(lambda: len(stored()) >= len(expected), 120, job), \
            (tmp_path / "job.log").read_text()[-2000:]
    finally:
        stop_job(job)
    assert sorted(stored()) == sorted(expected)
