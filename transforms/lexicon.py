"""Phrase matchers that map what callers say onto taxonomy ids.

Names come from `taxonomy.json` (the contract's synonyms), plus the forms speech-to-text
produces ("docu sign", "hub spot", "sales force") and words that need context to mean the tool
("Word" only as in "Word docs", "box" only as storage). Each group compiles to one regex with a
named group per id, so a turn is scanned once per group.
"""

import re
from dataclasses import dataclass
from functools import cache

from schemas.taxonomy import taxonomy

# Taxonomy synonyms too ambiguous alone ("six in the office", "Dropbox Sign"); the context-aware
# patterns below stand in for them.
_AMBIGUOUS_SYNONYMS = {"Word", "Office", "Box", "Dropbox", "Zoho"}

# Extra phrasings per id, beyond the taxonomy's own synonyms. Regex fragments, lower case.
_EXTRA: dict[str, dict[str, list[str]]] = {
    "competitors": {
        "docusign": [r"docu[\s-]?sign(?:ed)?", r"docusign"],
        "adobe_sign": [r"adobe(?:\s+(?:acrobat|sign))*", r"echo\s?sign"],
        "dropbox_sign": [r"hello\s?sign", r"dropbox\s+sign"],
        "proposify": [r"propos[ie]fy"],
        "qwilr": [r"qwilr", r"quil+r", r"quiller"],
        "better_proposals": [r"better\s+proposals?"],
        "signnow": [r"signnow", r"sign\s?now\b(?=\s+(?:for|to|and|is|was|but|because))"],
        "zoho_sign": [r"zoho\s+sign"],
        "ironclad": [r"iron\s?clad"],
        "conga": [r"conga", r"octiv"],
        "juro": [r"juro"],
        "jotform_sign": [r"jot\s?form(?:\s+sign)?"],
        "formstack": [r"form\s?stack(?:\s+documents)?", r"web\s?merge"],
    },
    "current_tools": {
        "google_docs": [r"google\s+(?:docs?|drive\s+docs?)", r"g\s?docs?"],
        "microsoft_word": [
            r"(?:microsoft|ms)\s+(?:word|office)", r"word\s+(?:docs?|documents?|templates?|files?)",
            r"(?:in|into|using|use|from|on)\s+word\b(?!\s+of)", r"office\s+365",
        ],
        "spreadsheets": [r"excel", r"google\s+sheets?", r"spread\s?sheets?"],
        "manual_paper": [
            r"paper(?:\s+(?:contracts?|forms?|copies|work))?", r"print(?:s|ing)?\s+(?:it|them)",
            r"print\s+and\s+scan", r"scan(?:s|ning)?\s+(?:it|them)\s+back", r"fax(?:es|ing)?",
            r"wet\s+(?:signatures?|ink)", r"by\s+hand",
        ],
        "pdf_email": [r"pdfs?(?:\s+(?:over|by|via)\s+e-?mail)?",
                      r"e-?mail(?:ing)?\s+(?:a\s+)?pdfs?", r"e-?mail\s+attachments?",
                      r"attach(?:ed|ments?)\s"],
        "crm_native": [r"salesforce\s+cpq", r"hub\s?spot\s+quotes?", r"\bcpq"],
    },
    "integrations": {
        "salesforce": [r"sales\s?force", r"sfdc"],
        "hubspot": [r"hub\s?spot"],
        "pipedrive": [r"pipe\s?drive"],
        "zoho_crm": [r"zoho(?!\s+sign)(?:\s+crm)?"],
        "microsoft_dynamics": [r"(?:microsoft\s+|ms\s+)?dynamics(?:\s+365)?"],
        "google_drive": [r"google\s+drive(?!\s+docs?)", r"g\s?drive"],
        "dropbox": [r"drop\s?box(?!\s+sign)"],
        "box": [r"box\.com", r"(?:on|in|use|using|with|and|or|to|from|into)\s+box\b(?!\s+of)"],
        "onedrive_sharepoint": [r"one\s?drive", r"share\s?point"],
        "slack": [r"slack(?!\s+off)"],
        "zapier": [r"zap[iy]er"],
        "stripe": [r"stripe"],
        "quickbooks": [r"quick\s?books", r"qbo"],
        "xero": [r"xero"],
        "api": [r"(?:rest\s+)?apis?\b", r"web\s?hooks?", r"custom\s+integrations?"],
    },
    "industries": {
        "real_estate": [r"real\s?estate", r"realt(?:or|y)s?", r"brokerage", r"property\s+manag\w*",
                        r"propert(?:y|ies)", r"leasing", r"home\s?buyers?", r"listings?"],
        "legal": [r"law\s+(?:firm|office|practice)", r"attorneys?", r"lawyers?", r"paralegals?",
                  r"legal\s+(?:practice|services|firm)"],
        "healthcare": [r"clinics?", r"hospitals?", r"health\s?care", r"medical", r"dental",
                       r"dentists?", r"patients?", r"physical\s+therap\w*", r"pharmac\w+",
                       r"chiropract\w+", r"home\s+health"],
        "financial_services": [r"banks?", r"banking", r"credit\s+union", r"wealth\s+management",
                               r"financial\s+(?:advis\w+|planning|services)", r"mortgages?",
                               r"lend(?:ing|er)", r"fintech", r"accounting\s+firm", r"cpas?",
                               r"bookkeeping", r"investment"],
        "insurance": [r"insurance", r"underwrit\w+", r"policyholders?"],
        "software_saas": [r"saas", r"software", r"start-?up", r"tech\s+company", r"b2b\s+platform"],
        "marketing_agency": [r"marketing\s+agency", r"(?:creative|digital|ad|advertising|branding"
                             r"|design|web|seo|pr)\s+agency", r"agency",
                             r"(?:web|graphic|creative|branding)?\s*design\s+(?:studio|shop|firm)",
                             r"creative\s+studio"],
        "construction": [r"construction", r"contractors?", r"roofing", r"remodel\w*", r"builders?",
                         r"hvac", r"plumbing", r"solar", r"landscaping", r"electrical\s+contract"],
        "manufacturing": [r"manufactur\w+", r"factory", r"fabricat\w+", r"machin(?:e|ing)\s+shop",
                          r"industrial\s+(?:parts|equipment)"],
        "education": [r"schools?", r"universit(?:y|ies)", r"college", r"school\s+district",
                      r"tutoring", r"education\w*", r"academy", r"students?\s+and\s+parents"],
        "nonprofit": [r"non-?\s?profit", r"charit(?:y|ies|able)", r"foundation", r"ngo"],
        "staffing_recruiting": [r"staffing", r"recruit(?:ing|ment|ers?)", r"placement\s+agency",
                                r"executive\s+search", r"search\s+firm", r"head\s?hunt\w*",
                                r"talent\s+agency", r"temp\s+agency"],
        "consulting": [r"consult(?:ing|ancy|ants?)", r"advisory\s+firm"],
        "retail_ecommerce": [r"retail", r"e-?commerce", r"online\s+store", r"shopify",
                             r"boutique", r"stores?\b"],
    },
    "use_case_categories": {
        "proposals": [r"proposals?", r"pitch\s+decks?", r"sows?", r"statements?\s+of\s+work"],
        "quotes": [r"quotes?", r"quoting", r"pricing\s+tables?", r"estimates?", r"bids?",
                   r"price\s+sheets?"],
        "contracts": [r"contracts?", r"agreements?", r"msas?", r"ndas?", r"leases?", r"renewals?"],
        "esignature": [r"e-?sign\w*", r"signatures?", r"sign(?:ed|ing)?\s+(?:off|on)",
                       r"get\s+(?:things|them|it|docs)\s+signed", r"signing",
                       # documents made elsewhere that only need signing
                       r"(?:need|want|get|have)\s+(?:\w+\s+){0,3}to\s+sign\b(?!\s+up)",
                       r"sign\s+(?:it|them|my|the|a|their|this)\b(?!\s+up)"],
        "forms": [r"forms?", r"intake", r"applications?", r"questionnaires?", r"waivers?"],
        "hr_documents": [r"offer\s+letters?", r"onboarding\s+(?:paperwork|documents?|packets?)",
                         r"hr\s+(?:documents?|paperwork|forms?)", r"new\s+hire\s+paperwork",
                         r"employment\s+(?:agreements?|contracts?)"],
    },
}


@dataclass(frozen=True)
class Match:
    id: str
    start: int
    end: int


@dataclass(frozen=True)
class Lexicon:
    group: str
    pattern: re.Pattern

    def find(self, lower: str) -> list[Match]:
        """Every id mentioned in `lower` (lower-cased text), in order."""
        return [Match(m.lastgroup, m.start(), m.end()) for m in self.pattern.finditer(lower)]

    def ids_in(self, lower: str) -> list[str]:
        found: list[str] = []
        for match in self.find(lower):
            if match.id not in found:
                found.append(match.id)
        return found


def _synonym_regex(synonym: str) -> str:
    """'DocuSign' -> 'docu[\\s-]?sign': speech-to-text splits brand names at the capitals."""
    parts = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", synonym) or [synonym]
    return r"[\s-]?".join(re.escape(p.lower()) for p in parts)


@cache
def lexicon(group: str) -> Lexicon:
    """The matcher for a taxonomy group; "tools" is competitors and current tools together."""
    if group == "tools":
        sources = {**_alternatives("competitors"), **_alternatives("current_tools")}
    else:
        sources = _alternatives(group)
    alternation = "|".join(
        f"(?P<{id_}>{'|'.join(sorted(patterns, key=len, reverse=True))})"
        for id_, patterns in sources.items() if patterns
    )
    # The look-ahead for a word character lets mid-word and space positions fail at once.
    return Lexicon(group, re.compile(rf"(?<![\w-])(?=\w)(?:{alternation})(?![\w])"))


def _alternatives(group: str) -> dict[str, list[str]]:
    entries = taxonomy()[group]
    ids = entries if isinstance(entries, list) else [k for k in entries if k != "description"]
    result: dict[str, list[str]] = {}
    for id_ in ids:
        synonyms = entries[id_] if isinstance(entries, dict) else []
        patterns = list(_EXTRA.get(group, {}).get(id_, []))
        if isinstance(synonyms, list):
            patterns += [_synonym_regex(s) for s in synonyms if s not in _AMBIGUOUS_SYNONYMS]
        result[id_] = patterns
    return result
