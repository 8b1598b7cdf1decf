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
    return paths


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def markdown_report(report: dict, title: str) -> str:
    lines = [f"# {title}", "", f"Rows: {report['rows']}", "", "| metric | value |", "|---|---|"]
    for key in ("accuracy", "weighted_precision", "weighted_recall", "weighted_f1",
                "macro_precision", "macro_recall", "macro_f1", "roc_auc"):
        lines.append(f"| {key} | {_fmt(report.get(key))} |")
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
    return "\n".join(lines) + "\n"


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
