variable "project_id" {
  description = "Google Cloud project everything is created in."
  type        = string
}

variable "region" {
  description = "Region of Dataflow, Cloud Run, Cloud Scheduler and the buckets."
  type        = string
  default     = "us-central1"
}

variable "bigquery_location" {
  description = "BigQuery location of the datasets (US, EU or a region); the Dataflow region should be in it."
  type        = string
  default     = "US"
}

variable "dataset_id" {
  description = "The warehouse dataset."
  type        = string
  default     = "voice_analytics"
}

variable "labels" {
  description = "Labels added to every resource that takes labels (app and managed-by are always set)."
  type        = map(string)
  default     = {}
}

variable "activate_apis" {
  description = "Enable the project's APIs (Pub/Sub, BigQuery, Dataflow, Cloud Run, ...) from here; false where they are managed elsewhere."
  type        = bool
  default     = true
}

variable "kms_key_name" {
  description = "Cloud KMS key (CMEK) for topics, buckets, the warehouse dataset and the job; null for Google-managed encryption."
  type        = string
  default     = null
}

variable "bucket_prefix" {
  description = "Start of the bucket names (global); null for \"<project_id>-voice-analytics\"."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let destroy delete non-empty buckets (test projects only)."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Refuse to destroy the warehouse tables."
  type        = bool
  default     = true
}

variable "enable_exactly_once_delivery" {
  description = "Pub/Sub exactly-once delivery on the job's subscription (README: Retries and dead letters)."
  type        = bool
  default     = true
}

variable "agent_members" {
  description = "IAM members of the voice agent (e.g. serviceAccount:agent@P.iam.gserviceaccount.com): publish sessions and heartbeats, write claim checks."
  type        = list(string)
  default     = []
}

variable "container_spec_gcs_path" {
  description = "gs:// path of the job's Flex Template spec (`gcloud dataflow flex-template build`, README)."
  type        = string
}

variable "sdk_container_image" {
  description = "Dataflow worker image with the project installed (README: worker image); null for Beam's default image."
  type        = string
  default     = null
}

variable "cli_image" {
  description = "The voice-analytics image the scheduled commands run (entry point `voice-analytics`)."
  type        = string
}

variable "image_repository" {
  description = "Artifact Registry repository of the images, { location, name }, to let the job's account pull them; null when granted elsewhere."
  type = object({
    location = string
    name     = string
  })
  default = null
}

variable "dataflow_subnetwork" {
  description = "Subnetwork of the Dataflow workers (regions/R/subnetworks/S); null for the default network. Needs Private Google Access, and Cloud NAT for the destinations."
  type        = string
  default     = null
}

variable "dataflow_use_public_ips" {
  description = "Give Dataflow workers public IPs (where there is no Cloud NAT)."
  type        = bool
  default     = false
}

variable "dataflow_machine_type" {
  description = "Dataflow worker machine type."
  type        = string
  default     = "n2-standard-2"
}

variable "dataflow_max_workers" {
  description = "Most Dataflow workers autoscaling may use."
  type        = number
  default     = 5
}

variable "dataflow_extra_parameters" {
  description = "More of the job's options (pipeline/options.py), name => value."
  type        = map(string)
  default     = {}
}

variable "alert_environment" {
  description = "Plain settings of the alert destinations for the scheduled commands: SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_STARTTLS, ALERT_EMAIL_FROM, ALERT_EMAIL_TO."
  type        = map(string)
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.alert_environment), ["SMTP_PASSWORD", "PAGERDUTY_ROUTING_KEY", "SLACK_WEBHOOK_OPS", "SLACK_WEBHOOK_SALES", "SLACK_WEBHOOK_PRODUCT"])) == 0
    error_message = "alert_environment: secrets belong in Secret Manager (module secrets), not here."
  }
}

variable "time_zone" {
  description = "Time zone of the digest schedules (tz database name)."
  type        = string
  default     = "Etc/UTC"
}

variable "analyst_members" {
  description = "Members who read the analysts' views without PII (e.g. group:analysts@example.com)."
  type        = list(string)
  default     = []
}

variable "warehouse_readers" {
  description = "Members who read the warehouse dataset, by a fixed key (e.g. { looker = \"serviceAccount:looker@P.iam.gserviceaccount.com\" })."
  type        = map(string)
  default     = {}
}

variable "pii_readers" {
  description = "Members who may read PII columns besides the job and the scheduled commands, by a fixed key (e.g. { looker = \"serviceAccount:...\" } for the transcripts explore)."
  type        = map(string)
  default     = {}
}

variable "notification_channels" {
  description = "Existing Cloud Monitoring notification channel ids for the alert policies (e.g. PagerDuty)."
  type        = list(string)
  default     = []
}

variable "alert_email_addresses" {
  description = "Addresses that get an email notification channel for the alert policies."
  type        = list(string)
  default     = []
}
