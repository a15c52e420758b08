"""Decode and validate messages; follow claim-check pointers; invalid ones become dead letters.

    messages | "DecodeAndValidate" >> DecodeAndValidate()
    # -> outputs: [VALID] SessionRecord, [DEAD_LETTERS] DeadLetter
"""

from collections.abc import Iterator

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from pipeline.messages import DeadLetter, Message
from schemas.validation import validate_payload

VALID = "valid"
DEAD_LETTERS = "dead_letters"
CLAIM_CHECK_ATTRIBUTE = "payload_uri"


def resolve_claim_check(message: Message) -> bytes:
    """The body, or the whole record a claim-check pointer (`payload_uri`) points at."""
    uri = message.attributes.get(CLAIM_CHECK_ATTRIBUTE)
    if not uri:
        return message.data
    with FileSystems.open(uri) as stored:
        return stored.read()


class DecodeAndValidateFn(beam.DoFn):
    """Message -> SessionRecord, or a DeadLetter naming every problem."""

    def __init__(self) -> None:
        self.valid = Metrics.counter("decode", "valid_records")
        self.invalid = Metrics.counter("decode", "invalid_records")
        self.warned = Metrics.counter("decode", "records_with_warnings")

    def process(self, message: Message) -> Iterator:
        try:
            body = resolve_claim_check(message)
        except OSError as exc:  # a pointer to nothing: keep the message, say why
            self.invalid.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, DeadLetter(
                "ResolveClaimCheck", f"{CLAIM_CHECK_ATTRIBUTE}: cannot read: {type(exc).__name__}",
                message.data, message.attributes, message.source,
                message.attributes.get("session_id")))
            return
        result = validate_payload(body)
        if not result.ok:
            self.invalid.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, DeadLetter(
                "DecodeAndValidate", "; ".join(str(p) for p in result.errors), message.data,
                message.attributes, message.source, message.attributes.get("session_id")))
            return
        self.valid.inc()
        if result.warnings:
            self.warned.inc()
            result.record._derived["validation_warnings"] = [str(w) for w in result.warnings]
        yield result.record


class DecodeAndValidate(beam.PTransform):
    # No return annotation: Beam reads it as an output type hint, and a tuple of outputs is not one.
    def expand(self, messages: beam.PCollection):
        return messages | "Decode" >> beam.ParDo(DecodeAndValidateFn()).with_outputs(
            DEAD_LETTERS, main=VALID)
