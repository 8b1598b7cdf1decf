"""Would averaging models help? Weighted probability averages of trained sequence models (and,
with ``--tfidf``, the benchmark's TF-IDF + linear SVM trained on the same rows), weights chosen on
the validation split, then scored once on the test split.

    python benchmarks/ensemble_check.py runs/bench-cat-lr15/category-full runs/bench-cat-lora-lr15/category-lora \
        --data-dir ../shared/data --tfidf

Reads each model's ``eval/{validation,test}_predictions.jsonl`` (written by training); nothing is
retrained except the TF-IDF baseline. A check for the README's "what did not help" list, not a
routerkit feature: a router would pay for every member on every request.
"""

from __future__ import annotations

import argparse
import itertools
import logging
from pathlib import Path

import numpy as np
from scipy.special import softmax

from routerkit.artifacts import read_metadata
from routerkit.config import build_config
from routerkit.data.io import read_records
from routerkit.tasks import DataOptions, get_task
from routerkit.training.rows import load_task_data, prepare_train_rows

from common import fit_tfidf_svm

SPLITS = ("validation", "test")


def model_probabilities(model_dir: Path, labels: list[str]) -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
    """split -> (row ids, gold label indices, probabilities in ``labels`` order)."""
    out = {}
    for split in SPLITS:
        rows = read_records(model_dir / "eval" / f"{split}_predictions.jsonl")
        gold = np.array([labels.index(r["label"]) for r in rows])
        out[split] = ([r["id"] for r in rows], gold, np.array([[r["probabilities"][label] for label in labels] for r in rows]))
    return out


def tfidf_scores(model_dir: Path, data_dir: Path, labels: list[str], ids: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """SVM decision scores of the benchmark's TF-IDF baseline, trained on the model's own training rows."""
    metadata = read_metadata(model_dir)
    task = get_task(metadata["task"])
    data = load_task_data(task, DataOptions(data_dir=data_dir))
    splits = {split: data.split(split) for split in SPLITS}
    for split, rows in splits.items():
        if [str(r["id"]) for r in rows] != [str(i) for i in ids[split]]:
            raise SystemExit(f"{data_dir}: the {split} split is not the one {model_dir} was evaluated on")
    vectorizer, classifier = fit_tfidf_svm(prepare_train_rows(task, build_config(**metadata["config"]), data.train))
    order = [list(classifier.classes_).index(label) for label in labels]
    return {split: classifier.decision_function(vectorizer.transform([r["text"] for r in rows]))[:, order]
            for split, rows in splits.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dirs", nargs="+", type=Path)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--tfidf", action="store_true", help="add the TF-IDF + linear SVM baseline as a member")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    labels = list(read_metadata(args.model_dirs[0])["labels"])
    members = {str(d): model_probabilities(d, labels) for d in args.model_dirs}
    ids = {split: members[str(args.model_dirs[0])][split][0] for split in SPLITS}
    gold = {split: members[str(args.model_dirs[0])][split][1] for split in SPLITS}
    for name, per_split in members.items():
        if any(per_split[split][0] != ids[split] for split in SPLITS):
            raise SystemExit(f"{name}: its prediction rows differ from {args.model_dirs[0]}'s (not the same splits)")
    probabilities = {name: {split: per_split[split][2] for split in SPLITS} for name, per_split in members.items()}
    temperatures: tuple[float | None, ...] = (None,)
    if args.tfidf:
        scores = tfidf_scores(args.model_dirs[0], args.data_dir, labels, ids)
        temperatures = (0.1, 0.2, 0.3, 0.5)

    def accuracy(p: np.ndarray, split: str) -> float:
        return float((p.argmax(axis=1) == gold[split]).mean())

    for name in probabilities:
        print(f"{name}: validation {accuracy(probabilities[name]['validation'], 'validation'):.4f}, "
              f"test {accuracy(probabilities[name]['test'], 'test'):.4f}")
    best = None
    n = len(probabilities) + (1 if args.tfidf else 0)
    for temperature in temperatures:
        pool = dict(probabilities)
        if temperature is not None:
            pool["tfidf_svm"] = {split: softmax(scores[split] / temperature, axis=1) for split in SPLITS}
        for weights in itertools.product(range(11), repeat=n):
            if sum(weights) != 10 or max(weights) == 10:
                continue  # the simplex in steps of 0.1, at least two members
            mix = {split: sum(w / 10 * pool[name][split] for w, name in zip(weights, pool)) for split in SPLITS}
            validation = accuracy(mix["validation"], "validation")
            if best is None or validation > best[0]:
                best = (validation, accuracy(mix["test"], "test"), dict(zip(pool, (w / 10 for w in weights))), temperature)
    assert best is not None
    print(f"ensemble chosen on validation: weights {best[2]}" + (f", TF-IDF temperature {best[3]}" if best[3] else "")
          + f"; validation {best[0]:.4f}, test {best[1]:.4f}")


if __name__ == "__main__":
    main()
