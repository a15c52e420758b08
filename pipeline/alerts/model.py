"""An alert: what happened, how bad, for whom, and the figures behind it.

Its `id` is stable for the same condition: `<rule>:<session_id>` for a call's alert (sent once
per call, also on redelivery), `<rule>:<episode start>` for an operational condition (one row
per episode, resolved when it clears), `<rule>:<period>` for a digest. That id keys
`alerts_history`.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

AlertType = Literal["operational", "business", "quality", "executive"]
Severity = Literal["P1", "P2", "P3", "business_critical", "executive"]
Action = Literal["trigger", "resolve"]


@dataclass(frozen=True)
class Alert:
    id: str
    rule: str  # the config key, e.g. "hot_lead"; PagerDuty's dedup_key for a condition
    alert_type: AlertType
    alert_name: str  # the spec's name, e.g. "Hot Lead Detected"
    severity: Severity
    message: str  # plain text, what a person reads
    triggered_at: datetime
    context: dict[str, Any] = field(default_factory=dict)
    session_id: str | None = None
    action: Action = "trigger"
    subject: str | None = None  # email subject
    html: str | None = None  # email HTML part; `message` is its plain-text part
    blocks: list[dict] | None = None  # Slack blocks; `message` is the notification text
