"""Evaluate a sequence (or detector) head on labelled rows: the pieces its kind's evaluation
(:mod:`routerkit.training.head_evaluation`) puts together."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from routerkit.data.io import write_jsonl
from routerkit.evaluation.detector import detector_report, suffix_attack, threshold_for_fpr
from routerkit.evaluation.metrics import classification_report
from routerkit.inference.engine import Classifier
from routerkit.inference.heads import HeadSpec

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calibration:
    """What a head's evaluation chose on validation: the threshold (detectors: risk; token heads: entity
    score), and how it was chosen. ``threshold`` None: nothing to calibrate."""

    threshold: float | None = None
    record: dict = field(default_factory=dict)


def head_probabilities(classifier: Classifier, spec: HeadSpec, texts: list[str], batch_size: int = 32,
                       window_rule: str | None = None) -> np.ndarray:
    """The head's label probabilities for ``texts``, predicted exactly as ``routerkit predict`` would."""
    return classifier.forward(texts, batch_size, [spec.name], window_rule)[spec.name]


def classification(spec: HeadSpec, rows: list[dict], probabilities: np.ndarray, predictions_path: Path | None = None,
                   threshold: float | None = None) -> dict:
    """Classification metrics of the head's decisions (:meth:`HeadSpec.decide`: a detector's at
    ``threshold``, as predict decides). With ``predictions_path``, every row's prediction is written
    there as JSONL (for error analysis)."""
    predicted = [spec.labels[i] for i in spec.decide(probabilities, threshold)]
    if predictions_path is not None:
        write_jsonl(predictions_path, [
            {"id": row.get("id"), "source": row.get("source"), "text": row["text"], "label": row["label"], "predicted": label,
             "probabilities": dict(zip(spec.labels, map(float, probs)))}
            for row, label, probs in zip(rows, predicted, probabilities)
        ])
    return classification_report([r["label"] for r in rows], predicted, probabilities, list(spec.labels))


def argmax_figures(spec: HeadSpec, rows: list[dict], probabilities: np.ndarray) -> dict:
    """Accuracy and F1 of the most probable label (a detector reports them beside its threshold decisions)."""
    argmax = classification_report([r["label"] for r in rows], [spec.labels[i] for i in np.argmax(probabilities, axis=1)],
                                   probabilities, list(spec.labels))
    return {key: argmax[key] for key in ("accuracy", "weighted_f1", "macro_f1")}


def detector_figures(classifier: Classifier, spec: HeadSpec, rows: list[dict], probabilities: np.ndarray, batch_size: int,
                     robustness: bool, threshold: float, window_rule: str | None) -> dict:
    """ROC/PR, recall at fixed FPRs, scores at ``threshold``, flagged rate per source; with
    ``robustness``, the suffix attack on the detected positives."""
    column = spec.positive_column
    positive = np.array([r["label"] == spec.positive_label for r in rows])
    sources = [r.get("source", "unknown") for r in rows]
    report = detector_report(positive, probabilities[:, column], threshold, sources)
    if robustness:
        texts = [r["text"] for r, p in zip(rows, positive) if p]
        report["suffix_attack"] = suffix_attack(
            lambda t: head_probabilities(classifier, spec, t, batch_size, window_rule)[:, column], texts, threshold)
    return report


def choose_threshold(spec: HeadSpec, rows: list[dict], probabilities: np.ndarray, target_fpr: float) -> dict:
    """The detector threshold for ``target_fpr`` on (validation) ``rows`` and their predicted ``probabilities``."""
    scores = probabilities[:, spec.positive_column]
    positive = np.array([r["label"] == spec.positive_label for r in rows])
    value = threshold_for_fpr(positive, scores, target_fpr)
    flagged = scores >= value
    return {"value": value, "target_fpr": target_fpr, "chosen_on": "validation", "rows": len(rows),
            "validation_fpr": float(flagged[~positive].mean()) if (~positive).any() else None,
            "validation_recall": float(flagged[positive].mean()) if positive.any() else None}
