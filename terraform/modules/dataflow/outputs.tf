output "job_id" {
  description = "Id of the running Dataflow job."
  value       = google_dataflow_flex_template_job.pipeline.job_id
}

output "job_name" {
  description = "Name of the Dataflow job."
  value       = google_dataflow_flex_template_job.pipeline.name
}

output "service_account_email" {
  description = "Email of the job's service account."
  value       = google_service_account.dataflow.email
}

output "service_account_member" {
  description = "The job's service account as an IAM member (serviceAccount:EMAIL)."
  value       = local.member
}

output "parameters" {
  description = "The options the job was launched with."
  value       = local.parameters
}
