"""`voice-analytics bench sinks`: both sinks (Salesforce, Amplitude) against the local
Salesforce org and Amplitude API, against the same sinks writing to the outbox (everything
but the network: the baseline).

Reports API calls per 1,000 sessions for each sink (Salesforce counts against the org's daily
API limit; the goal is at most 30) and sessions per second through both.
"""

import argparse
import os
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from generator import generate_items
from localapis.amplitude import AmplitudeServer
from localapis.salesforce import SalesforceServer
from pipeline.amplitude.sink import SendToAmplitudeFn
from pipeline.build import salesforce_api
from pipeline.options import TRANSCRIPT_URL_TEMPLATE
from pipeline.rows import StoredSession, lead_row
from pipeline.salesforce.sink import SyncToSalesforceFn
from pipeline.salesforce.sync import MAX_RECORDS
from schemas.salesforce_metadata import OBJECTS_DIR
from schemas.validation import parse_record
from transforms.analyze import analyze

CLIENT_ID, CLIENT_SECRET, API_KEY = "bench-client", "bench-secret", "bench-amplitude-key"


def _stored_sessions(count: int, seed: int) -> list[StoredSession]:
    sessions, now = [], datetime.now(UTC).isoformat()
    for item in generate_items(count, seed):
        if item.label != "valid":
            continue
        record = parse_record(item.payload)
        analysis = analyze(record)
        lead = lead_row(record, analysis, now)
        if lead:
            lead["total_calls"] = 1
        sessions.append(StoredSession(record, analysis, lead))
    return sessions


def _through_sinks(sessions: list[StoredSession], outbox: str) -> tuple[float, list]:
    """Seconds for both sinks' DoFns over `sessions` (Salesforce in batches of 200, Amplitude
    in one bundle), run directly: Beam's own cost is what `bench pipeline` measures. Also the
    dead letters."""
    salesforce = SyncToSalesforceFn(_SalesforceApi(outbox), None, TRANSCRIPT_URL_TEMPLATE)
    amplitude = SendToAmplitudeFn(outbox)
    letters: list = []
    started = time.perf_counter()
    for fn in (salesforce, amplitude):
        fn.setup()
        fn.start_bundle()
    for first in range(0, len(sessions), MAX_RECORDS):
        letters += salesforce.process(sessions[first:first + MAX_RECORDS])
    for stored in sessions:
        amplitude.process(stored)
    letters += [wrapped.value for wrapped in amplitude.finish_bundle()]
    seconds = time.perf_counter() - started
    amplitude.teardown()
    return seconds, letters


class _SalesforceApi:
    """Picklable factory: the org from the environment, else the outbox."""

    def __init__(self, outbox: str) -> None:
        self.outbox = outbox

    def __call__(self):
        return salesforce_api(self.outbox, 30.0)


@contextmanager
def _environment(values: dict[str, str | None]):
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(args: argparse.Namespace) -> int:
    count = args.count or 1000
    sessions = _stored_sessions(count, args.seed)
    n = len(sessions)
    with tempfile.TemporaryDirectory() as tmp, \
            SalesforceServer(metadata_dir=OBJECTS_DIR.parent, client_id=CLIENT_ID,
                             client_secret=CLIENT_SECRET) as org, \
            AmplitudeServer(api_keys=[API_KEY]) as amplitude:
        live = {"SALESFORCE_INSTANCE_URL": org.url, "SALESFORCE_CLIENT_ID": CLIENT_ID,
                "SALESFORCE_CLIENT_SECRET": CLIENT_SECRET,
                "SALESFORCE_CA_BUNDLE": org.cert_path, "AMPLITUDE_API_KEY": API_KEY,
                "AMPLITUDE_SERVER_URL": amplitude.http_api_url}
        with _environment(dict.fromkeys(live)):
            baseline, _ = _through_sinks(sessions, str(Path(tmp) / "outbox"))
        with _environment(live):
            seconds, letters = _through_sinks(sessions, str(Path(tmp) / "unused"))
        salesforce_calls, amplitude_calls = org.api_calls, len(amplitude.requests)
        events = len(amplitude.events)
        landed = len(org.records("Voice_Call__c"))
    print(f"bench sinks ({n} sessions; local Salesforce org and Amplitude API)")
    print(f"  Salesforce: {salesforce_calls} API calls, {1000 * salesforce_calls / n:.1f} per "
          f"1,000 sessions (goal <= 30); {landed} Voice_Call__c records")
    print(f"  Amplitude:  {amplitude_calls} requests, {1000 * amplitude_calls / n:.1f} per "
          f"1,000 sessions; {events} events stored")
    print(f"  {'both sinks, over HTTP(S) to the local APIs':<44} {n / seconds:>10,.0f} sessions/s  "
          f"{seconds:8.3f} s")
    print(f"  {'baseline: both sinks into the outbox':<44} {n / baseline:>10,.0f} sessions/s  "
          f"{baseline:8.3f} s")
    print(f"  ratio ours/baseline: {baseline / seconds:.2f}")
    print(f"  dead letters: {len(letters)}")
    for reason, times in Counter(letter.reason for letter in letters).most_common(5):
        print(f"    {times:4d}  {reason}")
    return 0 if landed + len(letters) >= n else 1
