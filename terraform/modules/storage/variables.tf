variable "project_id" {
  description = "Project that holds the buckets."
  type        = string
}

variable "location" {
  description = "Bucket location: the Dataflow region, so workers read claim checks and temp files locally."
  type        = string
}

variable "bucket_prefix" {
  description = "Start of every bucket name (names are global); null for \"<project_id>-voice-analytics\"."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_prefix == null || can(regex("^[a-z0-9][a-z0-9-]{1,40}$", var.bucket_prefix))
    error_message = "bucket_prefix: lowercase letters, digits and dashes, at most 41 characters (bucket names end in -claim-check etc.)."
  }
}

variable "labels" {
  description = "Labels put on every bucket."
  type        = map(string)
  default     = {}
}

variable "kms_key_name" {
  description = "Cloud KMS key for the claim-check, archive and Dataflow buckets' default encryption; null for Google-managed keys."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete buckets that still hold objects (for test projects only)."
  type        = bool
  default     = false
}

variable "claim_check_retention_days" {
  description = "Days a claim-check object lives: long enough for Pub/Sub's 14-day retention and a replay."
  type        = number
  default     = 30

  validation {
    condition     = var.claim_check_retention_days >= 15
    error_message = "claim_check_retention_days must outlive the subscription's 14-day retention (at least 15)."
  }
}

variable "archive_class_after_days" {
  description = "Days an archived export stays in STANDARD before moving to the ARCHIVE storage class."
  type        = number
  default     = 7
}

variable "archive_deletion_days" {
  description = "Per top-level prefix of the archive bucket (one per exported table), days after the export at which objects are deleted. An export happens when the rows are archive_after_days old, so this is the policy's total minus that: transcripts 730 - 90 = 640 (2 years from the call), alerts_history 1095 - 365 = 730 (3 years)."
  type        = map(number)
  default = {
    transcripts    = 640
    alerts_history = 730
  }
}

variable "temp_retention_days" {
  description = "Days Dataflow temp files (tmp/ in the Dataflow bucket) are kept."
  type        = number
  default     = 7
}

variable "claim_check_writers" {
  description = "IAM members allowed to write claim-check objects: the voice agent's identity."
  type        = list(string)
  default     = []
}
