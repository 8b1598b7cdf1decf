"""What evaluation needs to know about a head kind, one class per kind: which fields its labelled
rows carry, how they are scored and reported, what is calibrated on validation, the headline numbers
``routerkit.json`` keeps. The trainers, ``routerkit evaluate`` and the export's parity check look the
kind up (:func:`evaluation_for`) and never branch on it; a new head kind is a new class here.

* ``sequence``: accuracy, weighted / macro F1, per-class table, confusion matrix;
* ``detector``: the same, of its threshold decisions (the argmax figures kept beside them), plus
  ROC/PR, recall at fixed FPRs, the flagged rate per source and, on held-out rows, the suffix attack;
  the threshold for the task's target FPR is chosen on validation;
* ``token``: entity-level (exact type, start, end), per-type, seqeval and token-accuracy scores; the
  entity-score threshold with the best validation entity F1 is chosen on validation.
"""

from __future__ import annotations

import logging
from pathlib import Path

from routerkit.artifacts import write_json
from routerkit.errors import RouterkitError
from routerkit.evaluation.report import score_text, write_report, write_token_report
from routerkit.inference.engine import Classifier
from routerkit.inference.heads import HeadSpec
from routerkit.training.evaluate import (Calibration, argmax_figures, choose_threshold, classification, detector_figures,
                                         head_probabilities)
from routerkit.training.evaluate_tokens import choose_entity_threshold, evaluate_token_rows, token_outputs

logger = logging.getLogger(__name__)


class HeadEvaluation:
    """The evaluation of one head kind (subclasses fill in the kind's parts)."""

    #: the fields of one labelled record of this kind
    fields: tuple[str, ...] = ()

    def rows_from_records(self, records: list[dict], spec: HeadSpec, where: str, source: str) -> list[dict]:
        """Labelled records (a file's) as evaluation rows; one-line errors for records this head cannot score."""
        raise NotImplementedError

    def evaluate_rows(self, classifier: Classifier, rows: list[dict], head: str, *, batch_size: int = 32,
                      predictions_path: Path | None = None, held_out: bool = False, outputs=None,
                      threshold: float | None = None, window_rule: str | None = None) -> dict:
        """The head's report on ``rows`` (``outputs``: its forward output for them, if already computed;
        ``held_out``: rows never trained or tuned on, where costly robustness checks are worth running)."""
        raise NotImplementedError

    def calibrate(self, classifier: Classifier, head: str, validation: list[dict], target_fpr: float | None,
                  batch_size: int = 32) -> tuple[Calibration, object | None]:
        """What this kind chooses on validation, and the validation outputs it computed (None: nothing)."""
        return Calibration(), None

    def save_calibration(self, directory: Path, calibration: Calibration) -> None:
        """Write what :meth:`calibrate` chose beside the reports, where this kind keeps it."""

    def calibration_metadata(self, calibration: Calibration) -> dict:
        """A single-task (format 1) ``routerkit.json``'s keys for the calibration."""
        return {}

    def write_report(self, report: dict, directory: Path, name: str, title: str) -> dict[str, Path]:
        raise NotImplementedError

    def describe(self, report: dict) -> list[str]:
        """The report in a few printable lines (the first: the headline scores)."""
        raise NotImplementedError

    def summary(self, report: dict) -> dict:
        """The headline numbers of a report, as ``routerkit.json`` keeps them."""
        raise NotImplementedError

    def validation_score(self, report: dict, metric: str) -> float:
        """The report's value of a task's ``best_metric`` as the trainer measures it during training."""
        raise NotImplementedError

    def parity_metrics(self, report: dict) -> dict:
        """The figures an export's parity check compares between backends."""
        raise NotImplementedError

    def evaluate_splits(self, classifier: Classifier, head: str, splits: dict[str, list[dict]], directory: Path, title: str,
                        target_fpr: float | None = None) -> tuple[dict[str, dict], Calibration]:
        """Calibrate on the validation split, then evaluate every non-empty split with what was chosen;
        reports (and the calibration) go to ``directory``."""
        calibration, known = Calibration(), None
        if splits.get("validation"):
            calibration, known = self.calibrate(classifier, head, splits["validation"], target_fpr)
        reports = {}
        for split, rows in splits.items():
            if not rows:
                logger.warning("%s split is empty: not evaluated", split)
                continue
            report = self.evaluate_rows(classifier, rows, head, predictions_path=directory / f"{split}_predictions.jsonl",
                                        held_out=split == "test", outputs=known if split == "validation" else None,
                                        threshold=calibration.threshold)
            self.write_report(report, directory, split, f"{title} — {split} split")
            for line in self.describe(report):
                logger.info("%s: %s", split, line)
            reports[split] = report
        self.save_calibration(directory, calibration)
        return reports, calibration


class SequenceEvaluation(HeadEvaluation):
    fields = ("text", "label")

    def rows_from_records(self, records, spec, where, source):
        from routerkit.inference.loading import check_text

        rows = [{"id": str(i), "text": r.get("text"), "label": r.get("label"), "source": r.get("source", source)}
                for i, r in enumerate(records, 1)]
        for row in rows:
            check_text(row["text"], f"{where}: record {row['id']}")
            if row["label"] not in spec.labels:
                raise RouterkitError(f"{where}: record {row['id']}: label {row['label']!r} is not one of the model's labels "
                                     f"({', '.join(spec.labels)})")
        return rows

    def evaluate_rows(self, classifier, rows, head, *, batch_size=32, predictions_path=None, held_out=False, outputs=None,
                      threshold=None, window_rule=None):
        spec = classifier.heads[head]
        probabilities = outputs if outputs is not None else head_probabilities(classifier, spec, [r["text"] for r in rows],
                                                                               batch_size, window_rule)
        report = classification(spec, rows, probabilities, predictions_path, threshold)
        self.extend(report, classifier, spec, rows, probabilities, batch_size, held_out, threshold, window_rule)
        return report

    def extend(self, report: dict, classifier, spec: HeadSpec, rows, probabilities, batch_size, held_out, threshold, window_rule) -> None:
        """What a kind adds to the classification report (nothing for a plain sequence head)."""

    def write_report(self, report, directory, name, title):
        return write_report(report, directory, name, title)

    def describe(self, report):
        scores = ", ".join(f"{label} {report[key]:.4f}" for key, label in
                           (("accuracy", "accuracy"), ("weighted_f1", "weighted F1"), ("macro_f1", "macro F1"), ("roc_auc", "ROC-AUC"))
                           if report.get(key) is not None)
        return [f"{scores} ({report['rows']} rows)"]

    def summary(self, report):
        keys = ("rows", "accuracy", "weighted_precision", "weighted_recall", "weighted_f1", "macro_f1", "roc_auc")
        out = {key: report.get(key) for key in keys}
        out["per_class_f1"] = {label: s["f1"] for label, s in report["per_class"].items() if s["support"]}
        return out

    def validation_score(self, report, metric):
        value = report.get({"f1": "weighted_f1"}.get(metric, metric))
        return float(value) if value is not None else 0.0

    def parity_metrics(self, report):
        return {"accuracy": report["accuracy"], "macro_f1": report["macro_f1"]}


class DetectorEvaluation(SequenceEvaluation):
    def extend(self, report, classifier, spec, rows, probabilities, batch_size, held_out, threshold, window_rule):
        cut = spec.resolve_threshold(threshold)
        report["decision"] = f"threshold {cut:.6f} on P({spec.positive_label})"
        report["argmax"] = argmax_figures(spec, rows, probabilities)
        report["detector"] = detector_figures(classifier, spec, rows, probabilities, batch_size, held_out, cut, window_rule)

    def calibrate(self, classifier, head, validation, target_fpr, batch_size=32):
        if target_fpr is None:
            return Calibration(), None
        spec = classifier.heads[head]
        probabilities = head_probabilities(classifier, spec, [r["text"] for r in validation], batch_size)
        record = choose_threshold(spec, validation, probabilities, target_fpr)
        logger.info("threshold %.4f for a %.1f%% false-positive rate on validation (recall there %.3f)",
                    record["value"], 100 * target_fpr, record["validation_recall"] or 0)
        return Calibration(record["value"], record), probabilities

    def calibration_metadata(self, calibration):
        return {"threshold": calibration.record} if calibration.threshold is not None else {}

    def describe(self, report):
        d = report["detector"]
        return [*super().describe(report),
                f"detector: ROC-AUC {score_text(d['roc_auc'])}, PR-AUC {score_text(d['pr_auc'])}, recall at 1% FPR {score_text(d['recall_at_1pct_fpr'])}, "
                f"at threshold {d['threshold']:.4f}: recall {score_text(d['at_threshold']['recall'])}, FPR {score_text(d['at_threshold']['fpr'])}"
                + (f"; suffix attack flip rate {score_text(d['suffix_attack']['flip_rate'])}" if "suffix_attack" in d else "")]

    def summary(self, report):
        out = super().summary(report)
        d = report["detector"]
        out["flagged_per_source"] = {source: {"rows": e["rows"], "flagged": e["flagged"]} for source, e in (d.get("per_source") or {}).items()}
        out["argmax_accuracy"] = report["argmax"]["accuracy"]
        out.update(pr_auc=d["pr_auc"], recall_at_1pct_fpr=d["recall_at_1pct_fpr"], recall_at_5pct_fpr=d["recall_at_5pct_fpr"],
                   threshold=d["threshold"], **{f"{k}_at_threshold": d["at_threshold"][k] for k in ("precision", "recall", "f1", "fpr")})
        if "suffix_attack" in d:
            out["suffix_attack_flip_rate"] = d["suffix_attack"]["flip_rate"]
        return out

    def parity_metrics(self, report):
        d = report["detector"]
        return {**super().parity_metrics(report), "roc_auc": d["roc_auc"], "recall_at_1pct_fpr": d["recall_at_1pct_fpr"],
                "recall_at_threshold": d["at_threshold"]["recall"]}


class TokenEvaluation(HeadEvaluation):
    fields = ("text", "spans")

    def rows_from_records(self, records, spec, where, source):
        from routerkit.data.alignment import entity_types_of
        from routerkit.data.pii import validate_pii_rows

        rows = [{"id": str(r.get("id", i)), "text": r.get("text"), "spans": r.get("spans"), "source": r.get("source")}
                for i, r in enumerate(records, 1)]
        validate_pii_rows(rows, entity_types_of(spec.labels), where)
        return rows

    def evaluate_rows(self, classifier, rows, head, *, batch_size=32, predictions_path=None, held_out=False, outputs=None,
                      threshold=None, window_rule=None):
        return evaluate_token_rows(classifier, rows, batch_size, predictions_path=predictions_path, tokens=outputs, head=head,
                                   threshold=threshold)

    def calibrate(self, classifier, head, validation, target_fpr, batch_size=32):
        tokens = token_outputs(classifier, [r["text"] for r in validation], batch_size, head)
        threshold, grid = choose_entity_threshold(classifier, validation, batch_size, head=head, tokens=tokens)
        logger.info("entity threshold %.2f (best validation entity F1 %.4f)", threshold, grid[str(threshold)])
        return Calibration(threshold, {"chosen_on": "validation", "entity_f1_by_threshold": grid}), tokens

    def save_calibration(self, directory, calibration):
        write_json(directory / "entity_threshold.json", calibration.record)

    def calibration_metadata(self, calibration):
        if calibration.threshold is None:
            return {}
        return {"entity_threshold": calibration.threshold, "entity_threshold_search": calibration.record}

    def write_report(self, report, directory, name, title):
        return write_token_report(report, directory, name, title)

    def describe(self, report):
        e, t = report["entities"], report["tokens"]
        return [f"entity precision {e['precision']:.4f}, recall {e['recall']:.4f}, F1 {e['f1']:.4f}; seqeval F1 {t['seqeval_f1']:.4f}; "
                f"token accuracy {score_text(t['token_accuracy'])} ({report['rows']} rows)"]

    def summary(self, report):
        e = report["entities"]
        return {"rows": report["rows"], "entity_precision": e["precision"], "entity_recall": e["recall"], "entity_f1": e["f1"],
                **{k: report["tokens"][k] for k in ("seqeval_f1", "token_accuracy")}, "entity_threshold": report.get("entity_threshold"),
                "per_type_f1": {t: s["f1"] for t, s in e["per_type"].items() if s["support"]}}

    def validation_score(self, report, metric):
        """``f1`` is seqeval F1 (as the trainer logs it); entity metrics by their own name."""
        return float(report["tokens"]["seqeval_f1"] if metric == "f1" else report["entities"][metric])

    def parity_metrics(self, report):
        return {"entity_f1": report["entities"]["f1"], "seqeval_f1": report["tokens"]["seqeval_f1"]}


EVALUATIONS: dict[str, HeadEvaluation] = {"sequence": SequenceEvaluation(), "detector": DetectorEvaluation(), "token": TokenEvaluation()}


def evaluation_for(spec: HeadSpec) -> HeadEvaluation:
    """The evaluation of a head's kind."""
    return EVALUATIONS[spec.kind]


def evaluate_head_rows(classifier: Classifier, head: str, rows: list[dict], batch_size: int = 32) -> dict:
    """One head's report on labelled rows, at its default threshold (no files written)."""
    return evaluation_for(classifier.heads[head]).evaluate_rows(classifier, rows, head, batch_size=batch_size)

