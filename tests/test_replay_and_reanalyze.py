"""`replay-dlq` sends dead letters back as they arrived; `reanalyze` refreshes stored calls."""

from pathlib import Path

from cli.main import main
from generator import generate_items, write_items
from pipeline.local_run import dead_letters, read_warehouse, table_counts
from pipeline.main import run
from transforms.version import ANALYZER_VERSION


def _batch_run(tmp_path: Path, count: int = 40) -> tuple[Path, Path, list]:
    items = list(generate_items(count, seed=51, malformed_rate=0.2))
    source = tmp_path / "in.jsonl"
    write_items(items, source)
    warehouse, dead = tmp_path / "w.duckdb", tmp_path / "dead.jsonl"
    run(["--input_files", str(source), "--duckdb_path", str(warehouse),
         "--dead_letter_path", str(dead), "--outbox_dir", str(dead.parent / "outbox")])
    return warehouse, dead, items


def test_replay_to_a_file_gives_back_the_original_bytes(tmp_path, capsys) -> None:
    _, dead, items = _batch_run(tmp_path)
    letters = dead_letters(dead)
    assert letters
    out = tmp_path / "replay.jsonl"
    assert main(["replay-dlq", "--dead-letter-path", str(dead), "--out", str(out)]) == 0
    malformed = {i.payload for i in items if i.label.startswith("malformed")}
    assert set(out.read_bytes().splitlines()) == malformed
    assert not dead.exists()  # renamed: a second replay cannot resend them
    assert list(tmp_path.glob("dead.jsonl.replayed-*"))
    assert f"replayed {len(letters)}" in capsys.readouterr().out


def test_dry_run_counts_by_reason_and_sends_nothing(tmp_path, capsys) -> None:
    _, dead, _ = _batch_run(tmp_path)
    assert main(["replay-dlq", "--dead-letter-path", str(dead), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "DecodeAndValidate: " in out and "(dry run: nothing sent)" in out
    assert dead.exists()


def test_reanalyze_restamps_stored_sessions_with_the_current_version(tmp_path, capsys) -> None:
    warehouse, _, _ = _batch_run(tmp_path)
    before = table_counts(warehouse)
    import duckdb

    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE analysis_results SET analyzer_version = '0.0.1'")
    assert main(["reanalyze", "--since", "2000-01-01", "--duckdb-path", str(warehouse)]) == 0
    versions = read_warehouse(warehouse, "SELECT DISTINCT analyzer_version FROM analysis_results")
    assert versions == [(ANALYZER_VERSION,)]
    assert table_counts(warehouse) == before
    assert f"re-analysed {before['sessions']} sessions" in capsys.readouterr().out


def test_reanalyze_only_touches_calls_since_the_date(tmp_path) -> None:
    warehouse, _, _ = _batch_run(tmp_path)
    import duckdb

    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE analysis_results SET analyzer_version = '0.0.1'")
    assert main(["reanalyze", "--since", "2100-01-01", "--duckdb-path", str(warehouse)]) == 0
    assert read_warehouse(warehouse, "SELECT DISTINCT analyzer_version FROM analysis_results"
                          ) == [("0.0.1",)]
