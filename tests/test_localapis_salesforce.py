"""The local Salesforce server (localapis/salesforce.py) answers as a real org does: OAuth,
SOQL with real quoting, per-record collection errors from the deployed metadata, composite
references and rollbacks, limits and injected failures. Clients: plain `requests` and
`simple_salesforce.Salesforce(instance_url=..., session_id=..., session=...)`."""

import time
from pathlib import Path

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
)
from simple_salesforce.format import format_soql

from localapis.salesforce import SalesforceServer

V = "/services/data/v59.0"
NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'


def _field(folder: Path, name: str, body: str) -> None:
    (folder / "fields").mkdir(parents=True, exist_ok=True)
    (folder / "fields" / f"{name}.field-meta.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CustomField {NS}>\n'
        f"<fullName>{name}</fullName>\n{body}\n</CustomField>\n")


def _picklist(values: list[str]) -> str:
    items = "".join(f"<value><fullName>{v}</fullName><default>false</default>"
                    f"<label>{v.replace('_', ' ').title()}</label></value>" for v in values)
    return (f"<valueSet><restricted>true</restricted><valueSetDefinition>{items}"
            "</valueSetDefinition></valueSet>")


@pytest.fixture(scope="module")
def metadata(tmp_path_factory) -> Path:
    """A small DX source tree: custom Lead, Activity (Task) fields and a Voice_Call__c object."""
    root = tmp_path_factory.mktemp("force-app")
    lead = root / "objects" / "Lead"
    _field(lead, "Pain_Points__c", "<label>Pain Points</label><type>LongTextArea</type>"
           "<length>32768</length><visibleLines>5</visibleLines>")
    _field(lead, "Qualification_Tier__c", "<label>Qualification Tier</label><type>Picklist</type>"
           + _picklist(["tier_1", "tier_2", "tier_3"]))
    _field(lead, "Lead_Score__c", "<label>Lead Score</label><type>Number</type>"
           "<precision>5</precision><scale>2</scale>")
    _field(lead, "Voice_Session_Id__c", "<label>Voice Session Id</label><type>Text</type>"
           "<length>64</length><externalId>true</externalId><unique>true</unique>")
    _field(lead, "Last_Call_At__c", "<label>Last Call At</label><type>DateTime</type>")
    _field(root / "objects" / "Activity", "Voice_Session_Id__c",
           "<label>Voice Session Id</label><type>Text</type><length>64</length>")
    call = root / "objects" / "Voice_Call__c"
    call.mkdir(parents=True)
    (call / "Voice_Call__c.object-meta.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject {NS}>\n<label>Voice Call</label>'
        "<pluralLabel>Voice Calls</pluralLabel><enableActivities>true</enableActivities>"
        "<nameField><label>Call Number</label><type>AutoNumber</type>"
        "<displayFormat>VC-{000000}</displayFormat></nameField>"
        "<deploymentStatus>Deployed</deploymentStatus><sharingModel>ReadWrite</sharingModel>"
        "</CustomObject>\n")
    _field(call, "Session_Id__c", "<label>Session Id</label><type>Text</type><length>64</length>"
           "<externalId>true</externalId><unique>true</unique><required>true</required>")
    _field(call, "Lead__c", "<label>Lead</label><type>Lookup</type><referenceTo>Lead</referenceTo>"
           "<relationshipName>Voice_Calls</relationshipName><deleteConstraint>SetNull"
           "</deleteConstraint>")
    _field(call, "Topics__c", "<label>Topics</label><type>MultiselectPicklist</type>"
           "<visibleLines>4</visibleLines>" + _picklist(["pricing", "integrations", "security"]))
    _field(call, "Call_Date__c", "<label>Call Date</label><type>Date</type>")
    return root


@pytest.fixture(scope="module")
def _server(metadata):
    with SalesforceServer(metadata_dir=metadata) as server:
        yield server


@pytest.fixture
def server(_server):
    _server.reset()
    return _server


@pytest.fixture
def http(server) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override verify
    session.verify = server.cert_path
    session.headers["Authorization"] = f"Bearer {server.issue_token()}"
    yield session
    session.close()


@pytest.fixture
def sf(server, http) -> Salesforce:
    return Salesforce(instance_url=server.url, session_id=server.issue_token(), session=http,
                      version="59.0")


def _lead(**fields) -> dict:
    return {"attributes": {"type": "Lead"}, "LastName": "Doe", "Company": "Acme", **fields}


def _create(sf: Salesforce, *records: dict, all_or_none: bool = False) -> list[dict]:
    return sf.restful("composite/sobjects", method="POST",
                      json={"allOrNone": all_or_none, "records": list(records)})


# ---- OAuth, sessions, limits -----------------------------------------------------------

def test_client_credentials_token_and_its_errors(server):
    session = requests.Session()
    session.trust_env = False
    url = f"{server.url}/services/oauth2/token"
    good = {"grant_type": "client_credentials", "client_id": "local-client-id",
            "client_secret": "local-client-secret"}
    token = session.post(url, data=good, verify=server.cert_path)
    assert token.status_code == 200
    body = token.json()
    assert body["instance_url"] == server.url and body["token_type"] == "Bearer"
    assert {"access_token", "id", "issued_at", "signature"} <= body.keys()
    wrong = session.post(url, data={**good, "client_secret": "nope"}, verify=server.cert_path)
    assert (wrong.status_code, wrong.json()) == (400, {
        "error": "invalid_client", "error_description": "invalid client credentials"})
    grant = session.post(url, data={**good, "grant_type": "password"}, verify=server.cert_path)
    assert grant.json()["error"] == "unsupported_grant_type"
    query = session.get(f"{server.url}{V}/query", params={"q": "SELECT Id FROM Lead"},
                        headers={"Authorization": f"Bearer {body['access_token']}"},
                        verify=server.cert_path)
    assert query.status_code == 200 and query.json()["totalSize"] == 0
    assert server.api_calls == 1  # token requests are not API calls
    assert all(r["body"].get("client_secret") in (None, "***") for r in server.requests
               if r["path"].endswith("/token"))


def test_missing_or_unknown_token_is_401_and_usage_header_counts(server, http):
    bare = requests.get(f"{server.url}{V}/query", params={"q": "SELECT Id FROM Lead"},
                        verify=server.cert_path)
    assert bare.status_code == 401
    assert bare.json() == [{"message": "Session expired or invalid",
                            "errorCode": "INVALID_SESSION_ID"}]
    ok = http.get(f"{server.url}{V}/limits")
    assert ok.headers["Sforce-Limit-Info"] == "api-usage=2/15000"
    assert ok.json()["DailyApiRequests"]["Max"] == 15000
    assert [r["status"] for r in server.requests] == [401, 200]


def test_faults_fail_before_anything_is_written(server, sf):
    server.fail_next(1, "request_limit")
    with pytest.raises(SalesforceRefusedRequest) as refused:
        _create(sf, _lead())
    assert refused.value.content[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    server.fail_next(1, "server_error")
    server.fail_next(1, "internal_error")
    with pytest.raises(SalesforceGeneralError) as unavailable:
        _create(sf, _lead())
    assert unavailable.value.status == 503
    with pytest.raises(SalesforceGeneralError) as internal:
        _create(sf, _lead())
    assert internal.value.content[0]["errorCode"] == "UNKNOWN_EXCEPTION"
    assert server.records("Lead") == []
    assert _create(sf, _lead())[0]["success"]
    assert server.api_calls == 4


def test_expired_session_until_a_new_token(server, sf):
    server.fail_next(1, "expire_session")
    with pytest.raises(SalesforceExpiredSession):
        sf.query("SELECT Id FROM Lead")
    with pytest.raises(SalesforceExpiredSession):
        sf.query("SELECT Id FROM Lead")
    fresh = Salesforce(instance_url=server.url, session_id=server.issue_token(),
                       session=sf.session, version="59.0")
    assert fresh.query("SELECT Id FROM Lead")["totalSize"] == 0


def test_timed_out_write_still_happens(server, http):
    server.fail_next(1, "timeout", delay=0.4)
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.post(f"{server.url}{V}/composite/sobjects", json={"records": [_lead()]},
                  timeout=0.15)
    deadline = time.monotonic() + 3
    while not server.records("Lead") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(server.records("Lead")) == 1


def test_daily_limit_is_enforced(server, http):
    server.api_limit = 2
    try:
        assert http.get(f"{server.url}{V}/limits").status_code == 200
        assert http.get(f"{server.url}{V}/limits").status_code == 200
        over = http.get(f"{server.url}{V}/limits")
        assert over.status_code == 403 and over.json()[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    finally:
        server.api_limit = 15000


# ---- SOQL ----------------------------------------------------------------------------------

def test_query_filters_sorts_and_compares_emails_case_insensitively(server, sf):
    for last, email, score in (("Ames", "Ann@Example.com", 10), ("Baker", "bob@example.com", 90),
                               ("Cole", None, 50)):
        server.insert("Lead", {"LastName": last, "Company": "Acme", "Email": email,
                               "Lead_Score__c": score})
    result = sf.query(format_soql("SELECT Id, LastName, Email FROM Lead WHERE Email IN {} "
                                  "ORDER BY LastName DESC", ["ANN@example.COM", "bob@EXAMPLE.com"]))
    assert [r["LastName"] for r in result["records"]] == ["Baker", "Ames"]
    record = result["records"][1]
    assert record["attributes"] == {"type": "Lead", "url": f"{V}/sobjects/Lead/{record['Id']}"}
    assert record["Email"] == "ann@example.com"  # Salesforce saves emails in lower case
    assert len(record["Id"]) == 18 and record["Id"].startswith("00Q")
    others = sf.query("SELECT LastName FROM Lead WHERE Email != 'ann@example.com' "
                      "AND Lead_Score__c >= 50 ORDER BY Lead_Score__c LIMIT 1")
    assert [r["LastName"] for r in others["records"]] == ["Cole"]
    assert sf.query("SELECT COUNT() FROM Lead WHERE Email = null")["totalSize"] == 1
    assert sf.query("select lastname from lead where IsConverted = false")["totalSize"] == 3


def test_quoting_keeps_an_injection_inside_its_literal(server, sf):
    server.insert("Lead", {"LastName": "Doe", "Company": "Acme"})
    hostile = "x' OR Name != '"
    escaped = format_soql("SELECT Id FROM Lead WHERE LastName = {}", hostile)
    assert sf.query(escaped)["totalSize"] == 0
    server.insert("Lead", {"LastName": hostile, "Company": "Acme"})
    assert sf.query(escaped)["totalSize"] == 1
    unescaped = f"SELECT Id FROM Lead WHERE LastName = '{hostile}'"
    assert sf.query(unescaped)["totalSize"] == 2  # the injection widened the filter
    with pytest.raises(SalesforceMalformedRequest) as mixed:
        sf.query(f"SELECT Id FROM Lead WHERE Company = 'Acme' AND LastName = '{hostile}'")
    assert mixed.value.content[0]["errorCode"] == "MALFORMED_QUERY"
    escapes = "tab\there, quote\" back\\slash, 50%_off"
    server.insert("Lead", {"LastName": escapes, "Company": "Acme"})
    assert sf.query(format_soql("SELECT Id FROM Lead WHERE LastName = {}",
                                escapes))["totalSize"] == 1


@pytest.mark.parametrize(("soql", "code"), [
    ("SELECT Id FROM Lead WHERE", "MALFORMED_QUERY"),
    ("SELECT Id FROM Lead WHERE LastName = 'open", "MALFORMED_QUERY"),
    ("SELECT Id, Nope__c FROM Lead", "INVALID_FIELD"),
    ("SELECT Id FROM Lead WHERE Owner.Name = 'x'", "INVALID_FIELD"),
    ("SELECT Id FROM Nope__c", "INVALID_TYPE"),
    ("SELECT Id FROM Lead WHERE IsConverted = 'false'", "INVALID_QUERY_FILTER_OPERATOR"),
    ("SELECT Id FROM Lead WHERE Id = 'abc'", "INVALID_QUERY_FILTER_OPERATOR"),
])
def test_bad_soql_is_400_with_the_real_error_code(sf, soql, code):
    with pytest.raises(SalesforceMalformedRequest) as error:
        sf.query(soql)
    assert error.value.status == 400
    assert error.value.content[0]["errorCode"] == code


def test_large_results_page_through_next_records_url(server, sf):
    for n in range(2100):
        server.insert("Lead", {"LastName": f"L{n:04d}", "Company": "Acme"})
    first = sf.query("SELECT Id FROM Lead")
    assert first["totalSize"] == 2100 and not first["done"]
    assert first["nextRecordsUrl"].startswith(f"{V}/query/")
    assert len(sf.query_all("SELECT Id FROM Lead")["records"]) == 2100


# ---- sObject Collections and validation ---------------------------------------------------

def test_collection_create_reports_each_record_and_keeps_the_valid_ones(server, sf):
    results = _create(
        sf, _lead(Email="ok@example.com"), _lead(Pain_Points__c="x" * 32769),
        _lead(Qualification_Tier__c="tier_9"), _lead(Nope__c=1), {"attributes": {"type": "Lead"},
                                                                    "Company": "Acme"},
        _lead(Email="not-an-email"), _lead(Lead_Score__c=1234.5), _lead(Lead_Score__c="high"),
        _lead(Last_Call_At__c="yesterday"), _lead(IsConverted=True))
    assert results[0] == {"id": results[0]["id"], "success": True, "errors": []}
    codes = [r["errors"][0]["statusCode"] for r in results[1:]]
    assert codes == ["STRING_TOO_LONG", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                     "INVALID_FIELD", "REQUIRED_FIELD_MISSING", "INVALID_EMAIL_ADDRESS",
                     "NUMBER_OUTSIDE_VALID_RANGE", "INVALID_TYPE_ON_FIELD_IN_RECORD",
                     "INVALID_TYPE_ON_FIELD_IN_RECORD", "INVALID_FIELD_FOR_INSERT_UPDATE"]
    too_long = results[1]["errors"][0]
    assert too_long["fields"] == ["Pain_Points__c"]
    assert too_long["message"].startswith("Pain Points: data value too large: ")
    assert too_long["message"].endswith("(max length=32768)")
    assert results[2]["errors"][0]["message"] == \
        "Qualification Tier: bad value for restricted picklist field: tier_9"
    assert results[3]["errors"][0]["message"] == "No such column 'Nope__c' on sobject of type Lead"
    assert results[4]["errors"][0]["message"] == "Required fields are missing: [LastName]"
    [stored] = server.records("Lead")
    assert stored["Id"] == results[0]["id"] and stored["Status"] == "Open - Not Contacted"
    assert stored["IsConverted"] is False and stored["Name"] == "Doe"
    assert stored["LastModifiedDate"].endswith("+0000")


def test_all_or_none_rolls_everything_back(server, sf):
    results = _create(sf, _lead(), _lead(Email="bad"), all_or_none=True)
    assert results[0]["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    assert results[1]["errors"][0]["statusCode"] == "INVALID_EMAIL_ADDRESS"
    assert server.records("Lead") == []


def test_more_than_200_records_fail_the_whole_request(server, http):
    response = http.post(f"{server.url}{V}/composite/sobjects",
                         json={"records": [_lead() for _ in range(201)]})
    assert response.status_code == 400
    assert response.json() == [{"message": "Maximum number of records is 200",
                                "errorCode": "EXCEEDED_ID_LIMIT"}]
    assert server.records("Lead") == []


def test_update_by_id_nulls_clear_and_unknown_ids_fail(server, sf):
    lead_id = server.insert("Lead", {"LastName": "Doe", "Company": "Acme", "Title": "CTO"})
    ghost = server.insert("Lead", {"LastName": "Ghost", "Company": "Acme"})
    sf.Lead.delete(ghost)
    results = sf.restful("composite/sobjects", method="PATCH", json={"records": [
        {"attributes": {"type": "Lead"}, "Id": lead_id, "Title": None, "FirstName": "Jo"},
        {"attributes": {"type": "Lead"}, "Id": ghost, "Title": "x"},
        {"attributes": {"type": "Lead"}, "Id": "00Q5g0000099999AAA", "Title": "x"},
        {"attributes": {"type": "Lead"}, "Title": "x"}]})
    assert results[0] == {"id": lead_id, "success": True, "errors": []}
    assert [r["errors"][0]["statusCode"] for r in results[1:]] == [
        "ENTITY_IS_DELETED", "MALFORMED_ID", "MISSING_ARGUMENT"]
    row = sf.Lead.get(lead_id)
    assert row["Title"] is None and row["Name"] == "Jo Doe"


def test_upsert_by_external_id(server, sf):
    def upsert(*records):
        return sf.restful("composite/sobjects/Lead/Voice_Session_Id__c", method="PATCH",
                          json={"allOrNone": False, "records": list(records)})

    first = upsert(_lead(Voice_Session_Id__c="s-1"), _lead(Voice_Session_Id__c="s-2"))
    assert [r["created"] for r in first] == [True, True]
    again = upsert(_lead(Voice_Session_Id__c="S-1", Title="VP"))
    assert again[0]["created"] is False and again[0]["id"] == first[0]["id"]
    assert len(server.records("Lead")) == 2
    dupes = upsert(_lead(Voice_Session_Id__c="s-3"), _lead(Voice_Session_Id__c="s-3"))
    assert {r["errors"][0]["statusCode"] for r in dupes} == {"DUPLICATE_EXTERNAL_ID"}
    with pytest.raises(SalesforceMalformedRequest) as not_external:
        sf.restful("composite/sobjects/Lead/Email", method="PATCH", json={"records": [_lead()]})
    assert not_external.value.content[0]["errorCode"] == "INVALID_FIELD"
    assert sf.Lead.upsert("Voice_Session_Id__c/s-9", {"LastName": "X", "Company": "Y"}) == 201


def test_unique_fields_and_validation_rules(server, sf):
    server.add_validation_rule("Lead", "Title", "Intern", "Interns can't be leads")
    results = _create(sf, _lead(Voice_Session_Id__c="dup"), _lead(Voice_Session_Id__c="DUP"),
                      _lead(Title="Summer Intern"))
    assert results[0]["success"]
    assert results[1]["errors"][0]["statusCode"] == "DUPLICATE_VALUE"
    assert results[2]["errors"][0] == {"statusCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                                       "message": "Interns can't be leads", "fields": ["Title"]}


def test_custom_object_tasks_and_references(server, sf):
    lead_id = server.insert("Lead", {"LastName": "Doe", "Company": "Acme"})
    calls = _create(sf, {"attributes": {"type": "Voice_Call__c"}, "Session_Id__c": "s-1",
                         "Lead__c": lead_id, "Topics__c": "pricing;security",
                         "Call_Date__c": "2026-11-24"},
                    {"attributes": {"type": "Voice_Call__c"}, "Session_Id__c": "s-2",
                     "Topics__c": "pricing;weather"},
                    {"attributes": {"type": "Voice_Call__c"}, "Session_Id__c": "s-3",
                     "Call_Date__c": "2026-13-01"})
    assert calls[0]["success"] and calls[0]["id"].startswith("a0B")
    assert [c["errors"][0]["statusCode"] for c in calls[1:]] == [
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "INVALID_TYPE_ON_FIELD_IN_RECORD"]
    assert server.records("Voice_Call__c")[0]["Name"] == "VC-000001"
    tasks = _create(sf, {"attributes": {"type": "Task"}, "Subject": "Call", "WhoId": lead_id,
                         "WhatId": calls[0]["id"], "Voice_Session_Id__c": "s-1",
                         "ActivityDate": "2026-11-25"},
                    {"attributes": {"type": "Task"}, "Subject": "Call", "Priority": "Urgent"},
                    {"attributes": {"type": "Task"}, "Subject": "Call", "WhoId": calls[0]["id"]})
    assert tasks[0]["success"]
    assert [t["errors"][0]["statusCode"] for t in tasks[1:]] == [
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "FIELD_INTEGRITY_EXCEPTION"]
    [task] = server.records("Task")
    assert (task["Status"], task["Priority"], task["Voice_Session_Id__c"]) == (
        "Not Started", "Normal", "s-1")
    described = {f["name"]: f for f in sf.Voice_Call__c.describe()["fields"]}
    assert described["Session_Id__c"]["externalId"] is True
    assert [v["value"] for v in described["Topics__c"]["picklistValues"]] == [
        "pricing", "integrations", "security"]


# ---- Composite --------------------------------------------------------------------------------

def test_composite_references_count_as_one_call(server, sf):
    server.insert("Contact", {"LastName": "Known", "Email": "known@example.com"})
    body = {"allOrNone": False, "compositeRequest": [
        {"method": "GET", "referenceId": "found",
         "url": f"{V}/query?q=" + requests.utils.quote(
             "SELECT Id FROM Contact WHERE Email = 'KNOWN@example.com'")},
        {"method": "POST", "referenceId": "leads", "url": f"{V}/composite/sobjects",
         "body": {"records": [_lead(Email="new@example.com")]}},
        {"method": "POST", "referenceId": "task", "url": f"{V}/sobjects/Task",
         "body": {"Subject": "Call", "WhoId": "@{found.records[0].Id}"}},
        {"method": "PATCH", "referenceId": "touch", "url": f"{V}/sobjects/Lead/@{{leads[0].id}}",
         "body": {"Title": "CEO"}}]}
    response = sf.restful("composite", method="POST", json=body)["compositeResponse"]
    assert [r["httpStatusCode"] for r in response] == [200, 200, 201, 204]
    assert response[2]["httpHeaders"]["Location"].startswith(f"{V}/sobjects/Task/00T")
    assert server.records("Task")[0]["WhoId"] == response[0]["body"]["records"][0]["Id"]
    assert server.records("Lead")[0]["Title"] == "CEO"
    assert server.api_calls == 1


def test_composite_failures_halt_dependents_or_roll_back(server, sf):
    def composite(all_or_none):
        return sf.restful("composite", method="POST", json={
            "allOrNone": all_or_none, "compositeRequest": [
                {"method": "POST", "referenceId": "good", "url": f"{V}/sobjects/Lead",
                 "body": {"LastName": "A", "Company": "B"}},
                {"method": "POST", "referenceId": "bad", "url": f"{V}/sobjects/Lead",
                 "body": {"LastName": "A", "Company": "B", "Email": "nope"}},
                {"method": "POST", "referenceId": "task", "url": f"{V}/sobjects/Task",
                 "body": {"Subject": "Call", "WhoId": "@{bad.id}"}}]})["compositeResponse"]

    partial = composite(False)
    assert [r["httpStatusCode"] for r in partial] == [201, 400, 400]
    assert partial[1]["body"][0]["errorCode"] == "INVALID_EMAIL_ADDRESS"
    assert partial[2]["body"][0]["errorCode"] == "PROCESSING_HALTED"
    assert "No value for bad.id found in bad" in partial[2]["body"][0]["message"]
    assert len(server.records("Lead")) == 1
    server.reset()
    rolled = composite(True)
    assert [r["httpStatusCode"] for r in rolled] == [400, 400, 400]
    assert rolled[0]["body"][0]["errorCode"] == "PROCESSING_HALTED"
    assert rolled[1]["body"][0]["errorCode"] == "INVALID_EMAIL_ADDRESS"
    assert server.records("Lead") == []


def test_composite_limits(server, http):
    def post(subrequests):
        return http.post(f"{server.url}{V}/composite",
                         json={"compositeRequest": subrequests})

    query = {"method": "GET", "url": f"{V}/query?q=SELECT+Id+FROM+Lead"}
    six = post([{**query, "referenceId": f"q{n}"} for n in range(6)])
    assert six.status_code == 400
    many = post([{"method": "GET", "url": f"{V}/sobjects/Lead/describe", "referenceId": f"d{n}"}
                 for n in range(26)])
    assert many.status_code == 400
    five = post([{**query, "referenceId": f"q{n}"} for n in range(5)])
    assert five.status_code == 200 and len(five.json()["compositeResponse"]) == 5
