"""Where session records come from: a Pub/Sub subscription (streaming) or files (batch).

Both yield `Message(data, attributes, source)`, so every later step is the same.
"""

import apache_beam as beam
from apache_beam.io import fileio

from pipeline.messages import Message
from pipeline.record_files import JSONL_SUFFIXES, split_payloads


def _from_pubsub(message) -> Message:
    return Message(message.data or b"", dict(message.attributes or {}), "pubsub")


def _from_file(readable: fileio.ReadableFile):
    path = readable.metadata.path
    if any(path.endswith(suffix) for suffix in JSONL_SUFFIXES):
        # Line by line, never the whole file: a backfill file can be gigabytes.
        with readable.open() as lines:
            for number, line in enumerate(lines, start=1):
                line = line.rstrip(b"\r\n")
                if line.strip():
                    yield Message(line, {}, f"{path}:{number}")
        return
    for payload in split_payloads(path, readable.read(), is_jsonl=False):
        yield Message(payload.data, {}, payload.position)


class ReadSessions(beam.PTransform):
    def __init__(self, subscription: str | None = None, files: str | None = None) -> None:
        super().__init__()
        self.subscription, self.files = subscription, files

    def expand(self, pbegin: beam.pvalue.PBegin) -> beam.PCollection:
        if self.subscription:
            return (pbegin
                    | "ReadPubSub" >> beam.io.ReadFromPubSub(subscription=self.subscription,
                                                             with_attributes=True)
                    | "ToMessages" >> beam.Map(_from_pubsub))
        return (pbegin
                | "MatchFiles" >> fileio.MatchFiles(self.files)
                | "ReadMatches" >> fileio.ReadMatches()
                | "SplitRecords" >> beam.FlatMap(_from_file))
