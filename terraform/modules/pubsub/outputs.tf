output "sessions_topic_id" {
  description = "The sessions topic, projects/P/topics/T: the agent's SESSIONS_TOPIC."
  value       = google_pubsub_topic.sessions.id
}

output "sessions_subscription_id" {
  description = "The streaming job's subscription, projects/P/subscriptions/S: its --input_subscription."
  value       = google_pubsub_subscription.sessions.id
}

output "sessions_subscription_name" {
  description = "Short name of the streaming job's subscription (for IAM bindings and metric filters)."
  value       = google_pubsub_subscription.sessions.name
}

output "dead_letter_topic_id" {
  description = "The dead-letter topic, projects/P/topics/T: the job's --dead_letter_topic."
  value       = google_pubsub_topic.dead_letter.id
}

output "dead_letter_topic_name" {
  description = "Short name of the dead-letter topic (for IAM bindings)."
  value       = google_pubsub_topic.dead_letter.name
}

output "dead_letter_subscription_id" {
  description = "Subscription holding the dead letters, projects/P/subscriptions/S."
  value       = google_pubsub_subscription.dead_letter.id
}

output "dead_letter_subscription_name" {
  description = "Short name of the subscription holding dead letters (for metric filters)."
  value       = google_pubsub_subscription.dead_letter.name
}

output "heartbeat_topic_id" {
  description = "The heartbeat topic, projects/P/topics/T: the agent's AGENT_HEARTBEAT_TOPIC."
  value       = google_pubsub_topic.heartbeats.id
}

output "heartbeat_subscription_id" {
  description = "Subscription the monitor reads heartbeats from: `alerts monitor --heartbeats`."
  value       = google_pubsub_subscription.heartbeats.id
}

output "heartbeat_subscription_name" {
  description = "Short name of the heartbeat subscription (for IAM bindings)."
  value       = google_pubsub_subscription.heartbeats.name
}
