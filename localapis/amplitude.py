"""A local Amplitude ingestion server: HTTP V2 API (`POST /2/httpapi`) and Batch Event Upload API
(`POST /batch`), with the validation, limits, status codes and error bodies Amplitude documents.

Why: the job's Amplitude sink uses the official `amplitude-analytics` SDK, whose retry, split and
callback logic is driven entirely by the response `code` and the index maps in error bodies
(`events_with_missing_fields`, `events_with_invalid_id_lengths`, `throttled_events`, ...). A fake
that only answers 200 tests none of that, so this server answers the way the real service does and
records what it would have ingested. Test-only; plain HTTP on 127.0.0.1.

Usage: `with AmplitudeServer() as server: Amplitude(key, Config(server_url=server.http_api_url))`,
or `python -m localapis.amplitude --port 8090` to run it in the foreground.
"""

import argparse
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from localapis.served import ApiRequestHandler, ServedInThread

HTTP_API_PATH = "/2/httpapi"
BATCH_PATH = "/batch"
# HTTP V2: "Keep request sizes under 1 MB with fewer than 2000 events per request" -> 413.
HTTP_API_MAX_BYTES = 1_048_576
HTTP_API_MAX_EVENTS = 2000
# Batch: "The JSON serialized payload must not exceed 20MB"; no documented event-count limit.
BATCH_MAX_BYTES = 20 * 1_048_576
# Batch: "up to 1000 events per second for any individual device ID or user ID".
BATCH_EPS_PER_ID = 1000
DEFAULT_MIN_ID_LENGTH = 5
# Amplitude's documented list of ids that make an event invalid (compared case-insensitively).
BLOCKED_IDS = frozenset({
    "anonymous", "nil", "none", "null", "n/a", "na", "undefined", "unknown", '""',
    "00000000-0000-0000-0000-000000000000", "{}", "lmy47d", "0", "-1",
})
INT_FIELDS = ("time", "event_id", "session_id")
OBJECT_FIELDS = ("event_properties", "user_properties", "groups", "group_properties")
FAILURE_KINDS = frozenset({"server_error", "bad_gateway", "throttle", "too_large", "timeout",
                           "not_json"})
USER_PROPERTY_OPS = ("$set", "$setOnce", "$add", "$unset", "$append", "$prepend", "$preInsert",
                     "$postInsert", "$remove", "$clearAll")
BAD_GATEWAY_HTML = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")

_Response = tuple[int, bytes, str]  # status, body, content type


def _json_response(status: int, body: dict[str, Any]) -> _Response:
    return status, json.dumps(body).encode(), "application/json; charset=utf-8"


def _error(status: int, message: str, **fields: Any) -> _Response:
    return _json_response(status, {"code": status, "error": message, **fields})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _present(value: Any) -> bool:
    """An id counts as sent when it is neither null nor the empty string."""
    return value is not None and value != ""


def _as_items(value: Any) -> list[Any]:
    """`$append`-style operations take one value or a list of values."""
    return list(value) if isinstance(value, list) else [value]


def apply_user_properties(props: dict[str, Any], update: dict[str, Any]) -> None:
    """Apply one event's `user_properties` to a user's profile the way Amplitude does: operation
    keys (`$set`, `$add`, ...) act on their sub-objects; plain keys are treated as `$set`."""
    if "$clearAll" in update:
        props.clear()
    for key, value in update.items():
        if key == "$clearAll":
            continue
        if not key.startswith("$"):
            props[key] = value
            continue
        if key not in USER_PROPERTY_OPS or not isinstance(value, dict):
            continue
        for name, operand in value.items():
            _apply_op(props, key, name, operand)


def _apply_op(props: dict[str, Any], op: str, name: str, operand: Any) -> None:
    current = props.get(name)
    if op == "$set":
        props[name] = operand
    elif op == "$setOnce":
        props.setdefault(name, operand)
    elif op == "$unset":
        props.pop(name, None)
    elif op == "$add":
        if _is_number(operand):
            props[name] = (current if _is_number(current) else 0) + operand
    elif op in ("$append", "$prepend", "$preInsert", "$postInsert"):
        existing = [] if current is None else _as_items(current)
        items = _as_items(operand)
        if op in ("$preInsert", "$postInsert"):
            items = [item for item in items if item not in existing]
        props[name] = items + existing if op in ("$prepend", "$preInsert") else existing + items
    elif op == "$remove" and isinstance(current, list):
        removed = _as_items(operand)
        props[name] = [item for item in current if item not in removed]


class _Handler(ApiRequestHandler):
    server_version = "LocalAmplitude/1.0"


class AmplitudeServer(ServedInThread):
    """In-process Amplitude ingestion API on 127.0.0.1, for tests and local benchmarks.

    `events` holds what Amplitude would have stored (after insert_id dedup), `requests` one entry
    per request (`path`, `status`, `event_count`, `bytes`), and `fail_next` injects the failures
    the real service and its load balancer produce. `eps_per_user=None` turns throttling off.
    """

    handler_class = _Handler
    thread_name = "local-amplitude"

    def __init__(self, api_keys: Iterable[str] = ("local-amplitude-key",), port: int = 0,
                 eps_per_user: int | None = 30) -> None:
        self.api_keys = frozenset(api_keys)
        self.port = port
        self.eps_per_user = eps_per_user
        self.requests: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.duplicates_dropped = 0
        self._lock = threading.Lock()
        self._seen: set[tuple[str, str, str]] = set()  # (api_key, device_id or user_id, insert_id)
        self._windows: dict[tuple[str, str, str], deque[tuple[float, int]]] = {}
        self._failures: deque[tuple[str, float]] = deque()


    @property
    def http_api_url(self) -> str:
        """What to pass as the SDK's `Config(server_url=...)`."""
        return self.url + HTTP_API_PATH

    @property
    def batch_url(self) -> str:
        """The Batch Event Upload endpoint (`Config(server_url=server.batch_url)`)."""
        return self.url + BATCH_PATH

    # -- test controls -----------------------------------------------------------------------

    def fail_next(self, count: int, kind: str, delay: float = 0.0) -> None:
        """Make the next `count` requests fail as `kind` (see FAILURE_KINDS); they store nothing,
        except "timeout", which waits `delay` seconds and then ingests normally, as the real
        service may have done for a request the client gave up on."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; expected one of "
                             f"{sorted(FAILURE_KINDS)}")
        if count < 0 or delay < 0:
            raise ValueError("count and delay must not be negative")
        with self._lock:
            self._failures.extend([(kind, delay)] * count)

    def reset(self) -> None:
        """Forget everything: stored events, request log, dedup memory, rate windows, failures."""
        with self._lock:
            self.requests.clear()
            self.events.clear()
            self.duplicates_dropped = 0
            self._seen.clear()
            self._windows.clear()
            self._failures.clear()

    def user_properties(self, user_id: str) -> dict[str, Any]:
        """The user's properties after applying, in arrival order, the `user_properties` of every
        stored event for that user (`$identify` operations, and plain keys as `$set`). Events with
        no user_id are matched on device_id, as Amplitude merges anonymous users by device."""
        props: dict[str, Any] = {}
        with self._lock:
            events = list(self.events)
        for event in events:
            owner = event.get("user_id") if _present(event.get("user_id")) else event.get(
                "device_id")
            update = event.get("user_properties")
            if owner != user_id or event.get("event_type") == "$groupidentify":
                continue
            if isinstance(update, dict):
                apply_user_properties(props, update)
        return props

    # -- request handling --------------------------------------------------------------------

    def _handle(self, handler: _Handler) -> None:
        path = urlsplit(handler.path).path
        body = handler.read_body()
        if handler.command != "POST" or path not in (HTTP_API_PATH, BATCH_PATH):
            response = _error(400, "Invalid request path")
            self._record(path, response[0], body)
            handler.send(response)
            return
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
        if failure is not None and failure[0] == "timeout":
            time.sleep(failure[1])
            failure = None
        if failure is not None:
            response = self._injected(failure[0])
        else:
            with self._lock:
                response = self._ingest(path, body, handler.headers.get("Content-Type"))
        self._record(path, response[0], body)
        handler.send(response)

    def _record(self, path: str, status: int, body: bytes) -> None:
        with self._lock:
            self.requests.append({"path": path, "status": status,
                                  "event_count": _count_events(body), "bytes": len(body)})

    def _injected(self, kind: str) -> _Response:
        if kind == "server_error":
            return _error(503, "Service unavailable")
        if kind == "bad_gateway":
            return 502, BAD_GATEWAY_HTML, "text/html"
        if kind == "too_large":
            return _error(413, "Payload too large")
        if kind == "not_json":
            return 200, b"OK", "text/plain"
        # "throttle": no throttled_events listed, i.e. the whole request was throttled.
        return _error(429, "Too many requests for some devices and users",
                      eps_threshold=self.eps_per_user or 30, throttled_devices={},
                      throttled_users={}, throttled_events=[])

    def _ingest(self, path: str, body: bytes, content_type: str | None) -> _Response:
        """Validate one upload like Amplitude and store it; the caller holds the lock."""
        max_bytes = HTTP_API_MAX_BYTES if path == HTTP_API_PATH else BATCH_MAX_BYTES
        if not body:
            return _error(400, "Missing request body")
        if len(body) > max_bytes:
            return _error(413, "Payload too large")
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type != "application/json":
            return _error(400, "Invalid Content-Type header: must be application/json")
        try:
            payload = json.loads(body.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
            return _error(400, "Invalid JSON request body")
        if not isinstance(payload, dict):
            return _error(400, "Invalid JSON request body")

        api_key, events = payload.get("api_key"), payload.get("events")
        events_ok = isinstance(events, list) and all(isinstance(e, dict) for e in events)
        options = payload.get("options")
        min_id_length = DEFAULT_MIN_ID_LENGTH
        if isinstance(options, dict) and options.get("min_id_length") is not None:
            min_id_length = options["min_id_length"]
            if not _is_int(min_id_length) or min_id_length < 1:
                return _error(400, "Invalid options: min_id_length must be a positive integer")
        problems = _validate_events(events, min_id_length) if events_ok else {}
        if not isinstance(api_key, str) or not api_key:
            # Amplitude still reports the event problems alongside the missing key.
            return _error(400, "Request missing required field", missing_field="api_key",
                          **problems)
        if events is None or events == []:
            return _error(400, "Request missing required field", missing_field="events")
        if not events_ok:
            return _error(400, "Invalid event JSON")
        if api_key not in self.api_keys:
            return _error(400, f"Invalid API key: {api_key}")
        if path == HTTP_API_PATH and len(events) > HTTP_API_MAX_EVENTS:
            return _error(413, "Payload too large")
        if problems:
            if "events_with_missing_fields" in problems:
                message = "Request missing required field"
            elif "events_with_invalid_fields" in problems:
                message = "Invalid field values on some events"
            else:
                message = "Invalid id length for user_id or device_id"
            return _error(400, message, **problems)

        now = time.monotonic()
        eps = self.eps_per_user if path == HTTP_API_PATH else (
            BATCH_EPS_PER_ID if self.eps_per_user is not None else None)
        if eps is not None:
            throttled = self._throttle(api_key, events, eps, now)
            if throttled is not None:
                return throttled

        for event in events:
            insert_id = event.get("insert_id")
            if _present(insert_id):
                owner = event.get("device_id") if _present(event.get("device_id")) else event.get(
                    "user_id")
                key = (api_key, str(owner), str(insert_id))
                if key in self._seen:
                    self.duplicates_dropped += 1
                    continue
                self._seen.add(key)
            self.events.append(event)
        return _json_response(200, {"code": 200, "events_ingested": len(events),
                                    "payload_size_bytes": len(body),
                                    "server_upload_time": int(time.time() * 1000)})

    def _throttle(self, api_key: str, events: list[dict[str, Any]], eps: int,
                  now: float) -> _Response | None:
        """Per-user and per-device events/second over a sliding 1 s window across requests
        (Amplitude counts users and devices separately). Over the limit -> 429 naming the ids and
        the indexes of their events, and nothing from the request counts or is stored."""
        in_request: dict[tuple[str, str, str], int] = {}
        for event in events:
            for kind in ("user_id", "device_id"):
                if _present(event.get(kind)):
                    key = (api_key, kind, event[kind])
                    in_request[key] = in_request.get(key, 0) + 1
        over: dict[str, dict[str, int]] = {"user_id": {}, "device_id": {}}
        for key, count in in_request.items():
            window = self._windows.get(key)
            while window and window[0][0] <= now - 1.0:
                window.popleft()
            rate = count + sum(n for _, n in window or ())
            if rate > eps:
                over[key[1]][key[2]] = rate
        if over["user_id"] or over["device_id"]:
            indexes = [i for i, event in enumerate(events)
                       if event.get("user_id") in over["user_id"]
                       or event.get("device_id") in over["device_id"]]
            return _error(429, "Too many requests for some devices and users", eps_threshold=eps,
                          throttled_devices=over["device_id"], throttled_users=over["user_id"],
                          throttled_events=indexes)
        for key, count in in_request.items():
            self._windows.setdefault(key, deque()).append((now, count))
        return None


def _validate_events(events: list[dict[str, Any]], min_id_length: int) -> dict[str, Any]:
    """Index maps of Amplitude's 400 body, keyed by field name; only non-empty maps returned."""
    missing: dict[str, list[int]] = {}
    invalid: dict[str, list[int]] = {}
    too_short: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        event_type = event.get("event_type")
        if event_type is None:
            missing.setdefault("event_type", []).append(index)
        elif not isinstance(event_type, str) or not event_type.strip():
            invalid.setdefault("event_type", []).append(index)
        has_id = False
        for field in ("user_id", "device_id"):
            value = event.get(field)
            if not _present(value):
                continue
            has_id = True
            if not isinstance(value, str) or value.strip().lower() in BLOCKED_IDS:
                invalid.setdefault(field, []).append(index)
            elif len(value) < min_id_length:
                too_short.setdefault(field, []).append(index)
        if not has_id:
            missing.setdefault("user_id", []).append(index)
            missing.setdefault("device_id", []).append(index)
        for field in INT_FIELDS:
            if event.get(field) is not None and not _is_int(event[field]):
                invalid.setdefault(field, []).append(index)
        for field in OBJECT_FIELDS:
            if event.get(field) is not None and not isinstance(event[field], dict):
                invalid.setdefault(field, []).append(index)
        if event.get("insert_id") is not None and not isinstance(event["insert_id"], str):
            invalid.setdefault("insert_id", []).append(index)
    problems: dict[str, Any] = {}
    if missing:
        problems["events_with_missing_fields"] = missing
    if invalid:
        problems["events_with_invalid_fields"] = invalid
    if too_short:
        problems["events_with_invalid_id_lengths"] = too_short
    return problems


def _count_events(body: bytes) -> int:
    """Events in a request body for the request log; 0 when the body isn't an upload."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:
        return 0
    events = payload.get("events") if isinstance(payload, dict) else None
    return len(events) if isinstance(events, list) else 0


def main(argv: list[str] | None = None) -> int:
    """Run the server in the foreground until Ctrl-C, for manual runs and `bench sinks`."""
    parser = argparse.ArgumentParser(prog="python -m localapis.amplitude", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--api-key", action="append", dest="api_keys",
                        help="accepted API key (repeatable; default local-amplitude-key)")
    parser.add_argument("--eps-per-user", type=int, default=30,
                        help="HTTP V2 events/second per user or device; 0 disables throttling")
    args = parser.parse_args(argv)
    server = AmplitudeServer(api_keys=args.api_keys or ("local-amplitude-key",), port=args.port,
                             eps_per_user=args.eps_per_user or None)
    server.start()
    print(f"Local Amplitude listening on {server.url} "
          f"(HTTP V2: {server.http_api_url}, batch: {server.batch_url}; "
          f"api keys: {', '.join(sorted(server.api_keys))})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:  # Ctrl-C is how a foreground server is meant to stop
        print("stopped", file=sys.stderr)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
