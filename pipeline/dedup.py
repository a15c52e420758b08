"""Keep the first delivery of each session_id; later ones are counted and dropped.

Delivery is at least once. In streaming, a stateful DoFn remembers each session_id for the
spec's 5-minute window (a processing-time timer clears it; memory stays bounded). In a batch
over files, a first read finds the positions of every read but the first of each session_id
(ids and positions only) and the second read drops those, so the whole input is deduplicated
without holding it in memory. Redeliveries later than the window are still harmless: every
write is an upsert keyed on session_id.
"""

from collections.abc import Iterable, Iterator

import apache_beam as beam
import orjson
from apache_beam.coders import BooleanCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Duration, Timestamp

from pipeline.messages import Message
from schemas.session_record import SessionRecord

DEDUP_WINDOW_SECONDS = 300  # spec 2.3: 5-minute deduplication window


class KeepFirstDeliveryFn(beam.DoFn):
    SEEN = ReadModifyWriteStateSpec("seen", BooleanCoder())
    FORGET = TimerSpec("forget", TimeDomain.REAL_TIME)

    def __init__(self, window_seconds: float) -> None:
        self.window_seconds = window_seconds
        self.duplicates = Metrics.counter("dedup", "duplicate_deliveries")

    def process(self, element: tuple[str, SessionRecord],
                seen=beam.DoFn.StateParam(SEEN),  # noqa: B008 - Beam's state/timer idiom
                forget=beam.DoFn.TimerParam(FORGET),  # noqa: B008
                ) -> Iterator[SessionRecord]:
        if seen.read():
            self.duplicates.inc()
            return
        seen.write(True)
        forget.set(Timestamp.now() + Duration(seconds=self.window_seconds))
        yield element[1]

    @on_timer(FORGET)
    def forget_session(self, seen=beam.DoFn.StateParam(SEEN)) -> None:  # noqa: B008
        seen.clear()


class _FirstOfGroup(beam.DoFn):
    def __init__(self) -> None:
        self.duplicates = Metrics.counter("dedup", "duplicate_deliveries")

    def process(self, element: tuple[str, Iterable[SessionRecord]]) -> Iterator[SessionRecord]:
        deliveries = list(element[1])
        if len(deliveries) > 1:
            self.duplicates.inc(len(deliveries) - 1)
        yield deliveries[0]


class DeduplicateSessions(beam.PTransform):
    """Streaming: stateful, forgets after `window_seconds`. Batch: one per id, whole input."""

    def __init__(self, streaming: bool, window_seconds: float = DEDUP_WINDOW_SECONDS) -> None:
        super().__init__()
        self.streaming = streaming
        self.window_seconds = window_seconds

    def expand(self, records: beam.PCollection) -> beam.PCollection:
        keyed = records | "KeyBySessionId" >> beam.Map(lambda record: (record.session_id, record))
        if self.streaming:
            return keyed | "KeepFirstDelivery" >> beam.ParDo(
                KeepFirstDeliveryFn(self.window_seconds))
        return (keyed | "GroupDeliveries" >> beam.GroupByKey()
                | "KeepFirstDelivery" >> beam.ParDo(_FirstOfGroup()))


def delivery_key(message: Message) -> tuple[str, str] | None:
    """(session_id, where it was read) from a raw message, or None if it has no session_id
    (it is invalid and goes on to the dead letters unchanged)."""
    try:
        session = orjson.loads(message.data).get("session")
        session_id = session.get("session_id") if isinstance(session, dict) else None
    except (orjson.JSONDecodeError, AttributeError):
        return None
    return (session_id, message.source) if isinstance(session_id, str) else None


def _reading_order(source: str) -> tuple[str, int]:
    """"data/a.jsonl:10" sorts after "data/a.jsonl:9"."""
    path, _, line = source.rpartition(":")
    return path, int(line) if line.isdigit() else 0


def _delivery_keys(message: Message) -> Iterator[tuple[str, str]]:
    key = delivery_key(message)
    if key is not None:
        yield key


def _later_reads(element: tuple[str, Iterable[str]]) -> Iterator[tuple[str, bool]]:
    for source in sorted(element[1], key=_reading_order)[1:]:
        yield source, True


class Redeliveries(beam.PTransform):
    """Batch: the positions ("file:line") of every read but the first of each session_id.
    Holds ids and positions, never records, so memory stays flat however large the
    backfill; the second read then drops those positions without parsing anything."""

    def expand(self, messages: beam.PCollection) -> beam.PCollection:
        return (messages
                | "KeyByDelivery" >> beam.FlatMap(_delivery_keys)
                | "GroupPositions" >> beam.GroupByKey()
                | "AllButFirst" >> beam.FlatMap(_later_reads))


class DropRedeliveriesFn(beam.DoFn):
    """Drop a message read at a redelivery position (side input from `Redeliveries`)."""

    def __init__(self) -> None:
        self.duplicates = Metrics.counter("dedup", "duplicate_deliveries")

    def process(self, message: Message, redelivered: dict) -> Iterator[Message]:
        if message.source in redelivered:
            self.duplicates.inc()
        else:
            yield message
