"""Where dead letters go: a JSONL file locally, a Pub/Sub topic in production.

Each dead letter is one JSON object (`DeadLetter.to_json`): step, error, session id, source,
time, attributes and the original bytes in base64, ready for `voice-analytics replay-dlq`.
"""

import threading
from pathlib import Path

import apache_beam as beam
from apache_beam.io.gcp.pubsub import PubsubMessage
from apache_beam.metrics import Metrics

from pipeline.messages import DeadLetter

_APPEND_LOCK = threading.Lock()  # runner threads append to one file


class AppendToJsonlFn(beam.DoFn):
    def __init__(self, path: str) -> None:
        self.path = path
        self.count = Metrics.counter("dead_letters", "written")

    def setup(self) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)

    def process(self, batch: list[DeadLetter]) -> None:
        lines = b"".join(letter.to_json() + b"\n" for letter in batch)
        with _APPEND_LOCK, open(self.path, "ab") as out:
            out.write(lines)
        self.count.inc(len(batch))


def to_pubsub(letter: DeadLetter) -> PubsubMessage:
    attributes = {"step": letter.step, "reason": letter.reason[:1000]}
    if letter.session_id:
        attributes["session_id"] = letter.session_id
    return PubsubMessage(letter.to_json(), attributes)


class WriteDeadLetters(beam.PTransform):
    def __init__(self, path: str | None = None, topic: str | None = None) -> None:
        super().__init__()
        self.path, self.topic = path, topic

    def expand(self, letters: beam.PCollection) -> None:
        if self.topic:
            (letters | "ToPubSubMessages" >> beam.Map(to_pubsub)
             | "PublishDeadLetters" >> beam.io.WriteToPubSub(self.topic, with_attributes=True))
        if self.path:
            (letters | "BatchDeadLetters" >> beam.BatchElements(min_batch_size=1,
                                                                 max_batch_size=500)
             | "AppendDeadLetters" >> beam.ParDo(AppendToJsonlFn(self.path)))
