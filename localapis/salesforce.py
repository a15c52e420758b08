"""A local Salesforce org over HTTPS: the REST API's requests, responses, limits and failures.

Why: the Salesforce sink must be tested and benchmarked against what a real org does (per-record
errors in collections, SOQL quoting, 401 on an expired session, 403 at the request limit,
composite references and rollbacks) without an org. `simple_salesforce.Salesforce` and plain
`requests` reach it exactly as they reach Salesforce; only the instance URL and the CA differ:

    with SalesforceServer(metadata_dir=...) as server:
        session = requests.Session()
        session.trust_env = False          # REQUESTS_CA_BUNDLE would override `verify`
        session.verify = server.cert_path
        sf = Salesforce(instance_url=server.url, session_id=server.issue_token(),
                        session=session, version="59.0")

Objects: Lead, Contact, Task and User with their standard fields, plus the custom fields and
objects of a Salesforce DX source folder (`objects/<Object>/fields/*.field-meta.xml`,
`objects/<Custom__c>/<Custom__c>.object-meta.xml`; `objects/Activity/fields` apply to Task).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import ipaddress
import json
import math
import re
import secrets
import socket
import ssl
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from localapis import salesforce_soql as soql

API_LIMIT = 15000  # DailyApiRequests of a small org; reported in Sforce-Limit-Info
QUERY_BATCH = 2000  # records per query response before nextRecordsUrl
COLLECTION_MAX = 200
COMPOSITE_MAX = 25
COMPOSITE_HEAVY_MAX = 5  # query and sObject Collections subrequests per composite request
ORG_ID = "00D5g000004ZzKbEAK"
# "pass" answers normally: it lets a test aim a fault at the Nth request.
FAULT_KINDS = ("request_limit", "server_error", "internal_error", "timeout", "expire_session",
               "pass")
_MD = "{http://soap.sforce.com/2006/04/metadata}"
_DATA_PATH = re.compile(r"^/services/data/v(\d+\.\d)(/.*)?$")
_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")
_REF = re.compile(r"@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC = ("Number", "Currency", "Percent")
_REFERENCE = ("Lookup", "MasterDetail", "Hierarchy")
_SOQL_KIND = {"Id": "id", "Lookup": "id", "MasterDetail": "id", "Hierarchy": "id",
              "Checkbox": "boolean", "Number": "number", "Currency": "number",
              "Percent": "number", "Date": "date", "DateTime": "datetime"}
_DESCRIBE_TYPE = {"Id": "id", "TextArea": "textarea", "LongTextArea": "textarea",
                  "Html": "textarea", "Email": "email", "Phone": "phone", "Url": "url",
                  "Picklist": "picklist", "MultiselectPicklist": "multipicklist",
                  "Checkbox": "boolean", "Number": "double", "Currency": "currency",
                  "Percent": "percent", "Date": "date", "DateTime": "datetime",
                  "Lookup": "reference", "MasterDetail": "reference"}
_DEFAULT_LENGTH = {"Text": 255, "TextArea": 255, "LongTextArea": 32768, "Html": 32768,
                   "Email": 80, "Phone": 40, "Url": 255}


def _errors(code: str, message: str) -> list[dict]:
    return [{"message": message, "errorCode": code}]


SESSION_EXPIRED = (401, _errors("INVALID_SESSION_ID", "Session expired or invalid"))
NOT_FOUND = (404, _errors("NOT_FOUND", "The requested resource does not exist"))
_FAULTS = {
    "request_limit": (403, _errors("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")),
    "server_error": (503, _errors("SERVER_UNAVAILABLE", "Service temporarily unavailable")),
    "internal_error": (500, _errors("UNKNOWN_EXCEPTION", "An unexpected error occurred. Please "
                                    "include this ErrorId if you contact support: 1234-5678 "
                                    "(-1234)")),
}
_ROLLED_BACK = {"statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK", "message": "Record rolled "
                "back because not all records were valid and the request was using AllOrNone "
                "header", "fields": []}
_HALTED = _errors("PROCESSING_HALTED", "The transaction was rolled back since another "
                  "operation in the same transaction failed.")


def _record_error(code: str, message: str, fields: list[str] | None = None) -> dict:
    return {"statusCode": code, "message": message, "fields": fields or []}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"


def _to18(id15: str) -> str:
    """Salesforce's case-safe suffix: one letter per five characters, from their capitals."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    suffix = "".join(alphabet[sum(1 << i for i, ch in enumerate(id15[j:j + 5]) if ch.isupper())]
                     for j in (0, 5, 10))
    return id15 + suffix


def _base62(n: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, rest = divmod(n, 62)
        out = digits[rest] + out
    return out or "0"


# ---- schema -----------------------------------------------------------------------------

@dataclass
class FieldDef:
    """One field as the org's metadata declares it (types use metadata names: Text, Email...)."""

    name: str
    label: str
    type: str
    length: int | None = None
    precision: int = 18
    scale: int = 0
    required: bool = False
    unique: bool = False
    external_id: bool = False
    case_sensitive: bool = False
    readonly: bool = False
    values: dict[str, str] = field(default_factory=dict)  # picklist fullName -> label
    restricted: bool = False
    default: Any = None
    reference_to: tuple[str, ...] = ()

    @property
    def indexed(self) -> bool:
        return self.unique or self.external_id


@dataclass
class ObjectDef:
    name: str
    label: str
    prefix: str
    custom: bool = False
    name_format: str | None = None  # AutoNumber displayFormat, e.g. "VC-{000000}"
    activities: bool = False
    fields: dict[str, FieldDef] = field(default_factory=dict)
    _lower: dict[str, FieldDef] = field(default_factory=dict, repr=False)

    def add(self, definition: FieldDef) -> None:
        self.fields[definition.name] = definition
        self._lower[definition.name.lower()] = definition

    def field(self, name: str) -> FieldDef | None:
        return self._lower.get(name.lower())


def _standard_objects() -> dict[str, ObjectDef]:
    def text(name: str, label: str, length: int, **kw: Any) -> FieldDef:
        return FieldDef(name, label, "Text", length, **kw)

    def picklist(name: str, label: str, values: str, **kw: Any) -> FieldDef:
        return FieldDef(name, label, "Picklist", 255,
                        values={v: v for v in values.split("|")}, **kw)

    def system(obj: ObjectDef, *fields: FieldDef, owned: bool = True) -> ObjectDef:
        owner = (FieldDef("OwnerId", "Owner ID", "Lookup", 18, reference_to=("User", "Group")),)
        for definition in (FieldDef("Id", f"{obj.label} ID", "Id", 18, readonly=True),
                           *fields, *(owner if owned else ()),
                           FieldDef("CreatedDate", "Created Date", "DateTime", readonly=True),
                           FieldDef("LastModifiedDate", "Last Modified Date", "DateTime",
                                    readonly=True)):
            obj.add(definition)
        return obj

    person = (text("FirstName", "First Name", 40), text("LastName", "Last Name", 80,
                                                          required=True),
              text("Name", "Full Name", 121, readonly=True),
              FieldDef("Email", "Email", "Email", 80), FieldDef("Phone", "Phone", "Phone", 40),
              text("Title", "Title", 128),
              FieldDef("Description", "Description", "LongTextArea", 32000))
    lead = system(ObjectDef("Lead", "Lead", "00Q"), *person,
                  text("Company", "Company", 255, required=True),
                  picklist("LeadSource", "Lead Source",
                           "Web|Phone Inquiry|Partner Referral|Purchased List|Other"),
                  picklist("Status", "Status", "Open - Not Contacted|Working - Contacted|"
                           "Closed - Converted|Closed - Not Converted", required=True,
                           default="Open - Not Contacted"),
                  FieldDef("IsConverted", "Converted", "Checkbox", readonly=True, default=False))
    contact = system(ObjectDef("Contact", "Contact", "003"), *person,
                     FieldDef("AccountId", "Account ID", "Lookup", 18, reference_to=("Account",)))
    task = system(ObjectDef("Task", "Task", "00T"),
                  text("Subject", "Subject", 255),
                  FieldDef("Description", "Description", "LongTextArea", 32000),
                  FieldDef("ActivityDate", "Due Date Only", "Date"),
                  picklist("Priority", "Priority", "High|Normal|Low", restricted=True,
                           required=True, default="Normal"),
                  picklist("Status", "Status", "Not Started|In Progress|Completed|"
                           "Waiting on someone else|Deferred", restricted=True, required=True,
                           default="Not Started"),
                  picklist("Type", "Type", "Call|Email|Meeting|Other"),
                  FieldDef("WhoId", "Name ID", "Lookup", 18, reference_to=("Contact", "Lead")),
                  FieldDef("WhatId", "Related To ID", "Lookup", 18,
                           reference_to=("Account", "Opportunity", "Case", "Campaign")))
    user = system(ObjectDef("User", "User", "005"), text("Name", "Full Name", 121),
                  FieldDef("Email", "Email", "Email", 128), text("Username", "Username", 80),
                  FieldDef("IsActive", "Active", "Checkbox", default=True), owned=False)
    return {obj.name: obj for obj in (lead, contact, task, user)}


def _xml_text(element: ET.Element, tag: str) -> str | None:
    found = element.find(_MD + tag)
    return found.text.strip() if found is not None and found.text else None


def _xml_flag(element: ET.Element, tag: str) -> bool:
    return (_xml_text(element, tag) or "").lower() == "true"


def parse_field(path: Path) -> FieldDef:
    """A `<CustomField>` file of the Metadata API source format."""
    root = ET.parse(path).getroot()
    kind = _xml_text(root, "type") or "Text"
    name = _xml_text(root, "fullName") or path.name.split(".")[0]
    length = _xml_text(root, "length")
    definition = FieldDef(
        name, _xml_text(root, "label") or name, kind,
        int(length) if length else _DEFAULT_LENGTH.get(kind),
        precision=int(_xml_text(root, "precision") or 18), scale=int(_xml_text(root, "scale") or 0),
        required=_xml_flag(root, "required"), unique=_xml_flag(root, "unique"),
        external_id=_xml_flag(root, "externalId"), case_sensitive=_xml_flag(root, "caseSensitive"),
        readonly=kind in ("AutoNumber", "Summary") or root.find(_MD + "formula") is not None,
        reference_to=tuple(e.text.strip() for e in root.findall(_MD + "referenceTo") if e.text))
    if kind == "Checkbox":
        definition.default = (_xml_text(root, "defaultValue") or "false").lower() == "true"
    value_set = root.find(_MD + "valueSet")
    if value_set is not None:
        definition.restricted = _xml_flag(value_set, "restricted")
        for value in value_set.iterfind(f"{_MD}valueSetDefinition/{_MD}value"):
            full_name = _xml_text(value, "fullName") or ""
            definition.values[full_name] = _xml_text(value, "label") or full_name
            if _xml_flag(value, "default"):
                definition.default = full_name
        if not definition.values:  # a global value set we can't see: accept any value
            definition.restricted = False
    return definition


def load_metadata(metadata_dir: Path, objects: dict[str, ObjectDef]) -> None:
    """Add the custom objects and fields of `metadata_dir/objects` to `objects`."""
    objects_dir = Path(metadata_dir) / "objects"
    if not objects_dir.is_dir():
        raise FileNotFoundError(f"no objects/ folder in {metadata_dir}")
    custom_count = 0
    for folder in sorted(p for p in objects_dir.iterdir() if p.is_dir()):
        target = "Task" if folder.name == "Activity" else folder.name
        if target not in objects:
            if not target.endswith("__c"):
                continue  # a standard object this server doesn't model
            prefix = "a0" + "BCDEFGHIJKLMNOPQRSTUVWXYZ"[custom_count]
            custom_count += 1
            objects[target] = _custom_object(target, folder / f"{target}.object-meta.xml", prefix)
        for path in sorted((folder / "fields").glob("*.field-meta.xml")):
            objects[target].add(parse_field(path))
    what = objects["Task"].fields["WhatId"]
    what.reference_to += tuple(obj.name for obj in objects.values() if obj.activities)


def _custom_object(name: str, path: Path, prefix: str) -> ObjectDef:
    root = ET.parse(path).getroot() if path.exists() else ET.Element("CustomObject")
    obj = ObjectDef(name, _xml_text(root, "label") or name, prefix, custom=True,
                    activities=_xml_flag(root, "enableActivities"))
    name_field = root.find(_MD + "nameField")
    autonumber = name_field is not None and _xml_text(name_field, "type") == "AutoNumber"
    label = (_xml_text(name_field, "label") if name_field is not None else None) or "Name"
    obj.add(FieldDef("Id", "Record ID", "Id", 18, readonly=True))
    obj.add(FieldDef("Name", label, "Text", 80, required=not autonumber, readonly=autonumber))
    if autonumber:
        obj.name_format = _xml_text(name_field, "displayFormat") or "{0}"
    obj.add(FieldDef("OwnerId", "Owner ID", "Lookup", 18, reference_to=("User", "Group")))
    obj.add(FieldDef("CreatedDate", "Created Date", "DateTime", readonly=True))
    obj.add(FieldDef("LastModifiedDate", "Last Modified Date", "DateTime", readonly=True))
    return obj


def _describe(obj: ObjectDef) -> dict:
    def one(f: FieldDef) -> dict:
        system = f.name in ("Id", "CreatedDate", "LastModifiedDate", "Name") and f.readonly
        return {
            "name": f.name, "label": f.label, "type": _DESCRIBE_TYPE.get(f.type, "string"),
            "length": 0 if f.type in _NUMERIC else (f.length or 0),
            "precision": f.precision if f.type in _NUMERIC else 0,
            "scale": f.scale if f.type in _NUMERIC else 0, "custom": f.name.endswith("__c"),
            "externalId": f.external_id, "unique": f.unique, "caseSensitive": f.case_sensitive,
            "nillable": not f.required and f.type != "Checkbox" and not system,
            "createable": not f.readonly, "updateable": not f.readonly,
            "defaultedOnCreate": f.default is not None or system or f.name == "OwnerId",
            "restrictedPicklist": f.restricted, "referenceTo": list(f.reference_to),
            "picklistValues": [{"active": True, "defaultValue": value == f.default,
                                "label": label, "validFor": None, "value": value}
                               for value, label in f.values.items()]}

    return {"name": obj.name, "label": obj.label, "labelPlural": obj.label + "s",
            "keyPrefix": obj.prefix, "custom": obj.custom, "createable": True,
            "updateable": True, "deletable": True, "queryable": True,
            "fields": [one(f) for f in obj.fields.values()]}


# ---- the org: records, validation, endpoints ---------------------------------------------

class _Org:
    """Records and the REST resources over them; every method runs under the server's lock."""

    def __init__(self, objects: dict[str, ObjectDef]) -> None:
        self.objects = objects
        self._lower = {name.lower(): obj for name, obj in objects.items()}
        self._by_prefix = {obj.prefix: obj for obj in objects.values()}
        self.rules: dict[str, list[tuple[str, str, str]]] = {}
        self.clear()

    def clear(self) -> None:
        self.rows: dict[str, dict[str, dict]] = {name: {} for name in self.objects}
        self.deleted: set[str] = set()
        self.index: dict[tuple[str, str], dict[str, set[str]]] = {}
        self.cursors: dict[str, list[dict]] = {}
        self.journal: list[tuple[str, str, dict | None, bool]] = []
        self.rules.clear()
        self._sequence = 0
        self._autonumbers: dict[str, int] = {}
        self.user_id: str | None = None
        self.user_id = self.seed("User", {"Name": "Integration User", "Username":
                                          "integration@voice-analytics.local",
                                          "Email": "integration@example.com"})
        for name in ("Alex Rivera", "Sam Chen"):
            self.seed("User", {"Name": name, "Email": name.replace(" ", ".").lower() +
                               "@example.com", "Username": name.split()[0].lower() + "@local"})

    def object(self, name: str) -> ObjectDef | None:
        return self._lower.get(name.lower())

    def seed(self, sobject: str, fields: dict) -> str:
        obj = self.object(sobject)
        if obj is None:
            raise ValueError(f"unknown sObject {sobject}")
        record_id, errors = self.write(obj, fields, None, seed=True)
        if errors:
            raise ValueError(f"invalid {obj.name}: {errors}")
        return record_id

    # -- storage with an undo journal and unique / external id indexes

    def _key(self, f: FieldDef, value: Any) -> str:
        text = str(value)
        return text if f.case_sensitive else text.casefold()

    def _index_row(self, obj: ObjectDef, row: dict, add: bool) -> None:
        for f in obj.fields.values():
            if f.indexed and row.get(f.name) is not None:
                ids = self.index.setdefault((obj.name, f.name), {}).setdefault(
                    self._key(f, row[f.name]), set())
                (ids.add if add else ids.discard)(row["Id"])

    def _put(self, obj: ObjectDef, row: dict | None, record_id: str, delete: bool = False) -> None:
        table = self.rows[obj.name]
        previous = table.get(record_id)
        self.journal.append((obj.name, record_id, previous, delete))
        if previous is not None:
            self._index_row(obj, previous, add=False)
        if row is None:
            table.pop(record_id, None)
            self.deleted.add(record_id)
        else:
            table[record_id] = row
            self._index_row(obj, row, add=True)

    def rollback(self, mark: int) -> None:
        """Undo every write after journal position `mark`."""
        while len(self.journal) > mark:
            name, record_id, previous, delete = self.journal.pop()
            obj, table = self.objects[name], self.rows[name]
            if record_id in table:
                self._index_row(obj, table.pop(record_id), add=False)
            if delete:
                self.deleted.discard(record_id)
            if previous is not None:
                table[record_id] = previous
                self._index_row(obj, previous, add=True)

    def matches(self, obj: ObjectDef, f: FieldDef, value: Any) -> list[str]:
        return sorted(self.index.get((obj.name, f.name), {}).get(self._key(f, value), ()))

    def new_id(self, obj: ObjectDef) -> str:
        self._sequence += 1
        return _to18(obj.prefix + "5g" + _base62(self._sequence).rjust(10, "0"))

    def locate(self, raw: Any, obj: ObjectDef | None, label: str, field_name: str
               ) -> tuple[dict | None, dict | None]:
        """The stored row an id names, or the record error the real API gives for it."""
        malformed = _record_error("MALFORMED_ID", f"{label}: id value of incorrect type: {raw}",
                                  [field_name])
        if not isinstance(raw, str) or not _ID.fullmatch(raw) or (
                len(raw) == 18 and _to18(raw[:15]) != raw):
            return None, malformed
        record_id = _to18(raw[:15])
        target = obj or self._by_prefix.get(record_id[:3])
        if target is None or record_id[:3] != target.prefix:
            return None, malformed
        if record_id in self.deleted:
            return None, _record_error("ENTITY_IS_DELETED", "entity is deleted", [])
        row = self.rows[target.name].get(record_id)
        if row is None:
            return None, _record_error("INVALID_CROSS_REFERENCE_KEY",
                                       "invalid cross reference id", [])
        return row, None

    # -- validation

    def _convert(self, f: FieldDef, raw: Any) -> tuple[Any, dict | None]:
        """The stored value of `raw` for field `f`, or the record error for it."""
        def bad() -> tuple[None, dict]:
            return None, _record_error("INVALID_TYPE_ON_FIELD_IN_RECORD",
                                       f"{f.label}: value not of required type: {raw}", [f.name])

        if raw is None:
            return (False if f.type == "Checkbox" else None), None
        if f.type == "Checkbox":
            return (raw, None) if isinstance(raw, bool) else bad()
        if f.type in _NUMERIC:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                return bad()
            try:
                number = float(raw)
            except ValueError:
                return bad()
            if not math.isfinite(number):
                return bad()
            number = round(number, f.scale)
            if abs(number) >= 10 ** (f.precision - f.scale):
                return None, _record_error("NUMBER_OUTSIDE_VALID_RANGE", f"{f.label}: value "
                                           f"outside of valid range on numeric field: {raw}",
                                           [f.name])
            return number, None
        if f.type == "Date":
            if not isinstance(raw, str) or not _DATE.fullmatch(raw):
                return bad()
            try:
                return date.fromisoformat(raw).isoformat(), None
            except ValueError:
                return bad()
        if f.type == "DateTime":
            if not isinstance(raw, str) or "T" not in raw:
                return bad()
            try:
                moment = datetime.fromisoformat(raw)
            except ValueError:
                return bad()
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
            return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000", None
        if f.type in _REFERENCE:
            return self._reference(f, raw)
        if isinstance(raw, bool):
            raw = "true" if raw else "false"
        elif isinstance(raw, int | float):
            raw = str(raw)
        elif not isinstance(raw, str):
            return bad()
        if raw == "":
            return None, None  # Salesforce stores empty text as null
        # Salesforce counts length in UTF-16 code units, so an emoji takes two.
        if f.length and len(raw.encode("utf-16-le")) // 2 > f.length:
            shown = raw if len(raw) <= 255 else raw[:255] + "..."
            return None, _record_error("STRING_TOO_LONG", f"{f.label}: data value too large: "
                                       f"{shown} (max length={f.length})", [f.name])
        if f.type == "Email":
            if not _EMAIL.fullmatch(raw):
                return None, _record_error("INVALID_EMAIL_ADDRESS",
                                           f"{f.label}: invalid email address: {raw}", [f.name])
            raw = raw.lower()  # Salesforce saves email addresses in lower case
        if f.restricted and f.type in ("Picklist", "MultiselectPicklist"):
            chosen = raw.split(";") if f.type == "MultiselectPicklist" else [raw]
            for value in chosen:
                if value not in f.values:
                    return None, _record_error(
                        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                        f"{f.label}: bad value for restricted picklist field: {value}", [f.name])
        return raw, None

    def _reference(self, f: FieldDef, raw: Any) -> tuple[Any, dict | None]:
        wrong = _record_error("FIELD_INTEGRITY_EXCEPTION",
                              f"{f.label}: id value of incorrect type: {raw}", [f.name])
        if not isinstance(raw, str) or not _ID.fullmatch(raw):
            return None, _record_error("MALFORMED_ID", f"{f.label}: id value of incorrect "
                                       f"type: {raw}", [f.name])
        record_id = _to18(raw[:15])
        target = self._by_prefix.get(record_id[:3])
        if target is None:  # an object this server doesn't model: trust it if the field may
            modelled = all(name in self.objects for name in f.reference_to)
            return (None, wrong) if modelled else (record_id, None)
        if target.name not in f.reference_to:
            return None, wrong
        _, error = self.locate(record_id, target, f.label, f.name)
        return (None, error) if error else (record_id, None)

    def _check(self, obj: ObjectDef, values: dict, current: dict | None, seed: bool
               ) -> tuple[dict, list[dict]]:
        """The record as it would be saved, or the errors the real API reports for it."""
        clean: dict[str, Any] = {}
        errors: list[dict] = []
        for key, raw in values.items():
            f = obj.field(key)
            if f is None:
                return {}, [_record_error("INVALID_FIELD",
                                          f"No such column '{key}' on sobject of type {obj.name}")]
            if f.name == "Id" or (f.readonly and not seed):
                errors.append(_record_error(
                    "INVALID_FIELD_FOR_INSERT_UPDATE", f"Unable to create/update fields: "
                    f"{f.name}. Please check the security settings of this field and verify that "
                    "it is read/write for your profile or permission set.", [f.name]))
                continue
            value, error = self._convert(f, raw)
            if error:
                errors.append(error)
            else:
                clean[f.name] = value
        if errors:
            return {}, errors
        if current is None:
            merged = {name: f.default for name, f in obj.fields.items()}
        else:
            merged = dict(current)
        merged.update(clean)
        missing = [f.name for f in obj.fields.values() if f.required and not f.readonly
                   and merged.get(f.name) is None and (current is None or f.name in clean)]
        if missing:
            return {}, [_record_error("REQUIRED_FIELD_MISSING",
                                      f"Required fields are missing: [{', '.join(missing)}]",
                                      missing)]
        for name, contains, message in self.rules.get(obj.name, ()):
            if isinstance(merged.get(name), str) and contains in merged[name]:
                errors.append(_record_error("FIELD_CUSTOM_VALIDATION_EXCEPTION", message, [name]))
        for name, value in clean.items():
            f = obj.fields[name]
            others = [i for i in self.matches(obj, f, value) if i != merged.get("Id")] \
                if f.unique and value is not None else []
            if others:
                errors.append(_record_error("DUPLICATE_VALUE", f"duplicate value found: {name} "
                                            f"duplicates value on record with id: {others[0]}"))
        return ({}, errors) if errors else (merged, [])

    def write(self, obj: ObjectDef, values: dict, current: dict | None, seed: bool = False
              ) -> tuple[str | None, list[dict]]:
        """Create (current None) or update one record; returns its Id or the record errors."""
        row, errors = self._check(obj, values, current, seed)
        if errors:
            return None, errors
        now = _now()
        if current is None:
            row["Id"] = self.new_id(obj)
            row["CreatedDate"] = row.get("CreatedDate") or now
            if "OwnerId" in obj.fields and row.get("OwnerId") is None:
                row["OwnerId"] = self.user_id
            if obj.name_format:
                self._autonumbers[obj.name] = self._autonumbers.get(obj.name, 0) + 1
                row["Name"] = re.sub(r"\{(0+)\}", lambda m: str(self._autonumbers[obj.name])
                                     .rjust(len(m.group(1)), "0"), obj.name_format)
        row["LastModifiedDate"] = now
        if obj.name in ("Lead", "Contact"):
            row["Name"] = " ".join(p for p in (row.get("FirstName"), row.get("LastName")) if p)
        self._put(obj, row, row["Id"])
        return row["Id"], []

    # -- routing

    def route(self, method: str, version: str, rest: str, params: dict[str, str], body: Any
              ) -> tuple[int, Any, dict]:
        parts = [unquote(p) for p in rest.strip("/").split("/")] if rest.strip("/") else []
        head = parts[0] if parts else ""
        if head == "sobjects":
            return self._sobjects(method, version, parts[1:], params, body)
        if parts[:2] == ["composite", "sobjects"] and len(parts) in (2, 4):
            return self.collection(method, version, parts[2:], params, body)
        if parts and not (head in ("query", "queryAll") and len(parts) <= 2):
            return (*NOT_FOUND, {})
        if method != "GET":
            return self._not_allowed(method, "GET,HEAD")
        if not parts:
            base = f"/services/data/v{version}"
            return 200, {k: f"{base}/{k}" for k in (
                "sobjects", "query", "queryAll", "composite", "limits")}, {}
        if len(parts) == 2:
            return (*self.query_more(parts[1], version), {})
        return (*self.query(params.get("q", ""), version), {})

    @staticmethod
    def _not_allowed(method: str, allowed: str) -> tuple[int, Any, dict]:
        return 405, _errors("METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed. "
                            f"Allowed are {allowed}"), {"Allow": allowed}

    def _record_body(self, obj: ObjectDef, row: dict, version: str, names: list[str]) -> dict:
        url = f"/services/data/v{version}/sobjects/{obj.name}/{row['Id']}"
        return {"attributes": {"type": obj.name, "url": url}, **{n: row.get(n) for n in names}}

    # -- query

    def query(self, text: str, version: str) -> tuple[int, Any]:
        if not text:
            return 400, _errors("MALFORMED_QUERY", "A query string has to be specified")
        try:
            query = soql.parse(text)
            obj = self.object(query.sobject)
            if obj is None:
                raise soql.error_at(text, query.sobject_pos, "INVALID_TYPE",
                                    f"sObject type '{query.sobject}' is not supported. If you are "
                                    "attempting to use a custom object, be sure to append the "
                                    "'__c' after the entity name. Please reference your WSDL or "
                                    "the describe call for the appropriate names.")

            def resolve(name: str, pos: int) -> tuple[str, str]:
                if "." in name:
                    raise soql.error_at(text, pos, "INVALID_FIELD", "Didn't understand "
                                        f"relationship '{name.split('.')[0]}' in field path. If "
                                        "you are attempting to use a custom relationship, be sure "
                                        "to append the '__r' after the custom relationship name. "
                                        "Please reference your WSDL or the describe call for the "
                                        "appropriate names.")
                f = obj.field(name)
                if f is None:
                    raise soql.error_at(text, pos, "INVALID_FIELD", f"No such column '{name}' on "
                                        f"entity '{obj.name}'. If you are attempting to use a "
                                        "custom field, be sure to append the '__c' after the "
                                        "custom field name. Please reference your WSDL or the "
                                        "describe call for the appropriate names.")
                return f.name, _SOQL_KIND.get(f.type, "string")

            selected: list[str] = []
            for name, pos in query.fields:
                canonical = resolve(name, pos)[0]
                if canonical in selected:
                    raise soql.error_at(text, pos, "MALFORMED_QUERY",
                                        f"duplicate field selected: {canonical}")
                selected.append(canonical)
            rows = soql.run(query, text, list(self.rows[obj.name].values()), resolve)
        except soql.SoqlError as error:
            return 400, _errors(error.error_code, error.message)
        if query.count:
            return 200, {"totalSize": len(rows), "done": True, "records": []}
        records = [self._record_body(obj, row, version, selected) for row in rows]
        if len(records) <= QUERY_BATCH:
            return 200, {"totalSize": len(records), "done": True, "records": records}
        locator = "01g5g" + _base62(len(self.cursors) + 1).rjust(10, "0")
        self.cursors[locator] = records
        return 200, self._page(locator, 0, version)

    def _page(self, locator: str, offset: int, version: str) -> dict:
        records = self.cursors[locator]
        page = {"totalSize": len(records), "done": offset + QUERY_BATCH >= len(records),
                "records": records[offset:offset + QUERY_BATCH]}
        if not page["done"]:
            page["nextRecordsUrl"] = (f"/services/data/v{version}/query/"
                                      f"{locator}-{offset + QUERY_BATCH}")
        return page

    def query_more(self, cursor: str, version: str) -> tuple[int, Any]:
        locator, _, offset = cursor.rpartition("-")
        if locator not in self.cursors or not offset.isdigit():
            return 400, _errors("INVALID_QUERY_LOCATOR", "invalid query locator")
        return 200, self._page(locator, int(offset), version)

    # -- sObject resources

    def _sobjects(self, method: str, version: str, parts: list[str], params: dict[str, str],
                  body: Any) -> tuple[int, Any, dict]:
        if not parts:
            if method != "GET":
                return self._not_allowed(method, "GET,HEAD")
            return 200, {"encoding": "UTF-8", "maxBatchSize": COLLECTION_MAX, "sobjects": [
                {k: v for k, v in _describe(o).items() if k != "fields"}
                for o in self.objects.values()]}, {}
        obj = self.object(parts[0])
        if obj is None or len(parts) > 3:
            return (*NOT_FOUND, {})
        if len(parts) == 1:
            if method == "GET":
                return 200, {"objectDescribe": {k: v for k, v in _describe(obj).items()
                                                if k != "fields"}, "recentItems": []}, {}
            if method != "POST":
                return self._not_allowed(method, "GET,HEAD,POST")
            if not isinstance(body, dict):
                return 400, _errors("JSON_PARSER_ERROR", "The request body must be a JSON "
                                    "object"), {}
            values = {k: v for k, v in body.items() if k != "attributes"}
            if "id" in {k.lower() for k in values}:
                return 400, [{"message": "cannot specify Id in an insert call",
                              "errorCode": "INVALID_FIELD", "fields": []}], {}
            record_id, errors = self.write(obj, values, None)
            if errors:
                return 400, self._single_errors(errors), {}
            return 201, {"id": record_id, "success": True, "errors": []}, {
                "Location": f"/services/data/v{version}/sobjects/{obj.name}/{record_id}"}
        if parts[1] == "describe" and len(parts) == 2:
            return (200, _describe(obj), {}) if method == "GET" \
                else self._not_allowed(method, "GET,HEAD")
        if len(parts) == 3:
            return self._by_external_id(method, version, obj, parts[1], parts[2], body)
        row, error = self.locate(parts[1], obj, f"{obj.label} ID", "Id")
        if error:
            if error["statusCode"] == "ENTITY_IS_DELETED":
                return 404, _errors("ENTITY_IS_DELETED", "entity is deleted"), {}
            return (*NOT_FOUND, {})
        if method == "GET":
            wanted = [f.strip() for f in params.get("fields", "").split(",") if f.strip()]
            names = [obj.field(n).name for n in wanted if obj.field(n)] or list(obj.fields)
            return 200, self._record_body(obj, row, version, names), {}
        if method == "DELETE":
            self._put(obj, None, row["Id"], delete=True)
            return 204, None, {}
        if method != "PATCH":
            return self._not_allowed(method, "GET,PATCH,HEAD,DELETE")
        if not isinstance(body, dict):
            return 400, _errors("JSON_PARSER_ERROR", "The request body must be a JSON object"), {}
        values = {k: v for k, v in body.items() if k != "attributes"}
        _, errors = self.write(obj, values, row)
        return (400, self._single_errors(errors), {}) if errors else (204, None, {})

    @staticmethod
    def _single_errors(errors: list[dict]) -> list[dict]:
        """Single-record resources name the code errorCode; collections name it statusCode."""
        return [{"message": e["message"], "errorCode": e["statusCode"], "fields": e["fields"]}
                for e in errors]

    def _by_external_id(self, method: str, version: str, obj: ObjectDef, field_name: str,
                        value: str, body: Any) -> tuple[int, Any, dict]:
        f = obj.field(field_name)
        if f is None or not f.external_id:
            return 404, _errors("NOT_FOUND", "Provided external ID field does not exist or is "
                                f"not accessible: {field_name}"), {}
        found = self.matches(obj, f, self._convert(f, value)[0] or value)
        if method == "GET":
            if len(found) > 1:
                return 300, [f"/services/data/v{version}/sobjects/{obj.name}/{i}"
                             for i in found], {}
            if not found:
                return (*NOT_FOUND, {})
            row = self.rows[obj.name][found[0]]
            return 200, self._record_body(obj, row, version, list(obj.fields)), {}
        if method != "PATCH":
            return self._not_allowed(method, "GET,PATCH,HEAD")
        if not isinstance(body, dict):
            return 400, _errors("JSON_PARSER_ERROR", "The request body must be a JSON object"), {}
        values = {k: v for k, v in body.items() if k != "attributes"}
        result = self._upsert_one(obj, f, {**values, f.name: value}, found)
        if not result["success"]:
            status = 300 if result["errors"][0]["statusCode"] == "DUPLICATE_EXTERNAL_ID" else 400
            return status, self._single_errors(result["errors"]), {}
        return (201 if result["created"] else 200), result, {}

    def _upsert_one(self, obj: ObjectDef, f: FieldDef, values: dict, found: list[str]) -> dict:
        if len(found) > 1:
            return {"success": False, "errors": [_record_error(
                "DUPLICATE_EXTERNAL_ID", f"{f.label}: more than one record found for external "
                f"id field: [{', '.join(found)}]", [f.name])]}
        current = self.rows[obj.name][found[0]] if found else None
        record_id, errors = self.write(obj, values, current)
        if errors:
            return {"success": False, "errors": errors}
        return {"id": record_id, "success": True, "errors": [], "created": current is None}

    # -- sObject Collections

    def collection(self, method: str, version: str, parts: list[str], params: dict[str, str],
                   body: Any) -> tuple[int, Any, dict]:
        upsert_field = None
        if parts:
            obj = self.object(parts[0])
            if method != "PATCH":
                return self._not_allowed(method, "PATCH")
            if obj is None:
                return (*NOT_FOUND, {})
            upsert_field = obj.field(parts[1])
            if upsert_field is None or not upsert_field.external_id:
                return 400, _errors("INVALID_FIELD", f"Field name provided, {parts[1]} is not an "
                                    f"External ID or indexed field for {obj.name}"), {}
        elif method not in ("POST", "PATCH", "DELETE"):
            return self._not_allowed(method, "POST,PATCH,DELETE")
        if method == "DELETE":
            ids = [i for i in params.get("ids", "").split(",") if i]
            all_or_none = params.get("allOrNone", "false").lower() == "true"
            items: list[Any] = ids
        else:
            if not isinstance(body, dict) or not isinstance(body.get("records"), list):
                return 400, _errors("JSON_PARSER_ERROR", "records: the request body must be an "
                                    "object with a records array"), {}
            items, all_or_none = body["records"], bool(body.get("allOrNone", False))
        if len(items) > COLLECTION_MAX:
            return 400, _errors("EXCEEDED_ID_LIMIT", "Maximum number of records is 200"), {}
        if method != "DELETE":
            for record in items:
                kind = record.get("attributes", {}).get("type") if isinstance(record, dict) \
                    else None
                if not isinstance(kind, str):
                    return 400, _errors("INVALID_TYPE", "Must send a concrete entity type."), {}
                if self.object(kind) is None or (upsert_field is not None and
                                                 self.object(kind) is not obj):
                    return 400, _errors("INVALID_TYPE", f"sObject type '{kind}' is not "
                                        "supported."), {}
        mark = len(self.journal)
        if upsert_field is not None:
            results = self._upsert_many(obj, upsert_field, items)
        else:
            results = [self._collection_one(method, item) for item in items]
        if all_or_none and not all(r["success"] for r in results):
            self.rollback(mark)
            results = [r if not r["success"] else {"success": False, "errors": [_ROLLED_BACK]}
                       for r in results]
        return 200, results, {}

    def _collection_one(self, method: str, item: Any) -> dict:
        if method == "DELETE":
            row, error = self.locate(item, None, "Record ID", "Id")
            if error:
                return {"id": item, "success": False, "errors": [error]}
            self._put(self._by_prefix[row["Id"][:3]], None, row["Id"], delete=True)
            return {"id": row["Id"], "success": True, "errors": []}
        obj = self.object(item["attributes"]["type"])
        values = {k: v for k, v in item.items() if k != "attributes"}
        id_keys = [k for k in values if k.lower() == "id"]
        if method == "POST":
            if id_keys:
                return {"success": False, "errors": [_record_error(
                    "INVALID_FIELD", "cannot specify Id in an insert call", [])]}
            current = None
        else:
            if not id_keys:
                return {"success": False, "errors": [_record_error(
                    "MISSING_ARGUMENT", "Id not specified in an update call", [])]}
            current, error = self.locate(values.pop(id_keys[0]), obj, f"{obj.label} ID", "Id")
            if error:
                return {"success": False, "errors": [error]}
        record_id, errors = self.write(obj, values, current)
        if errors:
            return {"success": False, "errors": errors}
        return {"id": record_id, "success": True, "errors": []}

    def _upsert_many(self, obj: ObjectDef, f: FieldDef, items: list[dict]) -> list[dict]:
        keys: list[str | None] = []
        for item in items:
            value = next((v for k, v in item.items() if k.lower() == f.name.lower()), None)
            converted = self._convert(f, value)[0] if value is not None else None
            keys.append(None if converted is None else self._key(f, converted))
        results = []
        for item, key in zip(items, keys, strict=True):
            values = {k: v for k, v in item.items() if k != "attributes"}
            if key is None:
                results.append({"success": False, "errors": [_record_error(
                    "MISSING_ARGUMENT", f"{f.name} not specified", [f.name])]})
            elif keys.count(key) > 1:
                results.append({"success": False, "errors": [_record_error(
                    "DUPLICATE_EXTERNAL_ID", f"Duplicate external id specified: "
                    f"{values.get(f.name, key)}", [f.name])]})
            else:
                found = sorted(self.index.get((obj.name, f.name), {}).get(key, ()))
                results.append(self._upsert_one(obj, f, values, found))
        return results


# ---- HTTP --------------------------------------------------------------------------------

def _make_certificate(directory: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 and localhost, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "voice-analytics local")])
    now = datetime.now(UTC)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False),
                       critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public),
                       critical=False)
        .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


class _HttpServer(ThreadingHTTPServer):
    """TLS per connection in the connection's own thread, so a slow handshake blocks no one."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext,
                 owner: SalesforceServer) -> None:
        super().__init__(address, _Handler)
        self.context, self.owner = context, owner
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def finish_request(self, request: Any, client_address: Any) -> None:
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        with self.connections_lock:
            self.connections.add(tls)
        try:
            _Handler(tls, client_address, self)
        except (ssl.SSLError, OSError):
            pass  # the client went away (a timed-out request, a closed session)
        finally:
            with self.connections_lock:
                self.connections.discard(tls)
            tls.close()

    def close_connections(self) -> None:
        with self.connections_lock:
            for connection in list(self.connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Salesforce serves
    disable_nagle_algorithm = True  # else headers and body wait 40 ms on delayed ACKs
    server: _HttpServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `server.requests` instead."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        status, body, headers = self.server.owner.handle(
            self.command, self.path, self.headers.get("Authorization", ""),
            self.headers.get("Content-Type", ""), raw)
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = do_HEAD = _serve


class SalesforceServer:
    """A local Salesforce org on https://127.0.0.1:PORT, run in a daemon thread."""

    def __init__(self, metadata_dir: Path | None = None, client_id: str = "local-client-id",
                 client_secret: str = "local-client-secret", port: int = 0) -> None:
        objects = _standard_objects()
        if metadata_dir is not None:
            load_metadata(Path(metadata_dir), objects)
        self.client_id, self._client_secret, self._port = client_id, client_secret, port
        self._org = _Org(objects)
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._tokens: set[str] = set()
        self._faults: deque[tuple[str, float]] = deque()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.api_calls = 0
        self.api_limit = API_LIMIT  # beyond it every request gets 403 REQUEST_LIMIT_EXCEEDED
        self.requests: list[dict] = []
        self.url = ""
        self.cert_path = ""

    # -- lifecycle

    def start(self) -> SalesforceServer:
        """Make the certificate, bind the port and serve in a daemon thread."""
        self._tmp = tempfile.TemporaryDirectory(prefix="local-salesforce-")
        cert_path, key_path = _make_certificate(Path(self._tmp.name))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        self._stopping.clear()
        self._httpd = _HttpServer(("127.0.0.1", self._port), context, self)
        self.url = f"https://127.0.0.1:{self._httpd.server_address[1]}"
        self.cert_path = str(cert_path)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={
            "poll_interval": 0.05}, name="local-salesforce", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections, wake sleeping 'timeout' faults, drop the cert."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> SalesforceServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test controls

    def issue_token(self) -> str:
        """A valid access token, as the OAuth flow would return, without the round trip."""
        token = f"{ORG_ID[:15]}!{secrets.token_urlsafe(72)}"
        with self._lock:
            self._tokens.add(token)
        return token

    def records(self, sobject: str) -> list[dict]:
        """Copies of the stored rows of `sobject` in insertion order, every field included."""
        with self._lock:
            obj = self._org.object(sobject)
            if obj is None:
                raise ValueError(f"unknown sObject {sobject}")
            return [dict(row) for row in self._org.rows[obj.name].values()]

    def insert(self, sobject: str, fields: dict) -> str:
        """Seed a record (validated like an API write; read-only fields allowed); its Id."""
        with self._lock:
            record_id = self._org.seed(sobject, fields)
            self._org.journal.clear()
            return record_id

    def fail_next(self, count: int, kind: str, delay: float = 0.0) -> None:
        """Make the next `count` /services/data requests fail as `kind` (see FAULT_KINDS)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {FAULT_KINDS}")
        with self._lock:
            self._faults.extend([(kind, delay)] * count)

    def add_validation_rule(self, sobject: str, field: str, contains: str, message: str) -> None:
        """Like an org's validation rule: a value containing `contains` fails with `message`."""
        with self._lock:
            obj = self._org.object(sobject)
            definition = obj.field(field) if obj else None
            if definition is None:
                raise ValueError(f"unknown field {sobject}.{field}")
            self._org.rules.setdefault(obj.name, []).append((definition.name, contains, message))

    def reset(self) -> None:
        """Empty the org (users re-seeded), counters, faults, rules and the request log."""
        with self._lock:
            self._org.clear()
            self._faults.clear()
            self.api_calls = 0
            self.requests.clear()

    # -- request handling

    def handle(self, method: str, raw_path: str, authorization: str, content_type: str,
               raw: bytes) -> tuple[int, Any, dict]:
        """Answer one HTTP request; returns status, JSON body (None: empty) and headers."""
        split = urlsplit(raw_path)
        path = split.path
        params = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        body: Any = None
        bad_json = None
        if content_type.startswith("application/x-www-form-urlencoded"):
            body = {k: v[0] for k, v in parse_qs(raw.decode(errors="replace")).items()}
        elif raw:
            try:
                body = json.loads(raw)
            except ValueError as error:
                bad_json = str(error)
        logged = {k: "***" if k == "client_secret" else v for k, v in body.items()} \
            if isinstance(body, dict) and "client_secret" in body else body
        entry = {"method": method, "path": path, "query": params, "body": logged, "status": 0}
        with self._lock:
            self.requests.append(entry)
        if path == "/services/oauth2/token":
            status, out, headers = *self._token(method, body if isinstance(body, dict) else {}), {}
        elif path.startswith("/services/data"):
            with self._lock:
                self.api_calls += 1
                calls = self.api_calls
                fault, delay = self._faults.popleft() if self._faults else (None, 0.0)
            if fault == "timeout":  # the client times out; the request is still carried out
                self._stopping.wait(delay)
            status, out, headers = self._data(method, path, params, body, bad_json,
                                              authorization, fault, calls)
            headers["Sforce-Limit-Info"] = f"api-usage={calls}/{self.api_limit}"
        else:
            status, out, headers = *NOT_FOUND, {}
        entry["status"] = status
        return status, out, headers

    def _token(self, method: str, form: dict) -> tuple[int, Any]:
        if method != "POST":
            return 405, {"error": "invalid_request", "error_description": "must use HTTP POST"}
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type",
                         "error_description": "grant type not supported"}
        good_id = secrets.compare_digest(str(form.get("client_id", "")), self.client_id)
        good_secret = secrets.compare_digest(str(form.get("client_secret", "")),
                                             self._client_secret)
        if not (good_id and good_secret):
            return 400, {"error": "invalid_client", "error_description": "invalid client "
                         "credentials"}
        token = self.issue_token()
        issued = str(int(time.time() * 1000))
        signature = base64.b64encode(hashlib.sha256((issued + token).encode()).digest()).decode()
        return 200, {"access_token": token, "signature": signature, "scope": "api",
                     "instance_url": self.url, "id": f"https://login.salesforce.com/id/"
                     f"{ORG_ID}/{self._org.user_id}", "token_type": "Bearer",
                     "issued_at": issued}

    def _data(self, method: str, path: str, params: dict[str, str], body: Any,
              bad_json: str | None, authorization: str, fault: str | None, calls: int
              ) -> tuple[int, Any, dict]:
        with self._lock:
            if fault in _FAULTS:
                return (*_FAULTS[fault], {})
            if fault == "expire_session":
                self._tokens.clear()
            scheme, _, token = authorization.partition(" ")
            if scheme not in ("Bearer", "OAuth") or token not in self._tokens:
                return (*SESSION_EXPIRED, {})
            if calls > self.api_limit:
                return (*_FAULTS["request_limit"], {})
            if path.rstrip("/") == "/services/data":
                return 200, [{"label": "Winter '24", "url": "/services/data/v59.0",
                              "version": "59.0"}], {}
            match = _DATA_PATH.match(path)
            if match is None:
                return (*NOT_FOUND, {})
            if bad_json is not None:
                return 400, _errors("JSON_PARSER_ERROR", f"Unexpected character in the request "
                                    f"body: {bad_json}"), {}
            self._org.journal.clear()  # the undo log lives for one request
            try:
                return self._dispatch(method, match.group(1), match.group(2) or "", params,
                                      body, top=True)
            finally:
                self._org.journal.clear()

    def _dispatch(self, method: str, version: str, rest: str, params: dict[str, str],
                  body: Any, top: bool) -> tuple[int, Any, dict]:
        if rest.strip("/") == "composite":
            if not top:
                return 400, _errors("INVALID_API_INPUT", "A composite request can't contain "
                                    "another composite request"), {}
            if method != "POST":
                return self._org._not_allowed(method, "POST")
            return self._composite(version, body)
        if rest.strip("/") == "limits":
            if method != "GET":
                return self._org._not_allowed(method, "GET,HEAD")
            return 200, {"DailyApiRequests": {"Max": self.api_limit, "Remaining": max(
                self.api_limit - self.api_calls, 0)}}, {}
        return self._org.route(method, version, rest, params, body)

    # -- composite

    def _composite(self, version: str, body: Any) -> tuple[int, Any, dict]:
        subrequests = body.get("compositeRequest") if isinstance(body, dict) else None
        if not isinstance(subrequests, list) or not subrequests:
            return 400, _errors("JSON_PARSER_ERROR", "compositeRequest: a non-empty array of "
                                "subrequests is required"), {}
        if len(subrequests) > COMPOSITE_MAX:
            return 400, _errors("LIMIT_EXCEEDED", "Composite request contains "
                                f"{len(subrequests)} subrequests; the limit is "
                                f"{COMPOSITE_MAX}"), {}
        seen: set[str] = set()
        heavy = 0
        for sub in subrequests:
            if not isinstance(sub, dict) or not all(isinstance(sub.get(k), str) for k in (
                    "method", "url", "referenceId")):
                return 400, _errors("JSON_PARSER_ERROR", "Each subrequest needs method, url "
                                    "and referenceId"), {}
            ref = sub["referenceId"]
            if not re.fullmatch(r"[A-Za-z0-9_]+", ref) or ref in seen:
                return 400, _errors("INVALID_INPUT", f"Duplicate or invalid referenceId "
                                    f"provided in the request: {ref}"), {}
            seen.add(ref)
            if re.match(r"/services/data/v[\d.]+/(query|queryAll|composite/sobjects)(/|$|\?)",
                        sub["url"]):
                heavy += 1
        if heavy > COMPOSITE_HEAVY_MAX:
            return 400, _errors("LIMIT_EXCEEDED", "A composite request can contain at most 5 "
                                "query or sObject Collections subrequests"), {}
        all_or_none = bool(body.get("allOrNone", False))
        mark = len(self._org.journal)
        results: list[dict] = []
        done: dict[str, tuple[int, Any]] = {}
        failed_at = None
        for number, sub in enumerate(subrequests):
            if failed_at is not None and all_or_none:
                results.append({"body": _HALTED, "httpHeaders": {}, "httpStatusCode": 400,
                                "referenceId": sub["referenceId"]})
                continue
            try:
                url = _substitute(sub["url"], done)
                sub_body = _substitute(sub.get("body"), done)
                split = urlsplit(url)
                match = _DATA_PATH.match(split.path)
                if match is None:
                    status, out, headers = (*NOT_FOUND, {})
                else:
                    params = {k: v[0] for k, v in parse_qs(split.query,
                                                           keep_blank_values=True).items()}
                    status, out, headers = self._dispatch(sub["method"], match.group(1),
                                                          match.group(2) or "", params, sub_body,
                                                          top=False)
            except _ReferenceError as error:
                status, out, headers = 400, _errors("PROCESSING_HALTED", str(error)), {}
            results.append({"body": out, "httpHeaders": headers, "httpStatusCode": status,
                            "referenceId": sub["referenceId"]})
            done[sub["referenceId"]] = (status, out)
            if status >= 400 and failed_at is None:
                failed_at = number
        if all_or_none and failed_at is not None:
            self._org.rollback(mark)
            for number, result in enumerate(results):
                if number != failed_at:
                    result.update(body=_HALTED, httpHeaders={}, httpStatusCode=400)
        return 200, {"compositeResponse": results}, {}


class _ReferenceError(Exception):
    """A composite `@{ref.path}` that names no value (its subrequest failed or lacks it)."""


def _lookup(expression: str, ref: str, path: str, done: dict[str, tuple[int, Any]]) -> Any:
    missing = _ReferenceError(f"Invalid reference specified. No value for {ref}{path} found in "
                              f"{ref}. Provided referenceId ({ref}) must refer to an earlier "
                              "subrequest that succeeded and returned that value.")
    if ref not in done or done[ref][0] >= 400:
        raise missing
    value = done[ref][1]
    for name, index in re.findall(r"\.([A-Za-z0-9_]+)|\[(\d+)\]", path):
        if name and isinstance(value, dict) and name in value:
            value = value[name]
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            raise missing
    if value is None or isinstance(value, dict | list):
        raise missing
    return value


def _substitute(value: Any, done: dict[str, tuple[int, Any]]) -> Any:
    """Replace `@{ref.path}` references in a subrequest's url or body."""
    if isinstance(value, str):
        whole = _REF.fullmatch(value)
        if whole:
            return _lookup(value, whole.group(1), whole.group(2), done)
        return _REF.sub(lambda m: str(_lookup(m.group(0), m.group(1), m.group(2), done)), value)
    if isinstance(value, list):
        return [_substitute(item, done) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, done) for key, item in value.items()}
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the server in the foreground for manual use (curl, a REPL, the sink by hand)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--metadata", type=Path, help="Salesforce DX folder holding objects/")
    parser.add_argument("--client-id", default="local-client-id")
    parser.add_argument("--client-secret", default="local-client-secret")
    args = parser.parse_args(argv)
    if args.metadata and not (args.metadata / "objects").is_dir():
        parser.error(f"--metadata {args.metadata} has no objects/ folder")
    server = SalesforceServer(args.metadata, args.client_id, args.client_secret, args.port)
    server.start()
    print(f"Salesforce REST API at {server.url}/services/data/v59.0")
    print(f"CA certificate: {server.cert_path}")
    print(f"OAuth client_credentials: POST {server.url}/services/oauth2/token, "
          f"client_id={server.client_id}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:  # Ctrl-C is how a foreground server is meant to stop
        print("stopped", file=sys.stderr)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
