output "backlog_alert_policy" {
  description = "Id of the Queue Backlog alert policy."
  value       = google_monitoring_alert_policy.backlog.id
}

output "dead_letters_alert_policy" {
  description = "Id of the dead letters alert policy."
  value       = google_monitoring_alert_policy.dead_letters.id
}

output "notification_channels" {
  description = "Every notification channel the policies notify."
  value       = local.channels
}
