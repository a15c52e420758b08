output "dataset_id" {
  description = "The warehouse dataset's id."
  value       = google_bigquery_dataset.warehouse.dataset_id
}

output "dataset" {
  description = "The warehouse as the job and CLI take it: PROJECT:DATASET (--bigquery_dataset)."
  value       = "${var.project_id}:${google_bigquery_dataset.warehouse.dataset_id}"
}

output "table_ids" {
  description = "Table ids by name: the six tables, the dashboard materialized views and the metrics rollup."
  value = merge(
    { for name, table in google_bigquery_table.tables : name => table.id },
    {
      sessions_hourly     = google_bigquery_table.sessions_hourly.id
      metrics_hourly_live = google_bigquery_table.metrics_hourly_live.id
      metrics_hourly      = google_bigquery_table.metrics_hourly.id
    },
  )
}

output "analyst_dataset_id" {
  description = "The dataset of analysts' views without PII."
  value       = google_bigquery_dataset.analyst.dataset_id
}

output "pii_policy_tag" {
  description = "The pii policy tag (projects/P/locations/L/taxonomies/T/policyTags/G) on the PII columns."
  value       = google_data_catalog_policy_tag.pii.name
}

output "scheduled_queries_service_account" {
  description = "Email of the service account the scheduled queries run as."
  value       = google_service_account.scheduled_queries.email
}
