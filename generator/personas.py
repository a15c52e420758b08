"""Who calls: a made-up person, company, size, location and current tooling."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import accumulate

from . import vocabulary as v


def _cum(pairs: dict[str, float] | tuple[tuple[object, float], ...]) -> tuple[list, list[float]]:
    items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
    return [k for k, _ in items], list(accumulate(w for _, w in items))


# Cumulative weight tables are built once: rng.choices with cum_weights is the fast path.
_INDUSTRY = _cum(v.INDUSTRY_WEIGHTS)
_PLACE = _cum(v.PLACES)
_COMPETITOR = _cum(v.COMPETITOR_WEIGHTS)
_CURRENT = _cum(v.CURRENT_TOOL_WEIGHTS)
_INTEGRATION = _cum(v.INTEGRATION_WEIGHTS)
_CRMS = ("salesforce", "hubspot", "pipedrive", "zoho_crm", "microsoft_dynamics")
_CRM_CUM = list(accumulate((14, 16, 6, 4, 3)))
_SIZE_BANDS = ((1, 1), (2, 3), (4, 15), (16, 60), (61, 300), (301, 2000))
_SIZE_CUM = list(accumulate((12, 10, 36, 26, 11, 5)))


def pick(rng: random.Random, table: tuple[list, list[float]]) -> object:
    """Weighted choice from a prebuilt (items, cumulative weights) table."""
    return rng.choices(table[0], cum_weights=table[1])[0]


def competitor(rng: random.Random, exclude: str | None = None) -> str:
    """A weighted competitor id, different from `exclude`."""
    while True:
        cid = pick(rng, _COMPETITOR)
        if cid != exclude:
            return cid  # type: ignore[return-value]


def brand(rng: random.Random, variants: tuple[str, ...], stt: float = 0.3) -> str:
    """The canonical spelling mostly, an STT-style variant sometimes."""
    if len(variants) == 1 or rng.random() >= stt:
        return variants[0]
    return rng.choice(variants[1:])


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(slots=True)
class Persona:
    """The ground truth about a caller; what they say and what the agent notes derive from it."""

    first: str
    last: str
    company: str
    email: str
    industry: str
    industry_spoken: str
    industry_noted: str
    use_case: tuple[str, str]
    pain: tuple[str, str]
    role: str
    team_size: int
    monthly_volume: int
    place: v.Place
    tool_kind: str  # "competitor" or "current"
    tool_id: str
    past_competitor: str | None
    integrations: list[str] = field(default_factory=list)
    other_integration: str | None = None
    fluency: float = 0.5  # 0 = clean speaker, 1 = many fillers

    @property
    def name(self) -> str:
        """Full name."""
        return f"{self.first} {self.last}"


def _company(rng: random.Random, industry: str, last: str, slot: int) -> str:
    info = v.INDUSTRIES[industry]
    suffix = info.suffixes[slot] if industry == "other" else rng.choice(info.suffixes)
    if industry == "legal" and rng.random() < 0.35:
        return f"{last} & {rng.choice(v.LAST_NAMES)}"
    if industry in ("consulting", "financial_services") and rng.random() < 0.2:
        return f"{last} {suffix}"
    return f"{rng.choice(v.COMPANY_WORDS)} {suffix}"


def _email(rng: random.Random, first: str, last: str, company: str, personal: bool) -> str:
    f, lname = _slug(first), _slug(last)
    local = rng.choice((f, f, f"{f}.{lname}", f"{f[0]}{lname}", f"{f}{lname[0]}", f"{f}_{lname}"))
    if personal:
        if rng.random() < 0.5:
            local = f"{local}{rng.randrange(1, 99)}"
        return f"{local}@{rng.choice(v.PERSONAL_DOMAINS)}"
    return f"{local}@{_slug(company)}.{rng.choice(v.EMAIL_TLDS)}"


def team_size(rng: random.Random, scale: float = 1.0) -> int:
    """A team size 1..2000, skewed small."""
    low, high = rng.choices(_SIZE_BANDS, cum_weights=_SIZE_CUM)[0]
    if high == 1:
        return 1
    size = int(rng.uniform(low, high) * (scale if low > 3 else 1.0))
    return max(low if low <= 3 else 2, min(2000, size))


def make_persona(rng: random.Random, *, small: bool = False, industry: str | None = None
                 ) -> Persona:
    """A random caller; `small` forces a solo or tiny outfit (freelancer, student...)."""
    first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.LAST_NAMES)
    ind = industry or pick(rng, _INDUSTRY)
    info = v.INDUSTRIES[ind]  # type: ignore[index]
    slot = rng.randrange(len(info.spoken))
    company = _company(rng, ind, last, slot)  # type: ignore[arg-type]
    size = rng.choice((1, 1, 1, 2)) if small else team_size(rng, info.team_scale)
    per_person = rng.lognormvariate(1.6, 0.7)
    # Sub-linear in size: big companies have many staff who never send documents.
    volume = max(1, min(20000, int(size**0.85 * per_person))) if size > 1 else rng.randrange(2, 30)
    spoken, noted = info.spoken[slot]
    if rng.random() < 0.5:
        tool_kind, tool_id = "competitor", competitor(rng)
    else:
        tool_kind, tool_id = "current", pick(rng, _CURRENT)
    past = competitor(rng, tool_id) if tool_kind == "current" and rng.random() < 0.15 else None
    n_int = rng.choices((0, 1, 2, 3), cum_weights=(18, 58, 88, 100))[0]
    integrations: list[str] = []
    if n_int and rng.random() < 0.75:
        integrations.append(rng.choices(_CRMS, cum_weights=_CRM_CUM)[0])
    while len(integrations) < n_int:
        iid = pick(rng, _INTEGRATION)
        if iid not in integrations and not (iid in _CRMS and any(i in _CRMS for i in integrations)):
            integrations.append(iid)  # type: ignore[arg-type]
    other = info.other_integration if info.other_integration and rng.random() < 0.2 else None
    return Persona(
        first=first, last=last, company=company,
        email=_email(rng, first, last, company, personal=size <= 2 and rng.random() < 0.5),
        industry=ind, industry_spoken=spoken, industry_noted=noted,  # type: ignore[arg-type]
        use_case=rng.choice(info.use_cases), pain=rng.choice(info.pains),
        role=rng.choice(info.roles), team_size=size, monthly_volume=volume,
        place=pick(rng, _PLACE), tool_kind=tool_kind, tool_id=tool_id,  # type: ignore[arg-type]
        past_competitor=past, integrations=integrations, other_integration=other,
        fluency=rng.random() ** 0.8,
    )
