"""The local Amplitude server answers like the real HTTP V2 / Batch APIs, checked over plain HTTP
and through the official SDK (whose retries and callbacks depend on those answers)."""

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import amplitude.constants
import pytest
import requests
from amplitude import Amplitude, BaseEvent, Config, EventOptions, Identify

from localapis.amplitude import AmplitudeServer

KEY = "local-amplitude-key"


@pytest.fixture
def server() -> Iterator[AmplitudeServer]:
    with AmplitudeServer() as srv:
        yield srv


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False  # never route 127.0.0.1 through a proxy from the environment
        yield session


def event(n: int = 0, user: str = "user-0001", **fields: Any) -> dict[str, Any]:
    return {"event_type": "call_analyzed", "user_id": user, "insert_id": f"ins-{user}-{n}",
            "time": 1_700_000_000_000 + n, **fields}


def upload(http: requests.Session, url: str, events: list[dict[str, Any]], **extra: Any
           ) -> requests.Response:
    return http.post(url, json={"api_key": KEY, "events": events, **extra}, timeout=5)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


# -- plain HTTP ----------------------------------------------------------------------------------


def test_success_body_and_request_log(server: AmplitudeServer, http: requests.Session) -> None:
    resp = upload(http, server.http_api_url, [event(0), event(1)])
    body = resp.json()
    assert resp.status_code == 200 and body["code"] == 200
    assert body["events_ingested"] == 2
    assert body["payload_size_bytes"] == len(resp.request.body)
    assert abs(body["server_upload_time"] - time.time() * 1000) < 5000
    assert [e["insert_id"] for e in server.events] == ["ins-user-0001-0", "ins-user-0001-1"]
    assert server.requests == [{"path": "/2/httpapi", "status": 200, "event_count": 2,
                                "bytes": len(resp.request.body)}]


@pytest.mark.parametrize(("data", "headers", "path", "expected"), [
    ("{not json", None, "/2/httpapi", {"error": "Invalid JSON request body"}),
    ({"events": [event()]}, None, "/2/httpapi",
     {"error": "Request missing required field", "missing_field": "api_key"}),
    ({"api_key": "nope-key", "events": [event()]}, None, "/batch",
     {"error": "Invalid API key: nope-key"}),
    ({"api_key": KEY}, None, "/2/httpapi",
     {"error": "Request missing required field", "missing_field": "events"}),
    ({"api_key": KEY, "events": [event()]}, None, "/2/httpapi/v3",
     {"error": "Invalid request path"}),
    (json.dumps({"api_key": KEY, "events": [event()]}), {"Content-Type": "text/plain"},
     "/2/httpapi", {}),
])
def test_request_level_400s(server: AmplitudeServer, http: requests.Session, data: Any,
                            headers: dict[str, str] | None, path: str,
                            expected: dict[str, Any]) -> None:
    if isinstance(data, dict):
        resp = http.post(server.url + path, json=data, timeout=5)
    else:
        resp = http.post(server.url + path, data=data,
                         headers=headers or {"Content-Type": "application/json"}, timeout=5)
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == 400 and body.items() >= expected.items()
    assert server.events == []


def test_event_validation_reports_indexes_and_stores_nothing(
        server: AmplitudeServer, http: requests.Session) -> None:
    events = [
        event(0),
        {"user_id": "user-0001", "insert_id": "x1"},                 # 1: no event_type
        event(2, user="abc"),                                        # 2: user_id too short
        event(3, user="user-0001", device_id="anonymous"),           # 3: blocked id
        event(4, time="2024-01-01T00:00:00Z"),                       # 4: time not ms
        {"event_type": "call_analyzed"},                             # 5: no user_id/device_id
        event(6, event_properties=["not", "an", "object"]),          # 6: bad properties
    ]
    resp = upload(http, server.http_api_url, events)
    assert resp.status_code == 400
    assert resp.json() == {
        "code": 400,
        "error": "Request missing required field",
        "events_with_missing_fields": {"event_type": [1], "user_id": [5], "device_id": [5]},
        "events_with_invalid_fields": {"device_id": [3], "time": [4], "event_properties": [6]},
        "events_with_invalid_id_lengths": {"user_id": [2]},
    }
    assert server.events == []


def test_short_ids_and_min_id_length_option(server: AmplitudeServer,
                                            http: requests.Session) -> None:
    resp = upload(http, server.http_api_url, [event(0), event(1, user="u42")])
    assert resp.status_code == 400
    assert resp.json() == {"code": 400, "error": "Invalid id length for user_id or device_id",
                           "events_with_invalid_id_lengths": {"user_id": [1]}}
    resp = upload(http, server.http_api_url, [event(0), event(1, user="u42")],
                  options={"min_id_length": 3})
    assert resp.status_code == 200 and len(server.events) == 2


def test_size_limits_differ_between_http_v2_and_batch(server: AmplitudeServer,
                                                      http: requests.Session) -> None:
    many = [event(n, user=f"user-{n:05d}") for n in range(2001)]
    big = [event(0, event_properties={f"p{i}": "x" * 1000 for i in range(1100)})]
    for events in (many, big):
        resp = upload(http, server.http_api_url, events)
        assert resp.status_code == 413
        assert resp.json() == {"code": 413, "error": "Payload too large"}
    assert server.events == []
    for events in (many, big):  # batch: 20 MB, no 2000-event cap
        assert upload(http, server.batch_url, events).status_code == 200
    assert len(server.events) == 2002


def test_per_user_and_device_throttling(http: requests.Session) -> None:
    with AmplitudeServer(eps_per_user=3) as server:
        assert upload(http, server.http_api_url, [event(0, "user-a"), event(1, "user-a")]).ok
        batch = [event(2, "user-a"), event(3, "user-b"), event(4, "user-a")]
        resp = upload(http, server.http_api_url, batch)
        assert resp.status_code == 429
        assert resp.json() == {"code": 429, "error": "Too many requests for some devices and users",
                               "eps_threshold": 3, "throttled_devices": {},
                               "throttled_users": {"user-a": 4}, "throttled_events": [0, 2]}
        assert len(server.events) == 2
        shared_device = [event(n, f"user-{n:03d}", device_id="device-1") for n in range(4)]
        resp = upload(http, server.http_api_url, shared_device)
        assert resp.status_code == 429
        assert resp.json()["throttled_devices"] == {"device-1": 4}
        assert resp.json()["throttled_events"] == [0, 1, 2, 3]
        time.sleep(1.05)  # the window slides: the same request now fits
        assert upload(http, server.http_api_url, batch).status_code == 200
        assert len(server.events) == 5
    with AmplitudeServer(eps_per_user=None) as unthrottled:
        assert upload(http, unthrottled.http_api_url, [event(n) for n in range(100)]).ok


def test_insert_id_dedup_per_device_or_user(server: AmplitudeServer,
                                            http: requests.Session) -> None:
    first = upload(http, server.http_api_url, [event(0), event(0)])
    again = upload(http, server.http_api_url, [event(0)])
    assert first.json()["events_ingested"] == 2 and again.json()["events_ingested"] == 1
    assert len(server.events) == 1 and server.duplicates_dropped == 2
    other_user = event(0, user="user-0002", insert_id="ins-user-0001-0")
    upload(http, server.http_api_url, [other_user])
    assert len(server.events) == 2


@pytest.mark.parametrize(("kind", "status", "content_type", "check"), [
    ("server_error", 503, "application/json",
     lambda r: r.json() == {"code": 503, "error": "Service unavailable"}),
    ("bad_gateway", 502, "text/html", lambda r: "502 Bad Gateway" in r.text),
    ("throttle", 429, "application/json",
     lambda r: r.json()["throttled_events"] == [] and r.json()["eps_threshold"] == 30),
    ("too_large", 413, "application/json",
     lambda r: r.json() == {"code": 413, "error": "Payload too large"}),
    ("not_json", 200, "text/plain", lambda r: r.text == "OK"),
])
def test_injected_failures_store_nothing(server: AmplitudeServer, http: requests.Session,
                                         kind: str, status: int, content_type: str,
                                         check: Callable[[requests.Response], bool]) -> None:
    server.fail_next(2, kind)
    for _ in range(2):
        resp = upload(http, server.http_api_url, [event(0)])
        assert resp.status_code == status
        assert resp.headers["Content-Type"].startswith(content_type) and check(resp)
    assert server.events == []
    assert upload(http, server.http_api_url, [event(0)]).status_code == 200
    assert [r["status"] for r in server.requests] == [status, status, 200]


def test_timeout_failure_is_still_ingested(server: AmplitudeServer,
                                           http: requests.Session) -> None:
    server.fail_next(1, "timeout", delay=0.4)
    with pytest.raises(requests.Timeout):
        http.post(server.http_api_url, json={"api_key": KEY, "events": [event(0)]}, timeout=0.1)
    assert server.events == []  # still "processing" when the client gave up
    assert http.post(server.http_api_url, json={"api_key": KEY, "events": [event(1)]},
                     timeout=0.1).status_code == 200  # later requests are not delayed
    wait_until(lambda: len(server.events) == 2)


def test_fail_next_rejects_unknown_kind(server: AmplitudeServer) -> None:
    with pytest.raises(ValueError, match="unknown failure kind"):
        server.fail_next(1, "teapot")


def test_user_properties_apply_identify_operations_in_order(
        server: AmplitudeServer, http: requests.Session) -> None:
    def identify(n: int, ops: dict[str, Any]) -> dict[str, Any]:
        return event(n, event_type="$identify", user_properties=ops)

    upload(http, server.http_api_url, [
        identify(0, {"$set": {"tier": "warm", "tmp": 1}, "$setOnce": {"first_seen": "d1"},
                     "$add": {"calls": 2}, "$append": {"tags": "a"}}),
        identify(1, {"$setOnce": {"first_seen": "d2"}, "$add": {"calls": 1},
                     "$append": {"tags": ["b", "c"]}, "$prepend": {"tags": "z"},
                     "$unset": {"tmp": "-"}, "$remove": {"tags": "b"}}),
        event(2, user_properties={"tier": "hot"}),  # plain keys on a normal event act as $set
        event(3, user="user-0002", user_properties={"tier": "cold"}),
    ])
    assert server.user_properties("user-0001") == {
        "tier": "hot", "first_seen": "d1", "calls": 3, "tags": ["z", "a", "c"]}
    upload(http, server.http_api_url,
           [identify(4, {"$clearAll": "-"}), identify(5, {"$set": {"x": 1}})])
    assert server.user_properties("user-0001") == {"x": 1}
    assert server.user_properties("user-0002") == {"tier": "cold"}


def test_reset_forgets_events_dedup_and_failures(server: AmplitudeServer,
                                                 http: requests.Session) -> None:
    upload(http, server.http_api_url, [event(0), event(0)])
    server.fail_next(3, "server_error")
    server.reset()
    assert (server.events, server.requests, server.duplicates_dropped) == ([], [], 0)
    assert upload(http, server.http_api_url, [event(0)]).status_code == 200
    assert len(server.events) == 1


# -- through the official SDK --------------------------------------------------------------------


class Recorder:
    """Collects SDK callbacks as (event_type, user_id, code, message)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, int, str | None]] = []

    def __call__(self, ev: BaseEvent, code: int, message: str | None = None) -> None:
        self.calls.append((ev.event_type, ev.user_id, code, message))


def sdk_client(url: str, recorder: Recorder, api_key: str = KEY) -> Amplitude:
    # A short flush interval lets the SDK's consumer thread resend retried events promptly.
    return Amplitude(api_key, Config(server_url=url, flush_interval_millis=50, callback=recorder))


def track_calls(client: Amplitude, users: list[str]) -> None:
    for n, user in enumerate(users):
        client.track(BaseEvent("call_analyzed", user_id=user,
                               event_properties={"session_id": f"s-{n}", "lead_score": 70 + n}))


def test_sdk_end_to_end(server: AmplitudeServer) -> None:
    recorder = Recorder()
    client = sdk_client(server.http_api_url, recorder)
    try:
        track_calls(client, ["user-0001", "user-0002", "user-0001"])
        identify = Identify().set("lead_tier", "hot").add("calls_analyzed", 2)
        client.identify(identify, EventOptions(user_id="user-0001"))
        for future in client.flush():
            future.result(timeout=5)
        wait_until(lambda: len(recorder.calls) == 4)
    finally:
        client.shutdown()
    assert {code for *_, code, _ in recorder.calls} == {200}
    assert [(e["event_type"], e["user_id"]) for e in server.events] == [
        ("call_analyzed", "user-0001"), ("call_analyzed", "user-0002"),
        ("call_analyzed", "user-0001"), ("$identify", "user-0001")]
    first = server.events[0]
    assert first["event_properties"] == {"session_id": "s-0", "lead_score": 70}
    assert first["library"] == "amplitude-python/1.3.0" and first["insert_id"]
    assert server.user_properties("user-0001") == {"lead_tier": "hot", "calls_analyzed": 2}
    assert [(r["status"], r["event_count"]) for r in server.requests] == [(200, 4)]


@pytest.mark.parametrize(("kind", "status"), [("server_error", 503), ("bad_gateway", 502),
                                              ("throttle", 429), ("too_large", 413)])
def test_sdk_retries_transient_failures(server: AmplitudeServer, kind: str, status: int) -> None:
    recorder = Recorder()
    client = sdk_client(server.http_api_url, recorder)
    server.fail_next(1, kind)
    try:
        track_calls(client, ["user-0001", "user-0002"])
        client.flush()[0].result(timeout=5)
        wait_until(lambda: len(server.events) == 2 and len(recorder.calls) == 2)
    finally:
        client.shutdown()
    assert sorted(recorder.calls) == [
        ("call_analyzed", "user-0001", 200, "Event sent successfully."),
        ("call_analyzed", "user-0002", 200, "Event sent successfully.")]
    assert [r["status"] for r in server.requests][:1] == [status]
    assert server.duplicates_dropped == 0


def test_sdk_timeout_retry_is_deduplicated(server: AmplitudeServer,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A request the SDK gave up on was still ingested; its retry is dropped by insert_id."""
    monkeypatch.setattr(amplitude.constants, "CONNECTION_TIMEOUT", 0.2)
    recorder = Recorder()
    client = sdk_client(server.http_api_url, recorder)
    server.fail_next(1, "timeout", delay=0.5)
    try:
        track_calls(client, ["user-0001", "user-0002"])
        client.flush()[0].result(timeout=5)
        wait_until(lambda: server.duplicates_dropped == 2 and len(recorder.calls) == 2)
    finally:
        client.shutdown()
    assert len(server.events) == 2
    assert {code for *_, code, _ in recorder.calls} == {200}


def test_sdk_invalid_events_go_to_callback_and_the_rest_are_resent(
        server: AmplitudeServer) -> None:
    recorder = Recorder()
    client = sdk_client(server.http_api_url, recorder)
    try:
        track_calls(client, ["user-0001", "u42", "user-0003"])
        client.flush()[0].result(timeout=5)
        wait_until(lambda: len(recorder.calls) == 3)
    finally:
        client.shutdown()
    assert sorted(recorder.calls) == [
        ("call_analyzed", "u42", 400, "Invalid id length for user_id or device_id"),
        ("call_analyzed", "user-0001", 200, "Event sent successfully."),
        ("call_analyzed", "user-0003", 200, "Event sent successfully.")]
    assert [e["user_id"] for e in server.events] == ["user-0001", "user-0003"]
    assert [(r["status"], r["event_count"]) for r in server.requests] == [(400, 3), (200, 2)]


def test_sdk_invalid_api_key_stores_nothing_and_calls_back_nothing(
        server: AmplitudeServer) -> None:
    recorder = Recorder()
    client = sdk_client(server.http_api_url, recorder, api_key="wrong-key")
    try:
        track_calls(client, ["user-0001"])
        client.flush()[0].result(timeout=5)
    finally:
        client.shutdown()
    assert server.events == [] and recorder.calls == []
    assert [r["status"] for r in server.requests] == [400]


def test_sdk_drops_a_batch_whose_200_is_not_json(server: AmplitudeServer) -> None:
    """The SDK can't parse a non-JSON 200: the flush future raises and no callback ever fires."""
    recorder = Recorder()
    client = sdk_client(server.http_api_url, recorder)
    server.fail_next(1, "not_json")
    try:
        track_calls(client, ["user-0001"])
        with pytest.raises(json.JSONDecodeError):
            client.flush()[0].result(timeout=5)
    finally:
        client.shutdown()
    assert server.events == [] and recorder.calls == []


def test_sdk_batch_endpoint(server: AmplitudeServer) -> None:
    recorder = Recorder()
    client = sdk_client(server.batch_url, recorder)
    try:
        track_calls(client, ["user-0001", "user-0002"])
        client.flush()[0].result(timeout=5)
        wait_until(lambda: len(recorder.calls) == 2)
    finally:
        client.shutdown()
    assert len(server.events) == 2
    assert server.requests == [{"path": "/batch", "status": 200, "event_count": 2,
                                "bytes": server.requests[0]["bytes"]}]
