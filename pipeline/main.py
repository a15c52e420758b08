"""Run the voice-analytics job.

Streaming from Pub/Sub, locally on the emulator:
    PUBSUB_EMULATOR_HOST=127.0.0.1:8085 python -m pipeline.main --streaming \\
        --input_subscription projects/local/subscriptions/sessions \\
        --warehouse duckdb --duckdb_path data/warehouse.duckdb

Batch over files (backfills, re-analysis; re-running changes nothing):
    python -m pipeline.main --input_files 'data/*.jsonl' --dead_letter_path data/dead.jsonl

`--runner DirectRunner` (or none) is pinned to a local runner that needs no download:
BundleBasedDirectRunner when streaming, the FnApiRunner in batch.
"""

import logging
import sys
from pathlib import Path

import apache_beam as beam
from apache_beam.options.pipeline_options import SetupOptions, StandardOptions

from pipeline.build import build_pipeline, warehouse_for
from pipeline.options import VoiceAnalyticsOptions
from pipeline.receipts import compact, journal_before_ack, unaccounted

LOCAL_RUNNERS = {None, "DirectRunner", "PrismRunner", "SwitchingDirectRunner"}


def pipeline_options(argv: list[str] | None = None) -> VoiceAnalyticsOptions:
    options = VoiceAnalyticsOptions(argv)
    standard = options.view_as(StandardOptions)
    if standard.runner in LOCAL_RUNNERS:
        # Beam 2.77's DirectRunner first tries Prism, which downloads a binary and fails offline.
        standard.runner = "BundleBasedDirectRunner" if standard.streaming else "FnApiRunner"
        if standard.streaming and not options.receipt_journal:
            # Safe to kill: see pipeline/receipts.py. One journal per warehouse.
            options.receipt_journal = (
                f"{options.duckdb_path}.receipts.jsonl" if options.warehouse == "duckdb" else
                f"data/{options.bigquery_dataset.replace(':', '.')}.receipts.jsonl")
    options.view_as(SetupOptions).save_main_session = False
    return options.validated()


def run(argv: list[str] | None = None) -> beam.runners.runner.PipelineResult:
    options = pipeline_options(argv)
    replay = []
    if options.receipt_journal:
        journal = Path(options.receipt_journal)
        dead = Path(options.dead_letter_path) if options.dead_letter_path else None
        make_warehouse, _ = warehouse_for(options)
        replay = unaccounted(journal, make_warehouse(), dead)
        compact(journal, replay)
        journal_before_ack(options.receipt_journal)
        if replay:
            logging.warning("replaying %d received messages a previous run never wrote",
                            len(replay))
    pipeline = beam.Pipeline(options=options)
    build_pipeline(pipeline, options, replay=replay)
    result = pipeline.run()
    result.wait_until_finish()
    return result


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO if "--verbose" in sys.argv else logging.WARNING)
    try:
        run([a for a in sys.argv[1:] if a != "--verbose"])
    except ValueError as exc:
        raise SystemExit(f"pipeline.main: {exc}") from None
