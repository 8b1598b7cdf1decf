"""Category benchmark: routerkit fine-tuning vs a TF-IDF + linear SVM baseline, in one run.

    python benchmarks/category_benchmark.py --data-dir ../shared/data [--methods full lora] [--learning-rate 5e-5 ...]

Both models train on exactly the same rows (the task's train split after leakage filtering and
augmentation) and are scored on the MMLU-Pro test split fixed by SPLITS.md, plus an independent
check of chat-style requests (benchmarks/data/category_chat_check.jsonl, written by hand, never
trained on). Results: a Markdown table on stdout and OUTPUT/benchmark.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from routerkit.config import build_config
from routerkit.data.io import read_records
from routerkit.evaluation.metrics import classification_report
from routerkit.inference.predictor import SequencePredictor
from routerkit.tasks import DataOptions, get_task
from routerkit.training.evaluate import evaluate_rows
from routerkit.training.trainer import load_task_data, prepare_train_rows, train

logger = logging.getLogger("benchmark")
HERE = Path(__file__).resolve().parent


def tfidf_baseline(train_rows, eval_sets, labels):
    started = time.perf_counter()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=200_000)
    features = vectorizer.fit_transform([r["text"] for r in train_rows])
    classifier = LinearSVC(C=0.5).fit(features, [r["label"] for r in train_rows])
    seconds = time.perf_counter() - started
    results = {}
    order = [list(classifier.classes_).index(label) for label in labels]
    for name, rows in eval_sets.items():
        scores = classifier.decision_function(vectorizer.transform([r["text"] for r in rows]))[:, order]
        probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        predicted = [labels[i] for i in scores.argmax(axis=1)]
        results[name] = classification_report([r["label"] for r in rows], predicted, probabilities, labels)
    return seconds, results


def directory_size(path: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in path.glob(pattern))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--output", type=Path, default=Path("runs/benchmark-category"))
    parser.add_argument("--methods", nargs="+", default=["full"], choices=["full", "lora"])
    parser.add_argument("--chat-check", type=Path, default=HERE / "data" / "category_chat_check.jsonl")
    parser.add_argument("--learning-rate", type=float)
    parser.add_argument("--lora-learning-rate", type=float, help="learning rate for the LoRA run (default: --learning-rate)")
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--max-length", type=int)
    parser.add_argument("--max-steps", type=int, default=-1)
    parser.add_argument("--eval-steps", type=int)
    parser.add_argument("--max-train-rows", type=int)
    parser.add_argument("--bf16", action="store_true")
    parser.add_argument("--backbone", default="all-MiniLM-L6-v2")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    task = get_task("category")
    options = DataOptions(data_dir=args.data_dir)
    overrides = {k: v for k, v in dict(learning_rate=args.learning_rate, epochs=args.epochs, batch_size=args.batch_size,
                                        max_length=args.max_length, max_train_rows=args.max_train_rows,
                                        eval_steps=args.eval_steps).items() if v is not None}
    base = dict(task="category", backbone=args.backbone, max_steps=args.max_steps, bf16=args.bf16, **overrides)
    data = load_task_data(task, options)
    chat_rows = [{"text": r["text"], "label": r["label"]} for r in read_records(args.chat_check)]
    eval_sets = {"test": data.test, "chat_check": chat_rows}

    train_rows = prepare_train_rows(task, build_config(**base), data.train)
    tfidf_seconds, tfidf = tfidf_baseline(train_rows, eval_sets, list(task.labels))
    results = {"rows": {"train": len(train_rows), "test": len(data.test), "chat_check": len(chat_rows)},
               "tfidf_svm": {"train_seconds": round(tfidf_seconds, 1), **{k: _brief(v) for k, v in tfidf.items()}}}

    for method in args.methods:
        config = dict(base, method=method)
        if method == "lora" and args.lora_learning_rate:
            config["learning_rate"] = args.lora_learning_rate
        out = args.output / f"category-{method}"
        started = time.perf_counter()
        metadata = train(build_config(**config), options, out, overwrite=True)
        wall = time.perf_counter() - started
        predictor = SequencePredictor.load(out)
        chat = evaluate_rows(predictor, chat_rows)
        entry = {"train_seconds": metadata["training"]["seconds"], "wall_seconds_incl_eval": round(wall, 1),
                 "steps": metadata["training"]["steps"], "epochs": metadata["training"]["epochs"],
                 "schedule": {k: v for k, v in metadata["schedule"].items() if k != "origin"},
                 "test": metadata["metrics"]["test"], "chat_check": _brief(chat)}
        if method == "lora":
            entry["adapter_bytes"] = directory_size(out, "adapter_model.safetensors")
        else:
            entry["model_bytes"] = directory_size(out, "model.safetensors")
        results[f"routerkit_{method}"] = entry

    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "benchmark.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


def _brief(report: dict) -> dict:
    return {k: report[k] for k in ("rows", "accuracy", "weighted_f1", "macro_f1")}


def table(results: dict) -> str:
    lines = ["| model | test accuracy | test weighted F1 | chat-check accuracy | chat-check macro F1 | train time (s) |",
             "|---|---|---|---|---|---|"]
    for name, entry in results.items():
        if name == "rows":
            continue
        lines.append(f"| {name} | {entry['test']['accuracy']:.4f} | {entry['test']['weighted_f1']:.4f} | "
                     f"{entry['chat_check']['accuracy']:.4f} | {entry['chat_check']['macro_f1']:.4f} | {entry['train_seconds']} |")
    return "\n".join(lines) + f"\n\nrows: {results['rows']}"


if __name__ == "__main__":
    main()
