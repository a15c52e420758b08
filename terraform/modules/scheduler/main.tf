/**
 * The CLI's scheduled commands (cli/alerts.py): hourly, daily and weekly digests, the monitor
 * every minute (Queue Backlog, Agent Down) and the daily retention run. Each command is a Cloud
 * Run job running the voice-analytics image; Cloud Scheduler starts it through the Run API with
 * an OAuth token of an invoker account that may do nothing else.
 */

locals {
  dataset = ["--bigquery-dataset", var.bigquery_dataset]

  commands = {
    digest-hourly = {
      args        = concat(["alerts", "digest", "--hourly"], local.dataset)
      description = "Quality alerts of the hour to Slack #product (spec 7.4)."
      timeout     = "600s"
      max_retries = 1
    }
    digest-daily = {
      args        = concat(["alerts", "digest", "--daily"], local.dataset)
      description = "Daily executive summary by email (spec 7.5)."
      timeout     = "900s"
      max_retries = 1
    }
    digest-weekly = {
      args        = concat(["alerts", "digest", "--weekly"], local.dataset)
      description = "Weekly executive rollup by email (spec 7.5)."
      timeout     = "900s"
      max_retries = 1
    }
    monitor = {
      args = concat(["alerts", "monitor", "--subscription", var.backlog_subscription,
      "--heartbeats", var.heartbeat_subscription], local.dataset)
      description = "Queue Backlog > 100 and Agent Down (spec 7.1), once a minute."
      timeout     = "120s"
      max_retries = 0 # the next minute's run is the retry
    }
    retention = {
      args        = concat(["retention"], local.dataset)
      description = "PII redaction of the retention policy (spec 8.2): tier_3 transcripts after 30 days."
      timeout     = "3600s"
      max_retries = 1
    }
  }

  jobs_member = "serviceAccount:${google_service_account.jobs.email}"

  environment = merge(var.environment, var.secret_references)
}

resource "google_service_account" "jobs" {
  project      = var.project_id
  account_id   = var.jobs_account_id
  display_name = "Voice analytics scheduled commands"
  description  = "Runs the voice-analytics CLI's scheduled commands (digests, monitor, retention) on Cloud Run."
}

resource "google_service_account" "invoker" {
  project      = var.project_id
  account_id   = var.invoker_account_id
  display_name = "Voice analytics scheduler"
  description  = "Cloud Scheduler starts the voice-analytics Cloud Run jobs as this account."
}

resource "google_project_iam_member" "jobs" {
  for_each = toset(["roles/bigquery.jobUser", "roles/monitoring.viewer"])

  project = var.project_id
  role    = each.value
  member  = local.jobs_member
}

# alerts_history is merged through staging tables, as the job does.
resource "google_bigquery_dataset_iam_member" "jobs" {
  project    = var.project_id
  dataset_id = var.bigquery_dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = local.jobs_member
}

# The monitor pulls and acknowledges heartbeats.
resource "google_pubsub_subscription_iam_member" "heartbeats" {
  project      = var.project_id
  subscription = var.heartbeat_subscription_name
  role         = "roles/pubsub.subscriber"
  member       = local.jobs_member
}

resource "google_storage_bucket_iam_member" "state" {
  bucket = var.state_bucket
  role   = "roles/storage.objectAdmin"
  member = local.jobs_member
}

resource "google_cloud_run_v2_job" "command" {
  for_each = local.commands

  project             = var.project_id
  location            = var.region
  name                = "${var.name_prefix}-${each.key}"
  labels              = merge(var.labels, { command = each.key })
  deletion_protection = false

  template {
    task_count = 1
    labels     = merge(var.labels, { command = each.key })

    template {
      service_account       = google_service_account.jobs.email
      timeout               = each.value.timeout
      max_retries           = each.value.max_retries
      execution_environment = "EXECUTION_ENVIRONMENT_GEN2" # for the state volume

      containers {
        image       = var.image
        command     = ["voice-analytics"]
        args        = each.value.args
        working_dir = var.working_dir

        resources {
          limits = {
            cpu    = "1"
            memory = "1Gi"
          }
        }

        dynamic "env" {
          for_each = local.environment
          content {
            name  = env.key
            value = env.value
          }
        }

        # data/ (the monitor's state file, the outbox) lasts between runs.
        volume_mounts {
          name       = "state"
          mount_path = "${var.working_dir}/data"
        }
      }

      volumes {
        name = "state"
        gcs {
          bucket    = var.state_bucket
          read_only = false
        }
      }
    }
  }

  depends_on = [google_storage_bucket_iam_member.state]
}

resource "google_cloud_run_v2_job_iam_member" "invoker" {
  for_each = google_cloud_run_v2_job.command

  project  = var.project_id
  location = var.region
  name     = each.value.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.invoker.email}"
}

resource "google_cloud_scheduler_job" "command" {
  for_each = google_cloud_run_v2_job.command

  project          = var.project_id
  region           = var.region
  name             = each.value.name
  description      = local.commands[each.key].description
  schedule         = var.schedules[each.key]
  time_zone        = var.time_zone
  paused           = contains(var.paused_commands, each.key)
  attempt_deadline = "180s"

  retry_config {
    retry_count = 0 # a failed start is retried by the next schedule; the job retries itself
  }

  http_target {
    http_method = "POST"
    uri         = "https://run.googleapis.com/v2/projects/${var.project_id}/locations/${var.region}/jobs/${each.value.name}:run"

    oauth_token {
      service_account_email = google_service_account.invoker.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_cloud_run_v2_job_iam_member.invoker]
}
