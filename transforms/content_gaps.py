"""Content gaps: what the knowledge base and the agent could not answer.

Failed searches (no results), caller questions the agent deflected or could not answer,
questions the caller had to ask again, the documentation areas those point at, and how often
each knowledge source (Intercom, help center, ...) supplied the top answer.
"""

import re
from collections import Counter

from schemas.analysis import ContentGaps, Finding, SourceEffectiveness
from schemas.session_record import SessionRecord
from transforms.conversation import Utterance, conversation

_DEFLECTION = re.compile(
    r"\b(?:i'?m\s+not\s+(?:sure|certain)|i\s+don'?t\s+(?:know|have\s+(?:that|those|the|any|"
    r"specific|details|information))|i\s+(?:can'?t|cannot|couldn'?t)\s+(?:find|answer|confirm|"
    r"say|speak\s+to)|(?:no|not\s+finding\s+(?:any|the))\s+(?:information|details|docs|"
    r"documentation)|(?:our|the)\s+(?:sales\s+)?team\s+(?:can|will|would)\s+(?:help|answer|"
    r"confirm|follow\s+up)|i'?d\s+(?:recommend|suggest)\s+(?:checking|asking|reaching)|"
    r"let\s+me\s+(?:connect|have\s+someone)|(?:outside|beyond)\s+what\s+i\s+can|"
    r"don'?t\s+have\s+access)\b"
)
_STOPWORDS = frozenset(
    "a an the and or but so to of in on for with is are was were be it this that do does did "
    "you your we our i my me can could would will how what when where which who why if there "
    "um uh like just about have has any".split()
)
_AREAS = {
    "integrations": r"integrat\w*|sync|connect|salesforce|hubspot|zapier|api|webhook|crm",
    "pricing_and_plans": r"pric\w*|plan|cost|discount|seat|billing|invoice|subscription",
    "security_and_compliance": r"hipaa|baa|soc|gdpr|security|compliance|encrypt|sso|residency",
    "templates_and_content": r"template|content\s+library|clause|variables?|tokens?|fields?",
    "esignature": r"sign(?:ature|ing|er)?s?\b|notar|witness|initials",
    "payments": r"payment|stripe|paypal|collect|deposit",
    "workflow_and_approvals": r"approv\w+|workflow|routing|reminder|expir\w+|bulk\s+send",
    "account_and_admin": r"log\s?in|password|account|admin|user\s+management|permissions?|sso",
    "mobile_and_offline": r"mobile|app|offline|ipad|tablet|phone",
    "forms_and_intake": r"forms?\b|intake|questionnaire",
}
_AREA_PATTERNS = {area: re.compile(rf"\b(?:{pattern})") for area, pattern in _AREAS.items()}


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9']+", text) if w not in _STOPWORDS and
                     len(w) > 2)


def analyze_content_gaps(record: SessionRecord) -> ContentGaps:
    conv = conversation(record)
    searches = record.searches()
    failed = [s.query for s in searches if not s.results_found or s.total_results == 0]
    unanswered = _unanswered(conv)
    repeated = _repeated(conv.caller)
    gap_texts = [q.lower() for q in failed] + [f.text.lower() for f in unanswered]
    gap_texts += [s.category.lower() for s in searches
                  if s.category and (not s.results_found or s.total_results == 0)]
    areas = [area for area, pattern in _AREA_PATTERNS.items()
             if any(pattern.search(text) for text in gap_texts)]
    return ContentGaps(
        failed_searches=failed,
        unanswered_questions=unanswered,
        repeated_questions=repeated,
        missing_documentation_areas=areas,
        source_effectiveness=_sources(searches),
    )


def _unanswered(conv) -> list[Finding]:
    found = []
    for position, utterance in enumerate(conv.turns):
        if utterance.role != "user" or not utterance.is_question:
            continue
        reply = next((u for u in conv.turns[position + 1:position + 3] if u.role == "agent"), None)
        if reply is not None and _DEFLECTION.search(reply.lower):
            question = _question_sentence(utterance)
            found.append(Finding(text=question, evidence={"turn_index": utterance.index,
                                                          "quote": question}))
    return found


def _question_sentence(utterance: Utterance) -> str:
    text = utterance.text
    end = text.find("?") + 1
    start = max(text.rfind(".", 0, end - 1), text.rfind("!", 0, end - 1)) + 1
    return text[start:end].strip()


def _repeated(caller: list[Utterance]) -> list[Finding]:
    """Caller questions that share most content words with an earlier one."""
    earlier: list[frozenset[str]] = []
    found = []
    for utterance in caller:
        if not utterance.is_question:
            continue
        question = _question_sentence(utterance)
        words = _content_words(question.lower())
        if len(words) >= 2 and any(len(words & seen) / len(words | seen) >= 0.5
                                   for seen in earlier):
            found.append(Finding(text=question, evidence={"turn_index": utterance.index,
                                                          "quote": question}))
        earlier.append(words)
    return found


def _sources(searches) -> list[SourceEffectiveness]:
    appeared: Counter[str] = Counter()
    top: Counter[str] = Counter()
    for search in searches:
        for source in dict.fromkeys(search.top_sources):
            appeared[source] += 1
        if search.results_found and search.top_sources:
            top[search.top_sources[0]] += 1
    return [SourceEffectiveness(source=s, searches=n, answered=top[s])
            for s, n in appeared.most_common()]
