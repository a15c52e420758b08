"""The job's options: Beam's standard `PipelineOptions` plus these (all in `--help`)."""

from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from pipeline.dedup import DEDUP_WINDOW_SECONDS

SINKS = ("salesforce", "amplitude", "alerts")
TRANSCRIPT_URL_TEMPLATE = ("https://looker.internal/explore/voice_analytics/transcripts"
                           "?fields=transcripts.transcript_text"
                           "&f[transcripts.session_id]={session_id}")


class VoiceAnalyticsOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser) -> None:
        source = parser.add_argument_group("input (exactly one)")
        source.add_argument("--input_subscription", default=None,
                            help="Pub/Sub subscription to read, projects/P/subscriptions/S "
                                 "(streaming). Messages carry session records and attributes.")
        source.add_argument("--input_files", default=None,
                            help="glob of .json/.jsonl session records (batch backfill), "
                                 "e.g. 'data/*.jsonl'")
        sink = parser.add_argument_group("warehouse")
        sink.add_argument("--warehouse", choices=("duckdb", "bigquery"), default="duckdb",
                          help="where the six tables live (default duckdb)")
        sink.add_argument("--duckdb_path", default="data/warehouse.duckdb",
                          help="DuckDB file for --warehouse duckdb (default %(default)s)")
        sink.add_argument("--bigquery_dataset", default=None,
                          help="PROJECT:DATASET for --warehouse bigquery (tables created if "
                               "missing; BIGQUERY_EMULATOR_HOST points at a local emulator)")
        sink.add_argument("--warehouse_batch_size", type=int, default=500,
                          help="sessions per warehouse write, at most (default %(default)s)")
        crm = parser.add_argument_group(
            "Salesforce and Amplitude (credentials from the environment: SALESFORCE_INSTANCE_URL, "
            "SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, AMPLITUDE_API_KEY; a value may be "
            "sm://projects/P/secrets/S for Secret Manager)")
        crm.add_argument("--sinks", default="salesforce,amplitude,alerts",
                         help="sinks after the warehouse, comma-separated, or 'none' "
                              "(default %(default)s)")
        crm.add_argument("--outbox_dir", default="data/outbox",
                         help="a sink without credentials writes its request bodies here, "
                              "<sink>.jsonl (default %(default)s)")
        crm.add_argument("--salesforce_routing", default=None,
                         help="JSON file of owners by tier and territory (default: "
                              "pipeline/salesforce/routing.json)")
        crm.add_argument("--salesforce_batch_size", type=int, default=200,
                         help="sessions per Salesforce sync, at most 200 (default %(default)s)")
        crm.add_argument("--salesforce_max_wait_seconds", type=float, default=10.0,
                         help="streaming: a session waits at most this long to be batched "
                              "with others for Salesforce (default %(default)s)")
        crm.add_argument("--salesforce_timeout_seconds", type=float, default=30.0,
                         help="a Salesforce request unanswered this long is retried "
                              "(default %(default)s)")
        crm.add_argument("--transcript_url_template", default=TRANSCRIPT_URL_TEMPLATE,
                         help="Voice_Call__c.Transcript_URL__c, {session_id} filled in "
                              "(default: the Looker transcripts explore, %(default)s)")
        crm.add_argument("--alerts_config", default=None,
                         help="JSON merged over pipeline/alerts/alerts.json (thresholds, "
                              "windows, cooldowns); destinations from PAGERDUTY_ROUTING_KEY, "
                              "SLACK_WEBHOOK_OPS|SALES|PRODUCT, SMTP_HOST...")
        dead = parser.add_argument_group("dead letters")
        dead.add_argument("--dead_letter_path", default=None,
                          help="JSONL file for dead letters (default data/dead_letters.jsonl "
                               "when no --dead_letter_topic)")
        dead.add_argument("--dead_letter_topic", default=None,
                          help="Pub/Sub topic for dead letters, projects/P/topics/T")
        parser.add_argument("--receipt_journal", default=None,
                            help="local streaming only: journal every received message here "
                                 "and, on start, replay those never written (DirectRunner "
                                 "acks Pub/Sub on pull). Default <duckdb_path>.receipts.jsonl "
                                 "on a local runner; not used on Dataflow.")
        parser.add_argument("--dedup_window_seconds", type=float, default=DEDUP_WINDOW_SECONDS,
                            help="streaming: forget a session_id after this many seconds "
                                 "(default %(default)s, the spec's 5 minutes)")

    def validated(self) -> "VoiceAnalyticsOptions":
        """Fail before building the graph, with an error that says the fix."""
        if bool(self.input_subscription) == bool(self.input_files):
            raise ValueError("give exactly one of --input_subscription (streaming) or "
                             "--input_files (batch)")
        streaming = self.view_as(StandardOptions).streaming
        if self.input_subscription and not streaming:
            raise ValueError("--input_subscription needs --streaming")
        if self.warehouse == "bigquery" and not self.bigquery_dataset:
            raise ValueError("--warehouse bigquery needs --bigquery_dataset PROJECT:DATASET")
        unknown = set(self.sink_names) - set(SINKS)
        if unknown:
            raise ValueError(f"--sinks: unknown {', '.join(sorted(unknown))}; choose from "
                             f"{', '.join(SINKS)} or none")
        if not self.dead_letter_path and not self.dead_letter_topic:
            self.dead_letter_path = "data/dead_letters.jsonl"
        return self

    @property
    def sink_names(self) -> list[str]:
        value = (self.sinks or "none").strip()
        return [] if value == "none" else [s.strip() for s in value.split(",") if s.strip()]
