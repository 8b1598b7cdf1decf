"""Benchmark of a token (PII) task: routerkit fine-tuning vs Microsoft Presidio's analyzer, in one run.

Called by ``run_benchmark.py pii ...``. Every model is scored with the same entity-level scorer (exact
type + start + end) on the Presidio test split fixed by SPLITS.md and on independent check sets
(default: ``benchmarks/data/pii_chat_check.jsonl``, realistic prompts written by hand, never trained
on). Also checked: a 100,000-character text with PII near its end.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from common import train_method
from routerkit.data.io import read_records
from routerkit.evaluation.entities import entity_report
from routerkit.inference.engine import Classifier, load
from routerkit.training.evaluate_tokens import evaluate_token_rows

logger = logging.getLogger("benchmark")
HERE = Path(__file__).resolve().parent
DEFAULT_CHECKS = {"chat_check": HERE / "data" / "pii_chat_check.jsonl"}

LONG_TAIL = "Please forward the signed contract to Maria Gonzalez at maria.gonzalez@example.org or call +1 415 555 0132."


def long_text_check(classifier: Classifier) -> dict:
    """A 100,000-character text whose only PII sits in its last sentence: is it found, at the right offsets?"""
    filler = "The quarterly report covers revenue, costs and the outlook for the next period. "
    text = (filler * (100_000 // len(filler) + 1))[: 100_000 - len(LONG_TAIL) - 1] + " " + LONG_TAIL
    started = time.perf_counter()
    entities = classifier.predict([text])[0].to_dict()["entities"]
    base = len(text) - len(LONG_TAIL)
    expected = {("EMAIL_ADDRESS", "maria.gonzalez@example.org"), ("PERSON", "Maria Gonzalez"), ("PHONE_NUMBER", "+1 415 555 0132")}
    found = {(e["label"], e["text"]) for e in entities if e["start"] >= base}
    return {"chars": len(text), "seconds": round(time.perf_counter() - started, 1), "expected": sorted(map(list, expected)),
            "found_in_tail": sorted(map(list, found)), "all_found": expected <= found,
            "entities_in_filler": sum(e["start"] < base for e in entities)}


def _brief(report: dict) -> dict:
    keys = ("precision", "recall", "f1", "false_positive_count")
    return {**{k: report[k] for k in keys}, "per_type_f1": {t: round(s["f1"], 4) for t, s in report["per_type"].items() if s["support"] or s["fp"]}}


def presidio_scores(eval_sets: dict[str, list[dict]], types: list[str]) -> dict:
    try:
        from presidio_baseline import PresidioBaseline
    except ImportError:  # pragma: no cover - run from elsewhere
        from benchmarks.presidio_baseline import PresidioBaseline
    try:
        baseline = PresidioBaseline()
    except RuntimeError as exc:
        logger.warning("Presidio baseline skipped: %s", exc)
        return {"skipped": str(exc)}
    out: dict = {"train_seconds": 0.0}
    for name, rows in eval_sets.items():
        texts = [r["text"] for r in rows]
        predicted = baseline.predict(texts)
        out[name] = _brief(entity_report(texts, [r["spans"] for r in rows], predicted, types))
    return out


def run_token_benchmark(task, args, data, options, base: dict, output: Path) -> dict:
    checks = dict(DEFAULT_CHECKS)
    for item in args.check:
        name, _, path = item.partition("=")
        checks[name] = Path(path)
    eval_sets = {"test": data.test}
    for name, path in checks.items():
        rows = [{"id": r.get("id", str(i)), "text": r["text"], "spans": r["spans"]} for i, r in enumerate(read_records(path))]
        task.validate_rows(rows, str(path))
        eval_sets[name] = rows
    types = list(task.entity_types)
    results: dict = {"task": task.name, "rows": {"train": len(data.train), **{k: len(v) for k, v in eval_sets.items()}}}
    results["presidio_analyzer"] = presidio_scores(eval_sets, types)

    for method in args.methods:
        out, metadata, entry = train_method(task.name, method, args, base, options, output)
        classifier = load(out)
        test_report = json.loads((out / "eval" / "test.json").read_text())
        entry.update(entity_threshold=metadata.get("entity_threshold"), test=_brief(test_report["entities"]),
                     test_tokens=test_report["tokens"])
        for name in checks:
            entry[name] = _brief(evaluate_token_rows(classifier, eval_sets[name],
                                                     predictions_path=output / f"{task.name}-{method}-{name}_predictions.jsonl")["entities"])
        entry["long_text"] = long_text_check(classifier)
        size_file = "adapter_model.safetensors" if method == "lora" else "model.safetensors"
        entry["weights_bytes"] = sum(p.stat().st_size for p in out.glob(size_file))
        results[f"routerkit_{method}"] = entry
    return results


def token_table(results: dict, checks: list[str]) -> str:
    models = [k for k in results if k not in ("task", "rows") and "skipped" not in results[k]]
    header = ["model", "test entity P", "test entity R", "test entity F1"]
    header += [f"{c} {m}" for c in checks for m in ("P", "R", "F1")] + ["train time (s)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in models:
        e = results[name]
        cells = [name] + [f"{e['test'][k]:.4f}" for k in ("precision", "recall", "f1")]
        cells += [f"{e[c][k]:.4f}" for c in checks for k in ("precision", "recall", "f1")] + [str(e["train_seconds"])]
        lines.append("| " + " | ".join(cells) + " |")
    types = sorted({t for name in models for t in results[name]["test"]["per_type_f1"]})
    lines += ["", "Per-type test F1:", "", "| type | " + " | ".join(models) + " |", "|---|" + "---|" * len(models)]
    for t in types:
        lines.append(f"| {t} | " + " | ".join(_cell(results[m]["test"]["per_type_f1"].get(t)) for m in models) + " |")
    return "\n".join(lines) + f"\n\nrows: {results['rows']}"


def _cell(value) -> str:
    return "–" if value is None else f"{value:.4f}"
