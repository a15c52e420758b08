"""The analysis result models carry the contract's paths, typed, with taxonomy ids only."""

import pytest
from pydantic import ValidationError

from cli.evaluate import value_at
from schemas.analysis import AnalysisResult, ExecutiveSummary, LeadScore, ScoreComponent
from tests.conftest import CONTRACT_PATHS


def _component(score: float, max_score: float) -> dict:
    return {"score": score, "max_score": max_score, "reasons": ["because"]}


def _result() -> dict:
    segment = {"label": "positive", "score": 0.4}
    return {
        "session_id": "vt-1", "analyzer_version": "1.0.0", "analyzed_at": "2026-01-14T18:00:00Z",
        "sales_intelligence": {
            "team_size": 18, "monthly_document_volume": 130, "integration_needs": ["salesforce"],
            "industry": "other", "use_case_category": "contracts", "current_tool": "pdf_email",
            "budget_authority": "decision_maker", "decision_timeline": "one_month",
            "bant": {"budget": 10, "authority": 25, "need": 20, "timeline": 20, "total": 75},
            "evidence": {"team_size": [{"turn_index": 7, "quote": "Eighteen."}]},
        },
        "lead_score": {"demographic": _component(15, 20), "behavioral": _component(20, 25),
                       "firmographic": _component(12, 20), "intent": _component(18, 20),
                       "fit": _component(12, 15), "total": 77, "confidence": 0.8,
                       "tier": "tier_1"},
        "quality": {"turn_balance_ratio": 0.8, "question_engagement_count": 4,
                    "active_listening_indicators": 2, "interruption_count": 0,
                    "interruption_frequency_per_minute": 0, "dead_air_percentage": 12.5,
                    "natural_ending": True, "sentiment_start": 0.1, "sentiment_end": 0.6,
                    "user_satisfaction_proxy": 80, "agent_effectiveness_score": 85,
                    "talk_ratio_user": 0.45, "quality_score": 82},
        "sentiment": {"overall": "positive", "score": 0.5, "emotional_tone": "enthusiastic",
                      "by_segment": {"opening": segment, "middle": segment, "close": segment},
                      "confidence": 0.7},
        "objections": {"types": ["timing"], "competitors": ["docusign"]},
        "performance": {"p95_latency_ms": 4100.0, "performance_score": 70},
        "content_gaps": {"failed_searches": ["HIPAA BAA"]},
        "action_items": {"items": [{"type": "schedule_demo", "description": "Thursday 10:00",
                                    "owner": "sales", "due_date": "2026-01-15"}]},
        "executive_summary": {"call_outcome": "meeting_booked",
                              "key_takeaways": ["a", "b", "c"],
                              "opportunity_summary": "18 seats", "recommended_next_action": "x"},
    }


def test_every_contract_path_exists_with_its_value() -> None:
    dumped = AnalysisResult.model_validate(_result()).model_dump(mode="json")
    for path in CONTRACT_PATHS:
        value_at(dumped, path)  # KeyError names a missing path
    assert value_at(dumped, "action_items.items[].type") == ["schedule_demo"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("sales_intelligence", "industry"), "solar"),
        (("sales_intelligence", "current_tool"), "unknown"),
        (("sales_intelligence", "integration_needs"), ["salesforce", "salesforce"]),
        (("objections", "types"), ["price"]),
        (("lead_score", "tier"), "hot"),
        (("lead_score", "confidence"), 1.5),
        (("executive_summary", "key_takeaways"), ["only one"]),
        (("executive_summary", "call_outcome"), "booked"),
        (("sentiment", "score"), -2),
    ],
)
def test_values_outside_the_taxonomy_or_range_are_rejected(path, value) -> None:
    result = _result()
    result[path[0]][path[1]] = value
    with pytest.raises(ValidationError) as caught:
        AnalysisResult.model_validate(result)
    assert caught.value.errors()[0]["loc"][:2] == path


def test_component_score_cannot_exceed_its_maximum() -> None:
    with pytest.raises(ValidationError, match="outside 0..20"):
        ScoreComponent(score=21, max_score=20)
    assert LeadScore.model_fields["fit"].annotation is ScoreComponent
    with pytest.raises(ValidationError):
        ExecutiveSummary(call_outcome="nurture", key_takeaways=list("abcdef"),
                         opportunity_summary="", recommended_next_action="")
