"""A hot lead through the streaming job on the Pub/Sub emulator reaches Slack #sales and
alerts_history, once; the time from publish to the Slack message is measured."""

import json
import statistics
import time
from datetime import UTC, datetime

from localapis.slack import SlackWebhookServer
from pipeline.emulator import create_resources
from pipeline.local_run import read_warehouse, start_streaming_job, stop_job, wait_until
from pipeline.publish import publish_payloads
from tests.conftest import SAMPLES
from tests.records import shifted_to_now

CALLS = 8


def test_hot_lead_reaches_sales_slack_and_alerts_history(emulator, tmp_path) -> None:
    resources = create_resources(emulator.host, prefix="alerts")
    hot = json.loads(next(p for p in SAMPLES if "hot_lead" in p.name).read_text())
    warehouse, dead = tmp_path / "w.duckdb", tmp_path / "dead.jsonl"
    with SlackWebhookServer() as slack:
        env = {**emulator.environment(), "SLACK_WEBHOOK_SALES": slack.webhook_url("#sales")}
        job = start_streaming_job(env, resources.subscription, warehouse, dead,
                                  tmp_path / "job.log", ("--sinks", "alerts"))
        published: dict[str, float] = {}
        try:
            for n in range(CALLS):
                session_id = f"hot-live-{n}"
                record = shifted_to_now(hot, session_id)
                published[session_id] = time.time()
                publish_payloads(resources.topic, [(json.dumps(record).encode(), None)])
                assert wait_until(lambda sid=session_id: _hot_alert(slack, sid), 60, job), (
                    (tmp_path / "job.log").read_text()[-3000:])
            # The first call again, as Pub/Sub may redeliver it: no second message.
            publish_payloads(resources.topic, [(json.dumps(shifted_to_now(
                hot, "hot-live-0")).encode(), None)])
            time.sleep(3)
        finally:
            stop_job(job)
        messages = [m for m in slack.messages if m["channel"] == "#sales"]
    hot_messages = [m for m in messages if "Hot Lead Detected" in json.dumps(m["body"])]
    assert sorted(_session(m) for m in hot_messages) == sorted(published)
    seconds = [m["received_at"].timestamp() - published[_session(m)] for m in hot_messages]
    median = statistics.median(seconds)
    print(f"publish -> Slack #sales: median {median:.2f} s, max {max(seconds):.2f} s "
          f"over {len(seconds)} calls")
    assert all(s > 0 for s in seconds)
    rows = read_warehouse(warehouse, "SELECT id, delivery_status, sent_to, triggered_at "
                                     "FROM alerts_history WHERE rule = 'hot_lead'")
    assert {row[0] for row in rows} == {f"hot_lead:{sid}" for sid in published}
    assert {row[1] for row in rows} == {"sent"} and all(row[2] == ["slack:#sales"]
                                                        for row in rows)
    assert all(row[3] <= datetime.now(UTC) for row in rows)


def _session(message: dict) -> str:
    return message["body"]["text"].rpartition("session_id=")[2].strip()


def _hot_alert(slack: SlackWebhookServer, session_id: str) -> bool:
    return any("Hot Lead Detected" in json.dumps(m["body"]) and _session(m) == session_id
               for m in slack.messages)
