"""What gets said: agent phrasings, caller phrasings, knowledge-base topics, support issues."""

from __future__ import annotations

from typing import NamedTuple

GREETINGS: tuple[str, ...] = (
    "Hi, thanks for calling PandaDoc! I'm the PandaDoc assistant. What can I help you with today?",
    "Thanks for calling PandaDoc! I'm an AI assistant. How can I help you today?",
    "Hi, thanks for calling PandaDoc! How can I help you today?",
    "Hello and welcome to PandaDoc! I'm a virtual assistant. What brings you in today?",
    "Hi there! You've reached the PandaDoc assistant. What can I do for you?",
    "Hey, thanks for trying PandaDoc! I'm the AI assistant. What would you like to know?",
)

ACKS: tuple[str, ...] = (
    "Got it.", "Okay, great.", "That makes sense.", "Thanks!", "Perfect.", "Understood.",
    "Great, thanks.", "Okay.", "Sounds good.", "Good to know.",
)
NAME_ACKS: tuple[str, ...] = (
    "Nice to meet you, {first}!", "Thanks, {first}.", "Great to meet you, {first}.",
    "Hi {first}!", "Thanks for calling, {first}.",
)

INTRO_FULL: tuple[str, ...] = (
    "Hi, this is {first} {last}, I'm the {role} at {company}. {industry_cap}, and we're looking "
    "at PandaDoc for {use_case}.",
    "Hey there. {first} {last}, {company}. {industry_cap}. I want to stop doing {use_case} by "
    "hand.",
    "Hi! {first} here from {company}. {industry_cap} and I started the trial to see if it can "
    "handle our {use_case}.",
    "Hello, my name's {first}, I'm the {role} over at {company}. We're trying out PandaDoc for "
    "{use_case}.",
)
INTRO_NAME: tuple[str, ...] = (
    "Hi, it's {first} from {company}. I had a few questions about the trial.",
    "Hey, this is {first}. {industry_cap}, and a friend said we should look at you guys.",
    "Hey, {first} here. I'm poking around the trial and wanted to ask some stuff.",
    "Hi, this is {first}. I signed up yesterday and I'm trying to figure out if this fits us.",
)
INTRO_ANON: tuple[str, ...] = (
    "Hi, yeah, I'm just looking at the trial and had a couple questions.",
    "Hey. I'm checking out PandaDoc, trying to see if it's what we need.",
    "Hello? Oh, hi. I wanted to ask about PandaDoc for {use_case}.",
    "Hi, I'm looking for something to send {use_case} and get them signed.",
)

ASK_USE_CASE: tuple[str, ...] = (
    "What are you hoping to use PandaDoc for?",
    "What kind of documents would you be sending?",
    "What's the main thing you'd like PandaDoc to help with?",
)
SAY_USE_CASE: tuple[str, ...] = (
    "Mostly {use_case}.", "{use_case_cap}, that's the big one.",
    "{use_case_cap}. Maybe other stuff later but that's the main thing.",
    "We send a lot of {use_case}, so that.",
)
ASK_INDUSTRY: tuple[str, ...] = (
    "And what kind of business is {company}?", "What industry are you in?",
    "Tell me a bit about your business?",
)
ASK_TOOL: tuple[str, ...] = (
    "How are you handling {use_case} today?", "What are you using today?",
    "What does your process look like right now?",
)
SAY_COMPETITOR: tuple[str, ...] = (
    "We're on {comp}, the standard plan. It does the job.",
    "We use {comp}, but honestly just for signatures.",
    "{comp_cap}. We've had it for, like, three years.",
    "Right now it's {comp}, and the team kind of hates it.",
    "Not DocuSign, if that's what you're thinking - we use {comp}.",
)
SAY_PAST_COMPETITOR: tuple[str, ...] = (
    "We dropped {past} last year, so now it's, well, {tool_said}.",
    "We used to be on {past} but it got too expensive. Now {tool_said}.",
)
ASK_VOLUME: tuple[str, ...] = (
    "Roughly how many {use_case} do you send in a month?",
    "How many documents do you send in a typical month?",
    "About how many documents go out each month?",
)
SAY_VOLUME: tuple[str, ...] = (
    "{vol_cap}, give or take.", "{vol_cap} right now.", "Um, {vol}? It depends on the season.",
    "We do {vol}.", "{vol_cap}, maybe more in the busy months.",
)
ASK_TEAM: tuple[str, ...] = (
    "And how many people would be using it?",
    "How big is the team that would be sending these?",
    "How many people on your team would need access?",
)
ASK_INTEGRATIONS: tuple[str, ...] = (
    "Do you use a CRM or other tools you'd want connected?",
    "Are there any tools you'd want PandaDoc to connect to, like a CRM?",
    "What does the rest of your stack look like - CRM, storage, that kind of thing?",
)
ASK_PAIN: tuple[str, ...] = (
    "What's the biggest headache with the current process?",
    "What's not working well today?",
    "What made you start looking for something new?",
)
ASK_TIMELINE: tuple[str, ...] = (
    "When are you hoping to have something in place?",
    "What's your timeline for making a change?",
    "Is there a date you're working toward?",
)
ASK_AUTHORITY: tuple[str, ...] = (
    "Are you the one making the decision on this, or is anyone else involved?",
    "Who else would be part of the decision?",
    "Would you be the one signing off on this?",
)
ASK_LOCATION: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("And where are you based?", ("{city}.", "We're in {city}.", "{city}, but the team's remote.")),
    ("Which time zone are you in, so I get times right?", ("{tz}.", "{tz}, we're in {city}.")),
)

# Timeline id -> (spoken, noted, urgency)
TIMELINES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "immediate": (
        ("We've got new reps starting on the first, so I want this running before they start.",
         "before new reps start on the 1st", "high"),
        ("Like, yesterday. Our old contract tool expires next week.", "ASAP - tool expires",
         "high"),
        ("This week if I can. We have a big batch going out Monday.", "this week", "high"),
        ("In the next couple of weeks, ideally.", "next 2 weeks", "high"),
    ),
    "one_month": (
        ("Within the month, I'd say.", "within a month", "medium"),
        ("End of the month. That's when our quarter starts.", "end of month", "medium"),
        ("Sometime in the next few weeks.", "few weeks", "medium"),
    ),
    "quarter": (
        ("Probably next quarter.", "next quarter", "low"),
        ("In the next two or three months, no rush.", "2-3 months", "low"),
        ("Before summer, hopefully.", "before summer", "medium"),
    ),
    "later": (
        ("Not before our renewal in the fall, realistically.", "fall renewal", "low"),
        ("Honestly, next year. We're just researching.", "next year", "low"),
        ("After tax season, so like, May or June at the earliest.", "after tax season", "low"),
    ),
    "unknown": (
        ("No real timeline, I'm just looking around.", "no timeline", "low"),
        ("Hm, I don't know yet. Depends on the budget.", "unclear", "low"),
    ),
}

# Budget authority id -> (spoken, noted)
AUTHORITY: dict[str, tuple[tuple[str, object], ...]] = {
    "decision_maker": (
        ("It's my call, I own the company.", True), ("Yeah, that's me.", True),
        ("I decide, and I have the budget for it.", True),
        ("Me. I'm the one who signs the checks.", "owner - decides"),
    ),
    "shared": (
        ("Me and my business partner decide together.", "shared with partner"),
        ("I'd make the recommendation, but our COO signs off.", "recommends, COO signs"),
        ("It's a team decision, but I'm leading it.", "shared"),
    ),
    "no_authority": (
        ("I'd have to run it by my boss.", False),
        ("Not me, the VP of Sales decides. I'm just doing the research.", "needs VP approval"),
        ("Procurement handles anything like this.", "procurement"),
    ),
}

OFFER_MEETING: tuple[str, ...] = (
    "Would you like to book a call with a specialist to get it set up?",
    "Would it help to book a quick call with our team to walk through it?",
    "Want me to set up a call with one of our specialists this week?",
    "I can book you a demo with our team. Would that be useful?",
)
OFFER_SEND: dict[str, tuple[str, ...]] = {
    "pricing": ("Would you like me to send pricing options over?",
                "I can have our sales team send over pricing for a team your size. Want that?"),
    "docs": ("Would you like me to send you our security documentation?",
             "I can email you the relevant documentation. Would that help?"),
    "summary": ("Would it help if I sent a short summary you can forward?",
                "I can send you a one-page overview to share internally. Want that?"),
}
ASK_EMAIL: tuple[str, ...] = (
    "What's the best email to send it to?", "What email should I use?",
    "Can I get your email address?",
)
GOODBYE_AGENT: tuple[str, ...] = (
    "Thank you, {first}! Have a great day.", "Thanks for calling, {first}. Talk soon!",
    "You're welcome, {first}. Have a good one.", "Thanks so much. Take care!",
    "Happy to help. Have a great rest of your day!",
)
GOODBYE_USER: tuple[str, ...] = ("Bye.", "Thanks, bye.", "Okay, bye!", "Cheers, bye.", "Bye now.")
ANYTHING_ELSE: tuple[str, ...] = (
    "Anything else I can help with?", "Is there anything else you'd like to know?",
    "Anything else for today?",
)
NOTHING_ELSE: tuple[str, ...] = (
    "No, that's all. Thanks.", "Nope, that's it. Thank you!", "I think that's everything.",
    "No, you've been really helpful.", "That's it for now.",
)


class KbTopic(NamedTuple):
    """A question callers ask that sends the agent to the knowledge base."""

    query: str
    category: str | None
    p_ok: float  # chance the search finds something
    asks: tuple[str, ...]
    ok: str
    fail: str
    tags: tuple[str, ...] = ()


KB_TOPICS: tuple[KbTopic, ...] = (
    KbTopic("Salesforce integration create document from opportunity", "integrations", 0.95,
            ("Does it work with {salesforce}? Like, can I make a doc from an opportunity?",),
            "Yes - PandaDoc has a native Salesforce integration, so you can create documents "
            "right from an opportunity with the fields filled in.",
            "I'm not finding the details on that right now, but I'll make sure our team covers "
            "it.", ("int:salesforce",)),
    KbTopic("HubSpot integration quotes deals", "integrations", 0.95,
            ("We're on {hubspot}. Does it sync with deals?", "How does the hub spot thing work?"),
            "It does. The HubSpot integration pulls deal and contact data into your documents "
            "and updates the deal when a document is signed.",
            "I couldn't find that in our docs. I'll have someone follow up.", ("int:hubspot",)),
    KbTopic("HIPAA BAA", "security", 0.3,
            ("Are you HIPAA compliant? We'd need a BAA.",
             "Would you sign a BAA? We handle patient data."),
            "PandaDoc supports HIPAA compliance on the Enterprise plan, and a BAA is available "
            "there.",
            "I couldn't find a definite answer on a BAA. I'll flag it for our team so you get an "
            "accurate answer.", ("obj:security_compliance",)),
    KbTopic("SOC 2 Type II report", "security", 0.9,
            ("Do you have a SOC 2 report? Our IT guy will ask.", "Are you SOC 2 certified?"),
            "Yes, PandaDoc is SOC 2 Type II compliant, and the report is available under NDA.",
            "I'm not finding that right now - let me have our security team send it to you.",
            ("obj:security_compliance",)),
    KbTopic("GDPR data processing agreement EU data residency", "security", 0.7,
            ("Where's the data stored? We need it in the EU for GDPR.",
             "Do you have a DPA for GDPR?"),
            "PandaDoc offers a GDPR data processing agreement, and there's an EU data center "
            "option for data residency.",
            "I don't have a clear answer on EU data residency right now. I'll get our team to "
            "confirm.", ("obj:security_compliance",)),
    KbTopic("data residency Australia", "security", 0.15,
            ("Can the data stay in Australia? Our clients ask about that.",),
            "There are regional hosting options on Enterprise.",
            "I couldn't find anything about Australian data residency, sorry. I'll pass that on.",
            ("obj:security_compliance",)),
    KbTopic("Xero integration", "integrations", 0.15,
            ("Does it connect to {xero}? That's where our invoices are.",
             "Is there a Xero integration?"),
            "You can connect Xero through Zapier to create invoices when a document is signed.",
            "I couldn't find a native Xero integration. Zapier might be an option, but I'll "
            "check with the team.", ("int:xero", "obj:feature_gap")),
    KbTopic("QuickBooks integration invoices", "integrations", 0.8,
            ("Can it push stuff into {quickbooks}?",),
            "Yes, the QuickBooks Online integration can create an invoice when a quote is "
            "accepted.", "I'm not finding the QuickBooks details right now.", ("int:quickbooks",)),
    KbTopic("bulk send API limits", "api", 0.3,
            ("What are the limits on bulk send through the API? We'd do thousands at once.",),
            "Bulk send through the API is rate limited per minute; Enterprise plans can raise "
            "the limits.",
            "I couldn't find the exact bulk send limits. I'll get our solutions team to confirm.",
            ("int:api", "obj:feature_gap")),
    KbTopic("bulk send CSV recipients", "features", 0.9,
            ("Can I send the same document to a bunch of people at once?",),
            "Yes - bulk send lets you upload a list and send one template to everyone, each "
            "with their own copy.", "I'm not finding that right now, sorry."),
    KbTopic("collect payments Stripe", "features", 0.9,
            ("Can clients pay when they sign? We use {stripe}.",
             "Can I collect a deposit in the document?"),
            "Yes, you can add a payment to the document with Stripe, so clients sign and pay in "
            "one step.", "I couldn't find the payment details right now.", ("int:stripe",)),
    KbTopic("pricing plans essentials business enterprise", "pricing", 0.95,
            ("What's the difference between the plans?", "How much is the Business plan?"),
            "There are Essentials, Business and Enterprise plans. Business adds CRM "
            "integrations, approval workflows and content library, billed per seat.",
            "I'm not finding current pricing, but sales can send it over.", ("price",)),
    KbTopic("nonprofit discount", "pricing", 0.5,
            ("Do you do a nonprofit discount?",),
            "There is a nonprofit discount - the sales team can apply it to your plan.",
            "I couldn't confirm a nonprofit discount. I'll ask the team to follow up.",
            ("price",)),
    KbTopic("SSO SAML Okta", "security", 0.85,
            ("Do you support SSO? We're on Okta.",),
            "Yes, SAML single sign-on is available on Enterprise, and Okta is supported.",
            "I couldn't find SSO details right now.", ("obj:security_compliance",)),
    KbTopic("notarization remote online notary", "features", 0.3,
            ("Can documents be notarized through you?",),
            "PandaDoc offers notarization through its Notary add-on in supported US states.",
            "I couldn't find anything on notarization, I'll have someone check.",
            ("obj:feature_gap",)),
    KbTopic("offline signing mobile app", "features", 0.35,
            ("Can people sign on a tablet without internet? Our guys are on job sites.",),
            "The mobile app lets you prepare documents, but signing needs a connection.",
            "I'm not seeing offline signing in our docs. That may not be supported.",
            ("obj:feature_gap",)),
    KbTopic("right-to-left languages Hebrew Arabic templates", "features", 0.2,
            ("Do templates work in Arabic? Right to left text?",),
            "Right-to-left text is supported in the editor for most fonts.",
            "I couldn't find confirmation on right-to-left support, sorry.", ("obj:feature_gap",)),
    KbTopic("custom email domain sending", "features", 0.5,
            ("Can the emails come from our own domain instead of PandaDoc?",),
            "Yes, custom email domains are available on Enterprise.",
            "I'm not finding that. I'll note it for the team.", ("obj:feature_gap",)),
    KbTopic("witness signatures UK deeds", "features", 0.3,
            ("We need witnessed signatures for deeds. Can you do that?",),
            "You can add a witness as a signer role on the document.",
            "I couldn't find a clear answer on witnessed signatures.", ("obj:feature_gap",)),
    KbTopic("import templates from DocuSign migration", "migration", 0.6,
            ("Can we bring our templates over from {docusign}?",),
            "Yes, you can upload existing PDFs and Word files as templates, and our onboarding "
            "team can help with migration.", "I'm not finding a migration guide right now.",
            ("comp:docusign",)),
    KbTopic("Pipedrive integration", "integrations", 0.85,
            ("Does it plug into {pipedrive}?",),
            "Yes, there's a Pipedrive integration that pulls deal data into documents.",
            "I couldn't find the Pipedrive details.", ("int:pipedrive",)),
    KbTopic("Microsoft Dynamics 365 integration", "integrations", 0.6,
            ("What about {microsoft_dynamics}?",),
            "There's a Dynamics 365 integration for creating documents from records.",
            "I couldn't find Dynamics details right now.", ("int:microsoft_dynamics",)),
    KbTopic("Zoho CRM integration", "integrations", 0.8,
            ("Do you integrate with {zoho_crm}?",),
            "Yes, PandaDoc integrates with Zoho CRM.", "I'm not finding that right now.",
            ("int:zoho_crm",)),
    KbTopic("Zapier integration triggers", "integrations", 0.9,
            ("Is there a {zapier} thing? We automate a lot with it.",),
            "Yes, the Zapier app has triggers and actions for documents.",
            "I couldn't find the Zapier details.", ("int:zapier",)),
    KbTopic("Slack notifications document viewed", "integrations", 0.75,
            ("Can it ping us in {slack} when someone opens a proposal?",),
            "Yes, the Slack integration sends notifications when documents are viewed or signed.",
            "I'm not finding Slack notifications in the docs.", ("int:slack",)),
    KbTopic("Google Drive Dropbox Box OneDrive storage integration", "integrations", 0.85,
            ("Can signed documents save to {storage} automatically?",),
            "Yes, signed documents can be saved automatically to cloud storage like Google "
            "Drive, Dropbox, Box or OneDrive.", "I couldn't find storage details.",
            ("int:storage",)),
    KbTopic("approval workflow discounts", "features", 0.9,
            ("Can I make it so a manager approves discounts before it goes out?",),
            "Yes, approval workflows can require sign-off when a discount goes over a limit.",
            "I couldn't find approval workflows in the docs."),
    KbTopic("pricing table quote builder", "features", 0.9,
            ("Can I build quotes with, like, line items and tax?",),
            "Yes, pricing tables handle line items, discounts, taxes and optional items.",
            "I'm not finding the pricing table docs right now."),
    KbTopic("document analytics viewed time spent", "features", 0.9,
            ("Can I see if they actually opened it?",),
            "Yes, you'll see when a document is opened and how long they spent on each page.",
            "I couldn't find analytics details."),
    KbTopic("legally binding electronic signature audit trail", "legal", 0.95,
            ("Is it legally binding though? Like in court?",),
            "Yes, PandaDoc signatures comply with the ESIGN Act and UETA, and every document "
            "has an audit trail.", "I'm not finding that, but I'll have legal confirm.",
            ("obj:security_compliance",)),
    KbTopic("free trial length features", "account", 0.95,
            ("How long is the trial, by the way?",),
            "The free trial is fourteen days with Business features, and you can keep the free "
            "eSign plan afterwards.", "I'm not sure, let me have someone confirm."),
)

# Topics for a caller who needs a capability they believe is missing.
FEATURE_GAP_QUERIES = (
    "Xero integration", "offline signing mobile app", "right-to-left languages Hebrew Arabic "
    "templates", "witness signatures UK deeds", "notarization remote online notary",
    "bulk send API limits", "custom email domain sending",
)
# What the agent notes as a pain point when a needed feature seems missing.
GAP_NOTES: dict[str, str] = {
    "Xero integration": "needs Xero integration",
    "offline signing mobile app": "needs offline signing",
    "right-to-left languages Hebrew Arabic templates": "needs RTL/Arabic templates",
    "witness signatures UK deeds": "needs witnessed signatures",
    "notarization remote online notary": "needs notarization",
    "bulk send API limits": "bulk API volume (thousands)",
    "custom email domain sending": "wants custom sending domain",
    "data residency Australia": "AU data residency",
    "HIPAA BAA": "needs HIPAA BAA",
}
SECURITY_QUERIES = (
    "HIPAA BAA", "SOC 2 Type II report", "GDPR data processing agreement EU data residency",
    "data residency Australia", "SSO SAML Okta",
    "legally binding electronic signature audit trail",
)


class SupportIssue(NamedTuple):
    """An existing customer's problem."""

    says: str
    query: str
    category: str
    p_ok: float
    steps: str
    follow: str  # caller's follow-up
    answer: str  # agent's reply to it
    noted: str


SUPPORT_ISSUES: tuple[SupportIssue, ...] = (
    SupportIssue("Clients keep telling me they never got the {use_case} email.",
                 "recipients not receiving document email spam", "troubleshooting", 0.95,
                 "The most common cause is the email landing in spam or being blocked by the "
                 "client's mail filter. You can check the document's status, and resend or share "
                 "a direct link instead. Have you tried the link option?",
                 "No, I didn't know that was a thing.",
                 "In the document, click Send, then choose Share via link. You can paste that "
                 "link into your own email so it comes from your address.",
                 "clients not receiving emails"),
    SupportIssue("The fields from {crm} aren't filling in on the template anymore.",
                 "CRM tokens variables not populating template", "integrations", 0.8,
                 "That usually happens when the variable names in the template don't match the "
                 "CRM field mapping. Could you check the variables panel in the template editor?",
                 "Okay, where's that?",
                 "Open the template, click the variables icon on the right, and compare them to "
                 "the field mapping in Settings, Integrations.", "CRM fields not populating"),
    SupportIssue("I got charged twice this month and I can't figure out why.",
                 "double charged billing invoice", "billing", 0.6,
                 "I'm sorry about that. Billing questions need our billing team to look at your "
                 "account - I can connect you or have them email you.",
                 "Just have them email me, please.",
                 "Will do. They usually reply within one business day.", "double billing"),
    SupportIssue("I can't add a second signer to the document, the option is greyed out.",
                 "add signer recipient role greyed out", "troubleshooting", 0.85,
                 "That happens when the document was already sent. You'd need to move it back "
                 "to draft, add the recipient, and resend.",
                 "Will the first person have to sign again?",
                 "Yes, reverting to draft clears existing signatures, so they'd sign again.",
                 "cannot add signer"),
    SupportIssue("Our {salesforce} sync stopped working since yesterday.",
                 "Salesforce integration sync error reconnect", "integrations", 0.7,
                 "Often the connection token expires. Try disconnecting and reconnecting "
                 "Salesforce under Settings, Integrations.",
                 "Do I need admin rights for that?",
                 "Yes, a Salesforce admin needs to reconnect it.", "Salesforce sync broken"),
    SupportIssue("How do I download the signed PDF with the certificate?",
                 "download signed document certificate of completion", "how_to", 0.95,
                 "Open the completed document, click the download button, and choose to include "
                 "the certificate of completion.", "And that has the audit trail on it?",
                 "Yes, the certificate includes the full audit trail.", "download signed PDF"),
    SupportIssue("I need to remove a seat, someone left the company.",
                 "remove user seat billing", "account", 0.9,
                 "An admin can deactivate the user in Settings, Users. The seat is removed at "
                 "your next billing date.", "Can I move their documents to someone else?",
                 "Yes, when you deactivate them you can transfer their documents.",
                 "remove seat"),
    SupportIssue("Our team can't log in with SSO, it just loops back to the login page.",
                 "SSO login loop SAML error", "troubleshooting", 0.4,
                 "Login loops usually mean the SAML certificate changed on your identity "
                 "provider side. Your IT admin can update it in the SSO settings.",
                 "Can you just fix it on your end?",
                 "I can't change account settings, but I can connect you with support.",
                 "SSO login loop"),
    SupportIssue("The pricing table is adding tax twice on our quotes.",
                 "pricing table tax calculated twice", "troubleshooting", 0.3,
                 "That can happen when tax is set both on the line items and on the table total. "
                 "Try removing one of them.", "Hmm, I think I only set it once.",
                 "In that case, our support team should look at the document.", "tax doubled"),
    SupportIssue("Where did the content library go? I can't find it in the new layout.",
                 "content library location new navigation", "how_to", 0.9,
                 "It moved under Templates in the left menu - there's a Content library tab there.",
                 "Oh, there it is.", "Great!", "can't find content library"),
)

BOOKING_ERRORS: tuple[tuple[str, str], ...] = (
    ("no availability", "it looks like there's no availability at that time"),
    ("calendar API timeout", "our calendar system isn't responding right now"),
    ("slot no longer available", "that slot was just taken"),
    ("calendar provider returned 503", "our calendar service is having trouble"),
    ("rate limited by calendar API", "the calendar system is busy right now"),
)

ACK_NEUTRAL: tuple[str, ...] = (
    "Got it.", "Okay.", "Understood.", "Thanks.", "Makes sense.", "Sure.", "Right.",
    "Okay, thanks.",
)
ACK_POSITIVE: tuple[str, ...] = (
    "Great!", "Perfect.", "Nice.", "Great, thanks.", "Glad to hear it.", "Awesome.", "Okay, great.",
)
ACK_PAIN: tuple[str, ...] = (
    "That's a common problem.", "Ugh, that's frustrating.", "I hear that a lot.",
    "That sounds painful.", "Yeah, that's a lot of manual work.",
)
ACK_NEGATIVE: tuple[str, ...] = (
    "I understand.", "That's fair.", "I hear you.", "Totally understandable.",
    "That makes sense.", "Fair enough.",
)

# Objection type -> caller lines. {comp2} is an alternative in play, {comp} the current one.
OBJECTIONS: dict[str, tuple[str, ...]] = {
    "pricing": (
        "Honestly, the price is the thing. For {team} users your Business plan is more than what "
        "we pay now.",
        "It's, um, kind of expensive for a team our size.",
        "Is there any discount? Because per seat that adds up fast.",
        "We don't really have budget for another tool this year.",
        "That's hard to justify for a {biz}, to be honest. It's a lot per month.",
    ),
    "timing": (
        "Realistically we can't look at this until after our busy season.",
        "We're slammed until next quarter, so not right now.",
        "Our {comp} contract renews in the summer, so not before then.",
        "Not now. Maybe in a few months when things calm down.",
        "We're in the middle of a system migration, so this would have to wait.",
    ),
    "competitor_mention": (
        "To be honest, we're also looking at {comp2}.",
        "My boss likes {comp2}, so that's still in the running.",
        "A friend of mine uses {comp2} and swears by it.",
        "We had a demo with {comp2} last week, actually.",
    ),
    "comparison_request": (
        "How are you different from {comp2}?",
        "Why would I pick you over {comp2}?",
        "What does PandaDoc do that {comp2} doesn't?",
        "We're comparing you with {comp2}. What's the difference, like, in a nutshell?",
    ),
    "switching_barrier": (
        "We've got like {templates} templates in {comp}. Rebuilding them would be a nightmare.",
        "We're locked into {comp} until the end of the year.",
        "Getting the whole team to learn a new tool is the hard part.",
        "Everything's wired into our current setup. Moving it all sounds painful.",
    ),
    "authority": (
        "I'd have to run it by my boss before anything.",
        "Procurement has to sign off on anything over a few hundred bucks.",
        "It's really the partners' decision, not mine.",
        "Our IT department has to approve any new software.",
    ),
}
OBJECTION_REPLIES: dict[str, tuple[str, ...]] = {
    "pricing": (
        "I understand. Our sales team can look at annual pricing and options for a team your "
        "size.",
        "Annual billing brings the per-seat cost down, and the Essentials plan might be enough "
        "to start. Would a smaller plan work?",
        "A lot of teams start with a few seats and add more later. Would that help?",
    ),
    "timing": (
        "Would it help if I had someone reach out closer to then?",
        "No pressure at all. Should I have the team check in next quarter?",
        "Makes sense. Want me to send some info so you have it when you're ready?",
    ),
    "competitor_mention": (
        "Makes sense to compare. What's most important to you in the decision?",
        "It's smart to look around. What would make the difference for you?",
    ),
    "switching_barrier": (
        "Our onboarding team can help migrate your templates, and you can upload existing PDFs "
        "and Word files directly.",
        "A lot of teams run both for a while and move templates over gradually. Onboarding can "
        "help with that.",
    ),
    "authority": (
        "Of course. Would it help if I sent a short summary you can forward?",
        "Would it make sense to book a call with them included?",
        "Totally. I can send an overview for your boss to look at.",
    ),
}
OBJECTION_REACTIONS: dict[str, tuple[str, ...]] = {
    "pricing": ("Maybe. I'd need to see the numbers.", "Okay, but I can't promise anything.",
                "Hm, maybe. What would that come to?", "I'd have to see the pricing first."),
    "timing": ("Yeah, that works.", "Sure, reach out in a couple months.", "Okay, that's fine."),
    "competitor_mention": ("Mostly price and how easy it is for the team.",
                           "Honestly, whatever the reps will actually use.",
                           "The CRM integration, that's the big one."),
    "comparison_request": ("Okay, that's helpful.", "Hm, okay. I'll have to compare.",
                           "Got it, that makes sense."),
    "switching_barrier": ("Okay, that helps a bit.", "Hm. We'd still need to plan for it.",
                          "Good to know they'd help."),
    "authority": ("Yeah, that would help.", "Sure, send it.", "Maybe, let me ask first."),
}
COMPARISON_QUERIES = "PandaDoc vs {comp2} comparison"

UNQUALIFIED: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    # kind: (caller lines, agent reply, caller reaction, what the agent notes as use case)
    "freelancer": (
        ("I'm a freelance designer, it's just me. I send maybe two contracts a month. Is there "
         "a free version?",
         "I do wedding photography on the side, so like, a handful of contracts a year. Do I "
         "really need this?"),
        "For that volume, the free eSign plan might be all you need - unlimited signatures on "
        "uploaded documents.",
        "Oh nice, okay. I'll try that.", "freelance contracts"),
    "student": (
        ("I'm a student, I'm doing a project on e-signature tools. Could I ask some questions?",
         "Hi, I'm in a business class and we're comparing document tools for an assignment."),
        "Happy to help with general info. Our website has product overviews and comparison "
        "pages that should be useful for your project.",
        "Okay, cool, thanks.", "student research"),
    "job_seeker": (
        ("Hi, I actually wanted to ask about jobs at PandaDoc. Are you hiring?",
         "I applied for a position last week and wanted to check on it."),
        "I can't help with hiring questions, but you can find open roles and application "
        "updates on the PandaDoc careers page.",
        "Oh, okay. I'll check there.", "job inquiry"),
    "pdf_editor": (
        ("I just need to fill in a PDF form, like one time. Can PandaDoc do that?",
         "I'm trying to edit a PDF a landlord sent me. Is this the right thing?"),
        "You can upload a PDF and add fields or sign it with the free eSign plan.",
        "Oh, I thought it was free. Okay.", "edit a PDF once"),
}

SMALL_TALK: tuple[tuple[str, str, str], ...] = (
    # (caller, agent, caller)
    ("Sorry, one sec, my dog is going crazy.", "No problem, take your time!",
     "Okay, sorry about that. Where were we?"),
    ("Wait, am I talking to a real person?",
     "I'm an AI assistant, but I can answer most questions about PandaDoc or connect you with "
     "our team.", "Oh, okay. Cool, that's fine."),
    ("Sorry, you cut out for a second there.", "No worries! I was just asking how things are "
     "going with the trial so far.", "Oh, good. It's pretty easy so far."),
    ("Can you hear me okay? I'm in the car.", "I can hear you fine. Go ahead!",
     "Okay, great."),
    ("Hang on, someone's at the door.", "Sure, take your time.", "Sorry, I'm back."),
)
ADDENDA: tuple[str, ...] = (
    "Oh, and one more thing - we'd want our logo on everything.",
    "Sorry, also - is there a mobile app?",
    "And, um, we'd probably need it in Spanish for some clients too.",
    "Oh, I should mention my colleague might call too.",
    "Also, uh, I'm driving, so sorry if it's noisy.",
)
TRIAL_FOLLOWUPS: tuple[tuple[str, str], ...] = (
    ("How's the trial going so far?", "Pretty good. I made one template so far."),
    ("Have you had a chance to send a document yet?", "Not yet, I've just been clicking around."),
    ("Did you get a chance to try the template editor?", "A little. It's pretty intuitive."),
)

# What a caller calls their own kind of business ("hard to justify for a ...").
BIZ_NOUN: dict[str, str] = {
    "real_estate": "small brokerage", "legal": "small firm", "healthcare": "clinic",
    "financial_services": "small firm", "insurance": "small agency", "software_saas": "startup",
    "marketing_agency": "small agency", "construction": "contractor",
    "manufacturing": "shop our size", "education": "school", "nonprofit": "nonprofit",
    "staffing_recruiting": "staffing agency", "consulting": "small consultancy",
    "retail_ecommerce": "small shop", "other": "small business",
}

# Use case category -> a short pitch the agent makes before checking how it lands.
PITCHES: dict[str, tuple[str, ...]] = {
    "proposals": ("With PandaDoc you can build {use_case} from templates, with pricing tables "
                  "and e-signature in one place.",
                  "Teams usually cut proposal time in half with templates and a content "
                  "library."),
    "quotes": ("PandaDoc's pricing tables let you build {use_case} in a few clicks, and clients "
               "can accept and sign right away.",),
    "contracts": ("With PandaDoc, {use_case} go out from a template, get signed on any device, "
                  "and you'll see when they're opened.",
                  "You could send {use_case} from a template and get them back signed the "
                  "same day."),
    "esignature": ("You can upload your {use_case} and send them for signature in a couple of "
                   "minutes, and clients can sign on their phone.",),
    "forms": ("PandaDoc forms let people fill in and sign {use_case} online, no printing.",),
    "hr_documents": ("You can send {use_case} from templates with the details filled in, and "
                     "track who's signed.",),
    "other": ("PandaDoc lets you create, send and e-sign {use_case} in one place.",),
}
GENERIC_PITCHES: tuple[str, ...] = (
    "PandaDoc lets you create, send and e-sign documents in one place, and you can see when "
    "they're opened.",
    "With PandaDoc your team can build documents from templates and get them signed on any "
    "device.",
)
PITCH_CHECKS: tuple[str, ...] = (
    "How does that sound?", "Does that sound like it would help?", "What do you think?",
    "Would that work for you?",
)

# How a secondary tool is mentioned, by integration kind.
INTEGRATION_ROLES: dict[str, tuple[str, ...]] = {
    "crm": ("{0} as the CRM", "{0} for the pipeline"),
    "storage": ("we keep everything in {0}", "files live in {0}"),
    "chat": ("we're on {0} all day", "{0} for chat"),
    "automation": ("{0} for automations", "a bunch of {0} zaps"),
    "payments": ("{0} for payments", "we take deposits through {0}"),
    "accounting": ("{0} for accounting", "the books are in {0}"),
    "api": ("{0} for our own systems", "{0}, our dev wants to hook into it"),
}
SUPPORT_PROMPTS: tuple[str, ...] = (
    "Anything else I can help with?", "Is there anything else going on I can help with?",
    "Anything else while I have you?",
)

COMPETITOR_FAMILY: dict[str, str] = {
    "docusign": "signature", "adobe_sign": "signature", "dropbox_sign": "signature",
    "signnow": "signature", "zoho_sign": "signature", "jotform_sign": "signature",
    "proposify": "proposal", "qwilr": "proposal", "better_proposals": "proposal",
    "ironclad": "clm", "conga": "clm", "juro": "clm", "formstack": "other", "other": "other",
}
COMPARISON_REPLIES: dict[str, tuple[str, ...]] = {
    "signature": (
        "The big difference is that PandaDoc covers the whole document - drafting, pricing "
        "tables, approvals and payment - while {comp2} is mostly about signatures.",
        "{comp2} is great for signatures. PandaDoc adds document creation, templates and a "
        "pricing table builder, with unlimited e-signatures included.",
    ),
    "proposal": (
        "PandaDoc has built-in e-signature and payments, CPQ-style pricing tables and native CRM "
        "integrations, and it handles contracts and forms too, not just proposals.",
        "Compared with {comp2}, PandaDoc goes past proposals into quotes, contracts and forms, "
        "with approvals and e-signature in the same place.",
    ),
    "clm": (
        "{comp2} is built for legal teams managing contracts. PandaDoc is quicker to set up for "
        "sales documents, without a long implementation.",
        "PandaDoc is lighter to roll out than {comp2} - most teams are sending documents the "
        "same week - and it's priced for sales teams, not just legal.",
    ),
    "other": (
        "PandaDoc covers creating, sending, tracking and signing documents in one place, with "
        "CRM integrations and a template library.",
    ),
}
