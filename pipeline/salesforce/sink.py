"""The Salesforce sink: stored sessions in, dead letters out.

    dead = stored | "WriteSalesforce" >> WriteSalesforce(make_api, routing_path, url_template)

Sessions are batched (up to 200, the sObject Collections limit) and synced in three composite
calls a batch. A transient failure (throttling, 5xx, timeout) is retried after 1, 2 and 4 s
with the sync run again for the sessions still failing; a batch Salesforce refuses as a whole
is retried session by session, so one bad session cannot sink the others; what still fails
becomes a dead letter with the reason and the record.
"""

import logging
import zlib
from collections.abc import Callable, Iterator

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipeline.messages import DeadLetter
from pipeline.retry import BACKOFF_SECONDS
from pipeline.rows import StoredSession
from pipeline.salesforce.client import (
    CompositeApi,
    PermanentSalesforceError,
    TransientSalesforceError,
)
from pipeline.salesforce.payloads import caller_email
from pipeline.salesforce.routing import Routing
from pipeline.salesforce.sync import MAX_RECORDS, SyncFailure, sync_batch

log = logging.getLogger(__name__)
STEP = "WriteSalesforce"
# Streaming: batches filling at once, and how long a session may wait for its batch. Fewer
# and longer mean fuller batches, so fewer API calls a session; a sync of 200 takes about a
# second, so two shards serve far more calls than the agent takes.
STREAMING_SHARDS = 2
MAX_WAIT_SECONDS = 10.0


class SyncToSalesforceFn(beam.DoFn):
    def __init__(self, make_api: Callable[[], CompositeApi], routing_path: str | None,
                 transcript_url_template: str, backoff: tuple[float, ...] = BACKOFF_SECONDS,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.make_api, self.routing_path = make_api, routing_path
        self.transcript_url_template = transcript_url_template
        self.backoff, self.sleep = backoff, sleep
        self.synced = Metrics.counter("salesforce", "sessions_synced")
        self.failed = Metrics.counter("salesforce", "sessions_dead_lettered")
        self.api_calls = Metrics.counter("salesforce", "api_calls")

    def setup(self) -> None:
        import time

        self.api = self.make_api()
        self.routing = Routing.load(self.routing_path)
        self._sleep = self.sleep or time.sleep

    def process(self, batch: list[StoredSession]) -> Iterator[DeadLetter]:
        calls_before = self.api.calls
        reasons = self._deliver(batch)
        self.api_calls.inc(self.api.calls - calls_before)
        self.synced.inc(len(batch) - len(reasons))
        for stored in batch:
            if stored.session_id in reasons:
                self.failed.inc()
                yield DeadLetter(STEP, f"$: {reasons[stored.session_id]}",
                                 stored.record.model_dump_json(exclude_unset=True).encode(),
                                 {"session_id": stored.session_id},
                                 session_id=stored.session_id)

    def _sync(self, sessions: list[StoredSession]) -> dict[str, SyncFailure]:
        return sync_batch(self.api, sessions, self.routing, self.transcript_url_template)

    def _deliver(self, sessions: list[StoredSession]) -> dict[str, str]:
        """Dead-letter reasons by session_id; every other session is in Salesforce."""
        reasons: dict[str, str] = {}
        pending, failures = sessions, {}
        for delay in (*self.backoff, None):
            try:
                failures = self._sync(pending)
            except TransientSalesforceError as exc:
                failures = {s.session_id: SyncFailure(str(exc), True) for s in pending}
            except PermanentSalesforceError as exc:
                if len(pending) == 1:
                    return {**reasons, pending[0].session_id: str(exc)}
                log.warning("salesforce refused a batch of %d (%s); syncing one by one",
                            len(pending), str(exc)[:120])
                for stored in pending:
                    reasons.update(self._deliver([stored]))
                return reasons
            reasons.update({sid: f.reason for sid, f in failures.items() if not f.transient})
            pending = [s for s in pending
                       if s.session_id in failures and failures[s.session_id].transient]
            if not pending or delay is None:
                break
            log.warning("salesforce: %d sessions failed transiently, retrying in %.0f s",
                        len(pending), delay)
            self._sleep(delay)
        reasons.update({s.session_id: f"{failures[s.session_id].reason} (after "
                        f"{len(self.backoff)} retries)" for s in pending})
        return reasons


def shard_of(stored: StoredSession, shards: int = STREAMING_SHARDS) -> int:
    """A caller's shard: all of one caller's calls in one shard, so two of them never race to
    create the same Lead."""
    return zlib.crc32((caller_email(stored) or stored.session_id).encode()) % shards


class WriteSalesforce(beam.PTransform):
    """Batches of up to 200 sessions. In batch, each bundle is cut into full batches; in
    streaming, bundles are small, so sessions are grouped per shard for up to
    `max_wait_seconds` (GroupIntoBatches, `--salesforce_max_wait_seconds`), which keeps calls
    per session low there too."""

    def __init__(self, make_api: Callable[[], CompositeApi], routing_path: str | None,
                 transcript_url_template: str, batch_size: int = MAX_RECORDS,
                 backoff: tuple[float, ...] = BACKOFF_SECONDS,
                 sleep: Callable[[float], None] | None = None, streaming: bool = False,
                 max_wait_seconds: float = MAX_WAIT_SECONDS) -> None:
        super().__init__()
        self.batch_size = min(batch_size, MAX_RECORDS)
        self.streaming, self.max_wait_seconds = streaming, max_wait_seconds
        self.fn = SyncToSalesforceFn(make_api, routing_path, transcript_url_template,
                                     backoff, sleep)

    def expand(self, stored: beam.PCollection) -> beam.PCollection:
        if self.streaming:
            batches = (stored
                       | "KeyByCaller" >> beam.Map(lambda s: (shard_of(s), s))
                       | "Batch" >> beam.GroupIntoBatches(
                           self.batch_size, max_buffering_duration_secs=self.max_wait_seconds)
                       | "Sessions" >> beam.MapTuple(lambda _, sessions: list(sessions)))
        else:
            batches = stored | "Batch" >> beam.BatchElements(min_batch_size=self.batch_size,
                                                             max_batch_size=self.batch_size)
        return batches | "Sync" >> beam.ParDo(self.fn)
