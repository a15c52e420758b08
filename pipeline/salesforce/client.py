"""Salesforce's Composite API, through simple-salesforce, with its failures sorted.

One `composite()` call is one HTTP request and one API call against the org's limit, however
many subrequests it carries. Failures come out as `TransientSalesforceError` (throttled with
REQUEST_LIMIT_EXCEEDED, 5xx, timeouts: retry later) or `PermanentSalesforceError` (a request
the org refuses: dead-letter). An expired session is refreshed with the OAuth 2.0 client
credentials flow and the request sent again.

Without credentials, `OutboxSalesforce` writes each composite request body to the outbox and
answers as an empty org would, so the whole sync runs and the outbox shows what it would send.
"""

import itertools
from typing import Any, Protocol

import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceError,
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceRefusedRequest,
)

from pipeline.credentials import credential
from pipeline.outbox import Outbox
from pipeline.redact import redact_pii

API_VERSION = "59.0"
DATA_PATH = f"/services/data/v{API_VERSION}"
TIMEOUT_SECONDS = 30.0
# Record-level errors worth another try: contention and capacity, not the data itself.
TRANSIENT_ERROR_CODES = frozenset({"UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED",
                                   "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION"})


class TransientSalesforceError(Exception):
    pass


class PermanentSalesforceError(Exception):
    pass


class CompositeApi(Protocol):
    calls: int

    def composite(self, subrequests: list[dict]) -> list[dict]:
        """The `compositeResponse` items, one per subrequest, in order."""
        ...


def _error_codes(content: Any) -> list[str]:
    if isinstance(content, list):
        return [item.get("errorCode", "") for item in content if isinstance(item, dict)]
    return []


def sorted_error(exc: Exception) -> Exception:
    """A simple-salesforce or requests failure as transient or permanent."""
    if isinstance(exc, requests.Timeout | requests.ConnectionError):
        return TransientSalesforceError(f"{type(exc).__name__}: no answer from Salesforce")
    if isinstance(exc, SalesforceError):
        codes = _error_codes(exc.content)
        what = f"HTTP {exc.status} {','.join(codes) or 'error'}"
        if (isinstance(exc, SalesforceRefusedRequest) and "REQUEST_LIMIT_EXCEEDED" in codes) \
                or (isinstance(exc, SalesforceGeneralError) and exc.status >= 500):
            return TransientSalesforceError(what)
        detail = "; ".join(redact_pii(item.get("message", "")[:200]) for item in exc.content
                           if isinstance(item, dict)) if isinstance(exc.content, list) else ""
        return PermanentSalesforceError(f"{what}: {detail}" if detail else what)
    return exc


class SalesforceClient:
    def __init__(self, instance_url: str, client_id: str, client_secret: str,
                 verify: bool | str = True, timeout: float = TIMEOUT_SECONDS) -> None:
        self.instance_url = instance_url.rstrip("/")
        self._client_id, self._client_secret = client_id, client_secret
        self.timeout = timeout
        self.http = requests.Session()
        self.http.trust_env = False  # REQUESTS_CA_BUNDLE would override `verify`
        self.http.verify = verify
        self.calls = 0
        self._sf: Salesforce | None = None

    @classmethod
    def from_environment(cls, timeout: float = TIMEOUT_SECONDS) -> "SalesforceClient | None":
        """SALESFORCE_INSTANCE_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET (a connected
        app with the client credentials flow); SALESFORCE_CA_BUNDLE for a private CA."""
        url, client_id = credential("SALESFORCE_INSTANCE_URL"), credential("SALESFORCE_CLIENT_ID")
        secret = credential("SALESFORCE_CLIENT_SECRET")
        if not (url and client_id and secret):
            return None
        return cls(url, client_id, secret, verify=credential("SALESFORCE_CA_BUNDLE") or True,
                   timeout=timeout)

    def _connect(self) -> Salesforce:
        try:
            response = self.http.post(
                f"{self.instance_url}/services/oauth2/token", timeout=self.timeout,
                data={"grant_type": "client_credentials", "client_id": self._client_id,
                      "client_secret": self._client_secret})
        except requests.RequestException as exc:
            raise sorted_error(exc) from None
        if response.status_code >= 500:
            raise TransientSalesforceError(f"token request: HTTP {response.status_code}")
        if response.status_code != 200:
            error = response.json().get("error", "") if response.content else ""
            raise PermanentSalesforceError(f"token request refused: HTTP "
                                           f"{response.status_code} {error}")
        token = response.json()["access_token"]
        self._sf = Salesforce(instance_url=self.instance_url, session_id=token,
                              session=self.http, version=API_VERSION)
        return self._sf

    def composite(self, subrequests: list[dict]) -> list[dict]:
        body = {"allOrNone": False, "compositeRequest": subrequests}
        for attempt in range(2):
            sf = self._sf or self._connect()
            self.calls += 1
            try:
                return sf.restful("composite", method="POST", json=body,
                                  timeout=self.timeout)["compositeResponse"]
            except SalesforceExpiredSession:
                if attempt:
                    raise TransientSalesforceError("session expired again after refresh"
                                                   ) from None
                self._sf = None  # refreshed on the next pass
            except (SalesforceError, requests.RequestException) as exc:
                raise sorted_error(exc) from None
        raise AssertionError("unreachable")


class OutboxSalesforce:
    """Writes each composite request to the outbox; answers as an org with no such records."""

    def __init__(self, outbox_dir: str) -> None:
        self.outbox = Outbox(outbox_dir, "salesforce")
        self.calls = 0
        self._ids = itertools.count(1)

    def composite(self, subrequests: list[dict]) -> list[dict]:
        self.calls += 1
        self.outbox.write({"method": "POST", "url": f"{DATA_PATH}/composite",
                           "body": {"allOrNone": False, "compositeRequest": subrequests}})
        return [{"referenceId": sub["referenceId"], "httpStatusCode": 200, "httpHeaders": {},
                 "body": self._answer(sub)} for sub in subrequests]

    def _answer(self, sub: dict) -> Any:
        if "/query" in sub["url"]:
            return {"totalSize": 0, "done": True, "records": []}
        return [{"id": f"outbox{next(self._ids):012d}", "success": True, "errors": []}
                for _ in sub["body"]["records"]]
