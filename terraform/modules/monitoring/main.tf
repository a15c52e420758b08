/**
 * Cloud Monitoring alert policies on the transport: the sessions backlog (spec 7.1 Queue Backlog
 * > 100, a backstop to `alerts monitor`, which pages through PagerDuty but cannot page when it
 * is itself down) and dead letters waiting.
 */

locals {
  channels = concat(var.notification_channels, [for channel in google_monitoring_notification_channel.email : channel.id])
}

resource "google_monitoring_notification_channel" "email" {
  for_each = toset(var.email_addresses)

  project      = var.project_id
  display_name = "voice-analytics alerts: ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }
}

resource "google_monitoring_alert_policy" "backlog" {
  project               = var.project_id
  display_name          = "voice-analytics: Queue Backlog > ${var.backlog_threshold}"
  combiner              = "OR"
  severity              = "CRITICAL"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "Undelivered messages in ${var.sessions_subscription_name}"

    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${var.sessions_subscription_name}\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.backlog_threshold
      duration        = var.backlog_duration

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }

      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "More than ${var.backlog_threshold} session records wait in `${var.sessions_subscription_name}`: the Dataflow job is down, stuck or too small. Check the job's status and system lag in the Dataflow console, then its workers' logs."
  }
}

resource "google_monitoring_alert_policy" "dead_letters" {
  project               = var.project_id
  display_name          = "voice-analytics: dead letters waiting"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "Undelivered messages in ${var.dead_letter_subscription_name}"

    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${var.dead_letter_subscription_name}\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "300s"

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = "Records were dead-lettered. Each carries its error; fix the cause, then `voice-analytics replay-dlq` (README, Dead letters)."
  }
}
