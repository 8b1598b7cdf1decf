"""Write evaluation results as JSON, a readable Markdown report and a confusion-matrix PNG."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from routerkit.artifacts import write_json

logger = logging.getLogger(__name__)


def write_report(report: dict, directory: Path, name: str, title: str) -> dict[str, Path]:
    """Write ``<name>.json``, ``<name>.md`` and ``<name>_confusion.png`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {"json": directory / f"{name}.json", "markdown": directory / f"{name}.md", "png": directory / f"{name}_confusion.png"}
    write_json(paths["json"], report)
    paths["markdown"].write_text(markdown_report(report, title), encoding="utf-8")
    plot_confusion(np.array(report["confusion_matrix"]), report["labels"], paths["png"], title)
    if (report.get("detector") or {}).get("roc_curve"):
        paths["roc"] = directory / f"{name}_roc.png"
        plot_roc(report["detector"], paths["roc"], title)
    return paths


def score_text(value: float | None) -> str:
    """A score as reports print it: four decimals, or ``n/a`` when there is none."""
    return "n/a" if value is None else f"{value:.4f}"


def markdown_report(report: dict, title: str) -> str:
    lines = [f"# {title}", "", f"Rows: {report['rows']}", ""]
    if report.get("decision"):
        a = report["argmax"]
        lines += [f"Labels below are the detector's decisions ({report['decision']}), as `predict` gives them; "
                  f"by argmax instead: accuracy {score_text(a['accuracy'])}, weighted F1 {score_text(a['weighted_f1'])}, "
                  f"macro F1 {score_text(a['macro_f1'])}.", ""]
    lines += ["| metric | value |", "|---|---|"]
    for key in ("accuracy", "weighted_precision", "weighted_recall", "weighted_f1",
                "macro_precision", "macro_recall", "macro_f1", "macro_f1_gold_labels", "roc_auc"):
        lines.append(f"| {key} | {score_text(report.get(key))} |")
    lines += ["", "## Per class", "", "| label | precision | recall | f1 | support |", "|---|---|---|---|---|"]
    for label, scores in report["per_class"].items():
        lines.append(f"| {label} | {scores['precision']:.4f} | {scores['recall']:.4f} | {scores['f1']:.4f} | {scores['support']} |")
    lines += ["", "## Most confused (true → predicted)", ""]
    if report["most_confused"]:
        lines += ["| true | predicted | count | share of true class |", "|---|---|---|---|"]
        for pair in report["most_confused"]:
            lines.append(f"| {pair['true']} | {pair['predicted']} | {pair['count']} | {pair['rate']:.1%} |")
    else:
        lines.append("No confusions.")
    if "detector" in report:
        lines += detector_markdown(report["detector"])
    return "\n".join(lines) + "\n"


def detector_markdown(d: dict) -> list[str]:
    at = d["at_threshold"]
    lines = ["", "## Detector", "", f"Positives {d['positives']}, negatives {d['negatives']}.", "",
             "| metric | value |", "|---|---|"]
    for key in ("roc_auc", "pr_auc", "recall_at_1pct_fpr", "recall_at_5pct_fpr"):
        lines.append(f"| {key} | {score_text(d.get(key))} |")
    lines.append(f"| threshold | {d['threshold']:.6f} |")
    for key in ("precision", "recall", "f1", "fpr"):
        lines.append(f"| {key} at threshold | {score_text(at.get(key))} |")
    lines.append(f"| confusion at threshold | {at['confusion']} |")
    if d.get("suffix_attack"):
        a = d["suffix_attack"]
        lines.append(f"| suffix attack: flipped / detected | {a['flipped']} / {a['detected']} ({score_text(a['flip_rate'])}) |")
    if d.get("per_source"):
        lines += ["", "| source | rows | flagged | flagged rate |", "|---|---|---|---|"]
        for source, entry in d["per_source"].items():
            lines.append(f"| {source} | {entry['rows']} | {entry['flagged']} | {entry['flagged_rate']:.4f} |")
    return lines


def plot_roc(detector: dict, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot(detector["roc_curve"]["fpr"], detector["roc_curve"]["tpr"], label=f"ROC-AUC {score_text(detector['roc_auc'])}")
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
    if detector["at_threshold"].get("fpr") is not None:
        ax.scatter([detector["at_threshold"]["fpr"]], [detector["at_threshold"]["recall"]], color="red", zorder=3,
                   label=f"saved threshold {detector['threshold']:.3f}")
    ax.set_xlabel("false-positive rate")
    ax.set_ylabel("recall (true-positive rate)")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_confusion(matrix: np.ndarray, labels: list[str], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    size = max(4.0, 0.5 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size + 1, size))
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros_like(matrix, dtype=float), where=totals > 0)
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title, fontsize=10)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=6,
                        color="white" if shares[i, j] > 0.5 else "black")
    fig.colorbar(image, ax=ax, fraction=0.046, label="share of true class")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_token_report(report: dict, directory: Path, name: str, title: str) -> dict[str, Path]:
    """Write ``<name>.json``, ``<name>.md`` and ``<name>_per_type.png`` for a token (entity) evaluation."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {"json": directory / f"{name}.json", "markdown": directory / f"{name}.md", "png": directory / f"{name}_per_type.png"}
    write_json(paths["json"], report)
    paths["markdown"].write_text(token_markdown_report(report, title), encoding="utf-8")
    plot_per_type(report["entities"]["per_type"], paths["png"], title)
    return paths


def plot_per_type(per_type: dict, path: Path, title: str) -> None:
    """Entity precision, recall and F1 per type (types with gold or predicted entities), support in the labels."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    types = [t for t, s in per_type.items() if s["support"] or s["fp"]]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(types) + 1.5))
    y = np.arange(len(types))
    for offset, key in ((-0.27, "precision"), (0, "recall"), (0.27, "f1")):
        ax.barh(y + offset, [per_type[t][key] for t in types], height=0.27, label=key)
    ax.set_yticks(y, [f"{t} ({per_type[t]['support']})" for t in types], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("exact type + start + end")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def token_markdown_report(report: dict, title: str) -> str:
    e, t = report["entities"], report["tokens"]
    lines = [f"# {title}", "", f"Rows: {report['rows']}; entity threshold {report.get('entity_threshold')}", "",
             "| metric | value |", "|---|---|",
             f"| entity precision (exact type+start+end) | {e['precision']:.4f} |", f"| entity recall | {e['recall']:.4f} |",
             f"| entity F1 | {e['f1']:.4f} |", f"| seqeval F1 (tokens) | {score_text(t['seqeval_f1'])} |",
             f"| token accuracy | {score_text(t['token_accuracy'])} |", "",
             "## Per entity type", "", "| type | precision | recall | f1 | support | predicted |", "|---|---|---|---|---|---|"]
    for kind, s in e["per_type"].items():
        lines.append(f"| {kind} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {s['support']} | {s['tp'] + s['fp']} |")
    lines += ["", "## Type confusion (gold → predicted, overlapping spans)", ""]
    lines += [f"- {c['gold']} → {c['predicted']}: {c['count']}" for c in e["type_confusion"]] or ["None."]
    lines += ["", f"Boundary errors (right type, offsets differ): {e['boundary_errors'] or 'none'}",
              f"Gold entities missed entirely: {e['missed_entirely'] or 'none'}", "",
              f"## False positives (flagged where no entity is): {e['false_positive_count']}", ""]
    lines += [f"- {fp['label']}: {fp['text']!r} ×{fp['count']}" for fp in e["false_positives"]] or ["None."]
    return "\n".join(lines) + "\n"
