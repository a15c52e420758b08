/**
 * The warehouse of spec 8: the six tables, read from the BigQuery REST Table resources that
 * schemas/tables.py renders into schemas/bigquery/*.json (never restated here), PII columns
 * under a policy tag, dashboard materialized views, an analysts' dataset of authorized views
 * without PII, and the scheduled queries of the retention policy (8.2): the hourly metrics
 * rollup kept 5 years and the daily exports to the cold archive.
 */

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  schemas_dir = coalesce(var.schemas_dir, "${path.module}/../../../schemas/bigquery")

  # One decoded Table resource per table: schema.fields, timePartitioning, clustering, ...
  tables = { for name in var.tables : name => jsondecode(file("${local.schemas_dir}/${name}.json")) }

  # The schema of each table with a policyTags block on its PII columns (schemas/tables.py
  # marks them pii=True; var.pii_columns lists them and tests/test_terraform.py keeps the two
  # equal). A for expression adds the key only where wanted, so both kinds of field merge.
  table_fields = {
    for name, table in local.tables : name => [
      for field in table.schema.fields : merge(field, {
        for key, value in { policyTags = { names = [google_data_catalog_policy_tag.pii.name] } } :
        key => value if contains(lookup(var.pii_columns, name, []), field.name)
      })
    ]
  }

  dataset_ref = "${var.project_id}.${google_bigquery_dataset.warehouse.dataset_id}"

  # Analysts' views: every column but the PII ones.
  analyst_queries = {
    for name in var.analyst_views : name => (
      length(lookup(var.pii_columns, name, [])) == 0
      ? "SELECT * FROM `${local.dataset_ref}.${name}`"
      : "SELECT * EXCEPT (${join(", ", var.pii_columns[name])}) FROM `${local.dataset_ref}.${name}`"
    )
  }

  # Column a table is partitioned on, for the archive exports.
  partition_fields = {
    for name, table in local.tables : name => table.timePartitioning.field if can(table.timePartitioning.field)
  }

  scheduled_queries_member = "serviceAccount:${google_service_account.scheduled_queries.email}"
}

resource "google_bigquery_dataset" "warehouse" {
  #checkov:skip=CKV_GCP_81:Google-managed encryption unless var.kms_key_name names a CMEK key.
  project                    = var.project_id
  dataset_id                 = var.dataset_id
  friendly_name              = "Voice analytics"
  description                = "The six tables of the voice analytics warehouse (schemas/tables.py), written by the streaming job."
  location                   = var.location
  labels                     = var.labels
  delete_contents_on_destroy = false

  dynamic "default_encryption_configuration" {
    for_each = var.kms_key_name == null ? [] : [var.kms_key_name]
    content {
      kms_key_name = default_encryption_configuration.value
    }
  }
}

# --- PII: a taxonomy whose "pii" tag guards the PII columns (column-level access control) ---

resource "google_data_catalog_taxonomy" "pii" {
  project                = var.project_id
  region                 = lower(var.location)
  display_name           = "${var.dataset_id} data classes"
  description            = "Column classes of the voice analytics warehouse; reading a pii column needs Fine-Grained Reader on the pii tag."
  activated_policy_types = ["FINE_GRAINED_ACCESS_CONTROL"]
}

resource "google_data_catalog_policy_tag" "pii" {
  taxonomy     = google_data_catalog_taxonomy.pii.id
  display_name = "pii"
  description  = "Personal data (emails, names, transcripts): redacted by the retention policy, readable by the job, the scheduled jobs and the members of var.pii_readers."
}

resource "google_data_catalog_policy_tag_iam_member" "pii_reader" {
  for_each = var.pii_readers

  policy_tag = google_data_catalog_policy_tag.pii.name
  role       = "roles/datacatalog.categoryFineGrainedReader"
  member     = each.value
}

# --- The six tables ---

resource "google_bigquery_table" "tables" {
  #checkov:skip=CKV_GCP_80:Encrypted with the dataset's default key (CMEK when var.kms_key_name is set).
  for_each = local.tables

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = each.key
  description         = each.value.description
  labels              = var.labels
  deletion_protection = var.deletion_protection
  schema              = jsonencode(local.table_fields[each.key])
  clustering          = try(each.value.clustering.fields, null)

  # Off by default: the job's MERGE statements match on the key alone (see README).
  require_partition_filter = can(each.value.timePartitioning) ? contains(var.require_partition_filter_tables, each.key) : null

  dynamic "time_partitioning" {
    for_each = can(each.value.timePartitioning) ? [each.value.timePartitioning] : []
    content {
      type          = time_partitioning.value.type
      field         = time_partitioning.value.field
      expiration_ms = contains(keys(var.partition_expiration_days), each.key) ? var.partition_expiration_days[each.key] * 86400000 : null
    }
  }

  # Declared for the optimizer and readers; BigQuery does not enforce it, the job's MERGE does.
  dynamic "table_constraints" {
    for_each = can(each.value.tableConstraints.primaryKey.columns) ? [each.value.tableConstraints.primaryKey.columns] : []
    content {
      primary_key {
        columns = table_constraints.value
      }
    }
  }
}

# --- Dashboard aggregates (spec 8.3: last 24 hours in under a second, 5-minute cache) ---
# Sums and counts rather than averages, so Looker can roll hours and dimensions up correctly.

resource "google_bigquery_table" "sessions_hourly" {
  #checkov:skip=CKV_GCP_121:A materialized view: rebuilt from sessions by this code, it holds no data of its own.
  #checkov:skip=CKV_GCP_80:Encrypted with the dataset's default key (CMEK when var.kms_key_name is set).
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "sessions_hourly"
  description         = "Materialized view: calls per hour and dashboard filter (agent version, tier, industry, sentiment) with sums for averages and rates."
  labels              = var.labels
  deletion_protection = false
  max_staleness       = var.dashboard_max_staleness

  time_partitioning {
    type  = "DAY"
    field = "hour"
  }

  clustering = ["agent_version", "qualification_tier"]

  materialized_view {
    enable_refresh      = true
    refresh_interval_ms = var.dashboard_refresh_interval_ms
    query               = <<-SQL
      SELECT
        TIMESTAMP_TRUNC(start_time, HOUR) AS hour,
        agent_version,
        qualification_tier,
        industry,
        sentiment,
        COUNT(*) AS calls,
        COUNTIF(meeting_booked) AS meetings_booked,
        COUNTIF(qualification_tier = 'tier_1') AS tier_1_leads,
        SUM(duration_seconds) AS duration_seconds_sum,
        SUM(turn_count) AS turns,
        SUM(interruption_count) AS interruptions,
        SUM(tool_calls_count) AS tool_calls,
        SUM(total_tokens) AS total_tokens,
        SUM(cost_usd) AS cost_usd,
        SUM(avg_latency_ms) AS avg_latency_ms_sum,
        COUNT(avg_latency_ms) AS calls_with_latency,
        MAX(p95_latency_ms) AS p95_latency_ms_max,
        SUM(engagement_score) AS engagement_score_sum,
        COUNT(engagement_score) AS calls_with_engagement,
        SUM(lead_score) AS lead_score_sum,
        COUNT(lead_score) AS calls_with_lead_score,
        SUM(quality_score) AS quality_score_sum,
        COUNT(quality_score) AS calls_with_quality
      FROM `${local.dataset_ref}.sessions`
      GROUP BY hour, agent_version, qualification_tier, industry, sentiment
    SQL
  }

  depends_on = [google_bigquery_table.tables]
}

resource "google_bigquery_table" "metrics_hourly_live" {
  #checkov:skip=CKV_GCP_121:A materialized view: rebuilt from metrics by this code, it holds no data of its own.
  #checkov:skip=CKV_GCP_80:Encrypted with the dataset's default key (CMEK when var.kms_key_name is set).
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "metrics_hourly_live"
  description         = "Materialized view: agent turns per hour, agent version and metric type, with latency and token sums (turns kept out of latency statistics are left out)."
  labels              = var.labels
  deletion_protection = false
  max_staleness       = var.dashboard_max_staleness

  time_partitioning {
    type  = "DAY"
    field = "hour"
  }

  clustering = ["agent_version", "metric_type"]

  materialized_view {
    enable_refresh      = true
    refresh_interval_ms = var.dashboard_refresh_interval_ms
    query               = local.metrics_hourly_select
  }

  depends_on = [google_bigquery_table.tables]
}

locals {
  metrics_hourly_columns = <<-SQL
    TIMESTAMP_TRUNC(timestamp, HOUR) AS hour,
    agent_version,
    metric_type,
    COUNT(*) AS turns,
    SUM(total_latency_ms) AS total_latency_ms_sum,
    COUNT(total_latency_ms) AS turns_with_latency,
    MAX(total_latency_ms) AS total_latency_ms_max,
    SUM(eou_delay_ms) AS eou_delay_ms_sum,
    SUM(llm_ttft_ms) AS llm_ttft_ms_sum,
    SUM(tts_ttfb_ms) AS tts_ttfb_ms_sum,
    SUM(prompt_tokens) AS prompt_tokens,
    SUM(completion_tokens) AS completion_tokens,
    SUM(total_tokens) AS total_tokens
  SQL
  metrics_hourly_select = <<-SQL
    SELECT
    ${local.metrics_hourly_columns}
    FROM `${local.dataset_ref}.metrics`
    WHERE excluded_reason IS NULL
    GROUP BY hour, agent_version, metric_type
  SQL
}

# --- Metrics past their year (spec 8.2): hourly summaries kept 5 years ---

resource "google_bigquery_table" "metrics_hourly" {
  #checkov:skip=CKV_GCP_80:Encrypted with the dataset's default key (CMEK when var.kms_key_name is set).
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = "metrics_hourly"
  description         = "Hourly summaries of metrics, appended daily by a scheduled query and kept metrics_rollup_retention_days (the per-turn rows expire after a year)."
  labels              = var.labels
  deletion_protection = var.deletion_protection

  time_partitioning {
    type          = "DAY"
    field         = "hour"
    expiration_ms = var.metrics_rollup_retention_days * 86400000
  }

  clustering = ["agent_version", "metric_type"]

  schema = jsonencode([
    { name = "hour", type = "TIMESTAMP", mode = "REQUIRED", description = "Start of the hour." },
    { name = "agent_version", type = "STRING", mode = "NULLABLE", description = "Agent build." },
    { name = "metric_type", type = "STRING", mode = "REQUIRED", description = "Kind of row, as in metrics." },
    { name = "turns", type = "INTEGER", mode = "REQUIRED", description = "Turns in the hour." },
    { name = "total_latency_ms_sum", type = "FLOAT", mode = "NULLABLE", description = "Sum of total_latency_ms." },
    { name = "turns_with_latency", type = "INTEGER", mode = "REQUIRED", description = "Turns with a total_latency_ms." },
    { name = "total_latency_ms_max", type = "FLOAT", mode = "NULLABLE", description = "Largest total_latency_ms." },
    { name = "eou_delay_ms_sum", type = "FLOAT", mode = "NULLABLE", description = "Sum of eou_delay_ms." },
    { name = "llm_ttft_ms_sum", type = "FLOAT", mode = "NULLABLE", description = "Sum of llm_ttft_ms." },
    { name = "tts_ttfb_ms_sum", type = "FLOAT", mode = "NULLABLE", description = "Sum of tts_ttfb_ms." },
    { name = "prompt_tokens", type = "INTEGER", mode = "NULLABLE", description = "Sum of prompt_tokens." },
    { name = "completion_tokens", type = "INTEGER", mode = "NULLABLE", description = "Sum of completion_tokens." },
    { name = "total_tokens", type = "INTEGER", mode = "NULLABLE", description = "Sum of total_tokens." },
  ])
}

# --- Analysts: a dataset of authorized views that leave the PII columns out ---

resource "google_bigquery_dataset" "analyst" {
  #checkov:skip=CKV_GCP_81:Views hold no data; Google-managed encryption unless var.kms_key_name names a CMEK key.
  project                    = var.project_id
  dataset_id                 = "${var.dataset_id}_analyst"
  friendly_name              = "Voice analytics (no PII)"
  description                = "Authorized views over ${var.dataset_id} without PII columns, for analysts."
  location                   = var.location
  labels                     = var.labels
  delete_contents_on_destroy = false
}

resource "google_bigquery_table" "analyst_views" {
  #checkov:skip=CKV_GCP_121:A logical view holds no data; this code recreates it.
  #checkov:skip=CKV_GCP_80:A view holds no data.
  for_each = local.analyst_queries

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.analyst.dataset_id
  table_id            = each.key
  description         = "${each.key} without its PII columns (${join(", ", lookup(var.pii_columns, each.key, ["none"]))})."
  labels              = var.labels
  deletion_protection = false

  view {
    query          = each.value
    use_legacy_sql = false
  }

  depends_on = [google_bigquery_table.tables]
}

resource "google_bigquery_dataset_access" "analyst_views" {
  for_each = google_bigquery_table.analyst_views

  project    = var.project_id
  dataset_id = google_bigquery_dataset.warehouse.dataset_id

  view {
    project_id = var.project_id
    dataset_id = google_bigquery_dataset.analyst.dataset_id
    table_id   = each.value.table_id
  }
}

resource "google_bigquery_dataset_iam_member" "analysts" {
  for_each = toset(var.analyst_members)

  project    = var.project_id
  dataset_id = google_bigquery_dataset.analyst.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = each.value
}

resource "google_bigquery_dataset_iam_member" "readers" {
  for_each = var.dataset_readers

  project    = var.project_id
  dataset_id = google_bigquery_dataset.warehouse.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = each.value
}

# --- Scheduled queries of the retention policy ---

resource "google_service_account" "scheduled_queries" {
  project      = var.project_id
  account_id   = var.scheduled_queries_account_id
  display_name = "Voice analytics scheduled queries"
  description  = "Runs the warehouse's scheduled queries: hourly metrics rollup and archive exports."
}

resource "google_project_iam_member" "scheduled_queries_job_user" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = local.scheduled_queries_member
}

resource "google_bigquery_dataset_iam_member" "scheduled_queries_editor" {
  project    = var.project_id
  dataset_id = google_bigquery_dataset.warehouse.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = local.scheduled_queries_member
}

# Archived transcripts are whole rows, PII included.
resource "google_data_catalog_policy_tag_iam_member" "scheduled_queries_pii" {
  policy_tag = google_data_catalog_policy_tag.pii.name
  role       = "roles/datacatalog.categoryFineGrainedReader"
  member     = local.scheduled_queries_member
}

resource "google_storage_bucket_iam_member" "scheduled_queries_archive" {
  bucket = var.archive_bucket
  role   = "roles/storage.objectAdmin" # EXPORT DATA ... overwrite = true replaces a re-run's objects
  member = local.scheduled_queries_member
}

# The BigQuery Data Transfer service agent mints tokens for the service account.
resource "google_service_account_iam_member" "scheduled_queries_token" {
  service_account_id = google_service_account.scheduled_queries.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-bigquerydatatransfer.iam.gserviceaccount.com"
}

resource "google_bigquery_data_transfer_config" "metrics_rollup" {
  project              = var.project_id
  display_name         = "${var.dataset_id}: metrics hourly rollup"
  location             = var.location
  data_source_id       = "scheduled_query"
  schedule             = "every day 02:00"
  service_account_name = google_service_account.scheduled_queries.email

  # Yesterday's hours, replaced as a whole so a re-run changes nothing.
  params = {
    query = <<-SQL
      DECLARE day DATE DEFAULT DATE_SUB(@run_date, INTERVAL 1 DAY);
      DELETE FROM `${local.dataset_ref}.metrics_hourly` WHERE DATE(hour) = day;
      INSERT INTO `${local.dataset_ref}.metrics_hourly`
      SELECT
      ${local.metrics_hourly_columns}
      FROM `${local.dataset_ref}.metrics`
      WHERE DATE(timestamp) = day AND excluded_reason IS NULL
      GROUP BY hour, agent_version, metric_type;
    SQL
  }

  depends_on = [
    google_bigquery_table.metrics_hourly,
    google_bigquery_dataset_iam_member.scheduled_queries_editor,
    google_project_iam_member.scheduled_queries_job_user,
    google_service_account_iam_member.scheduled_queries_token,
  ]
}

resource "google_bigquery_data_transfer_config" "archive" {
  for_each = var.archive_after_days

  project              = var.project_id
  display_name         = "${var.dataset_id}: archive ${each.key} after ${each.value} days"
  location             = var.location
  data_source_id       = "scheduled_query"
  schedule             = "every day 03:00"
  service_account_name = google_service_account.scheduled_queries.email

  # The day that turned archive_after_days old, as gzipped JSON lines, gs://ARCHIVE/<table>/date=D/.
  params = {
    query = <<-SQL
      DECLARE day DATE DEFAULT DATE_SUB(@run_date, INTERVAL ${each.value} DAY);
      EXECUTE IMMEDIATE FORMAT("""
        EXPORT DATA OPTIONS (
          uri = 'gs://${var.archive_bucket}/${each.key}/date=%t/*.json.gz',
          format = 'JSON', compression = 'GZIP', overwrite = true)
        AS SELECT * FROM `${local.dataset_ref}.${each.key}` WHERE DATE(${local.partition_fields[each.key]}) = '%t'
      """, day, day);
    SQL
  }

  lifecycle {
    precondition {
      condition     = contains(keys(local.partition_fields), each.key)
      error_message = "archive_after_days: ${each.key} is not a partitioned table."
    }
    precondition {
      condition     = lookup(var.partition_expiration_days, each.key, 36500) > each.value
      error_message = "partition_expiration_days[${each.key}] must be larger than archive_after_days[${each.key}], or rows expire before they are archived."
    }
  }

  depends_on = [
    google_bigquery_table.tables,
    google_bigquery_dataset_iam_member.scheduled_queries_editor,
    google_project_iam_member.scheduled_queries_job_user,
    google_service_account_iam_member.scheduled_queries_token,
    google_storage_bucket_iam_member.scheduled_queries_archive,
    google_data_catalog_policy_tag_iam_member.scheduled_queries_pii,
  ]
}
