"""Static vocabulary: names, companies, industries, tools, places. Data only, no logic."""

from __future__ import annotations

from typing import NamedTuple

FIRST_NAMES: tuple[str, ...] = (
    "Luis", "Rina", "Tom", "Priya", "Marcus", "Aisha", "Ben", "Chloe", "Daniel", "Elena",
    "Farah", "Gabe", "Hannah", "Ivan", "Jasmine", "Kenji", "Laura", "Mateo", "Nadia", "Owen",
    "Paula", "Quinn", "Rafael", "Sofia", "Tariq", "Uma", "Victor", "Wendy", "Xavier", "Yasmin",
    "Zach", "Amara", "Brandon", "Carmen", "Derek", "Emily", "Felix", "Grace", "Hector", "Imani",
    "Jordan", "Kayla", "Liam", "Maya", "Nate", "Olivia", "Pedro", "Rachel", "Sam", "Tessa",
    "Andre", "Bianca", "Caleb", "Diana", "Ethan", "Fatima", "George", "Hiro", "Isla", "Jamal",
    "Katie", "Leo", "Mei", "Noah", "Oksana", "Patrick", "Rosa", "Sean", "Tanya", "Umar",
    "Valerie", "Will", "Yusuf", "Zoe", "Adam", "Beatriz", "Chris", "Dev", "Erin", "Frank",
    "Gina", "Hugo", "Ines", "Jake", "Keisha", "Lucas", "Megan", "Nikhil", "Ophelia", "Ravi",
    "Sarah", "Tyler", "Vanessa", "Wei", "Alicia", "Brian", "Connor", "Dana", "Eli", "Gloria",
    "Heather", "Joel", "Kim", "Lena", "Mike", "Nora", "Oscar", "Pam", "Rob", "Stacy",
    "Trevor", "Ana", "Bryce", "Cristina", "Dmitri", "Esther", "Femi", "Greta", "Jin", "Kofi",
)

LAST_NAMES: tuple[str, ...] = (
    "Marquez", "Holt", "Becker", "Patel", "Johnson", "Okafor", "Nguyen", "Schmidt", "Rossi",
    "Kowalski", "Garcia", "Thompson", "Murphy", "Chen", "Ali", "Fischer", "Lopez", "Brennan",
    "Singh", "Kim", "Dubois", "Haddad", "Novak", "Silva", "Andersen", "O'Brien", "Yamamoto",
    "Walker", "Reyes", "Mensah", "Petrov", "Wright", "Hughes", "Castillo", "Park", "Baker",
    "Morales", "Cohen", "Adeyemi", "Larsen", "Foster", "Bianchi", "Sullivan", "Tran", "Ortiz",
    "Weber", "Jensen", "Rahman", "Campbell", "Price", "Delgado", "Mueller", "Ward", "Shah",
    "Kaur", "Romero", "Bell", "Hoffman", "Nakamura", "Brooks", "Vargas", "Lindqvist", "Greene",
    "Costa", "Ivanova", "Fleming", "Banerjee", "Stewart", "Moreau", "Aguilar", "Flores",
    "Bennett", "Kelly", "Richter", "Ramos", "Obi", "Zhang", "Henderson", "Keller", "Duarte",
    "Lambert", "McCarthy", "Iqbal", "Sato", "Wolfe", "Carver", "Ferreira", "Quinn", "Hale",
    "Ansah", "Brandt", "Esposito", "Gallagher", "Horvat", "Jovanovic", "Kaplan", "Lin",
    "Maddox", "Nilsen", "Osei", "Pereira", "Rowe", "Sherwood", "Tanaka", "Underwood", "Voss",
)

COMPANY_WORDS: tuple[str, ...] = (
    "Pine", "Cedar", "Harbor", "Summit", "Ridge", "Maple", "Bluewater", "North Star", "Ironwood",
    "Silverline", "Brightpath", "Clearview", "Oakmont", "Stonebridge", "Riverbend", "Lakeside",
    "Goldleaf", "Redwood", "Granite", "Willow", "Red Hawk", "Foxglove", "Atlas", "Beacon",
    "Crestline", "Elmwood", "Falcon", "Harvest", "Juniper", "Keystone", "Lumen", "Meridian",
    "Northwind", "Orchard", "Prairie", "Quarry", "Sage", "Tidewater", "Upland", "Vantage",
    "Westbrook", "Zephyr", "Aspen", "Birchwood", "Canyon", "Delta", "Ember", "Frontier",
    "Glacier", "Highland", "Ivy", "Jade", "Kestrel", "Lantern", "Mesa", "Nimbus", "Onyx",
    "Pioneer", "Quill", "Sequoia", "Timberline", "Union", "Vista", "Wren", "Sunharbor",
    "Pinecrest", "Ledgerline", "Glasshouse", "Copperleaf", "Driftwood", "Evergreen", "Fairway",
    "Greystone", "Hollow Creek", "Kingfisher", "Larkspur", "Moonrise", "Nettle", "Oakridge",
    "Parkside", "Rosewood", "Saltmarsh", "Thistle", "Bramble", "Cobalt", "Dune", "Fernhill",
    "Gull Point", "Heron", "Indigo", "Lighthouse", "Marigold", "Nova", "Peak", "Rook", "Sparrow",
)


class Industry(NamedTuple):
    """How one taxonomy industry sounds: company suffixes, descriptions, use cases, pains."""

    suffixes: tuple[str, ...]
    spoken: tuple[tuple[str, str], ...]  # (what the caller says, what the agent notes)
    use_cases: tuple[tuple[str, str], ...]  # (use_case_categories id, phrase)
    pains: tuple[tuple[str, str], ...]  # (spoken, noted)
    roles: tuple[str, ...]
    team_scale: float  # multiplies the base team-size draw
    other_integration: str | None  # an industry system that maps to integrations "other"


INDUSTRIES: dict[str, Industry] = {
    "real_estate": Industry(
        ("Realty", "Properties", "Homes", "Real Estate Group", "Property Management"),
        (("we're a residential real estate brokerage", "real estate brokerage"),
         ("we do property management, about four hundred units", "property management"),
         ("commercial real estate, mostly office leases", "commercial real estate"),
         ("we're a small realty team", "real estate")),
        (("contracts", "listing agreements"), ("contracts", "lease agreements"),
         ("esignature", "purchase offers"), ("forms", "rental applications")),
        (("offers sit unsigned over the weekend and we lose them", "slow offer signatures"),
         ("agents keep using old versions of the lease", "outdated lease versions")),
        ("broker", "team lead", "office manager", "owner", "transaction coordinator"),
        1.0, "Follow Up Boss",
    ),
    "legal": Industry(
        ("Law", "Legal", "Law Group", "Legal Services"),
        (("we're a law firm, family law mostly", "law firm"),
         ("small immigration practice", "legal - immigration"),
         ("we're a boutique employment law firm", "law firm (employment)"),
         ("corporate law, small firm", "legal")),
        (("contracts", "engagement letters"), ("contracts", "NDAs"),
         ("esignature", "retainer agreements"), ("forms", "client intake forms")),
        (("clients take a week to send back retainers", "slow retainer turnaround"),
         ("paralegals spend hours filling the same fields", "manual data entry")),
        ("partner", "paralegal", "office manager", "managing attorney", "legal assistant"),
        0.8, "Clio",
    ),
    "healthcare": Industry(
        ("Family Clinic", "Dental", "Physical Therapy", "Health", "Pediatrics", "Home Care"),
        (("we're a dental practice, three locations", "dental practice"),
         ("physical therapy clinic", "healthcare - PT clinic"),
         ("home health agency", "home healthcare"),
         ("we're a small primary care clinic", "medical clinic")),
        (("forms", "patient intake forms"), ("esignature", "consent forms"),
         ("hr_documents", "offer letters for nurses"), ("contracts", "vendor agreements")),
        (("patients fill out the same paper forms every visit", "paper intake forms"),
         ("we scan everything into the EHR by hand", "manual scanning")),
        ("practice manager", "office manager", "clinic director", "HR lead", "owner"),
        1.2, "our EHR",
    ),
    "financial_services": Industry(
        ("Wealth Partners", "Financial", "Capital", "CPA", "Advisors", "Lending"),
        (("we're a wealth management firm", "wealth management"),
         ("CPA firm, mostly tax and bookkeeping", "accounting / CPA"),
         ("we do small business lending", "lending"),
         ("independent financial advisors", "financial advisory")),
        (("contracts", "engagement letters"), ("forms", "client onboarding paperwork"),
         ("esignature", "account opening forms"), ("proposals", "advisory proposals")),
        (("tax season means chasing hundreds of signatures", "chasing signatures in tax season"),
         ("compliance wants an audit trail for everything", "audit trail requirements")),
        ("partner", "operations manager", "advisor", "firm administrator", "COO"),
        1.0, "Redtail",
    ),
    "insurance": Industry(
        ("Insurance Agency", "Insurance Group", "Benefits", "Underwriters"),
        (("independent insurance agency", "insurance agency"),
         ("we're an employee benefits broker", "benefits brokerage"),
         ("P and C insurance, commercial lines", "insurance - P&C")),
        (("quotes", "policy quotes"), ("esignature", "policy applications"),
         ("forms", "claims forms"), ("proposals", "benefits proposals")),
        (("quotes go out as PDFs and we never know if they were opened", "no quote tracking"),
         ("applications come back missing signatures", "incomplete applications")),
        ("agency owner", "account manager", "producer", "operations lead"),
        1.0, "Applied Epic",
    ),
    "software_saas": Industry(
        ("Labs", "Software", "AI", "Cloud", "Analytics", "HQ"),
        (("we're a B2B SaaS company", "SaaS"),
         ("we sell scheduling software to clinics", "software (vertical SaaS)"),
         ("early stage startup, dev tools", "software startup"),
         ("we make a fintech API platform", "SaaS / fintech")),
        (("proposals", "sales proposals"), ("quotes", "quotes for annual plans"),
         ("contracts", "MSAs and order forms"), ("contracts", "NDAs")),
        (("reps build quotes by hand and discounts are all over the place", "inconsistent quotes"),
         ("legal is a bottleneck on every order form", "legal bottleneck")),
        ("head of sales", "RevOps manager", "founder", "account executive", "sales ops lead"),
        1.6, None,
    ),
    "marketing_agency": Industry(
        ("Creative", "Media", "Digital", "Studio", "Marketing", "Collective"),
        (("we're a digital marketing agency", "marketing agency"),
         ("small creative studio, branding and web", "creative agency"),
         ("performance marketing agency, paid social mostly", "marketing agency (paid media)")),
        (("proposals", "client proposals"), ("contracts", "statements of work"),
         ("quotes", "project estimates"), ("contracts", "retainer agreements")),
        (("proposals take me like half a day each in Google Slides", "slow proposal creation"),
         ("we have no idea if clients even read the proposal", "no engagement tracking")),
        ("founder", "account director", "new business lead", "ops manager"),
        0.9, "Monday.com",
    ),
    "construction": Industry(
        ("Builders", "Construction", "Roofing", "Contracting", "Remodeling", "Electric"),
        (("general contractor, residential remodels", "construction - GC"),
         ("we're a roofing company", "roofing"),
         ("commercial electrical contractor", "electrical contractor"),
         ("we build custom homes", "home builder")),
        (("quotes", "bids and estimates"), ("contracts", "subcontractor agreements"),
         ("proposals", "project proposals"), ("forms", "change orders")),
        (("change orders get signed on a napkin, literally", "unsigned change orders"),
         ("estimates take days to get out", "slow estimates")),
        ("owner", "project manager", "estimator", "office manager", "operations manager"),
        1.1, "ServiceTitan",
    ),
    "manufacturing": Industry(
        ("Manufacturing", "Industries", "Fabrication", "Components", "Plastics", "Machine Works"),
        (("we're a contract manufacturer, metal parts", "manufacturing"),
         ("plastics injection molding", "manufacturing - plastics"),
         ("we make industrial pumps", "industrial equipment manufacturer")),
        (("quotes", "price quotes"), ("contracts", "supplier agreements"),
         ("quotes", "purchase orders"), ("contracts", "distributor contracts")),
        (("quotes have the wrong prices because the sheet is out of date", "pricing errors"),
         ("distributor contracts live in someone's inbox", "contracts scattered")),
        ("sales manager", "inside sales lead", "COO", "controller", "operations director"),
        2.0, "NetSuite",
    ),
    "education": Industry(
        ("Academy", "Learning", "Tutoring", "Montessori", "Institute", "School of Music"),
        (("we're a private K through eight school", "private school"),
         ("tutoring company", "education - tutoring"),
         ("small community college department", "higher education"),
         ("we run a music school", "education (music school)")),
        (("forms", "enrollment forms"), ("esignature", "permission slips"),
         ("hr_documents", "teacher contracts"), ("contracts", "tuition agreements")),
        (("parents lose the paper forms constantly", "lost paper forms"),
         ("enrollment season is chaos", "enrollment season workload")),
        ("admissions director", "office administrator", "principal", "owner", "registrar"),
        1.0, "Blackbaud",
    ),
    "nonprofit": Industry(
        ("Foundation", "Alliance", "Community Trust", "Food Bank", "Youth League", "Coalition"),
        (("we're a nonprofit, youth sports", "nonprofit"),
         ("community food bank", "nonprofit - food bank"),
         ("small arts foundation", "nonprofit foundation")),
        (("proposals", "grant proposals"), ("forms", "volunteer waivers"),
         ("contracts", "sponsorship agreements"), ("forms", "donor pledge forms")),
        (("volunteer waivers are a mountain of paper", "paper waivers"),
         ("we can't afford enterprise tools", "tight budget")),
        ("executive director", "development director", "volunteer coordinator", "ops manager"),
        0.7, "Salesforce Nonprofit Cloud",
    ),
    "staffing_recruiting": Industry(
        ("Staffing", "Talent", "Recruiting", "Search Partners", "Workforce"),
        (("we're a staffing agency, light industrial", "staffing agency"),
         ("tech recruiting firm", "recruiting"),
         ("healthcare staffing, travel nurses", "staffing - healthcare")),
        (("hr_documents", "offer letters"), ("contracts", "client staffing agreements"),
         ("hr_documents", "onboarding paperwork"), ("esignature", "timesheets")),
        (("candidates drop off because onboarding paperwork takes forever", "onboarding drop-off"),
         ("recruiters retype candidate info into every doc", "manual data entry")),
        ("recruiting manager", "branch manager", "founder", "onboarding coordinator"),
        1.3, "Bullhorn",
    ),
    "consulting": Industry(
        ("Consulting", "Advisory", "Strategy Group", "Partners"),
        (("we're a management consulting firm", "consulting"),
         ("IT consulting, mostly Microsoft stuff", "IT consulting"),
         ("independent HR consultancy", "HR consulting")),
        (("proposals", "proposals"), ("contracts", "SOWs"),
         ("contracts", "consulting agreements"), ("quotes", "estimates")),
        (("every SOW is copy-paste from the last one and errors slip in", "copy-paste errors"),
         ("proposals look different depending on who wrote them", "inconsistent branding")),
        ("principal", "managing director", "practice lead", "founder", "bizops manager"),
        0.9, None,
    ),
    "retail_ecommerce": Industry(
        ("Goods", "Supply Co", "Outfitters", "Boutique", "Market", "Coffee Roasters"),
        (("we're an e-commerce brand, home goods", "ecommerce"),
         ("we roast coffee and sell wholesale to cafes", "retail / wholesale coffee"),
         ("outdoor gear retailer, four stores", "retail")),
        (("contracts", "wholesale agreements"), ("quotes", "wholesale quotes"),
         ("contracts", "vendor contracts"), ("hr_documents", "offer letters for store staff")),
        (("wholesale orders come in by email and get lost", "lost wholesale orders"),
         ("seasonal hiring paperwork is a nightmare", "seasonal hiring paperwork")),
        ("founder", "wholesale manager", "store operations lead", "ecommerce manager"),
        0.9, "Shopify",
    ),
    "other": Industry(
        # Aligned with `spoken` below: for "other" the company name must match the business.
        ("Fitness", "Event Venue", "Photography", "Catering", "Solar"),
        (("we run a few gyms", "fitness"), ("event venue, weddings mostly", "events venue"),
         ("we're a photography studio", "photography"), ("catering company", "catering"),
         ("we do solar installs, residential", "solar installation")),
        (("contracts", "membership agreements"), ("forms", "liability waivers"),
         ("quotes", "event quotes"), ("contracts", "client contracts"),
         ("other", "internal approvals")),
        (("clients sign on paper and we lose half of them", "lost paper contracts"),
         ("deposits are a pain to collect", "collecting deposits")),
        ("owner", "general manager", "events coordinator", "office manager"),
        0.8, "HoneyBook",
    ),
}

INDUSTRY_WEIGHTS: dict[str, float] = {
    "real_estate": 10, "legal": 8, "healthcare": 7, "financial_services": 8, "insurance": 6,
    "software_saas": 12, "marketing_agency": 10, "construction": 8, "manufacturing": 5,
    "education": 5, "nonprofit": 5, "staffing_recruiting": 6, "consulting": 8,
    "retail_ecommerce": 6, "other": 8,
}


class Place(NamedTuple):
    """A caller location and how its time zone is said."""

    spoken: str  # "Austin"
    noted: str  # "Austin, TX"
    tz: str  # "Central"
    utc_offset: int  # hours, for business-hours weighting


PLACES: tuple[tuple[Place, float], ...] = (
    (Place("Austin", "Austin, TX", "Central", -6), 5),
    (Place("Chicago", "Chicago, IL", "Central", -6), 5),
    (Place("Dallas", "Dallas, TX", "Central", -6), 4),
    (Place("Denver", "Denver, CO", "Mountain", -7), 4),
    (Place("Phoenix", "Phoenix, AZ", "Arizona time", -7), 3),
    (Place("Seattle", "Seattle, WA", "Pacific", -8), 4),
    (Place("San Diego", "San Diego, CA", "Pacific", -8), 4),
    (Place("Los Angeles", "LA", "Pacific", -8), 4),
    (Place("Boston", "Boston, MA", "Eastern", -5), 4),
    (Place("New York", "NYC", "Eastern", -5), 6),
    (Place("Atlanta", "Atlanta, GA", "Eastern", -5), 4),
    (Place("Miami", "Miami, FL", "Eastern", -5), 3),
    (Place("Raleigh", "Raleigh, NC", "Eastern", -5), 3),
    (Place("Columbus", "Columbus, OH", "Eastern", -5), 2),
    (Place("Nashville", "Nashville, TN", "Central", -6), 2),
    (Place("Salt Lake City", "SLC, Utah", "Mountain", -7), 2),
    (Place("Portland", "Portland, OR", "Pacific", -8), 2),
    (Place("Toronto", "Toronto, Canada", "Eastern", -5), 3),
    (Place("Vancouver", "Vancouver, BC", "Pacific", -8), 2),
    (Place("London", "London, UK", "UK time", 0), 5),
    (Place("Manchester", "Manchester, UK", "UK time", 0), 2),
    (Place("Dublin", "Dublin, Ireland", "Irish time", 0), 2),
    (Place("Berlin", "Berlin, Germany", "CET", 1), 2),
    (Place("Amsterdam", "Amsterdam", "CET", 1), 2),
    (Place("Sydney", "Sydney, Australia", "Sydney time", 10), 2),
    (Place("Melbourne", "Melbourne, AU", "AEST", 10), 1),
    (Place("Auckland", "Auckland, NZ", "New Zealand time", 12), 1),
)

# Competitor ids (taxonomy) with how they are written and how STT sometimes hears them.
COMPETITORS: dict[str, tuple[str, ...]] = {
    "docusign": ("DocuSign", "docu sign", "Docusign", "DocuSign"),
    "adobe_sign": ("Adobe Sign", "Adobe Acrobat Sign", "adobe sign", "EchoSign", "Acrobat Sign"),
    "dropbox_sign": ("Dropbox Sign", "HelloSign", "hello sign", "Dropbox Sign"),
    "proposify": ("Proposify", "Proposify", "propose-ify"),
    "qwilr": ("Qwilr", "Qwilr", "quiller"),
    "better_proposals": ("Better Proposals", "better proposals"),
    "signnow": ("signNow", "sign now", "SignNow"),
    "zoho_sign": ("Zoho Sign", "zoho sign"),
    "ironclad": ("Ironclad", "iron clad"),
    "conga": ("Conga", "Octiv", "conga"),
    "juro": ("Juro", "Juro", "jurro"),
    "jotform_sign": ("Jotform Sign", "jot form sign", "JotForm"),
    "formstack": ("Formstack", "form stack", "WebMerge", "Formstack Documents"),
    "other": ("Bonsai", "HoneyBook", "PDFfiller", "Nitro Sign", "SignWell", "Docsketch"),
}

COMPETITOR_WEIGHTS: dict[str, float] = {
    "docusign": 30, "adobe_sign": 12, "dropbox_sign": 10, "proposify": 8, "qwilr": 5,
    "better_proposals": 4, "signnow": 5, "zoho_sign": 5, "ironclad": 3, "conga": 3, "juro": 3,
    "jotform_sign": 4, "formstack": 3, "other": 5,
}

# Current tools that are not competitors: (what the caller says, what the agent notes).
CURRENT_TOOLS: dict[str, tuple[tuple[str, str], ...]] = {
    "google_docs": (("we write everything in Google Docs and share the link", "Google Docs"),
                    ("it's Google Docs, then we download a PDF and email it", "Google Docs + PDF")),
    "microsoft_word": (("honestly it's Word templates and email", "Word + email"),
                       ("we've got a Word template we copy every time", "MS Word template")),
    "spreadsheets": (("we build the quotes in Excel and export to PDF", "Excel quotes"),
                     ("it's a Google Sheet with all the pricing and we copy it over",
                      "Google Sheets")),
    "manual_paper": (("it's all paper, we print, sign, scan", "paper / print and scan"),
                     ("some clients still fax it back, believe it or not", "fax + paper"),
                     ("wet signatures mostly", "wet signature")),
    "pdf_email": (("we just email PDFs back and forth", "PDF by email"),
                  ("email attachments, they print it and send a photo back", "email attachments")),
    "crm_native": (("we use HubSpot quotes but they're super limited", "HubSpot quotes"),
                   ("Salesforce CPQ, which, uh, nobody likes", "Salesforce CPQ")),
    "none": (("nothing really, we're just getting started", "none"),
             ("we don't have anything, it's kind of ad hoc", "nothing / ad hoc")),
    "other": (("our practice management software has a clunky e-sign thing", "practice mgmt sw"),
              ("a homegrown system our developer built years ago", "in-house tool")),
}

CURRENT_TOOL_WEIGHTS: dict[str, float] = {
    "google_docs": 10, "microsoft_word": 14, "spreadsheets": 7, "manual_paper": 9,
    "pdf_email": 12, "crm_native": 5, "none": 5, "other": 4,
}

# Integration ids with how they are written and heard. "other" entries vary by industry.
INTEGRATIONS: dict[str, tuple[str, ...]] = {
    "salesforce": ("Salesforce", "sales force", "SFDC", "Salesforce"),
    "hubspot": ("HubSpot", "hub spot", "HubSpot"),
    "pipedrive": ("Pipedrive", "pipe drive"),
    "zoho_crm": ("Zoho CRM", "Zoho", "zoho"),
    "microsoft_dynamics": ("Dynamics 365", "Dynamics", "Microsoft Dynamics"),
    "google_drive": ("Google Drive", "google drive"),
    "dropbox": ("Dropbox", "drop box"),
    "box": ("Box", "Box dot com"),
    "onedrive_sharepoint": ("SharePoint", "OneDrive", "share point", "one drive"),
    "slack": ("Slack", "Slack"),
    "zapier": ("Zapier", "zappier"),
    "stripe": ("Stripe", "Stripe"),
    "quickbooks": ("QuickBooks", "quick books", "QuickBooks Online"),
    "xero": ("Xero", "zero", "Xero"),
    "api": ("our own API", "webhooks", "a custom integration", "the API"),
}

INTEGRATION_KIND: dict[str, str] = {
    "salesforce": "crm", "hubspot": "crm", "pipedrive": "crm", "zoho_crm": "crm",
    "microsoft_dynamics": "crm", "google_drive": "storage", "dropbox": "storage", "box": "storage",
    "onedrive_sharepoint": "storage", "slack": "chat", "zapier": "automation",
    "stripe": "payments", "quickbooks": "accounting", "xero": "accounting", "api": "api",
}

INTEGRATION_WEIGHTS: dict[str, float] = {
    "salesforce": 14, "hubspot": 16, "pipedrive": 6, "zoho_crm": 4, "microsoft_dynamics": 3,
    "google_drive": 10, "dropbox": 4, "box": 3, "onedrive_sharepoint": 5, "slack": 5,
    "zapier": 5, "stripe": 6, "quickbooks": 6, "xero": 3, "api": 5,
}

EMAIL_TLDS: tuple[str, ...] = ("example", "example", "example", "example.com", "example.net")
PERSONAL_DOMAINS: tuple[str, ...] = ("mail.example", "inbox.example", "webmail.example")

AGENT_VERSIONS: tuple[tuple[str, float], ...] = (
    ("pd-voice-agent/2.2.3", 20), ("pd-voice-agent/2.2.4", 25), ("pd-voice-agent/2.2.5", 30),
    ("pd-voice-agent/2.3.0", 25),
)
LLM_PROVIDERS: tuple[tuple[str, float], ...] = (
    ("openai/gpt-4.1-mini", 62), ("openai/gpt-4o-mini", 22), ("openai/gpt-4.1", 6),
    ("google/gemini-2.0-flash", 10),
)
STT_PROVIDERS: tuple[tuple[str, float], ...] = (
    ("deepgram/nova-3", 75), ("deepgram/nova-2", 15), ("assemblyai/universal-streaming", 10),
)
TTS_PROVIDERS: tuple[tuple[str, float], ...] = (
    ("cartesia/sonic-2", 58), ("elevenlabs/eleven_flash_v2_5", 24), ("cartesia/sonic-turbo", 10),
    ("openai/gpt-4o-mini-tts", 8),
)

# (platform, os choices, browser choices, sdk choices, participant prefix, room prefix, weight)
DEVICES: tuple[tuple[str, tuple[str | None, ...], tuple[str | None, ...], tuple[str, ...], str,
                     str, float], ...] = (
    # Repeats weight the draw: Windows and macOS dominate desktop callers.
    ("web", ("Windows 11", "Windows 11", "Windows 11", "Windows 10", "Windows 10", "macOS 15.2",
             "macOS 15.2", "macOS 14.6", "macOS 14.6", "ChromeOS", "Ubuntu 24.04"),
     ("Chrome 131", "Chrome 132", "Edge 131", "Safari 18.2", "Firefox 133"),
     ("livekit-client-js 2.9.5", "livekit-client-js 2.9.7", "livekit-client-js 2.10.0"),
     "pd-trial-", "trial-voice-", 58),
    ("web", ("Android 15", "Android 14", "iOS 18.2"), ("Chrome Mobile 131", "Safari Mobile 18.2"),
     ("livekit-client-js 2.9.5", "livekit-client-js 2.9.7"), "pd-trial-", "trial-voice-", 8),
    ("ios", ("iOS 18.2", "iOS 18.1", "iOS 17.6", "iPadOS 18.2"), (None,),
     ("livekit-swift 2.0.19", "livekit-swift 2.1.0"), "pd-app-", "app-voice-", 12),
    ("android", ("Android 15", "Android 14", "Android 13"), (None,),
     ("livekit-android 2.10.0", "livekit-android 2.11.1"), "pd-app-", "app-voice-", 9),
    ("sip", (None,), (None,), ("livekit-sip 1.2.0", "livekit-sip 1.3.1"), "sip_", "inbound-sip-",
     13),
)
