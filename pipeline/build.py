"""The job's graph: read -> decode and validate -> dedup -> nine analyzers -> warehouse ->
Salesforce and Amplitude; dead letters from every step to one place.

`build_pipeline` returns the PCollections later steps attach to. The sinks after the warehouse
(Salesforce, Amplitude; `--sinks`) take `stored`, each session once the warehouse holds it,
and return their own dead letters, flattened with the rest.
"""

import functools
from dataclasses import dataclass

import apache_beam as beam
import duckdb
from apache_beam.options.pipeline_options import StandardOptions
from google.api_core import exceptions as api_exceptions

from pipeline.alerts.business import business_alerts
from pipeline.alerts.config import load_config
from pipeline.alerts.rules import OperationalAlerts
from pipeline.alerts.sink import DeliverAlerts
from pipeline.amplitude.sink import WriteAmplitude
from pipeline.bigquery_warehouse import BigQueryWarehouse
from pipeline.dead_letter_sinks import WriteDeadLetters
from pipeline.decode import DEAD_LETTERS, VALID, DecodeAndValidate
from pipeline.dedup import DeduplicateSessions, DropRedeliveriesFn, Redeliveries
from pipeline.duckdb_warehouse import DuckDBWarehouse
from pipeline.messages import Message
from pipeline.options import VoiceAnalyticsOptions
from pipeline.rows import session_rows
from pipeline.salesforce.client import OutboxSalesforce, SalesforceClient
from pipeline.salesforce.sink import WriteSalesforce
from pipeline.sources import ReadSessions
from pipeline.warehouse_sink import STORED, WriteWarehouse
from transforms.ptransforms import AnalyzeSession

DUCKDB_TRANSIENT = (duckdb.IOException, duckdb.TransactionException, OSError)
# BigQuery: throttling, server errors, timeouts; a 400 (bad row) is permanent.
BIGQUERY_TRANSIENT = (api_exceptions.TooManyRequests, api_exceptions.ServerError,
                      api_exceptions.RetryError, ConnectionError, TimeoutError)


def salesforce_api(outbox_dir: str, timeout: float):
    """The org from SALESFORCE_* credentials, else the outbox."""
    return SalesforceClient.from_environment(timeout) or OutboxSalesforce(outbox_dir)


def warehouse_for(options: VoiceAnalyticsOptions):
    """(factory of the warehouse, its transient errors), from the options."""
    if options.warehouse == "bigquery":
        return (functools.partial(BigQueryWarehouse, options.bigquery_dataset),
                BIGQUERY_TRANSIENT)
    return functools.partial(DuckDBWarehouse, options.duckdb_path), DUCKDB_TRANSIENT


@dataclass
class JobOutputs:
    analyzed: beam.PCollection  # (SessionRecord, AnalysisResult)
    stored: beam.PCollection  # StoredSession: each session once the warehouse holds it
    dead_letters: beam.PCollection  # DeadLetter, from every step


def build_pipeline(pipeline: beam.Pipeline, options: VoiceAnalyticsOptions,
                   messages: beam.PCollection | None = None,
                   replay: list[Message] | None = None) -> JobOutputs:
    """Wire the job. `messages` replaces the source in tests (a `beam.Create` of Messages);
    `replay` are journalled messages a killed local job never wrote (see receipts.py)."""
    streaming = options.view_as(StandardOptions).streaming
    deduplicated_on_read = False
    if messages is None:
        messages = pipeline | "ReadSessions" >> ReadSessions(options.input_subscription,
                                                             options.input_files)
        if options.input_files:
            redelivered = (pipeline | "ReadSessionIds" >> ReadSessions(files=options.input_files)
                           | "FindRedeliveries" >> Redeliveries())
            messages = messages | "DropRedeliveries" >> beam.ParDo(
                DropRedeliveriesFn(), redelivered=beam.pvalue.AsDict(redelivered))
            deduplicated_on_read = True
        if replay:
            messages = ((messages, pipeline | "ReplayUnwritten" >> beam.Create(replay))
                        | "WithReplayed" >> beam.Flatten())
    decoded = messages | "DecodeAndValidate" >> DecodeAndValidate()
    records = decoded[VALID]
    if not deduplicated_on_read:
        records = records | "DeduplicateSessions" >> DeduplicateSessions(
            streaming, options.dedup_window_seconds)
    analyzed = records | "AnalyzeSession" >> AnalyzeSession()
    written = (
        analyzed
        | "ToWarehouseRows" >> beam.MapTuple(session_rows)
        | "WriteWarehouse" >> WriteWarehouse(*warehouse_for(options),
                                             options.warehouse_batch_size)
    )
    failures = [decoded[DEAD_LETTERS], written[DEAD_LETTERS]]
    stored = written[STORED]
    if "salesforce" in options.sink_names:
        failures.append(stored | "WriteSalesforce" >> WriteSalesforce(
            functools.partial(salesforce_api, options.outbox_dir,
                              options.salesforce_timeout_seconds), options.salesforce_routing,
            options.transcript_url_template, options.salesforce_batch_size,
            streaming=streaming, max_wait_seconds=options.salesforce_max_wait_seconds))
    if "amplitude" in options.sink_names:
        failures.append(stored | "WriteAmplitude" >> WriteAmplitude(options.outbox_dir))
    dead_letters = failures | "CollectDeadLetters" >> beam.Flatten()
    if "alerts" in options.sink_names:
        config = load_config(options.alerts_config)
        alerts = [stored | "BusinessAlerts" >> beam.FlatMap(business_alerts, config)]
        if streaming:
            alerts.append((stored, dead_letters) | "OperationalAlerts" >> OperationalAlerts(
                config))
        (alerts | "CollectAlerts" >> beam.Flatten()
         | "DeliverAlerts" >> DeliverAlerts(warehouse_for(options)[0], options.outbox_dir,
                                            options.alerts_config))
    dead_letters | "WriteDeadLetters" >> WriteDeadLetters(options.dead_letter_path,
                                                          options.dead_letter_topic)
    return JobOutputs(analyzed, stored, dead_letters)
