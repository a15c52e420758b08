"""Re-run the analyzers over stored sessions, e.g. after an analyzer release.

Reads the whole records kept in `transcripts.session_record`, analyses them with the current
analyzers and upserts their rows (analysis_results, and the session, metrics and lead rows
derived from the analysis), so `analyzer_version` says which analyzers produced each row.
Idempotent like every write.
"""

from datetime import date
from typing import Any

from pipeline.rows import session_rows
from schemas.validation import parse_record
from transforms.analyze import analyze

BATCH = 500


def reanalyze(warehouse: Any, since: date) -> int:
    """Sessions that started on or after `since`, re-analysed and upserted into `warehouse`
    (DuckDB or BigQuery); returns how many."""
    batch, done = [], 0
    for raw in warehouse.stored_records(since):
        record = parse_record(raw)
        batch.append(session_rows(record, analyze(record)))
        if len(batch) >= BATCH:
            warehouse.write(batch)
            done, batch = done + len(batch), []
    if batch:
        warehouse.write(batch)
        done += len(batch)
    return done
