"""The `voice-analytics` command as a user runs it."""

import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cli.main import main
from generator import MALFORMATION_KINDS
from schemas.validation import validate_payload
from tests.conftest import SAMPLES


def test_console_script_lists_every_subcommand() -> None:
    script = Path(sys.executable).parent / "voice-analytics"
    assert script.exists(), "pip install -e . should have installed the console script"
    shown = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    for command in ("validate", "generate", "bench"):
        assert command in shown.stdout


def test_validate_accepts_the_samples(capsys, shared_dir) -> None:
    assert main(["validate", *map(str, SAMPLES)]) == 0
    summary = capsys.readouterr().out.strip()
    assert summary == "4 records checked: 4 valid, 0 invalid, 0 with warnings"


def test_validate_reports_position_and_path_per_bad_record(tmp_path, hot_lead, capsys) -> None:
    good = json.dumps(hot_lead)
    hot_lead["transcript"][3]["start_time"] = "not a time"
    bad = json.dumps(hot_lead)
    path = tmp_path / "calls.jsonl"
    path.write_text("\n".join([good, bad, "", "{oops"]) + "\n")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:2: invalid",
        "  transcript[3].start_time: not a date-time (RFC 3339 with a zone)",
        f"{path}:4: invalid",
        "  $: not JSON: unexpected character, expected a string key: line 1 column 2 (char 1)",
        "3 records checked: 1 valid, 2 invalid, 0 with warnings",
    ]


def test_validate_reads_pretty_json_from_stdin(monkeypatch, capsys, shared_dir) -> None:
    pretty = SAMPLES[0].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pretty)))
    assert main(["validate", "-"]) == 0
    assert "1 valid" in capsys.readouterr().out


def test_validate_prints_warnings_but_passes(tmp_path, hot_lead, capsys) -> None:
    hot_lead["session"]["duration_seconds"] = 10
    path = tmp_path / "one.json"
    path.write_text(json.dumps(hot_lead))
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: valid, with warnings" in out
    assert "warning: session.duration_seconds: 10 s but" in out


def test_generated_items_end_up_where_their_labels_say(tmp_path, capsys) -> None:
    out = tmp_path / "sessions.jsonl"
    assert main(["generate", "--count", "400", "--seed", "3", "--duplicate-rate", "0.1",
                 "--malformed-rate", "0.15", "--out", str(out)]) == 0
    manifest = [json.loads(line) for line in Path(f"{out}.manifest.jsonl").read_text().splitlines()]
    lines = out.read_bytes().split(b"\n")
    assert len(manifest) == 400 and lines[-1] == b""
    verdicts: Counter[tuple[str, bool]] = Counter()
    for entry in manifest:
        result = validate_payload(lines[entry["line"] - 1])
        kind = entry["label"].split(":")[0]
        verdicts[(kind, result.ok)] += 1
        if result.ok:
            assert result.record.session_id == entry["session_id"]
    assert set(verdicts) == {("valid", True), ("duplicate", True), ("malformed", False)}
    kinds = {e["label"].split(":", 1)[1] for e in manifest if e["label"].startswith("malformed")}
    assert kinds == set(MALFORMATION_KINDS)
    assert "wrote 400 items" in capsys.readouterr().out


def test_generate_rejects_a_rate_outside_zero_to_one(tmp_path) -> None:
    with pytest.raises(SystemExit, match="--malformed-rate must be between 0 and 1"):
        main(["generate", "--count", "1", "--malformed-rate", "1.5", "--out", str(tmp_path)])
