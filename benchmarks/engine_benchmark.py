"""Inference speed of routerkit models on PyTorch eager, ONNX Runtime fp32 and ONNX Runtime int8, in one run.

    python benchmarks/engine_benchmark.py runs/category runs/pii ... --output runs/bench-engine [--threads 2]

For each model it exports ONNX fp32 and int8 (``routerkit export``; reused when OUTPUT already holds
them, unless ``--fresh``), then measures, with the backends interleaved round by round so that a noisy
machine slows all of them alike:

* single-query latency (p50 / p95, ms) of ``predict([text])`` for a short (~20 tokens) and a medium
  (~200 tokens) prompt, and the share of it spent outside the backend (tokenising, windows, decoding);
* batch-32 throughput (texts / s) of 32 short prompts;
* size on disk of the weights;
* the batching spread: each of the model's validation texts scored alone and inside batches of 32
  texts of other lengths, max |Δprobability| and how many decisions (labels / entities) change;
* with ``--ort-sweep``: ONNX Runtime threads x graph-optimisation level on the int8 short query;
* with ``--isolated``: the short query on each backend with no other classifier loaded (ONNX Runtime's
  idle pool threads of other sessions spin and take the cores; this measures one model as a
  one-model process runs it).

Also: the single-task models one after another for one query (the latency a router pays today for
all its signals), per backend. Markdown on stdout and in OUTPUT/engine.md, JSON in OUTPUT/engine.json.
Speed claims are ratios measured in this one run; absolute times vary from machine to machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import numpy as np
import torch

from routerkit import load
from routerkit.export.exporter import export, parity_rows_for

logger = logging.getLogger("engine-benchmark")

SHORT = "Can you explain how photosynthesis converts sunlight into chemical energy in plants?"  # ~20 tokens
MEDIUM = ("I am preparing a lecture for first-year students and need a clear explanation of the main causes "
          "of the French Revolution, including the fiscal crisis of the monarchy, the influence of Enlightenment "
          "ideas on the educated classes, the rigid social order of the three estates, poor harvests and rising "
          "bread prices in the late 1780s, and the political deadlock at the Estates-General in 1789. Please also "
          "mention how the storming of the Bastille and the Declaration of the Rights of Man changed the course "
          "of events, and suggest two primary sources that students could read to understand the period better, "
          "with a short note on why each one is useful for a beginner who has never studied European history.")
#: onnx-int8 runs each window alone (routerkit's default for dynamically quantised graphs: batch-independent
#: scores); onnx-int8-batched runs padded batches, shown for its throughput and its batching spread
BACKENDS = ("torch", "onnx-fp32", "onnx-int8", "onnx-int8-batched")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q))


def time_calls(call, n: int, warmup: int = 0) -> list[float]:
    """Seconds of each of ``n`` calls of ``call()``, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        call()
    seconds = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def exports_for(model_dir: Path, output: Path, fresh: bool) -> dict[str, Path]:
    paths = {"torch": model_dir}
    for fmt, name in (("onnx", "onnx-fp32"), ("onnx-int8", "onnx-int8")):
        target = output / "exports" / f"{model_dir.name}-{fmt}"
        if fresh or not (target / "model.onnx").is_file():
            export(model_dir, target, fmt, overwrite=True)
        paths[name] = target
    paths["onnx-int8-batched"] = paths["onnx-int8"]
    return paths


def weights_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir() if p.name in ("model.onnx", "model.safetensors", "adapter_model.safetensors"))


def backend_seconds(classifier, text: str) -> float:
    """The backend call alone on the already-made windows of ``text``."""
    spec = list(classifier.heads.values())
    windows = classifier.windower([text], all_windows=any(not s.is_sequence or s.window_rule != "first" for s in spec),
                                  offsets=any(not s.is_sequence for s in spec))
    started = time.perf_counter()
    classifier.backend.run(windows.chunk(0, len(windows)))
    return time.perf_counter() - started


def settle(classifier) -> None:
    """Before timing a classifier: let the previous one's ONNX Runtime pool threads stop spinning, warm up."""
    time.sleep(0.05)
    for _ in range(2):
        classifier.predict([SHORT])


def measure(classifiers: dict[str, dict], rounds: int, per_round: int, batch_rounds: int) -> dict:
    """classifiers[model][backend] -> timings, interleaved: round r times every (model, backend) in turn."""
    batch = [SHORT] * 32
    timings = {m: {b: {"short": [], "medium": [], "short_backend": [], "batch32": []} for b in bs} for m, bs in classifiers.items()}
    for m, bs in classifiers.items():  # warm-up: first calls allocate
        for c in bs.values():
            for _ in range(3):
                c.predict([SHORT])
                c.predict([MEDIUM])
            c.predict(batch, batch_size=32)
    for r in range(rounds):
        for m, bs in classifiers.items():
            for b, c in bs.items():
                t = timings[m][b]
                settle(c)
                for _ in range(per_round):
                    for key, text in (("short", SHORT), ("medium", MEDIUM)):
                        t[key] += time_calls(lambda: c.predict([text]), 1)
                    t["short_backend"].append(backend_seconds(c, SHORT))
                if r < batch_rounds:
                    t["batch32"] += time_calls(lambda: c.predict(batch, batch_size=32), 1)
    out = {}
    for m, bs in timings.items():
        out[m] = {}
        for b, t in bs.items():
            p50_short = percentile(t["short"], 50)
            out[m][b] = {"short_p50_ms": p50_short, "short_p95_ms": percentile(t["short"], 95),
                         "medium_p50_ms": percentile(t["medium"], 50), "medium_p95_ms": percentile(t["medium"], 95),
                         "short_backend_p50_ms": percentile(t["short_backend"], 50),
                         "engine_overhead_share": 1 - percentile(t["short_backend"], 50) / p50_short,
                         "batch32_texts_per_s": 32 / float(np.median(t["batch32"])),
                         "samples": len(t["short"])}
    return out


def sequential(classifiers: dict[str, dict], rounds: int) -> dict[str, dict]:
    """Every model one after another on one short query, per backend (the all-signals latency)."""
    out = {}
    for b in classifiers[next(iter(classifiers))]:
        chain = [bs[b] for bs in classifiers.values()]
        for c in chain:
            settle(c)
        seconds = time_calls(lambda: [c.predict([SHORT]) for c in chain], rounds)
        out[b] = {"models": len(chain), "short_p50_ms": percentile(seconds, 50), "short_p95_ms": percentile(seconds, 95)}
    return out


def batching_spread(classifiers: dict[str, object], texts: list[str]) -> dict:
    """Each text alone vs inside batches of 32 texts of other lengths: max |Δp| and changed decisions."""
    out = {}
    rng = np.random.default_rng(0)
    order = rng.permutation(len(texts))
    mixed = [texts[i] for i in order]  # neighbours of other lengths
    for b, c in classifiers.items():
        head = c.head
        alone = [p for text in mixed for p in c.predict([text])]
        together = c.predict(mixed, batch_size=32)
        if head.kind == "token":
            spans = lambda p: [(e.label, e.start, e.end) for e in p[head.name].entities]  # noqa: E731
            changed = sum(spans(a) != spans(t) for a, t in zip(alone, together))
            tokens_a = c.forward(mixed[:64], batch_size=1)[head.name]
            tokens_t = c.forward(mixed[:64], batch_size=32)[head.name]
            delta = max(float(np.abs(x[2] - y[2]).max()) for ta, tt in zip(tokens_a, tokens_t) for x, y in zip(ta, tt))
        else:
            def decision(p):
                r = p[head.name]
                return (r.label, getattr(r, "flagged", None))
            changed = sum(decision(a) != decision(t) for a, t in zip(alone, together))
            pa = np.array([[a[head.name].probabilities[label] for label in head.labels] for a in alone])
            pt = np.array([[t[head.name].probabilities[label] for label in head.labels] for t in together])
            delta = float(np.abs(pa - pt).max())
        out[b] = {"texts": len(mixed), "max_abs_prob_diff": delta, "decisions_changed": int(changed)}
    return out


def ort_sweep(int8_dir: Path, per: int) -> list[dict]:
    rows = []
    for threads in (1, 2, 4):
        for level in ("basic", "extended", "all"):
            c = load(int8_dir, "onnx", threads=threads, graph_optimization=level)
            seconds = time_calls(lambda: c.predict([SHORT]), per, warmup=5)
            batch = time_calls(lambda: c.predict([SHORT] * 32, batch_size=32), 5)
            rows.append({"threads": threads, "graph_optimization": level, "short_p50_ms": percentile(seconds, 50),
                         "batch32_texts_per_s": 32 / float(np.median(batch))})
    return rows


def isolated(paths: dict[str, dict], per: int, threads: int | None) -> dict:
    """Short-query p50 / p95 with one classifier alive at a time (no other ONNX Runtime session's pool
    threads competing for the cores); backends alternate per model."""
    import gc

    out = {}
    for name, p in paths.items():
        out[name] = {}
        for b in ("torch", "onnx-fp32", "onnx-int8"):
            c = load(p[b], "torch" if b == "torch" else "onnx", threads=threads)
            seconds = time_calls(lambda: c.predict([SHORT]), per, warmup=10)
            out[name][b] = {"short_p50_ms": percentile(seconds, 50), "short_p95_ms": percentile(seconds, 95)}
            del c
            gc.collect()
            time.sleep(0.2)
    return out


def markdown(result: dict) -> str:
    lines = [f"torch threads {result['torch_threads']}, ONNX Runtime threads {result['ort_threads']}", "",
             "| model | backend | size MB | short p50 ms | short p95 ms | medium p50 ms | medium p95 ms | batch-32 texts/s | "
             "engine overhead (short) | speed-up vs torch (short p50) |", "|" + "---|" * 10]
    for m, bs in result["latency"].items():
        base = bs["torch"]["short_p50_ms"]
        for b, e in bs.items():
            lines.append(f"| {m} | {b} | {result['sizes'][m][b] / 1e6:.1f} | {e['short_p50_ms']:.2f} | {e['short_p95_ms']:.2f} | "
                         f"{e['medium_p50_ms']:.2f} | {e['medium_p95_ms']:.2f} | {e['batch32_texts_per_s']:.0f} | "
                         f"{e['engine_overhead_share']:.0%} | ×{base / e['short_p50_ms']:.1f} |")
    seq = result["sequential"]
    lines += ["", f"All {seq['torch']['models']} models one after another, one short query (ONNX Runtime: default threads, "
              "and one thread per session):", "",
              "| backend | p50 ms | p95 ms | vs torch |", "|---|---|---|---|"]
    for b, e in seq.items():
        lines.append(f"| {b} | {e['short_p50_ms']:.2f} | {e['short_p95_ms']:.2f} | ×{seq['torch']['short_p50_ms'] / e['short_p50_ms']:.1f} |")
    lines += ["", "Batching spread (each validation text alone vs in batches of 32 of other lengths):", "",
              "| model | backend | texts | max abs Δp | decisions changed |", "|---|---|---|---|---|"]
    for m, bs in result["batching_spread"].items():
        for b, e in bs.items():
            lines.append(f"| {m} | {b} | {e['texts']} | {e['max_abs_prob_diff']:.2e} | {e['decisions_changed']} |")
    if result.get("isolated"):
        lines += ["", "One classifier alive at a time (no other session's threads), one short query:", "",
                  "| model | torch p50 ms | fp32 p50 ms | int8 p50 ms | int8 vs torch |", "|---|---|---|---|---|"]
        for m, e in result["isolated"].items():
            lines.append(f"| {m} | {e['torch']['short_p50_ms']:.2f} | {e['onnx-fp32']['short_p50_ms']:.2f} | "
                         f"{e['onnx-int8']['short_p50_ms']:.2f} | ×{e['torch']['short_p50_ms'] / e['onnx-int8']['short_p50_ms']:.1f} |")
    if result.get("ort_sweep"):
        lines += ["", "ONNX Runtime settings, int8, one short query:", "", "| threads | graph optimisation | p50 ms | batch-32 texts/s |",
                  "|---|---|---|---|"]
        for m, rows in result["ort_sweep"].items():
            for e in rows:
                lines.append(f"| {e['threads']} | {e['graph_optimization']} | {e['short_p50_ms']:.2f} | {e['batch32_texts_per_s']:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", type=Path, help="routerkit model directories (trained, not exports)")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=None, help="torch and ONNX Runtime threads (default: torch's default / every CPU)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=10, help="single queries per round and backend")
    parser.add_argument("--spread-rows", type=int, default=256, help="validation texts for the batching spread")
    parser.add_argument("--ort-sweep", action="store_true", help="also time ONNX Runtime threads x graph optimisation (int8)")
    parser.add_argument("--isolated", action="store_true",
                        help="first time each backend with no other classifier loaded (run before the interleaved rounds)")
    parser.add_argument("--fresh", action="store_true", help="export again even if OUTPUT/exports holds the exports")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    if args.threads:
        torch.set_num_threads(args.threads)
    paths = {m.name: exports_for(m, args.output, args.fresh) for m in args.models}
    isolated_result = isolated(paths, max(200, args.rounds * args.per_round), args.threads) if args.isolated else None
    classifiers = {name: {b: load(p[b], "torch" if b == "torch" else "onnx", threads=args.threads) for b in BACKENDS}
                   for name, p in paths.items()}
    for bs in classifiers.values():
        bs["onnx-int8-batched"].backend.per_row = False
    result = {"torch_threads": torch.get_num_threads(), "ort_threads": classifiers[next(iter(classifiers))]["onnx-fp32"].backend.threads,
              "sizes": {name: {b: weights_bytes(p[b]) for b in BACKENDS} for name, p in paths.items()},
              "parity": {name: {b: json.loads((p[b] / "parity.json").read_text())["heads"] for b in ("onnx-fp32", "onnx-int8")}
                         for name, p in paths.items()}}
    if isolated_result:
        result["isolated"] = isolated_result
    logger.info("timing %d models x %d backends, %d rounds", len(paths), len(BACKENDS), args.rounds)
    result["latency"] = measure(classifiers, args.rounds, args.per_round, batch_rounds=min(args.rounds, 5))
    # several ONNX sessions in one process: also with one thread each (no pool threads to spin)
    one_thread = {name: {**bs, **{f"{b} (1 thread)": load(paths[name][b], "onnx", threads=1) for b in ("onnx-fp32", "onnx-int8")}}
                  for name, bs in classifiers.items()}
    result["sequential"] = sequential(one_thread, args.rounds * args.per_round)
    result["batching_spread"] = {}
    for name, bs in classifiers.items():
        rows, _ = parity_rows_for(bs["torch"].metadata, None)
        texts = [r["text"] for r in rows][: args.spread_rows]
        result["batching_spread"][name] = batching_spread(bs, texts)
    if args.ort_sweep:
        result["ort_sweep"] = {name: ort_sweep(p["onnx-int8"], args.per_round * 5) for name, p in list(paths.items())[:1]}
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "engine.json").write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(result)
    (args.output / "engine.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
