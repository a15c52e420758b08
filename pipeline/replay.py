"""Send dead letters back through the job after a fix: their original bytes and attributes.

From the local JSONL file to a Pub/Sub topic (the emulator's or production's), or to a JSONL
file of payloads for a batch run. A replayed file is renamed, so it cannot be replayed twice
by accident; letters that fail again come back as new dead letters.
"""

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from pipeline.local_run import dead_letters
from pipeline.messages import DeadLetter
from pipeline.publish import publish_payloads


def select(path: Path, step: str | None = None) -> list[DeadLetter]:
    return [letter for letter in dead_letters(path) if step is None or letter.step == step]


def reasons(letters: list[DeadLetter]) -> Counter[str]:
    return Counter(letter.reason for letter in letters)


def replay_to_topic(letters: list[DeadLetter], topic: str) -> int:
    return len(publish_payloads(topic, ((letter.data, letter.attributes) for letter in letters)))


def replay_to_file(letters: list[DeadLetter], out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("ab") as payloads:
        for letter in letters:
            payloads.write(letter.data.replace(b"\n", b" ") + b"\n")
    return len(letters)


def retire(path: Path) -> Path:
    """Rename a replayed dead-letter file out of the way; returns the new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    retired = path.with_name(f"{path.name}.replayed-{stamp}")
    path.rename(retired)
    return retired
