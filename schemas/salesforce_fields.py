"""The Salesforce fields the job writes, defined once (spec section 4).

The sink maps analysis values onto these names and limits; the org's metadata
(`schemas/salesforce/`, deployable with the Salesforce CLI) is rendered from them by
`schemas.salesforce_metadata`. The spec's "standard fields" (4.1: Lead Score, Qualification
Tier...) are not standard in Salesforce; they are custom fields whose labels are those names.
"""

from dataclasses import dataclass

from schemas.taxonomy import ids

LONG_TEXT = 32_768  # Salesforce's usual Long Text Area size
TRANSCRIPT_TEXT = 131_072  # the largest Long Text Area Salesforce allows


@dataclass(frozen=True)
class SalesforceField:
    name: str  # API name, e.g. "Team_Size__c"
    label: str
    type: str  # Metadata API type: Text, LongTextArea, Number, Picklist, MultiselectPicklist,
    #            DateTime, Date, Url
    description: str
    length: int | None = None  # characters, for text types
    precision: int | None = None  # digits in all, for Number
    scale: int | None = None  # digits after the point, for Number
    values: tuple[str, ...] = ()  # picklist value API names (restricted)
    external_id: bool = False

    @property
    def value_labels(self) -> dict[str, str]:
        return {value: value.replace("_", " ").title() for value in self.values}


def _picklist(name: str, label: str, values, description: str, multi: bool = False):
    return SalesforceField(name, label, "MultiselectPicklist" if multi else "Picklist",
                           description, values=tuple(sorted(values)))


def _text(name: str, label: str, length: int, description: str) -> SalesforceField:
    return SalesforceField(name, label, "Text" if length <= 255 else "LongTextArea",
                           description, length=length)


def _number(name: str, label: str, precision: int, scale: int, description: str):
    return SalesforceField(name, label, "Number", description, precision=precision, scale=scale)


TIERS = tuple(sorted(ids("qualification_tiers")))
PRIORITIES = ("High", "Normal", "Low")

# Spec 4.1 to 4.6: on Lead and on Contact alike (a known Contact is updated, not a Lead).
PERSON_FIELDS: tuple[SalesforceField, ...] = (
    # 4.1 Lead/Contact record updates
    _number("Lead_Score__c", "Lead Score", 5, 1, "Lead score 0-100 from the latest voice call"),
    _text("Lead_Score_Breakdown__c", "Lead Score Breakdown", 4000,
          "The five score components with points and reasons"),
    _picklist("Qualification_Tier__c", "Qualification Tier", TIERS,
              "tier_1 hot, tier_2 warm, tier_3 cold"),
    SalesforceField("Last_Call_Date__c", "Last Call Date", "DateTime",
                    "When the latest voice call started"),
    _number("Call_Duration__c", "Call Duration", 8, 0, "Latest voice call, in seconds"),
    _number("Engagement_Score__c", "Engagement Score", 5, 1,
            "How much the caller engaged, 0-100"),
    # 4.2 Discovered signals
    _number("Team_Size__c", "Team Size", 9, 0, "People on the caller's team"),
    _number("Monthly_Document_Volume__c", "Monthly Document Volume", 12, 0,
            "Documents a month the caller expects"),
    _picklist("Integration_Needs__c", "Integration Needs", ids("integrations"),
              "Systems the caller needs to connect", multi=True),
    _picklist("Industry_Vertical__c", "Industry Vertical", ids("industries"),
              "The caller's industry"),
    _picklist("Decision_Timeline__c", "Decision Timeline", ids("decision_timeline"),
              "When the caller expects to decide"),
    _picklist("Budget_Authority__c", "Budget Authority", ids("budget_authority"),
              "Whether the caller decides on budget"),
    _picklist("Current_Tool__c", "Current Tool", ids("competitors") | ids("current_tools"),
              "What the caller uses today"),
    _picklist("Urgency_Level__c", "Urgency Level", ("high", "medium", "low", "unknown"),
              "How urgent the need sounded"),
    # 4.3 Pain points and needs
    _text("Pain_Points__c", "Pain Points", LONG_TEXT, "Pain points, one a line"),
    _text("Use_Cases__c", "Use Cases", 4000, "Use case category and what the caller said"),
    _text("Feature_Requests__c", "Feature Requests", LONG_TEXT, "Feature requests, one a line"),
    # 4.4 Competitive intelligence
    _picklist("Competitor_Mentioned__c", "Competitor Mentioned", ids("competitors"),
              "Competitors named in the call", multi=True),
    _text("Current_Solution__c", "Current Solution", 255,
          "What the caller uses today, as said"),
    _text("Switching_Barriers__c", "Switching Barriers", LONG_TEXT,
          "What keeps the caller from switching, one a line"),
    # 4.5 Call intelligence
    _picklist("Objections_Raised__c", "Objections Raised", ids("objection_types"),
              "Objection types raised", multi=True),
    _text("Buying_Signals__c", "Buying Signals", LONG_TEXT, "Buying signals, one a line"),
    _text("Stakeholders_Mentioned__c", "Stakeholders Mentioned", 4000,
          "Other people in the decision, one a line"),
    _text("Key_Quotes__c", "Key Quotes", LONG_TEXT, "The caller's own words that matter most"),
    _picklist("Call_Sentiment__c", "Call Sentiment", ids("sentiment"),
              "Overall sentiment of the caller"),
    # 4.6 Action items and next steps
    _text("Next_Best_Action__c", "Next Best Action", 1000, "What sales should do next"),
    _picklist("Follow_Up_Priority__c", "Follow-Up Priority", PRIORITIES,
              "How soon sales should follow up"),
    _text("Recommended_Owner__c", "Recommended Owner", 255,
          "Sales role or queue that should own the follow-up"),
)

# Spec 4.8: one record per call, upserted on Session_Id__c.
VOICE_CALL_OBJECT = "Voice_Call__c"
VOICE_CALL_FIELDS: tuple[SalesforceField, ...] = (
    SalesforceField("Session_Id__c", "Session Id", "Text", "The call's session_id",
                    length=128, external_id=True),
    _text("Transcript__c", "Transcript", TRANSCRIPT_TEXT,
          "The transcript; a long one is truncated and Transcript URL holds the whole"),
    _text("Call_Summary__c", "Call Summary", LONG_TEXT, "The executive summary of the call"),
    SalesforceField("Transcript_URL__c", "Transcript URL", "Url",
                    "Where the whole transcript can be read"),
    _number("Quality_Score__c", "Quality Score", 5, 1, "Conversation quality 0-100"),
    SalesforceField("Call_Date__c", "Call Date", "DateTime", "When the call started"),
    _number("Duration_Minutes__c", "Duration Minutes", 8, 2, "Call length in minutes"),
    _text("Related_To__c", "Related To", 18, "Id of the Lead or Contact who called"),
    _text("Metrics_JSON__c", "Metrics JSON", LONG_TEXT,
          "Latency, tokens, cost and quality figures as JSON"),
)

# Spec 4.7: a custom activity field makes "one Task per session" checkable.
TASK_FIELDS: tuple[SalesforceField, ...] = (
    SalesforceField("Voice_Session_Id__c", "Voice Session Id", "Text",
                    "The voice call this follow-up task was created for", length=128),
)

OBJECT_FIELDS: dict[str, tuple[SalesforceField, ...]] = {
    "Lead": PERSON_FIELDS,
    "Contact": PERSON_FIELDS,
    # Activity custom fields apply to Task and Event; the metadata lives under Activity.
    "Activity": TASK_FIELDS,
    VOICE_CALL_OBJECT: VOICE_CALL_FIELDS,
}
FIELDS_BY_NAME: dict[str, SalesforceField] = {
    f.name: f for fields in OBJECT_FIELDS.values() for f in fields
}
# Standard fields the sink writes, with Salesforce's own limits.
STANDARD_TEXT_LIMITS = {"Subject": 255, "Description": 32_000, "FirstName": 40,
                        "LastName": 80, "Company": 255}
LEAD_SOURCE = "Voice Trial Agent"

