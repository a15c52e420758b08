"""Digests read from the warehouse (spec 7.4 and 7.5): the hourly quality digest for Slack
#product (P3) and the daily and weekly executive mails.

Each function queries the warehouse it is given (DuckDB or BigQuery, the same SQL: only
portable constructs, `{table}` placeholders and `?` parameters) and returns `Alert`s for the
dispatcher. The analysis reports are JSON columns, parsed here rather than in SQL because the
two engines' JSON functions differ (DuckDB returns the text, BigQuery's client the value).

Caller words (search queries, questions, feature requests) reach Slack only in `plain_text`
objects, and the mail only through `html.escape`, so nothing a caller said can mention
`<!channel>`, add a link or change the markup.
"""

import html
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, Protocol

from pipeline.alerts.business import slack_escape
from pipeline.alerts.model import Alert

TOP_GAPS = 10  # failed searches and unanswered questions listed per digest
TOP_FEATURE_REQUESTS = 10
TOP_EXECUTIVE_ITEMS = 5  # objections, competitors and requests in the executive mail
LOWEST_ENGAGEMENT_LISTED = 10
DEFAULT_SEAT_PRICE_USD_PER_MONTH = 49
ITEM_CHARS = 200  # one listed caller text, so ten of them fit a Slack section (3000)
SECTION_CHARS = 2900
HEADER_CHARS = 150
SPARK_BARS = "▁▂▃▄▅▆▇█"


class Warehouse(Protocol):
    def query(self, sql: str, params: list | None = None) -> list[dict]: ...


def _as_utc(moment: datetime) -> datetime:
    """An instant in UTC; a naive one is taken as UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _parsed(value: Any) -> Any:
    """A JSON column's value: DuckDB returns the JSON text, BigQuery's client the value."""
    if isinstance(value, str | bytes):
        return json.loads(value)
    return value


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": _clip(text, SECTION_CHARS) or " ", "emoji": False}


def _header(text: str) -> dict:
    return {"type": "header", "text": _plain(_clip(text, HEADER_CHARS))}


def _section(text_object: dict) -> dict:
    return {"type": "section", "text": text_object}


def _mrkdwn(our_wording: str) -> dict:
    """Only for our own sentences (figures, labels): escaped as Slack asks all the same."""
    return {"type": "mrkdwn", "text": _clip(slack_escape(our_wording), SECTION_CHARS)}


def _tally(texts_by_call: Iterable[tuple[str, list[str]]], limit: int) -> list[dict]:
    """The texts said most often, each counted once per call, ignoring case and spacing;
    shown as first said, with the calls it came up in."""
    calls: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for session_id, texts in texts_by_call:
        for text in texts:
            key = " ".join(text.lower().split())
            if not key:
                continue
            shown.setdefault(key, " ".join(text.split()))
            in_calls = calls.setdefault(key, [])
            if session_id not in in_calls:
                in_calls.append(session_id)
    ranked = sorted(calls, key=lambda key: (-len(calls[key]), key))[:limit]
    return [{"text": shown[key], "calls": len(calls[key]), "session_ids": calls[key]}
            for key in ranked]


def _listing(title: str, items: list[dict]) -> str:
    lines = [f"• {_clip(item['text'], ITEM_CHARS)} ({_plural(item['calls'], 'call')})"
             for item in items]
    return "\n".join([title, *lines])


# Quality digest (spec 7.4) --------------------------------------------------------------------

_HOUR_SQL = """
SELECT s.session_id, s.engagement_score, a.content_gaps, a.sales_intelligence
FROM {sessions} AS s LEFT JOIN {analysis_results} AS a ON a.session_id = s.session_id
WHERE s.start_time >= ? AND s.start_time < ?
ORDER BY s.start_time, s.session_id
"""


@dataclass(frozen=True)
class _Digest:
    """One rule's findings for the hour, before it becomes an Alert."""

    summary: str  # our sentence with the figures
    listings: list[str]  # caller texts and ids, plain text only
    context: dict[str, Any]


def quality_alerts(warehouse: Warehouse, hour_end: datetime, config: dict) -> list[Alert]:
    """The hourly #product digest over calls that started in [hour_end - 1 h, hour_end):
    one P3 alert per rule with something to report (content gaps, low engagement, feature
    requests), none for a quiet hour, so #product hears only what it can act on."""
    end = _as_utc(hour_end)
    start = end - timedelta(hours=1)
    calls = warehouse.query(_HOUR_SQL, [start, end])
    window = f"{start:%H:%M}–{end:%H:%M} UTC, {_day(start.date())}"
    rules = config["quality"]
    digests = {
        "content_gaps": _content_gaps(calls),
        "low_engagement": _low_engagement(calls, rules["low_engagement"]["engagement_below"]),
        "feature_requests": _feature_requests(calls),
    }
    alerts = []
    for rule, digest in digests.items():
        if digest is None:
            continue
        name = rules[rule]["name"]
        context = {"window_start": start.isoformat(), "window_end": end.isoformat(),
                   "calls": len(calls), **digest.context}
        blocks = [_header(f"{name}, {window}"), _section(_mrkdwn(digest.summary)),
                  *(_section(_plain(listing)) for listing in digest.listings)]
        text = "\n\n".join([f"{name}, {window}", digest.summary, *digest.listings])
        alerts.append(Alert(
            id=f"{rule}:{end.isoformat()}", rule=rule, alert_type="quality", alert_name=name,
            severity="P3", message=slack_escape(text), triggered_at=end, context=context,
            blocks=blocks))
    return alerts


def _content_gaps(calls: list[dict]) -> _Digest | None:
    failed: list[tuple[str, list[str]]] = []
    unanswered: list[tuple[str, list[str]]] = []
    for call in calls:
        gaps = _parsed(call["content_gaps"]) or {}
        failed.append((call["session_id"], list(gaps.get("failed_searches", []))))
        unanswered.append((call["session_id"],
                           [q["text"] for q in gaps.get("unanswered_questions", [])]))
    failed_total = sum(len(texts) for _, texts in failed)
    unanswered_total = sum(len(texts) for _, texts in unanswered)
    if not failed_total and not unanswered_total:
        return None
    with_gaps = [sid for (sid, f), (_, u) in zip(failed, unanswered, strict=True) if f or u]
    top_failed, top_unanswered = _tally(failed, TOP_GAPS), _tally(unanswered, TOP_GAPS)
    listings = []
    if top_failed:
        listings.append(_listing("Failed knowledge-base searches:", top_failed))
    if top_unanswered:
        listings.append(_listing("Unanswered questions:", top_unanswered))
    listings.append("Calls: " + ", ".join(with_gaps))
    return _Digest(
        summary=f"{_plural(failed_total, 'failed knowledge-base search')} and "
                f"{_plural(unanswered_total, 'unanswered question')} in "
                f"{len(with_gaps):,} of {_plural(len(calls), 'call')}.",
        listings=listings,
        context={"calls_with_gaps": len(with_gaps), "failed_searches": failed_total,
                 "unanswered_questions": unanswered_total, "top_failed_searches": top_failed,
                 "top_unanswered_questions": top_unanswered, "session_ids": with_gaps})


def _low_engagement(calls: list[dict], below: float) -> _Digest | None:
    low = sorted((c for c in calls
                  if c["engagement_score"] is not None and c["engagement_score"] < below),
                 key=lambda c: (c["engagement_score"], c["session_id"]))
    if not low:
        return None
    scores = [float(c["engagement_score"]) for c in low]
    average = round(sum(scores) / len(scores), 1)
    share = round(100 * len(low) / len(calls), 1)
    lowest = [{"session_id": c["session_id"], "engagement_score": float(c["engagement_score"])}
              for c in low[:LOWEST_ENGAGEMENT_LISTED]]
    lines = [f"• {item['session_id']}: {item['engagement_score']:g}" for item in lowest]
    return _Digest(
        summary=f"{len(low):,} of {_plural(len(calls), 'call')} ({share:g}%) had engagement "
                f"below {below:g}; their average engagement was {average:g}.",
        listings=["Lowest engagement:\n" + "\n".join(lines),
                  "Calls: " + ", ".join(c["session_id"] for c in low)],
        context={"engagement_below": below, "low_engagement_calls": len(low),
                 "share_pct": share, "average_engagement": average, "lowest": lowest,
                 "session_ids": [c["session_id"] for c in low]})


def _feature_requests(calls: list[dict]) -> _Digest | None:
    requested = [(call["session_id"],
                  [r["text"] for r in (_parsed(call["sales_intelligence"]) or {})
                   .get("feature_requests", [])])
                 for call in calls]
    total = sum(len(texts) for _, texts in requested)
    if not total:
        return None
    asking = [sid for sid, texts in requested if texts]
    top = _tally(requested, TOP_FEATURE_REQUESTS)
    return _Digest(
        summary=f"{_plural(total, 'feature request')} in {len(asking):,} of "
                f"{_plural(len(calls), 'call')}.",
        listings=[_listing("Most requested:", top), "Calls: " + ", ".join(asking)],
        context={"feature_requests": total, "calls_with_requests": len(asking),
                 "top_feature_requests": top, "session_ids": asking})


# Executive summary (spec 7.5) -----------------------------------------------------------------

_FIGURES_SQL = """
SELECT COUNT(*) AS calls,
       COUNT(DISTINCT COALESCE(NULLIF(LOWER(TRIM(user_email)), ''), participant_id))
           AS unique_callers,
       SUM(CASE WHEN meeting_booked THEN 1 ELSE 0 END) AS meetings_booked,
       AVG(lead_score) AS avg_lead_score,
       AVG(engagement_score) AS avg_engagement
FROM {sessions}
WHERE start_time >= ? AND start_time < ?
"""
_OUTCOMES_SQL = """
SELECT call_outcome, COUNT(*) AS calls
FROM {sessions}
WHERE start_time >= ? AND start_time < ?
GROUP BY call_outcome
ORDER BY calls DESC, call_outcome
"""
_CALLS_SQL = """
SELECT s.session_id, s.start_time, s.user_email, s.participant_id, s.qualification_tier,
       a.objections, a.sales_intelligence
FROM {sessions} AS s LEFT JOIN {analysis_results} AS a ON a.session_id = s.session_id
WHERE s.start_time >= ? AND s.start_time < ?
ORDER BY s.start_time, s.session_id
"""
QUALIFIED_TIERS = ("tier_1", "tier_2")
# (key, label, kind): kind picks the format. Every figure is "more is better".
FIGURES = (
    ("calls", "Calls", "count"),
    ("unique_callers", "Unique callers", "count"),
    ("hot_leads", "Qualified leads (tier 1)", "count"),
    ("tier_2_leads", "Tier 2 leads", "count"),
    ("meetings_booked", "Meetings booked", "count"),
    ("avg_lead_score", "Average lead score", "score"),
    ("avg_engagement", "Average engagement", "score"),
    ("pipeline_influenced_usd", "Pipeline influenced", "usd"),
)
PIPELINE_DEFINITION = (
    "Pipeline influenced: for each distinct caller (email, else participant) with a tier 1 or "
    "tier 2 call in the period, the team size they last stated in the period (1 when unknown) "
    "x ${price}/seat/month x 12 months.")


@dataclass(frozen=True)
class _Period:
    """What one period's calls add up to."""

    figures: dict[str, float | int | None]
    outcomes: list[dict]
    objections: list[dict]
    competitors: list[dict]
    feature_requests: list[dict]
    calls_per_day: list[dict]


def executive_alert(warehouse: Warehouse, period: Literal["daily", "weekly"], period_end: date,
                    config: dict) -> Alert:
    """The executive mail over calls that started in [period_end - 1 or 7 days, period_end)
    (UTC), each figure against the period of the same length before, so a reader sees the
    trend without opening a dashboard.

    Qualified leads are distinct callers (email, else participant id): tier 1 if any call of
    theirs in the period was tier 1, tier 2 if their best was tier 2. Pipeline influenced: see
    `PIPELINE_DEFINITION`; the seat price is `config["executive"]["seat_price_usd_per_month"]`
    (49 when absent). Team sizes come from the period's own calls, not the `leads` table, so a
    report re-run later says the same.
    """
    days = 1 if period == "daily" else 7
    rule = "daily_summary" if period == "daily" else "weekly_rollup"
    name = "Daily Executive Summary" if period == "daily" else "Weekly Executive Rollup"
    seat_price = config.get("executive", {}).get("seat_price_usd_per_month",
                                                 DEFAULT_SEAT_PRICE_USD_PER_MONTH)
    end = datetime.combine(period_end, time.min, tzinfo=UTC)
    start = end - timedelta(days=days)
    current = _period(warehouse, start, end, seat_price)
    previous = _period(warehouse, start - timedelta(days=days), start, seat_price)
    trends = [_Trend(key, label, kind, current.figures[key], previous.figures[key])
              for key, label, kind in FIGURES]
    first, last = start.date(), (end - timedelta(days=1)).date()
    when = _day(first) if period == "daily" else f"week {_span(first, last)}"
    calls, hot = int(current.figures["calls"] or 0), int(current.figures["hot_leads"] or 0)
    subject = (f"Voice trial calls, {when}: {_plural(calls, 'call')}, "
               f"{_plural(hot, 'hot lead')}, "
               f"{_plural(int(current.figures['meetings_booked'] or 0), 'meeting')}")
    report = _Report(name=name, when=when, period=period, subject=subject, trends=trends,
                     current=current, definition=PIPELINE_DEFINITION.format(price=seat_price))
    context = {
        "period": period, "start": start.isoformat(), "end": end.isoformat(),
        "previous_start": (start - timedelta(days=days)).isoformat(),
        "figures": {t.key: t.as_context() for t in trends},
        "call_outcomes": current.outcomes, "top_objections": current.objections,
        "top_competitors": current.competitors, "top_feature_requests": current.feature_requests,
        "seat_price_usd_per_month": seat_price, "pipeline_definition": report.definition,
    }
    if period == "weekly":
        context["calls_per_day"] = current.calls_per_day
    return Alert(id=f"{rule}:{period_end.isoformat()}", rule=rule, alert_type="executive",
                 alert_name=name, severity="executive", message=report.text(),
                 triggered_at=end, context=context, subject=subject, html=report.html())


def _span(first: date, last: date) -> str:
    if first.year != last.year:
        return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day}–{last.day} {last:%b %Y}"


def _caller(call: dict) -> str:
    return (call["user_email"] or "").strip().lower() or call["participant_id"]


def _period(warehouse: Warehouse, start: datetime, end: datetime,
            seat_price: float) -> _Period:
    totals = warehouse.query(_FIGURES_SQL, [start, end])[0]
    outcomes = [{"outcome": row["call_outcome"] or "unknown", "calls": int(row["calls"])}
                for row in warehouse.query(_OUTCOMES_SQL, [start, end])]
    calls = warehouse.query(_CALLS_SQL, [start, end])

    best_tier: dict[str, str] = {}
    team_size: dict[str, int] = {}
    objections: Counter[str] = Counter()
    competitors: Counter[str] = Counter()
    requests: list[tuple[str, list[str]]] = []
    per_day = Counter(_as_utc(call["start_time"]).date() for call in calls)
    for call in calls:  # in start order: a later statement of team size wins
        caller, tier = _caller(call), call["qualification_tier"]
        if tier in QUALIFIED_TIERS and best_tier.get(caller) != "tier_1":
            best_tier[caller] = tier
        sales = _parsed(call["sales_intelligence"]) or {}
        if sales.get("team_size"):
            team_size[caller] = int(sales["team_size"])
        reported = _parsed(call["objections"]) or {}
        objections.update(set(reported.get("types", [])))
        competitors.update(set(reported.get("competitors", [])))
        requests.append((call["session_id"],
                         [r["text"] for r in sales.get("feature_requests", [])]))

    tiers = Counter(best_tier.values())
    pipeline = sum(team_size.get(caller, 1) for caller in best_tier) * seat_price * 12
    figures = {
        "calls": int(totals["calls"]),
        "unique_callers": int(totals["unique_callers"]),
        "hot_leads": tiers["tier_1"],
        "tier_2_leads": tiers["tier_2"],
        "meetings_booked": int(totals["meetings_booked"] or 0),
        "avg_lead_score": _rounded(totals["avg_lead_score"]),
        "avg_engagement": _rounded(totals["avg_engagement"]),
        "pipeline_influenced_usd": round(pipeline, 2),
    }
    days = (end - start).days
    return _Period(
        figures=figures, outcomes=outcomes,
        objections=[{"type": k, "calls": n} for k, n in _ranked(objections)],
        competitors=[{"competitor": k, "calls": n} for k, n in _ranked(competitors)],
        feature_requests=_tally(requests, TOP_EXECUTIVE_ITEMS),
        calls_per_day=[{"date": day.isoformat(), "weekday": f"{day:%a}", "calls": per_day[day]}
                       for day in (start.date() + timedelta(days=d) for d in range(days))])


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_EXECUTIVE_ITEMS]


def _label(taxonomy_id: str) -> str:
    return taxonomy_id.replace("_", " ")


@dataclass(frozen=True)
class _Trend:
    """One figure against the period before: the same wording in the text and the HTML."""

    key: str
    label: str
    kind: Literal["count", "score", "usd"]
    value: float | int | None
    previous: float | int | None

    @property
    def change(self) -> float | int | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 2 if self.kind == "usd" else 1)

    @property
    def change_pct(self) -> float | None:
        if self.change is None or not self.previous:
            return None
        return round(100 * self.change / self.previous, 1)

    @property
    def direction(self) -> Literal["up", "down", "flat", "none"]:
        if self.change is None:
            return "none"
        return "up" if self.change > 0 else "down" if self.change < 0 else "flat"

    def shown(self, number: float | int | None, signed: bool = False) -> str:
        if number is None:
            return "n/a"
        sign = ("+" if number > 0 else "-" if number < 0 else "±") if signed else ""
        magnitude = abs(number) if signed else number
        if self.kind == "usd":
            return f"{sign}${magnitude:,.0f}"
        if self.kind == "score":
            return f"{sign}{magnitude:,.1f}"
        return f"{sign}{int(magnitude):,}"

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "–"
        arrow = {"up": "▲", "down": "▼", "flat": "▬"}[self.direction]
        pct = "" if self.change_pct is None else f", {self.change_pct:+.1f}%"
        return f"{arrow} {self.shown(self.change, signed=True)}{pct}"

    def as_context(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "previous": self.previous,
                "change": self.change, "change_pct": self.change_pct,
                "shown": self.shown(self.value), "change_shown": self.change_text}


_COLOURS = {"up": "#1a7f37", "down": "#cf222e", "flat": "#57606a", "none": "#57606a"}
_CELL = "padding:6px 10px;border-bottom:1px solid #e5e7eb;"
_H2 = "font-size:15px;margin:22px 0 6px;color:#111827;"


@dataclass(frozen=True)
class _Report:
    """The executive mail's two parts, built from the same figures."""

    name: str
    when: str
    period: Literal["daily", "weekly"]
    subject: str
    trends: list[_Trend]
    current: _Period
    definition: str

    @property
    def before(self) -> str:
        return "the day before" if self.period == "daily" else "the week before"

    @property
    def columns(self) -> tuple[str, str]:
        return ("This day", "Day before") if self.period == "daily" else ("This week",
                                                                          "Week before")

    def _sparkline(self) -> tuple[str, str]:
        days = self.current.calls_per_day
        most = max((d["calls"] for d in days), default=0)
        bars = "".join(SPARK_BARS[round(d["calls"] / most * (len(SPARK_BARS) - 1)) if most
                                  else 0] for d in days)
        return ", ".join(f"{d['weekday']} {d['calls']}" for d in days), bars

    def _lists(self) -> list[tuple[str, list[str]]]:
        current = self.current
        return [
            ("Top objections", [f"{_label(o['type'])}: {_plural(o['calls'], 'call')}"
                                for o in current.objections]),
            ("Competitors mentioned", [f"{_label(c['competitor'])}: "
                                       f"{_plural(c['calls'], 'call')}"
                                       for c in current.competitors]),
            ("Call outcomes", [f"{_label(o['outcome'])}: {_plural(o['calls'], 'call')}"
                               for o in current.outcomes]),
            ("What callers asked for", [f"{_clip(r['text'], ITEM_CHARS)}: "
                                        f"{_plural(r['calls'], 'call')}"
                                        for r in current.feature_requests]),
        ]

    def text(self) -> str:
        lines = [f"{self.name}, {self.when} (UTC)", "",
                 *(f"{t.label}: {t.shown(t.value)} ({t.change_text} vs "
                   f"{t.shown(t.previous)} {self.before})" for t in self.trends)]
        if self.period == "weekly":
            per_day, bars = self._sparkline()
            lines += ["", f"Calls per day: {per_day}", bars]
        for title, items in self._lists():
            lines += ["", f"{title}:", *(f"- {item}" for item in items or ["none"])]
        return "\n".join([*lines, "", self.definition])

    def html(self) -> str:
        esc = html.escape
        head = "".join(f'<th style="{_CELL}text-align:{align};color:#57606a;'
                       f'font-weight:normal;">{esc(title)}</th>'
                       for title, align in (("Figure", "left"), (self.columns[0], "right"),
                                            (self.columns[1], "right"), ("Change", "right")))
        rows = "".join(
            f'<tr><td style="{_CELL}">{esc(t.label)}</td>'
            f'<td style="{_CELL}text-align:right;font-weight:bold;">{esc(t.shown(t.value))}</td>'
            f'<td style="{_CELL}text-align:right;color:#57606a;">'
            f'{esc(t.shown(t.previous))}</td>'
            f'<td style="{_CELL}text-align:right;color:{_COLOURS[t.direction]};">'
            f'{esc(t.change_text)}</td></tr>' for t in self.trends)
        parts = [
            f'<h1 style="font-size:20px;margin:0 0 4px;color:#111827;">{esc(self.name)}</h1>',
            f'<p style="margin:0 0 16px;color:#57606a;">{esc(self.when[:1].upper())}'
            f'{esc(self.when[1:])} (UTC), compared with {esc(self.before)}</p>',
            f'<table role="presentation" style="border-collapse:collapse;width:100%;'
            f'font-size:14px;"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>',
        ]
        if self.period == "weekly":
            per_day, bars = self._sparkline()
            parts.append(f'<h2 style="{_H2}">Calls per day</h2>'
                         f'<p style="margin:0;">{esc(per_day)}</p>'
                         f'<p style="margin:4px 0 0;font-size:20px;letter-spacing:2px;'
                         f'font-family:monospace;">{esc(bars)}</p>')
        for title, items in self._lists():
            listed = "".join(f'<li style="margin:2px 0;">{esc(item)}</li>' for item in items)
            parts.append(f'<h2 style="{_H2}">{esc(title)}</h2>' + (
                f'<ul style="margin:0;padding-left:20px;">{listed}</ul>' if items
                else '<p style="margin:0;color:#57606a;">none</p>'))
        parts.append(f'<p style="margin:24px 0 0;font-size:12px;color:#6b7280;">'
                     f'{esc(self.definition)}</p>')
        return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                f'<title>{esc(self.subject)}</title></head>'
                '<body style="margin:0;padding:24px;background:#f3f4f6;'
                'font-family:Arial,Helvetica,sans-serif;color:#1f2937;">'
                '<div style="max-width:640px;margin:0 auto;background:#ffffff;'
                'border:1px solid #e5e7eb;border-radius:6px;padding:24px;">'
                + "".join(parts) + "</div></body></html>")
