/**
 * Buckets: the agent's claim-check objects (records too large for a Pub/Sub message), the cold
 * archive BigQuery exports into (spec 8.2: transcripts after 90 days, alerts after a year), the
 * Dataflow temp/staging bucket, and the scheduled jobs' small state bucket.
 */

locals {
  prefix = coalesce(var.bucket_prefix, "${var.project_id}-voice-analytics")
}

resource "google_storage_bucket" "claim_check" {
  #checkov:skip=CKV_GCP_78:Objects are written once per session id and deleted after claim_check_retention_days; versions would only keep what the lifecycle deletes.
  #checkov:skip=CKV_GCP_62:Access is recorded by Cloud Audit Logs (data access logs), not by legacy usage logs.
  project                     = var.project_id
  name                        = "${local.prefix}-claim-check"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  lifecycle_rule {
    condition {
      age = var.claim_check_retention_days
    }
    action {
      type = "Delete"
    }
  }

  dynamic "encryption" {
    for_each = var.kms_key_name == null ? [] : [var.kms_key_name]
    content {
      default_kms_key_name = encryption.value
    }
  }
}

resource "google_storage_bucket" "archive" {
  #checkov:skip=CKV_GCP_78:Exports are idempotent (a re-run rewrites the same day's objects) and deleted by age per policy; versions would outlive the retention policy.
  #checkov:skip=CKV_GCP_62:Access is recorded by Cloud Audit Logs (data access logs), not by legacy usage logs.
  project                     = var.project_id
  name                        = "${local.prefix}-archive"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  # A week in STANDARD lets a failed export be re-run without ARCHIVE's early-deletion charge.
  lifecycle_rule {
    condition {
      age = var.archive_class_after_days
    }
    action {
      type          = "SetStorageClass"
      storage_class = "ARCHIVE"
    }
  }

  dynamic "lifecycle_rule" {
    for_each = var.archive_deletion_days
    content {
      condition {
        age            = lifecycle_rule.value
        matches_prefix = ["${lifecycle_rule.key}/"]
      }
      action {
        type = "Delete"
      }
    }
  }

  dynamic "encryption" {
    for_each = var.kms_key_name == null ? [] : [var.kms_key_name]
    content {
      default_kms_key_name = encryption.value
    }
  }
}

resource "google_storage_bucket" "dataflow" {
  #checkov:skip=CKV_GCP_78:Dataflow temp and staging files are rebuilt on every launch; versions are not wanted.
  #checkov:skip=CKV_GCP_62:Access is recorded by Cloud Audit Logs (data access logs), not by legacy usage logs.
  project                     = var.project_id
  name                        = "${local.prefix}-dataflow"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  lifecycle_rule {
    condition {
      age            = var.temp_retention_days
      matches_prefix = ["tmp/"]
    }
    action {
      type = "Delete"
    }
  }

  dynamic "encryption" {
    for_each = var.kms_key_name == null ? [] : [var.kms_key_name]
    content {
      default_kms_key_name = encryption.value
    }
  }
}

# The monitor keeps its last heartbeat here between runs (Cloud Run jobs have no disk that lasts).
resource "google_storage_bucket" "jobs_state" {
  #checkov:skip=CKV_GCP_78:A few small state files the jobs rewrite every minute; versions would only pile up.
  #checkov:skip=CKV_GCP_62:Access is recorded by Cloud Audit Logs (data access logs), not by legacy usage logs.
  project                     = var.project_id
  name                        = "${local.prefix}-jobs-state"
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = var.labels

  lifecycle_rule {
    condition {
      age = 30
    }
    action {
      type = "Delete"
    }
  }
}

# The agent writes claim-check objects; it never needs to read or delete them.
resource "google_storage_bucket_iam_member" "claim_check_writer" {
  for_each = toset(var.claim_check_writers)

  bucket = google_storage_bucket.claim_check.name
  role   = "roles/storage.objectCreator"
  member = each.value
}
