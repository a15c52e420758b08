/**
 * Transport of spec section 2: the agent publishes one session record per call to the
 * sessions topic; the streaming job pulls the sessions subscription. Pub/Sub's own dead-letter
 * policy is a backstop only (see README, "Retries and dead letters"): the job retries and
 * dead-letters records itself, and Dataflow acknowledges a message once it has durably taken it.
 */

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # The Pub/Sub service agent forwards undeliverable messages to the dead-letter topic.
  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  publisher_members    = toset(var.publisher_members)
}

resource "google_pubsub_topic" "sessions" {
  #checkov:skip=CKV_GCP_83:Google-managed encryption unless var.kms_key_name names a CMEK key; CSEK does not exist for Pub/Sub.
  project                    = var.project_id
  name                       = var.sessions_topic_name
  labels                     = var.labels
  kms_key_name               = var.kms_key_name
  message_retention_duration = var.topic_message_retention_duration
}

resource "google_pubsub_topic" "dead_letter" {
  #checkov:skip=CKV_GCP_83:Google-managed encryption unless var.kms_key_name names a CMEK key; CSEK does not exist for Pub/Sub.
  project      = var.project_id
  name         = var.dead_letter_topic_name
  labels       = var.labels
  kms_key_name = var.kms_key_name
}

resource "google_pubsub_topic" "heartbeats" {
  #checkov:skip=CKV_GCP_83:Google-managed encryption unless var.kms_key_name names a CMEK key; CSEK does not exist for Pub/Sub.
  project      = var.project_id
  name         = var.heartbeat_topic_name
  labels       = var.labels
  kms_key_name = var.kms_key_name
}

# The streaming job's input (spec 2.3): 5-minute processing limit, 14 days of retention.
resource "google_pubsub_subscription" "sessions" {
  project = var.project_id
  name    = var.sessions_subscription_name
  topic   = google_pubsub_topic.sessions.id
  labels  = var.labels

  ack_deadline_seconds         = var.ack_deadline_seconds
  message_retention_duration   = var.message_retention_duration
  enable_exactly_once_delivery = var.enable_exactly_once_delivery

  expiration_policy {
    ttl = "" # never expires, however long the job is stopped
  }

  retry_policy {
    minimum_backoff = var.minimum_backoff
    maximum_backoff = var.maximum_backoff
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }

  depends_on = [google_pubsub_topic_iam_member.dead_letter_publisher]
}

# What reaches the dead-letter topic stays here for `voice-analytics replay-dlq` and for people.
resource "google_pubsub_subscription" "dead_letter" {
  project = var.project_id
  name    = var.dead_letter_subscription_name
  topic   = google_pubsub_topic.dead_letter.id
  labels  = var.labels

  ack_deadline_seconds       = 60
  message_retention_duration = var.message_retention_duration
  retain_acked_messages      = true

  expiration_policy {
    ttl = ""
  }
}

# Read by `voice-analytics alerts monitor --heartbeats` (Agent Down); heartbeats are worth
# nothing after a few minutes, so they are kept only as long as Pub/Sub allows at least.
resource "google_pubsub_subscription" "heartbeats" {
  project = var.project_id
  name    = var.heartbeat_subscription_name
  topic   = google_pubsub_topic.heartbeats.id
  labels  = var.labels

  ack_deadline_seconds       = 30
  message_retention_duration = "600s"

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent
}

# The service agent acknowledges the messages it forwards.
resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  project      = var.project_id
  subscription = google_pubsub_subscription.sessions.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}

# The agent (agent/publisher.py, agent/heartbeat.py) publishes sessions and heartbeats.
resource "google_pubsub_topic_iam_member" "sessions_publisher" {
  for_each = local.publisher_members

  project = var.project_id
  topic   = google_pubsub_topic.sessions.name
  role    = "roles/pubsub.publisher"
  member  = each.value
}

resource "google_pubsub_topic_iam_member" "heartbeats_publisher" {
  for_each = local.publisher_members

  project = var.project_id
  topic   = google_pubsub_topic.heartbeats.name
  role    = "roles/pubsub.publisher"
  member  = each.value
}
