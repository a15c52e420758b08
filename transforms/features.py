"""Which product features a call discussed, and how interested the caller sounded in each
(Amplitude's feature_discussed event, spec 5.3).

Interest is "high" when the caller asked for or wanted the feature ("we need templates"),
"medium" when the caller raised or asked about it, "low" when only the agent brought it up.
The context is the clause where the caller (else the agent) first spoke of it.
"""

import re
from dataclasses import dataclass

from schemas.session_record import SessionRecord
from transforms.conversation import Utterance, conversation
from transforms.patterns import at_word_start

# Feature id -> how callers and agents say it.
FEATURES: dict[str, tuple[str, ...]] = {
    "templates": (r"templates?", r"template library", r"boilerplate"),
    "esignature": (r"e-?signatures?", r"electronic signatures?", r"e-?sign(?:ing)?",
                   r"sign(?:ed|ing)? (?:online|electronically)", r"signing"),
    "crm_integration": (r"crm", r"salesforce", r"hubspot", r"pipedrive", r"dynamics",
                        r"integrat(?:e|es|ion|ions)"),
    "pricing_tables": (r"pricing tables?", r"quotes?", r"quoting", r"line items?", r"cpq"),
    "approval_workflows": (r"approvals?", r"approval workflows?", r"workflows?",
                           r"sign-?off"),
    "document_analytics": (r"analytics", r"tracking", r"track (?:when|whether|if)",
                           r"notifications?", r"opened", r"viewed"),
    "content_library": (r"content library", r"reusable (?:content|blocks?|sections?)"),
    "forms": (r"forms?", r"fillable"),
    "payments": (r"payments?", r"pay online", r"collect(?:ing)? (?:a )?deposits?",
                 r"stripe"),
    "api": (r"api", r"webhooks?", r"developer"),
    "bulk_send": (r"bulk send", r"bulk sending", r"send (?:it )?to (?:many|hundreds)",
                  r"mass send"),
    "mobile_app": (r"mobile(?: app)?", r"on (?:my|their|the) phones?", r"ipad", r"tablet"),
    "reminders": (r"reminders?", r"auto(?:matic)? follow-?ups?", r"chase"),
    "branding": (r"custom branding", r"white-?label(?:led|ed)?", r"logos?",
                 r"brand(?:ed)? (?:colors|colours|look)"),
}
_FIND = at_word_start(f"(?P<{feature}>{'|'.join(words)})\\b"
                      for feature, words in FEATURES.items())
_WANT = re.compile(r"\b(?:need|needs|want|wants|must|require|requires|looking for|"
                   r"important|critical|love|would like|interested in|has to|have to)\b")
# "We don't have a CRM" is not a CRM discussed.
_NEGATED = re.compile(r"\b(?:don'?t|do not|doesn'?t|no|not|never|without)\b")
CONTEXT_CHARS = 200


@dataclass(frozen=True)
class FeatureDiscussed:
    feature_name: str
    interest_level: str  # high, medium, low
    context: str
    turn_index: int


def _mentions(utterance: Utterance) -> list[tuple[str, str]]:
    """(feature, the clause it was said in) for each feature the turn names, once each."""
    found: dict[str, str] = {}
    for match in _FIND.finditer(utterance.lower):
        feature = match.lastgroup
        if feature and feature not in found:
            offset, clause = utterance.clause_at(match.start())
            if utterance.role == "user" and _NEGATED.search(clause[:match.start() - offset]):
                continue
            found[feature] = utterance.text[offset:offset + len(clause)].strip()
    return list(found.items())


def features_discussed(record: SessionRecord) -> list[FeatureDiscussed]:
    """One entry per feature the call named, at its most interested mention, in turn order."""
    view = conversation(record)
    found: dict[str, FeatureDiscussed] = {}
    rank = {"low": 0, "medium": 1, "high": 2}
    for utterance in view.turns:
        for feature, clause in _mentions(utterance):
            if utterance.role == "agent":
                level = "low"
            else:
                level = "high" if _WANT.search(clause.lower()) else "medium"
            earlier = found.get(feature)
            if earlier is None or rank[level] > rank[earlier.interest_level]:
                found[feature] = FeatureDiscussed(feature, level, clause[:CONTEXT_CHARS],
                                                  utterance.index)
    return sorted(found.values(), key=lambda f: f.turn_index)
