"""How a caller relates to a thing they name: using it now, used it before, not using it,
only imagining it, evaluating it, or asking for a comparison.

"we're not on Salesforce" (negated), "we dropped DocuSign last year" (past), "if we ever moved
to Dynamics" (hypothetical), "we're also looking at Proposify" (evaluating), "how do you compare
to Qwilr?" (comparison). The judgement is local to the clause holding the mention.
"""

import re
from typing import Literal

Stance = Literal["current", "past", "negated", "hypothetical", "evaluating", "comparison"]

_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}?(?:on|using|use|used|in|have|has|had|got|"
    r"need|needing|want|buying|into|a|an)\s+(?:\w+\s+)?$"
    r"|(?:\bnot|\bno|\bnor|\bneither)\s+$|\bwithout\s+(?:\w+\s+)?$"
)
_NEGATED_AFTER = re.compile(r"^\W*(?:is|are)?\s*(?:not|n't)\s+(?:something|what)\b")
_PAST_BEFORE = re.compile(
    r"\b(?:used\s+to|dropped|ditched|left|leaving|quit|switched\s+(?:away\s+)?(?:from|off)|"
    r"moved\s+(?:away\s+)?(?:off(?:\s+of)?|from)|got\s+rid\s+of|cancel+ed|stopped\s+using|"
    r"was\s+on|were\s+on|previously|formerly|no\s+longer|migrated\s+(?:off|from)|came\s+from|"
    r"churned\s+(?:off|from)|replaced|used)\b"
)
_PAST_AFTER = re.compile(
    r"\b(?:last\s+year|years?\s+ago|months?\s+ago|a\s+while\s+(?:ago|back)|before|in\s+the\s+past|"
    r"back\s+then|previously|for\s+a\s+(?:while|bit)\s+(?:but|and\s+then)|until)\b"
)
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:if|in\s+case|someday|one\s+day|eventually|down\s+the\s+road|hypothetically|"
    r"might|may\s+(?:someday|eventually)|unless|in\s+the\s+future)\b"
)
_COMPARISON = re.compile(
    r"\b(?:compare[sd]?|comparison|versus|vs\.?|better\s+than|cheaper\s+than|different\s+from|"
    r"difference|differ|stack\s+up|match\s+up|over\s+(?=(?:\w+\s+){0,2}\w+\s*\?)|against)\b"
)
_EVALUATING_BEFORE = re.compile(
    r"\b(?:looking\s+at|look\s+at|evaluat\w+|consider\w*|checking\s+out|check\s+out|"
    r"trial(?:l?ing)?|demo(?:ed|s)?|talking\s+to|talked\s+to|quote\s+from|short-?list\w*|"
    r"also\s+have|got\s+a\s+(?:quote|proposal)|leaning\s+towards?)\b"
)


def stance_of(clause: str, start: int, end: int) -> Stance:
    """Stance of the mention at clause[start:end] (lower-cased clause)."""
    before = clause[:start]
    after = clause[end:]
    near_before = before[-60:]
    if "no longer" in near_before or re.search(r"n't\s+use\s+(?:\w+\s+)?anymore", clause):
        return "past"
    if _NEGATED_BEFORE.search(near_before) or _NEGATED_AFTER.search(after):
        return "negated"
    if _HYPOTHETICAL_BEFORE.search(before):
        return "hypothetical"
    if _PAST_BEFORE.search(near_before) or _PAST_AFTER.search(after[:40]):
        return "past"
    if _COMPARISON.search(clause):
        return "comparison"
    if _EVALUATING_BEFORE.search(near_before):
        return "evaluating"
    return "current"
