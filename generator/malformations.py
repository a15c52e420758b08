"""Deliberately broken messages: each kind is something the validator must reject."""

from __future__ import annotations

import random
from collections.abc import Callable

import orjson

from .clock import iso

MALFORMATION_KINDS: tuple[str, ...] = (
    "not_json", "invalid_utf8", "missing_required", "wrong_type", "bad_time",
    "end_before_start", "unknown_tool_shape", "oversized_text", "duplicate_turn_index",
    "orphan_metric", "bad_schema_version",
)
# Kinds that break the JSON Schema; the rest are schema-valid and break a semantic rule.
SCHEMA_KINDS = frozenset(("missing_required", "wrong_type", "bad_time", "unknown_tool_shape",
                          "bad_schema_version"))
SEMANTIC_KINDS = frozenset(("end_before_start", "oversized_text", "duplicate_turn_index",
                            "orphan_metric"))

_HTML = (b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
         b"</h1></center><hr><center>nginx</center></body></html>")
# Each is rejected by strict UTF-8 decoding and by json.loads on bytes (which decodes with
# "surrogatepass", so an encoded surrogate such as ED A0 80 would slip through: not used).
_BAD_BYTES = (b"\xff\xfe", b"\x80", b"\xc3", b"\xc0\xaf", b"\xf8\x88\x80\x80", b"\xfe")
_BAD_TIMES = ("yesterday at 3pm", "2026-13-45T99:00:00Z", "{space}", "{nozone}", "14/01/2026 17:20",
              "{epoch}", "{compact_offset}", "")


def _dumps(record: dict) -> bytes:
    return orjson.dumps(record)


def _sid(record: dict) -> str | None:
    session = record.get("session")
    if isinstance(session, dict):
        sid = session.get("session_id")
        return sid if isinstance(sid, str) else None
    return None


def _not_json(rng: random.Random, record: dict) -> bytes:
    r = rng.random()
    if r < 0.4:
        body = _dumps(record)
        cut = rng.randrange(len(body) // 10, len(body) * 19 // 20)
        while cut < len(body) and (body[cut] >= 0x80 or body[cut - 1] >= 0x80):
            cut += 1  # never split a UTF-8 sequence: this kind is about JSON, not encoding
        return body[:cut]
    if r < 0.6:
        return _HTML
    if r < 0.75:
        return repr({"schema_version": record["schema_version"],
                     "session": record["session"]}).encode()
    if r < 0.85:
        return _dumps(record)[:400] + b"}{" + _dumps(record)[:120]
    if r < 0.93:
        return b"session_completed " + record["session"]["session_id"].encode()
    return b'{"schema_version": "1.0", "session": {"session_id": "' + \
        record["session"]["session_id"].encode() + b'",}}'


def _invalid_utf8(rng: random.Random, record: dict) -> bytes:
    body = _dumps(record)
    marker = b'"role":"user","text":"'
    spots = []
    at = body.find(marker)
    while at != -1:
        spots.append(at + len(marker))
        at = body.find(marker, at + 1)
    if not spots:
        marker = b'"text":"'
        spots = [body.find(marker) + len(marker)]
    start = rng.choice(spots)
    end = body.find(b'"', start)
    space = body.find(b" ", start, end)
    pos = space if space != -1 else start
    return body[:pos] + rng.choice(_BAD_BYTES) + body[pos:]


def _turn(rng: random.Random, record: dict, role: str | None = None) -> dict:
    turns = [t for t in record["transcript"] if role is None or t["role"] == role]
    return rng.choice(turns or record["transcript"])


def _missing_required(rng: random.Random, record: dict) -> None:
    s = record["session"]
    options: list[Callable[[], object]] = [
        lambda: s.pop("session_id"), lambda: s.pop("start_time"), lambda: s.pop("end_time"),
        lambda: s.pop("duration_seconds"), lambda: s.pop("participant_id"),
        lambda: s.pop("agent_version"), lambda: record.pop("schema_version"),
        lambda: record.pop("transcript"), lambda: record.pop("metrics"),
        lambda: record.pop("discovered_signals"), lambda: record.pop("tool_calls"),
        lambda: record.pop("session"),
        lambda: _turn(rng, record).pop("text"), lambda: _turn(rng, record).pop("index"),
        lambda: _turn(rng, record).pop("role"), lambda: _turn(rng, record).pop("start_time"),
    ]
    if record["metrics"]:
        options += [lambda: rng.choice(record["metrics"]).pop("turn_index"),
                    lambda: rng.choice(record["metrics"]).pop("timestamp")]
    if record["interruptions"]:
        options.append(lambda: rng.choice(record["interruptions"]).pop("by"))
    for call in record["tool_calls"]:
        if call["name"] == "unleash_search_knowledge":
            options.append(lambda c=call: c.pop(rng.choice(("query", "results_found",
                                                            "total_results"))))
        elif call["name"] == "book_sales_meeting":
            options.append(lambda c=call: c.pop(rng.choice(("customer_email", "success"))))
    rng.choice(options)()


def _stringify(obj: dict, key: str) -> None:
    obj[key] = str(obj[key])


def _wrong_type(rng: random.Random, record: dict) -> None:
    s = record["session"]
    sig = record["discovered_signals"]

    def as_object() -> None:
        record["transcript"] = {str(t["index"]): t for t in record["transcript"]}

    options: list[Callable[[], object]] = [
        lambda: s.update(duration_seconds=str(s["duration_seconds"])),
        lambda: _stringify(_turn(rng, record), "index"),
        as_object,
        lambda: _turn(rng, record, "agent").update(interrupted="false"),
        lambda: record.update(session=[s]),
        lambda: record.update(schema_version=1.0),
        lambda: sig.update(integration_needs=", ".join(sig["integration_needs"]) or "none"),
        lambda: sig.update(team_size=12.5),
        lambda: s.update(user_email=rng.randrange(10**6)),
        lambda: record.update(tool_calls={}),
    ]
    users = [t for t in record["transcript"] if t["role"] == "user"]
    if users:
        options.append(lambda: rng.choice(users).update(stt_confidence=rng.choice(("high",
                                                                                  "0.93"))))
    if record["metrics"]:
        options.append(lambda: rng.choice(record["metrics"]).update(prompt_tokens="1412"))
        options.append(lambda: record.update(metrics={"count": len(record["metrics"])}))
    if record.get("connection_quality"):
        options.append(lambda: record["connection_quality"].update(packet_loss_pct="0.2%"))
    for call in record["tool_calls"]:
        if call["name"] == "unleash_search_knowledge":
            options.append(lambda c=call: c.update(results_found=rng.choice(("yes", "true", 1))))
    rng.choice(options)()


def _bad_time(rng: random.Random, record: dict) -> None:
    s = record["session"]
    holders: list[tuple[dict, str]] = [(s, "start_time"), (s, "end_time")]
    holders += [(t, rng.choice(("start_time", "end_time"))) for t in record["transcript"][:3]]
    holders += [(m, "timestamp") for m in record["metrics"][:2]]
    holders += [(c, "timestamp") for c in record["tool_calls"] if isinstance(c, dict)]
    holders += [(i, "time") for i in record["interruptions"]]
    obj, key = rng.choice(holders)
    good: str = obj[key]
    value = rng.choice(_BAD_TIMES)
    epoch = str(rng.randrange(10**9, 2 * 10**9))
    value = (value.replace("{space}", good[:10] + " " + good[11:19])
             .replace("{nozone}", good[:-1]).replace("{epoch}", epoch)
             .replace("{compact_offset}", good[:-1] + "+0100"))
    obj[key] = value


def _end_before_start(rng: random.Random, record: dict, start_ms: int) -> None:
    record["session"]["end_time"] = iso(start_ms - rng.randrange(1000, 600_000))


def _unknown_tool(rng: random.Random, record: dict, start_ms: int) -> None:
    ts = iso(start_ms + rng.randrange(2000, 20000))
    bad = rng.choice((
        {"name": "unleash_search_knowledge", "timestamp": ts},
        {"name": "unleash_search_knowledge", "timestamp": ts, "query": 42, "results_found": True,
         "total_results": 1},
        "book_sales_meeting(customer_name='Luis', preferred_date='2026-01-15')",
        {"timestamp": ts, "arguments": {"query": "pricing"}},
        {"name": None, "timestamp": ts},
        ["unleash_search_knowledge", "pricing plans"],
        {"name": "book_sales_meeting", "timestamp": ts, "customer_name": "Sam"},
    ))
    calls = record["tool_calls"]
    calls.insert(rng.randrange(len(calls) + 1), bad)


def _oversized(rng: random.Random, record: dict) -> None:
    turn = _turn(rng, record, "user")
    base = turn["text"] + " "
    turn["text"] = (base * (40_000 // len(base) + 1))[: rng.randrange(38_000, 42_000)].rstrip()


def _duplicate_index(rng: random.Random, record: dict) -> None:
    turns = record["transcript"]
    if len(turns) < 2:
        turns.append(dict(turns[0]))  # one-turn call: a repeated turn is the only way
        return
    k = rng.randrange(1, len(turns))
    turns[k]["index"] = turns[k - 1]["index"]


def _orphan_metric(rng: random.Random, record: dict) -> None:
    n = len(record["transcript"])
    users = [t["index"] for t in record["transcript"] if t["role"] == "user"]
    metrics = record["metrics"]
    target = rng.choice(users) if users and rng.random() < 0.6 else n + rng.randrange(0, 20)
    if metrics and rng.random() < 0.6:
        rng.choice(metrics)["turn_index"] = target
    else:
        extra = dict(metrics[-1]) if metrics else {"timestamp": record["session"]["start_time"]}
        extra["turn_index"] = target
        metrics.append(extra)


def malform(kind: str, rng: random.Random, record: dict, start_ms: int
            ) -> tuple[bytes, str | None]:
    """Break a valid `record` (mutated) in the way `kind` names; returns (payload, session_id)."""
    if kind == "not_json":
        return _not_json(rng, record), None
    if kind == "invalid_utf8":
        return _invalid_utf8(rng, record), _sid(record)
    if kind == "missing_required":
        _missing_required(rng, record)
    elif kind == "wrong_type":
        _wrong_type(rng, record)
    elif kind == "bad_time":
        _bad_time(rng, record)
    elif kind == "end_before_start":
        _end_before_start(rng, record, start_ms)
    elif kind == "unknown_tool_shape":
        _unknown_tool(rng, record, start_ms)
    elif kind == "oversized_text":
        _oversized(rng, record)
    elif kind == "duplicate_turn_index":
        _duplicate_index(rng, record)
    elif kind == "orphan_metric":
        _orphan_metric(rng, record)
    elif kind == "bad_schema_version":
        record["schema_version"] = rng.choice(("2.0", "v1", "1", "1.0.0", "2.1", "1.0-beta"))
    else:
        raise ValueError(f"unknown malformation kind: {kind}")
    return _dumps(record), _sid(record)
