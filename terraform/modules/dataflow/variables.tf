variable "project_id" {
  description = "Project the job runs in."
  type        = string
}

variable "region" {
  description = "Dataflow region (regional endpoint and workers)."
  type        = string
}

variable "labels" {
  description = "Labels put on the job."
  type        = map(string)
  default     = {}
}

variable "job_name" {
  description = "Name of the streaming job; keep it across updates so Dataflow updates the running job."
  type        = string
  default     = "voice-analytics"

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,62}[a-z0-9])?$", var.job_name))
    error_message = "job_name: lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "service_account_id" {
  description = "account_id of the job's service account."
  type        = string
  default     = "voice-analytics-dataflow"
}

variable "container_spec_gcs_path" {
  description = "gs:// path of the Flex Template spec built by `gcloud dataflow flex-template build` (see README)."
  type        = string

  validation {
    condition     = startswith(var.container_spec_gcs_path, "gs://")
    error_message = "container_spec_gcs_path must be a gs:// path."
  }
}

variable "sdk_container_image" {
  description = "Worker image (Artifact Registry) with the project installed; null for Beam's default image plus the template's setup file."
  type        = string
  default     = null
}

variable "image_repository" {
  description = "Artifact Registry repository holding the launcher and worker images, to grant the job read access to; null when access is granted elsewhere."
  type = object({
    location = string
    name     = string
  })
  default = null
}

variable "input_subscription" {
  description = "The job's --input_subscription, projects/P/subscriptions/S."
  type        = string
}

variable "input_subscription_name" {
  description = "Short name of the input subscription, for its IAM binding."
  type        = string
}

variable "dead_letter_topic" {
  description = "The job's --dead_letter_topic, projects/P/topics/T."
  type        = string
}

variable "dead_letter_topic_name" {
  description = "Short name of the dead-letter topic, for its IAM binding."
  type        = string
}

variable "bigquery_dataset" {
  description = "The job's --bigquery_dataset, PROJECT:DATASET."
  type        = string
}

variable "bigquery_dataset_id" {
  description = "Dataset id of the warehouse, for its IAM binding."
  type        = string
}

variable "sinks" {
  description = "The job's --sinks after the warehouse: any of salesforce, amplitude, alerts."
  type        = list(string)
  default     = ["salesforce", "amplitude", "alerts"]

  validation {
    condition     = alltrue([for sink in var.sinks : contains(["salesforce", "amplitude", "alerts"], sink)])
    error_message = "sinks: choose from salesforce, amplitude and alerts (pipeline/options.py SINKS)."
  }
}

variable "extra_parameters" {
  description = "More of the job's options (pipeline/options.py), name => value, e.g. { salesforce_batch_size = \"200\", alerts_config = \"/template/alerts.json\" }. Not --streaming: see README."
  type        = map(string)
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.extra_parameters), ["input_files", "outbox_dir", "receipt_journal", "duckdb_path", "dead_letter_path"])) == 0
    error_message = "extra_parameters: input_files, outbox_dir, receipt_journal, duckdb_path and dead_letter_path are for local runs; a Dataflow worker's disk does not last."
  }
}

variable "temp_bucket" {
  description = "Name of the Dataflow temp and staging bucket, for the job's IAM binding."
  type        = string
}

variable "temp_location" {
  description = "gs:// path for the job's temporary files (--temp_location)."
  type        = string
}

variable "staging_location" {
  description = "gs:// path for the job's staged files (--staging_location)."
  type        = string
}

variable "claim_check_bucket" {
  description = "Name of the claim-check bucket the job reads oversize records from."
  type        = string
}

variable "subnetwork" {
  description = "Workers' subnetwork, regions/R/subnetworks/S or a full URL; null for the default network. With private IPs it needs Private Google Access, and Cloud NAT to reach Salesforce, Amplitude, Slack and PagerDuty."
  type        = string
  default     = null
}

variable "use_public_ips" {
  description = "Give workers public IPs (only where the subnetwork has no Cloud NAT)."
  type        = bool
  default     = false
}

variable "kms_key_name" {
  description = "Cloud KMS key for the job's state and temp data; null for Google-managed keys."
  type        = string
  default     = null
}

variable "machine_type" {
  description = "Worker machine type."
  type        = string
  default     = "n2-standard-2"
}

variable "num_workers" {
  description = "Workers at start."
  type        = number
  default     = 1
}

variable "max_workers" {
  description = "Most workers autoscaling may use."
  type        = number
  default     = 5

  validation {
    condition     = var.max_workers >= 1 && var.max_workers <= 1000
    error_message = "max_workers must be between 1 and 1000."
  }
}

variable "additional_experiments" {
  description = "Dataflow experiments, e.g. [\"enable_stackdriver_agent_metrics\"]."
  type        = list(string)
  default     = []
}

variable "transform_name_mapping" {
  description = "Old step name => new step name, for an in-place update after a step was renamed (step names are otherwise never changed)."
  type        = map(string)
  default     = {}
}
