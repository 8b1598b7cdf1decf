"""Request and response bodies of the vLLM Semantic Router classification API, and of its
remote-classifier protocol (field names and json tags checked against upstream's Go source,
``pkg/services/classification_*.go`` and ``pkg/apiserver/config.go``; differences in the README).

Requests are strict (a number where a string belongs is a 400, not a coercion); unknown fields are
ignored, as upstream's JSON decoder ignores them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Request(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class IntentOptions(_Request):
    return_probabilities: bool = False
    confidence_threshold: float | None = Field(None, ge=0.0, le=1.0,
                                               description="routing_decision is high_confidence_specialized at or above it (default 0.7)")
    include_explanation: bool = False


class PIIOptions(_Request):
    entity_types: list[str] | None = Field(None, description="only these types (case-insensitive)")
    confidence_threshold: float | None = Field(None, ge=0.0, le=1.0, description="minimum entity score (default: the calibrated one)")
    return_positions: bool = False
    mask_entities: bool = False
    reveal_entity_text: bool = False


class SecurityOptions(_Request):
    detection_types: list[str] | None = Field(None, description="accepted and ignored, as upstream")
    sensitivity: str | None = Field(None, description="accepted and ignored, as upstream")
    include_reasoning: bool = False


class IntentRequest(_Request):
    text: str
    options: IntentOptions | None = None


class PIIRequest(_Request):
    text: str
    options: PIIOptions | None = None


class SecurityRequest(_Request):
    text: str
    options: SecurityOptions | None = None


class CombinedRequest(_Request):
    text: str
    intent_options: IntentOptions | None = None
    pii_options: PIIOptions | None = None
    security_options: SecurityOptions | None = None
    tool_intent_options: IntentOptions | None = None


TaskType = Literal["intent", "pii", "security", "tool-intent", "all"]


class BatchRequest(_Request):
    texts: list[str]
    task_type: TaskType = "intent"
    options: IntentOptions | None = Field(None, description="upstream's ClassificationOptions: the same fields as intent's")


class RemoteRequest(_Request):
    inputs: str


# -- responses (documentation: the handlers build these shapes) -----------------------------------

class Classification(BaseModel):
    category: str
    confidence: float
    processing_time_ms: float


class IntentResponse(BaseModel):
    classification: Classification
    probabilities: dict[str, float] | None = Field(None, description="every label's probability (with return_probabilities)")
    routing_decision: Literal["high_confidence_specialized", "low_confidence_general"]


class PIIEntity(BaseModel):
    type: str
    value: str = Field(description='"[DETECTED]" unless reveal_entity_text')
    confidence: float
    start_position: int | None = Field(None, description="code points; 0 is a valid start (with return_positions)")
    end_position: int | None = None
    masked_value: str | None = Field(None, description='"[TYPE_n]" (with mask_entities)')


class PIIResponse(BaseModel):
    has_pii: bool
    entities: list[PIIEntity]
    masked_text: str | None = None
    security_recommendation: Literal["block", "allow"]
    processing_time_ms: float


class SecurityResponse(BaseModel):
    is_jailbreak: bool
    risk_score: float = Field(description="P(jailbreak), never the winning class's confidence")
    detection_types: list[str]
    confidence: float = Field(description="the probability of the decision (the decided label's: the risk when blocked, the benign label's when allowed)")
    recommendation: Literal["block", "allow"]
    reasoning: str | None = None
    patterns_detected: list[str]
    processing_time_ms: float


class CombinedResponse(BaseModel):
    intent: IntentResponse | None = None
    pii: PIIResponse | None = None
    security: SecurityResponse | None = None
    tool_intent: IntentResponse | None = None
    processing_time_ms: float


class BatchItem(BaseModel):
    category: str
    confidence: float
    processing_time_ms: float
    probabilities: dict[str, float] | None = None
    intent: IntentResponse | None = Field(None, description='task_type "all": every served signal')
    pii: PIIResponse | None = None
    security: SecurityResponse | None = None
    tool_intent: IntentResponse | None = None


class BatchStatistics(BaseModel):
    category_distribution: dict[str, int]
    avg_confidence: float
    low_confidence_count: int


class BatchResponse(BaseModel):
    results: list[BatchItem]
    total_count: int
    processing_time_ms: float
    statistics: BatchStatistics


class LabelScore(BaseModel):
    label: str
    score: float


class Span(BaseModel):
    label: str
    score: float
    text: str = Field(description="equals inputs[start:end]")
    start: int = Field(description="code points")
    end: int


class SpansResponse(BaseModel):
    spans: list[Span]
    truncated_at: int | None = Field(None, description="always null: long inputs are windowed, never truncated")
    model: str


class ErrorBody(BaseModel):
    code: str
    message: str
    timestamp: str
    request_id: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody
