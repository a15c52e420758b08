variable "project_id" {
  description = "Project of the alert policies and notification channels."
  type        = string
}

variable "labels" {
  description = "User labels put on the alert policies."
  type        = map(string)
  default     = {}
}

variable "sessions_subscription_name" {
  description = "Short name of the streaming job's subscription."
  type        = string
}

variable "dead_letter_subscription_name" {
  description = "Short name of the subscription holding dead letters."
  type        = string
}

variable "backlog_threshold" {
  description = "Undelivered messages above which the backlog alert fires (spec 7.1: 100; pipeline/alerts/alerts.json queue_backlog)."
  type        = number
  default     = 100
}

variable "backlog_duration" {
  description = "How long the backlog must stay above the threshold before the alert fires (e.g. \"60s\")."
  type        = string
  default     = "60s"
}

variable "notification_channels" {
  description = "Existing notification channel ids (projects/P/notificationChannels/N), e.g. a PagerDuty channel whose service key is set outside Terraform."
  type        = list(string)
  default     = []
}

variable "email_addresses" {
  description = "Addresses to create email notification channels for."
  type        = list(string)
  default     = []
}
