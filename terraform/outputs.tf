output "sessions_topic" {
  description = "The agent's SESSIONS_TOPIC."
  value       = module.pubsub.sessions_topic_id
}

output "heartbeat_topic" {
  description = "The agent's AGENT_HEARTBEAT_TOPIC."
  value       = module.pubsub.heartbeat_topic_id
}

output "claim_check_uri" {
  description = "The agent's CLAIM_CHECK_URI."
  value       = module.storage.claim_check_uri
}

output "input_subscription" {
  description = "The streaming job's --input_subscription."
  value       = module.pubsub.sessions_subscription_id
}

output "dead_letter_topic" {
  description = "The job's --dead_letter_topic."
  value       = module.pubsub.dead_letter_topic_id
}

output "dead_letter_subscription" {
  description = "Subscription holding dead letters, for `voice-analytics replay-dlq`."
  value       = module.pubsub.dead_letter_subscription_id
}

output "bigquery_dataset" {
  description = "The warehouse as --bigquery_dataset / --bigquery-dataset takes it (PROJECT:DATASET)."
  value       = module.bigquery.dataset
}

output "analyst_dataset" {
  description = "Dataset of the analysts' views without PII."
  value       = module.bigquery.analyst_dataset_id
}

output "pii_policy_tag" {
  description = "The policy tag on the PII columns."
  value       = module.bigquery.pii_policy_tag
}

output "dataflow_job_id" {
  description = "Id of the streaming job."
  value       = module.dataflow.job_id
}

output "dataflow_service_account" {
  description = "Email of the streaming job's service account."
  value       = module.dataflow.service_account_email
}

output "dataflow_worker_environment" {
  description = "Environment the job's workers must have (baked into the worker image, README): each credential as an sm:// reference plus the alert settings. Dataflow cannot set worker environment variables itself."
  value       = merge(var.alert_environment, { for name in local.dataflow_secrets : name => module.secrets.references[name] })
}

output "secrets" {
  description = "Secret Manager secret ids by environment variable; add values with `gcloud secrets versions add`."
  value       = module.secrets.secret_ids
}

output "scheduled_jobs" {
  description = "Cloud Run job of each scheduled command."
  value       = module.scheduler.cloud_run_jobs
}

output "buckets" {
  description = "Bucket names: claim_check, archive, dataflow, jobs_state."
  value = {
    claim_check = module.storage.claim_check_bucket
    archive     = module.storage.archive_bucket
    dataflow    = module.storage.dataflow_bucket
    jobs_state  = module.storage.jobs_state_bucket
  }
}
