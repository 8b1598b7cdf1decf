"""Engine results -> the vLLM Semantic Router's response shapes (``schemas.py`` documents them).

What each field means, as upstream computes it (``pkg/services/classification_*.go``), except where
the README's "Differences from upstream" says otherwise: positions are code points and 0 is kept;
``probabilities`` has every label; a detector's ``risk_score`` is P(positive label).
"""

from __future__ import annotations

from routerkit.inference.results import DetectorResult, SequenceResult, TokenResult
from routerkit.serving.schemas import IntentOptions, PIIOptions, SecurityOptions

#: upstream's default for routing_decision and the batch statistics' low_confidence_count
CONFIDENCE_THRESHOLD = 0.7


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


def intent(result: SequenceResult, options: IntentOptions | None, seconds: float) -> dict:
    options = options or IntentOptions()
    cut = CONFIDENCE_THRESHOLD if options.confidence_threshold is None else options.confidence_threshold
    body = {"classification": {"category": result.label, "confidence": result.score, "processing_time_ms": _ms(seconds)}}
    if options.return_probabilities:
        body["probabilities"] = dict(result.probabilities)
    body["routing_decision"] = "high_confidence_specialized" if result.score >= cut else "low_confidence_general"
    return body


def pii_entities(result: TokenResult, options: PIIOptions | None) -> list:
    """The entities the options ask for (``entity_types``, case-insensitive)."""
    wanted = {t.upper() for t in options.entity_types} if options and options.entity_types else None
    return [e for e in result.entities if wanted is None or e.label.upper() in wanted]


def pii(result: TokenResult, text: str, options: PIIOptions | None, seconds: float) -> dict:
    options = options or PIIOptions()
    entities = pii_entities(result, options)
    placeholders: dict[tuple[str, str], str] = {}
    per_type: dict[str, int] = {}
    out = []
    for entity in entities:
        item = {"type": entity.label, "value": entity.text if options.reveal_entity_text else "[DETECTED]",
                "confidence": entity.score}
        if options.return_positions:
            item["start_position"], item["end_position"] = entity.start, entity.end
        if options.mask_entities:
            key = (entity.label, entity.text)  # the same text of a type keeps its placeholder, as upstream
            if key not in placeholders:
                placeholders[key] = f"[{entity.label}_{per_type.get(entity.label, 0)}]"
                per_type[entity.label] = per_type.get(entity.label, 0) + 1
            item["masked_value"] = placeholders[key]
        out.append(item)
    body = {"has_pii": bool(entities), "entities": out}
    if options.mask_entities:
        pieces, last = [], 0
        for entity, item in sorted(zip(entities, out), key=lambda pair: pair[0].start):
            pieces += [text[last : entity.start], item["masked_value"]]
            last = entity.end
        body["masked_text"] = "".join(pieces) + text[last:]
    body["security_recommendation"] = "block" if entities else "allow"
    body["processing_time_ms"] = _ms(seconds)
    return body


def security(result: DetectorResult, options: SecurityOptions | None, seconds: float) -> dict:
    found = [result.positive_label] if result.flagged else []
    body = {"is_jailbreak": result.flagged, "risk_score": result.risk_score, "detection_types": found,
            "confidence": result.score, "recommendation": "block" if result.flagged else "allow"}
    if options and options.include_reasoning and result.flagged:
        body["reasoning"] = f"Detected {result.positive_label} pattern with confidence {result.risk_score:.3f}"
    body["patterns_detected"] = list(found)
    body["processing_time_ms"] = _ms(seconds)
    return body


def batch_summary(signal_kind: str, result, seconds: float, return_probabilities: bool) -> dict:
    """One batch result item: ``category`` / ``confidence`` of the signal asked for.

    sequence heads: the label and its probability; PII: the first entity's type and score, or
    ``no_pii`` with the lowest P(O) over the text's tokens; detectors: the positive label when
    flagged, else ``safe``, with the probability of that outcome (risk, or 1 - risk).
    """
    if isinstance(result, TokenResult):
        if result.entities:
            first = min(result.entities, key=lambda e: e.start)
            category, confidence = first.label, first.score
        else:
            category, confidence = "no_pii", result.outside_confidence
    elif isinstance(result, DetectorResult) and signal_kind == "detector":
        category = result.positive_label if result.flagged else "safe"
        confidence = result.risk_score if result.flagged else 1.0 - result.risk_score
    else:
        category, confidence = result.label, result.score
    item = {"category": category, "confidence": confidence, "processing_time_ms": _ms(seconds)}
    if return_probabilities and isinstance(result, SequenceResult):
        item["probabilities"] = dict(result.probabilities)
    return item


def statistics(items: list[dict]) -> dict:
    distribution: dict[str, int] = {}
    for item in items:
        distribution[item["category"]] = distribution.get(item["category"], 0) + 1
    confidences = [item["confidence"] for item in items]
    return {"category_distribution": distribution,
            "avg_confidence": sum(confidences) / len(confidences) if confidences else 0.0,
            "low_confidence_count": sum(c < CONFIDENCE_THRESHOLD for c in confidences)}


def label_scores(result: SequenceResult) -> list[dict]:
    """Remote-classifier answer: every label with its probability (they sum to 1)."""
    return [{"label": label, "score": p} for label, p in result.probabilities.items()]


def spans(result: TokenResult, model: str) -> dict:
    """Remote-classifier PII answer (``token_spans.v1``): code-point spans whose ``text`` is the slice."""
    return {"spans": [{"label": e.label, "score": e.score, "text": e.text, "start": e.start, "end": e.end} for e in result.entities],
            "truncated_at": None, "model": model}
