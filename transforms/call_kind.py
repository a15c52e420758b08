"""What kind of call this was before any scoring: a sales conversation, an existing customer
asking for help, someone who is not a buyer (student, job seeker, personal one-off), or a call
that ended before any real conversation. Lead scoring and the executive summary both use it.
"""

import re
from typing import Literal

from schemas.session_record import SessionRecord
from transforms.conversation import conversation

CallKind = Literal["sales", "support_request", "unqualified", "dropped"]

MIN_CALLER_WORDS = 25  # below this nothing real was said
_EXISTING_CUSTOMER = re.compile(
    r"\b(?:(?:i'?m|we'?re|i\s+am|we\s+are)\s+(?:an?\s+)?(?:existing|current|paying)\s+"
    r"(?:panda\s?doc\s+)?(?:customers?|clients?|users?)|(?:we'?ve|i'?ve)\s+been\s+(?:a\s+)?"
    r"(?:customers?|clients?)\s+(?:for|since)|we\s+(?:already\s+)?(?:use|have|pay\s+for)"
    r"\s+panda\s?doc|(?:been|are)\s+(?:using|on)\s+panda\s?doc\s+(?:for|since))"
)
_SUPPORT = re.compile(
    r"\b(?:(?:our|my)\s+(?:account|subscription|plan|workspace|invoice|bill(?:ing)?)\b|"
    r"(?:can'?t|cannot|unable\s+to)\s+(?:log\s?in|sign\s+in|access|find|get\s+into)|"
    r"(?:not|isn'?t|aren'?t|stopped)\s+(?:working|syncing|sending|loading)|"
    r"(?:reset|change)\s+(?:my|our)\s+password|error\s+message|bug|broken|charged|refund|"
    r"cancel\s+(?:my|our))"
)
_NOT_A_BUYER = re.compile(
    r"\b(?:i'?m\s+a\s+student|for\s+(?:a|my)\s+(?:class|school|college|university)\s+project|"
    r"(?:looking\s+for|apply(?:ing)?\s+for|interested\s+in)\s+(?:a\s+)?(?:job|position|role|"
    r"internship|career)|(?:are\s+you|is\s+pandadoc)\s+hiring|my\s+resume|job\s+(?:opening|"
    r"posting|application)|(?:just|only)\s+(?:once|one\s+document|a\s+single\s+document)|"
    r"(?:just|only)\s+personal|personal\s+(?:use|thing|document|one)|one[- ]off|not\s+a\s+business|"
    r"(?:selling|sell|sold)\s+my\s+(?:car|house|bike|boat|truck)|just\s+this\s+one\b)"
)
# "A caller who rules PandaDoc out" (taxonomy: unqualified).
_RULES_OUT = re.compile(
    r"\b(?:don'?t\s+bother|not\s+interested|(?:we'?ll|i'?ll)\s+pass|not\s+for\s+us|"
    r"(?:i'?m|we'?re)\s+not\s+paying|(?:stick|sticking|staying)\s+with\s+(?:what|our|\w+\s+sign)|"
    r"deal[\s-]?breaker|(?:i'?ll|we'?ll)\s+(?:try|use|take)\s+the\s+free\s+(?:one|plan|version))"
)
_SALES_INTENT = re.compile(r"\b(?:team|reps?|clients?|customers|proposals?|quotes?|contracts?|"
                           r"pricing|seats?|users|trial|demo)\b")


def call_kind(record: SessionRecord) -> CallKind:
    cache = conversation(record).cache
    if "call_kind" not in cache:
        cache["call_kind"] = _classify(record)
    return cache["call_kind"]


def _classify(record: SessionRecord) -> CallKind:
    conv = conversation(record)
    text = " ".join(u.lower for u in conv.caller)
    cut_off = record.session.end_reason in {"participant_disconnected", "error", "timeout"}
    if conv.caller_words < MIN_CALLER_WORDS or (cut_off and len(conv.caller) <= 2):
        return "dropped"
    if any(b.success for b in record.bookings()):
        return "sales"
    if _NOT_A_BUYER.search(text) or _RULES_OUT.search(text):
        return "unqualified"
    if _EXISTING_CUSTOMER.search(text):
        return "support_request"
    support_hits = len(_SUPPORT.findall(text))
    if support_hits >= 2 or (support_hits == 1 and not _SALES_INTENT.search(text)):
        return "support_request"
    return "sales"
