"""The job's steps in TestPipelines: decode and validate, dedup, rows, warehouse writes."""

import functools
import json

import apache_beam as beam
import duckdb
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.build import DUCKDB_TRANSIENT
from pipeline.decode import DEAD_LETTERS, VALID, DecodeAndValidate
from pipeline.dedup import DeduplicateSessions
from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.messages import DeadLetter, Message
from pipeline.rows import session_rows
from pipeline.warehouse_sink import STORED, WriteWarehouse
from schemas.tables import TABLES_BY_NAME
from schemas.validation import parse_record
from tests.conftest import SAMPLES
from transforms.analyze import analyze


@pytest.fixture(scope="module")
def sample_bytes(shared_dir) -> list[bytes]:
    return [p.read_bytes() for p in SAMPLES]


def test_decode_sends_invalid_messages_to_dead_letters_with_bytes_and_reason(sample_bytes):
    bad = [b"<html>502</html>", b'{"schema_version": "1.0"}']
    messages = [Message(b, {"session_id": f"m{i}"}, f"test:{i}")
                for i, b in enumerate(sample_bytes + bad)]
    with TestPipeline(runner="FnApiRunner") as p:
        decoded = p | beam.Create(messages) | DecodeAndValidate()
        assert_that(decoded[VALID] | "Ids" >> beam.Map(lambda r: r.session_id),
                    equal_to([json.loads(b)["session"]["session_id"] for b in sample_bytes]),
                    label="ValidRecords")
        assert_that(
            decoded[DEAD_LETTERS] | beam.Map(lambda d: (d.step, d.data, d.source, d.error[:23])),
            equal_to([("DecodeAndValidate", bad[0], "test:4", "$: not JSON: unexpected"),
                      ("DecodeAndValidate", bad[1], "test:5", "session: required; tran")]),
            label="DeadLetters")


def test_claim_check_pointer_is_followed_and_a_broken_one_dead_lettered(sample_bytes, tmp_path):
    stored = tmp_path / "claim.json"
    stored.write_bytes(sample_bytes[0])
    messages = [Message(b"", {"payload_uri": str(stored)}),
                Message(b"", {"payload_uri": str(tmp_path / "missing.json")})]
    with TestPipeline(runner="FnApiRunner") as p:
        decoded = p | beam.Create(messages) | DecodeAndValidate()
        assert_that(decoded[VALID] | "Ids" >> beam.Map(lambda r: r.session_id),
                    equal_to([json.loads(sample_bytes[0])["session"]["session_id"]]),
                    label="Followed")
        assert_that(decoded[DEAD_LETTERS] | beam.Map(lambda d: d.step),
                    equal_to(["ResolveClaimCheck"]), label="Broken")


def test_batch_dedup_keeps_one_delivery_per_session(sample_bytes):
    records = [parse_record(b) for b in sample_bytes]
    with TestPipeline(runner="FnApiRunner") as p:
        kept = (p | beam.Create(records * 3) | DeduplicateSessions(streaming=False)
                | beam.Map(lambda r: r.session_id))
        assert_that(kept, equal_to([r.session_id for r in records]))


def test_rows_have_exactly_their_tables_columns(sample_bytes):
    for raw in sample_bytes:
        record = parse_record(raw)
        rows = session_rows(record, analyze(record))
        for table, table_rows in rows.tables.items():
            for row in table_rows:
                assert list(row) == list(TABLES_BY_NAME[table].column_names), table
        if rows.lead:
            assert list(rows.lead) == list(TABLES_BY_NAME["leads"].column_names)
        assert len(rows.tables["metrics"]) == len({m.turn_index for m in record.metrics})


def _rows(sample_bytes):
    return [session_rows(r, analyze(r)) for r in map(parse_record, sample_bytes)]


def test_warehouse_is_idempotent_on_session_id(sample_bytes, tmp_path):
    warehouse = DuckDBWarehouse(tmp_path / "w.duckdb")
    warehouse.create_tables()
    rows = _rows(sample_bytes)
    for _ in range(3):
        stored_leads = warehouse.write(rows)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT session_id) FROM sessions"
                           ).fetchone() == (4, 4)
        assert con.execute("SELECT max(total_calls) FROM leads").fetchone() == (1,)
    # What the write returns is the leads table as stored, for the sinks after it.
    emails = {r.lead["email"] for r in rows if r.lead}
    assert set(stored_leads) == emails
    assert {lead["total_calls"] for lead in stored_leads.values()} == {1}


def test_a_permanent_failure_dead_letters_only_that_session(sample_bytes, tmp_path):
    rows = _rows(sample_bytes)
    broken = rows[1].tables["sessions"][0]
    broken["participant_id"] = None  # NOT NULL in the table: DuckDB refuses the row
    make = functools.partial(DuckDBWarehouse, tmp_path / "w.duckdb")
    with TestPipeline(runner="FnApiRunner") as p:
        written = (p | beam.Create([rows]) | beam.FlatMap(lambda batch: batch)
                   | WriteWarehouse(make, DUCKDB_TRANSIENT, batch_size=10,
                                    retry_sleep=lambda s: None))
        assert_that(written[DEAD_LETTERS] | beam.Map(
                        lambda d: (d.step, d.session_id, "ConstraintException" in d.error)),
                    equal_to([("WriteWarehouse", rows[1].session_id, True)]), label="dead")
        assert_that(written[STORED] | beam.Map(lambda s: s.session_id),
                    equal_to([r.session_id for i, r in enumerate(rows) if i != 1]),
                    label="stored")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sessions").fetchone() == (3,)


def test_a_transient_failure_is_retried_three_times_then_dead_lettered(sample_bytes, tmp_path):
    (tmp_path / "not-a-file.duckdb").mkdir()  # opening a directory as a database: IOException
    make = functools.partial(_DirectoryWarehouse, tmp_path / "not-a-file.duckdb")
    with TestPipeline(runner="FnApiRunner") as p:
        written = (p | beam.Create(_rows(sample_bytes)[:1])
                   | WriteWarehouse(make, DUCKDB_TRANSIENT, retry_sleep=_record_sleep))
        assert_that(written[DEAD_LETTERS] | beam.Map(lambda d: (d.step, "IOException" in d.error)),
                    equal_to([("WriteWarehouse", True)]))
    assert _SLEPT == [1.0, 2.0, 4.0]


_SLEPT: list[float] = []


def _record_sleep(seconds: float) -> None:
    _SLEPT.append(seconds)


class _DirectoryWarehouse(DuckDBWarehouse):
    """A real DuckDB warehouse whose file is a directory: every write fails for real."""

    def create_tables(self) -> None:
        _SLEPT.clear()


def test_dead_letter_round_trips_the_original_bytes() -> None:
    letter = DeadLetter("DecodeAndValidate", "$: not UTF-8: invalid start byte at byte 0",
                        b"\xff\xfe{", {"session_id": "s1"}, "x.jsonl:3", "s1")
    assert DeadLetter.from_json(letter.to_json()) == letter
    assert letter.reason == "DecodeAndValidate: $: not UTF-8"
