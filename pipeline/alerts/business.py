"""Business alerts of one call (spec 7.3, Slack #sales, real time): Hot Lead Detected,
Meeting Booked, Competitor Mentioned, each saying who called, their company signals, score,
summary and a link to the call.

Pure functions. What callers said reaches Slack only as plain text (`plain_text` blocks, and a
notification text with Slack's control characters escaped), so a transcript cannot mention
`<!channel>` or inject links and markup.
"""

from datetime import UTC, datetime, timedelta

from pipeline.alerts.model import Alert
from pipeline.rows import StoredSession
from pipeline.salesforce.payloads import caller_email, caller_name


def slack_escape(text: str) -> str:
    """Text for a Slack mrkdwn field: &, < and > as Slack requires, so nothing is a mention,
    a link or a channel."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text[:2900] or " ", "emoji": False}


def _who(stored: StoredSession) -> str:
    name, email = caller_name(stored), caller_email(stored)
    if name and email:
        return f"{name} <{email}>"
    return name or email or f"anonymous caller ({stored.record.session.participant_id})"


def _signals(stored: StoredSession) -> str:
    sales = stored.analysis.sales_intelligence
    parts = []
    if sales.team_size:
        parts.append(f"team of {sales.team_size}")
    if sales.monthly_document_volume:
        parts.append(f"{sales.monthly_document_volume} documents a month")
    if sales.industry not in ("unknown", "other"):
        parts.append(sales.industry.replace("_", " "))
    if sales.integration_needs:
        parts.append("needs " + ", ".join(sales.integration_needs))
    if sales.current_tool not in ("other", "none"):
        parts.append(f"uses {sales.current_tool.replace('_', ' ')} today")
    if sales.decision_timeline != "unknown":
        parts.append(f"deciding: {sales.decision_timeline.replace('_', ' ')}")
    return "; ".join(parts) or "no company signals heard"


def _alert(stored: StoredSession, rule: str, name: str, headline: str, detail: str,
           call_url: str, context: dict) -> Alert:
    analysis = stored.analysis
    score, tier = analysis.lead_score.total, analysis.lead_score.tier
    summary = analysis.executive_summary
    lines = [headline, f"Who: {_who(stored)}", f"Company: {_signals(stored)}",
             f"Score: {score:g} ({tier.replace('_', ' ')})", detail,
             f"Summary: {summary.opportunity_summary} Next: {summary.recommended_next_action}",
             f"Call: {call_url}"]
    lines = [line for line in lines if line]
    blocks = [{"type": "header", "text": _plain(f"{name}: {headline}"[:150])},
              {"type": "section", "text": _plain("\n".join(lines[1:-1]))},
              {"type": "section", "text": {"type": "mrkdwn",
                                           "text": f"<{slack_escape(call_url)}|Open the call>"}}]
    return Alert(
        id=f"{rule}:{stored.session_id}", rule=rule, alert_type="business", alert_name=name,
        severity="business_critical", message=slack_escape("\n".join(lines)),
        triggered_at=stored.record.session.end_time.astimezone(UTC),
        context={"score": score, "tier": tier, "call_url": call_url, **context},
        session_id=stored.session_id, blocks=blocks)


def business_alerts(stored: StoredSession, config: dict,
                    now: datetime | None = None) -> list[Alert]:
    """The #sales alerts one call raises. Calls that ended longer ago than the config's
    `max_age_hours` (a backfill) raise none: sales act on calls, not history."""
    rules, delivery = config["business"], config["delivery"]
    ended = stored.record.session.end_time
    max_age = timedelta(hours=delivery.get("business_max_age_hours", 24))
    if (now or datetime.now(UTC)) - ended > max_age:
        return []
    url = delivery["call_url_template"].format(session_id=stored.session_id)
    analysis, alerts = stored.analysis, []
    score = analysis.lead_score.total
    if score > rules["hot_lead"]["score_above"]:
        alerts.append(_alert(stored, "hot_lead", rules["hot_lead"]["name"],
                             f"lead score {score:g}", "", url, {}))
    booked = [b for b in stored.record.bookings() if b.success]
    if booked:
        when = " ".join(filter(None, [booked[0].preferred_date and
                                      booked[0].preferred_date.isoformat(),
                                      booked[0].preferred_time]))
        alerts.append(_alert(stored, "meeting_booked", rules["meeting_booked"]["name"],
                             "a meeting was booked", f"Meeting: {when or 'time to confirm'}",
                             url, {"meeting": when}))
    mentions = analysis.objections.competitor_mentions
    competitors = list(dict.fromkeys(m.competitor for m in mentions if m.stance != "negated"))
    if competitors:
        said = "; ".join(f"{m.competitor} ({m.stance}): \"{m.evidence.quote}\""
                         for m in mentions if m.competitor in competitors)[:600]
        alerts.append(_alert(stored, "competitor_mentioned",
                             rules["competitor_mentioned"]["name"],
                             f"{', '.join(competitors)} came up", f"Said: {said}", url,
                             {"competitors": competitors}))
    return alerts
