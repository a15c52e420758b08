"""The sinks' pure parts: field fitting, routing, features discussed, event ids, pacing,
redaction."""

import json
from datetime import date

import pytest

from pipeline.amplitude.events import all_events, identify_event
from pipeline.amplitude.pacing import UserPacer
from pipeline.redact import redact_pii
from pipeline.rows import StoredSession
from pipeline.salesforce.payloads import fit, truncate
from pipeline.salesforce.routing import Routing, add_business_days
from schemas.validation import parse_record
from tests.conftest import SAMPLES
from tests.records import make_record
from transforms.analyze import analyze
from transforms.features import features_discussed


def test_truncated_text_fits_and_says_where_the_whole_is() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("x" * 500, 120, "https://looker/x?id=1")
    assert len(cut) == 120
    assert cut.endswith("of 500 characters; the whole: https://looker/x?id=1]")
    shown = int(cut.split("[truncated: ")[1].split(" ")[0])
    assert cut.startswith("x" * shown) and not cut.startswith("x" * (shown + 1))


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("Qualification_Tier__c", "tier_1", "tier_1"),
    ("Qualification_Tier__c", "tier_9", None),  # not a value of the org's picklist
    ("Integration_Needs__c", ["salesforce", "made_up", "hubspot"], "salesforce;hubspot"),
    ("Integration_Needs__c", [], None),
    ("Lead_Score__c", 87.349, 87.3),
    ("Team_Size__c", 12.6, 13),
    ("Team_Size__c", 10**12, 999_999_999),  # clamped to the field's precision
    ("Current_Solution__c", "y" * 300, None),
])
def test_values_are_fitted_to_the_field(field, value, expected) -> None:
    fitted = fit(field, value)
    if field == "Current_Solution__c":
        assert len(fitted) == 255 and "[truncated" in fitted
    else:
        assert fitted == expected


@pytest.mark.parametrize(("location", "territory"), [
    ("London, UK", "emea"), ("Sydney office", "apac"), ("Austin, Texas", "north_america"),
    ("somewhere", "north_america"), (None, "north_america"), ("Busan", "north_america"),
])
def test_territory_from_the_callers_location(location, territory) -> None:
    assert Routing.load().territory(location) == territory


def test_assignment_by_tier() -> None:
    routing = Routing.load()
    assert routing.assign("tier_1", "Berlin").owner_name == "Account Executive - EMEA"
    assert routing.assign("tier_1", "Berlin").priority == "High"
    assert routing.assign("tier_3", None).priority == "Low"


def test_business_days_skip_weekends() -> None:
    friday = date(2026, 11, 27)
    assert add_business_days(friday, 1) == date(2026, 11, 30)
    assert add_business_days(friday, 5) == date(2026, 12, 4)


def test_features_discussed_and_how_interested() -> None:
    record = make_record([
        ("agent", "PandaDoc has a content library and e-signatures built in."),
        ("user", "We really need templates for our quotes."),
        ("user", "We don't have a CRM, though."),
        ("user", "Does it work on the iPad?"),
    ])
    found = {f.feature_name: f for f in features_discussed(record)}
    assert found["templates"].interest_level == "high"
    assert "need templates" in found["templates"].context
    assert found["content_library"].interest_level == "low"  # only the agent said it
    assert found["mobile_app"].interest_level == "medium"
    assert "crm_integration" not in found  # negated


def test_event_ids_are_deterministic_and_unique() -> None:
    record = parse_record(SAMPLES[1].read_bytes())
    stored = StoredSession(record, analyze(record), {"email": "x@y.com", "total_calls": 2,
                                                    "latest_session_id": record.session_id})
    first, again = all_events(stored), all_events(StoredSession(record, analyze(record),
                                                                stored.lead))
    ids = [e["insert_id"] for e in first]
    assert ids == [e["insert_id"] for e in again]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith(record.session_id + ":") for i in ids)
    assert identify_event(StoredSession(record, stored.analysis, None)) is None
    assert identify_event(stored)["user_properties"]["$set"]["total_calls"] == 2


def test_pacer_keeps_a_user_within_the_rate() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = UserPacer(3, window=1.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        assert pacer.has_room("a")
        pacer.add("a")
    assert not pacer.has_room("a") and pacer.has_room("b")
    pacer.sent()
    now[0] += 0.25
    pacer.wait_for_room("a")
    assert slept == [pytest.approx(0.75)] and pacer.has_room("a")


def test_personal_data_is_redacted_from_error_text() -> None:
    text = "invalid email address: Ann.Lee+x@acme.co.uk; phone (512) 555-0199; length=32768"
    assert redact_pii(text) == "invalid email address: <email>; phone <phone>; length=32768"
    assert json.loads(json.dumps(redact_pii("2026-01-14T10:00:00Z"))) == "2026-01-14T10:00:00Z"
