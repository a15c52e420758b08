/**
 * Secret Manager secrets for the destinations' credentials. Only the secrets: their values are
 * added outside Terraform (`gcloud secrets versions add`), so no secret is ever in state or code.
 * The job and the CLI read them through environment variables holding sm://projects/P/secrets/S
 * (pipeline/credentials.py), resolved with their own service accounts.
 */

locals {
  # "<accessor key>/<ENV NAME>" => binding; the keys are known at plan time even when the
  # members are service accounts created in the same apply.
  accessor_bindings = merge([
    for key, accessor in var.accessors : {
      for name in accessor.secrets : "${key}/${name}" => { member = accessor.member, secret = name }
    }
  ]...)
}

resource "google_secret_manager_secret" "this" {
  for_each = var.secrets

  project   = var.project_id
  secret_id = each.value
  labels    = merge(var.labels, { env-name = lower(replace(each.key, "_", "-")) })

  replication {
    dynamic "auto" {
      for_each = length(var.replica_locations) == 0 ? [1] : []
      content {}
    }

    dynamic "user_managed" {
      for_each = length(var.replica_locations) == 0 ? [] : [1]
      content {
        dynamic "replicas" {
          for_each = var.replica_locations
          content {
            location = replicas.value
          }
        }
      }
    }
  }
}

resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = local.accessor_bindings

  project   = var.project_id
  secret_id = google_secret_manager_secret.this[each.value.secret].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = each.value.member

  lifecycle {
    precondition {
      condition     = contains(keys(var.secrets), each.value.secret)
      error_message = "accessors: ${each.value.secret} is not one of var.secrets."
    }
  }
}
