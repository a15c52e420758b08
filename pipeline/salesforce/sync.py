"""Sync a batch of sessions (up to 200) to Salesforce in three composite calls.

1. Look up: the callers' Contacts and open Leads by email, and the Tasks already made for
   these sessions (by Voice_Session_Id__c), three SOQL queries in one call. Every value in a
   query goes through `format_soql`, which quotes and escapes it.
2. People: update each caller's Contact if one exists, else their Lead, else create a Lead;
   one record per email however many of its calls the batch holds (the newest call's fields).
3. Calls and tasks: upsert Voice_Call__c on Session_Id__c, and create the follow-up Task for
   each session that has none yet.

Every write is an sObject Collections request with allOrNone false, and each record's result
is checked: a record Salesforce refuses fails only its own sessions. Running the whole sync
again is safe (it looks up again first), which is what a retry does; that is why a write that
timed out but happened does not create a second Lead or Task.
"""

from dataclasses import dataclass
from urllib.parse import quote

from simple_salesforce.format import format_soql

from pipeline.redact import redact_pii
from pipeline.rows import StoredSession
from pipeline.salesforce.client import (
    DATA_PATH,
    TRANSIENT_ERROR_CODES,
    CompositeApi,
    PermanentSalesforceError,
    TransientSalesforceError,
)
from pipeline.salesforce.payloads import (
    assignment_for,
    caller_email,
    caller_name,
    new_lead_fields,
    person_fields,
    task_fields,
    voice_call_fields,
)
from pipeline.salesforce.routing import Routing
from schemas.salesforce_fields import VOICE_CALL_OBJECT

MAX_RECORDS = 200  # sObject Collections' limit per request
CONTACTS_BY_EMAIL = ("SELECT Id, Email FROM Contact WHERE Email IN {} "
                     "ORDER BY LastModifiedDate DESC")
LEADS_BY_EMAIL = ("SELECT Id, Email FROM Lead WHERE Email IN {} AND IsConverted = false "
                  "ORDER BY LastModifiedDate DESC")
TASKS_BY_SESSION = "SELECT Id, Voice_Session_Id__c FROM Task WHERE Voice_Session_Id__c IN {}"


@dataclass(frozen=True)
class SyncFailure:
    reason: str
    transient: bool


def _query(reference: str, soql: str) -> dict:
    return {"method": "GET", "referenceId": reference,
            "url": f"{DATA_PATH}/query?q={quote(soql, safe='')}"}


def _collection(reference: str, method: str, records: list[dict], path: str = "") -> dict:
    return {"method": method, "referenceId": reference,
            "url": f"{DATA_PATH}/composite/sobjects{path}",
            "body": {"allOrNone": False, "records": records}}


def _bodies(api: CompositeApi, subrequests: list[dict]) -> dict:
    """Each subrequest's body by reference; a failed subrequest fails the whole call."""
    if not subrequests:
        return {}
    bodies = {}
    for item in api.composite(subrequests):
        body = item["body"]
        if item["httpStatusCode"] >= 400:
            errors = body if isinstance(body, list) else []
            codes = {e.get("errorCode", "") for e in errors}
            text = "; ".join(f"{e.get('errorCode')}: {redact_pii(e.get('message', '')[:200])}"
                             for e in errors) or str(body)[:200]
            error = (TransientSalesforceError if codes & TRANSIENT_ERROR_CODES
                     else PermanentSalesforceError)
            raise error(f"{item['referenceId']}: HTTP {item['httpStatusCode']} {text}")
        bodies[item["referenceId"]] = body
    return bodies


def _record_failure(step: str, result: dict) -> SyncFailure:
    errors = result.get("errors") or []
    text = "; ".join(f"{e.get('statusCode')}: {redact_pii(e.get('message', '')[:200])}"
                     + (f" ({', '.join(e['fields'])})" if e.get("fields") else "")
                     for e in errors) or "refused without a reason"
    transient = bool(errors) and all(e.get("statusCode") in TRANSIENT_ERROR_CODES
                                     for e in errors)
    return SyncFailure(f"{step}: {text}", transient)


def _first_ids(body: dict | None, key: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    for row in (body or {}).get("records", []):
        if row.get(key):
            ids.setdefault(row[key].lower() if key == "Email" else row[key], row["Id"])
    return ids


def _is_latest(stored: StoredSession) -> bool:
    """False when the warehouse knows a newer call of this caller: its fields win."""
    latest = stored.lead and stored.lead.get("latest_session_id")
    return not latest or latest == stored.session_id


def sync_batch(api: CompositeApi, sessions: list[StoredSession], routing: Routing,
               transcript_url_template: str) -> dict[str, SyncFailure]:
    """Sync `sessions` (at most 200); the sessions that failed, by session_id."""
    if len(sessions) > MAX_RECORDS:
        raise ValueError(f"at most {MAX_RECORDS} sessions a batch, got {len(sessions)}")
    by_email: dict[str, list[StoredSession]] = {}
    for stored in sessions:
        email = caller_email(stored)
        if email:
            by_email.setdefault(email, []).append(stored)
    emails = sorted(by_email)

    lookups = [_query("tasks", format_soql(TASKS_BY_SESSION,
                                           [s.session_id for s in sessions]))]
    if emails:
        lookups += [_query("contacts", format_soql(CONTACTS_BY_EMAIL, emails)),
                    _query("leads", format_soql(LEADS_BY_EMAIL, emails))]
    found = _bodies(api, lookups)
    contacts, leads = _first_ids(found.get("contacts"), "Email"), _first_ids(found.get("leads"),
                                                                            "Email")
    tasked = set(_first_ids(found["tasks"], "Voice_Session_Id__c"))

    failures: dict[str, SyncFailure] = {}
    person_ids = {**leads, **contacts}  # a Contact wins over a Lead with the same email
    updates, creates = _people(by_email, contacts, leads, routing)
    written = _bodies(api, [sub for sub in (
        _collection("update_people", "PATCH", [r for _, r in updates]) if updates else None,
        _collection("create_leads", "POST", [r for _, r in creates]) if creates else None,
    ) if sub])
    for reference, step, items in (("update_people", "update Lead/Contact", updates),
                                   ("create_leads", "create Lead", creates)):
        for (email, _), result in zip(items, written.get(reference, []), strict=True):
            if result.get("success"):
                person_ids[email] = result["id"]
            else:
                failure = _record_failure(step, result)
                failures.update({s.session_id: failure for s in by_email[email]})
                person_ids.pop(email, None)

    calls, tasks = [], []
    for stored in sessions:
        if stored.session_id in failures:
            continue
        email = caller_email(stored)
        person = person_ids.get(email) if email else None
        url = transcript_url_template.format(session_id=quote(stored.session_id, safe=""))
        calls.append((stored, {"attributes": {"type": VOICE_CALL_OBJECT},
                               **voice_call_fields(stored, person, url)}))
        if person and stored.session_id not in tasked:
            assignment = assignment_for(stored, routing)
            tasks.append((stored, {"attributes": {"type": "Task"}, **task_fields(
                stored, person, assignment, caller_name(stored) or email)}))
    written = _bodies(api, [sub for sub in (
        _collection("upsert_calls", "PATCH", [r for _, r in calls],
                    f"/{VOICE_CALL_OBJECT}/Session_Id__c") if calls else None,
        _collection("create_tasks", "POST", [r for _, r in tasks]) if tasks else None,
    ) if sub])
    for reference, step, items in (("upsert_calls", "upsert Voice_Call__c", calls),
                                   ("create_tasks", "create Task", tasks)):
        for (stored, _), result in zip(items, written.get(reference, []), strict=True):
            if not result.get("success"):
                failures[stored.session_id] = _record_failure(step, result)
    return failures


def _people(by_email: dict[str, list[StoredSession]], contacts: dict[str, str],
            leads: dict[str, str], routing: Routing
            ) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """(email, record) to update and to create: one per caller, from their newest call."""
    updates, creates = [], []
    for email, calls in by_email.items():
        newest = max(calls, key=lambda s: s.record.session.start_time)
        fields = (person_fields(newest, assignment_for(newest, routing))
                  if _is_latest(newest) else {})
        if email in contacts:
            if fields:
                updates.append((email, {"attributes": {"type": "Contact"},
                                        "Id": contacts[email], **fields}))
        elif email in leads:
            if fields:
                updates.append((email, {"attributes": {"type": "Lead"},
                                        "Id": leads[email], **fields}))
        else:
            creates.append((email, {"attributes": {"type": "Lead"},
                                    **new_lead_fields(newest, email), **fields}))
    return updates, creates

