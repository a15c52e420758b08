"""Phrase cues in the caller's words: objections, pains, buying signals, feature requests,
authority and stakeholders. Each table maps a label to one regex over a lower-cased clause.

`find_cues` scans the caller's clauses once per table and returns every hit with its quote.
"""

import re
from dataclasses import dataclass

from schemas.analysis import Evidence
from transforms.conversation import Conversation
from transforms.mentions import quote_around
from transforms.patterns import at_word_start


class CueTable(dict):
    """label -> regex source for one kind of cue (objections, pains, ...)."""

    def __init__(self, name: str, entries: dict[str, str]) -> None:
        super().__init__(entries)
        self.name = name


_TABLES: list[CueTable] = []


def _table(name: str, entries: dict[str, str]) -> CueTable:
    table = CueTable(name, entries)
    _TABLES.append(table)
    return table


OBJECTIONS = _table("objections", {
    "pricing": (
        r"\b(?:too\s+(?:expensive|pricey|much|steep|costly)|expensive|pricey|pricy|steep|"
        r"can'?t\s+afford|out\s+of\s+(?:our|my)\s+(?:budget|price\s+range)|no\s+budget|"
        r"(?:tight|small|limited|zero)\s+budget|budget\s+is\s+(?:tight|limited|small|gone)|"
        r"hard\s+to\s+justify|cost(?:s)?\s+(?:more|a\s+lot)|more\s+than\s+(?:what\s+)?we\s+pay|"
        r"adds\s+up|(?:is|are|it'?s)\s+a\s+lot\s+for|"
        r"cheaper|discount|per[\s-](?:seat|user)\s+(?:cost|price|pricing|is)|"
        r"(?:price|pricing|cost)\s+(?:is|was|seems|feels)\s+(?:high|a\s+lot|steep|a\s+concern|"
        r"an\s+issue|a\s+problem)|pay\s+(?:that|this)\s+much|over\s+budget|money'?s\s+tight)"
    ),
    "feature_gap": (
        r"\b(?:(?:you|it|pandadoc)\s+(?:don'?t|doesn'?t|can'?t|cannot)\s+(?:have|support|do|"
        r"integrate|handle|connect|offer)|(?:is|are)\s+missing|missing\s+(?:a|the|some)|"
        r"lacks?|deal[\s-]?breaker|no\s+(?:support|way)\s+(?:for|to)|without\s+(?:that|it)\s+"
        r"(?:we|it)|doesn'?t\s+(?:work|sync)\s+with|not\s+(?:supported|available)|"
        r"need(?:s)?\s+(?:it\s+)?to\s+(?:work|sync)\s+with\s+\w+\s+and\s+(?:you|it)\s+"
        r"(?:don'?t|doesn'?t)|that'?s\s+a\s+(?:gap|deal[\s-]?breaker|problem\s+for\s+us))"
    ),
    "timing": (
        r"\b(?:not\s+(?:right\s+)?now|not\s+(?:a\s+)?good\s+time|bad\s+time|busy\s+season|"
        r"maybe\s+later|later\s+this\s+year|next\s+(?:quarter|year|fiscal)|revisit|circle\s+back|"
        r"(?:after|once)\s+(?:our|the)\s+(?:busy|renewal|audit|launch|season|merger|migration|"
        r"fiscal|holidays?|tax\s+season|new\s+(?:fiscal|budget)\s+year)|before\s+our\s+\w+\s+"
        r"renewal|(?:won'?t|can'?t|cannot)\s+(?:really\s+)?(?:look\s+at\s+|be\s+)?(?:switching|switch|"
        r"change|move|buy|ready|able)\s+(?:anything\s+)?(?:before|until)|nothing\s+(?:moves|happens|"
        r"changes)\s+(?:until|before)|no\s+plans?\s+to\s+(?:change|switch|move|buy)|not\s+for\s+"
        r"this\s+year|(?:budget|fiscal)\s+year\s+starts|not\s+in\s+this\s+year'?s\s+budget|"
        r"not\s+(?:a\s+)?priority|no\s+(?:rush|hurry)|too\s+busy|on\s+hold|few\s+months\s+out)"
    ),
    "switching_barrier": (
        r"\b(?:migrat\w+|rebuild\w*|re-?create\w*|re-?do\s+all|all\s+(?:of\s+)?our\s+templates|"
        r"templates\s+(?:we'?ve|that\s+we)\s+built|retrain\w*|re-?train\w*|learning\s+curve|"
        r"locked\s+in|under\s+contract|(?:annual|multi-?year|existing)\s+contract|"
        r"switching\s+(?:cost|is\s+a\s+pain|would\s+be)|hassle\s+to\s+switch|pain\s+to\s+switch|"
        r"already\s+(?:invested|paid|set\s+up)|move\s+everything\s+over|years\s+of\s+"
        r"(?:documents|templates|history)|team\s+(?:is\s+)?used\s+to|bundl\w*|enterprise\s+"
        r"agreement|contract\s+with\s+\w+(?:\s+\w+)?\s+(?:through|until|till|for\s+another))"
    ),
    "security_compliance": (
        r"\b(?:hipaa|baa|soc\s?-?\s?2|soc\s+two|gdpr|ccpa|data\s+residency|compliance|compliant|"
        r"security\s+(?:review|questionnaire|team|audit|requirements?)|infosec|iso\s?27001|"
        r"legal\s+(?:has\s+to|needs\s+to|must|team|review|approval)|pen(?:etration)?\s+test|"
        r"encrypt\w*|where\s+(?:is\s+)?(?:the\s+)?data\s+(?:stored|hosted)|sso|single\s+sign[\s-]on|"
        r"audit\s+requirements|fedramp|finra|phi\b)"
    ),
    "authority": (
        r"\b(?:run\s+it\s+by|check\s+with\s+(?:my|our|the)|ask\s+(?:my|our|the)\s+(?:boss|manager|"
        r"vp|director|ceo|cfo|owner|partners?|team|board)|(?:need|needs|get)\s+(?:approval|"
        r"sign[\s-]?off)|(?:boss|manager|vp|director|ceo|cfo|owner|board|committee|procurement|"
        r"partners?)\s+(?:has|have|needs?|would\s+have|will\s+have)\s+to\s+(?:approve|sign|decide|"
        r"okay|ok|look)|not\s+(?:my|up\s+to\s+me)|procurement|purchasing\s+(?:dept|department|"
        r"team)|above\s+my\s+pay\s+grade|(?:my|our)\s+(?:boss|vp|director|cfo|ceo)\s+decides|"
        r"get\s+(?:buy-?in|approval)|committee|(?:the|my|our)\s+(?:partners|board|boss|vp|owners?|"
        r"gc|general\s+counsel|ceo|cfo)\s+(?:decides?|approves?|makes\s+the\s+(?:call|decision))|"
        r"decision\s+sits\s+with|won'?t\s+be\s+the\s+one\s+deciding|approved\s+by\s+(?:the|my|"
        r"our)\s+(?:board|boss|vp|partners|owner|committee))"
    ),
})

PAIN_POINTS = _table("pain_points", {
    "slow_turnaround": (
        r"\b(?:takes?\s+(?:too\s+long|forever|ages|days|weeks|hours)|slow|delays?|delayed|"
        r"never\s+come\s+back|don'?t\s+come\s+back|(?:wait|waiting)\s+(?:on|for)|chas(?:e|ing)|"
        r"back[\s-]and[\s-]forth|same\s+day|turnaround)"
    ),
    "lost_deals": r"\b(?:lose|lost|losing)\s+(?:deals|customers|clients|business|sales)",
    "manual_work": (
        r"\b(?:manual(?:ly)?|by\s+hand|copy(?:ing)?\s+and\s+past\w*|re-?typ\w+|data\s+entry|"
        r"print(?:ing)?\s+(?:and|it|them)|scan(?:ning)?\s+(?:and|it|them)|paperwork)"
    ),
    "errors": r"\b(?:errors?|mistakes?|typos?|wrong\s+(?:price|version|numbers?)|outdated)",
    "visibility": (
        r"\b(?:no\s+(?:idea|visibility|way\s+to\s+(?:know|tell|track))|don'?t\s+know\s+(?:if|when|"
        r"whether)|lose\s+track|can'?t\s+track|tracking)"
    ),
    "frustration": (
        r"\b(?:pain(?:ful)?|hassle|nightmare|mess(?:y)?|frustrat\w+|annoying|clunky|hate|"
        r"headache|time[\s-]consuming|waste\s+of\s+time|drives?\s+me\s+crazy)"
    ),
})

BUYING_SIGNALS = _table("buying_signals", {
    "ready_to_start": (
        r"\b(?:let'?s\s+do\s+it|sign\s+(?:us\s+)?up|get\s+started|ready\s+to\s+(?:go|start|move|buy)"
        r"|how\s+(?:soon|quickly)\s+can\s+we|when\s+can\s+we\s+start|want\s+this\s+(?:running|live|"
        r"set\s+up)|i'?m\s+sold|we'?re\s+in|move\s+forward)"
    ),
    "asks_pricing_for_team": (
        r"\b(?:how\s+much\s+(?:would|for|is\s+it)|pricing\s+for|quote\s+for|what\s+would\s+it\s+"
        r"cost|cost\s+for\s+(?:\w+\s+){0,2}(?:users|seats|people))"
    ),
    "wants_meeting": (
        r"\b(?:book\s+(?:a|the)|schedule\s+(?:a|the)|set\s+up\s+(?:a|the)\s+(?:call|demo|meeting)|"
        r"talk\s+to\s+(?:sales|someone|a\s+person|a\s+specialist)|demo)"
    ),
    "strong_fit": (
        r"\b(?:exactly\s+what\s+(?:we|i)\s+need|perfect|love\s+(?:that|this|it)|that'?s\s+great|"
        r"sounds\s+(?:great|perfect|amazing)|game\s+changer|huge\s+help|would\s+save\s+us)"
    ),
    "trial_engaged": (
        r"\b(?:(?:in|on|during)\s+(?:the|my|our)\s+trial|already\s+(?:set\s+up|built|created|tried)|"
        r"been\s+playing\s+with|tested\s+it)"
    ),
})

FEATURE_REQUESTS = _table("feature_requests", {
    "capability_question": (
        r"\b(?:(?:does|can|will)\s+(?:it|pandadoc|you|the\s+\w+)\s+(?:do|support|handle|have|"
        r"integrate|connect|sync|work\s+with|let|allow|send|track|generate|pull)|is\s+there\s+"
        r"(?:a\s+way|an?\s+(?:option|feature|integration|api))|do\s+you\s+(?:have|support|offer))"
    ),
    "stated_need": (
        r"\b(?:we\s+(?:really\s+)?(?:need|want|require)\s+(?:it\s+)?to|it\s+(?:has|needs)\s+to|"
        r"must\s+have|would\s+(?:love|like)\s+(?:it\s+)?(?:to|if)|i\s+wish|it\s+would\s+be\s+"
        r"(?:great|nice|helpful)\s+if|need\s+(?:a|an|the)\s+\w+\s+(?:feature|option|integration))"
    ),
})

DECISION_MAKER = re.compile(
    r"\b(?:i\s+own|i'?m\s+the\s+(?:owner|founder|ceo|president|principal|managing\s+(?:partner|"
    r"director)|decision[\s-]maker|one\s+who\s+decides|boss)|(?:it'?s|that'?s)\s+my\s+(?:call|"
    r"decision|company|business)|i\s+(?:make|sign\s+off\s+on)\s+(?:the|those|these|all)\s+"
    r"(?:decisions?|purchases?)|i\s+decide|i\s+(?:can|will)\s+(?:approve|sign\s+off|make\s+the\s+"
    r"call)|i\s+have\s+(?:the\s+)?budget|my\s+own\s+(?:firm|business|company|practice|agency)|"
    r"i\s+run\s+(?:the|my|a|an|this)\b|i\s+hold\s+the\s+(?:budget|purse)|(?:just|only)\s+me\s+"
    r"deciding)"
)
# Taxonomy: shared = "the caller influences, decides with others, or recommends" (so needing a
# boss's approval for their own proposal is shared); no_authority = "someone else decides" and
# the caller says so, or is only gathering information.
SHARED_AUTHORITY = re.compile(
    r"\b(?:(?:me|i)\s+and\s+my\s+(?:partner|co-?founder|business\s+partner)|my\s+(?:partner|"
    r"co-?founder|business\s+partner)\s+and\s+(?:i|me)|we\s+(?:decide|make\s+(?:the\s+)?"
    r"decisions?)\s+together|(?:joint|shared)\s+decision|i(?:'ll|\s+will|'d|\s+would)\s+"
    r"(?:recommend|make\s+(?:a|the)\s+recommendation|bring\s+it\s+to)|i\s+(?:have|get)\s+"
    r"(?:a\s+)?(?:say|input|vote)|i\s+influence|committee|i'?m\s+(?:part\s+of|on)\s+the\s+"
    r"(?:team|committee)\s+(?:that|deciding|evaluating)|i'?m\s+(?:running|leading)\s+the\s+"
    r"evaluation|i\s+recommend|(?:legal|compliance|security|it|finance|procurement)\s+(?:has|have|"
    r"gets?)\s+(?:a\s+)?(?:veto|final\s+say|sign[\s-]?off)|run\s+it\s+by|check\s+with\s+(?:my|our)|ask\s+(?:my|our)\s+(?:boss|manager|"
    r"vp|director|ceo|cfo|owner)|(?:need|needs|get|getting)\s+(?:approval|sign[\s-]?off|the\s+"
    r"green\s+light)|(?:my|our|the)\s+(?:boss|manager|vp|director|ceo|cfo|owner|board)\s+"
    r"(?:has|would\s+have|will\s+have|needs)\s+to\s+(?:approve|sign\s+off|okay|ok))"
)
NO_AUTHORITY = re.compile(
    r"\b(?:(?:my|our|the)\s+(?:boss|manager|vp|director|ceo|cfo|owner|owners|board|partners)\s+"
    r"(?:decides?|make\s+the\s+(?:call|decision)|makes\s+the\s+(?:call|decision))|"
    r"not\s+(?:my\s+(?:call|decision)|up\s+to\s+me)|procurement\s+(?:handles|decides|does)|"
    r"i'?m\s+(?:just|only)\s+(?:gathering|researching|looking|collecting|scoping|the\s+(?:intern|"
    r"assistant))|above\s+my\s+pay\s+grade|i\s+don'?t\s+(?:make|have)\s+(?:the\s+)?(?:decision|"
    r"budget|final\s+say)|someone\s+else\s+decides|i\s+won'?t\s+be\s+(?:the\s+one\s+)?"
    r"(?:deciding|deciding|making\s+the\s+(?:call|decision)))"
)
STAKEHOLDER = re.compile(
    r"\b(?:my|our|the)\s+(?P<role>boss|manager|vp(?:\s+of\s+\w+)?|director(?:\s+of\s+\w+)?|"
    r"ceo|cfo|coo|cto|cro|founder|co-?founder|(?:business\s+)?partners?|owners?|legal(?:\s+team)?|"
    r"lawyer|attorney|it\s+(?:team|department|guy|person)|procurement(?:\s+team)?|finance(?:\s+"
    r"team)?|ops\s+manager|office\s+manager|operations\s+(?:manager|director|team)|"
    r"sales\s+(?:manager|director|lead)|team\s+lead|board|committee|controller|hr(?:\s+team)?|"
    r"compliance\s+(?:team|officer)|security\s+team|head\s+of\s+\w+)"
    r"(?:,?\s+(?P<name>[A-Z][a-z]+))?"
)


@dataclass(frozen=True)
class Cue:
    label: str
    turn_index: int
    quote: str
    clause: str

    @property
    def evidence(self) -> Evidence:
        return Evidence.model_construct(turn_index=self.turn_index, quote=self.quote)


# Every label of every table in one regex (group "table__label"): the caller's turns are
# scanned once for all cue tables, and each analyzer takes its table's share.
_ALL_CUES = at_word_start(f"(?P<{table.name}__{label}>{pattern})" for table in _TABLES
                          for label, pattern in table.items())


def find_cues(conv: Conversation, table: CueTable) -> list[Cue]:
    """Every (label, caller clause) hit of `table`, in call order; a label once per clause."""
    if "cues" not in conv.cache:
        conv.cache["cues"] = _scan(conv)
    return [cue for name, cue in conv.cache["cues"] if name == table.name]


def _scan(conv: Conversation) -> list[tuple[str, Cue]]:
    found: list[tuple[str, Cue]] = []
    for utterance in conv.caller:
        seen: set[tuple[str, int]] = set()
        for match in _ALL_CUES.finditer(utterance.lower):
            offset, clause = utterance.clause_at(match.start())
            if (match.lastgroup, offset) in seen:
                continue
            seen.add((match.lastgroup, offset))
            table, label = match.lastgroup.split("__")
            quote = quote_around(utterance, match.start(), match.end())
            found.append((table, Cue(label, utterance.index, quote, clause)))
    return found

