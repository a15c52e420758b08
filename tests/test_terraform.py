"""terraform/ checked offline: against the google provider's schema (tests/terraform_check.py),
against the code it deploys (job options, CLI commands, credentials, PII columns), and by
checkov where it is installed. No terraform binary and no provider download."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("hcl2", minversion="8")

from schemas.tables import TABLES  # noqa: E402
from tests import terraform_check  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TERRAFORM = ROOT / "terraform"
MODULES = TERRAFORM / "modules"
SCHEMA = terraform_check.load_schema(TERRAFORM)


def default(module: str, name: str):
    return terraform_check.variables(MODULES / module)[name]["default"]


def test_terraform_passes_the_static_checks():
    assert terraform_check.check(TERRAFORM, SCHEMA) == []


def test_every_module_has_the_standard_files():
    for module in sorted(MODULES.iterdir()):
        for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf"):
            assert (module / name).is_file(), f"{module.name}/{name} is missing"
    for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf",
                 "terraform.tfvars.example", "README.md"):
        assert (TERRAFORM / name).is_file(), f"terraform/{name} is missing"


def test_schema_file_covers_the_types_in_use():
    sys.path.insert(0, str(TERRAFORM / "provider-schema"))
    try:
        import refresh
    finally:
        sys.path.pop(0)
    for provider, kinds in refresh.used_types(TERRAFORM).items():
        for kind, names in kinds.items():
            missing = names - set(SCHEMA["providers"][provider][kind])
            assert not missing, f"run terraform/provider-schema/refresh.py: {missing}"
    assert SCHEMA["source"]["google"]["provider"].startswith("hashicorp/google 6.")


# --- the checker finds what it should: each mutation of a copy must be reported ---

MUTATIONS = [
    # (file, text, replacement, expected words in a problem)
    ("modules/pubsub/main.tf", "ack_deadline_seconds         =", "ack_deadline_second =",
     "ack_deadline_second: unknown argument (did you mean ack_deadline_seconds?)"),
    ("modules/pubsub/main.tf", "minimum_backoff = var.minimum_backoff",
     "minimum_backof = var.minimum_backoff", "retry_policy: minimum_backof: unknown argument"),
    ("modules/pubsub/main.tf", "  expiration_policy {\n    ttl = \"\" # never",
     "  expiration_polcy {\n    ttl = \"\" # never", "expiration_polcy: no such block"),
    ("modules/storage/main.tf", "default_kms_key_name = encryption.value",
     "kms_key = encryption.value", "encryption: missing required argument default_kms_key_name"),
    ("modules/pubsub/main.tf", "resource \"google_pubsub_topic\" \"heartbeats\"",
     "resource \"google_pubsub_topik\" \"heartbeats\"", "resource type not in the google"),
    ("modules/dataflow/main.tf", "provider = google-beta\n", "\n",
     "it is in google-beta: set provider"),
    ("modules/monitoring/variables.tf", "  description = \"Undelivered messages above",
     "  descr = \"Undelivered messages above", "variable backlog_threshold: no description"),
    ("main.tf", "bucket_prefix       = var.bucket_prefix", "bucket_prefx = var.bucket_prefix",
     "bucket_prefx: the module has no such variable"),
    ("outputs.tf", "module.pubsub.sessions_topic_id", "module.pubsub.sessions_topic",
     "module.pubsub has no output sessions_topic"),
    ("modules/dataflow/main.tf", "var.job_name", "var.job_nam", "var.job_nam is not declared"),
    ("modules/bigquery/main.tf", "/schemas/bigquery\")", "/schemas/bigqery\")",
     "no such file"),
    ("main.tf", "source = \"./modules/monitoring\"", "source = \"./modules/monitor\"",
     "has no .tf files"),
]


@pytest.mark.parametrize("path, old, new, expected", MUTATIONS,
                         ids=[m[2].split("=")[0].strip()[:40] for m in MUTATIONS])
def test_checker_reports_a_mutation(tmp_path, path, old, new, expected):
    copy = tmp_path / "terraform"
    shutil.copytree(TERRAFORM, copy)
    (tmp_path / "schemas").symlink_to(ROOT / "schemas")
    target = copy / path
    text = target.read_text()
    assert old in text, f"mutation target not found in {path}: {old!r}"
    target.write_text(text.replace(old, new, 1))
    problems = terraform_check.check(copy, SCHEMA)
    assert any(expected in problem for problem in problems), problems


def test_checker_reports_a_missing_required_block(tmp_path):
    copy = tmp_path / "terraform"
    shutil.copytree(TERRAFORM, copy)
    (tmp_path / "schemas").symlink_to(ROOT / "schemas")
    main = copy / "modules/secrets/main.tf"
    main.write_text(main.read_text().replace("  replication {", "  replicaton {"))
    problems = terraform_check.check(copy, SCHEMA)
    assert any("replicaton: no such block (did you mean replication?)" in p for p in problems)
    assert any("missing required block replication" in p for p in problems)


# --- Terraform against the code it deploys ---

def test_bigquery_tables_are_the_schema_files():
    assert default("bigquery", "tables") == [table.name for table in TABLES]
    for table in TABLES:
        resource = json.loads((ROOT / "schemas/bigquery" / f"{table.name}.json").read_text())
        assert resource["schema"]["fields"], table.name


def test_pii_columns_are_those_schemas_tables_marks():
    marked = {table.name: [c.name for c in table.columns if c.pii] for table in TABLES}
    assert default("bigquery", "pii_columns") == {t: cols for t, cols in marked.items() if cols}


def test_analyst_views_leave_every_pii_column_out():
    views = default("bigquery", "analyst_views")
    assert "transcripts" not in views
    query = terraform_check.locals_of(MODULES / "bigquery")["analyst_queries"]
    assert "SELECT * EXCEPT (${join(\", \", var.pii_columns[name])})" in query


def test_partition_expiration_follows_the_retention_policy():
    expiration = default("bigquery", "partition_expiration_days")
    archive = default("bigquery", "archive_after_days")
    partitioned = {t.name for t in TABLES if t.partition_field}
    assert set(expiration) <= partitioned and set(archive) <= partitioned
    assert expiration["metrics"] == 365  # 1 year at full granularity
    assert archive == {"transcripts": 90, "alerts_history": 365}
    for table, days in archive.items():
        assert expiration[table] > days, f"{table} would expire before it is archived"
    deletion = default("storage", "archive_deletion_days")
    assert archive["transcripts"] + deletion["transcripts"] == 730  # 2 years
    assert archive["alerts_history"] + deletion["alerts_history"] == 1095  # 3 years
    assert default("bigquery", "metrics_rollup_retention_days") >= 5 * 365
    assert default("bigquery", "require_partition_filter_tables") == []  # README says why


def test_pubsub_settings_follow_the_spec():
    assert default("pubsub", "ack_deadline_seconds") == 300
    assert default("pubsub", "message_retention_duration") == "1209600s"
    assert default("pubsub", "minimum_backoff") == "1s"
    assert default("pubsub", "maximum_backoff") == "4s"
    assert default("pubsub", "max_delivery_attempts") == 5  # Pub/Sub's minimum
    assert default("pubsub", "enable_exactly_once_delivery") is True


def test_dataflow_parameters_are_options_of_the_job():
    from pipeline.options import VoiceAnalyticsOptions

    parser_options = VoiceAnalyticsOptions([]).get_all_options()
    parameters = terraform_check.locals_of(MODULES / "dataflow")["parameters"]
    names = re.findall(r"(\w+)\s*=(?!=)", parameters.split("}")[0])
    assert names == ["input_subscription", "warehouse", "bigquery_dataset", "dead_letter_topic",
                     "sinks"]
    for name in names:
        assert name in parser_options, f"the job has no option --{name}"
    from pipeline.options import SINKS

    assert default("dataflow", "sinks") == list(SINKS)


def _command_args(expression: str) -> list[str]:
    values = {
        "var.backlog_subscription": '"projects/p/subscriptions/sessions"',
        "var.heartbeat_subscription": '"projects/p/subscriptions/heartbeats"',
        "local.dataset": '["--bigquery-dataset", "p:voice_analytics"]',
    }
    text = expression.removeprefix("${").removesuffix("}")
    for name, value in values.items():
        text = text.replace(name, value)
    match = re.fullmatch(r"concat\((\[.*?\]),\s*(\[.*?\])\)", text, re.S)
    assert match, expression
    return json.loads(match.group(1)) + json.loads(match.group(2))


def test_scheduled_commands_are_commands_of_the_cli():
    from cli.main import build_parser

    commands = terraform_check.locals_of(MODULES / "scheduler")["commands"]
    assert set(commands) == set(default("scheduler", "schedules"))
    assert default("scheduler", "schedules")["monitor"] == "* * * * *"
    parser = build_parser()
    for name, command in commands.items():
        args = _command_args(command["args"])
        if name == "retention":  # no BigQuery retention command yet: created paused
            assert name in default("scheduler", "paused_commands")
            with pytest.raises(SystemExit):
                parser.parse_args(args)
            continue
        parsed = parser.parse_args(args)
        assert parsed.bigquery_dataset == "p:voice_analytics", name


def test_secrets_are_the_credentials_the_code_reads():
    secrets = default("secrets", "secrets")
    assert set(secrets) == {
        "SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET", "SALESFORCE_INSTANCE_URL",
        "AMPLITUDE_API_KEY", "SLACK_WEBHOOK_OPS", "SLACK_WEBHOOK_SALES",
        "SLACK_WEBHOOK_PRODUCT", "PAGERDUTY_ROUTING_KEY", "SMTP_PASSWORD"}
    code = "\n".join(p.read_text() for p in (ROOT / "pipeline").rglob("*.py"))
    for name in secrets:
        assert name in code, f"{name}: no code reads it"
    wiring = terraform_check.locals_of(TERRAFORM)
    assert set(wiring["dataflow_secrets"]) == set(secrets)
    assert set(wiring["alert_secrets"]) <= set(secrets)
    assert not any(name.startswith(("SALESFORCE", "AMPLITUDE"))
                   for name in wiring["alert_secrets"])


def test_no_secret_value_in_the_terraform():
    types = {type_ for path in TERRAFORM.rglob("*.tf")
             for type_ in re.findall(r'resource\s+"(\w+)"', path.read_text())}
    assert "google_secret_manager_secret_version" not in types
    assert "google_service_account_key" not in types


# --- checkov, where it is installed (its own environment: it conflicts with this one) ---

def _checkov() -> str | None:
    candidates = [os.environ.get("CHECKOV"), shutil.which("checkov"),
                  str(ROOT / ".checkov/bin/checkov")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.mark.skipif(_checkov() is None, reason="checkov not installed (README: checkov)")
def test_checkov_finds_nothing_unjustified():
    result = subprocess.run(
        [_checkov(), "-d", str(TERRAFORM), "--framework", "terraform", "--skip-download",
         "--quiet", "--compact", "--output", "json"],
        capture_output=True, text=True, timeout=300, check=False)
    reports = json.loads(result.stdout or "[]")
    reports = reports if isinstance(reports, list) else [reports]
    failed = [f"{c['check_id']} {c['resource']} ({c['file_path']}): {c['check_name']}"
              for report in reports for c in report.get("results", {}).get("failed_checks", [])]
    assert failed == [], "\n".join(failed)
