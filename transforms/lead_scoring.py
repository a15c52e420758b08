"""Lead scoring: five components with their reasons, a weighted 0-100 total, a confidence,
and a tier. Weights and thresholds live in `scoring_config`.
"""

from schemas.analysis import LeadScore, Quality, SalesIntelligence, ScoreComponent, Sentiment
from schemas.session_record import SessionRecord
from transforms import scoring_config as config
from transforms.call_kind import call_kind
from transforms.conversation import conversation

_KEY_FIELDS = ("team_size", "monthly_document_volume", "industry", "use_case_category",
               "budget_authority", "decision_timeline", "current_tool")


def _component(name: str, parts: list[tuple[float, str]]) -> ScoreComponent:
    maximum = config.COMPONENT_MAX[name]
    score = max(0.0, min(float(maximum), sum(points for points, _ in parts)))
    return ScoreComponent(score=score, max_score=maximum,
                          reasons=[f"{reason} ({points:+g})" for points, reason in parts if points])


def analyze_lead_score(record: SessionRecord, sales: SalesIntelligence, quality: Quality,
                       sentiment: Sentiment) -> LeadScore:
    kind = call_kind(record)
    components = {
        "demographic": _component("demographic", _demographic(record, sales)),
        "behavioral": _component("behavioral", _behavioral(record, sales, quality)),
        "firmographic": _component("firmographic", _firmographic(sales)),
        "intent": _component("intent", _intent(sales, sentiment)),
        "fit": _component("fit", _fit(sales, kind)),
    }
    weighted = sum(config.WEIGHTS[n] * c.score for n, c in components.items())
    possible = sum(config.WEIGHTS[n] * config.COMPONENT_MAX[n] for n in components)
    total = round(100 * weighted / possible, 1)
    return LeadScore(**components, total=total, confidence=_confidence(record, sales),
                     tier=_tier(total, sales, kind))


def _demographic(record: SessionRecord, sales: SalesIntelligence) -> list[tuple[float, str]]:
    session = record.session
    email = (session.user_email or "").lower()
    domain = email.rpartition("@")[2]
    return [
        (5, "email known") if email else (0, ""),
        (3, "name known") if session.user_name else (0, ""),
        (4, f"business email domain {domain}") if domain and domain not in
        config.FREE_EMAIL_DOMAINS else (0, ""),
        (config.AUTHORITY_DEMOGRAPHIC_POINTS[sales.budget_authority],
         f"budget authority: {sales.budget_authority}"),
    ]


def _behavioral(record: SessionRecord, sales: SalesIntelligence,
                quality: Quality) -> list[tuple[float, str]]:
    conv = conversation(record)
    bookings = record.bookings()
    booked = any(b.success for b in bookings)
    return [
        (10, "booked a meeting") if booked else (6, "tried to book a meeting") if bookings
        else (0, ""),
        (6, f"{conv.caller_words} words from the caller") if conv.caller_words >= 150 else
        (3, f"{conv.caller_words} words from the caller") if conv.caller_words >= 60 else (0, ""),
        (min(4, 2 * quality.question_engagement_count),
         f"{quality.question_engagement_count} questions asked"),
        (3, "call over three minutes") if conv.duration_seconds >= 180 else (0, ""),
        (min(2, len(sales.buying_signals)), f"{len(sales.buying_signals)} buying signals"),
    ]


def _firmographic(sales: SalesIntelligence) -> list[tuple[float, str]]:
    parts: list[tuple[float, str]] = []
    if sales.team_size is None:
        parts.append((config.UNKNOWN_TEAM_SIZE_POINTS, "team size unknown"))
    else:
        points = next(p for minimum, p in config.TEAM_SIZE_POINTS if sales.team_size >= minimum)
        parts.append((points, f"team of {sales.team_size}"))
    volume = sales.monthly_document_volume
    if volume is not None:
        points = next((p for minimum, p in config.VOLUME_POINTS if volume >= minimum), 0)
        parts.append((points, f"{volume} documents a month"))
    if sales.industry in config.TARGET_INDUSTRIES:
        parts.append((2, f"target industry {sales.industry}"))
    return parts


def _intent(sales: SalesIntelligence, sentiment: Sentiment) -> list[tuple[float, str]]:
    return [
        (config.TIMELINE_INTENT_POINTS[sales.decision_timeline],
         f"timeline {sales.decision_timeline}"),
        (min(4, 2 * len(sales.pain_points)), f"{len(sales.pain_points)} pain points"),
        (min(6, 3 * len(sales.buying_signals)), f"{len(sales.buying_signals)} buying signals"),
        (2, "positive caller") if sentiment.overall == "positive" else (0, ""),
        (-4, "price objection") if "pricing" in sales.objections else (0, ""),
    ]


def _fit(sales: SalesIntelligence, kind: str) -> list[tuple[float, str]]:
    if kind != "sales":
        return [(0, f"not a sales conversation: {kind}")]
    use_case_points = 6 if sales.use_case_category in config.CORE_USE_CASES else 4 if \
        sales.use_case_category not in {"unknown", "other"} else 0
    blockers = {"feature_gap", "security_compliance"} & set(sales.objections)
    return [
        (use_case_points, f"use case {sales.use_case_category}"),
        (4, f"integrations we support: {', '.join(sales.integration_needs)}")
        if sales.integration_needs else (0, ""),
        (5, "no fit blockers") if not blockers else (1, f"to resolve: {', '.join(blockers)}"),
    ]


def _tier(total: float, sales: SalesIntelligence, kind: str) -> str:
    if kind in config.NOT_A_LEAD:
        return "tier_3"
    if config.COLD_OBJECTIONS & set(sales.objections) and (
            sales.decision_timeline not in config.NEAR_TIMELINES):
        return "tier_3"
    if (total >= config.TIER_1_MIN_SCORE and sales.budget_authority in config.TIER_1_AUTHORITY
            and sales.decision_timeline in config.TIER_1_TIMELINES):
        return "tier_1"
    if total >= config.TIER_2_MIN_SCORE:
        return "tier_2"
    return "tier_3"


def _confidence(record: SessionRecord, sales: SalesIntelligence) -> float:
    known = sum(1 for f in _KEY_FIELDS if getattr(sales, f) not in (None, "unknown", "other"))
    stt = [t.stt_confidence for t in record.transcript if t.stt_confidence is not None]
    hearing = sum(stt) / len(stt) if stt else 0.9
    return round((0.3 + 0.7 * known / len(_KEY_FIELDS)) * hearing, 3)
