"""`voice-analytics analyze` and `eval` as a user runs them."""

import json

import pytest

from cli.evaluate import FieldScore, value_at
from cli.main import main
from generator import generate_items
from schemas.validation import parse_record
from tests.conftest import CONTRACT_PATHS, REPO
from transforms.analyze import analyze


def test_analyze_prints_every_contract_path(shared_dir, capsys) -> None:
    sample = shared_dir / "samples" / "sample_hot_lead.json"
    assert main(["analyze", str(sample)]) == 0
    printed = json.loads(capsys.readouterr().out)
    for path in CONTRACT_PATHS:
        value_at(printed, path)  # raises KeyError if a path is missing
    assert printed["executive_summary"]["call_outcome"] == "meeting_booked"
    assert printed["action_items"]["items"][0]["type"] == "schedule_demo"


def test_analyze_rejects_an_invalid_record_with_the_validators_message(tmp_path, hot_lead,
                                                                       capsys) -> None:
    del hot_lead["session"]["start_time"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(hot_lead))
    assert main(["analyze", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "session.start_time: required" in captured.err


def test_field_scores() -> None:
    single = FieldScore("x", is_list=False)
    for got, want in (("a", "a"), ("b", "a"), ("a", "a"), ("c", "c")):
        single.add("s", got, want)
    assert single.accuracy == 0.75
    listed = FieldScore("y", is_list=True)
    listed.add("s1", ["a", "b"], ["a", "c"])
    listed.add("s2", [], [])
    assert (listed.precision, listed.recall, listed.f1, listed.accuracy) == (0.5, 0.5, 0.5, 0.5)


def test_value_at_reads_lists_of_objects() -> None:
    document = {"action_items": {"items": [{"type": "a"}, {"type": "b"}]}}
    assert value_at(document, "action_items.items[].type") == ["a", "b"]


def test_eval_reports_per_field_and_macro_average(tmp_path, capsys) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    source = REPO / "tests" / "eval" / "sessions" / "eval-001-roofing-booked.json"
    (sessions / source.name).write_bytes(source.read_bytes())
    labels = {"sessions": {"eval-001-roofing-booked": {
        "executive_summary.call_outcome": "meeting_booked",
        "lead_score.tier": "tier_3",  # deliberately wrong: must show as a miss
        "objections.competitors": [],
    }}}
    label_path = tmp_path / "labels.json"
    label_path.write_text(json.dumps(labels))
    assert main(["eval", str(sessions), "--labels", str(label_path), "--show-misses"]) == 0
    out = capsys.readouterr().out
    assert "executive_summary.call_outcome" in out and "1.00" in out
    assert "miss lead_score.tier: eval-001-roofing-booked: got 'tier_1', expected 'tier_3'" in out
    assert "macro average (accuracy or F1 per field): 0.667" in out


@pytest.mark.parametrize("turns", [None, 1, 3, 40, 120])
def test_analysis_never_fails_on_generated_sessions(turns) -> None:
    for item in generate_items(60, seed=11, turns=turns):
        result = analyze(parse_record(item.payload))
        assert 3 <= len(result.executive_summary.key_takeaways) <= 5
