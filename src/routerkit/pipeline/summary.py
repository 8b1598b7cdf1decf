"""The pipeline's summary: every model's headline test metrics, training time, size and artifacts
(``summary.json``, ``summary.md``), and its plots (``plots/``): the test confusion matrices and ROC
curves the evaluation drew, and a training curve per model from the trainer's log history."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from routerkit.artifacts import METADATA_FILE, read_metadata, write_json

logger = logging.getLogger(__name__)

#: test metrics shown, in this order, where a head has them
HEADLINE = ("accuracy", "macro_f1", "weighted_f1", "entity_f1", "roc_auc", "recall_at_1pct_fpr")


def write_summary(output: Path, config, outcomes: dict, seconds: float) -> dict:
    models = {task: _model_summary(output, task, stages) for task, stages in outcomes.items()}
    summary = {
        "succeeded": all(m["status"] == "succeeded" for m in models.values()) and len(models) == len(config.tasks),
        "seconds": seconds,
        "data": str(config.data_dir) if config.data_dir else "embedded demo sets",
        "tasks": config.tasks,
        "models": models,
        "not_run": [task for task in config.tasks if task not in outcomes],
    }
    plots = output / "plots"
    shutil.rmtree(plots, ignore_errors=True)
    for task, model in models.items():
        if model.get("model_dir"):
            model["plots"] = _plots(Path(model["model_dir"]), task, plots)
    write_json(output / "summary.json", summary)
    (output / "summary.md").write_text(summary_markdown(summary, output), encoding="utf-8")
    return summary


def _model_summary(output: Path, task: str, stages: list) -> dict:
    failed = [s for s in stages if s.status == "failed"]
    out = {"status": "failed" if failed else "succeeded",
           "stages": [{"name": s.name, "status": s.status, "seconds": s.seconds, "artifact": s.artifact, "error": s.error}
                      for s in stages]}
    model_dir = output / task / "model"
    if not (model_dir / METADATA_FILE).is_file():
        return out
    metadata = read_metadata(model_dir)
    heads = metadata["metrics"] if "heads" in metadata else {task: metadata["metrics"]}
    out.update(
        model_dir=str(model_dir),
        method=metadata.get("method"),
        training_seconds=metadata["training"]["seconds"],
        steps=metadata["training"]["steps"],
        size_bytes=_size(model_dir),
        test={head: {k: metrics["test"][k] for k in HEADLINE if metrics.get("test", {}).get(k) is not None}
              for head, metrics in heads.items()},
        exports={s.name.rsplit(".", 1)[-1]: {"path": s.artifact, "size_bytes": _size(Path(s.artifact))}
                 for s in stages if ".export." in s.name and s.artifact},
    )
    return out


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def _plots(model_dir: Path, task: str, plots: Path) -> list[str]:
    """The model's test confusion matrices and ROC curves copied into ``plots``, and its training curve drawn there."""
    plots.mkdir(parents=True, exist_ok=True)
    made = []
    for picture in sorted((model_dir / "eval").rglob("test_*.png")):
        head = picture.parent.name if picture.parent.name != "eval" else task
        name = f"{task}_{head}_{picture.stem[len('test_'):]}.png" if head != task else f"{task}_{picture.stem[len('test_'):]}.png"
        shutil.copyfile(picture, plots / name)
        made.append(name)
    history = model_dir / "eval" / "log_history.json"
    if history.is_file():
        name = f"{task}_training.png"
        plot_training_curve(json.loads(history.read_text(encoding="utf-8")), plots / name, task)
        made.append(name)
    return made


def plot_training_curve(log_history: list[dict], path: Path, title: str) -> None:
    """Training loss and every validation metric the trainer logged, against the step."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    losses = [(e["step"], e["loss"]) for e in log_history if "loss" in e and "step" in e]
    metrics = sorted({k for e in log_history for k in e if k.startswith("eval_") and not k.endswith(
        ("_runtime", "_samples_per_second", "_steps_per_second", "_loss"))})
    fig, ax = plt.subplots(figsize=(6, 4))
    if losses:
        ax.plot(*zip(*losses), color="grey", marker=".", label="training loss")
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    other = ax.twinx()
    for key in metrics:
        points = [(e["step"], e[key]) for e in log_history if key in e]
        other.plot(*zip(*points), marker="o", label=key[len("eval_"):])
    other.set_ylabel("validation")
    handles = ax.get_legend_handles_labels()[0] + other.get_legend_handles_labels()[0]
    if handles:
        other.legend(handles=handles, loc="best", fontsize=8)
    ax.set_title(f"{title}: training curve", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def summary_markdown(summary: dict, output: Path) -> str:
    lines = [f"# Pipeline summary ({'all succeeded' if summary['succeeded'] else 'FAILURES'})", "",
             f"Data: {summary['data']}. Wall time: {summary['seconds']:.0f} s.", "",
             "| model | head | status | " + " | ".join(HEADLINE) + " | training s | size MB | exports |",
             "|---|---|---|" + "---|" * len(HEADLINE) + "---|---|---|"]
    for task, model in summary["models"].items():
        tests = model.get("test") or {task: {}}
        exports = ", ".join(f"{fmt} ({e['size_bytes'] / 1e6:.1f} MB)" for fmt, e in (model.get("exports") or {}).items())
        for i, (head, metrics) in enumerate(tests.items()):
            first = i == 0
            size = f"{model['size_bytes'] / 1e6:.1f}" if first and "size_bytes" in model else ""
            cells = [task if first else "", head, model["status"] if first else "",
                     *(f"{metrics[k]:.4f}" if k in metrics else "" for k in HEADLINE),
                     str(model.get("training_seconds", "")) if first else "", size, exports if first else ""]
            lines.append("| " + " | ".join(cells) + " |")
    for task in summary["not_run"]:
        lines.append(f"| {task} | | not run (--fail-fast) |" + " |" * len(HEADLINE) + " | | |")
    problems = [(s["name"], s["error"]) for m in summary["models"].values() for s in m["stages"] if s["status"] == "failed"]
    if problems:
        lines += ["", "## Failures", ""] + [f"- `{name}`: {error}" for name, error in problems]
    skipped = [(s["name"], s["error"]) for m in summary["models"].values() for s in m["stages"] if s["status"] == "not applicable"]
    if skipped:
        lines += ["", "## Not applicable", ""] + [f"- `{name}`: {why}" for name, why in skipped]
    reused = [s["name"] for m in summary["models"].values() for s in m["stages"] if s["status"] == "reused"]
    if reused:
        lines += ["", f"Finished by an earlier run and kept: {', '.join(f'`{n}`' for n in reused)}."]
    pictures = [p for m in summary["models"].values() for p in m.get("plots", [])]
    if pictures:
        lines += ["", "## Plots", ""] + [f"![{p}](plots/{p})" for p in pictures]
    return "\n".join(lines) + "\n"
