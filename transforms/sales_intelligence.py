"""Sales intelligence: who the caller is, what they need, and how ready they are to buy.

Everything comes from the caller's own words (the agent's `discovered_signals` only fill a
gap, and are checked against the transcript: confirmed, corrected or unsupported). Industry,
use case, current tool, integrations, authority and timeline are taxonomy ids.
"""

import re
from datetime import date

from schemas.analysis import (
    Bant,
    Evidence,
    Finding,
    Objections,
    SalesIntelligence,
    SignalCheck,
    Stakeholder,
)
from schemas.session_record import SessionRecord
from schemas.taxonomy import ids
from transforms.call_kind import call_kind
from transforms.conversation import Conversation, conversation
from transforms.cues import (
    BUYING_SIGNALS,
    DECISION_MAKER,
    FEATURE_REQUESTS,
    NO_AUTHORITY,
    PAIN_POINTS,
    SHARED_AUTHORITY,
    STAKEHOLDER,
    find_cues,
)
from transforms.lexicon import lexicon
from transforms.mentions import caller_mentions, final_stance, quote_around
from transforms.patterns import at_word_start
from transforms.quantities import (
    SOLO,
    monthly_volume,
    parse_recorded_team_size,
    parse_recorded_volume,
    team_size,
)
from transforms.timeline import find_timelines

# Self-descriptions weigh more than passing mentions ("we're a law firm" vs "our lawyer").
_SELF_DESCRIPTION = re.compile(
    r"\b(?:we'?re\s+an?|we\s+are\s+an?|i\s+(?:run|own|have|manage|work\s+(?:at|for))\s+(?:an?|the|"
    r"my|our)|(?:our|my)\s+(?:company|firm|business|agency|practice)\s+(?:is|does))\b"
)
_NOTHING_TODAY = re.compile(
    r"\b(?:(?:we\s+)?don'?t\s+(?:use|have)\s+(?:anything|any\s+(?:tool|software|system))|nothing"
    r"\s+(?:yet|really|right\s+now)|no\s+(?:tool|software|system)\s+(?:yet|today|right\s+now)|"
    r"starting\s+from\s+scratch)\b"
)
_USE_CASE_PRIORITY = ("hr_documents", "proposals", "quotes", "contracts", "forms", "esignature")
_URGENT = re.compile(r"\b(?:asap|urgent\w*|right\s+away|immediately|yesterday|this\s+week)\b")
_TOOL_PREFERENCE = {tool: rank for rank, tool in enumerate(
    ("crm_native", "google_docs", "microsoft_word", "spreadsheets", "pdf_email", "manual_paper"))}


def analyze_sales_intelligence(record: SessionRecord, objections: Objections) -> SalesIntelligence:
    conv = conversation(record)
    evidence: dict[str, list[Evidence]] = {}

    def note(field: str, turn_index: int, quote: str) -> None:
        evidence.setdefault(field, []).append(Evidence(turn_index=turn_index, quote=quote))

    team = team_size(conv)
    if team:
        note("team_size", team.turn_index, team.quote)
    volume = monthly_volume(conv)
    if volume:
        note("monthly_document_volume", volume.turn_index, volume.quote)

    integration_mentions = final_stance(caller_mentions(conv, "integrations"))
    integrations = [m.id for m in integration_mentions.values()
                    if m.stance in {"current", "evaluating"} and m.id != "other"]
    for mention in integration_mentions.values():
        if mention.id in integrations:
            note("integration_needs", mention.turn_index, mention.quote)

    industry = _industry(conv, record.discovered_signals.industry, note)
    use_case = _use_case(conv, record.discovered_signals.use_case, note)
    kind = call_kind(record)
    if kind in {"sales", "unqualified"}:
        current_tool = _current_tool(conv, note)
        authority = _budget_authority(conv, note)
        timeline, decision_date = _decision_timeline(conv, note)
    else:
        # No purchase is being weighed: an existing customer's tool is ours ("other"), and
        # authority and timeline were not discussed for a sale.
        current_tool = "other" if kind == "support_request" else _current_tool(conv, note)
        authority, timeline, decision_date = "unknown", "unknown", None

    pains = find_cues(conv, PAIN_POINTS)
    signals = find_cues(conv, BUYING_SIGNALS)
    requests = find_cues(conv, FEATURE_REQUESTS)
    stakeholders = _stakeholders(conv)
    urgency = _urgency(conv, timeline)
    bant = _bant(objections, authority, timeline, pains, use_case, signals)

    report = SalesIntelligence(
        team_size=team.value if team else None,
        monthly_document_volume=volume.value if volume else None,
        integration_needs=integrations,
        industry=industry,
        use_case_category=use_case,
        current_tool=current_tool,
        budget_authority=authority,
        decision_timeline=timeline,
        decision_date=decision_date,
        location=record.discovered_signals.location,
        urgency=urgency,
        competitors=objections.competitors,
        objections=objections.types,
        feature_requests=_findings(requests),
        buying_signals=_findings(signals),
        stakeholders=stakeholders,
        pain_points=_findings(pains),
        bant=bant,
        evidence=evidence,
    )
    return report.model_copy(update={"signal_checks": check_signals(record, report)})


def _findings(cues) -> list[Finding]:
    """One finding per quote: a clause that hits two labels is one claim."""
    seen: dict[tuple[int, str], Finding] = {}
    for cue in cues:
        seen.setdefault((cue.turn_index, cue.quote), Finding(text=cue.quote, evidence=cue.evidence))
    return list(seen.values())


def _current_tool(conv: Conversation, note) -> str:
    mentions = [m for m in final_stance(caller_mentions(conv, "tools")).values()
                if m.stance in {"current", "evaluating"} and m.id != "other"]
    current = [m for m in mentions if m.stance == "current"] or mentions
    competitors = ids("competitors")
    in_use = [m for m in current if m.id in competitors]
    if not in_use and current:
        in_use = sorted(current, key=lambda m: (_TOOL_PREFERENCE.get(m.id, 99), m.turn_index))
    if in_use:
        note("current_tool", in_use[0].turn_index, in_use[0].quote)
        return in_use[0].id
    for utterance in conv.caller:
        match = _NOTHING_TODAY.search(utterance.lower)
        if match:
            note("current_tool", utterance.index,
                 quote_around(utterance, match.start(), match.end()))
            return "none"
    return "none"  # nothing named: the taxonomy has no "unknown" for tools


def _scored_ids(conv: Conversation, group: str) -> dict[str, tuple[float, int, str]]:
    """id -> (score, first turn, quote): matched length, doubled in a self-description."""
    matcher = lexicon(group)
    scores: dict[str, tuple[float, int, str]] = {}
    for utterance in conv.caller:
        described = _SELF_DESCRIPTION.search(utterance.lower)
        for match in matcher.find(utterance.lower):
            weight = (match.end - match.start) * (2 if described else 1)
            score, turn, quote = scores.get(match.id, (0.0, utterance.index,
                                                       quote_around(utterance, match.start,
                                                                    match.end)))
            scores[match.id] = (score + weight, turn, quote)
    return scores


def _industry(conv: Conversation, recorded: str | None, note) -> str:
    scores = _scored_ids(conv, "industries")
    if scores:
        best = max(scores, key=lambda i: (scores[i][0], -scores[i][1]))
        note("industry", scores[best][1], scores[best][2])
        return best
    if recorded:
        found = lexicon("industries").ids_in(recorded.lower())
        return found[0] if found else "other"
    return "unknown"


def _use_case(conv: Conversation, recorded: str | None, note) -> str:
    scores = _scored_ids(conv, "use_case_categories")
    if not scores and recorded:
        found = lexicon("use_case_categories").ids_in(recorded.lower())
        return found[0] if found else "other"
    if not scores:
        return "unknown"
    top = max(score for score, _, _ in scores.values())
    # Near-ties go to the more specific category: offer letters over contracts.
    close = [i for i in _USE_CASE_PRIORITY if i in scores and scores[i][0] >= top * 0.6]
    best = close[0] if close else max(scores, key=lambda i: scores[i][0])
    note("use_case_category", scores[best][1], scores[best][2])
    return best


# Checked in this order: a caller who says both "it's my call" and "I'd run it by my partner"
# in one turn shares the decision.
_AUTHORITY = ((NO_AUTHORITY, "no_authority"), (SHARED_AUTHORITY, "shared"),
              (DECISION_MAKER, "decision_maker"))
_ANY_AUTHORITY = at_word_start(f"(?:{pattern.pattern})" for pattern, _ in _AUTHORITY)


def _authority_in(lower: str) -> tuple[str, re.Match] | None:
    for pattern, label in _AUTHORITY:
        match = pattern.search(lower)
        if match:
            return label, match
    return None


def _budget_authority(conv: Conversation, note) -> str:
    verdict, where = "unknown", None
    for utterance in conv.caller:
        if not _ANY_AUTHORITY.search(utterance.lower):
            continue
        found = _authority_in(utterance.lower)
        if found:
            verdict, match = found  # later statements refine earlier ones
            where = (utterance.index, quote_around(utterance, match.start(), match.end()))
    if where:
        note("budget_authority", *where)
    elif any(SOLO.search(u.lower) for u in conv.caller):
        verdict = "decision_maker"  # "it's just me": a one-person business decides alone
    return verdict


def _decision_timeline(conv: Conversation, note) -> tuple[str, date | None]:
    found = None
    for utterance in conv.caller:
        for mention in find_timelines(utterance.lower, conv.call_date, utterance.word_set):
            if found is None or mention.bucket != "unknown" or found[0].bucket == "unknown":
                found = (mention, utterance)
    if found is None:
        return "unknown", None
    mention, utterance = found
    note("decision_timeline", utterance.index, quote_around(utterance, mention.start, mention.end))
    return mention.bucket, mention.target


def _stakeholders(conv: Conversation) -> list[Stakeholder]:
    found: dict[str, Stakeholder] = {}
    for utterance in conv.caller:
        for match in STAKEHOLDER.finditer(utterance.text.lower()):
            role = match.group("role")
            name_match = re.match(r",?\s+([A-Z][a-z]+)", utterance.text[match.end("role"):])
            name = name_match.group(1) if name_match else None
            if role not in found:
                found[role] = Stakeholder(role=role, name=name, evidence=Evidence(
                    turn_index=utterance.index,
                    quote=quote_around(utterance, match.start(), match.end())))
    return list(found.values())


def _urgency(conv: Conversation, timeline: str) -> str:
    if timeline == "immediate" or any(_URGENT.search(u.lower) for u in conv.caller):
        return "high"
    return {"one_month": "medium", "quarter": "medium", "later": "low"}.get(timeline, "unknown")


def _bant(objections: Objections, authority: str, timeline: str, pains, use_case: str,
          signals) -> Bant:
    budget = 8.0 if "pricing" in objections.types else 15.0
    if any(s.label == "asks_pricing_for_team" for s in signals):
        budget += 5
    authority_points = {"decision_maker": 25.0, "shared": 15.0, "no_authority": 5.0,
                        "unknown": 8.0}[authority]
    need = min(25.0, 5.0 * len({p.label for p in pains}) + (10.0 if use_case not in
                                                              {"unknown", "other"} else 0.0))
    timeline_points = {"immediate": 25.0, "one_month": 20.0, "quarter": 12.0, "later": 5.0,
                       "unknown": 3.0}[timeline]
    budget = min(25.0, budget)
    return Bant(budget=budget, authority=authority_points, need=need, timeline=timeline_points,
                total=budget + authority_points + need + timeline_points)


def check_signals(record: SessionRecord, report: SalesIntelligence) -> list[SignalCheck]:
    """Hold the agent's notes against what the transcript says."""
    noted = record.discovered_signals
    checks = []

    def check(signal: str, recorded, recorded_as, analyzed, unknown=(None, "unknown", "other")):
        if recorded in (None, "", []):
            status = "not_recorded"
        elif analyzed in unknown or analyzed == []:
            status = "unsupported"
        elif recorded_as == analyzed:
            status = "confirmed"
        else:
            status = "corrected"
        checks.append(SignalCheck(signal=signal, recorded=recorded, analyzed=analyzed,
                                  status=status))

    team = noted.team_size
    check("team_size", team, team if isinstance(team, int) else
          parse_recorded_team_size(str(team or "")), report.team_size)
    volume = noted.monthly_volume
    check("monthly_volume", volume, volume if isinstance(volume, int) else
          parse_recorded_volume(str(volume or "")), report.monthly_document_volume)
    recorded_integrations = sorted({i for text in noted.integration_needs
                                    for i in lexicon("integrations").ids_in(text.lower())})
    check("integration_needs", noted.integration_needs, recorded_integrations,
          sorted(report.integration_needs))
    for signal, group, analyzed in (("industry", "industries", report.industry),
                                    ("current_tool", "tools", report.current_tool),
                                    ("use_case", "use_case_categories", report.use_case_category)):
        text = getattr(noted, signal)
        found = lexicon(group).ids_in(text.lower()) if text else []
        check(signal, text, found[0] if found else None, analyzed)
    authority = noted.budget_authority
    recorded_authority = {True: "decision_maker", False: "no_authority"}.get(authority) if \
        isinstance(authority, bool) else _authority_from_text(authority)
    check("budget_authority", authority, recorded_authority, report.budget_authority)
    timeline_text = noted.decision_timeline
    recorded_timeline = None
    if timeline_text:
        found_timelines = find_timelines(timeline_text.lower(), record.session.start_time.date())
        recorded_timeline = found_timelines[0].bucket if found_timelines else None
    check("decision_timeline", timeline_text, recorded_timeline, report.decision_timeline)
    return checks


def _authority_from_text(text: str | None) -> str | None:
    if not text:
        return None
    lower = text.lower()
    found = _authority_in(lower)
    if found:
        return found[0]
    if re.search(r"\b(?:approval|boss|manager|vp|director|committee)\b", lower):
        return "no_authority"
    if re.search(r"\b(?:owner|ceo|founder|decision|yes|true)\b", lower):
        return "decision_maker"
    return None
