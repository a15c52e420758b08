"""Models of the analysis result: the nine reports the analyzers derive from one session.

The paths of contract README section 3 exist here with those types and taxonomy ids;
everything else is ours. Every extracted claim can carry its evidence: the turn it came from
and the words said (`Evidence`), either on the item itself or in a report's `evidence` map
keyed by field name.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.taxonomy import TaxonomyId

Score = Annotated[float, Field(ge=0, le=100)]
Ratio = Annotated[float, Field(ge=0, le=1)]

IntegrationId = TaxonomyId("integrations")
CompetitorId = TaxonomyId("competitors")
ObjectionType = TaxonomyId("objection_types")
SentimentLabel = TaxonomyId("sentiment")


class ReportModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(ReportModel):
    turn_index: int
    quote: str


class Finding(ReportModel):
    """A free-text claim (a pain point, a feature request...) with where it was said."""

    text: str
    evidence: Evidence | None = None


def _unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("ids must each appear once")
    return values


# 1. Sales intelligence ----------------------------------------------------------------------


class Stakeholder(ReportModel):
    role: str
    name: str | None = None
    evidence: Evidence | None = None


class SignalCheck(ReportModel):
    """An agent-recorded `discovered_signals` value held against the transcript."""

    signal: str
    recorded: Any
    analyzed: Any
    status: Literal["confirmed", "corrected", "unsupported", "not_recorded"]


class Bant(ReportModel):
    budget: Annotated[float, Field(ge=0, le=25)]
    authority: Annotated[float, Field(ge=0, le=25)]
    need: Annotated[float, Field(ge=0, le=25)]
    timeline: Annotated[float, Field(ge=0, le=25)]
    total: Score


class SalesIntelligence(ReportModel):
    team_size: int | None = None
    monthly_document_volume: int | None = None
    integration_needs: list[IntegrationId] = Field(default_factory=list)
    industry: TaxonomyId("industries") = "unknown"
    use_case_category: TaxonomyId("use_case_categories") = "unknown"
    current_tool: TaxonomyId("tools") = "other"
    budget_authority: TaxonomyId("budget_authority") = "unknown"
    decision_timeline: TaxonomyId("decision_timeline") = "unknown"
    decision_date: date | None = None
    location: str | None = None
    urgency: Literal["high", "medium", "low", "unknown"] = "unknown"
    competitors: list[CompetitorId] = Field(default_factory=list)
    objections: list[ObjectionType] = Field(default_factory=list)
    feature_requests: list[Finding] = Field(default_factory=list)
    buying_signals: list[Finding] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    pain_points: list[Finding] = Field(default_factory=list)
    bant: Bant
    signal_checks: list[SignalCheck] = Field(default_factory=list)
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict)

    _unique_ids = field_validator("integration_needs", "competitors", "objections")(_unique)


# 2. Lead score ------------------------------------------------------------------------------


class ScoreComponent(ReportModel):
    score: float
    max_score: float
    reasons: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _within_bounds(self) -> "ScoreComponent":
        if not 0 <= self.score <= self.max_score:
            raise ValueError(f"score {self.score} is outside 0..{self.max_score}")
        return self


class LeadScore(ReportModel):
    demographic: ScoreComponent  # 0-20
    behavioral: ScoreComponent  # 0-25
    firmographic: ScoreComponent  # 0-20
    intent: ScoreComponent  # 0-20
    fit: ScoreComponent  # 0-15
    total: Score
    confidence: Ratio
    tier: TaxonomyId("qualification_tiers")


# 3. Conversation quality --------------------------------------------------------------------


class Monologue(ReportModel):
    role: Literal["user", "agent"]
    seconds: float
    turn_index: int


class Quality(ReportModel):
    turn_balance_ratio: float
    question_engagement_count: int
    active_listening_indicators: int
    interruption_count: int
    interruption_frequency_per_minute: float
    dead_air_percentage: Annotated[float, Field(ge=0, le=100)]
    natural_ending: bool
    sentiment_start: float
    sentiment_end: float
    user_satisfaction_proxy: Score
    agent_effectiveness_score: Score
    talk_ratio_user: Ratio
    longest_monologue: Monologue | None = None
    words_per_minute: dict[Literal["user", "agent"], float] = Field(default_factory=dict)
    quality_score: Score


# 4. Sentiment -------------------------------------------------------------------------------


class SegmentSentiment(ReportModel):
    label: SentimentLabel
    score: Annotated[float, Field(ge=-1, le=1)]


class Sentiment(ReportModel):
    overall: SentimentLabel
    score: Annotated[float, Field(ge=-1, le=1)]
    by_segment: dict[Literal["opening", "middle", "close"], SegmentSentiment]
    emotional_tone: TaxonomyId("emotional_tones")
    frustration_indicators: list[Finding] = Field(default_factory=list)
    enthusiasm_markers: list[Finding] = Field(default_factory=list)
    confidence: Ratio


# 5. Objections & competitors ----------------------------------------------------------------


class Objection(ReportModel):
    type: ObjectionType
    evidence: Evidence


class CompetitorMention(ReportModel):
    competitor: CompetitorId
    stance: Literal["current", "past", "evaluating", "comparison", "hypothetical", "negated"]
    evidence: Evidence


class Objections(ReportModel):
    types: list[ObjectionType] = Field(default_factory=list)
    competitors: list[CompetitorId] = Field(default_factory=list)
    objections: list[Objection] = Field(default_factory=list)
    competitor_mentions: list[CompetitorMention] = Field(default_factory=list)
    comparison_requests: list[Finding] = Field(default_factory=list)
    switching_barriers: list[Finding] = Field(default_factory=list)

    _unique_ids = field_validator("types", "competitors")(_unique)


# 6. Performance -----------------------------------------------------------------------------


class LatencyStats(ReportModel):
    count: int
    avg_ms: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None


class TokenStats(ReportModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    avg_prompt_tokens_per_turn: float | None = None
    prompt_growth_per_turn: float | None = None


class ExcludedTurn(ReportModel):
    turn_index: int
    reason: str


class Anomaly(ReportModel):
    turn_index: int | None
    metric: str
    value: float
    detail: str


class Performance(ReportModel):
    avg_latency_ms: float | None = None
    p50_latency_ms: float | None = None
    p95_latency_ms: float | None = None
    p99_latency_ms: float | None = None
    max_latency_ms: float | None = None
    stages: dict[str, LatencyStats] = Field(default_factory=dict)
    tokens: TokenStats = Field(default_factory=TokenStats)
    cost_usd_by_provider: dict[str, float] = Field(default_factory=dict)
    cost_usd_total: float = 0.0
    price_table_date: date | None = None
    performance_score: Score
    targets_met: dict[str, bool] = Field(default_factory=dict)
    anomalies: list[Anomaly] = Field(default_factory=list)
    excluded_turns: list[ExcludedTurn] = Field(default_factory=list)


# 7. Content gaps ----------------------------------------------------------------------------


class SourceEffectiveness(ReportModel):
    source: str
    searches: int
    answered: int


class ContentGaps(ReportModel):
    failed_searches: list[str] = Field(default_factory=list)
    unanswered_questions: list[Finding] = Field(default_factory=list)
    repeated_questions: list[Finding] = Field(default_factory=list)
    missing_documentation_areas: list[str] = Field(default_factory=list)
    source_effectiveness: list[SourceEffectiveness] = Field(default_factory=list)


# 8. Action items ----------------------------------------------------------------------------


class ActionItem(ReportModel):
    type: TaxonomyId("action_item_types")
    description: str
    owner: Literal["sales", "caller", "agent"]
    due_date: date | None = None
    evidence: Evidence | None = None


class ActionItems(ReportModel):
    items: list[ActionItem] = Field(default_factory=list)


# 9. Executive summary -----------------------------------------------------------------------


class ExecutiveSummary(ReportModel):
    call_outcome: TaxonomyId("call_outcomes")
    key_takeaways: Annotated[list[str], Field(min_length=3, max_length=5)]
    risk_factors: list[str] = Field(default_factory=list)
    opportunity_summary: str
    recommended_next_action: str


class AnalysisResult(ReportModel):
    """Everything the nine analyzers say about one session."""

    session_id: str
    analyzer_version: str
    analyzed_at: datetime
    sales_intelligence: SalesIntelligence
    lead_score: LeadScore
    quality: Quality
    sentiment: Sentiment
    objections: Objections
    performance: Performance
    content_gaps: ContentGaps
    action_items: ActionItems
    executive_summary: ExecutiveSummary
