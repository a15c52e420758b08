"""Deliver an alert where its severity says (spec 7): P1 to PagerDuty, P2 to Slack #ops,
business alerts to #sales, P3 digests to #product, executive mails by email.

- PagerDuty Events API v2: `dedup_key` is the rule, so an open condition is one incident,
  and a resolve closes it.
- Slack incoming webhooks through `slack_sdk`, whose retry handlers wait out a 429's
  Retry-After and retry 5xx and dropped connections.
- Email over SMTP: a plain-text part and an HTML part.

Transient failures are retried after 1, 2 and 4 s; what still fails is reported as failed
(recorded in alerts_history by the caller), never dropped. A destination with nothing
configured writes the payload to `<outbox_dir>/alerts.jsonl` instead.

Configuration (environment, or `sm://` Secret Manager references): PAGERDUTY_ROUTING_KEY
(PAGERDUTY_EVENTS_URL for another endpoint), SLACK_WEBHOOK_OPS, SLACK_WEBHOOK_SALES,
SLACK_WEBHOOK_PRODUCT, SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS,
ALERT_EMAIL_FROM, ALERT_EMAIL_TO (comma-separated).
"""

import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

import requests
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from pipeline.alerts.model import Alert
from pipeline.credentials import credential
from pipeline.outbox import Outbox

log = logging.getLogger(__name__)
PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue"
TIMEOUT_SECONDS = 10.0
PAGERDUTY_SEVERITY = {"P1": "critical", "P2": "error", "P3": "warning"}


class TransientDeliveryError(Exception):
    pass


@dataclass
class Delivery:
    """Where an alert went: `status` is sent, outbox or failed."""

    status: str = "sent"
    sent_to: list[str] = field(default_factory=list)
    error: str | None = None


def destinations(alert: Alert, config: dict) -> list[str]:
    if alert.severity == "P1":
        return ["pagerduty"]
    if alert.severity == "executive":
        return ["email"]
    return [f"slack:{config['delivery']['slack_channels'][alert.severity]}"]


def pagerduty_event(alert: Alert, routing_key: str) -> dict:
    event: dict = {"routing_key": routing_key,
                   "event_action": "resolve" if alert.action == "resolve" else "trigger",
                   "dedup_key": f"voice-analytics:{alert.rule}"}
    if alert.action == "trigger":
        event["payload"] = {
            "summary": f"{alert.alert_name}: {alert.message}"[:1024],
            "source": "voice-analytics", "severity": PAGERDUTY_SEVERITY[alert.severity],
            "timestamp": alert.triggered_at.isoformat(), "component": "voice-agent",
            "group": alert.alert_type, "class": alert.rule, "custom_details": alert.context}
    return event


def slack_message(alert: Alert) -> dict:
    if alert.action == "resolve":
        return {"text": f"Resolved: {alert.alert_name}", "mrkdwn": False}
    message = {"text": alert.message, "mrkdwn": False}
    if alert.blocks:
        message["blocks"] = alert.blocks
    return message


def email_message(alert: Alert, sender: str, recipients: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = alert.subject or alert.alert_name
    message["From"], message["To"] = sender, ", ".join(recipients)
    message.set_content(alert.message)
    if alert.html:
        message.add_alternative(alert.html, subtype="html")
    return message


class AlertDelivery:
    def __init__(self, outbox_dir: str, config: dict,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.outbox = Outbox(outbox_dir, "alerts")
        self.config, self.sleep = config, sleep
        self.backoff = tuple(config["delivery"]["retries_seconds"])
        self.http = requests.Session()
        self.http.trust_env = False

    def deliver(self, alert: Alert) -> Delivery:
        delivery = Delivery()
        for destination in destinations(alert, self.config):
            try:
                where = self._with_retries(lambda d=destination: self._send(d, alert))
                delivery.sent_to.append(where)
            except Exception as exc:  # noqa: BLE001 - recorded as failed, never dropped
                delivery.status = "failed"
                delivery.sent_to.append(destination)
                delivery.error = f"{destination}: {type(exc).__name__}: {str(exc)[:200]}"
                log.warning("alert %s to %s failed: %s", alert.id, destination,
                            type(exc).__name__)
        if delivery.status == "sent" and all(d.startswith("outbox:") for d in delivery.sent_to):
            delivery.status = "outbox"
        return delivery

    def _with_retries(self, send: Callable[[], str]) -> str:
        for delay in self.backoff:
            try:
                return send()
            except TransientDeliveryError:
                self.sleep(delay)
        return send()

    def _send(self, destination: str, alert: Alert) -> str:
        if destination == "pagerduty":
            return self._pagerduty(alert)
        if destination == "email":
            return self._email(alert)
        return self._slack(destination.partition(":")[2], alert)

    def _to_outbox(self, destination: str, payload: dict) -> str:
        self.outbox.write({"destination": destination, "payload": payload})
        return f"outbox:{destination}"

    def _pagerduty(self, alert: Alert) -> str:
        key = credential("PAGERDUTY_ROUTING_KEY")
        if not key:
            return self._to_outbox("pagerduty", pagerduty_event(alert, "<ROUTING_KEY>"))
        url = credential("PAGERDUTY_EVENTS_URL") or PAGERDUTY_EVENTS_URL
        try:
            response = self.http.post(url, json=pagerduty_event(alert, key),
                                      timeout=TIMEOUT_SECONDS)
        except requests.RequestException as exc:
            raise TransientDeliveryError(type(exc).__name__) from None
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientDeliveryError(f"HTTP {response.status_code}")
        if response.status_code != 202:
            raise ValueError(f"HTTP {response.status_code}: {response.text[:200]}")
        return "pagerduty"

    def _slack(self, channel: str, alert: Alert) -> str:
        destination = f"slack:{channel}"
        url = credential(f"SLACK_WEBHOOK_{channel.lstrip('#').upper()}")
        if not url:
            return self._to_outbox(destination, slack_message(alert))
        client = WebhookClient(url, timeout=int(TIMEOUT_SECONDS), retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
            ConnectionErrorRetryHandler(max_retry_count=2)])
        response = client.send_dict(slack_message(alert))
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}: {str(response.body)[:200]}")
        return destination

    def _email(self, alert: Alert) -> str:
        host, recipients = credential("SMTP_HOST"), credential("ALERT_EMAIL_TO")
        sender = credential("ALERT_EMAIL_FROM") or "voice-analytics@localhost"
        if not (host and recipients):
            return self._to_outbox("email", {"subject": alert.subject or alert.alert_name,
                                             "text": alert.message, "html": alert.html})
        to = [r.strip() for r in recipients.split(",") if r.strip()]
        try:
            with smtplib.SMTP(host, int(credential("SMTP_PORT") or 25),
                              timeout=TIMEOUT_SECONDS) as smtp:
                if (credential("SMTP_STARTTLS") or "").lower() in ("1", "true", "yes"):
                    smtp.starttls()
                user = credential("SMTP_USERNAME")
                if user:
                    smtp.login(user, credential("SMTP_PASSWORD") or "")
                smtp.send_message(email_message(alert, sender, to))
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise TransientDeliveryError(f"SMTP {exc.smtp_code}") from None
            raise
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise TransientDeliveryError(type(exc).__name__) from None
        return "email:" + ",".join(to)
