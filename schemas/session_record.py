"""Pydantic models of the session record, exactly as `contract/session_record.schema.json` says.

Every model is strict (no "1" for 1, no 1 for true) and keeps fields it does not know
(`extra="allow"`): the contract lets any 1.x add fields, and a consumer must not lose them.
Checks the JSON Schema cannot express live in `semantic_checks.py`.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, Tag

from schemas.json_types import FullDate, JsonInt, Timestamp, json_type

NonNegativeNumber = Annotated[float, Field(ge=0, allow_inf_nan=False)]
NonNegativeInt = Annotated[JsonInt, Field(ge=0)]
OptionalNumber = Annotated[float | None, Field(ge=0, allow_inf_nan=False)]
OptionalInt = Annotated[JsonInt | None, Field(ge=0)]

SEARCH_TOOL = "unleash_search_knowledge"
BOOKING_TOOL = "book_sales_meeting"


class ContractModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)


class Session(ContractModel):
    session_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,128}$")]
    start_time: Timestamp
    end_time: Timestamp
    duration_seconds: NonNegativeNumber
    participant_id: Annotated[str, Field(min_length=1, max_length=256)]
    user_email: Annotated[str | None, Field(max_length=320)] = None
    user_name: Annotated[str | None, Field(max_length=256)] = None
    agent_version: Annotated[str, Field(min_length=1, max_length=64)]
    room_name: str | None = None
    end_reason: (
        Literal[
            "user_hangup", "agent_ended", "participant_disconnected", "timeout", "error", "unknown"
        ]
        | None
    ) = None


class Turn(ContractModel):
    index: NonNegativeInt
    role: Literal["user", "agent"]
    text: str
    start_time: Timestamp
    end_time: Timestamp
    interrupted: bool = False
    stt_confidence: Annotated[float | None, Field(ge=0, le=1, allow_inf_nan=False)] = None


class Interruption(ContractModel):
    time: Timestamp
    interrupted_turn_index: NonNegativeInt
    by: Literal["user", "agent"]


class TurnMetrics(ContractModel):
    """LiveKit's built-in metrics for one agent turn; any may be null."""

    turn_index: NonNegativeInt
    timestamp: Timestamp
    eou_delay_ms: OptionalNumber = None
    llm_ttft_ms: OptionalNumber = None
    tts_ttfb_ms: OptionalNumber = None
    stt_duration_ms: OptionalNumber = None
    total_latency_ms: OptionalNumber = None
    prompt_tokens: OptionalInt = None
    completion_tokens: OptionalInt = None
    total_tokens: OptionalInt = None
    stt_audio_duration_ms: OptionalNumber = None
    tts_characters_count: OptionalInt = None
    tts_audio_duration_ms: OptionalNumber = None


class Providers(ContractModel):
    llm: str | None = None
    stt: str | None = None
    tts: str | None = None


class DiscoveredSignals(ContractModel):
    """What the agent noted during the call: raw, free text, possibly wrong."""

    team_size: Annotated[int | str | None, json_type(int, str, type(None))] = None
    monthly_volume: Annotated[int | str | None, json_type(int, str, type(None))] = None
    integration_needs: list[str] = Field(default_factory=list)
    industry: str | None = None
    location: str | None = None
    use_case: str | None = None
    current_tool: str | None = None
    pain_points: list[str] = Field(default_factory=list)
    decision_timeline: str | None = None
    budget_authority: Annotated[str | bool | None, json_type(str, bool, type(None))] = None
    urgency: str | None = None
    qualification_tier: str | None = None


class KnowledgeSearchCall(ContractModel):
    name: Literal["unleash_search_knowledge"]
    timestamp: Timestamp
    query: str
    category: str | None = None
    results_found: bool
    total_results: NonNegativeInt
    top_sources: list[str] = Field(default_factory=list)


class MeetingBookingCall(ContractModel):
    name: Literal["book_sales_meeting"]
    timestamp: Timestamp
    customer_name: str
    customer_email: str
    preferred_date: FullDate | None = None
    preferred_time: Annotated[str | None, Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$")] = None
    success: bool
    meeting_link: str | None = None
    calendar_event_id: str | None = None
    error: str | None = None


class OtherToolCall(ContractModel):
    """Any other tool: kept and counted, not analysed."""

    name: str
    timestamp: Timestamp
    arguments: Annotated[dict[str, Any] | None, json_type(dict)] = None
    result: Any = None


def _tool_kind(value: Any) -> str:
    name = value.get("name") if isinstance(value, dict) else getattr(value, "name", None)
    if name == SEARCH_TOOL:
        return "search"
    if name == BOOKING_TOOL:
        return "booking"
    return "other"


ToolCall = Annotated[
    Annotated[KnowledgeSearchCall, Tag("search")]
    | Annotated[MeetingBookingCall, Tag("booking")]
    | Annotated[OtherToolCall, Tag("other")],
    Discriminator(_tool_kind),
]
TOOL_CALL_TAGS = frozenset({"search", "booking", "other"})


class DeviceInfo(ContractModel):
    platform: str | None = None
    os: str | None = None
    browser: str | None = None
    sdk: str | None = None


class ConnectionQuality(ContractModel):
    bandwidth_in_kbps: OptionalNumber = None
    bandwidth_out_kbps: OptionalNumber = None
    packet_loss_pct: Annotated[float | None, Field(ge=0, le=100, allow_inf_nan=False)] = None
    jitter_ms: OptionalNumber = None
    quality_level: Literal["excellent", "good", "poor", "lost", "unknown"] | None = None
    device_info: DeviceInfo | None = None


class SessionRecord(ContractModel):
    """One call, everything the agent collected about it (contract version 1.x)."""

    schema_version: Annotated[str, Field(pattern=r"^1\.[0-9]+$")]
    session: Session
    transcript: list[Turn]
    interruptions: list[Interruption] = Field(default_factory=list)
    metrics: list[TurnMetrics]
    # Absent is fine; an explicit null is not (the schema says object).
    providers: Annotated[Providers | None, json_type(dict)] = None
    discovered_signals: DiscoveredSignals
    tool_calls: list[ToolCall]
    connection_quality: ConnectionQuality | None = None
    # Views derived from the record (e.g. the analyzers' shared Conversation), built once.
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def session_id(self) -> str:
        return self.session.session_id

    def searches(self) -> list[KnowledgeSearchCall]:
        return [c for c in self.tool_calls if isinstance(c, KnowledgeSearchCall)]

    def bookings(self) -> list[MeetingBookingCall]:
        return [c for c in self.tool_calls if isinstance(c, MeetingBookingCall)]
