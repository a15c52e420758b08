variable "project_id" {
  description = "Project that holds the topics and subscriptions."
  type        = string
}

variable "labels" {
  description = "Labels put on every topic and subscription."
  type        = map(string)
  default     = {}
}

variable "kms_key_name" {
  description = "Cloud KMS key (projects/P/locations/L/keyRings/R/cryptoKeys/K) to encrypt the topics with; null for Google-managed encryption."
  type        = string
  default     = null
}

variable "sessions_topic_name" {
  description = "Topic the agent publishes one session record per call to (the agent's SESSIONS_TOPIC)."
  type        = string
  default     = "voice-sessions"
}

variable "sessions_subscription_name" {
  description = "Pull subscription the streaming job reads (the job's --input_subscription)."
  type        = string
  default     = "voice-sessions-dataflow"
}

variable "dead_letter_topic_name" {
  description = "Topic for dead letters: the job's own (--dead_letter_topic) and those Pub/Sub forwards after max_delivery_attempts."
  type        = string
  default     = "voice-sessions-dead-letter"
}

variable "dead_letter_subscription_name" {
  description = "Subscription that keeps the dead letters for `voice-analytics replay-dlq` and inspection."
  type        = string
  default     = "voice-sessions-dead-letter-hold"
}

variable "heartbeat_topic_name" {
  description = "Topic of the agent's heartbeats (the agent's AGENT_HEARTBEAT_TOPIC)."
  type        = string
  default     = "agent-heartbeats"
}

variable "heartbeat_subscription_name" {
  description = "Subscription `voice-analytics alerts monitor --heartbeats` pulls to tell Agent Down."
  type        = string
  default     = "agent-heartbeats-monitor"
}

variable "topic_message_retention_duration" {
  description = "How long the sessions topic keeps messages, acknowledged or not, so a subscription can seek back and replay (\"1209600s\" = 14 days); null for none."
  type        = string
  default     = "1209600s"

  validation {
    condition     = var.topic_message_retention_duration == null || can(regex("^[0-9]+s$", var.topic_message_retention_duration))
    error_message = "topic_message_retention_duration is a number of seconds ending in s, from 600s to 2678400s (31 days), or null."
  }
}

variable "ack_deadline_seconds" {
  description = "Seconds a delivered message may stay unacknowledged before redelivery (spec 2.3 visibility timeout: 5 minutes)."
  type        = number
  default     = 300

  validation {
    condition     = var.ack_deadline_seconds >= 10 && var.ack_deadline_seconds <= 600
    error_message = "ack_deadline_seconds must be between 10 and 600 (Pub/Sub's limits)."
  }
}

variable "message_retention_duration" {
  description = "How long the subscriptions keep unacknowledged messages (spec 2.3: 14 days = \"1209600s\", also Pub/Sub's maximum)."
  type        = string
  default     = "1209600s"

  validation {
    condition     = can(regex("^[0-9]+s$", var.message_retention_duration)) && try(tonumber(trimsuffix(var.message_retention_duration, "s")) >= 600 && tonumber(trimsuffix(var.message_retention_duration, "s")) <= 1209600, false)
    error_message = "message_retention_duration is seconds ending in s, from 600s (10 minutes) to 1209600s (14 days)."
  }
}

variable "enable_exactly_once_delivery" {
  description = "Pub/Sub exactly-once delivery on the sessions subscription. The job drops repeats by session_id itself and Dataflow deduplicates by message id, so this is belt and braces; see README."
  type        = bool
  default     = true
}

variable "minimum_backoff" {
  description = "Shortest wait before Pub/Sub redelivers a message that was not acknowledged (spec 2.3: 1s)."
  type        = string
  default     = "1s"
}

variable "maximum_backoff" {
  description = "Longest wait before Pub/Sub redelivers a message that was not acknowledged (spec 2.3: 4s)."
  type        = string
  default     = "4s"
}

variable "max_delivery_attempts" {
  description = "Deliveries after which Pub/Sub forwards a message to the dead-letter topic. Pub/Sub allows 5 to 100, so the spec's 3 attempts are the job's own retries and this is the backstop."
  type        = number
  default     = 5

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100 (Pub/Sub's limits)."
  }
}

variable "publisher_members" {
  description = "IAM members (e.g. serviceAccount:agent@P.iam.gserviceaccount.com) allowed to publish sessions and heartbeats: the voice agent's identity."
  type        = list(string)
  default     = []
}
