"""Numbers, mentions with stance, timelines and quantities: the traps callers set."""

from datetime import date

import pytest

from tests.records import make_record
from transforms.conversation import conversation
from transforms.mentions import caller_mentions, final_stance
from transforms.numbers import find_numbers
from transforms.quantities import monthly_volume, team_size
from transforms.timeline import find_timelines


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Eighteen.", 18), ("a couple hundred a month", 200), ("forty-ish people", 40),
        ("fifteen hundred a year", 1500), ("one hundred and twenty five", 125),
        ("about 2.5k", 2500), ("10-15 people", 12.5), ("between ten and fifteen", 12.5),
        ("half a dozen", 6), ("two dozen", 24), ("a few hundred", 300),
        ("twenty five", 25), ("1,200 a year", 1200), ("maybe five, six people", 5.5),
    ],
)
def test_numbers_as_said(text: str, value: float) -> None:
    assert find_numbers(text)[0].value == value


def test_separate_numbers_stay_separate() -> None:
    assert [n.value for n in find_numbers("Eighteen. Twelve reps and six in the office.")] == [
        18, 12, 6]


def _ids(lines, group, stances=("current", "evaluating")) -> set[str]:
    record = make_record(lines)
    final = final_stance(caller_mentions(conversation(record), group))
    return {i for i, m in final.items() if m.stance in stances}


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("We're not on Salesforce, it's all HubSpot.", {"hubspot"}),
        ("We dropped Pipedrive last year, now we're on sales force.", {"salesforce"}),
        ("If we ever moved to Dynamics we'd need that, but today it's hub spot.", {"hubspot"}),
        ("Our files live in Dropbox. We looked at Dropbox Sign once.", {"dropbox"}),
        ("Nothing really, just email.", set()),
    ],
)
def test_integrations_respect_negation_past_and_hypotheticals(caller: str, expected) -> None:
    lines = [("agent", "Which CRM do you use?"), ("user", caller)]
    assert _ids(lines, "integrations") == expected


def test_agent_lists_do_not_count_unless_the_caller_takes_one_up() -> None:
    listed = [("agent", "We integrate with Salesforce, HubSpot, Pipedrive and Zoho."),
              ("user", "Okay, cool. We mostly live in spreadsheets.")]
    assert _ids(listed, "integrations") == set()
    asked = [("agent", "Do you use HubSpot as your CRM?"), ("user", "Yep, that's us.")]
    assert _ids(asked, "integrations") == {"hubspot"}
    ambiguous = [("agent", "Do you use Salesforce or HubSpot?"), ("user", "Yeah.")]
    assert _ids(ambiguous, "integrations") == set()


def test_a_later_correction_overrides_an_earlier_mention() -> None:
    lines = [("user", "We use DocuSign for signatures."),
             ("agent", "Got it."),
             ("user", "Actually, we don't use DocuSign anymore, we cancelled it.")]
    record = make_record(lines)
    final = final_stance(caller_mentions(conversation(record), "tools"))
    assert final["docusign"].stance == "past"
    assert final["docusign"].turn_index == 2


@pytest.mark.parametrize(
    ("text", "bucket", "target"),
    [
        ("we need it asap", "immediate", date(2026, 3, 5)),
        ("before the end of the month", "one_month", date(2026, 3, 31)),
        ("next quarter probably", "quarter", date(2026, 4, 1)),
        ("in two weeks", "immediate", date(2026, 3, 16)),
        ("maybe in six months", "later", date(2026, 8, 29)),
        ("no rush, just looking", "unknown", None),
        ("by june", "quarter", date(2026, 6, 1)),
        ("after the summer", "later", date(2026, 7, 1)),
    ],
)
def test_timelines_resolve_against_the_call_date(text, bucket, target) -> None:
    found = find_timelines(text, date(2026, 3, 2))
    assert (found[0].bucket, found[0].target) == (bucket, target)


def test_team_size_takes_the_correction_not_the_first_figure() -> None:
    record = make_record([
        ("agent", "How many people would be using it?"),
        ("user", "We're twelve, um, on the sales side."),
        ("agent", "Great."),
        ("user", "Sorry, actually more like twenty-five users once ops joins."),
    ])
    assert team_size(conversation(record)).value == 25


def test_team_size_prefers_usage_over_company_headcount() -> None:
    record = make_record([("user", "We're a 200-person company but only 15 users would need "
                                   "it.")])
    assert team_size(conversation(record)).value == 15


def test_team_size_ignores_numbers_that_are_not_people() -> None:
    record = make_record([("user", "We've been around 12 years and send 40 contracts a week.")])
    assert team_size(conversation(record)) is None


@pytest.mark.parametrize(
    ("answer", "per_month"),
    [
        ("About thirty a week right now.", 130),
        ("We send a couple hundred proposals a month.", 200),
        ("Maybe fifteen hundred a year.", 125),
        ("Around ten a day.", 210),
    ],
)
def test_volume_converts_to_documents_a_month(answer: str, per_month: int) -> None:
    record = make_record([("agent", "How many documents do you send in a month?"),
                          ("user", answer)])
    assert monthly_volume(conversation(record)).value == per_month


def test_volume_never_comes_from_the_agent() -> None:
    record = make_record([("agent", "Teams like yours send about 500 contracts a month."),
                          ("user", "Huh, okay.")])
    assert monthly_volume(conversation(record)) is None
