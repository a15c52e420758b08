variable "project_id" {
  description = "Project that holds the datasets."
  type        = string
}

variable "dataset_id" {
  description = "The warehouse dataset (the job's --bigquery_dataset is PROJECT:DATASET)."
  type        = string
  default     = "voice_analytics"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{1,1000}$", var.dataset_id))
    error_message = "dataset_id: letters, digits and underscores only."
  }
}

variable "location" {
  description = "BigQuery location of both datasets, the taxonomy and the scheduled queries (e.g. US, EU or a region such as us-central1)."
  type        = string
  default     = "US"
}

variable "labels" {
  description = "Labels put on the datasets and tables."
  type        = map(string)
  default     = {}
}

variable "kms_key_name" {
  description = "Cloud KMS key for the warehouse dataset's default encryption; null for Google-managed keys."
  type        = string
  default     = null
}

variable "schemas_dir" {
  description = "Folder of the BigQuery Table resources <table>.json rendered from schemas/tables.py; null for the repository's schemas/bigquery."
  type        = string
  default     = null
}

variable "tables" {
  description = "Tables to create, each from <schemas_dir>/<table>.json."
  type        = list(string)
  default     = ["sessions", "transcripts", "metrics", "leads", "analysis_results", "alerts_history"]
}

variable "pii_columns" {
  description = "Per table, the columns under the pii policy tag: those schemas/tables.py marks pii=True (tests/test_terraform.py checks the two agree)."
  type        = map(list(string))
  default = {
    sessions    = ["user_email", "user_name"]
    transcripts = ["transcript_json", "transcript_text", "session_record"]
    leads       = ["email", "name"]
  }
}

variable "partition_expiration_days" {
  description = "Per table, days a partition is kept (spec 8.2). metrics: 1 year at full granularity, then metrics_hourly. transcripts and alerts_history: the archive age (archive_after_days) plus 30 days to re-run a failed export; the archive keeps them to 2 and 3 years. Tables not named keep their rows (sessions, analysis_results: indefinite)."
  type        = map(number)
  default = {
    metrics        = 365
    transcripts    = 120
    alerts_history = 395
  }

  validation {
    condition     = alltrue([for days in values(var.partition_expiration_days) : days >= 1])
    error_message = "partition_expiration_days: at least 1 day per table."
  }
}

variable "archive_after_days" {
  description = "Per partitioned table, the age in days at which a scheduled query exports a day's rows to the archive bucket (spec 8.2: transcripts 90 days, alerts_history 1 year)."
  type        = map(number)
  default = {
    transcripts    = 90
    alerts_history = 365
  }
}

variable "archive_bucket" {
  description = "Name of the cold archive bucket the exports write to."
  type        = string
}

variable "require_partition_filter_tables" {
  description = "Partitioned tables whose queries must filter on the partition column. Empty by default: the job's MERGE statements (pipeline/bigquery_warehouse.py) match on the primary key alone and would be refused; add a table only once its writers filter."
  type        = list(string)
  default     = []
}

variable "metrics_rollup_retention_days" {
  description = "Days the hourly metrics summaries are kept (spec 8.2: 5 years)."
  type        = number
  default     = 1826
}

variable "deletion_protection" {
  description = "Refuse `terraform destroy` of the data tables (views and materialized views are never protected)."
  type        = bool
  default     = true
}

variable "dashboard_refresh_interval_ms" {
  description = "How often BigQuery refreshes the dashboard materialized views, in milliseconds."
  type        = number
  default     = 300000

  validation {
    condition     = var.dashboard_refresh_interval_ms >= 60000 && var.dashboard_refresh_interval_ms <= 604800000
    error_message = "dashboard_refresh_interval_ms must be between 60000 (1 minute) and 604800000 (7 days)."
  }
}

variable "dashboard_max_staleness" {
  description = "Staleness the dashboard materialized views may serve without reading newer base rows, as a BigQuery interval \"Y-M D H:M:S\" (spec 8.3: a 5-minute cache); null to always be current."
  type        = string
  default     = "0-0 0 0:5:0"
}

variable "analyst_views" {
  description = "Tables that get a view without PII columns in the <dataset_id>_analyst dataset, authorized on the warehouse. transcripts is left out: it is nearly all PII."
  type        = list(string)
  default     = ["sessions", "leads", "metrics", "analysis_results"]
}

variable "analyst_members" {
  description = "IAM members (e.g. group:analysts@example.com) who read the analysts' views."
  type        = list(string)
  default     = []
}

variable "dataset_readers" {
  description = "Members who read the warehouse dataset itself, by a fixed key (e.g. { looker = \"serviceAccount:...\" }); the PII columns also need pii_readers."
  type        = map(string)
  default     = {}
}

variable "pii_readers" {
  description = "Members who may read the PII columns (Fine-Grained Reader on the pii policy tag), by a fixed key, e.g. { dataflow = \"serviceAccount:...\" }. Keys must be known at plan time; values may come from other resources."
  type        = map(string)
  default     = {}
}

variable "scheduled_queries_account_id" {
  description = "account_id of the service account the scheduled queries run as."
  type        = string
  default     = "voice-analytics-bq-scheduled"
}
