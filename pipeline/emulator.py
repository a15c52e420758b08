"""Google's Pub/Sub emulator for local runs and tests: start, create resources, stop.

The emulator ships with the Cloud SDK (`google-cloud-cli-pubsub-emulator`, Java 17). Clients
find it through PUBSUB_EMULATOR_HOST. Where it is not installed, `find_emulator()` returns
None and callers say so (the demo falls back to the batch path; tests skip with the reason).
"""

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = "voice-analytics-local"
_SCRIPT = Path("platform/pubsub-emulator/bin/cloud-pubsub-emulator")
_SDK_ROOTS = ("/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk",
              "/opt/google-cloud-sdk")


def find_emulator() -> Path | None:
    """The emulator's start script, or None when this machine has none (or no Java)."""
    if shutil.which("java") is None:
        return None
    roots = list(_SDK_ROOTS)
    gcloud = shutil.which("gcloud")
    if gcloud:
        roots.insert(0, str(Path(gcloud).resolve().parents[1]))
    for root in roots:
        script = Path(root) / _SCRIPT
        if script.exists():
            return script
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Emulator:
    process: subprocess.Popen
    host: str  # "127.0.0.1:PORT", the value for PUBSUB_EMULATOR_HOST

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def environment(self) -> dict[str, str]:
        return {**os.environ, "PUBSUB_EMULATOR_HOST": self.host,
                "PUBSUB_PROJECT_ID": PROJECT}


def start_emulator(script: Path, log_path: Path, timeout_s: float = 30.0) -> Emulator:
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 - the emulator writes to it while it runs
    process = subprocess.Popen([str(script), "--host=127.0.0.1", f"--port={port}"],
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Pub/Sub emulator exited early; see {log_path}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return Emulator(process, f"127.0.0.1:{port}")
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the Pub/Sub emulator did not open port {port} in {timeout_s:g} s")


@dataclass(frozen=True)
class Resources:
    topic: str
    subscription: str
    dead_letter_topic: str
    dead_letter_subscription: str


def create_resources(host: str, prefix: str = "sessions",
                     ack_deadline_seconds: int = 300) -> Resources:
    """Topic, pull subscription, dead-letter topic and its subscription, on the emulator.

    300 s is the spec's visibility timeout; a test of a crashed job shortens it so that the
    messages the dead job held come back in seconds rather than five minutes.
    """
    os.environ["PUBSUB_EMULATOR_HOST"] = host
    from google.cloud import pubsub_v1

    publisher, subscriber = pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
    names = Resources(
        topic=publisher.topic_path(PROJECT, prefix),
        subscription=subscriber.subscription_path(PROJECT, f"{prefix}-pipeline"),
        dead_letter_topic=publisher.topic_path(PROJECT, f"{prefix}-dead-letters"),
        dead_letter_subscription=subscriber.subscription_path(PROJECT, f"{prefix}-dead-letters"),
    )
    publisher.create_topic(name=names.topic)
    publisher.create_topic(name=names.dead_letter_topic)
    subscriber.create_subscription(name=names.subscription, topic=names.topic,
                                   ack_deadline_seconds=ack_deadline_seconds)
    subscriber.create_subscription(name=names.dead_letter_subscription,
                                   topic=names.dead_letter_topic)
    return names
