"""The alert rules' thresholds, windows, cooldowns and destinations: `alerts.json` beside this
file, with `--alerts_config FILE` merged over it (a file need only name what it changes)."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = Path(__file__).with_name("alerts.json")


def _merged(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = (_merged(base[key], value)
                       if isinstance(value, dict) and isinstance(base.get(key), dict) else value)
    return merged


@cache
def load_config(path: str | None = None) -> dict[str, Any]:
    config = json.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    if path:
        config = _merged(config, json.loads(Path(path).read_text(encoding="utf-8")))
    return config


def rule(config: dict, key: str) -> dict[str, Any]:
    """One rule's settings, from whichever group holds it."""
    for group in ("operational", "business", "quality"):
        if key in config[group]:
            return config[group][key]
    raise KeyError(f"no alert rule {key!r}")
