"""``routerkit pipeline``: every model in turn, trained (evaluated and calibrated as training does),
exported, and summarised; resumable stage by stage.

Layout of the pipeline directory::

    OUTPUT/pipeline.json          the configuration used
    OUTPUT/<task>/model/          the trained model directory (eval/ holds its reports)
    OUTPUT/<task>/<format>/       each export
    OUTPUT/summary.md, summary.json, plots/
    OUTPUT/.stages/               the stage records that make a restart skip finished work
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from routerkit.artifacts import write_json
from routerkit.pipeline.config import PipelineConfig
from routerkit.pipeline.stages import StageOutcome, Stages, stage_key
from routerkit.pipeline.summary import write_summary

logger = logging.getLogger(__name__)


def run_pipeline(config: PipelineConfig) -> dict:
    """Run every stage; returns the summary (``summary["succeeded"]``: whether every stage did)."""
    from routerkit import __version__
    from routerkit.config import build_config, config_class
    from routerkit.export.exporter import export
    from routerkit.tasks import DataOptions
    from routerkit.training import train_model
    from routerkit.training.runs import finish_checkpoints

    output = Path(config.output)
    output.mkdir(parents=True, exist_ok=True)
    write_json(output / "pipeline.json", config.model_dump(mode="json"))
    options = DataOptions(data_dir=config.data_dir)
    logger.info("pipeline: %s on %s -> %s", ", ".join(config.tasks), options.describe(), output)
    stages = Stages(output)
    outcomes: dict[str, list[StageOutcome]] = {}
    started = time.perf_counter()
    for index, task in enumerate(config.tasks, 1):
        logger.info("[%d/%d] %s", index, len(config.tasks), task)
        outcomes[task] = task_outcomes = []
        model_dir = output / task / "model"
        stage = f"{task}.train"
        try:
            train_config = build_config(config_class(task), task=task, **config.train_values(task))
            train_key = stage_key({"config": train_config.model_dump(), "data": str(options), "routerkit": __version__})
            task_outcomes.append(stages.run(stage, train_key, model_dir,
                                            lambda: train_model(train_config, options, model_dir, overwrite=True, resume=True),
                                            on_changed=lambda: finish_checkpoints(model_dir)))
            for fmt in config.exports:
                stage = f"{task}.export.{fmt}"
                reason = _not_applicable(model_dir, fmt)
                if reason:
                    logger.info("%s: not applicable (%s)", stage, reason)
                    task_outcomes.append(StageOutcome(stage, "not applicable", error=reason))
                    continue
                target = output / task / fmt
                task_outcomes.append(stages.run(stage, stage_key({"model": train_key, "format": fmt}), target,
                                                lambda fmt=fmt, target=target: export(model_dir, target, fmt, overwrite=True)))
        except Exception as exc:  # one failed model is reported; the others go on (unless --fail-fast)
            message = f"{type(exc).__name__}: {exc}".splitlines()[0]
            logger.error("%s failed: %s", stage, message)
            logger.debug("%s failed", stage, exc_info=True)
            task_outcomes.append(StageOutcome(stage, "failed", error=message))
            if config.fail_fast:
                logger.error("--fail-fast: stopping here")
                break
    summary = write_summary(output, config, outcomes, round(time.perf_counter() - started, 1))
    logger.info("pipeline %s in %.0f s: %s", "succeeded" if summary["succeeded"] else "had failures",
                summary["seconds"], output / "summary.md")
    return summary


def _not_applicable(model_dir: Path, fmt: str) -> str | None:
    """Why ``fmt`` does not apply to the model (vllm-sr: no head the router has a slot for); None when it does."""
    if fmt != "vllm-sr":
        return None
    from routerkit.artifacts import read_metadata
    from routerkit.errors import RouterkitError
    from routerkit.export.exporter import per_head_metadata
    from routerkit.export.vllm_sr import routed_heads

    try:
        routed_heads(per_head_metadata(read_metadata(model_dir)))
    except RouterkitError as exc:
        return str(exc).splitlines()[0]
    return None
