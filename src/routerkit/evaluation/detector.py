"""Detector metrics for binary risk scores: threshold for a target FPR, ROC/PR, recall at FPR, robustness.

``scores`` are P(positive) (the risk), ``positive`` marks the gold positives. A row is flagged when
``score >= threshold``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

#: Padding for the suffix attack. Deliberately different from the training augmentation's lists
#: (routerkit.data.augment.harmless_padding), so that the robustness figure is not measured on the
#: very strings the model was taught to ignore.
ATTACK_WORDS = ("sunshine", "banana", "river", "gently", "pencil", "garden", "music", "blue", "window", "tea",
                "mountain", "quiet", "bicycle", "cloud", "morning", "paper", "orange", "soft", "library", "ocean")
ATTACK_SENTENCES = (
    "The quick brown fox jumps over the lazy dog.", "I went for a walk in the park yesterday.",
    "Tomorrow is supposed to be sunny and warm.", "My favourite colour is green.",
    "Remember to drink enough water.", "The museum opens at nine on weekdays.",
    "She bought fresh bread at the bakery.", "Autumn leaves look beautiful in October.",
)


def threshold_for_fpr(positive: np.ndarray, scores: np.ndarray, target_fpr: float) -> float:
    """The lowest threshold whose false-positive rate on these rows is at most ``target_fpr``."""
    negatives = np.sort(np.asarray(scores)[~np.asarray(positive, dtype=bool)])[::-1]
    if len(negatives) == 0:
        return 0.5
    allowed = int(np.floor(target_fpr * len(negatives)))  # negatives that may score at or above it
    if allowed >= len(negatives):
        return float(negatives[-1])
    # Strictly above the (allowed+1)-th highest negative score: at most `allowed` negatives reach it.
    return float(np.nextafter(negatives[allowed], np.inf))


def recall_at_fpr(positive: np.ndarray, scores: np.ndarray, fpr: float) -> float | None:
    """Highest recall reachable with a false-positive rate of at most ``fpr`` (None if a class is absent)."""
    positive = np.asarray(positive, dtype=bool)
    if positive.all() or not positive.any():
        return None
    fprs, tprs, _ = roc_curve(positive, scores)
    return float(tprs[fprs <= fpr + 1e-12].max())


def detector_report(positive: Sequence[bool], scores: Sequence[float], threshold: float,
                    sources: Sequence[str] | None = None) -> dict:
    """ROC-AUC, PR-AUC, recall at 1%/5% FPR and the scores at ``threshold`` (plus FPR per benign source)."""
    positive = np.asarray(positive, dtype=bool)
    scores = np.asarray(scores, dtype=np.float64)
    flagged = scores >= threshold
    tp, fp = int((flagged & positive).sum()), int((flagged & ~positive).sum())
    fn, tn = int((~flagged & positive).sum()), int((~flagged & ~positive).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    both = positive.any() and not positive.all()
    report = {
        "threshold": float(threshold),
        "positives": int(positive.sum()),
        "negatives": int((~positive).sum()),
        "roc_auc": float(roc_auc_score(positive, scores)) if both else None,
        "pr_auc": float(average_precision_score(positive, scores)) if both else None,
        "recall_at_1pct_fpr": recall_at_fpr(positive, scores, 0.01),
        "recall_at_5pct_fpr": recall_at_fpr(positive, scores, 0.05),
        "at_threshold": {
            "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "fpr": fp / (fp + tn) if fp + tn else None,
            "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        },
    }
    if both:
        fprs, tprs, _ = roc_curve(positive, scores)
        keep = np.unique(np.linspace(0, len(fprs) - 1, min(len(fprs), 200)).astype(int))
        report["roc_curve"] = {"fpr": fprs[keep].round(5).tolist(), "tpr": tprs[keep].round(5).tolist()}
    if sources is not None:
        per_source = {}
        for source in sorted(set(sources)):
            mask = np.array([s == source for s in sources])
            entry = {"rows": int(mask.sum()), "flagged": int((flagged & mask).sum())}
            entry["flagged_rate"] = entry["flagged"] / entry["rows"]
            per_source[source] = entry
        report["per_source"] = per_source  # for negatives, flagged_rate is that source's FPR
    return report


def pad_harmlessly(text: str, rng: random.Random) -> str:
    """The suffix attack: 1-5 harmless words, or one harmless sentence, appended."""
    if rng.random() < 0.5:
        return f"{text} {' '.join(rng.choice(ATTACK_WORDS) for _ in range(rng.randint(1, 5)))}"
    return f"{text} {rng.choice(ATTACK_SENTENCES)}"


def suffix_attack(score: Callable[[list[str]], np.ndarray], texts: Sequence[str], threshold: float,
                  seed: int = 0) -> dict:
    """Share of detected ``texts`` (score >= threshold) that fall below it once padded harmlessly.

    ``score`` maps texts to risk scores (the model's, exactly as at prediction time).
    """
    texts = list(texts)
    detected = [t for t, s in zip(texts, score(texts)) if s >= threshold]
    if not detected:
        return {"detected": 0, "flipped": 0, "flip_rate": None}
    rng = random.Random(seed)
    padded = [pad_harmlessly(t, rng) for t in detected]
    flipped = int((score(padded) < threshold).sum())
    return {"detected": len(detected), "flipped": flipped, "flip_rate": flipped / len(detected)}
