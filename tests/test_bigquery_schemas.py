"""Our BigQuery table resources and rows against a BigQuery API (the local emulator).

The JSON files in schemas/bigquery/ must create real tables (types, modes, partitioning,
clustering), and the rows the job builds must insert into them without errors.
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
def bigquery(tmp_path_factory):
    if bigquery_emulator.emulator_binary() is None:
        pytest.skip("the BigQuery API emulator is not installed: `make test` installs it into "
                    ".bqemulator/")
    process, endpoint = bigquery_emulator.start(tmp_path_factory.mktemp("bq-home"))
    client = bigquery_emulator.client(endpoint)
    client.create_dataset(DATASET)
    yield client
    process.terminate()
    process.wait(timeout=10)


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
