"""What both trainers hand ``transformers``: the TrainingArguments of a schedule, TensorBoard logging,
the training logs kept with the model, and the checks made before any data is read."""

from __future__ import annotations

import shutil
from pathlib import Path

import torch

from routerkit.artifacts import write_json
from routerkit.config import Applies, Schedule, TrainConfig, refuse_inapplicable
from routerkit.errors import ConfigError
from routerkit.modeling.backbones import resolve_backbone
from routerkit.reproducibility import git_commit
from routerkit.tasks import TaskSpec
from routerkit.training.runs import is_main_process


def training_arguments(config: TrainConfig, schedule: Schedule, checkpoints: Path, best_metric: str,
                        find_unused_parameters: bool = False):
    from transformers import TrainingArguments

    strategy, eval_steps = schedule.eval_strategy, schedule.eval_steps
    if config.max_steps > 0 and (strategy == "epoch" or eval_steps > config.max_steps):
        # An epoch (or eval_steps) may never end within max_steps: evaluate (and keep the best) at the last step.
        strategy, eval_steps = "steps", config.max_steps
    return TrainingArguments(
        output_dir=str(checkpoints),
        num_train_epochs=schedule.epochs,
        max_steps=config.max_steps,
        per_device_train_batch_size=schedule.batch_size,
        per_device_eval_batch_size=max(32, schedule.batch_size),
        learning_rate=schedule.learning_rate,
        weight_decay=schedule.weight_decay,
        warmup_steps=schedule.warmup_ratio,  # a float in [0, 1) is a ratio in transformers 5
        eval_strategy=strategy,
        eval_steps=eval_steps,
        save_strategy=strategy,
        save_steps=eval_steps,
        save_total_limit=2,  # full checkpoints (optimizer, scheduler, RNG): an interrupted run resumes
        load_best_model_at_end=True,
        metric_for_best_model=best_metric,
        greater_is_better=True,
        logging_steps=50,
        seed=config.seed,
        data_seed=config.seed,
        bf16=config.bf16,
        train_sampling_strategy="group_by_length" if config.group_by_length else "random",
        use_cpu=not torch.cuda.is_available(),
        report_to="none",
        dataloader_num_workers=0,
        ddp_find_unused_parameters=find_unused_parameters,
    )


def tensorboard_callbacks(config: TrainConfig, checkpoints: Path) -> list:
    """TensorBoard logging into the run's checkpoint directory (moved into the model directory at the end)."""
    if not config.tensorboard or not is_main_process():
        return []
    from torch.utils.tensorboard import SummaryWriter
    from transformers.integrations import TensorBoardCallback

    return [TensorBoardCallback(tb_writer=SummaryWriter(log_dir=str(checkpoints / "logs")))]


def keep_training_logs(state, checkpoints: Path, staging: Path) -> None:
    """The trainer's log history (loss, learning rate, every evaluation) as eval/log_history.json, and TensorBoard's logs."""
    write_json(staging / "eval" / "log_history.json", state.log_history)
    if (checkpoints / "logs").is_dir():
        shutil.move(str(checkpoints / "logs"), str(staging / "logs"))


def check_before_data(config: TrainConfig, tasks: list[TaskSpec]) -> None:
    """What can be refused before the (slow) data loading: a backbone path that is not there, options
    these tasks would ignore, TensorBoard without its package. Also notes the checkout's git state as
    the run starts (the reproducibility record's)."""
    git_commit()
    resolve_backbone(config.backbone)
    refuse_inapplicable(config, Applies.of(tasks))
    if config.span_conventions:
        from routerkit.data.pii_conventions import resolve_conventions

        resolve_conventions(config.span_conventions)
    if config.tensorboard:
        require_tensorboard()


def require_tensorboard() -> None:
    import importlib.util

    if importlib.util.find_spec("tensorboard") is None:
        raise ConfigError("--tensorboard needs the tensorboard package: pip install tensorboard (or the [dev] extra)")
