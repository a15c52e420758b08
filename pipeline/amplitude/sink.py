"""The Amplitude sink: stored sessions in, dead letters out.

    dead = stored | "WriteAmplitude" >> WriteAmplitude(outbox_dir)

Events go through the amplitude-analytics SDK, which batches them, splits a batch Amplitude
answers 413 to, and retries 429, 5xx and timeouts. Its callback reports each event's fate;
at the end of every bundle the sink flushes and waits for every event's answer, and a session
with any event refused (or unanswered in `confirm_seconds`, as when the SDK only logs the
failure) becomes a dead letter. Replaying it is safe: insert_ids make repeats no-ops.

Limits kept on our side: a request stays under 2,000 events and 1 MB (flushed early), and no
user gets more than 30 events in a second (Amplitude throttles beyond that per user).

Without AMPLITUDE_API_KEY the request bodies go to `<outbox_dir>/amplitude.jsonl` instead.
"""

import logging
import threading
import time
from collections.abc import Iterator

import apache_beam as beam
import orjson
from amplitude import Amplitude, BaseEvent, Config
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindows

from pipeline.amplitude.events import Event, all_events
from pipeline.amplitude.pacing import UserPacer
from pipeline.credentials import credential
from pipeline.messages import DeadLetter
from pipeline.outbox import Outbox
from pipeline.redact import redact_pii
from pipeline.rows import StoredSession

log = logging.getLogger(__name__)
STEP = "WriteAmplitude"
MAX_EVENTS = 2000  # per request, HTTP V2 API
MAX_BYTES = 1_000_000  # per request (the API's limit is 1 MiB; leave room for the envelope)
EVENTS_PER_USER_SECOND = 30
CONFIRM_SECONDS = 120.0
OUTBOX_KEY = "<AMPLITUDE_API_KEY>"


class _SdkErrors(logging.Handler):
    """Failures the SDK only logs (a bad API key drops the batch without a callback)."""

    def __init__(self, on_error) -> None:
        super().__init__(logging.ERROR)
        self.on_error = on_error

    def emit(self, record: logging.LogRecord) -> None:
        self.on_error(redact_pii(record.getMessage()[:200]))


class SendToAmplitudeFn(beam.DoFn):
    def __init__(self, outbox_dir: str, server_url: str | None = None,
                 confirm_seconds: float = CONFIRM_SECONDS,
                 events_per_user_second: int = EVENTS_PER_USER_SECOND) -> None:
        self.outbox_dir, self.server_url = outbox_dir, server_url
        self.confirm_seconds = confirm_seconds
        self.events_per_user_second = events_per_user_second
        self.sent = Metrics.counter("amplitude", "events_sent")
        self.sessions = Metrics.counter("amplitude", "sessions_sent")
        self.failed = Metrics.counter("amplitude", "sessions_dead_lettered")

    def setup(self) -> None:
        self._lock = threading.Lock()
        self._pacer = UserPacer(self.events_per_user_second)  # across bundles
        api_key = credential("AMPLITUDE_API_KEY")
        self.client, self.outbox = None, None
        if not api_key:
            self.outbox = Outbox(self.outbox_dir, "amplitude")
            return
        sdk_log = logging.getLogger(f"{__name__}.sdk.{id(self)}")
        sdk_log.propagate = False  # its event logs would carry caller data
        sdk_log.addHandler(_SdkErrors(self._fail_all_pending))
        config = Config(flush_queue_size=MAX_EVENTS // 2, flush_interval_millis=1000,
                        min_id_length=1, callback=self._on_result, logger=sdk_log)
        url = credential("AMPLITUDE_SERVER_URL") or self.server_url
        if url:
            config.server_url = url
        self.client = Amplitude(api_key, config)

    def start_bundle(self) -> None:
        self._pending: dict[str, str] = {}  # insert_id -> session_id
        self._failed: dict[str, str] = {}  # session_id -> reason
        self._bundle: dict[str, StoredSession] = {}
        self._outgoing: list[dict] = []  # event bodies since the last flush
        self._outgoing_bytes = 0

    def _on_result(self, event: BaseEvent, code: int, message: str | None) -> None:
        with self._lock:
            session_id = self._pending.pop(event.insert_id, None)
            if session_id and not 200 <= code < 300:
                self._failed.setdefault(
                    session_id, f"event {event.event_type} refused: HTTP {code} "
                                f"{redact_pii((message or '')[:200])}")

    def _fail_all_pending(self, message: str) -> None:
        with self._lock:
            for session_id in self._pending.values():
                self._failed.setdefault(session_id, f"amplitude SDK error: {message}")
            self._pending.clear()

    def process(self, stored: StoredSession) -> None:
        self._bundle[stored.session_id] = stored
        for event in all_events(stored):
            self._send(stored.session_id, event)

    def _send(self, session_id: str, event: Event) -> None:
        size = len(orjson.dumps(event))
        user = event.get("user_id") or event["device_id"]
        if len(self._outgoing) + 1 > MAX_EVENTS or self._outgoing_bytes + size > MAX_BYTES:
            self._flush()
        if not self._pacer.has_room(user):
            self._flush()
            self._pacer.wait_for_room(user)
        self._outgoing.append(event)
        self._outgoing_bytes += size
        self._pacer.add(user)
        if self.client is not None:
            with self._lock:
                self._pending[event["insert_id"]] = session_id
            self.client.track(BaseEvent(**event))

    def _flush(self) -> None:
        """Send what is queued and wait for the answer (retries come back by callback)."""
        if self.client is not None:
            for sending in self.client.flush() or []:  # a future per destination plugin
                if sending is None:
                    continue
                try:
                    sending.result(timeout=self.confirm_seconds)
                except Exception as exc:  # noqa: BLE001 - a send that died (e.g. a reply
                    # that is not JSON) never reaches the callback: its events fail here, and
                    # a replay is safe, insert_ids dedupe
                    self._fail_all_pending(f"send failed: {type(exc).__name__}")
        elif self._outgoing:
            self.outbox.write({"api_key": OUTBOX_KEY, "events": self._outgoing,
                               "options": {"min_id_length": 1}})
        self._pacer.sent()
        self.sent.inc(len(self._outgoing))
        self._outgoing, self._outgoing_bytes = [], 0

    def finish_bundle(self) -> Iterator:
        self._flush()
        deadline = time.monotonic() + self.confirm_seconds
        while self.client is not None and time.monotonic() < deadline:
            with self._lock:
                if not self._pending:
                    break
            time.sleep(0.02)
        with self._lock:
            for session_id in self._pending.values():
                self._failed.setdefault(session_id, f"no answer from Amplitude in "
                                                    f"{self.confirm_seconds:g} s")
            failed, self._pending = dict(self._failed), {}
        self.sessions.inc(len(self._bundle) - len(failed))
        for session_id, reason in failed.items():
            self.failed.inc()
            record = self._bundle[session_id].record
            yield GlobalWindows.windowed_value(DeadLetter(
                STEP, f"$: {reason}",
                record.model_dump_json(exclude_unset=True).encode(),
                {"session_id": session_id}, session_id=session_id))

    def teardown(self) -> None:
        if getattr(self, "client", None) is not None:
            self.client.shutdown()


class WriteAmplitude(beam.PTransform):
    def __init__(self, outbox_dir: str, server_url: str | None = None,
                 confirm_seconds: float = CONFIRM_SECONDS,
                 events_per_user_second: int = EVENTS_PER_USER_SECOND) -> None:
        super().__init__()
        self.fn = SendToAmplitudeFn(outbox_dir, server_url, confirm_seconds,
                                    events_per_user_second)

    def expand(self, stored: beam.PCollection) -> beam.PCollection:
        return stored | "Send" >> beam.ParDo(self.fn)
