"""Read session-record payloads from files or standard input, each with its position.

A `.jsonl`/`.ndjson` file is one payload per line. Anything else (a `.json` file, `-`) is one
record, or a JSON array of records, or, failing both, JSON Lines. Payloads stay bytes, as they
would arrive from Pub/Sub, so the validator sees broken encodings too.
"""

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Payload:
    position: str  # "file.jsonl:4", "file.json", "file.json[2]", "<stdin>:3"
    data: bytes


def read_payloads(source: str) -> Iterator[Payload]:
    if source == "-":
        name, raw, is_jsonl = "<stdin>", sys.stdin.buffer.read(), False
    else:
        path = Path(source)
        name, raw, is_jsonl = source, path.read_bytes(), path.suffix in JSONL_SUFFIXES
    yield from split_payloads(name, raw, is_jsonl)


def split_payloads(name: str, raw: bytes, is_jsonl: bool) -> Iterator[Payload]:
    """The payloads in one file's bytes, each with its position ("name:line", "name[i]")."""
    if not is_jsonl:
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError:
            document = None
            # Several non-empty lines that fail as one document: read them as JSON Lines.
            is_jsonl = len([line for line in raw.splitlines() if line.strip()]) > 1
        if not is_jsonl:
            if isinstance(document, list):
                for i, item in enumerate(document):
                    yield Payload(f"{name}[{i}]", orjson.dumps(item))
            else:
                yield Payload(name, raw)
            return
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.strip():
            yield Payload(f"{name}:{number}", line.rstrip(b"\r"))
