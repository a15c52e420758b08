/**
 * voice-analytics on Google Cloud: the agent publishes one session record per call to Pub/Sub,
 * the Dataflow streaming job writes the six BigQuery tables and the destinations, Cloud Run jobs
 * on Cloud Scheduler send the digests and watch the queue, Cloud Monitoring backs the watch up.
 * One module per concern under modules/; this root only wires them (README.md).
 */

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}

locals {
  labels = merge({ app = "voice-analytics", managed-by = "terraform" }, var.labels)

  # Destinations of the streaming job (every sink) and of the scheduled alert commands.
  dataflow_secrets = [
    "SALESFORCE_INSTANCE_URL", "SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET",
    "AMPLITUDE_API_KEY", "SLACK_WEBHOOK_OPS", "SLACK_WEBHOOK_SALES", "SLACK_WEBHOOK_PRODUCT",
    "PAGERDUTY_ROUTING_KEY", "SMTP_PASSWORD",
  ]
  alert_secrets = [
    "SLACK_WEBHOOK_OPS", "SLACK_WEBHOOK_SALES", "SLACK_WEBHOOK_PRODUCT",
    "PAGERDUTY_ROUTING_KEY", "SMTP_PASSWORD",
  ]
}

resource "google_project_service" "apis" {
  for_each = toset(var.activate_apis ? [
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "bigquerydatatransfer.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "datacatalog.googleapis.com",
    "dataflow.googleapis.com",
    "iam.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ] : [])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

module "pubsub" {
  source = "./modules/pubsub"

  project_id                   = var.project_id
  labels                       = local.labels
  kms_key_name                 = var.kms_key_name
  enable_exactly_once_delivery = var.enable_exactly_once_delivery
  publisher_members            = var.agent_members

  depends_on = [google_project_service.apis]
}

module "storage" {
  source = "./modules/storage"

  project_id          = var.project_id
  location            = var.region
  bucket_prefix       = var.bucket_prefix
  labels              = local.labels
  kms_key_name        = var.kms_key_name
  force_destroy       = var.force_destroy
  claim_check_writers = var.agent_members

  depends_on = [google_project_service.apis]
}

module "bigquery" {
  source = "./modules/bigquery"

  project_id          = var.project_id
  dataset_id          = var.dataset_id
  location            = var.bigquery_location
  labels              = local.labels
  kms_key_name        = var.kms_key_name
  deletion_protection = var.deletion_protection
  archive_bucket      = module.storage.archive_bucket
  analyst_members     = var.analyst_members
  dataset_readers     = var.warehouse_readers

  pii_readers = merge(var.pii_readers, {
    dataflow = module.dataflow.service_account_member
    jobs     = module.scheduler.jobs_service_account_member
  })

  depends_on = [google_project_service.apis]
}

module "secrets" {
  source = "./modules/secrets"

  project_id = var.project_id
  labels     = local.labels

  accessors = {
    dataflow = { member = module.dataflow.service_account_member, secrets = local.dataflow_secrets }
    jobs     = { member = module.scheduler.jobs_service_account_member, secrets = local.alert_secrets }
  }

  depends_on = [google_project_service.apis]
}

module "dataflow" {
  source = "./modules/dataflow"

  project_id              = var.project_id
  region                  = var.region
  labels                  = local.labels
  container_spec_gcs_path = var.container_spec_gcs_path
  sdk_container_image     = var.sdk_container_image
  image_repository        = var.image_repository
  input_subscription      = module.pubsub.sessions_subscription_id
  input_subscription_name = module.pubsub.sessions_subscription_name
  dead_letter_topic       = module.pubsub.dead_letter_topic_id
  dead_letter_topic_name  = module.pubsub.dead_letter_topic_name
  bigquery_dataset        = module.bigquery.dataset
  bigquery_dataset_id     = module.bigquery.dataset_id
  temp_bucket             = module.storage.dataflow_bucket
  temp_location           = module.storage.dataflow_temp_location
  staging_location        = module.storage.dataflow_staging_location
  claim_check_bucket      = module.storage.claim_check_bucket
  subnetwork              = var.dataflow_subnetwork
  use_public_ips          = var.dataflow_use_public_ips
  kms_key_name            = var.kms_key_name
  machine_type            = var.dataflow_machine_type
  max_workers             = var.dataflow_max_workers
  extra_parameters        = var.dataflow_extra_parameters

  depends_on = [google_project_service.apis]
}

module "scheduler" {
  source = "./modules/scheduler"

  project_id                  = var.project_id
  region                      = var.region
  labels                      = local.labels
  image                       = var.cli_image
  bigquery_dataset            = module.bigquery.dataset
  bigquery_dataset_id         = module.bigquery.dataset_id
  backlog_subscription        = module.pubsub.sessions_subscription_id
  heartbeat_subscription      = module.pubsub.heartbeat_subscription_id
  heartbeat_subscription_name = module.pubsub.heartbeat_subscription_name
  state_bucket                = module.storage.jobs_state_bucket
  environment                 = var.alert_environment
  secret_references           = { for name in local.alert_secrets : name => module.secrets.references[name] }
  time_zone                   = var.time_zone

  depends_on = [google_project_service.apis]
}

module "monitoring" {
  source = "./modules/monitoring"

  project_id                    = var.project_id
  labels                        = local.labels
  sessions_subscription_name    = module.pubsub.sessions_subscription_name
  dead_letter_subscription_name = module.pubsub.dead_letter_subscription_name
  notification_channels         = var.notification_channels
  email_addresses               = var.alert_email_addresses

  depends_on = [google_project_service.apis]
}
