"""Salesforce records of one stored session: Lead/Contact fields, Voice_Call__c and the Task.

Pure functions. Every value is fitted to its field as `schemas/salesforce_fields.py` defines
it: text cut to the field's length with a marker saying so, numbers rounded to its scale,
taxonomy ids mapped onto its restricted picklist values (a value the org does not know is
left out rather than failing the record).
"""

from datetime import UTC, date, datetime
from typing import Any

import orjson

from pipeline.rows import StoredSession, engagement_score, transcript_text
from pipeline.salesforce.routing import Assignment, Routing, add_business_days
from schemas.analysis import AnalysisResult, Finding
from schemas.salesforce_fields import FIELDS_BY_NAME, LEAD_SOURCE, STANDARD_TEXT_LIMITS

Fields = dict[str, Any]
TRUNCATED = "\n[truncated: {shown} of {total} characters{where}]"
FREE_MAIL = frozenset({"gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com",
                       "live.com", "icloud.com", "me.com", "aol.com", "proton.me",
                       "protonmail.com", "gmx.com", "mail.com", "yandex.com"})
MAX_QUOTES = 5


def truncate(text: str, limit: int, url: str | None = None) -> str:
    """`text` within `limit` characters; a cut one ends with a marker (and where the whole is)."""
    if len(text) <= limit:
        return text
    where = f"; the whole: {url}" if url else ""

    def marker(shown: int) -> str:
        return TRUNCATED.format(shown=shown, total=len(text), where=where)

    shown = limit - len(marker(limit))
    shown = limit - len(marker(shown))  # the count shown may have fewer digits than `limit`
    return text[:shown] + marker(shown)


def fit(name: str, value: Any, url: str | None = None) -> Any:
    """`value` as field `name` accepts it, or None where it has no such value."""
    if value is None:
        return None
    spec = FIELDS_BY_NAME.get(name)
    if spec is None:
        limit = STANDARD_TEXT_LIMITS.get(name)
        return truncate(value, limit) if limit and isinstance(value, str) else value
    if spec.type == "Picklist":
        return value if value in spec.values else None
    if spec.type == "MultiselectPicklist":
        return ";".join(v for v in value if v in spec.values) or None
    if spec.type == "Number":
        limit = 10 ** (spec.precision - spec.scale) - 1
        number = min(max(float(value), -limit), limit)
        return round(number, spec.scale) if spec.scale else int(round(number))
    if spec.type in ("Text", "LongTextArea"):
        return truncate(value, spec.length, url)
    return value


def _fitted(fields: Fields, url: str | None = None) -> Fields:
    """Fitted values; unknown ones left out, so a call that did not mention team size does
    not erase the size an earlier call found."""
    fitted = {name: fit(name, value, url) for name, value in fields.items()}
    return {name: value for name, value in fitted.items() if value is not None}


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _lines(findings: list[Finding]) -> str | None:
    return "\n".join(f"- {f.text}" for f in findings) or None


def _breakdown(analysis: AnalysisResult) -> str:
    score = analysis.lead_score
    parts = [("Demographic", score.demographic), ("Behavioral", score.behavioral),
             ("Firmographic", score.firmographic), ("Intent", score.intent), ("Fit", score.fit)]
    lines = [f"{name} {c.score:g}/{c.max_score:g}: {'; '.join(c.reasons) or '-'}"
             for name, c in parts]
    lines.append(f"Total {score.total:g}/100, confidence {score.confidence:.0%}")
    return "\n".join(lines)


def _key_quotes(analysis: AnalysisResult) -> str | None:
    """The caller's words behind buying signals, objections and pain points, first said first."""
    sales, objections = analysis.sales_intelligence, analysis.objections
    evidence = [f.evidence for f in sales.buying_signals + sales.pain_points
                + sales.feature_requests if f.evidence]
    evidence += [o.evidence for o in objections.objections]
    seen, quotes = set(), []
    for item in sorted(evidence, key=lambda e: e.turn_index):
        if item.turn_index not in seen and len(item.quote.split()) >= 3:
            seen.add(item.turn_index)
            quotes.append(f'"{item.quote}" (turn {item.turn_index})')
    return "\n".join(quotes[:MAX_QUOTES]) or None


def _current_solution(stored: StoredSession) -> str | None:
    current = [m.competitor for m in stored.analysis.objections.competitor_mentions
               if m.stance == "current"]
    said = stored.record.discovered_signals.current_tool
    if current:
        return ", ".join(dict.fromkeys(current))
    return said or stored.analysis.sales_intelligence.current_tool


def person_fields(stored: StoredSession, assignment: Assignment) -> Fields:
    """Spec 4.1 to 4.6, for the caller's Lead or Contact."""
    record, analysis = stored.record, stored.analysis
    sales, summary = analysis.sales_intelligence, analysis.executive_summary
    use_case = record.discovered_signals.use_case
    return _fitted({
        "Lead_Score__c": analysis.lead_score.total,
        "Lead_Score_Breakdown__c": _breakdown(analysis),
        "Qualification_Tier__c": analysis.lead_score.tier,
        "Last_Call_Date__c": _timestamp(record.session.start_time),
        "Call_Duration__c": record.session.duration_seconds,
        "Engagement_Score__c": engagement_score(analysis),
        "Team_Size__c": sales.team_size,
        "Monthly_Document_Volume__c": sales.monthly_document_volume,
        "Integration_Needs__c": sales.integration_needs,
        "Industry_Vertical__c": sales.industry,
        "Decision_Timeline__c": sales.decision_timeline,
        "Budget_Authority__c": sales.budget_authority,
        "Current_Tool__c": sales.current_tool,
        "Urgency_Level__c": sales.urgency,
        "Pain_Points__c": _lines(sales.pain_points),
        "Use_Cases__c": sales.use_case_category + (f": {use_case}" if use_case else ""),
        "Feature_Requests__c": _lines(sales.feature_requests),
        "Competitor_Mentioned__c": analysis.objections.competitors,
        "Current_Solution__c": _current_solution(stored),
        "Switching_Barriers__c": _lines(analysis.objections.switching_barriers),
        "Objections_Raised__c": analysis.objections.types,
        "Buying_Signals__c": _lines(sales.buying_signals),
        "Stakeholders_Mentioned__c": "\n".join(
            f"- {s.role}" + (f" ({s.name})" if s.name else "") for s in sales.stakeholders)
        or None,
        "Key_Quotes__c": _key_quotes(analysis),
        "Call_Sentiment__c": analysis.sentiment.overall,
        "Next_Best_Action__c": summary.recommended_next_action,
        "Follow_Up_Priority__c": assignment.priority,
        "Recommended_Owner__c": assignment.owner_name,
    })


def caller_email(stored: StoredSession) -> str | None:
    """Whom the call is about: the session's email, else the one given to book a meeting."""
    email = stored.record.session.user_email
    if not email:
        email = next((b.customer_email for b in stored.record.bookings() if b.customer_email),
                     None)
    return email.strip().lower() if email and email.strip() else None


def caller_name(stored: StoredSession) -> str | None:
    name = stored.record.session.user_name
    if not name:
        name = next((b.customer_name for b in stored.record.bookings() if b.customer_name), None)
    return name.strip() if name and name.strip() else None


def new_lead_fields(stored: StoredSession, email: str) -> Fields:
    """A Lead's required and identifying fields: name, company (the email's domain unless it
    is a free mail provider) and where it came from."""
    name = caller_name(stored) or email.split("@")[0]
    first, _, last = name.rpartition(" ")
    domain = email.rpartition("@")[2]
    company = domain if domain and domain not in FREE_MAIL else "[not provided]"
    return _fitted({"FirstName": first or None, "LastName": last or name, "Email": email,
                    "Company": company, "LeadSource": LEAD_SOURCE})


def voice_call_fields(stored: StoredSession, related_to: str | None,
                      transcript_url: str) -> Fields:
    """Spec 4.8: the call itself, keyed by Session_Id__c."""
    record, analysis = stored.record, stored.analysis
    perf, quality = analysis.performance, analysis.quality
    metrics = {
        "avg_latency_ms": perf.avg_latency_ms, "p50_latency_ms": perf.p50_latency_ms,
        "p95_latency_ms": perf.p95_latency_ms, "p99_latency_ms": perf.p99_latency_ms,
        "max_latency_ms": perf.max_latency_ms, "total_tokens": perf.tokens.total_tokens,
        "cost_usd": perf.cost_usd_total, "performance_score": perf.performance_score,
        "quality_score": quality.quality_score, "turn_count": len(record.transcript),
        "interruption_count": quality.interruption_count,
        "dead_air_percentage": quality.dead_air_percentage,
        "sentiment": analysis.sentiment.overall, "lead_score": analysis.lead_score.total,
    }
    return _fitted({
        "Session_Id__c": record.session_id,
        "Transcript__c": transcript_text(record),
        "Call_Summary__c": summary_text(analysis),
        "Transcript_URL__c": transcript_url,
        "Quality_Score__c": quality.quality_score,
        "Call_Date__c": _timestamp(record.session.start_time),
        "Duration_Minutes__c": record.session.duration_seconds / 60,
        "Related_To__c": related_to,
        "Metrics_JSON__c": orjson.dumps(metrics).decode(),
    }, url=transcript_url)


def summary_text(analysis: AnalysisResult) -> str:
    summary = analysis.executive_summary
    lines = [f"Outcome: {summary.call_outcome.replace('_', ' ')}", "",
             *[f"- {t}" for t in summary.key_takeaways], "",
             f"Opportunity: {summary.opportunity_summary}"]
    if summary.risk_factors:
        lines += ["Risks:", *[f"- {r}" for r in summary.risk_factors]]
    lines.append(f"Recommended next action: {summary.recommended_next_action}")
    return "\n".join(lines)


def due_date(stored: StoredSession, assignment: Assignment) -> date:
    """The earliest date sales promised on the call, else the tier's business days after it."""
    promised = [i.due_date for i in stored.analysis.action_items.items
                if i.owner == "sales" and i.due_date]
    if promised:
        return min(promised)
    return add_business_days(stored.record.session.start_time.astimezone(UTC).date(),
                             assignment.due_in_business_days)


def task_fields(stored: StoredSession, who_id: str, assignment: Assignment,
                lead_name: str) -> Fields:
    """Spec 4.7: one follow-up Task per call, findable by Voice_Session_Id__c."""
    analysis = stored.analysis
    steps = [f"- {i.description}" + (f" (by {i.due_date})" if i.due_date else "")
             for i in analysis.action_items.items if i.owner == "sales"]
    description = summary_text(analysis) + ("\n\nNext steps:\n" + "\n".join(steps)
                                             if steps else "")
    fields = {
        "Subject": f"Follow up on voice trial call - {lead_name}",
        "Description": description,
        "ActivityDate": due_date(stored, assignment).isoformat(),
        "Priority": assignment.priority,
        "Status": "Not Started",
        "WhoId": who_id,
        "Voice_Session_Id__c": stored.session_id,
    }
    if assignment.owner_id:
        fields["OwnerId"] = assignment.owner_id
    return _fitted(fields)


def assignment_for(stored: StoredSession, routing: Routing) -> Assignment:
    return routing.assign(stored.analysis.lead_score.tier,
                          stored.analysis.sales_intelligence.location
                          or stored.record.discovered_signals.location)
