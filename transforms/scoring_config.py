"""Lead scoring: every weight and threshold in one place.

Component maxima are the spec's (demographic 20, behavioral 25, firmographic 20, intent 20,
fit 15). WEIGHTS rescale components against each other; the total is normalised back to 0-100.
"""

COMPONENT_MAX = {"demographic": 20, "behavioral": 25, "firmographic": 20, "intent": 20, "fit": 15}
WEIGHTS = {"demographic": 1.0, "behavioral": 1.0, "firmographic": 1.0, "intent": 1.0, "fit": 1.0}

# Tiers: tier_1 needs the score and a decider and a near timeline (taxonomy: "hot: fit, need,
# authority and near timeline"); tier_2 a real fit with something missing.
TIER_1_MIN_SCORE = 55.0
TIER_2_MIN_SCORE = 40.0
TIER_1_TIMELINES = frozenset({"immediate", "one_month"})
TIER_1_AUTHORITY = frozenset({"decision_maker", "shared"})
# "Cold": a price objection with no near timeline caps the lead at tier_3.
COLD_OBJECTIONS = frozenset({"pricing"})
NEAR_TIMELINES = frozenset({"immediate", "one_month", "quarter"})
# Outcomes that are never a sales lead, whatever the score.
NOT_A_LEAD = frozenset({"support_request", "unqualified", "dropped"})

FREE_EMAIL_DOMAINS = frozenset({
    "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com",
    "live.com", "proton.me", "protonmail.com", "msn.com", "me.com", "gmx.com",
})

# Firmographic: team size bands (minimum people -> points) and monthly volume bands.
TEAM_SIZE_POINTS = ((100, 12), (25, 10), (10, 8), (3, 5), (2, 2), (1, 0))
UNKNOWN_TEAM_SIZE_POINTS = 2
VOLUME_POINTS = ((500, 6), (100, 5), (30, 3), (10, 1))
TARGET_INDUSTRIES = frozenset({
    "real_estate", "legal", "healthcare", "financial_services", "insurance", "software_saas",
    "marketing_agency", "construction", "staffing_recruiting", "consulting", "manufacturing",
})

TIMELINE_INTENT_POINTS = {"immediate": 8, "one_month": 6, "quarter": 4, "later": 1, "unknown": 0}
AUTHORITY_DEMOGRAPHIC_POINTS = {"decision_maker": 8, "shared": 5, "no_authority": 2, "unknown": 0}
CORE_USE_CASES = frozenset({"proposals", "quotes", "contracts"})
