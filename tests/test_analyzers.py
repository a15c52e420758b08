"""Each analyzer on small hand-written records, including the traps callers set."""

import json

import pytest

from schemas.validation import parse_record
from tests.conftest import SAMPLES
from tests.records import at, make_record
from transforms import performance_config
from transforms.action_items import analyze_action_items
from transforms.analyze import analyze
from transforms.content_gaps import analyze_content_gaps
from transforms.objections import analyze_objections
from transforms.performance import analyze_performance, percentile
from transforms.quality import analyze_quality
from transforms.sales_intelligence import analyze_sales_intelligence
from transforms.sentiment import analyze_sentiment


def _sales(record):
    return analyze_sales_intelligence(record, analyze_objections(record))


@pytest.fixture(scope="module")
def hot_lead_analysis(shared_dir):
    return analyze(parse_record((shared_dir / "samples" / "sample_hot_lead.json").read_bytes()))


def test_sales_intelligence_of_the_hot_lead_sample(hot_lead_analysis) -> None:
    sales = hot_lead_analysis.sales_intelligence
    assert (sales.team_size, sales.monthly_document_volume) == (18, 130)
    assert sales.integration_needs == ["salesforce"]
    assert (sales.budget_authority, sales.decision_timeline) == ("decision_maker", "one_month")
    assert str(sales.decision_date) == "2026-02-01"  # "the first of next month", called Jan 14
    assert sales.current_tool == "pdf_email"
    assert sales.evidence["team_size"][0].quote == "Eighteen."
    assert {c.signal: c.status for c in sales.signal_checks}["team_size"] == "confirmed"


def test_agent_signals_are_checked_against_the_transcript() -> None:
    record = make_record(
        [("agent", "How many people would use it?"), ("user", "About fifty. Well, actually "
                                                              "thirty-five of us.")],
        signals={"team_size": 50, "industry": "legal", "integration_needs": ["Salesforce"]})
    checks = {c.signal: c for c in _sales(record).signal_checks}
    assert (checks["team_size"].status, checks["team_size"].analyzed) == ("corrected", 35)
    assert checks["integration_needs"].status == "unsupported"
    assert checks["monthly_volume"].status == "not_recorded"


def test_agent_listing_tools_is_not_the_callers_stack() -> None:
    record = make_record([
        ("agent", "We connect to Salesforce, HubSpot and Pipedrive, and people switch to us "
                  "from DocuSign all the time."),
        ("user", "Okay. We're a small law firm, we just use Word and email."),
    ])
    sales = _sales(record)
    assert sales.integration_needs == []
    assert sales.competitors == []
    assert sales.current_tool == "microsoft_word"
    assert sales.industry == "legal"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("Honestly it's too expensive for a team our size.", "pricing"),
        ("You don't support Xero, and that's a deal breaker for us.", "feature_gap"),
        ("Not right now, we're in busy season until May.", "timing"),
        ("We'd have to rebuild all our templates, that's the worry.", "switching_barrier"),
        ("We handle patient records, so we need a BAA for HIPAA.", "security_compliance"),
        ("I'd have to run it by my VP before anything happens.", "authority"),
        ("We're also evaluating Proposify right now.", "competitor_mention"),
        ("How do you compare to Qwilr?", "comparison_request"),
    ],
)
def test_each_objection_type_with_its_quote(caller: str, expected: str) -> None:
    record = make_record([("agent", "Any concerns?"), ("user", caller)])
    report = analyze_objections(record)
    assert expected in report.types
    found = next(o for o in report.objections if o.type == expected)
    assert found.evidence.turn_index == 1 and found.evidence.quote in caller


def test_a_competitor_left_behind_is_mentioned_but_not_in_play() -> None:
    record = make_record([("user", "We dropped docu sign last year when prices went up.")])
    report = analyze_objections(record)
    assert report.competitors == ["docusign"]
    assert "competitor_mention" not in report.types
    assert report.competitor_mentions[0].stance == "past"


def test_sentiment_follows_the_caller_not_the_cheerful_agent() -> None:
    record = make_record([
        ("agent", "Wonderful, great question, I'd love to help!"),
        ("user", "This is ridiculous. I already told you, the sync is broken and it's useless."),
        ("agent", "Fantastic, happy to help with that!"),
        ("user", "I'm frustrated. Forget it."),
    ])
    sentiment = analyze_sentiment(record)
    assert sentiment.overall == "negative" and sentiment.score < 0
    assert sentiment.emotional_tone == "frustrated"
    assert len(sentiment.frustration_indicators) >= 2


def test_enthusiastic_caller() -> None:
    record = make_record([("agent", "Here's how templates work."),
                          ("user", "Oh that's amazing, I love it. Exactly what we need!")])
    sentiment = analyze_sentiment(record)
    assert (sentiment.overall, sentiment.emotional_tone) == ("positive", "enthusiastic")


def test_quality_natural_ending_and_cut_off() -> None:
    closing = [("agent", "Anything else?"), ("user", "No, that's all, thanks. Bye!"),
               ("agent", "Bye!")]
    record = make_record(closing)
    assert analyze_quality(record, analyze_sentiment(record)).natural_ending
    cut = make_record([("agent", "How many people?"), ("user", "We have about")],
                      end_reason="participant_disconnected")
    assert not analyze_quality(cut, analyze_sentiment(cut)).natural_ending


def test_quality_counts_interruptions_questions_and_listening() -> None:
    record = make_record([
        ("agent", "PandaDoc lets you build templates and"),
        ("user", "Sorry, does it work with HubSpot?"),
        ("agent", "Got it, so you need HubSpot. Yes, there is a native integration."),
        ("user", "Great, thanks, bye."),
    ], interrupted={0})
    quality = analyze_quality(record, analyze_sentiment(record))
    assert quality.interruption_count == 1
    assert quality.question_engagement_count == 1
    assert quality.active_listening_indicators == 1
    assert 0 <= quality.talk_ratio_user <= 1 and 0 <= quality.quality_score <= 100
    assert quality.longest_monologue.role == "agent"


def test_percentiles_interpolate_like_numpy() -> None:
    values = [100.0, 200.0, 300.0, 400.0, 1000.0]
    assert percentile(values, 0.5) == 300.0
    assert percentile(values, 0.95) == pytest.approx(880.0)
    assert percentile([], 0.5) is None


def test_interrupted_and_impossible_turns_stay_out_of_percentiles() -> None:
    lines = [("agent", "Hi there."), ("user", "Hello."), ("agent", "How can I help?"),
             ("user", "Pricing."), ("agent", "Sure, pricing is"), ("user", "Thanks."),
             ("agent", "Bye.")]
    record = make_record(lines, latencies_ms=[1000, 1200, 900, 90_000], interrupted={4})
    report = analyze_performance(record)
    assert {e.turn_index for e in report.excluded_turns} == {4, 6}
    assert report.max_latency_ms == 1200 and report.p50_latency_ms == 1100
    assert report.stages["llm_ttft"].count == 2


def test_cost_uses_the_dated_price_table_and_flags_unknown_providers() -> None:
    record = make_record([("agent", "Hi."), ("user", "Hello.")])
    report = analyze_performance(record)
    llm_in, llm_out = performance_config.LLM_USD_PER_MTOK["openai/gpt-4.1-mini"]
    assert report.cost_usd_by_provider["openai/gpt-4.1-mini"] == pytest.approx(
        (1300 * llm_in + 30 * llm_out) / 1e6)
    assert report.price_table_date == performance_config.PRICES_AS_OF
    unknown = make_record([("agent", "Hi.")], providers={"llm": "acme/llm-9"})
    assert [a.metric for a in analyze_performance(unknown).anomalies] == ["llm_cost"]


def test_latency_spike_is_an_anomaly() -> None:
    lines = [("agent", "a"), ("user", "b")] * 5
    record = make_record(lines, latencies_ms=[900, 1000, 950, 8000, 1000])
    anomalies = analyze_performance(record).anomalies
    assert [(a.turn_index, a.value) for a in anomalies] == [(6, 8000)]


def _search(query: str, found: bool, sources: list[str], seconds: float) -> dict:
    return {"name": "unleash_search_knowledge", "timestamp": at(seconds), "query": query,
            "category": "integrations", "results_found": found,
            "total_results": 3 if found else 0, "top_sources": sources}


def test_content_gaps() -> None:
    record = make_record(
        [("user", "Does it integrate with Xero?"),
         ("agent", "I'm not sure about Xero, our team can confirm that for you."),
         ("user", "Okay. And the Salesforce sync, how does that work?"),
         ("agent", "It syncs opportunities both ways."),
         ("user", "Sorry, so does it integrate with Xero or not?")],
        tool_calls=[_search("Xero integration", False, [], 3),
                    _search("Salesforce sync", True, ["intercom", "help_center"], 8)])
    gaps = analyze_content_gaps(record)
    assert gaps.failed_searches == ["Xero integration"]
    assert [q.evidence.turn_index for q in gaps.unanswered_questions] == [0]
    assert [q.evidence.turn_index for q in gaps.repeated_questions] == [4]
    assert "integrations" in gaps.missing_documentation_areas
    assert [(s.source, s.searches, s.answered) for s in gaps.source_effectiveness] == [
        ("intercom", 1, 1), ("help_center", 1, 0)]


def _booking(success: bool, seconds: float) -> dict:
    return {"name": "book_sales_meeting", "timestamp": at(seconds), "customer_name": "Dana",
            "customer_email": "dana@northwind-legal.com", "preferred_date": "2026-03-05",
            "preferred_time": "10:00", "success": success,
            "error": None if success else "no availability"}


def test_action_items_with_owners_and_dates() -> None:
    record = make_record(
        [("user", "Can you book me a demo Thursday? I'll loop in my partner too."),
         ("agent", "Done. I'll send you the pricing for a team of five as well."),
         ("user", "Great, I'll export our templates by next week.")],
        tool_calls=[_booking(True, 6)])
    items = analyze_action_items(record, analyze_objections(record)).items
    by_type = {i.type: i for i in items}
    assert str(by_type["schedule_demo"].due_date) == "2026-03-05"
    assert by_type["send_pricing"].owner == "sales"
    assert by_type["loop_in_stakeholder"].owner == "caller"
    commitments = [(i.evidence.turn_index, str(i.due_date)) for i in items
                   if i.type == "user_commitment"]
    assert commitments == [(2, "2026-03-12"), (0, "None")]  # dated first: a timeline


def test_failed_booking_means_a_call_back_and_a_declined_offer_is_no_item() -> None:
    record = make_record(
        [("agent", "I'll send you our security documentation."), ("user", "No thanks."),
         ("user", "Just book me something.")], tool_calls=[_booking(False, 5)])
    types = [i.type for i in analyze_action_items(record, analyze_objections(record)).items]
    assert "follow_up_call" in types and "send_documentation" not in types


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_full_analysis_has_every_contract_path(sample) -> None:
    result = analyze(parse_record(sample.read_bytes())).model_dump(mode="json")
    summary = result["executive_summary"]
    assert 3 <= len(summary["key_takeaways"]) <= 5
    assert 0 <= result["lead_score"]["total"] <= 100
    component_sum = sum(result["lead_score"][c]["score"] for c in
                        ("demographic", "behavioral", "firmographic", "intent", "fit"))
    assert result["lead_score"]["total"] == pytest.approx(component_sum)
    json.dumps(result)


def test_outcomes_of_the_samples(shared_dir) -> None:
    outcomes = {p.stem: analyze(parse_record(p.read_bytes())).executive_summary.call_outcome
                for p in SAMPLES}
    assert outcomes["sample_hot_lead"] == "meeting_booked"
    assert outcomes["sample_support_caller"] == "support_request"
    assert outcomes["sample_dropped_call"] == "dropped"


def test_failed_booking_is_not_meeting_booked() -> None:
    record = make_record([("user", "We're a team of twelve and need proposals out asap, it's "
                                   "my call."), ("agent", "Let me book that."),
                          ("user", "Great, thanks, bye.")], tool_calls=[_booking(False, 5)])
    assert analyze(record).executive_summary.call_outcome != "meeting_booked"
