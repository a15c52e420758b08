"""Where a sink without credentials puts what it would have sent: one JSONL file per sink
(`<outbox_dir>/salesforce.jsonl`, `amplitude.jsonl`), one request body a line, exactly as it
would go over the wire. Said once per process and sink, so a local run shows where to look."""

import logging
import threading
from pathlib import Path
from typing import Any

import orjson

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_ANNOUNCED: set[str] = set()


class Outbox:
    def __init__(self, directory: str | Path, sink: str) -> None:
        self.path = Path(directory) / f"{sink}.jsonl"
        self.sink = sink

    def write(self, request: dict[str, Any]) -> None:
        line = orjson.dumps(request) + b"\n"
        with _LOCK:
            if self.sink not in _ANNOUNCED:
                _ANNOUNCED.add(self.sink)
                log.warning("%s: no credentials configured; writing its requests to %s",
                            self.sink, self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as out:
                out.write(line)
