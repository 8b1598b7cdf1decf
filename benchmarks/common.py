"""What every benchmark does for each method: train through routerkit's trainer and time it."""

from __future__ import annotations

import time
from pathlib import Path

from routerkit.config import LORA_FIELDS, build_config
from routerkit.training.trainer import train


def fit_tfidf_svm(train_rows: list[dict]):
    """The benchmarks' TF-IDF (word 1-2-grams) + linear SVM baseline; returns (vectorizer, classifier)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=200_000)
    classifier = LinearSVC(C=0.5).fit(vectorizer.fit_transform([r["text"] for r in train_rows]), [r["label"] for r in train_rows])
    return vectorizer, classifier


def train_method(task_name: str, method: str, args, base: dict, options, output: Path) -> tuple[Path, dict, dict]:
    """Train ``method`` (full / lora) into ``output/<task>-<method>``; returns (directory, metadata, timing entry)."""
    # LoRA's options go to the LoRA run only (a full fine-tune refuses them)
    config = {k: v for k, v in dict(base, method=method).items() if method == "lora" or k not in LORA_FIELDS}
    if method == "lora" and args.lora_learning_rate:
        config["learning_rate"] = args.lora_learning_rate
    out = output / f"{task_name}-{method}"
    started = time.perf_counter()
    metadata = train(build_config(**config), options, out, overwrite=True)
    entry = {"train_seconds": metadata["training"]["seconds"], "wall_seconds_incl_eval": round(time.perf_counter() - started, 1),
             "steps": metadata["training"]["steps"], "epochs": metadata["training"]["epochs"],
             "schedule": {k: v for k, v in metadata["schedule"].items() if k != "origin"}}
    return out, metadata, entry
