"""Classification metrics: accuracy, weighted/macro P/R/F1, per-class scores, confusion, ROC-AUC."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
    roc_auc_score,
)


def trainer_metrics(logits: np.ndarray, label_ids: np.ndarray) -> dict[str, float]:
    """The small set computed at every evaluation during training (``f1`` is weighted F1)."""
    predictions = np.argmax(logits, axis=-1)
    metrics = {
        "accuracy": float(accuracy_score(label_ids, predictions)),
        "f1": float(f1_score(label_ids, predictions, average="weighted", zero_division=0)),
        "macro_f1": float(f1_score(label_ids, predictions, average="macro", zero_division=0)),
    }
    if logits.shape[-1] == 2:
        # Binary detectors: ranking quality of P(positive), the quantity a threshold is put on
        # (0.0 when the evaluated rows hold one class only: no ranking to judge).
        both = len(np.unique(label_ids)) == 2
        metrics["roc_auc"] = float(roc_auc_score(label_ids, logits[:, 1] - logits[:, 0])) if both else 0.0
    return metrics


def classification_report(
    y_true: Sequence[str], y_pred: Sequence[str], probabilities: np.ndarray, labels: Sequence[str], top_confusions: int = 10
) -> dict:
    """Full metrics for a labelled set. ``probabilities[i, j]`` is P(labels[j]) for row i."""
    labels = list(labels)
    index = {label: i for i, label in enumerate(labels)}
    true_ids = np.array([index[y] for y in y_true])
    pred_ids = np.array([index[y] for y in y_pred])
    all_ids = list(range(len(labels)))

    report: dict = {"rows": len(true_ids), "accuracy": float(accuracy_score(true_ids, pred_ids))}
    # Averages cover the labels that occur in the gold or predicted labels (scikit-learn's default):
    # a label absent from both says nothing about the model. Per-class scores list every label.
    present = sorted(set(true_ids) | set(pred_ids))
    report["labels_averaged"] = len(present)
    for average in ("weighted", "macro"):
        p, r, f, _ = precision_recall_fscore_support(true_ids, pred_ids, labels=present, average=average, zero_division=0)
        report[f"{average}_precision"], report[f"{average}_recall"], report[f"{average}_f1"] = float(p), float(r), float(f)

    p, r, f, support = precision_recall_fscore_support(true_ids, pred_ids, labels=all_ids, zero_division=0)
    # Macro F1 over the gold labels only: a split without some label (intent's test split has no
    # `communication` row) then does not average in an F1 of 0 for one stray prediction of it.
    report["macro_f1_gold_labels"] = float(f[sorted(set(true_ids))].mean())
    report["per_class"] = {
        label: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(support[i])}
        for i, label in enumerate(labels)
    }
    matrix = confusion_matrix(true_ids, pred_ids, labels=all_ids)
    report["labels"] = labels
    report["confusion_matrix"] = matrix.tolist()
    report["most_confused"] = most_confused_pairs(matrix, labels, top_confusions)
    report["roc_auc"] = roc_auc(true_ids, probabilities, len(labels))
    return report


def most_confused_pairs(matrix: np.ndarray, labels: Sequence[str], top: int) -> list[dict]:
    """Off-diagonal cells by count: ``true`` predicted as ``predicted`` (rate = share of the true class)."""
    pairs = []
    totals = matrix.sum(axis=1)
    for i, j in zip(*np.nonzero(matrix)):
        if i != j:
            pairs.append({"true": labels[i], "predicted": labels[j], "count": int(matrix[i, j]),
                          "rate": float(matrix[i, j] / totals[i]) if totals[i] else 0.0})
    pairs.sort(key=lambda pair: (-pair["count"], pair["true"], pair["predicted"]))
    return pairs[:top]


def roc_auc(true_ids: np.ndarray, probabilities: np.ndarray, n_labels: int) -> float | None:
    """Binary ROC-AUC of the positive class, or macro one-vs-rest; None when a class is absent."""
    present = np.unique(true_ids)
    if len(present) < 2:
        return None
    if n_labels == 2:
        return float(roc_auc_score(true_ids, probabilities[:, 1]))
    if len(present) < n_labels:
        # One-vs-rest over the classes present only, each against all others.
        scores = [roc_auc_score(true_ids == k, probabilities[:, k]) for k in present]
        return float(np.mean(scores))
    return float(roc_auc_score(true_ids, probabilities, multi_class="ovr", average="macro", labels=list(range(n_labels))))
