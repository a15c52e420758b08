output "claim_check_bucket" {
  description = "Name of the claim-check bucket."
  value       = google_storage_bucket.claim_check.name
}

output "claim_check_uri" {
  description = "The agent's CLAIM_CHECK_URI (gs://bucket/claims)."
  value       = "${google_storage_bucket.claim_check.url}/claims"
}

output "archive_bucket" {
  description = "Name of the cold archive bucket BigQuery exports into."
  value       = google_storage_bucket.archive.name
}

output "dataflow_bucket" {
  description = "Name of the Dataflow temp and staging bucket."
  value       = google_storage_bucket.dataflow.name
}

output "dataflow_temp_location" {
  description = "The job's --temp_location."
  value       = "${google_storage_bucket.dataflow.url}/tmp"
}

output "dataflow_staging_location" {
  description = "The job's --staging_location."
  value       = "${google_storage_bucket.dataflow.url}/staging"
}

output "jobs_state_bucket" {
  description = "Name of the bucket the scheduled jobs mount for state kept between runs."
  value       = google_storage_bucket.jobs_state.name
}
