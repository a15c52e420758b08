output "jobs_service_account_email" {
  description = "Email of the service account the scheduled commands run as."
  value       = google_service_account.jobs.email
}

output "jobs_service_account_member" {
  description = "The commands' service account as an IAM member (serviceAccount:EMAIL)."
  value       = local.jobs_member
}

output "invoker_service_account_email" {
  description = "Email of the service account Cloud Scheduler starts the jobs as."
  value       = google_service_account.invoker.email
}

output "cloud_run_jobs" {
  description = "Cloud Run job name of each command."
  value       = { for key, job in google_cloud_run_v2_job.command : key => job.name }
}

output "schedules" {
  description = "Cloud Scheduler job id of each command."
  value       = { for key, job in google_cloud_scheduler_job.command : key => job.id }
}
