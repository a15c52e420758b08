"""A local PagerDuty Events API v2 (`POST /v2/enqueue`): validation, status codes and bodies as
PagerDuty documents them, and the alert state (trigger / acknowledge / resolve by dedup_key) the
events produce.

Why: the job pages through the Events API, and whether an alert is retried, dropped or
deduplicated depends on PagerDuty's answers (202 with the dedup_key, 400 "invalid event" with its
`errors`, 429, 5xx) and on its dedup rules. A fake that only answers 202 tests none of that, so
this server answers like the real endpoint and records the incidents it would have opened.
Test-only; plain HTTP on 127.0.0.1.

Routing keys are 32 alphanumeric characters, as PagerDuty checks them; an unknown but well-formed
key is refused with "Invalid routing key". Not documented (so chosen here): the bodies of 429
(empty, as PagerDuty sends it) and 5xx, the 400 for an event over the documented 512 KB limit, and
the wording of the errors other than the two routing_key ones PagerDuty is known to send.

Usage: `with PagerDutyServer() as server: requests.post(server.enqueue_url, json=event)`, or
`python -m localapis.pagerduty --port 8091` to run it in the foreground.
"""

import argparse
import json
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from localapis.served import ApiRequestHandler, ServedInThread

ENQUEUE_PATH = "/v2/enqueue"
# "This is the 32 character Integration Key"; PagerDuty also refuses non-alphanumeric keys.
ROUTING_KEY_LENGTH = 32
DEFAULT_ROUTING_KEY = "localroutingkey00000000000000000"
EVENT_ACTIONS = ("trigger", "acknowledge", "resolve")
SEVERITIES = ("critical", "error", "warning", "info")
MAX_SUMMARY_CHARS = 1024
MAX_DEDUP_KEY_CHARS = 255
MAX_EVENT_BYTES = 512 * 1024  # "Events API payloads are limited to 512 KB"
PAYLOAD_STRING_FIELDS = ("component", "group", "class")
TOP_STRING_FIELDS = ("client", "client_url")
FAILURE_KINDS = frozenset({"throttle", "server_error", "timeout"})
SERVER_ERROR_STATUSES = (500, 502, 503)
INVALID_MESSAGE = "Event object is invalid"

_Response = tuple[int, bytes, str]  # status, body, content type


def _json_response(status: int, body: dict[str, Any]) -> _Response:
    return status, json.dumps(body).encode(), "application/json"


def _invalid(*errors: str) -> _Response:
    return _json_response(400, {"status": "invalid event", "message": INVALID_MESSAGE,
                                "errors": list(errors)})


def routing_key_errors(key: Any) -> list[str]:
    """PagerDuty's format errors for a routing key (empty when well-formed); shared by the server
    and its constructor so a configured key is one the real service would accept."""
    if not isinstance(key, str) or not key.strip():
        return ["'routing_key' is missing or blank"]
    errors = []
    if len(key) != ROUTING_KEY_LENGTH:
        errors.append(f"Length of 'routing_key' is incorrect (should be {ROUTING_KEY_LENGTH} "
                      "characters)")
    if not (key.isascii() and key.isalnum()):
        errors.append("'routing_key' cannot contain non-alphanumeric characters.")
    return errors


def _blank(value: Any) -> bool:
    return not isinstance(value, str) or not value.strip()


def _validate(event: dict[str, Any]) -> list[str]:
    """Every problem with one event, in PagerDuty's "invalid event" wording."""
    errors = routing_key_errors(event.get("routing_key"))
    action = event.get("event_action")
    if _blank(action):
        errors.append("'event_action' is missing or blank")
    elif action not in EVENT_ACTIONS:
        errors.append("'event_action' is invalid (must be one of the following: 'trigger', "
                      "'acknowledge' or 'resolve')")
    dedup_key = event.get("dedup_key")
    if dedup_key is not None and not isinstance(dedup_key, str):
        errors.append("'dedup_key' must be a string")
    elif isinstance(dedup_key, str) and len(dedup_key) > MAX_DEDUP_KEY_CHARS:
        errors.append(f"'dedup_key' is too long (maximum is {MAX_DEDUP_KEY_CHARS} characters)")
    elif action in ("acknowledge", "resolve") and _blank(dedup_key):
        errors.append("'dedup_key' is missing or blank")
    if action == "trigger":
        errors.extend(_validate_payload(event.get("payload")))
        errors.extend(_validate_context(event))
    return errors


def _validate_payload(payload: Any) -> list[str]:
    if payload is None:
        return ["'payload' is missing or blank"]
    if not isinstance(payload, dict):
        return ["'payload' must be an object"]
    errors = []
    summary = payload.get("summary")
    if _blank(summary):
        errors.append("'payload.summary' is missing or blank")
    elif len(summary) > MAX_SUMMARY_CHARS:
        errors.append(f"'payload.summary' is too long (maximum is {MAX_SUMMARY_CHARS} "
                      "characters)")
    if _blank(payload.get("source")):
        errors.append("'payload.source' is missing or blank")
    severity = payload.get("severity")
    if _blank(severity):
        errors.append("'payload.severity' is missing or blank")
    elif severity not in SEVERITIES:
        errors.append("'payload.severity' is invalid (must be one of the following: "
                      "'critical', 'warning', 'error' or 'info')")
    timestamp = payload.get("timestamp")
    if timestamp is not None and not _is_iso8601(timestamp):
        errors.append("'payload.timestamp' is invalid (must be an ISO 8601 timestamp)")
    for field in PAYLOAD_STRING_FIELDS:
        if payload.get(field) is not None and not isinstance(payload[field], str):
            errors.append(f"'payload.{field}' must be a string")
    return errors


def _validate_context(event: dict[str, Any]) -> list[str]:
    """`links` need an href and `images` a src; `client`/`client_url` are strings."""
    errors = []
    for field, required in (("links", "href"), ("images", "src")):
        items = event.get(field)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            errors.append(f"'{field}' must be an array of objects")
        elif any(_blank(item.get(required)) for item in items):
            errors.append(f"'{field}[].{required}' is missing or blank")
    for field in TOP_STRING_FIELDS:
        if event.get(field) is not None and not isinstance(event[field], str):
            errors.append(f"'{field}' must be a string")
    return errors


def _is_iso8601(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Handler(ApiRequestHandler):
    server_version = "LocalPagerDuty/1.0"


class PagerDutyServer(ServedInThread):
    """In-process PagerDuty Events API v2 on 127.0.0.1, for tests and local runs.

    `incidents` maps dedup_key to the open or last alert for it (`status` triggered /
    acknowledged / resolved, `trigger_count`, `number`), `events` holds every accepted (202) event
    with its dedup_key filled in, `requests` one entry per request (`path`, `status`, `body`:
    parsed JSON, or the text when it isn't JSON). `fail_next` injects 429, 5xx and slow answers;
    `rate_limit_per_minute` (off by default) throttles per routing key like PagerDuty's ~120/min.
    """

    handler_class = _Handler
    thread_name = "local-pagerduty"

    def __init__(self, routing_keys: Iterable[str] = (DEFAULT_ROUTING_KEY,), port: int = 0,
                 rate_limit_per_minute: int | None = None) -> None:
        self.routing_keys = tuple(routing_keys)
        for key in self.routing_keys:
            if routing_key_errors(key):
                raise ValueError(f"PagerDuty would refuse routing key {key!r}: "
                                 f"{'; '.join(routing_key_errors(key))}")
        self.port = port
        self.rate_limit_per_minute = rate_limit_per_minute
        self.incidents: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._incident_numbers = 0
        self._failures: deque[tuple[str, float, int]] = deque()
        self._windows: dict[str, deque[float]] = {}


    @property
    def enqueue_url(self) -> str:
        """What the job posts events to (https://events.pagerduty.com/v2/enqueue in prod)."""
        return self.url + ENQUEUE_PATH

    @property
    def routing_key(self) -> str:
        """The first accepted routing key, for the common one-service case."""
        return self.routing_keys[0]

    # -- test controls -----------------------------------------------------------------------

    def fail_next(self, count: int, kind: str, delay: float = 0.0, *, status: int = 503) -> None:
        """Make the next `count` enqueue requests fail as `kind`: "throttle" (429),
        "server_error" (`status` 500, 502 or 503), both storing nothing, or "timeout", which
        waits `delay` seconds and then processes the event, as PagerDuty may have done for a
        request the client gave up on."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; expected one of "
                             f"{sorted(FAILURE_KINDS)}")
        if count < 0 or delay < 0:
            raise ValueError("count and delay must not be negative")
        if status not in SERVER_ERROR_STATUSES:
            raise ValueError(f"status must be one of {SERVER_ERROR_STATUSES}")
        with self._lock:
            self._failures.extend([(kind, delay, status)] * count)

    def reset(self) -> None:
        """Forget everything: incidents, events, request log, rate windows, pending failures."""
        with self._lock:
            self.incidents.clear()
            self.events.clear()
            self.requests.clear()
            self._windows.clear()
            self._failures.clear()
            self._incident_numbers = 0

    def open_incidents(self) -> list[dict[str, Any]]:
        """Incidents not yet resolved (triggered or acknowledged), oldest first."""
        with self._lock:
            return [i for i in self.incidents.values() if i["status"] != "resolved"]

    # -- request handling --------------------------------------------------------------------

    def _handle(self, handler: _Handler) -> None:
        path = urlsplit(handler.path).path
        body = handler.read_body()
        if handler.command != "POST" or path != ENQUEUE_PATH:
            response = _json_response(404, {"status": "not found",
                                            "message": f"No route for {handler.command} {path}"})
            self._record(path, response[0], body)
            handler.send(response)
            return
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
        if failure is not None and failure[0] == "timeout":
            time.sleep(failure[1])
            failure = None
        if failure is not None:
            response = _injected(failure[0], failure[2])
        else:
            with self._lock:
                response = self._enqueue(body)
        self._record(path, response[0], body)
        handler.send(response)

    def _record(self, path: str, status: int, body: bytes) -> None:
        text = body.decode("utf-8", "replace")
        try:
            parsed: Any = json.loads(text)
        except ValueError:
            parsed = text
        with self._lock:
            self.requests.append({"path": path, "status": status, "body": parsed})

    def _enqueue(self, body: bytes) -> _Response:
        """Validate one event like PagerDuty and apply it; the caller holds the lock."""
        if len(body) > MAX_EVENT_BYTES:
            return _invalid(f"Event object is too large (maximum is {MAX_EVENT_BYTES} bytes)")
        try:
            event = json.loads(body.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
            return _invalid("Event object is not valid JSON")
        if not isinstance(event, dict):
            return _invalid("Event object must be a JSON object")
        errors = _validate(event)
        if errors:
            return _invalid(*errors)
        routing_key = event["routing_key"]
        if routing_key not in self.routing_keys:
            return _invalid("Invalid routing key")
        if self._throttled(routing_key):
            return _injected("throttle", 0)

        dedup_key = event.get("dedup_key") or None
        if dedup_key is None:  # only a trigger gets here without one (validated above)
            dedup_key = uuid.uuid4().hex
        self.events.append({**event, "dedup_key": dedup_key})
        self._apply(event, dedup_key)
        return _json_response(202, {"status": "success", "message": "Event processed",
                                    "dedup_key": dedup_key})

    def _apply(self, event: dict[str, Any], dedup_key: str) -> None:
        """PagerDuty's alert rules: a trigger on an open alert with the same dedup_key (and
        routing key) is deduplicated into it; after resolve it opens a new one. Acknowledge and
        resolve for no open alert, or from another routing key, are accepted and dropped. (A
        trigger from another routing key replaces the entry: `incidents` is keyed by dedup_key
        alone.)"""
        now = datetime.now(UTC)
        action, routing_key = event["event_action"], event["routing_key"]
        incident = self.incidents.get(dedup_key)
        is_open = (incident is not None and incident["status"] != "resolved"
                   and incident["routing_key"] == routing_key)
        if action == "trigger" and is_open:
            assert incident is not None
            incident["trigger_count"] += 1
            incident["updated_at"] = now
            return
        if action == "trigger":
            payload = event["payload"]
            self._incident_numbers += 1
            self.incidents[dedup_key] = {
                "number": self._incident_numbers, "dedup_key": dedup_key,
                "routing_key": routing_key, "status": "triggered", "trigger_count": 1,
                "summary": payload["summary"], "source": payload["source"],
                "severity": payload["severity"], "payload": payload,
                "links": event.get("links", []), "images": event.get("images", []),
                "created_at": now, "updated_at": now,
            }
            return
        if not is_open:
            return
        assert incident is not None
        if action == "acknowledge" and incident["status"] == "triggered":
            incident["status"] = "acknowledged"
            incident["updated_at"] = now
        elif action == "resolve":
            incident["status"] = "resolved"
            incident["updated_at"] = now

    def _throttled(self, routing_key: str) -> bool:
        """Sliding 60 s window of accepted events per routing key; caller holds the lock."""
        if self.rate_limit_per_minute is None:
            return False
        now = time.monotonic()
        window = self._windows.setdefault(routing_key, deque())
        while window and window[0] <= now - 60.0:
            window.popleft()
        if len(window) >= self.rate_limit_per_minute:
            return True
        window.append(now)
        return False


def _injected(kind: str, status: int) -> _Response:
    if kind == "throttle":
        # PagerDuty answers 429 with an empty body.
        return 429, b"", "application/json"
    reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}[status]
    html = (f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {reason}</h1></center>\r\n</body>\r\n</html>\r\n")
    return status, html.encode(), "text/html"


def main(argv: list[str] | None = None) -> int:
    """Run the server in the foreground until Ctrl-C, for manual runs against the alerting
    code."""
    parser = argparse.ArgumentParser(prog="python -m localapis.pagerduty", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--routing-key", action="append", dest="routing_keys",
                        help=f"accepted routing key, 32 alphanumeric characters (repeatable; "
                             f"default {DEFAULT_ROUTING_KEY})")
    parser.add_argument("--rate-limit-per-minute", type=int, default=0,
                        help="accepted events per minute per routing key; 0 (default) is "
                             "unlimited")
    args = parser.parse_args(argv)
    try:
        server = PagerDutyServer(routing_keys=args.routing_keys or (DEFAULT_ROUTING_KEY,),
                                 port=args.port,
                                 rate_limit_per_minute=args.rate_limit_per_minute or None)
    except ValueError as exc:
        parser.error(str(exc))
    server.start()
    try:
        print(f"Local PagerDuty Events API v2 at {server.enqueue_url} "
              f"(routing keys: {', '.join(server.routing_keys)})", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:  # Ctrl-C is how a foreground server is meant to stop
        print("stopped", file=sys.stderr)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
