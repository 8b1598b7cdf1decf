"""The one training entry point: task spec + config -> a saved, evaluated model directory.

Built on ``transformers.Trainer``: the schedule adapts to the training-set size (every field can be
overridden), early stopping watches the task's metric on the validation split, and the best
checkpoint by that metric is the one saved.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import torch

from routerkit import __version__
from routerkit.artifacts import atomic_directory, check_output_dir, write_metadata
from routerkit.cards import model_card
from routerkit.config import TrainConfig, apply_recipe, resolve_schedule
from routerkit.inference.engine import classifier_from_model
from routerkit.modeling.backbones import (
    backbone_reference, load_classifier, load_tokenizer, window_length, wrap_lora,
)
from routerkit.reproducibility import reproducibility_record
from routerkit.tasks import DataOptions, get_task
from routerkit.training.arguments import check_before_data, keep_training_logs, tensorboard_callbacks, training_arguments
from routerkit.training.head_evaluation import evaluation_for
from routerkit.training.kinds import training_kind
from routerkit.training.rows import class_weight_vector, load_task_data, prepare_train_rows, shape_entities
from routerkit.training.runs import finish_checkpoints, global_batch, is_main_process, prepare_checkpoints

logger = logging.getLogger(__name__)


def _make_trainer_class():
    from transformers import Trainer

    class RouterkitTrainer(Trainer):
        """``Trainer`` with an optional class-weighted cross-entropy loss."""

        def __init__(self, *args, class_weights: torch.Tensor | None = None, **kwargs):
            super().__init__(*args, **kwargs)
            self.class_weights = class_weights

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            if self.class_weights is None:
                return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            logits = outputs.logits
            loss = torch.nn.functional.cross_entropy(
                logits.view(-1, logits.size(-1)), labels.view(-1),
                weight=self.class_weights.to(logits.device), ignore_index=-100)
            return (loss, outputs) if return_outputs else loss

    return RouterkitTrainer


def train(config: TrainConfig, options: DataOptions, output: str | Path, overwrite: bool = False,
          resume: bool = False) -> dict:
    """Train ``config.task`` and write an evaluated model directory at ``output`` (atomically).

    ``resume``: continue an interrupted run of the same configuration from its last checkpoint
    (``training/runs.py``). Returns the metadata written to ``routerkit.json`` (including validation
    and test metrics); under data-parallel training, processes other than the main one return ``{}``.
    """
    from transformers import EarlyStoppingCallback, set_seed

    task = get_task(config.task)
    output = Path(output)
    check_output_dir(output, overwrite)  # before the (slow) data loading too
    check_before_data(config, [task])
    config, origins = apply_recipe(config, task.recipe, task.lora_learning_rate, task.own_data(options), task.name)
    data = load_task_data(task, options)
    data, labels = shape_entities(task, data, config.entity_types, config.rename_entities, config.span_conventions)
    logger.info("data for %s: %s (%s)", task.name, data.counts(), data.provenance.get("main"))
    train_rows = prepare_train_rows(task, config, data.train)
    schedule = resolve_schedule(config, len(train_rows), origins)
    for name, origin in schedule.origin.items():
        logger.info("  %-24s %-10s %s", name, getattr(schedule, name), origin)
    counts = {**data.counts(), "train_used": len(train_rows)}
    checkpoints, resume_from = prepare_checkpoints(output, {"config": config.model_dump(), "counts": counts}, resume)

    set_seed(config.seed)
    tokenizer = load_tokenizer(config.backbone, config.trust_remote_code)
    model = load_classifier(config.backbone, task.kind, labels, config.trust_remote_code)
    max_length = window_length(config.max_length, task.max_length, model.config, tokenizer)
    lora_r = config.lora_r or task.lora_r
    lora_alpha = config.lora_alpha or task.lora_alpha
    if config.method == "lora":
        model = wrap_lora(model, lora_r, lora_alpha, config.lora_dropout, config.lora_target_modules, task.kind)

    kind = training_kind(task.kind)
    train_ds = kind.encode(train_rows, tokenizer, labels, max_length)
    # validation sorted by length: less padding when evaluating
    eval_ds = kind.encode(sorted(data.validation, key=lambda r: len(r["text"])), tokenizer, labels, max_length)
    collator = kind.collator(tokenizer)
    compute_metrics = lambda p: kind.trainer_metrics(_logits(p), p.label_ids, labels)  # noqa: E731
    weights = None
    if (config.class_weights if config.class_weights is not None else task.class_weights) and kind.weighs_classes:
        weights = class_weight_vector(train_rows, labels)

    callbacks = []
    patience = schedule.early_stopping_patience
    if patience > 0:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=patience))
    callbacks += tensorboard_callbacks(config, checkpoints)
    trainer = _make_trainer_class()(
        model=model,
        args=training_arguments(config, schedule, checkpoints, f"eval_{task.best_metric}"),
        train_dataset=train_ds,
        eval_dataset=eval_ds,
        processing_class=tokenizer,
        data_collator=collator,
        compute_metrics=compute_metrics,
        callbacks=callbacks,
        class_weights=weights,
    )
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=resume_from)
    train_seconds = time.perf_counter() - started
    state = trainer.state
    logger.info("training took %.1f s; best validation %s = %s (%s)", train_seconds, task.best_metric,
                state.best_metric, state.best_model_checkpoint)
    if not is_main_process():
        return {}

    with atomic_directory(output, overwrite) as staging:
        model = trainer.model
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        keep_training_logs(state, checkpoints, staging)
        metadata = {
            "task": task.name,
            "kind": task.kind,
            "labels": list(labels),
            "method": config.method,
            "backbone": backbone_reference(config.backbone),
            "max_length": int(max_length),
            "window_reduce": task.window_reduce,
            "positive_label": task.positive_label,
            "lora": {"r": lora_r, "alpha": lora_alpha, "dropout": config.lora_dropout} if config.method == "lora" else None,
            "config": config.model_dump(),
            "schedule": schedule.model_dump(),
            "data": {"counts": counts, "provenance": data.provenance,
                     "options": {"data_dir": options.data_dir, "dataset": options.dataset, "extra_data": options.extra_data}},
            "training": {
                "seconds": round(train_seconds, 1),
                "resumed_from": resume_from,
                "steps": state.global_step,
                "epochs": state.epoch,
                "global_batch": global_batch(schedule.batch_size),
                "best_validation_metric": state.best_metric,
                "train_loss": result.training_loss,
                "routerkit_version": __version__,
                "torch_version": torch.__version__,
            },
            "reproducibility": reproducibility_record(config, origins, schedule.origin, options, counts),
        }
        # The adapter is saved above; merging now only speeds up the evaluation below.
        eval_model = model.merge_and_unload() if config.method == "lora" else model
        splits = {"validation": data.validation, "test": data.test}
        target_fpr = config.target_fpr if config.target_fpr is not None else task.target_fpr
        classifier = classifier_from_model(eval_model, tokenizer, metadata)
        evaluation = evaluation_for(classifier.heads[task.name])
        reports, calibration = evaluation.evaluate_splits(classifier, task.name, splits, staging / "eval", task.name,
                                                          target_fpr=target_fpr if task.positive_label else None)
        metadata.update(evaluation.calibration_metadata(calibration))
        metadata["metrics"] = {split: evaluation.summary(report) for split, report in reports.items()}
        write_metadata(staging, metadata)
        (staging / "README.md").write_text(model_card(metadata), encoding="utf-8")
    finish_checkpoints(output)
    logger.info("saved %s model to %s", task.name, output)
    return metadata


def _logits(prediction):
    return prediction.predictions[0] if isinstance(prediction.predictions, tuple) else prediction.predictions
