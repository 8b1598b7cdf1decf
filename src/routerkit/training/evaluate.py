"""Evaluate a model on a task's labelled splits and write the reports."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from routerkit.data.io import write_jsonl
from routerkit.evaluation.detector import detector_report, suffix_attack, threshold_for_fpr
from routerkit.evaluation.metrics import classification_report
from routerkit.evaluation.report import write_report
from routerkit.inference.predictor import SequencePredictor

logger = logging.getLogger(__name__)


def evaluate_rows(predictor: SequencePredictor, rows: list[dict], batch_size: int = 32,
                  predictions_path: Path | None = None, robustness: bool = False,
                  probabilities: np.ndarray | None = None) -> dict:
    """Metrics for labelled rows, predicted exactly as ``routerkit predict`` would.

    With ``predictions_path``, every row's prediction is written there as JSONL (for error analysis).
    Detectors also get ``report["detector"]`` (ROC/PR, recall at FPR, scores at the saved threshold,
    flagged rate per source) and, with ``robustness``, the suffix attack on the detected positives.
    """
    if probabilities is None:
        probabilities = predictor.predict_proba([r["text"] for r in rows], batch_size=batch_size)
    report = _classification(predictor, rows, probabilities, predictions_path)
    if predictor.positive_label is not None:
        report["detector"] = _detector(predictor, rows, probabilities, batch_size, robustness)
    return report


def _detector(predictor: SequencePredictor, rows: list[dict], probabilities: np.ndarray, batch_size: int, robustness: bool) -> dict:
    column, threshold = predictor.positive_column, predictor.decision_threshold
    positive = np.array([r["label"] == predictor.positive_label for r in rows])
    sources = [r.get("source", "unknown") for r in rows]
    report = detector_report(positive, probabilities[:, column], threshold, sources)
    if robustness:
        texts = [r["text"] for r, p in zip(rows, positive) if p]
        report["suffix_attack"] = suffix_attack(lambda t: predictor.predict_proba(t, batch_size)[:, column], texts, threshold)
    return report


def choose_threshold(predictor: SequencePredictor, rows: list[dict], probabilities: np.ndarray, target_fpr: float) -> dict:
    """The detector threshold for ``target_fpr`` on (validation) ``rows`` and their predicted
    ``probabilities``; also sets ``predictor.threshold``."""
    scores = probabilities[:, predictor.positive_column]
    positive = np.array([r["label"] == predictor.positive_label for r in rows])
    value = threshold_for_fpr(positive, scores, target_fpr)
    flagged = scores >= value
    predictor.threshold = value
    return {"value": value, "target_fpr": target_fpr, "chosen_on": "validation", "rows": len(rows),
            "validation_fpr": float(flagged[~positive].mean()) if (~positive).any() else None,
            "validation_recall": float(flagged[positive].mean()) if positive.any() else None}


def _classification(predictor: SequencePredictor, rows: list[dict], probabilities: np.ndarray, predictions_path: Path | None) -> dict:
    predicted = [predictor.labels[i] for i in np.argmax(probabilities, axis=1)]
    if predictions_path is not None:
        write_jsonl(predictions_path, [
            {"id": row.get("id"), "source": row.get("source"), "text": row["text"], "label": row["label"], "predicted": label,
             "probabilities": dict(zip(predictor.labels, map(float, probs)))}
            for row, label, probs in zip(rows, predicted, probabilities)
        ])
    return classification_report([r["label"] for r in rows], predicted, probabilities, predictor.labels)


def evaluate_splits(model, tokenizer, metadata: dict, splits: dict[str, list[dict]], directory: Path,
                    target_fpr: float | None = None) -> dict[str, dict]:
    """Evaluate an in-memory model on each non-empty split; reports go to ``directory``.

    For a detector (``metadata["positive_label"]``) the threshold for ``target_fpr`` is first chosen
    on the validation split and recorded in ``metadata["threshold"]``.
    """
    predictor = SequencePredictor(model, tokenizer, metadata)
    known: dict[str, np.ndarray] = {}
    if predictor.positive_label is not None and target_fpr is not None and splits.get("validation"):
        known["validation"] = predictor.predict_proba([r["text"] for r in splits["validation"]])
        metadata["threshold"] = choose_threshold(predictor, splits["validation"], known["validation"], target_fpr)
        logger.info("threshold %.4f for a %.1f%% false-positive rate on validation (recall there %.3f)",
                    metadata["threshold"]["value"], 100 * target_fpr, metadata["threshold"]["validation_recall"] or 0)
    reports = {}
    for split, rows in splits.items():
        if not rows:
            logger.warning("%s split is empty: not evaluated", split)
            continue
        report = evaluate_rows(predictor, rows, predictions_path=directory / f"{split}_predictions.jsonl",
                               robustness=split == "test", probabilities=known.get(split))
        write_report(report, directory, split, f"{metadata['task']} — {split} split")
        logger.info("%s: accuracy %.4f, weighted F1 %.4f, macro F1 %.4f (%d rows)",
                    split, report["accuracy"], report["weighted_f1"], report["macro_f1"], report["rows"])
        if "detector" in report:
            d = report["detector"]
            logger.info("%s: ROC-AUC %s, recall at 1%% FPR %s, at threshold %.4f: recall %.3f, FPR %s", split,
                        _fmt(d["roc_auc"]), _fmt(d["recall_at_1pct_fpr"]), d["threshold"], d["at_threshold"]["recall"],
                        _fmt(d["at_threshold"]["fpr"]))
        reports[split] = report
    return reports


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"
