"""Entity-level scores for span prediction (PII), plus seqeval and token accuracy for comparison.

Entity level (the headline): a predicted entity counts only when its type, start and end all equal a
gold entity's (character offsets). Also reported: per-type P/R/F1, confusion between types (predicted
span overlapping a gold span of another type), boundary errors (same type, overlapping, offsets differ)
and the strings most often flagged wrongly (false positives that overlap no gold entity).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def entity_report(texts: Sequence[str], gold: Sequence[Sequence[dict]], predicted: Sequence[Sequence[dict]],
                  types: Sequence[str], top: int = 30) -> dict:
    """Exact-match entity scores over rows; ``gold``/``predicted`` hold ``{"start", "end", "label"}`` per row."""
    totals: Counter = Counter()
    per_type = {t: Counter() for t in types}
    confusion: Counter = Counter()
    boundary: Counter = Counter()
    false_positives: Counter = Counter()
    missed: Counter = Counter()
    for text, gold_row, pred_row in zip(texts, gold, predicted):
        gold_set = {(g["label"], g["start"], g["end"]) for g in gold_row}
        pred_set = {(p["label"], p["start"], p["end"]) for p in pred_row}
        for key in pred_set:
            outcome = "tp" if key in gold_set else "fp"
            totals[outcome] += 1
            per_type.setdefault(key[0], Counter())[outcome] += 1
        for key in gold_set - pred_set:
            totals["fn"] += 1
            per_type.setdefault(key[0], Counter())["fn"] += 1
        for p in pred_row:
            if (p["label"], p["start"], p["end"]) in gold_set:
                continue
            hits = [g for g in gold_row if _overlaps(p, g)]
            if not hits:
                false_positives[(p["label"], text[p["start"] : p["end"]])] += 1
            for g in hits:
                if g["label"] == p["label"]:
                    boundary[g["label"]] += 1
                else:
                    confusion[(g["label"], p["label"])] += 1
        for g in gold_row:
            if not any(_overlaps(g, p) for p in pred_row):
                missed[g["label"]] += 1
    report = {"rows": len(texts), **_prf(totals["tp"], totals["fp"], totals["fn"])}
    report["per_type"] = {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in per_type.items()}
    report["type_confusion"] = [{"gold": g, "predicted": p, "count": n} for (g, p), n in confusion.most_common(top)]
    report["boundary_errors"] = dict(boundary.most_common())
    report["missed_entirely"] = dict(missed.most_common())
    report["false_positives"] = [{"label": label, "text": text, "count": n} for (label, text), n in false_positives.most_common(top)]
    report["false_positive_count"] = sum(false_positives.values())
    return report


def token_scores(gold_tags: Sequence[Sequence[str]], predicted_tags: Sequence[Sequence[str]]) -> dict:
    """seqeval (entity chunks over token tags) and plain token accuracy, for comparison with other tools."""
    from seqeval.metrics import f1_score, precision_score, recall_score

    pairs = [(g, p) for gs, ps in zip(gold_tags, predicted_tags) for g, p in zip(gs, ps)]
    return {
        "seqeval_precision": float(precision_score(gold_tags, predicted_tags, zero_division=0)),
        "seqeval_recall": float(recall_score(gold_tags, predicted_tags, zero_division=0)),
        "seqeval_f1": float(f1_score(gold_tags, predicted_tags, zero_division=0)),
        "token_accuracy": sum(g == p for g, p in pairs) / len(pairs) if pairs else None,
        "tokens": len(pairs),
    }


def token_trainer_metrics(logits, label_ids, labels: Sequence[str]) -> dict[str, float]:
    """What the trainer computes at every evaluation of a token task: seqeval F1 (``f1``) and token accuracy."""
    import numpy as np

    predictions = np.argmax(logits, axis=-1)
    gold_tags, predicted_tags = [], []
    for gold_row, pred_row in zip(label_ids, predictions):
        keep = gold_row != -100
        gold_tags.append([labels[i] for i in gold_row[keep]])
        predicted_tags.append([labels[i] for i in pred_row[keep]])
    scores = token_scores(gold_tags, predicted_tags)
    return {"f1": scores["seqeval_f1"], "precision": scores["seqeval_precision"], "recall": scores["seqeval_recall"],
            "accuracy": scores["token_accuracy"] or 0.0}
