output "secret_ids" {
  description = "Secret ids by environment variable name."
  value       = { for name, secret in google_secret_manager_secret.this : name => secret.secret_id }
}

output "secret_names" {
  description = "Full secret names (projects/P/secrets/S) by environment variable name."
  value       = { for name, secret in google_secret_manager_secret.this : name => secret.id }
}

output "references" {
  description = "Environment variable name => sm://projects/P/secrets/S, the value pipeline/credentials.py resolves (latest version)."
  value       = { for name, secret in google_secret_manager_secret.this : name => "sm://${secret.id}" }
}
