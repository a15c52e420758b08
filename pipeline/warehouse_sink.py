"""Write analysed sessions to the warehouse: batched, retried, and never dropped.

A batch that still fails after the retries (1 s, 2 s, 4 s) is written session by session,
so one bad session cannot sink the rest; a session that fails alone becomes a dead letter
with the reason and its record. Each session written comes out as a `StoredSession` (with its
caller's lead row as stored) for the sinks that follow the warehouse.

    written = rows | "WriteWarehouse" >> WriteWarehouse(warehouse, batch_size)
    written[STORED], written[DEAD_LETTERS]
"""

import logging
from collections.abc import Callable, Iterator

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.decode import DEAD_LETTERS
from pipeline.messages import DeadLetter
from pipeline.retry import with_retries
from pipeline.rows import SessionRows, StoredSession

log = logging.getLogger(__name__)
STORED = "stored"


class WriteBatchFn(beam.DoFn):
    def __init__(self, make_warehouse: Callable, transient: tuple[type[BaseException], ...],
                 retry_sleep: Callable[[float], None] | None = None) -> None:
        self.make_warehouse = make_warehouse
        self.transient = transient
        self.retry_sleep = retry_sleep
        self.written = Metrics.counter("warehouse", "sessions_written")
        self.failed = Metrics.counter("warehouse", "sessions_dead_lettered")

    def setup(self) -> None:
        self.warehouse = self.make_warehouse()
        # Another process reading the warehouse holds its file for a moment: wait it out.
        kwargs = {"sleep": self.retry_sleep} if self.retry_sleep else {}
        with_retries(self.warehouse.create_tables, self.transient, "creating warehouse tables",
                     **kwargs)

    def _write(self, batch: list[SessionRows]) -> dict[str, dict]:
        kwargs = {"sleep": self.retry_sleep} if self.retry_sleep else {}
        return with_retries(lambda: self.warehouse.write(batch), self.transient,
                            f"warehouse write of {len(batch)} sessions", **kwargs)

    def process(self, batch: list[SessionRows]) -> Iterator:
        try:
            leads = self._write(batch)
            self.written.inc(len(batch))
            yield from _stored(batch, leads)
            return
        except Exception as exc:  # noqa: BLE001 - every failure is handled below, none dropped
            if len(batch) == 1:
                yield beam.pvalue.TaggedOutput(DEAD_LETTERS, self._dead_letter(batch[0], exc))
                return
            log.warning("batch of %d failed (%s); writing sessions one by one", len(batch),
                        type(exc).__name__)
        for session in batch:
            try:
                leads = self.warehouse.write([session])
                self.written.inc()
                yield from _stored([session], leads)
            except Exception as exc:  # noqa: BLE001 - dead-lettered, not dropped
                yield beam.pvalue.TaggedOutput(DEAD_LETTERS, self._dead_letter(session, exc))

    def _dead_letter(self, session: SessionRows, exc: Exception) -> DeadLetter:
        self.failed.inc()
        record = session.record
        data = record.model_dump_json(exclude_unset=True).encode() if record else b""
        return DeadLetter("WriteWarehouse", f"$: warehouse write failed: {type(exc).__name__}: "
                          f"{str(exc)[:300]}", data, {"session_id": session.session_id},
                          session_id=session.session_id)


def _stored(batch: list[SessionRows], leads: dict[str, dict]) -> Iterator[StoredSession]:
    for session in batch:
        if session.record is not None and session.analysis is not None:
            lead = session.lead and leads.get(session.lead["email"])
            yield StoredSession(session.record, session.analysis, lead)


class WriteWarehouse(beam.PTransform):
    def __init__(self, make_warehouse: Callable, transient: tuple[type[BaseException], ...],
                 batch_size: int = 500, retry_sleep: Callable[[float], None] | None = None):
        super().__init__()
        self.make_warehouse, self.transient = make_warehouse, transient
        self.batch_size, self.retry_sleep = batch_size, retry_sleep

    def expand(self, rows: beam.PCollection):  # -> DoOutputsTuple (Beam warns on that hint)
        return (rows
                | "Batch" >> beam.BatchElements(min_batch_size=1,
                                                max_batch_size=self.batch_size)
                | "Write" >> beam.ParDo(WriteBatchFn(self.make_warehouse, self.transient,
                                                     self.retry_sleep)
                                        ).with_outputs(DEAD_LETTERS, main=STORED))
