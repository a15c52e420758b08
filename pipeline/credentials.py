"""Credentials of the job's destinations: from environment variables, or Secret Manager.

A variable holds the value itself, or a Secret Manager reference
`sm://projects/P/secrets/S` (latest version) or `sm://projects/P/secrets/S/versions/V`, which
Dataflow workers resolve with their service account. Values are never logged.
"""

import os

SECRET_MANAGER_PREFIX = "sm://"


def credential(name: str) -> str | None:
    """The value of environment variable `name` (resolved if a Secret Manager reference)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.startswith(SECRET_MANAGER_PREFIX):
        return value
    from google.cloud import secretmanager

    resource = value.removeprefix(SECRET_MANAGER_PREFIX)
    if "/versions/" not in resource:
        resource += "/versions/latest"
    response = secretmanager.SecretManagerServiceClient().access_secret_version(name=resource)
    return response.payload.data.decode("utf-8").strip()
