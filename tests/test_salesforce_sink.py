"""The job with the Salesforce sink against the local Salesforce org (localapis/salesforce.py,
loaded with the repo's own metadata): every field of spec 4 arrives typed, once; redelivery,
throttling, 5xx, timeouts and expired sessions change nothing; a bad record is dead-lettered
alone; SOQL values are escaped."""

import copy
import json
import math
from datetime import datetime
from pathlib import Path

import pytest

from generator import generate_items
from localapis.salesforce import SalesforceServer
from pipeline.local_run import dead_letters
from pipeline.main import run
from schemas.salesforce_fields import FIELDS_BY_NAME, PERSON_FIELDS
from schemas.salesforce_metadata import OBJECTS_DIR
from tests.conftest import SAMPLES
from tests.spec import salesforce_custom_fields, salesforce_standard_fields

CLIENT_ID, CLIENT_SECRET = "voice-analytics-test", "local-secret-for-tests"
PERSON_SECTIONS = ("4.2", "4.3", "4.4", "4.5", "4.6")
HOT_LEAD_EMAIL = "luis@sunharborsolar.com"


@pytest.fixture(scope="module")
def org_server():
    with SalesforceServer(metadata_dir=OBJECTS_DIR.parent, client_id=CLIENT_ID,
                          client_secret=CLIENT_SECRET) as server:
        yield server


@pytest.fixture
def org(org_server, monkeypatch):
    org_server.reset()
    monkeypatch.setenv("SALESFORCE_INSTANCE_URL", org_server.url)
    monkeypatch.setenv("SALESFORCE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SALESFORCE_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("SALESFORCE_CA_BUNDLE", org_server.cert_path)
    return org_server


def _job(tmp_path: Path, records: list[dict], *extra: str) -> list:
    source = tmp_path / "sessions.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    dead = tmp_path / "dead.jsonl"
    run(["--input_files", str(source), "--duckdb_path", str(tmp_path / "w.duckdb"),
         "--dead_letter_path", str(dead), "--sinks", "salesforce",
         "--outbox_dir", str(tmp_path / "outbox"), *extra])
    return dead_letters(dead) if dead.exists() else []


def _samples() -> list[dict]:
    return [json.loads(path.read_text()) for path in SAMPLES]


def _generated(count: int, seed: int = 5) -> list[dict]:
    return [json.loads(item.payload) for item in generate_items(count, seed)
            if item.label == "valid"]


def _caller_email(record: dict) -> str | None:
    """Whom a call is about: its email, else the one given when booking a meeting."""
    email = record["session"].get("user_email") or next(
        (c["customer_email"] for c in record["tool_calls"]
         if c["name"] == "book_sales_meeting" and c.get("customer_email")), None)
    return email.strip().lower() if email and email.strip() else None


def _assert_typed(name: str, value) -> None:
    spec = FIELDS_BY_NAME[name]
    if spec.type == "Number":
        assert isinstance(value, int | float), (name, value)
    elif spec.type == "Picklist":
        assert value in spec.values, (name, value)
    elif spec.type == "MultiselectPicklist":
        assert set(value.split(";")) <= set(spec.values), (name, value)
    elif spec.type == "DateTime":
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        assert isinstance(value, str) and len(value) <= (spec.length or 255), name


def test_the_org_metadata_has_every_field_of_the_spec() -> None:
    person = {f.name for f in PERSON_FIELDS}
    for section in PERSON_SECTIONS:
        assert set(salesforce_custom_fields(section)) <= person, section
    assert {f.label for f in PERSON_FIELDS} >= set(salesforce_standard_fields())
    for section in (*PERSON_SECTIONS, "4.8"):
        for name in salesforce_custom_fields(section):
            sobject = "Voice_Call__c" if section == "4.8" else "Lead"
            assert (OBJECTS_DIR / sobject / "fields" / f"{name}.field-meta.xml").exists(), name


def test_every_field_of_the_spec_arrives_typed_once_per_session(org, tmp_path) -> None:
    records = _samples() + _generated(60)
    assert _job(tmp_path, records) == []
    leads = org.records("Lead")
    emails = {_caller_email(r) for r in records} - {None}
    assert sorted(lead["Email"] for lead in leads) == sorted(emails)  # one Lead per caller
    arrived = {name for lead in leads for name, value in lead.items() if value is not None}
    for section in PERSON_SECTIONS:
        assert set(salesforce_custom_fields(section)) <= arrived, section
    for lead in leads:
        for spec in PERSON_FIELDS:
            if lead.get(spec.name) is not None:
                _assert_typed(spec.name, lead[spec.name])
    hot = next(lead for lead in leads if lead["Email"] == HOT_LEAD_EMAIL)
    assert (hot["FirstName"], hot["LastName"], hot["Qualification_Tier__c"]) == (
        "Luis", "Marquez", "tier_1")
    assert hot["Lead_Score__c"] >= 80 and "Demographic" in hot["Lead_Score_Breakdown__c"]

    calls = org.records("Voice_Call__c")
    assert sorted(c["Session_Id__c"] for c in calls) == sorted(
        r["session"]["session_id"] for r in records)
    lead_ids = {lead["Id"] for lead in leads}
    for call in calls:
        for name in salesforce_custom_fields("4.8"):
            if name != "Related_To__c":
                assert call.get(name) is not None, (name, call["Session_Id__c"])
                _assert_typed(name, call[name])
        assert call.get("Related_To__c") in lead_ids | {None}
        json.loads(call["Metrics_JSON__c"])

    tasks = org.records("Task")
    with_caller = [r for r in records if _caller_email(r)]
    assert sorted(t["Voice_Session_Id__c"] for t in tasks) == sorted(
        r["session"]["session_id"] for r in with_caller)
    hot_task = next(t for t in tasks if t["WhoId"] == hot["Id"])
    assert hot_task["Subject"] == "Follow up on voice trial call - Luis Marquez"
    assert hot_task["Priority"] == "High" and hot_task["Status"] == "Not Started"
    assert hot_task["ActivityDate"] and "Outcome: meeting booked" in hot_task["Description"]


def test_a_redelivered_session_changes_nothing(org, tmp_path) -> None:
    records = _samples()
    _job(tmp_path, records)
    before = {name: org.records(name) for name in ("Lead", "Task", "Voice_Call__c")}
    _job(tmp_path, records + [copy.deepcopy(records[0])])
    for name, rows in before.items():
        after = org.records(name)
        assert [r["Id"] for r in after] == [r["Id"] for r in rows], name


def test_a_known_contact_is_updated_instead_of_a_lead(org, tmp_path) -> None:
    contact = org.insert("Contact", {"LastName": "Marquez", "Email": HOT_LEAD_EMAIL.upper()})
    _job(tmp_path, _samples())
    assert HOT_LEAD_EMAIL not in {lead["Email"] for lead in org.records("Lead")}
    stored = next(c for c in org.records("Contact") if c["Id"] == contact)
    assert stored["Qualification_Tier__c"] == "tier_1"
    assert any(t["WhoId"] == contact for t in org.records("Task"))


def test_throttling_5xx_and_expired_sessions_lose_nothing(org, tmp_path) -> None:
    org.fail_next(1, "request_limit")
    org.fail_next(1, "server_error")
    org.fail_next(1, "expire_session")  # refreshed and sent again, not counted as a retry
    org.fail_next(1, "internal_error")
    records = _samples()
    assert _job(tmp_path, records) == []
    assert len(org.records("Voice_Call__c")) == len(records)
    assert (len(org.records("Lead")), len(org.records("Task"))) == (3, 3)
    statuses = [r["status"] for r in org.requests]
    assert [statuses.count(code) for code in (403, 503, 401, 500)] == [1, 1, 1, 1]
    tokens = [r for r in org.requests if r["path"].endswith("/oauth2/token")]
    assert len(tokens) == 2  # the expired session was refreshed once


def test_a_write_that_timed_out_but_happened_is_not_repeated(org, tmp_path) -> None:
    org.fail_next(1, "pass")  # the lookups
    org.fail_next(1, "timeout", delay=1.5)  # creating the Leads: written after we gave up
    records = _samples()
    assert _job(tmp_path, records, "--salesforce_timeout_seconds", "0.5") == []
    assert (len(org.records("Lead")), len(org.records("Task"))) == (3, 3)
    assert len(org.records("Voice_Call__c")) == len(records)


def test_a_permanently_bad_record_is_dead_lettered_and_the_rest_land(org, tmp_path) -> None:
    records = _samples()
    org.add_validation_rule("Voice_Call__c", "Transcript__c", "SunHarbor",
                            "Transcripts may not name customers")
    letters = _job(tmp_path, records)
    assert [(letter.step, letter.session_id) for letter in letters] == [
        ("WriteSalesforce", "vt-2026-01-14-5e0a7b31")]
    assert "FIELD_CUSTOM_VALIDATION_EXCEPTION" in letters[0].error
    assert "Transcripts may not name customers" in letters[0].error
    assert json.loads(letters[0].data)["session"]["session_id"] == "vt-2026-01-14-5e0a7b31"
    assert len(org.records("Voice_Call__c")) == len(records) - 1


def test_emails_in_queries_are_escaped(org, tmp_path) -> None:
    other = org.insert("Lead", {"LastName": "Other", "Company": "Other Co",
                                "Email": "other@example.com"})
    quoted = org.insert("Lead", {"LastName": "O'Brien", "Company": "Quote Co",
                                 "Email": "o'brien@example.com"})
    records = _samples()[:2]
    records[0]["session"]["user_email"] = "x' OR Name != '"
    records[1]["session"]["user_email"] = "o'brien@example.com"
    letters = _job(tmp_path, records)
    leads = {lead["Id"]: lead for lead in org.records("Lead")}
    assert leads[other].get("Lead_Score__c") is None  # the injection matched nothing
    assert leads[quoted].get("Lead_Score__c") is not None  # the quoted email matched itself
    assert [letter.session_id for letter in letters] == [records[0]["session"]["session_id"]]
    assert "INVALID_EMAIL_ADDRESS" in letters[0].error
    assert "brien" not in letters[0].error and "@" not in letters[0].error  # no PII in errors


def test_a_long_transcript_is_truncated_with_a_marker_and_the_url(org, tmp_path) -> None:
    record = _samples()[1]
    for turn in record["transcript"][:6]:
        turn["text"] = "word " * 6_000  # 30,000 characters a turn, 180,000 in all
    assert _job(tmp_path, [record]) == []
    call = org.records("Voice_Call__c")[0]
    limit = FIELDS_BY_NAME["Transcript__c"].length
    assert len(call["Transcript__c"]) <= limit
    assert call["Transcript__c"].endswith(f"the whole: {call['Transcript_URL__c']}]")
    assert record["session"]["session_id"] in call["Transcript_URL__c"]


def test_batches_keep_salesforce_calls_per_session_low(org, tmp_path) -> None:
    records = _generated(250, seed=9)
    assert _job(tmp_path, records) == []
    batches = math.ceil(len(records) / 200)
    assert org.api_calls <= 3 * batches
    assert len(org.records("Voice_Call__c")) == len(records)


def test_without_credentials_the_outbox_holds_the_composite_requests(tmp_path,
                                                                    monkeypatch) -> None:
    for name in ("SALESFORCE_INSTANCE_URL", "SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    _job(tmp_path, _samples())
    requests = [json.loads(line) for line in
                (tmp_path / "outbox" / "salesforce.jsonl").read_text().splitlines()]
    assert [r["url"] for r in requests] == ["/services/data/v59.0/composite"] * 3
    urls = [sub["url"] for r in requests for sub in r["body"]["compositeRequest"]]
    assert any(url.endswith("/composite/sobjects/Voice_Call__c/Session_Id__c") for url in urls)


def test_tasks_go_to_the_owner_routing_names(org, tmp_path) -> None:
    alex = next(u["Id"] for u in org.records("User") if u["Name"] == "Alex Rivera")
    routing = json.loads(Path("pipeline/salesforce/routing.json").read_text())
    routing["owners"]["tier_1"]["north_america"] = {"name": "Alex (AE)", "owner_id": alex}
    path = tmp_path / "routing.json"
    path.write_text(json.dumps(routing))
    assert _job(tmp_path, _samples(), "--salesforce_routing", str(path)) == []
    hot = next(lead for lead in org.records("Lead") if lead["Email"] == HOT_LEAD_EMAIL)
    assert hot["Recommended_Owner__c"] == "Alex (AE)"
    owners = {t["WhoId"]: t["OwnerId"] for t in org.records("Task")}
    assert owners[hot["Id"]] == alex
    assert {o for who, o in owners.items() if who != hot["Id"]} != {alex}
