"""Deliver alerts and record each in `alerts_history`, once.

An alert whose id is already recorded as sent (or written to the outbox) is not sent again:
that makes a call's business alerts once per call, also when Pub/Sub redelivers the call. A
delivery that failed after its retries is recorded as failed with the reason, and a later
delivery of the same alert (a replay) tries again. A resolution sets `resolved_at`.

    alerts | "DeliverAlerts" >> DeliverAlerts(make_warehouse, outbox_dir, config_path)
"""

import logging
from collections.abc import Callable
from datetime import UTC

import apache_beam as beam
import orjson
from apache_beam.metrics import Metrics

from pipeline.alerts.config import load_config
from pipeline.alerts.delivery import AlertDelivery, Delivery
from pipeline.alerts.model import Alert

log = logging.getLogger(__name__)
DELIVERED = ("sent", "outbox")


def history_row(alert: Alert, delivery: Delivery) -> dict:
    return {
        "id": alert.id, "alert_type": alert.alert_type, "alert_name": alert.alert_name,
        "severity": alert.severity, "message": alert.message,
        "context": orjson.dumps(alert.context, default=str).decode(),
        "session_id": alert.session_id,
        "triggered_at": alert.triggered_at.astimezone(UTC).isoformat(),
        "sent_to": list(delivery.sent_to), "acknowledged_at": None, "acknowledged_by": None,
        "resolved_at": None, "rule": alert.rule, "delivery_status": delivery.status,
        "delivery_error": delivery.error,
    }


class AlertDispatcher:
    """Delivery plus history, outside Beam too (the digest and monitor commands use it)."""

    def __init__(self, warehouse, outbox_dir: str, config: dict) -> None:
        self.warehouse, self.config = warehouse, config
        self.delivery = AlertDelivery(outbox_dir, config)

    def already_delivered(self, alert_id: str) -> bool:
        rows = self.warehouse.query(
            "SELECT delivery_status FROM {alerts_history} WHERE id = ?", [alert_id])
        return bool(rows) and rows[0]["delivery_status"] in DELIVERED

    def dispatch(self, alert: Alert) -> Delivery | None:
        """Deliver and record `alert`; None when it was delivered before."""
        if alert.action == "resolve":
            delivery = self.delivery.deliver(alert)
            self.warehouse.update_alert(alert.id, resolved_at=alert.triggered_at)
            return delivery
        if self.already_delivered(alert.id):
            return None
        delivery = self.delivery.deliver(alert)
        self.warehouse.record_alerts([history_row(alert, delivery)])
        return delivery


class DeliverAlertsFn(beam.DoFn):
    def __init__(self, make_warehouse: Callable, outbox_dir: str,
                 config_path: str | None) -> None:
        self.make_warehouse, self.outbox_dir = make_warehouse, outbox_dir
        self.config_path = config_path
        self.sent = Metrics.counter("alerts", "delivered")
        self.repeats = Metrics.counter("alerts", "repeats_skipped")
        self.failed = Metrics.counter("alerts", "failed")

    def setup(self) -> None:
        warehouse = self.make_warehouse()
        warehouse.create_tables()
        self.dispatcher = AlertDispatcher(warehouse, self.outbox_dir,
                                          load_config(self.config_path))

    def process(self, alert: Alert) -> None:
        delivery = self.dispatcher.dispatch(alert)
        if delivery is None:
            self.repeats.inc()
        elif delivery.status == "failed":
            self.failed.inc()
            log.warning("alert %s recorded as failed: %s", alert.id, delivery.error)
        else:
            self.sent.inc()


class DeliverAlerts(beam.PTransform):
    def __init__(self, make_warehouse: Callable, outbox_dir: str,
                 config_path: str | None = None) -> None:
        super().__init__()
        self.fn = DeliverAlertsFn(make_warehouse, outbox_dir, config_path)

    def expand(self, alerts: beam.PCollection) -> beam.PCollection:
        return alerts | "Deliver" >> beam.ParDo(self.fn)
