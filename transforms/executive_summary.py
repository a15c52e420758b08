"""Executive summary: the call's outcome, 3-5 takeaways, risks, the opportunity and the next
best action, built only from the other eight reports.
"""

from schemas.analysis import (
    ActionItems,
    ContentGaps,
    ExecutiveSummary,
    LeadScore,
    Objections,
    Performance,
    Quality,
    SalesIntelligence,
    Sentiment,
)
from schemas.session_record import SessionRecord
from transforms.call_kind import call_kind

SLOW_P95_MS = 3000.0


def analyze_executive_summary(
    record: SessionRecord, sales: SalesIntelligence, lead: LeadScore, quality: Quality,
    sentiment: Sentiment, objections: Objections, performance: Performance,
    gaps: ContentGaps, actions: ActionItems,
) -> ExecutiveSummary:
    outcome = _outcome(record, sales, lead, actions)
    risks = _risks(record, sales, sentiment, objections, performance, gaps)
    takeaways = _takeaways(outcome, sales, lead, sentiment, objections, gaps, quality)
    return ExecutiveSummary(
        call_outcome=outcome,
        key_takeaways=takeaways,
        risk_factors=risks,
        opportunity_summary=_opportunity(sales, lead),
        recommended_next_action=_next_action(outcome, sales, lead, objections, actions),
    )


def _outcome(record: SessionRecord, sales: SalesIntelligence, lead: LeadScore,
             actions: ActionItems) -> str:
    if any(b.success for b in record.bookings()):
        return "meeting_booked"
    kind = call_kind(record)
    if kind != "sales":
        return kind
    concrete_next_step = any(a.type in {"schedule_demo", "follow_up_call", "send_pricing",
                                        "send_documentation", "trial_setup"} for a in actions.items)
    not_now = sales.decision_timeline in {"later"} or {"timing", "pricing"} & set(sales.objections)
    if lead.tier == "tier_1" or (lead.tier == "tier_2" and concrete_next_step and not not_now):
        return "qualified_follow_up"
    if lead.tier == "tier_3" and not concrete_next_step and sales.use_case_category == "unknown":
        return "unqualified"
    return "nurture"


def _describe_team(sales: SalesIntelligence) -> str:
    parts = []
    if sales.team_size:
        parts.append(f"{sales.team_size}-person")
    if sales.industry not in {"unknown", "other"}:
        parts.append(sales.industry.replace("_", " "))
    parts.append("team" if sales.team_size else "caller")
    return " ".join(parts)


def _takeaways(outcome, sales, lead, sentiment, objections, gaps, quality) -> list[str]:
    """Outcome, who and what they need, up to two details, and how the call felt: 3-5."""
    need = [sales.use_case_category.replace("_", " ")] if sales.use_case_category not in {
        "unknown", "other"} else []
    if sales.monthly_document_volume:
        need.append(f"about {sales.monthly_document_volume} documents a month")
    if need or sales.team_size or sales.industry not in {"unknown", "other"}:
        who = f"{_describe_team(sales).capitalize()}" + (
            f" needing {', '.join(need)}." if need else ".")
    else:
        who = "The caller shared no company details."
    details = []
    if objections.types:
        details.append(f"Objections: {', '.join(t.replace('_', ' ') for t in objections.types)}.")
    if sales.integration_needs or sales.current_tool not in {"none", "other"}:
        integrations = ", ".join(sales.integration_needs)
        details.append(f"Uses {sales.current_tool.replace('_', ' ')} today"
                       f"{'; needs ' + integrations if integrations else ''}.")
    if sales.pain_points:
        details.append(f'Pain: "{sales.pain_points[0].text}"')
    if gaps.failed_searches:
        details.append(f"Knowledge base had no answer for: {', '.join(gaps.failed_searches[:2])}.")
    return [
        f"Outcome: {outcome.replace('_', ' ')}; lead {lead.tier.replace('_', ' ')} "
        f"scoring {lead.total:g}/100.",
        who,
        *details[:2],
        f"Caller sentiment {sentiment.overall} ({sentiment.emotional_tone}); "
        f"call quality {quality.quality_score:g}/100.",
    ]


def _risks(record, sales, sentiment, objections, performance, gaps) -> list[str]:
    risks = []
    in_play = [m.competitor for m in objections.competitor_mentions
               if m.stance in {"current", "evaluating", "comparison"}]
    if in_play:
        risks.append(f"Competitor in play: {', '.join(dict.fromkeys(in_play))}")
    for objection in objections.types:
        if objection not in {"competitor_mention", "comparison_request"}:
            risks.append(f"{objection.replace('_', ' ').capitalize()} objection")
    if sales.budget_authority == "no_authority":
        risks.append("Caller does not decide")
    if sentiment.overall == "negative":
        risks.append(f"Negative caller sentiment ({sentiment.emotional_tone})")
    if any(not b.success for b in record.bookings()):
        risks.append("Meeting booking failed")
    if performance.p95_latency_ms and performance.p95_latency_ms > SLOW_P95_MS:
        risks.append(f"Slow agent: p95 latency {performance.p95_latency_ms:g} ms")
    if gaps.unanswered_questions:
        risks.append(f"{len(gaps.unanswered_questions)} question(s) left unanswered")
    return risks


def _opportunity(sales: SalesIntelligence, lead: LeadScore) -> str:
    parts = [_describe_team(sales)]
    if sales.monthly_document_volume:
        parts.append(f"~{sales.monthly_document_volume} docs/month")
    if sales.use_case_category not in {"unknown", "other"}:
        parts.append(sales.use_case_category.replace("_", " "))
    if sales.integration_needs:
        parts.append("integrations: " + ", ".join(sales.integration_needs))
    parts.append(f"timeline {sales.decision_timeline.replace('_', ' ')}")
    parts.append(f"authority {sales.budget_authority.replace('_', ' ')}")
    return f"{lead.tier.replace('_', ' ').capitalize()}: " + "; ".join(parts) + "."


def _next_action(outcome, sales, lead, objections, actions) -> str:
    if outcome == "meeting_booked":
        demo = next((a for a in actions.items if a.type == "schedule_demo"), None)
        when = f" on {demo.due_date}" if demo and demo.due_date else ""
        return f"Prepare the meeting{when}: tailor the demo to {_describe_team(sales)}."
    if outcome == "support_request":
        return "Route to support; no sales follow-up."
    if outcome in {"unqualified", "dropped"}:
        return "No sales action." if outcome == "unqualified" else \
            "Call back if contact details are known."
    if "pricing" in objections.types:
        return "Send pricing options (annual, smaller plan) and follow up in a week."
    if "authority" in objections.types or sales.budget_authority == "no_authority":
        return "Offer a call that includes the decision maker."
    if outcome == "qualified_follow_up":
        return "Call within one business day to book a meeting."
    return "Add to nurture: check back when their timeline firms up."
