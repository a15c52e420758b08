"""The LookML project in `looker/`, checked offline (no Looker server exists): it parses, every
reference resolves against the model and `schemas/bigquery/*.json`, and the dashboards carry
every widget and global filter of spec section 6. `tests/lookml_check.py` holds the checks."""

import re
import shutil
from pathlib import Path

import lkml
import pytest
import yaml

from tests.lookml_check import GLOBAL_FILTERS, LOOKER_DIR, looker_errors
from tests.spec import SPEC


def _spec_dashboard_sections() -> dict[str, list[str]]:
    """Spec 6.x heading (without " Panel") -> the items listed under it."""
    if not SPEC.exists():
        pytest.skip(f"the spec {SPEC} is not beside the repo")
    text = SPEC.read_text(encoding="utf-8")
    start = re.search(r"^6\. ", text, re.M).start()
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text[start:text.index("\n---", start)].splitlines():
        heading = re.match(r"6\.\d+ (.+?)(?: Panel)?$", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif line.startswith("- ") and current is not None:
            current.append(line[2:].strip())
    return sections


def _dashboards() -> dict[str, dict]:
    """Dashboard title -> dashboard."""
    found = {}
    for path in sorted((LOOKER_DIR / "dashboards").glob("*.dashboard.lookml")):
        for dashboard in yaml.safe_load(path.read_text(encoding="utf-8")):
            found[dashboard["title"]] = dashboard
    return found


def _model() -> dict:
    return lkml.load((LOOKER_DIR / "voice_analytics.model.lkml").read_text(encoding="utf-8"))


def test_lookml_project_has_no_errors() -> None:
    assert looker_errors(LOOKER_DIR) == []


def test_every_spec_panel_is_a_dashboard_with_all_its_widgets() -> None:
    sections = _spec_dashboard_sections()
    panels = {name: widgets for name, widgets in sections.items() if "Filters" not in name}
    dashboards = _dashboards()
    assert len(panels) == 6
    missing = {}
    for panel, widgets in panels.items():
        dashboard = dashboards.get(panel)
        assert dashboard is not None, f"no dashboard titled {panel!r}"
        titles = {element["title"].casefold() for element in dashboard["elements"]}
        absent = [w for w in widgets if w.casefold() not in titles]
        if absent:
            missing[panel] = absent
    assert missing == {}


def test_every_dashboard_has_the_spec_global_filters() -> None:
    spec_filters = next(items for name, items in _spec_dashboard_sections().items()
                        if "Filters" in name)
    assert len(spec_filters) == len(GLOBAL_FILTERS)
    for title, dashboard in _dashboards().items():
        titles = {f["title"].casefold() for f in dashboard["filters"]}
        assert {f.casefold() for f in spec_filters} <= titles, title


def test_model_caches_real_time_panels_for_five_minutes() -> None:
    manifest = lkml.load((LOOKER_DIR / "manifest.lkml").read_text(encoding="utf-8"))
    constants = {c["name"]: c["value"] for c in manifest["constants"]}
    model = _model()
    datagroups = {d["name"]: d for d in model["datagroups"]}

    assert manifest["project_name"] == "voice_analytics"
    assert model["connection"] == "@{connection}"
    assert constants["connection"] == "voice_analytics_bigquery"
    assert datagroups["realtime_5min"]["max_cache_age"] == "5 minutes"
    assert datagroups["realtime_5min"]["sql_trigger"]
    assert model["persist_with"] == "realtime_5min"
    materialized = {
        (explore["name"], table["name"]): table["materialization"]["datagroup_trigger"]
        for explore in model["explores"] for table in explore.get("aggregate_tables", [])
    }
    assert {explore for explore, _ in materialized} >= {"sessions", "metrics"}
    assert set(materialized.values()) == {"realtime_5min"}


# Each mutation breaks one thing the validator must report: (file, old, new, words of the error).
MUTATIONS = [
    ("views/sessions.view.lkml", "${TABLE}.lead_score ;;", "${TABLE}.lead_scor ;;",
     "${TABLE}.lead_scor is not a column of sessions"),
    ("views/analysis_results.view.lkml", "NULLIF(${stated_team_size}", "NULLIF(${team_sze}",
     "${team_sze} does not resolve"),
    ("views/leads.view.lkml", "    primary_key: yes\n", "",
     "view leads: 0 primary keys"),
    ("views/daily_call_trends.view.lkml", "COUNTIF(s.meeting_booked)", "COUNTIF(s.booked)",
     "s.booked is not a column of sessions"),
    ("voice_analytics.model.lkml", "${leads.email}", "${leads.emial}",
     "join leads sql_on: ${leads.emial} is not in the explore"),
    ("voice_analytics.model.lkml", '    filters: [tool_calls.start_time_date: "7 days"]\n', "",
     "tool_calls is partitioned by start_time"),
    ("dashboards/business_metrics.dashboard.lookml", "[sessions.meetings_booked]",
     "[sessions.meetings_bookd]", "sessions.meetings_bookd is not a field of explore sessions"),
    ("dashboards/call_quality.dashboard.lookml", "      sentiment: sessions.sentiment\n", "",
     "does not listen to the global filter sentiment"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), MUTATIONS,
                         ids=[m[3].split(":")[0][:40] for m in MUTATIONS])
def test_validator_reports_a_broken_copy(tmp_path: Path, file: str, old: str, new: str,
                                         expected: str) -> None:
    project = tmp_path / "looker"
    shutil.copytree(LOOKER_DIR, project)
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the mutation no longer applies to {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    errors = looker_errors(project)

    assert any(expected in error for error in errors), errors
