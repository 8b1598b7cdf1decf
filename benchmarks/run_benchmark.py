"""Benchmark a task: routerkit fine-tuning vs baselines trained and scored on the same rows, in one run.

Sequence tasks: a TF-IDF + linear SVM baseline (detectors such as jailbreak: TF-IDF character n-grams +
logistic regression, and a keyword/regex rule list, with ROC/PR, recall at FPR, xstest FPR and the
suffix attack). Token tasks (pii): Microsoft Presidio's analyzer (``pip install -e ".[baselines]"``),
see token_benchmark.py.

    python benchmarks/run_benchmark.py TASK --data-dir ../shared/data [--methods full lora] [--learning-rate 5e-5 ...]

Both models train on exactly the same rows (the task's train split after leakage filtering and
augmentation) and are scored on the test split fixed by SPLITS.md, plus any independent check sets
(``--check NAME=FILE``; for ``category`` and ``intent`` by default the hand-written chat-style
requests in benchmarks/data/{category,intent}_chat_check.jsonl, never trained on). Results: a
Markdown table on stdout and OUTPUT/benchmark.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from routerkit.config import build_config
from routerkit.data.io import read_records
from routerkit.evaluation.metrics import classification_report
from routerkit.inference.engine import load
from routerkit.tasks import DataOptions, get_task
from routerkit.training.head_evaluation import evaluate_head_rows
from routerkit.training.rows import load_task_data, prepare_train_rows

from common import fit_tfidf_svm, train_method

logger = logging.getLogger("benchmark")
HERE = Path(__file__).resolve().parent
DEFAULT_CHECKS = {"category": {"chat_check": HERE / "data" / "category_chat_check.jsonl"},
                  "intent": {"chat_check": HERE / "data" / "intent_chat_check.jsonl"}}


def tfidf_baseline(train_rows, eval_sets, labels):
    started = time.perf_counter()
    vectorizer, classifier = fit_tfidf_svm(train_rows)
    seconds = time.perf_counter() - started
    results = {}
    order = [list(classifier.classes_).index(label) for label in labels]
    for name, rows in eval_sets.items():
        scores = classifier.decision_function(vectorizer.transform([r["text"] for r in rows]))[:, order]
        probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        predicted = [labels[i] for i in scores.argmax(axis=1)]
        results[name] = classification_report([r["label"] for r in rows], predicted, probabilities, labels)
    return seconds, results


#: A keyword/regex rule list of the kind a router team writes first (the "rules" baseline).
JAILBREAK_RULES = (
    r"ignore (all |any )?(the )?(previous|prior|above) (instructions|prompts|rules)", r"\bDAN\b", r"do anything now",
    r"developer mode", r"jailbr(oken|eak)", r"no (restrictions|limits|filters|guidelines|rules)",
    r"(without|ignore|bypass)( any| all| your)? (ethical|moral|safety|content) (guidelines|restrictions|filters|policies)",
    r"stay in character", r"(never|don't|do not) refuse", r"unfiltered|uncensored", r"system prompt",
    r"pretend (to be|you are)", r"act as (an? )?(ai|chatbot|assistant) (that|which|with|without)",
    r"opposite mode|evil (twin|confidant)|\bAIM\b", r"hypothetical(ly)?", r"begin (your )?(reply|response) with",
    r"sure,? here is", r"[!\[\]{}()\\|]{3,}",
)


def _detector_scores(rows, score_fn, threshold, robustness=True):
    from routerkit.evaluation.detector import detector_report, suffix_attack

    positive = np.array([r["label"] == "jailbreak" for r in rows])
    report = detector_report(positive, score_fn([r["text"] for r in rows]), threshold, [r.get("source", "?") for r in rows])
    if robustness:
        report["suffix_attack"] = suffix_attack(score_fn, [r["text"] for r, p in zip(rows, positive) if p], threshold)
    report.pop("roc_curve", None)
    return report


def detector_baselines(train_rows, validation, test, target_fpr):
    """TF-IDF char n-grams + logistic regression (threshold for target_fpr on validation) and keyword rules."""
    import re

    from sklearn.linear_model import LogisticRegression

    from routerkit.evaluation.detector import threshold_for_fpr

    out = {}
    started = time.perf_counter()
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, max_features=300_000)
    features = vectorizer.fit_transform([r["text"] for r in train_rows])
    model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(features, [r["label"] == "jailbreak" for r in train_rows])
    seconds = time.perf_counter() - started

    def tfidf_score(texts):
        return model.predict_proba(vectorizer.transform(texts))[:, 1]

    val_positive = np.array([r["label"] == "jailbreak" for r in validation])
    threshold = threshold_for_fpr(val_positive, tfidf_score([r["text"] for r in validation]), target_fpr)
    out["tfidf_char_lr"] = {"train_seconds": round(seconds, 1), "test": _detector_scores(test, tfidf_score, threshold)}

    patterns = [re.compile(p, re.IGNORECASE) for p in JAILBREAK_RULES]

    def rule_score(texts):  # number of rules that fire, squashed into [0, 1)
        return np.array([sum(bool(p.search(t)) for p in patterns) for t in texts], dtype=float) / (len(patterns) + 1)

    out["keyword_rules"] = {"train_seconds": 0.0, "test": _detector_scores(test, rule_score, 1 / (len(patterns) + 1))}
    return out


def directory_size(path: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in path.glob(pattern))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", help="category, intent, jailbreak or pii")
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--output", type=Path, help="default: runs/benchmark-TASK")
    parser.add_argument("--methods", nargs="+", default=["full"], choices=["full", "lora"])
    parser.add_argument("--check", action="append", default=[], metavar="NAME=FILE",
                        help="extra labelled JSONL (text, label) scored for every model; repeatable")
    parser.add_argument("--learning-rate", type=float)
    parser.add_argument("--lora-learning-rate", type=float, help="learning rate for the LoRA run (default: --learning-rate)")
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--max-length", type=int)
    parser.add_argument("--max-steps", type=int, default=-1)
    parser.add_argument("--eval-steps", type=int)
    parser.add_argument("--early-stopping-patience", type=int, help="evaluations without improvement before stopping; 0 disables")
    parser.add_argument("--max-train-rows", type=int)
    parser.add_argument("--lora-r", type=int)
    parser.add_argument("--lora-alpha", type=int)
    parser.add_argument("--class-weights", action=argparse.BooleanOptionalAction, default=None,
                        help="inverse-frequency loss weights (default: the task's default)")
    parser.add_argument("--seed", type=int, help="training seed (default: the config's, 42)")
    parser.add_argument("--oversample", metavar="SOURCE=N[,...]", help="repeat the training rows of a source N times")
    parser.add_argument("--bf16", action="store_true")
    parser.add_argument("--backbone", default="all-MiniLM-L6-v2")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    task = get_task(args.task)
    output = args.output or Path(f"runs/benchmark-{task.name}")
    options = DataOptions(data_dir=args.data_dir)
    overrides = {k: v for k, v in dict(learning_rate=args.learning_rate, epochs=args.epochs, batch_size=args.batch_size,
                                        max_length=args.max_length, max_train_rows=args.max_train_rows,
                                        eval_steps=args.eval_steps, early_stopping_patience=args.early_stopping_patience,
                                        lora_r=args.lora_r, lora_alpha=args.lora_alpha,
                                        oversample=args.oversample, seed=args.seed).items()
                 if v is not None}
    base = dict(task=task.name, backbone=args.backbone, max_steps=args.max_steps, bf16=args.bf16,
                **({"class_weights": args.class_weights} if args.class_weights is not None else {}), **overrides)
    data = load_task_data(task, options)
    if task.kind == "token":
        from token_benchmark import DEFAULT_CHECKS as TOKEN_CHECKS
        from token_benchmark import run_token_benchmark, token_table

        results = run_token_benchmark(task, args, data, options, base, output)
        output.mkdir(parents=True, exist_ok=True)
        (output / "benchmark.json").write_text(json.dumps(results, indent=2) + "\n")
        print(token_table(results, list(TOKEN_CHECKS) + [c.partition("=")[0] for c in args.check]))
        return
    checks = dict(DEFAULT_CHECKS.get(task.name, {}))
    for item in args.check:
        name, _, path = item.partition("=")
        checks[name] = Path(path)
    eval_sets = {"test": data.test}
    for name, path in checks.items():
        eval_sets[name] = [{"text": r["text"], "label": r["label"]} for r in read_records(path)]

    train_rows = prepare_train_rows(task, build_config(**base), data.train)
    results = {"task": task.name, "rows": {"train": len(train_rows), **{k: len(v) for k, v in eval_sets.items()}}}
    if task.positive_label:
        results.update(detector_baselines(train_rows, data.validation, data.test, task.target_fpr))
    else:
        tfidf_seconds, tfidf = tfidf_baseline(train_rows, eval_sets, list(task.labels))
        results["tfidf_svm"] = {"train_seconds": round(tfidf_seconds, 1), **{k: _brief(v) for k, v in tfidf.items()}}

    for method in args.methods:
        out, metadata, entry = train_method(task.name, method, args, base, options, output)
        classifier = load(out)
        entry["test"] = metadata["metrics"]["test"]
        if task.positive_label:
            detector = json.loads((out / "eval" / "test.json").read_text())["detector"]
            detector.pop("roc_curve", None)
            entry["test"] = detector
        for name in checks:
            entry[name] = _brief(evaluate_head_rows(classifier, task.name, eval_sets[name]))
        if method == "lora":
            entry["adapter_bytes"] = directory_size(out, "adapter_model.safetensors")
        else:
            entry["model_bytes"] = directory_size(out, "model.safetensors")
        results[f"routerkit_{method}"] = entry

    output.mkdir(parents=True, exist_ok=True)
    (output / "benchmark.json").write_text(json.dumps(results, indent=2) + "\n")
    print(detector_table(results) if task.positive_label else table(results, list(checks)))


def _brief(report: dict) -> dict:
    return {k: report[k] for k in ("rows", "accuracy", "weighted_f1", "macro_f1")}


def table(results: dict, checks: list[str]) -> str:
    header = ["model", "test accuracy", "test weighted F1", "test macro F1"]
    header += [f"{name} {metric}" for name in checks for metric in ("accuracy", "macro F1")] + ["train time (s)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, entry in results.items():
        if name in ("task", "rows"):
            continue
        cells = [name] + [f"{entry['test'][k]:.4f}" for k in ("accuracy", "weighted_f1", "macro_f1")]
        cells += [f"{entry[c][k]:.4f}" for c in checks for k in ("accuracy", "macro_f1")] + [str(entry["train_seconds"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\nrows: {results['rows']}"


def detector_table(results: dict) -> str:
    header = ["model", "ROC-AUC", "PR-AUC", "recall@1%FPR", "recall@5%FPR", "threshold", "F1@thr", "recall@thr",
              "FPR@thr", "xstest FPR", "alpaca_eval FPR", "suffix flips", "train time (s)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, entry in results.items():
        if name in ("task", "rows"):
            continue
        d = entry["test"]
        per = d.get("per_source", {})
        cells = [name] + [_f(d.get(k)) for k in ("roc_auc", "pr_auc", "recall_at_1pct_fpr", "recall_at_5pct_fpr", "threshold")]
        cells += [_f(d["at_threshold"][k]) for k in ("f1", "recall", "fpr")]
        cells += [_f(per.get(s, {}).get("flagged_rate")) for s in ("xstest_safe", "alpaca_eval")]
        cells += [_f((d.get("suffix_attack") or {}).get("flip_rate")), str(entry["train_seconds"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\nrows: {results['rows']}"


def _f(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"


if __name__ == "__main__":
    main()
