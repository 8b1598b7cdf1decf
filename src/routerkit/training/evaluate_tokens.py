"""Evaluate a token (PII) head on labelled rows exactly as ``routerkit predict`` decodes them."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from routerkit.data.alignment import align_spans, entity_types_of
from routerkit.data.io import write_jsonl
from routerkit.evaluation.entities import entity_report, token_scores
from routerkit.inference.engine import Classifier
from routerkit.inference.spans import decode_entities, mask_text

logger = logging.getLogger(__name__)

#: entity-score thresholds tried on the validation split (the best entity F1 there is kept)
THRESHOLD_GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def token_outputs(classifier: Classifier, texts: list[str], batch_size: int = 32, head: str | None = None) -> list:
    spec = classifier.heads[head] if head else classifier.head
    return classifier.forward(texts, batch_size, [spec.name])[spec.name]


def evaluate_token_rows(classifier: Classifier, rows: list[dict], batch_size: int = 32,
                        predictions_path: Path | None = None, tokens: list | None = None,
                        head: str | None = None, threshold: float | None = None) -> dict:
    """Entity-level (exact type, start, end), per-type, seqeval and token-accuracy scores for ``rows``
    at ``threshold`` (default: the head's calibrated one)."""
    spec = classifier.heads[head] if head else classifier.head
    labels = spec.labels
    cut = spec.resolve_threshold(threshold)
    texts = [r["text"] for r in rows]
    tokens = token_outputs(classifier, texts, batch_size, spec.name) if tokens is None else tokens
    predicted = [decode_entities(t, labels, text, cut) for t, text in zip(tokens, texts)]
    gold = [r["spans"] for r in rows]
    report = {"rows": len(rows), "entity_threshold": cut}
    report["entities"] = entity_report(texts, gold, predicted, entity_types_of(labels))
    label_ids = {label: i for i, label in enumerate(labels)}
    gold_tags = [[labels[i] for i in align_spans([(s, e) for s, e, _ in t], g, label_ids)] for t, g in zip(tokens, gold)]
    predicted_tags = [[labels[int(np.argmax(p))] for _, _, p in t] for t in tokens]
    report["tokens"] = token_scores(gold_tags, predicted_tags)
    if predictions_path is not None:
        write_jsonl(predictions_path, [
            {"id": r.get("id"), "source": r.get("source"), "text": r["text"], "gold": r["spans"], "entities": p,
             "masked_text": mask_text(r["text"], p)}
            for r, p in zip(rows, predicted)
        ])
    return report


def choose_entity_threshold(classifier: Classifier, rows: list[dict], batch_size: int = 32, head: str | None = None,
                            tokens: list | None = None) -> tuple[float, dict]:
    """The entity-score threshold with the best entity F1 on ``rows`` (validation), and F1 by threshold
    (``tokens``: the head's forward output for ``rows``, if already computed)."""
    tokens = token_outputs(classifier, [r["text"] for r in rows], batch_size, head) if tokens is None else tokens
    scores = {value: evaluate_token_rows(classifier, rows, batch_size, tokens=tokens, head=head, threshold=value)["entities"]["f1"]
              for value in THRESHOLD_GRID}
    best = max(THRESHOLD_GRID, key=lambda v: (scores[v], -abs(v - 0.5)))
    return best, {str(k): v for k, v in scores.items()}
