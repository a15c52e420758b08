"""The local PagerDuty, Slack and SMTP servers answer like the real services, checked through the
clients the alerting code uses: `requests` for the Events API, `slack_sdk`'s WebhookClient (whose
retry handlers act on 429 + Retry-After) and `smtplib`."""

import smtplib
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
import requests
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from localapis.pagerduty import DEFAULT_ROUTING_KEY, PagerDutyServer
from localapis.slack import SlackWebhookServer
from localapis.smtp import SmtpServer

KEY = DEFAULT_ROUTING_KEY
PROXY_VARS = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
              "ALL_PROXY")


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.trust_env = False  # never route 127.0.0.1 through a proxy from the environment
        yield session


@pytest.fixture
def pagerduty() -> Iterator[PagerDutyServer]:
    with PagerDutyServer() as srv:
        yield srv


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackWebhookServer]:
    for name in PROXY_VARS:  # WebhookClient and urllib would send 127.0.0.1 through a proxy
        monkeypatch.delenv(name, raising=False)
    with SlackWebhookServer() as srv:
        yield srv


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as srv:
        yield srv


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


# -- PagerDuty Events API v2 ---------------------------------------------------------------------


def trigger(dedup_key: str | None = "job-failed", **payload: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "routing_key": KEY, "event_action": "trigger",
        "payload": {"summary": "voice-analytics job failed", "source": "dataflow",
                    "severity": "critical", **payload},
        "links": [{"href": "https://console.cloud.google.com/dataflow", "text": "Job"}],
        "client": "voice-analytics",
    }
    if dedup_key is not None:
        event["dedup_key"] = dedup_key
    return event


def follow_up(action: str, dedup_key: str, routing_key: str = KEY) -> dict[str, Any]:
    return {"routing_key": routing_key, "event_action": action, "dedup_key": dedup_key}


def enqueue(http: requests.Session, server: PagerDutyServer, event: Any,
            timeout: float = 5) -> requests.Response:
    return http.post(server.enqueue_url, json=event, timeout=timeout)


def test_pagerduty_trigger_accepted(pagerduty: PagerDutyServer,
                                    http: requests.Session) -> None:
    resp = enqueue(http, pagerduty, trigger(timestamp="2025-01-02T03:04:05.678+0000"))
    assert resp.status_code == 202
    assert resp.json() == {"status": "success", "message": "Event processed",
                           "dedup_key": "job-failed"}
    incident = pagerduty.incidents["job-failed"]
    assert incident["status"] == "triggered" and incident["trigger_count"] == 1
    assert incident["severity"] == "critical" and incident["summary"].startswith("voice")
    assert pagerduty.requests == [{"path": "/v2/enqueue", "status": 202,
                                   "body": trigger(timestamp="2025-01-02T03:04:05.678+0000")}]


def test_pagerduty_generates_dedup_key(pagerduty: PagerDutyServer,
                                       http: requests.Session) -> None:
    first = enqueue(http, pagerduty, trigger(dedup_key=None)).json()["dedup_key"]
    second = enqueue(http, pagerduty, trigger(dedup_key=None)).json()["dedup_key"]
    assert first != second and len(first) == 32  # each keyless trigger is a new alert
    assert len(pagerduty.open_incidents()) == 2
    assert enqueue(http, pagerduty, follow_up("resolve", first)).status_code == 202
    assert pagerduty.incidents[first]["status"] == "resolved"
    assert [e["dedup_key"] for e in pagerduty.events] == [first, second, first]


def test_pagerduty_incident_lifecycle_and_dedup(pagerduty: PagerDutyServer,
                                                http: requests.Session) -> None:
    for _ in range(2):
        assert enqueue(http, pagerduty, trigger()).status_code == 202
    incident = pagerduty.incidents["job-failed"]
    assert incident["trigger_count"] == 2 and incident["number"] == 1  # deduplicated
    enqueue(http, pagerduty, follow_up("acknowledge", "job-failed"))
    enqueue(http, pagerduty, trigger())  # a trigger does not un-acknowledge
    assert (incident["status"], incident["trigger_count"]) == ("acknowledged", 3)
    enqueue(http, pagerduty, follow_up("resolve", "job-failed"))
    assert incident["status"] == "resolved" and pagerduty.open_incidents() == []
    enqueue(http, pagerduty, trigger())  # after resolve: a new incident
    reopened = pagerduty.incidents["job-failed"]
    assert (reopened["number"], reopened["status"], reopened["trigger_count"]) == (
        2, "triggered", 1)
    assert len(pagerduty.events) == 6


def test_pagerduty_follow_ups_without_open_alert_are_dropped(
        pagerduty: PagerDutyServer, http: requests.Session) -> None:
    other = PagerDutyServer(routing_keys=(KEY, "R" + "1" * 31))
    with other:
        enqueue(http, other, trigger())
        resp = enqueue(http, other, follow_up("resolve", "job-failed", routing_key="R" + "1" * 31))
        assert resp.status_code == 202 and other.incidents["job-failed"]["status"] == "triggered"
    for action in ("acknowledge", "resolve"):
        resp = enqueue(http, pagerduty, follow_up(action, "never-triggered"))
        assert resp.status_code == 202 and resp.json()["dedup_key"] == "never-triggered"
    assert pagerduty.incidents == {} and len(pagerduty.events) == 2


@pytest.mark.parametrize(("event", "errors"), [
    ({**trigger(), "routing_key": "local-routing-key-0000000000000000"},
     ["Length of 'routing_key' is incorrect (should be 32 characters)",
      "'routing_key' cannot contain non-alphanumeric characters."]),
    ({**trigger(), "routing_key": "0" * 32}, ["Invalid routing key"]),
    ({k: v for k, v in trigger().items() if k != "routing_key"},
     ["'routing_key' is missing or blank"]),
    ({**trigger(), "event_action": "escalate"},
     ["'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or "
      "'resolve')"]),
    ({**trigger(), "payload": {"summary": "x"}},
     ["'payload.source' is missing or blank", "'payload.severity' is missing or blank"]),
    (trigger(severity="fatal"),
     ["'payload.severity' is invalid (must be one of the following: 'critical', 'warning', "
      "'error' or 'info')"]),
    (trigger(summary="x" * 1025), ["'payload.summary' is too long (maximum is 1024 characters)"]),
    (trigger(timestamp=1_700_000_000),
     ["'payload.timestamp' is invalid (must be an ISO 8601 timestamp)"]),
    ({**trigger(), "links": [{"text": "no href"}]}, ["'links[].href' is missing or blank"]),
    ({"routing_key": KEY, "event_action": "resolve"}, ["'dedup_key' is missing or blank"]),
    (["not", "an", "object"], ["Event object must be a JSON object"]),
])
def test_pagerduty_invalid_events(pagerduty: PagerDutyServer, http: requests.Session,
                                  event: Any, errors: list[str]) -> None:
    resp = enqueue(http, pagerduty, event)
    assert resp.status_code == 400
    assert resp.json() == {"status": "invalid event", "message": "Event object is invalid",
                           "errors": errors}
    assert pagerduty.events == [] and pagerduty.incidents == {}


def test_pagerduty_not_json(pagerduty: PagerDutyServer, http: requests.Session) -> None:
    resp = http.post(pagerduty.enqueue_url, data="{oops", timeout=5)
    assert resp.status_code == 400 and resp.json()["status"] == "invalid event"
    assert pagerduty.requests[0]["body"] == "{oops"


def test_pagerduty_injected_failures(pagerduty: PagerDutyServer,
                                     http: requests.Session) -> None:
    pagerduty.fail_next(1, "throttle")
    pagerduty.fail_next(1, "server_error", status=502)
    throttled = enqueue(http, pagerduty, trigger())
    assert (throttled.status_code, throttled.content) == (429, b"")
    assert enqueue(http, pagerduty, trigger()).status_code == 502
    assert pagerduty.events == []
    assert enqueue(http, pagerduty, trigger()).status_code == 202
    assert [r["status"] for r in pagerduty.requests] == [429, 502, 202]


def test_pagerduty_timeout_still_processes(pagerduty: PagerDutyServer,
                                           http: requests.Session) -> None:
    pagerduty.fail_next(1, "timeout", delay=0.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        enqueue(http, pagerduty, trigger(), timeout=0.2)
    wait_until(lambda: len(pagerduty.events) == 1)  # PagerDuty got it although the client gave up
    assert pagerduty.incidents["job-failed"]["status"] == "triggered"


def test_pagerduty_rate_limit_per_routing_key(http: requests.Session) -> None:
    with PagerDutyServer(rate_limit_per_minute=2) as server:
        statuses = [enqueue(http, server, trigger()).status_code for _ in range(3)]
    assert statuses == [202, 202, 429]
    assert server.incidents["job-failed"]["trigger_count"] == 2


def test_pagerduty_controls(pagerduty: PagerDutyServer, http: requests.Session) -> None:
    with pytest.raises(ValueError, match="32 characters"):
        PagerDutyServer(routing_keys=("local-routing-key-0000000000000000",))
    with pytest.raises(ValueError, match="unknown failure kind"):
        pagerduty.fail_next(1, "teapot")
    # Its own connection: the server closes after an error answer, and a pooled connection
    # reused by the next request could race that close.
    with requests.Session() as probe:
        probe.trust_env = False
        assert probe.get(pagerduty.url + "/v2/enqueue", timeout=5).status_code == 404
    enqueue(http, pagerduty, trigger())
    pagerduty.fail_next(3, "throttle")
    pagerduty.reset()
    assert (pagerduty.incidents, pagerduty.events, pagerduty.requests) == ({}, [], [])
    assert enqueue(http, pagerduty, trigger()).json()["status"] == "success"
    assert pagerduty.incidents["job-failed"]["number"] == 1


# -- Slack incoming webhooks ---------------------------------------------------------------------


def test_slack_webhook_client_posts(slack: SlackWebhookServer) -> None:
    url = slack.webhook_url("#ops")
    assert url.startswith(f"http://127.0.0.1:{slack.port}/services/TLOCAL/B")
    assert slack.webhook_url("#ops") == url  # one webhook per channel
    resp = WebhookClient(url, timeout=5).send(
        text="Job failed", blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "*x*"}}],
        unfurl_links=False)
    assert (resp.status_code, resp.body) == (200, "ok")
    assert resp.headers["Content-Type"] == "text/html"
    [message] = slack.messages
    assert message["channel"] == "#ops" and message["body"]["text"] == "Job failed"
    assert message["body"]["unfurl_links"] is False and message["received_at"].tzinfo
    blocks_only = WebhookClient(slack.webhook_url("#data"), timeout=5).send(
        blocks=[{"type": "divider"}])
    assert blocks_only.status_code == 200
    assert slack.messages_for("#data") == [{"blocks": [{"type": "divider"}]}]


@pytest.mark.parametrize(("kwargs", "status", "body"), [
    ({"data": "{not json", "headers": {"Content-Type": "application/json"}}, 400,
     "invalid_payload"),
    ({"json": ["text"]}, 400, "invalid_payload"),
    ({"json": {}}, 400, "no_text"),
    ({"json": {"text": ""}}, 400, "no_text"),
    ({"json": {"text": 42}}, 400, "invalid_payload"),
    ({"json": {"blocks": [{"text": "no type"}]}}, 400, "invalid_blocks"),
    ({"json": {"text": "x", "attachments": [{}] * 101}}, 400, "too_many_attachments"),
    ({"data": {"payload": '{"text": "form post"}'}}, 200, "ok"),
])
def test_slack_payload_checks(slack: SlackWebhookServer, http: requests.Session,
                              kwargs: dict[str, Any], status: int, body: str) -> None:
    resp = http.post(slack.webhook_url("#ops"), timeout=5, **kwargs)
    assert (resp.status_code, resp.text) == (status, body)
    assert len(slack.messages) == (1 if status == 200 else 0)


def test_slack_unknown_revoked_and_archived(slack: SlackWebhookServer) -> None:
    url = slack.webhook_url("#ops")
    for bad in (url[:-1] + ("0" if url[-1] != "0" else "1"),
                f"{slack.url}/services/TOTHER/B0000000001/{url.rsplit('/', 1)[1]}"):
        resp = WebhookClient(bad, timeout=5).send(text="x")
        assert (resp.status_code, resp.body) == (404, "no_service")
    slack.archive_channel("#ops")
    assert WebhookClient(url, timeout=5).send(text="x").status_code == 410
    slack.archive_channel("#ops", archived=False)
    slack.revoke("#ops")
    resp = WebhookClient(url, timeout=5).send(text="x")
    assert (resp.status_code, resp.body) == (403, "invalid_token")
    assert slack.messages == []
    assert [r["status"] for r in slack.requests] == [404, 404, 410, 403]


def test_slack_rate_limit_retry_after_with_sdk_handler(slack: SlackWebhookServer,
                                                       http: requests.Session) -> None:
    url = slack.webhook_url("#ops")
    slack.fail_next(1, "rate_limited", retry_after=1)
    raw = http.post(url, json={"text": "x"}, timeout=5)
    assert (raw.status_code, raw.text, raw.headers["Retry-After"]) == (429, "rate_limited", "1")

    slack.fail_next(1, "rate_limited", retry_after=1)
    client = WebhookClient(url, timeout=5,
                           retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    started = time.monotonic()
    resp = client.send(text="after the limit")
    assert (resp.status_code, resp.body) == (200, "ok")
    assert time.monotonic() - started >= 1.0  # the SDK slept Retry-After before retrying
    assert [r["status"] for r in slack.requests] == [429, 429, 200]
    assert slack.messages_for("#ops") == [{"text": "after the limit"}]


def test_slack_server_errors_and_reset(slack: SlackWebhookServer) -> None:
    url = slack.webhook_url("#ops")
    slack.fail_next(1, "server_error")
    slack.fail_next(1, "server_error", status=503)
    client = WebhookClient(url, timeout=5, retry_handlers=[])
    assert (client.send(text="x").status_code, client.send(text="x").status_code) == (500, 503)
    with pytest.raises(ValueError, match="status"):
        slack.fail_next(1, "server_error", status=502)
    slack.revoke("#ops")
    slack.fail_next(2, "rate_limited")
    slack.reset()
    assert client.send(text="x").status_code == 200  # reset unrevokes and clears failures
    assert slack.webhook_url("#ops") == url and len(slack.requests) == 1


# -- SMTP ----------------------------------------------------------------------------------------


def alert_mail(to: str | list[str] = "oncall@example.com") -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "Job failed — voice-analytics"
    msg["From"] = "alerts@example.com"
    msg["To"] = to if isinstance(to, str) else ", ".join(to)
    msg.set_content("The job failed.\nSee the console.\n")
    msg.add_alternative("<p>The job <b>failed</b>.</p>\n", subtype="html")
    return msg


def test_smtp_multipart_alternative_arrives(smtp: SmtpServer) -> None:
    assert smtp.host == "127.0.0.1" and smtp.port > 0
    with smtplib.SMTP(smtp.host, smtp.port, timeout=5) as client:
        assert client.send_message(alert_mail()) == {}
    [message] = smtp.messages
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Job failed — voice-analytics"
    assert message.get_body(("plain",)).get_content() == "The job failed.\nSee the console.\n"
    assert message.get_body(("html",)).get_content() == "<p>The job <b>failed</b>.</p>\n"
    assert smtp.envelopes == [("alerts@example.com", ["oncall@example.com"])]


def test_smtp_transient_reject_at_data(smtp: SmtpServer) -> None:
    smtp.fail_next(1, "reject")
    with smtplib.SMTP(smtp.host, smtp.port, timeout=5) as client:
        with pytest.raises(smtplib.SMTPDataError) as excinfo:
            client.send_message(alert_mail())
        assert excinfo.value.smtp_code == 451
        assert excinfo.value.smtp_error == b"4.3.0 Temporary failure"
        assert smtp.messages == []
        client.send_message(alert_mail())  # the retry on the same connection goes through
    assert len(smtp.messages) == 1


def test_smtp_refused_recipient(smtp: SmtpServer) -> None:
    smtp.fail_next(1, "refuse")
    with smtplib.SMTP(smtp.host, smtp.port, timeout=5) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as excinfo:
            client.send_message(alert_mail())
        assert excinfo.value.recipients == {
            "oncall@example.com": (550, b"5.1.1 Mailbox unavailable")}
        smtp.fail_next(1, "refuse")  # one of two recipients refused: the other still gets it
        refused = client.send_message(alert_mail(["gone@example.com", "team@example.com"]))
    assert refused == {"gone@example.com": (550, b"5.1.1 Mailbox unavailable")}
    assert smtp.envelopes == [("alerts@example.com", ["team@example.com"])]


def test_smtp_lifecycle_and_controls() -> None:
    with SmtpServer() as first, SmtpServer() as second:
        assert first.port != second.port
        port = first.port
        first.fail_next(2, "reject")
        first.reset()
        with smtplib.SMTP(first.host, port, timeout=5) as client:
            client.send_message(alert_mail())
        assert len(first.messages) == 1
        with pytest.raises(ValueError, match="unknown failure kind"):
            first.fail_next(1, "bounce")
    with pytest.raises(OSError):
        smtplib.SMTP("127.0.0.1", port, timeout=1)  # stopped: the port is released
    with SmtpServer(port=port) as again:  # and can be bound again
        assert again.port == port
