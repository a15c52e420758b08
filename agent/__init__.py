"""The LiveKit voice agent for PandaDoc trial users (see agent/worker.py)."""

import os

DEFAULT_AGENT_VERSION = "pd-voice-agent/0.1.0"


def agent_version() -> str:
    """The build that takes calls, as dashboards filter it: AGENT_VERSION, else the default."""
    return (os.environ.get("AGENT_VERSION") or DEFAULT_AGENT_VERSION)[:64]
