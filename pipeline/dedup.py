"""Keep the first delivery of each session_id; later ones are counted and dropped.

Delivery is at least once. In streaming, a stateful DoFn remembers each session_id for the
spec's 5-minute window (a processing-time timer clears it; memory stays bounded); in batch
the state lasts the whole input. Redeliveries later than the window are still harmless: every
write is an upsert keyed on session_id.
"""

from collections.abc import Iterable, Iterator

import apache_beam as beam
from apache_beam.coders import BooleanCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Duration, Timestamp

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
