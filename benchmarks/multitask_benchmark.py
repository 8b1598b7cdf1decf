"""Benchmark the multi-task model against the four single-task models, in one run.

    python benchmarks/multitask_benchmark.py --data-dir ../shared/data --output runs/bench-multitask \\
        [--multitask DIR] [--single category=DIR,pii=DIR,...] [multi-task training flags]

* trains the multi-task model (or reads ``--multitask DIR``) and each single-task model with its
  benchmarked recipe (README "Measured results"; or reads ``--single TASK=DIR``);
* prints one table: each task's test score, multi-task head next to its single-task model (category
  accuracy, PII entity F1, jailbreak ROC-AUC and recall at 1 % FPR, intent macro F1), as each model's
  own training evaluated it on the test split SPLITS.md fixes;
* the training wall time of the multi-task run next to the sum of the single-task runs;
* latency on PyTorch, measured here side by side: all four signals from one multi-task pass vs the
  four single-task models one after another, on the same texts (a seeded sample of the four test
  splits), one query at a time and in batches of 32, runs interleaved.

Results: a Markdown table on stdout and OUTPUT/benchmark.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import time
from pathlib import Path

from routerkit.artifacts import read_metadata, write_json
from routerkit.config import MultiTaskConfig, build_config
from routerkit.inference.engine import load
from routerkit.tasks import DataOptions, get_task
from routerkit.training.multitask import train_multitask
from routerkit.training.rows import load_task_data
from routerkit.training.trainer import train

logger = logging.getLogger("benchmark")

#: the figures compared, per task: (metric key in the test summary, name shown)
SCORES = {"category": [("accuracy", "accuracy")], "pii": [("entity_f1", "entity F1")],
          "jailbreak": [("roc_auc", "ROC-AUC"), ("recall_at_1pct_fpr", "recall @ 1% FPR")],
          # intent's test split has no `communication` row: one stray prediction of it averages in an F1 of 0;
          # the macro F1 over the gold labels (from the test report) leaves that out
          "intent": [("macro_f1", "macro F1"), ("macro_f1_gold_labels", "macro F1 over gold labels")]}


def parse_pairs(text: str | None) -> dict[str, Path]:
    pairs = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        task, _, path = part.partition("=")
        pairs[task] = Path(path)
    return pairs


def single_models(args, tasks: list[str], options: DataOptions) -> dict[str, Path]:
    given = parse_pairs(args.single)
    out = {}
    for task in tasks:
        if task in given:
            out[task] = given[task]
            continue
        out[task] = args.output / f"single-{task}"
        logger.info("training the single-task %s model (its recipe: %s)", task, get_task(task).recipe)
        config = build_config(task=task, backbone=args.backbone, seed=args.seed, method=args.method)
        train(config, options, out[task], overwrite=True)
    return out


def multitask_model(args, options: DataOptions) -> Path:
    if args.multitask:
        return args.multitask
    out = args.output / "multitask"
    values = {k: getattr(args, k) for k in ("backbone", "seed", "method", "sampler", "sampler_temperature", "learning_rate",
                                            "max_steps", "epochs", "eval_steps", "batch_size", "max_length") if getattr(args, k) is not None}
    if args.tasks:
        values["tasks"] = args.tasks
    if args.oversample:
        values["oversample"] = args.oversample
    if args.eval_steps:
        values["eval_strategy"] = "steps"
    train_multitask(build_config(MultiTaskConfig, **values), options, out, overwrite=True)
    return out


def test_score(model_dir: Path, metadata: dict, head: str | None, key: str):
    """A test figure from the metadata's summary, else from the test report training wrote (``eval/[head/]test.json``)."""
    summary = (metadata["metrics"][head] if head else metadata["metrics"])["test"]
    if key in summary:
        return summary[key]
    report = model_dir / "eval" / (head or "") / "test.json"
    return json.loads(report.read_text()).get(key) if report.is_file() else None


def score_table(multi_dir: Path, multi: dict, single_dirs: dict[str, Path], singles: dict[str, dict]) -> list[dict]:
    rows = []
    for task, single in singles.items():
        for key, name in SCORES[task]:
            m = test_score(multi_dir, multi, task, key)
            s = test_score(single_dirs[task], single, None, key)
            rows.append({"task": task, "metric": name, "multitask": m, "single": s,
                         "delta_points": None if m is None or s is None else round(100 * (m - s), 2)})
    return rows


def sample_texts(tasks: list[str], options: DataOptions, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for task in tasks:
        rows = load_task_data(get_task(task), options).test
        texts += [r["text"] for r in rng.sample(rows, min(n, len(rows)))]
    rng.shuffle(texts)
    return texts


BASELINE = "four single-task models (PyTorch)"


def latency(candidates: dict[str, list], texts: list[str], batch: int, repeats: int) -> dict:
    """Median ms per call of each candidate (a list of classifiers run one after another on the same
    texts), runs interleaved; speed-up against the four single-task PyTorch models."""
    groups = [texts[i : i + batch] for i in range(0, len(texts) - batch + 1, batch)] if batch > 1 else [[t] for t in texts]
    if not groups:
        raise SystemExit(f"{len(texts)} texts sampled: fewer than a batch of {batch} (raise --latency-texts)")
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for group in groups[:2]:  # warm-up
        for models in candidates.values():
            for model in models:
                model.predict(group, batch_size=batch)
    for _ in range(repeats):
        for group in groups:
            for name, models in candidates.items():
                started = time.perf_counter()
                for model in models:
                    model.predict(group, batch_size=batch)
                times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {"calls": len(groups) * repeats, "texts_per_call": batch,
            "median_ms": {name: round(1000 * m, 2) for name, m in medians.items()},
            "speedup_vs_four_single_torch": {name: round(medians[BASELINE] / m, 2) for name, m in medians.items()}}


def engine_overhead(classifier, texts: list[str], repeats: int) -> dict:
    """One query at a time: the backend's own time next to the whole ``predict`` (tokenising, windows, decoding)."""
    backend, total = [], []
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            windows = classifier.windower([text], all_windows=True, offsets=True)
            tokenised = time.perf_counter()
            classifier.backend.run(windows.inputs)
            backend.append(time.perf_counter() - tokenised)
            started = time.perf_counter()
            classifier.predict([text])
            total.append(time.perf_counter() - started)
    b, t = statistics.median(backend), statistics.median(total)
    return {"backend_ms": round(1000 * b, 3), "predict_ms": round(1000 * t, 3), "overhead_ms": round(1000 * (t - b), 3),
            "overhead_share": round((t - b) / t, 3)}


def onnx_exports(multi_dir: Path, output: Path, parity_rows: int) -> dict[str, Path]:
    from routerkit.export.exporter import export

    out = {}
    for fmt in ("onnx", "onnx-int8"):
        out[fmt] = output / f"multitask-{fmt}"
        record = export(multi_dir, out[fmt], fmt, overwrite=True, parity_rows=parity_rows)
        for line in record["summary"]:
            logger.info("%s", line)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--multitask", type=Path, help="a trained multi-task model directory (default: train one)")
    parser.add_argument("--single", help="TASK=DIR[,TASK=DIR...]: trained single-task models (default: train each task's recipe)")
    parser.add_argument("--tasks", help="multi-task training: tasks (default all four)")
    parser.add_argument("--backbone", default="all-MiniLM-L6-v2")
    parser.add_argument("--method", default="full", choices=["full", "lora"])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sampler", choices=["proportional", "round_robin", "temperature"])
    parser.add_argument("--sampler-temperature", type=float)
    parser.add_argument("--learning-rate", type=float)
    parser.add_argument("--max-steps", type=int)
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--eval-steps", type=int)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--max-length", type=int)
    parser.add_argument("--oversample", help="SOURCE=N[,...] for the multi-task run (e.g. presidio_research=3)")
    parser.add_argument("--latency-texts", type=int, default=16, help="test texts sampled per task for the latency runs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-onnx", dest="onnx", action="store_false",
                        help="skip the ONNX fp32 / int8 exports of the multi-task model and their latency")
    parser.add_argument("--parity-rows", type=int, default=300, help="validation rows per head for the exports' parity check")
    parser.add_argument("--onnx-spin", action="store_true",
                        help="ONNX Runtime pool threads spin while idle (its default); off here by default, because the "
                             "candidates run interleaved in one process and spinning threads of an idle session take "
                             "the cores from the one being timed")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    options = DataOptions(data_dir=args.data_dir)
    args.output.mkdir(parents=True, exist_ok=True)

    multi_dir = multitask_model(args, options)
    multi = read_metadata(multi_dir)
    tasks = list(multi["heads"])
    single_dirs = single_models(args, tasks, options)
    singles = {task: read_metadata(path) for task, path in single_dirs.items()}
    scores = score_table(multi_dir, multi, single_dirs, singles)
    timing = {"multitask_train_seconds": multi["training"]["seconds"], "multitask_steps": multi["training"]["steps"],
              "single_train_seconds": {t: m["training"]["seconds"] for t, m in singles.items()},
              "single_steps": {t: m["training"]["steps"] for t, m in singles.items()}}
    timing["single_train_seconds_sum"] = round(sum(timing["single_train_seconds"].values()), 1)

    texts = sample_texts(tasks, options, args.latency_texts, args.seed)
    candidates = {BASELINE: [load(single_dirs[t], "torch") for t in tasks], "multi-task (PyTorch)": [load(multi_dir, "torch")]}
    exports = {}
    if args.onnx:
        exports = onnx_exports(multi_dir, args.output, args.parity_rows)
        candidates["multi-task (ONNX fp32)"] = [load(exports["onnx"], spin=args.onnx_spin)]
        candidates["multi-task (ONNX int8)"] = [load(exports["onnx-int8"], spin=args.onnx_spin)]
    import torch

    speed = {"torch_threads": torch.get_num_threads(), "onnx_spin": args.onnx_spin, "texts": len(texts),
             "single_query": latency(candidates, texts, 1, args.repeats),
             "batch_32": latency(candidates, texts, 32, args.repeats * 4),
             "engine_overhead_single_query": {name: engine_overhead(models[0], texts, 1)
                                              for name, models in candidates.items() if len(models) == 1}}
    if exports:
        speed["exports"] = {fmt: {"model_onnx_mb": round((path / "model.onnx").stat().st_size / 1e6, 1),
                                  "parity": {h: {k: v for k, v in e.items() if k != "metrics"} | {"metrics": e["metrics"]}
                                             for h, e in json.loads((path / "parity.json").read_text())["heads"].items()}}
                            for fmt, path in exports.items()}
    result = {"multitask": str(multi_dir), "single": {t: str(p) for t, p in single_dirs.items()}, "scores": scores,
              "training": timing, "latency": speed, "multitask_config": multi.get("config"), "sampler": multi.get("sampler")}
    write_json(args.output / "benchmark.json", result)

    print("| task | metric | multi-task head | single-task model | Δ (points) |")
    print("|---|---|---|---|---|")
    for row in scores:
        delta = "n/a" if row["delta_points"] is None else f"{row['delta_points']:+.2f}"
        print(f"| {row['task']} | {row['metric']} | {_fmt(row['multitask'])} | {_fmt(row['single'])} | {delta} |")
    print(f"\ntraining: multi-task {timing['multitask_train_seconds']:.0f} s ({timing['multitask_steps']} steps); "
          f"single-task sum {timing['single_train_seconds_sum']:.0f} s ({timing['single_train_seconds']})")
    print(f"\nlatency (median ms per call, {speed['torch_threads']} PyTorch threads, ONNX Runtime on every CPU, "
          f"{'spinning' if args.onnx_spin else 'sleeping'} pool threads; "
          f"speed-up against the four single-task PyTorch models in sequence):\n")
    print("| | single query | speed-up | batch of 32 | speed-up |")
    print("|---|---|---|---|---|")
    one, many = speed["single_query"], speed["batch_32"]
    for name in one["median_ms"]:
        print(f"| {name} | {one['median_ms'][name]:.1f} | x{one['speedup_vs_four_single_torch'][name]:.2f} | "
              f"{many['median_ms'][name]:.1f} | x{many['speedup_vs_four_single_torch'][name]:.2f} |")
    for name, entry in speed["engine_overhead_single_query"].items():
        print(f"engine overhead, {name}, one query: backend {entry['backend_ms']:.2f} ms of {entry['predict_ms']:.2f} ms "
              f"(tokenising, windows, decoding: {entry['overhead_share']:.0%})")
    for fmt, entry in speed.get("exports", {}).items():
        print(f"{fmt}: model.onnx {entry['model_onnx_mb']} MB; parity "
              + "; ".join(f"{h} max |Δlogit| {e['max_abs_logit_diff']:.2e}, agreement {e.get('argmax_agreement', e.get('tag_agreement')):.4f}"
                          for h, e in entry["parity"].items()))
    print(f"\nfull results: {args.output / 'benchmark.json'}")


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"


if __name__ == "__main__":
    main()
