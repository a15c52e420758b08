variable "project_id" {
  description = "Project that holds the secrets."
  type        = string
}

variable "labels" {
  description = "Labels put on every secret."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Secrets to create: environment variable name the code reads (pipeline/credentials.py) => Secret Manager secret id."
  type        = map(string)
  default = {
    SALESFORCE_INSTANCE_URL  = "salesforce-instance-url"
    SALESFORCE_CLIENT_ID     = "salesforce-client-id"
    SALESFORCE_CLIENT_SECRET = "salesforce-client-secret"
    AMPLITUDE_API_KEY        = "amplitude-api-key"
    SLACK_WEBHOOK_OPS        = "slack-webhook-ops"
    SLACK_WEBHOOK_SALES      = "slack-webhook-sales"
    SLACK_WEBHOOK_PRODUCT    = "slack-webhook-product"
    PAGERDUTY_ROUTING_KEY    = "pagerduty-routing-key"
    SMTP_PASSWORD            = "smtp-password"
  }

  validation {
    condition     = alltrue([for id in values(var.secrets) : can(regex("^[A-Za-z0-9_-]{1,255}$", id))])
    error_message = "secrets: ids are letters, digits, dashes and underscores."
  }
}

variable "replica_locations" {
  description = "Regions to replicate the secrets to (user-managed replication); empty for automatic replication."
  type        = list(string)
  default     = []
}

variable "accessors" {
  description = "Who may read which secrets, by a fixed key: { dataflow = { member = \"serviceAccount:...\", secrets = [\"SALESFORCE_CLIENT_ID\", ...] } }. Secrets are named by their environment variable (keys of var.secrets)."
  type = map(object({
    member  = string
    secrets = list(string)
  }))
  default = {}
}
