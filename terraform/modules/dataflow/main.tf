/**
 * The streaming job (pipeline/main.py) as a Dataflow Flex Template job, and the service account
 * its launcher and workers run as, with only the roles the job uses. Secret access is granted by
 * the secrets module and PII column access by the bigquery module, to this account.
 */

locals {
  member = "serviceAccount:${google_service_account.dataflow.email}"

  # The job's options (pipeline/options.py); Dataflow passes each as --name=value.
  parameters = merge(
    {
      input_subscription = var.input_subscription
      warehouse          = "bigquery"
      bigquery_dataset   = var.bigquery_dataset
      dead_letter_topic  = var.dead_letter_topic
      sinks              = length(var.sinks) == 0 ? "none" : join(",", var.sinks)
    },
    var.extra_parameters,
  )

  project_roles = toset(["roles/dataflow.worker", "roles/bigquery.jobUser"])
}

resource "google_service_account" "dataflow" {
  project      = var.project_id
  account_id   = var.service_account_id
  display_name = "Voice analytics streaming job"
  description  = "Runs the voice-analytics Dataflow job: reads sessions, writes BigQuery, dead letters and the destinations."
}

resource "google_project_iam_member" "dataflow" {
  for_each = local.project_roles

  project = var.project_id
  role    = each.value
  member  = local.member
}

# Dataflow's Pub/Sub source reads the subscription's settings as well as its messages.
resource "google_pubsub_subscription_iam_member" "input" {
  for_each = toset(["roles/pubsub.subscriber", "roles/pubsub.viewer"])

  project      = var.project_id
  subscription = var.input_subscription_name
  role         = each.value
  member       = local.member
}

resource "google_pubsub_topic_iam_member" "dead_letter" {
  project = var.project_id
  topic   = var.dead_letter_topic_name
  role    = "roles/pubsub.publisher"
  member  = local.member
}

# MERGE through staging tables it creates and drops, so table create/delete in the dataset.
resource "google_bigquery_dataset_iam_member" "warehouse" {
  project    = var.project_id
  dataset_id = var.bigquery_dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = local.member
}

resource "google_storage_bucket_iam_member" "temp" {
  bucket = var.temp_bucket
  role   = "roles/storage.objectAdmin"
  member = local.member
}

resource "google_storage_bucket_iam_member" "claim_check" {
  bucket = var.claim_check_bucket
  role   = "roles/storage.objectViewer"
  member = local.member
}

resource "google_artifact_registry_repository_iam_member" "images" {
  count = var.image_repository == null ? 0 : 1

  project    = var.project_id
  location   = var.image_repository.location
  repository = var.image_repository.name
  role       = "roles/artifactregistry.reader"
  member     = local.member
}

resource "google_dataflow_flex_template_job" "pipeline" {
  provider = google-beta

  project                 = var.project_id
  region                  = var.region
  name                    = var.job_name
  container_spec_gcs_path = var.container_spec_gcs_path
  sdk_container_image     = var.sdk_container_image
  parameters              = local.parameters
  labels                  = var.labels

  service_account_email   = google_service_account.dataflow.email
  temp_location           = var.temp_location
  staging_location        = var.staging_location
  subnetwork              = var.subnetwork
  ip_configuration        = var.use_public_ips ? "WORKER_IP_PUBLIC" : "WORKER_IP_PRIVATE"
  kms_key_name            = var.kms_key_name
  machine_type            = var.machine_type
  num_workers             = var.num_workers
  max_workers             = var.max_workers
  enable_streaming_engine = true
  additional_experiments  = var.additional_experiments

  # A changed template or parameter updates the running job in place (same step names); a
  # destroy drains it so that nothing pulled is lost.
  on_delete                    = "drain"
  skip_wait_on_job_termination = false
  transform_name_mapping       = var.transform_name_mapping

  depends_on = [
    google_project_iam_member.dataflow,
    google_pubsub_subscription_iam_member.input,
    google_pubsub_topic_iam_member.dead_letter,
    google_bigquery_dataset_iam_member.warehouse,
    google_storage_bucket_iam_member.temp,
    google_storage_bucket_iam_member.claim_check,
    google_artifact_registry_repository_iam_member.images,
  ]
}
