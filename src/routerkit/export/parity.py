"""The export-time parity check: an exported backend against PyTorch on the task's validation rows.

Per head: max and mean |Δlogit| over every real token position (token heads) or window (sequence
heads), argmax / BIO-tag agreement, and the task's metric computed through each backend.
"""

from __future__ import annotations

import logging
import random

import numpy as np

from routerkit.inference.engine import Classifier

logger = logging.getLogger(__name__)


def logit_parity(reference: Classifier, exported: Classifier, texts: list[str], batch_size: int = 32,
                 heads: list[str] | None = None) -> dict[str, dict]:
    specs = reference.select(heads)
    token = any(not s.is_sequence for s in specs)
    diffs = {s.name: [] for s in specs}
    agree = {s.name: [] for s in specs}
    for start in range(0, len(texts), batch_size):
        windows = reference.windower(texts[start : start + batch_size], all_windows=True, offsets=token)
        for w in range(0, len(windows), batch_size):
            chunk = windows.chunk(w, w + batch_size)
            ours, theirs = reference.backend.run(chunk), exported.backend.run(chunk)
            for spec in specs:
                a, b = ours[spec.output], theirs[spec.output]
                if spec.is_sequence:
                    diffs[spec.name].append(np.abs(a - b).max(axis=-1))
                    agree[spec.name].append(a.argmax(-1) == b.argmax(-1))
                else:
                    real = windows.content[w : w + batch_size]
                    diffs[spec.name].append(np.abs(a - b).max(axis=-1)[real])
                    agree[spec.name].append((a.argmax(-1) == b.argmax(-1))[real])
    out = {}
    for spec in specs:
        d, g = np.concatenate(diffs[spec.name]), np.concatenate(agree[spec.name])
        unit = "windows" if spec.is_sequence else "tokens"
        out[spec.name] = {"max_abs_logit_diff": float(d.max()), "mean_abs_logit_diff": float(d.mean()),
                          ("argmax_agreement" if spec.is_sequence else "tag_agreement"): float(g.mean()), unit: int(len(g))}
    return out


def headline_metrics(classifier: Classifier, rows: list[dict], head: str) -> dict:
    """The head's own metrics on labelled rows, as its kind compares backends (accuracy / macro F1;
    detectors add ROC-AUC and recall at 1% FPR; token heads: entity F1)."""
    from routerkit.training.head_evaluation import evaluate_head_rows, evaluation_for

    return evaluation_for(classifier.heads[head]).parity_metrics(evaluate_head_rows(classifier, head, rows))


def parity_report(reference: Classifier, exported: Classifier, rows_by_head: dict[str, tuple[list[dict], str]],
                  max_rows: int | None = None, seed: int = 0) -> dict:
    """Per head, on that head's own (validation) rows: logit parity and the head's metrics through both backends.
    ``rows_by_head``: head -> (rows, where they come from). One head: ``rows`` and ``data`` are also top-level."""
    report: dict = {"heads": {}}
    for name, (rows, data) in rows_by_head.items():
        if max_rows is not None and len(rows) > max_rows:
            rows = random.Random(seed).sample(rows, max_rows)
        entry = logit_parity(reference, exported, [r["text"] for r in rows], heads=[name])[name]
        entry.update(rows=len(rows), data=data,
                     metrics={"torch": headline_metrics(reference, rows, name), "exported": headline_metrics(exported, rows, name)})
        report["heads"][name] = entry
    if len(rows_by_head) == 1:
        only = next(iter(report["heads"].values()))
        report.update(rows=only["rows"], data=only["data"])
    return report


def summary_lines(report: dict, label: str) -> list[str]:
    lines = [f"parity ({label} vs PyTorch, each head on its task's validation rows):"]
    for name, e in report["heads"].items():
        agreement = e.get("argmax_agreement", e.get("tag_agreement"))
        metrics = ", ".join(f"{k} {e['metrics']['torch'][k]:.4f} -> {e['metrics']['exported'][k]:.4f}"
                            for k in e["metrics"]["torch"] if e["metrics"]["torch"][k] is not None)
        lines.append(f"  {name} ({e['rows']} rows of {e['data']}): max |Δlogit| {e['max_abs_logit_diff']:.2e}, "
                     f"agreement {agreement:.4f}; {metrics}")
    return lines
