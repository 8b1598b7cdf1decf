"""Which batch sampler for multi-task training: the same run with each sampler, judged on validation.

    python benchmarks/sampler_study.py --data-dir ../shared/data --output runs/sampler-study --max-steps 1500 \\
        [--samplers proportional,round_robin,temperature] [--temperature 2] [--learning-rate 8e-5]

Every run has the same seed, schedule and step budget; only the sampler differs. The table gives the
best validation combined score (the mean of the tasks' own metrics, what picks the checkpoint) and
each task's validation score at that checkpoint: the default sampler is chosen on validation rows
only (the test split is reported by the runs' own evaluation, never used to choose).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from routerkit.artifacts import write_json
from routerkit.config import MultiTaskConfig, build_config
from routerkit.tasks import DataOptions
from routerkit.training.multitask import COMBINED, train_multitask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--samplers", default="proportional,round_robin,temperature")
    parser.add_argument("--temperature", type=float, default=2.0)
    parser.add_argument("--max-steps", type=int, default=1500)
    parser.add_argument("--eval-steps", type=int, default=500)
    parser.add_argument("--learning-rate", type=float, default=8e-5)
    parser.add_argument("--oversample", default="presidio_research=3")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    results = {}
    for sampler in args.samplers.split(","):
        config = build_config(MultiTaskConfig, sampler=sampler, sampler_temperature=args.temperature, max_steps=args.max_steps,
                              eval_steps=args.eval_steps, eval_strategy="steps", learning_rate=args.learning_rate,
                              batch_size=16, oversample=args.oversample, seed=args.seed)
        metadata = train_multitask(config, DataOptions(data_dir=args.data_dir), args.output / sampler, overwrite=True)
        curve = metadata["training"]["validation_curve"]
        best = max(curve, key=lambda point: point[COMBINED])
        results[sampler] = {"best_validation": best, "curve": curve, "train_seconds": metadata["training"]["seconds"],
                            "batches_per_epoch": metadata["sampler"]["batches_per_epoch"]}
    write_json(args.output / "sampler_study.json", results)
    tasks = [k for k in next(iter(results.values()))["best_validation"] if k not in ("step", COMBINED)]
    print(f"| sampler | best validation {COMBINED} (step) | " + " | ".join(tasks) + " | batches per epoch |")
    print("|---|---|" + "---|" * len(tasks) + "---|")
    for sampler, r in results.items():
        b = r["best_validation"]
        print(f"| {sampler} | {b[COMBINED]:.4f} ({b['step']}) | " + " | ".join(f"{b[t]:.4f}" for t in tasks)
              + f" | {r['batches_per_epoch']} |")


if __name__ == "__main__":
    main()
