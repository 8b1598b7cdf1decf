"""Evaluate a sequence (or detector) head on labelled rows and write the reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from routerkit.data.io import write_jsonl
from routerkit.evaluation.detector import detector_report, suffix_attack, threshold_for_fpr
from routerkit.evaluation.metrics import classification_report
from routerkit.evaluation.report import write_report
from routerkit.inference.engine import Classifier
from routerkit.inference.heads import HeadSpec

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calibration:
    """What a head's evaluation chose on validation: the threshold (detectors: risk; token heads: entity
    score), and how it was chosen. ``threshold`` None: nothing to calibrate."""

    threshold: float | None = None
    record: dict = field(default_factory=dict)


def evaluate_rows(classifier: Classifier, rows: list[dict], batch_size: int = 32,
                  predictions_path: Path | None = None, robustness: bool = False,
                  probabilities: np.ndarray | None = None, head: str | None = None,
                  threshold: float | None = None, window_rule: str | None = None) -> dict:
    """Metrics for labelled rows, predicted exactly as ``routerkit predict`` would.

    With ``predictions_path``, every row's prediction is written there as JSONL (for error analysis).
    Detectors also get ``report["detector"]`` (ROC/PR, recall at FPR, scores at ``threshold`` — the
    saved one by default — flagged rate per source) and, with ``robustness``, the suffix attack on
    the detected positives.
    """
    spec = classifier.heads[head] if head else classifier.head
    if probabilities is None:
        probabilities = _probabilities(classifier, spec, [r["text"] for r in rows], batch_size, window_rule)
    report = _classification(spec, rows, probabilities, predictions_path, threshold)
    if spec.kind == "detector":
        report["detector"] = _detector(classifier, spec, rows, probabilities, batch_size, robustness,
                                       spec.resolve_threshold(threshold), window_rule)
    return report


def _probabilities(classifier: Classifier, spec: HeadSpec, texts: list[str], batch_size: int, window_rule: str | None) -> np.ndarray:
    return classifier.forward(texts, batch_size, [spec.name], window_rule)[spec.name]


def _detector(classifier: Classifier, spec: HeadSpec, rows: list[dict], probabilities: np.ndarray, batch_size: int,
              robustness: bool, threshold: float, window_rule: str | None) -> dict:
    column = spec.positive_column
    positive = np.array([r["label"] == spec.positive_label for r in rows])
    sources = [r.get("source", "unknown") for r in rows]
    report = detector_report(positive, probabilities[:, column], threshold, sources)
    if robustness:
        texts = [r["text"] for r, p in zip(rows, positive) if p]
        report["suffix_attack"] = suffix_attack(
            lambda t: _probabilities(classifier, spec, t, batch_size, window_rule)[:, column], texts, threshold)
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


def _classification(spec: HeadSpec, rows: list[dict], probabilities: np.ndarray, predictions_path: Path | None,
                    threshold: float | None) -> dict:
    """Classification metrics of the head's decisions (a detector's: at ``threshold``, as predict decides;
    its argmax figures are kept beside them under ``argmax``)."""
    predicted = [spec.labels[i] for i in spec.decide(probabilities, threshold)]
    if predictions_path is not None:
        write_jsonl(predictions_path, [
            {"id": row.get("id"), "source": row.get("source"), "text": row["text"], "label": row["label"], "predicted": label,
             "probabilities": dict(zip(spec.labels, map(float, probs)))}
            for row, label, probs in zip(rows, predicted, probabilities)
        ])
    gold = [r["label"] for r in rows]
    report = classification_report(gold, predicted, probabilities, list(spec.labels))
    if spec.kind == "detector":
        report["decision"] = f"threshold {spec.resolve_threshold(threshold):.6f} on P({spec.positive_label})"
        argmax = classification_report(gold, [spec.labels[i] for i in np.argmax(probabilities, axis=1)], probabilities,
                                        list(spec.labels))
        report["argmax"] = {key: argmax[key] for key in ("accuracy", "weighted_f1", "macro_f1")}
    return report


def evaluate_splits(classifier: Classifier, head: str, splits: dict[str, list[dict]], directory: Path, title: str,
                    target_fpr: float | None = None) -> tuple[dict[str, dict], Calibration]:
    """Evaluate a sequence or detector head on each non-empty split; reports go to ``directory``.

    For a detector with a ``target_fpr`` the threshold for it is first chosen on the validation
    split (and used for every split): the returned calibration.
    """
    spec = classifier.heads[head]
    known: dict[str, np.ndarray] = {}
    calibration = Calibration()
    if spec.kind == "detector" and target_fpr is not None and splits.get("validation"):
        known["validation"] = _probabilities(classifier, spec, [r["text"] for r in splits["validation"]], 32, None)
        record = choose_threshold(spec, splits["validation"], known["validation"], target_fpr)
        calibration = Calibration(record["value"], record)
        logger.info("threshold %.4f for a %.1f%% false-positive rate on validation (recall there %.3f)",
                    record["value"], 100 * target_fpr, record["validation_recall"] or 0)
    reports = {}
    for split, rows in splits.items():
        if not rows:
            logger.warning("%s split is empty: not evaluated", split)
            continue
        report = evaluate_rows(classifier, rows, predictions_path=directory / f"{split}_predictions.jsonl",
                               robustness=split == "test", probabilities=known.get(split), head=head,
                               threshold=calibration.threshold)
        write_report(report, directory, split, f"{title} — {split} split")
        logger.info("%s: accuracy %.4f, weighted F1 %.4f, macro F1 %.4f (%d rows)",
                    split, report["accuracy"], report["weighted_f1"], report["macro_f1"], report["rows"])
        if "detector" in report:
            d = report["detector"]
            logger.info("%s: ROC-AUC %s, recall at 1%% FPR %s, at threshold %.4f: recall %.3f, FPR %s", split,
                        _fmt(d["roc_auc"]), _fmt(d["recall_at_1pct_fpr"]), d["threshold"], d["at_threshold"]["recall"],
                        _fmt(d["at_threshold"]["fpr"]))
        reports[split] = report
    return reports, calibration


def evaluate_head_splits(classifier: Classifier, head: str, splits: dict[str, list[dict]], directory: Path, title: str,
                         target_fpr: float | None = None) -> tuple[dict[str, dict], Calibration]:
    """Every split's report for one head, by its kind's evaluation (the threshold calibrated on validation)."""
    from routerkit.training.evaluate_tokens import evaluate_token_splits

    evaluate = evaluate_token_splits if classifier.heads[head].kind == "token" else evaluate_splits
    return evaluate(classifier, head, splits, directory, title, target_fpr)


def evaluate_head_rows(classifier: Classifier, head: str, rows: list[dict], batch_size: int = 32) -> dict:
    """One head's report on labelled rows, at its default threshold (no files written)."""
    from routerkit.training.evaluate_tokens import evaluate_token_rows

    if classifier.heads[head].kind == "token":
        return evaluate_token_rows(classifier, rows, batch_size, head=head)
    return evaluate_rows(classifier, rows, batch_size, head=head)


def validation_score(report: dict, metric: str) -> float:
    """A report's value of a task's ``best_metric`` as the single-task trainer measures it during
    training: ``f1`` is weighted F1 (sequence heads) or seqeval F1 (token heads)."""
    if "tokens" in report:
        return float(report["tokens"]["seqeval_f1"] if metric == "f1" else report["entities"][metric])
    value = report.get({"f1": "weighted_f1"}.get(metric, metric))
    return float(value) if value is not None else 0.0


def summary(report: dict) -> dict:
    """The headline numbers of a report, as ``routerkit.json`` keeps them."""
    if "entities" in report:  # token heads
        e = report["entities"]
        return {"rows": report["rows"], "entity_precision": e["precision"], "entity_recall": e["recall"], "entity_f1": e["f1"],
                **{k: report["tokens"][k] for k in ("seqeval_f1", "token_accuracy")}, "entity_threshold": report.get("entity_threshold"),
                "per_type_f1": {t: s["f1"] for t, s in e["per_type"].items() if s["support"]}}
    keys = ("rows", "accuracy", "weighted_precision", "weighted_recall", "weighted_f1", "macro_f1", "roc_auc")
    out = {key: report.get(key) for key in keys}
    out["per_class_f1"] = {label: s["f1"] for label, s in report["per_class"].items() if s["support"]}
    if "detector" in report:
        d = report["detector"]
        out["flagged_per_source"] = {source: {"rows": e["rows"], "flagged": e["flagged"]} for source, e in (d.get("per_source") or {}).items()}
        if "argmax" in report:
            out["argmax_accuracy"] = report["argmax"]["accuracy"]
        out.update(pr_auc=d["pr_auc"], recall_at_1pct_fpr=d["recall_at_1pct_fpr"], recall_at_5pct_fpr=d["recall_at_5pct_fpr"],
                   threshold=d["threshold"], **{f"{k}_at_threshold": d["at_threshold"][k] for k in ("precision", "recall", "f1", "fpr")})
        if "suffix_attack" in d:
            out["suffix_attack_flip_rate"] = d["suffix_attack"]["flip_rate"]
    return out


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"
