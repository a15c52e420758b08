"""Write a stream of items to a .jsonl file or a folder, with a manifest of what is where."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import orjson

from .stream import GeneratedItem


def _manifest_line(item: GeneratedItem, file: str, line: int | None) -> bytes:
    return orjson.dumps({
        "position": item.position, "file": file, "line": line, "label": item.label,
        "session_id": item.session_id, "scenario": item.scenario,
    }) + b"\n"


def write_items(items: Iterable[GeneratedItem], out: Path) -> Path:
    """Write payloads and a manifest; returns the manifest path.

    `out` ending in .jsonl: one payload per line there, manifest "<out>.manifest.jsonl" beside it.
    Otherwise `out` is a folder: <position:06d>.json per item and "_manifest.jsonl" inside.
    Manifest "file" is relative to the manifest's folder; "line" is 1-based (null in folders).
    """
    out = Path(out)
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        manifest = out.with_name(out.name + ".manifest.jsonl")
        with out.open("wb") as data, manifest.open("wb") as index:
            for line, item in enumerate(items, start=1):
                if b"\n" in item.payload:
                    raise ValueError(f"payload {item.position} contains a newline")
                data.write(item.payload + b"\n")
                index.write(_manifest_line(item, out.name, line))
        return manifest
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / "_manifest.jsonl"
    with manifest.open("wb") as index:
        for item in items:
            name = f"{item.position:06d}.json"
            (out / name).write_bytes(item.payload)
            index.write(_manifest_line(item, name, None))
    return manifest
