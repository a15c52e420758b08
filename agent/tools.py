"""The knowledge-base search (Unleash) and meeting-booking APIs, and their tool-call records.

Unleash search, `POST {UNLEASH_API_URL}/search` with `Authorization: Bearer {UNLEASH_API_KEY}`:

    request  {"query": "salesforce integration", "category": "integrations", "limit": 5}
    response {"total": 4, "results": [{"title": "...", "snippet": "...", "source": "help_center",
              "url": "https://..."}, ...]}

Booking, `POST {BOOKING_API_URL}/bookings` with `Authorization: Bearer {BOOKING_API_KEY}`:

    request  {"name": "Luis Marquez", "email": "luis@example.com", "date": "2026-01-15",
              "time": "10:00"}
    response 2xx {"meeting_link": "https://...", "calendar_event_id": "evt_..."}
             4xx/5xx {"error": "slot not available"}

Neither call may hang the conversation: search gives up after 5 s, booking after 10 s, and a
failure becomes a result the model can talk about (and the record shows), never an exception.
The `*_call` functions build the contract's `tool_calls` entries (schemas/session_record.py).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

import aiohttp

from schemas.attributes import rfc3339
from schemas.session_record import BOOKING_TOOL, SEARCH_TOOL

log = logging.getLogger(__name__)
SEARCH_TIMEOUT_S = 5.0
BOOKING_TIMEOUT_S = 10.0
SEARCH_LIMIT = 5
TOP_SOURCES = 3
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


@dataclass(frozen=True)
class SearchHit:
    title: str
    snippet: str
    source: str
    url: str | None = None


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    error: str | None = None  # set when the search could not be made


@dataclass(frozen=True)
class BookingResult:
    success: bool
    meeting_link: str | None = None
    calendar_event_id: str | None = None
    error: str | None = None


class KnowledgeBase(Protocol):
    async def search(self, query: str, category: str | None) -> SearchResult: ...


class BookingService(Protocol):
    async def book(self, name: str, email: str, day: str, time: str) -> BookingResult: ...


class _JsonApi:
    """POSTs JSON with a bearer key; one aiohttp session per client, closed by `aclose`."""

    def __init__(self, url: str | None, key: str | None, timeout: float) -> None:
        self.url = url.rstrip("/") if url else None
        self._key = key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def _post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        async with self._session.post(f"{self.url}{path}", json=body, headers=headers) as reply:
            try:
                payload = await reply.json(content_type=None)
            except ValueError:
                payload = None
            return reply.status, payload

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


class UnleashSearch(_JsonApi):
    @classmethod
    def from_environment(cls) -> UnleashSearch:
        return cls(os.environ.get("UNLEASH_API_URL"), os.environ.get("UNLEASH_API_KEY"))

    def __init__(self, url: str | None, key: str | None,
                 timeout: float = SEARCH_TIMEOUT_S) -> None:
        super().__init__(url, key, timeout)

    async def search(self, query: str, category: str | None) -> SearchResult:
        if not self.url:
            return SearchResult(error="not_configured")
        try:
            status, payload = await self._post(
                "/search", {"query": query, "category": category, "limit": SEARCH_LIMIT})
        except TimeoutError:
            return SearchResult(error="timeout")
        except aiohttp.ClientError as exc:
            return SearchResult(error=type(exc).__name__)
        if status != 200 or not isinstance(payload, dict):
            return SearchResult(error=f"http_{status}")
        hits = [SearchHit(title=str(h.get("title") or ""), snippet=str(h.get("snippet") or ""),
                          source=str(h.get("source") or "unknown"), url=h.get("url"))
                for h in payload.get("results") or [] if isinstance(h, dict)]
        total = payload.get("total")
        return SearchResult(hits=hits, total=total if isinstance(total, int) and total >= 0
                            else len(hits))


class BookingApi(_JsonApi):
    @classmethod
    def from_environment(cls) -> BookingApi:
        return cls(os.environ.get("BOOKING_API_URL"), os.environ.get("BOOKING_API_KEY"))

    def __init__(self, url: str | None, key: str | None,
                 timeout: float = BOOKING_TIMEOUT_S) -> None:
        super().__init__(url, key, timeout)

    async def book(self, name: str, email: str, day: str, time: str) -> BookingResult:
        if not self.url:
            return BookingResult(False, error="booking service not configured")
        try:
            status, payload = await self._post(
                "/bookings", {"name": name, "email": email, "date": day, "time": time})
        except TimeoutError:
            return BookingResult(False, error="booking service timed out")
        except aiohttp.ClientError as exc:
            return BookingResult(False, error=f"booking service unreachable ({type(exc).__name__})")
        body = payload if isinstance(payload, dict) else {}
        if 200 <= status < 300 and body.get("meeting_link"):
            return BookingResult(True, meeting_link=str(body["meeting_link"]),
                                 calendar_event_id=_str_or_none(body.get("calendar_event_id")))
        return BookingResult(False, error=str(body.get("error") or f"HTTP {status}")[:300])


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def normalise_date(value: str) -> str | None:
    """YYYY-MM-DD, or None when `value` is not a calendar date in that form."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def normalise_time(value: str) -> str | None:
    """HH:MM on a 24-hour clock ('9:30' becomes '09:30'), or None."""
    match = _TIME.match(value.strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def valid_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip()))


def search_call(query: str, category: str | None, result: SearchResult,
                at: datetime) -> dict[str, Any]:
    """The contract's KnowledgeSearchCall; a failed search counts as nothing found."""
    sources: list[str] = []
    for hit in result.hits[:TOP_SOURCES]:
        if hit.source not in sources:
            sources.append(hit.source)
    total = 0 if result.error else max(result.total, len(result.hits))
    return {"name": SEARCH_TOOL, "timestamp": rfc3339(at), "query": query,
            "category": category or None, "results_found": total > 0,
            "total_results": total, "top_sources": sources}


def booking_call(name: str, email: str, day: str | None, time: str | None,
                 result: BookingResult, at: datetime) -> dict[str, Any]:
    """The contract's MeetingBookingCall (date and time only when well formed)."""
    return {"name": BOOKING_TOOL, "timestamp": rfc3339(at), "customer_name": name,
            "customer_email": email, "preferred_date": day, "preferred_time": time,
            "success": result.success, "meeting_link": result.meeting_link,
            "calendar_event_id": result.calendar_event_id, "error": result.error}


def other_call(name: str, arguments: dict[str, Any] | None, result: Any,
               at: datetime) -> dict[str, Any]:
    """Any other tool: name, arguments and result, kept and counted by the pipeline."""
    return {"name": name, "timestamp": rfc3339(at), "arguments": arguments, "result": result}
