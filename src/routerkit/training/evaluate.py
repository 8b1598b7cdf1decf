"""Evaluate a model on a task's labelled splits and write the reports."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from routerkit.data.io import write_jsonl
from routerkit.evaluation.metrics import classification_report
from routerkit.evaluation.report import write_report
from routerkit.inference.predictor import SequencePredictor

logger = logging.getLogger(__name__)


def evaluate_rows(predictor: SequencePredictor, rows: list[dict], batch_size: int = 32,
                  predictions_path: Path | None = None) -> dict:
    """Metrics for labelled rows, predicted exactly as ``routerkit predict`` would.

    With ``predictions_path``, every row's prediction is written there as JSONL (for error analysis).
    """
    probabilities = predictor.predict_proba([r["text"] for r in rows], batch_size=batch_size)
    predicted = [predictor.labels[i] for i in np.argmax(probabilities, axis=1)]
    if predictions_path is not None:
        write_jsonl(predictions_path, [
            {"id": row.get("id"), "text": row["text"], "label": row["label"], "predicted": label,
             "probabilities": dict(zip(predictor.labels, map(float, probs)))}
            for row, label, probs in zip(rows, predicted, probabilities)
        ])
    return classification_report([r["label"] for r in rows], predicted, probabilities, predictor.labels)


def evaluate_splits(model, tokenizer, metadata: dict, splits: dict[str, list[dict]], directory: Path) -> dict[str, dict]:
    """Evaluate an in-memory model on each non-empty split; reports go to ``directory``."""
    predictor = SequencePredictor(model, tokenizer, metadata)
    reports = {}
    for split, rows in splits.items():
        if not rows:
            logger.warning("%s split is empty: not evaluated", split)
            continue
        report = evaluate_rows(predictor, rows, predictions_path=directory / f"{split}_predictions.jsonl")
        write_report(report, directory, split, f"{metadata['task']} — {split} split")
        logger.info("%s: accuracy %.4f, weighted F1 %.4f, macro F1 %.4f (%d rows)",
                    split, report["accuracy"], report["weighted_f1"], report["macro_f1"], report["rows"])
        reports[split] = report
    return reports
