"""Alert delivery against local PagerDuty, Slack and SMTP servers (localapis/): payloads as
the APIs take them, retries through 429 and 5xx, failures recorded, nothing sent twice, and
caller text that cannot become Slack markup."""

import json
from datetime import UTC, datetime

import pytest

from localapis.pagerduty import PagerDutyServer
from localapis.slack import SlackWebhookServer
from localapis.smtp import SmtpServer
from pipeline.alerts.business import business_alerts
from pipeline.alerts.config import load_config
from pipeline.alerts.model import Alert
from pipeline.alerts.sink import AlertDispatcher
from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.rows import StoredSession
from schemas.validation import parse_record
from tests.conftest import SAMPLES
from tests.records import shifted_to_now
from transforms.analyze import analyze

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def servers(monkeypatch):
    with PagerDutyServer() as pagerduty, SlackWebhookServer() as slack, SmtpServer() as smtp:
        monkeypatch.setenv("PAGERDUTY_ROUTING_KEY", pagerduty.routing_key)
        monkeypatch.setenv("PAGERDUTY_EVENTS_URL", pagerduty.enqueue_url)
        for channel in ("ops", "sales", "product"):
            monkeypatch.setenv(f"SLACK_WEBHOOK_{channel.upper()}",
                               slack.webhook_url(f"#{channel}"))
        monkeypatch.setenv("SMTP_HOST", smtp.host)
        monkeypatch.setenv("SMTP_PORT", str(smtp.port))
        monkeypatch.setenv("ALERT_EMAIL_TO", "execs@example.com")
        yield pagerduty, slack, smtp


@pytest.fixture
def dispatcher(tmp_path):
    warehouse = DuckDBWarehouse(tmp_path / "w.duckdb")
    warehouse.create_tables()
    config = json.loads(json.dumps(load_config()))
    config["delivery"]["retries_seconds"] = [0.01, 0.01, 0.01]
    return AlertDispatcher(warehouse, str(tmp_path / "outbox"), config)


def _history(dispatcher: AlertDispatcher) -> dict[str, dict]:
    return {row["id"]: row for row in dispatcher.warehouse.query(
        "SELECT * FROM {alerts_history}")}


def _hot_lead(text: str | None = None) -> StoredSession:
    record = json.loads(next(p for p in SAMPLES if "hot_lead" in p.name).read_text())
    record = shifted_to_now(record, "hot-lead-alert-1")
    if text:
        record["transcript"][1]["text"] = text
        record["session"]["user_name"] = text[:40]
    parsed = parse_record(json.dumps(record).encode())
    return StoredSession(parsed, analyze(parsed))


def _operational(action: str = "trigger", severity: str = "P1") -> Alert:
    rule = "error_rate_critical" if severity == "P1" else "error_rate_high"
    return Alert(id=f"{rule}:2026-11-24T12:00:00+00:00", rule=rule, alert_type="operational",
                 alert_name="Error Rate > 10%", severity=severity,
                 message="error rate 20.0% over 10 calls", triggered_at=NOW, action=action,
                 context={"value": 0.2})


def test_business_alerts_reach_sales_once_per_session(servers, dispatcher) -> None:
    _, slack, _ = servers
    stored = _hot_lead()
    alerts = business_alerts(stored, dispatcher.config)
    assert {a.rule for a in alerts} == {"hot_lead", "meeting_booked"}
    for _ in range(2):  # a redelivered session raises the same alerts again
        for alert in alerts:
            dispatcher.dispatch(alert)
    messages = slack.messages_for("#sales")
    assert len(messages) == 2
    hot = next(m for m in messages if "Hot Lead Detected" in json.dumps(m))
    score = stored.analysis.lead_score.total
    assert score > 80 and f"Score: {score:g} (tier 1)" in hot["text"]
    assert "Luis Marquez" in hot["text"] and "team of 18" in hot["text"]
    assert "hot-lead-alert-1" in json.dumps(hot["blocks"])  # the link to the call
    rows = _history(dispatcher)
    assert rows["hot_lead:hot-lead-alert-1"]["delivery_status"] == "sent"
    assert rows["hot_lead:hot-lead-alert-1"]["sent_to"] == ["slack:#sales"]
    assert rows["hot_lead:hot-lead-alert-1"]["session_id"] == "hot-lead-alert-1"


def test_caller_text_cannot_become_slack_markup(servers, dispatcher) -> None:
    _, slack, _ = servers
    said = "<!channel> *urgent* <https://evil.example|click> & more"
    for alert in business_alerts(_hot_lead(said), dispatcher.config):
        dispatcher.dispatch(alert)
    for body in slack.messages_for("#sales"):
        assert "<!channel>" not in body["text"] and "&lt;!channel&gt;" in body["text"]
        assert body["mrkdwn"] is False
        for block in body["blocks"]:
            text = block["text"]
            if said[:40] in text["text"]:
                assert text["type"] == "plain_text"


def test_p1_pages_once_and_resolves_the_same_incident(servers, dispatcher) -> None:
    pagerduty, _, _ = servers
    dispatcher.dispatch(_operational())
    dispatcher.dispatch(_operational())  # the same episode again: not sent twice
    assert len(pagerduty.events) == 1
    event = pagerduty.events[0]
    assert event["event_action"] == "trigger"
    assert event["payload"]["severity"] == "critical"
    assert event["dedup_key"] == "voice-analytics:error_rate_critical"
    assert len(pagerduty.open_incidents()) == 1
    dispatcher.dispatch(_operational("resolve"))
    assert pagerduty.open_incidents() == []
    row = _history(dispatcher)["error_rate_critical:2026-11-24T12:00:00+00:00"]
    assert row["resolved_at"] is not None and row["sent_to"] == ["pagerduty"]


def test_throttling_and_server_errors_are_retried(servers, dispatcher) -> None:
    pagerduty, slack, _ = servers
    pagerduty.fail_next(2, "throttle")
    slack.fail_next(1, "rate_limited", retry_after=1)  # slack_sdk waits Retry-After
    slack.fail_next(1, "server_error")
    assert dispatcher.dispatch(_operational()).status == "sent"
    assert dispatcher.dispatch(_operational(severity="P2")).status == "sent"
    assert len(pagerduty.events) == 1 and len(slack.messages_for("#ops")) == 1
    statuses = [r["status"] for r in slack.requests]
    assert 429 in statuses and statuses[-1] == 200


def test_a_delivery_that_keeps_failing_is_recorded_and_retried_later(
        servers, dispatcher, monkeypatch) -> None:
    _, slack, _ = servers
    slack.revoke("#ops")  # the webhook's app was removed: 403 invalid_token, not retried
    delivery = dispatcher.dispatch(_operational(severity="P2"))
    assert delivery.status == "failed" and "403" in delivery.error
    row = _history(dispatcher)[_operational(severity="P2").id]
    assert row["delivery_status"] == "failed" and "403" in row["delivery_error"]
    # A new webhook configured: delivering the same alert again goes through.
    monkeypatch.setenv("SLACK_WEBHOOK_OPS", slack.webhook_url("#ops-alerts"))
    assert dispatcher.dispatch(_operational(severity="P2")).status == "sent"
    assert _history(dispatcher)[_operational(severity="P2").id]["delivery_status"] == "sent"


def test_executive_mail_has_text_and_html_parts(servers, dispatcher) -> None:
    _, _, smtp = servers
    alert = Alert(id="daily_summary:2026-11-24", rule="daily_summary", alert_type="executive",
                  alert_name="Daily Executive Summary", severity="executive",
                  message="42 calls", triggered_at=NOW, subject="Voice trial calls: 42",
                  html="<p>42 calls</p>")
    assert dispatcher.dispatch(alert).status == "sent"
    [message] = smtp.messages
    assert message["Subject"] == "Voice trial calls: 42"
    assert message.get_body(("plain",)).get_content().strip() == "42 calls"
    assert "<p>42 calls</p>" in message.get_body(("html",)).get_content()


def test_a_transient_smtp_failure_is_retried(servers, dispatcher) -> None:
    _, _, smtp = servers
    smtp.fail_next(1, "reject")  # 451: try again later
    alert = Alert(id="weekly_rollup:2026-11-23", rule="weekly_rollup", alert_type="executive",
                  alert_name="Weekly Executive Rollup", severity="executive",
                  message="300 calls", triggered_at=NOW)
    assert dispatcher.dispatch(alert).status == "sent"
    assert len(smtp.messages) == 1


def test_without_destinations_alerts_go_to_the_outbox_and_history(dispatcher, monkeypatch,
                                                                 tmp_path) -> None:
    for name in ("PAGERDUTY_ROUTING_KEY", "SLACK_WEBHOOK_SALES", "SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    for alert in business_alerts(_hot_lead(), dispatcher.config):
        dispatcher.dispatch(alert)
    lines = (tmp_path / "outbox" / "alerts.jsonl").read_text().splitlines()
    assert {json.loads(line)["destination"] for line in lines} == {"slack:#sales"}
    rows = _history(dispatcher)
    assert {row["delivery_status"] for row in rows.values()} == {"outbox"}
    assert rows["hot_lead:hot-lead-alert-1"]["sent_to"] == ["outbox:slack:#sales"]
