"""Re-run the analyzers over stored sessions, e.g. after an analyzer release.

Reads the whole records kept in `transcripts.session_record`, analyses them with the current
analyzers and upserts their rows (analysis_results, and the session, metrics and lead rows
derived from the analysis), so `analyzer_version` says which analyzers produced each row.
Idempotent like every write.
"""

from datetime import date
from pathlib import Path

from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.local_run import read_warehouse
from pipeline.rows import session_rows
from schemas.validation import parse_record
from transforms.analyze import analyze

BATCH = 500


def reanalyze_duckdb(path: Path, since: date) -> int:
    """Sessions that started on or after `since`, re-analysed; returns how many."""
    stored = read_warehouse(path, "SELECT session_record FROM transcripts WHERE start_time >= "
                                  f"TIMESTAMPTZ '{since.isoformat()} 00:00:00+00' "
                                  "ORDER BY start_time")
    warehouse = DuckDBWarehouse(path)
    batch, done = [], 0
    for (raw,) in stored:
        record = parse_record(raw)
        batch.append(session_rows(record, analyze(record)))
        if len(batch) >= BATCH:
            warehouse.write(batch)
            done, batch = done + len(batch), []
    if batch:
        warehouse.write(batch)
        done += len(batch)
    return done
