"""The two P1 conditions the job cannot see itself, checked from outside on a schedule
(`voice-analytics alerts monitor`, every minute; Cloud Scheduler or cron in production):

- **Queue Backlog > 100**: messages waiting in the job's subscription. In production Cloud
  Monitoring's `pubsub.googleapis.com/subscription/num_undelivered_messages`; on the local
  emulator, which has no metrics, a probe pulls up to threshold + 1 messages and hands them
  straight back (ack deadline 0), so the job receives them again at once.
- **Agent Down**: the agent's heartbeats (agent/heartbeat.py) stopped for
  `no_heartbeat_minutes`, read from a heartbeat subscription or file (`--heartbeats`); without
  heartbeats, during business hours (config, UTC), no call has ended for
  `no_sessions_minutes` (from `sessions` in the warehouse).

An open condition is a row of alerts_history with no `resolved_at`; it pages once, and is
resolved (PagerDuty too) when the condition clears.
"""

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from pipeline.alerts.model import Alert
from pipeline.alerts.sink import AlertDispatcher


@dataclass(frozen=True)
class Check:
    rule: str
    holds: bool
    value: float | None
    detail: str


def emulator_backlog(subscription: str, limit: int) -> int:
    """Messages waiting, counted up to `limit` by pulling and handing them back."""
    from google.cloud import pubsub_v1

    subscriber = pubsub_v1.SubscriberClient()
    with subscriber:
        seen: set[str] = set()
        for _ in range(5):
            response = subscriber.pull(subscription=subscription, max_messages=limit,
                                       return_immediately=True, timeout=10)
            received = response.received_messages
            if not received:
                break
            subscriber.modify_ack_deadline(subscription=subscription, ack_deadline_seconds=0,
                                           ack_ids=[m.ack_id for m in received])
            seen.update(m.message.message_id for m in received)
            if len(seen) >= limit:
                break
        return len(seen)


def monitoring_backlog(subscription: str) -> int:
    """num_undelivered_messages of the last 5 minutes, from Cloud Monitoring."""
    from google.cloud import monitoring_v3

    project, _, name = subscription.removeprefix("projects/").partition("/subscriptions/")
    now = datetime.now(UTC)
    series = monitoring_v3.MetricServiceClient().list_time_series(
        name=f"projects/{project}",
        filter='metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages" '
               f'AND resource.labels.subscription_id = "{name}"',
        interval=monitoring_v3.TimeInterval(start_time=now - timedelta(minutes=5),
                                            end_time=now),
        view=monitoring_v3.ListTimeSeriesRequest.TimeSeriesView.FULL)
    points = [p.value.int64_value for s in series for p in s.points]
    return points[0] if points else 0  # newest first


def backlog_check(subscription: str, config: dict) -> Check:
    threshold = config["operational"]["queue_backlog"]["threshold"]
    if os.environ.get("PUBSUB_EMULATOR_HOST"):
        waiting = emulator_backlog(subscription, threshold + 1)
    else:
        waiting = monitoring_backlog(subscription)
    return Check("queue_backlog", waiting > threshold, waiting,
                 f"{waiting}{'+' if waiting > threshold else ''} messages waiting in "
                 f"{subscription.rpartition('/')[2]}")


def agent_down_check(warehouse, config: dict, now: datetime) -> Check:
    settings = config["operational"]["agent_down"]
    start_hour, end_hour = settings["business_hours_utc"]
    in_hours = now.weekday() in settings["business_days"] and start_hour <= now.hour < end_hour
    since = now - timedelta(minutes=settings["no_sessions_minutes"])
    recent = warehouse.query("SELECT count(*) AS calls FROM {sessions} WHERE end_time >= ?",
                             [since])[0]["calls"]
    return Check("agent_down", in_hours and recent == 0, recent,
                 f"{recent} calls ended in the last {settings['no_sessions_minutes']} minutes"
                 + ("" if in_hours else " (outside business hours)"))


def last_heartbeat(source: str, state_file: Path) -> datetime | None:
    """The newest heartbeat: from a file the agent rewrites, or from a Pub/Sub subscription
    (pulled and acknowledged; the newest seen is kept in `state_file` between runs)."""
    if not source.startswith("projects/"):
        path = Path(source)
        return (datetime.fromisoformat(orjson.loads(path.read_bytes())["sent_at"])
                if path.exists() else None)
    from google.cloud import pubsub_v1

    seen = (datetime.fromisoformat(orjson.loads(state_file.read_bytes())["last_heartbeat"])
            if state_file.exists() else None)
    with pubsub_v1.SubscriberClient() as subscriber:
        while True:
            response = subscriber.pull(subscription=source, max_messages=100,
                                       return_immediately=True, timeout=10)
            if not response.received_messages:
                break
            for received in response.received_messages:
                sent = datetime.fromisoformat(received.message.attributes["sent_at"])
                seen = max(seen, sent) if seen else sent
            subscriber.acknowledge(subscription=source, ack_ids=[
                m.ack_id for m in response.received_messages])
    if seen:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_bytes(orjson.dumps({"last_heartbeat": seen.isoformat()}))
    return seen


def heartbeat_check(source: str, state_file: Path, config: dict, now: datetime) -> Check:
    minutes = config["operational"]["agent_down"]["no_heartbeat_minutes"]
    last = last_heartbeat(source, state_file)
    silent = last is None or now - last > timedelta(minutes=minutes)
    return Check("agent_down", silent, (now - last).total_seconds() if last else None,
                 "no heartbeat from the agent yet" if last is None else
                 f"last heartbeat {int((now - last).total_seconds())} s ago")


def open_episode(warehouse, rule: str) -> str | None:
    rows = warehouse.query("SELECT id FROM {alerts_history} WHERE rule = ? AND resolved_at "
                           "IS NULL AND alert_type = 'operational' ORDER BY triggered_at DESC",
                           [rule])
    return rows[0]["id"] if rows else None


def act_on(check: Check, dispatcher: AlertDispatcher, now: datetime) -> Alert | None:
    """Trigger a new episode, resolve an open one, or nothing."""
    settings = dispatcher.config["operational"][check.rule]
    episode = open_episode(dispatcher.warehouse, check.rule)
    if check.holds == (episode is not None):
        return None
    alert = Alert(id=episode or f"{check.rule}:{now.isoformat()}", rule=check.rule,
                  alert_type="operational", alert_name=settings["name"],
                  severity=settings["severity"],
                  message=f"{'Resolved' if episode else settings['name']}: {check.detail}",
                  triggered_at=now, context={"value": check.value, "detail": check.detail},
                  action="resolve" if episode else "trigger")
    dispatcher.dispatch(alert)
    return alert


def monitor_once(dispatcher: AlertDispatcher, subscription: str | None,
                 now: datetime | None = None, heartbeats: str | None = None,
                 state_file: Path = Path("data/monitor_state.json")) -> list[Alert]:
    now = now or datetime.now(UTC)
    checks = [heartbeat_check(heartbeats, state_file, dispatcher.config, now) if heartbeats
              else agent_down_check(dispatcher.warehouse, dispatcher.config, now)]
    if subscription:
        checks.append(backlog_check(subscription, dispatcher.config))
    return [alert for check in checks if (alert := act_on(check, dispatcher, now))]
