"""Synthetic session-record generator for the voice-analytics pipeline.

Data: vocabulary (people, companies, tools, places), lines (what gets said).
Speech and people: speech (spoken style, numbers in words), personas (callers).
Conversation: dialogue (turns, beats, call context), discovery, knowledge, objections,
fillers, closings (the beats), scenarios (call types, fitting to a length).
Record: telemetry (timing, metrics, connection), signals (what the agent noted), clock,
session (one record). Stream: malformations, stream (the message stream), output (files).
"""

from .malformations import MALFORMATION_KINDS
from .output import write_items
from .session import generate_session
from .stream import DEFAULT_END_DATE, GeneratedItem, generate_items

__all__ = [
    "DEFAULT_END_DATE",
    "MALFORMATION_KINDS",
    "GeneratedItem",
    "generate_items",
    "generate_session",
    "write_items",
]
