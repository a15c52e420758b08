variable "project_id" {
  description = "Project of the jobs and schedules."
  type        = string
}

variable "region" {
  description = "Region of the Cloud Run jobs and Cloud Scheduler jobs."
  type        = string
}

variable "labels" {
  description = "Labels put on the Cloud Run jobs."
  type        = map(string)
  default     = {}
}

variable "name_prefix" {
  description = "Start of the Cloud Run and Cloud Scheduler job names (<prefix>-digest-hourly, ...)."
  type        = string
  default     = "voice-analytics"
}

variable "image" {
  description = "The voice-analytics image (Artifact Registry) whose entry point `voice-analytics` is the CLI."
  type        = string
}

variable "working_dir" {
  description = "Working directory of the CLI in the image; <working_dir>/data is the mounted state bucket."
  type        = string
  default     = "/srv/voice-analytics"
}

variable "bigquery_dataset" {
  description = "The warehouse, PROJECT:DATASET (--bigquery-dataset)."
  type        = string
}

variable "bigquery_dataset_id" {
  description = "Dataset id of the warehouse, for the jobs' IAM binding."
  type        = string
}

variable "backlog_subscription" {
  description = "Subscription whose backlog the monitor watches, projects/P/subscriptions/S."
  type        = string
}

variable "heartbeat_subscription" {
  description = "Subscription the monitor reads heartbeats from, projects/P/subscriptions/S."
  type        = string
}

variable "heartbeat_subscription_name" {
  description = "Short name of the heartbeat subscription, for the jobs' IAM binding."
  type        = string
}

variable "state_bucket" {
  description = "Bucket mounted at <working_dir>/data so the monitor's state and the outbox last between runs."
  type        = string
}

variable "environment" {
  description = "Plain environment of the commands: SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_STARTTLS, ALERT_EMAIL_FROM, ALERT_EMAIL_TO (pipeline/alerts/delivery.py)."
  type        = map(string)
  default     = {}
}

variable "secret_references" {
  description = "Environment variable => sm://projects/P/secrets/S for the commands' credentials; the jobs' account resolves them (pipeline/credentials.py)."
  type        = map(string)
  default     = {}
}

variable "schedules" {
  description = "Cron schedule of each command, in time_zone."
  type        = map(string)
  default = {
    digest-hourly = "5 * * * *"
    digest-daily  = "0 7 * * *"
    digest-weekly = "0 7 * * 1"
    monitor       = "* * * * *"
    retention     = "30 3 * * *"
  }

  validation {
    condition     = length(setsubtract(["digest-hourly", "digest-daily", "digest-weekly", "monitor", "retention"], keys(var.schedules))) == 0
    error_message = "schedules needs an entry for each of digest-hourly, digest-daily, digest-weekly, monitor and retention."
  }
}

variable "paused_commands" {
  description = "Commands whose schedule is created paused. retention by default: the CLI has no retention command for BigQuery yet (README)."
  type        = list(string)
  default     = ["retention"]
}

variable "time_zone" {
  description = "Time zone of the schedules (tz database name)."
  type        = string
  default     = "Etc/UTC"
}

variable "jobs_account_id" {
  description = "account_id of the service account the commands run as."
  type        = string
  default     = "voice-analytics-jobs"
}

variable "invoker_account_id" {
  description = "account_id of the service account Cloud Scheduler starts the jobs as."
  type        = string
  default     = "voice-analytics-scheduler"
}
