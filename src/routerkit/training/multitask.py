"""``routerkit train multitask``: one shared encoder and one head per task, trained together.

Each task's rows are assembled exactly as its own training assembles them (splits, leakage
filtering, entity selection, oversampling, augmentation, class weights). Every batch holds one task's
rows (:mod:`.sampling` says which task); its loss is that head's cross-entropy (class-weighted where
the task weighs classes) times the task's loss weight. At every evaluation each head is scored on
its own validation split with its task's own metric (category weighted F1, PII seqeval F1, jailbreak
ROC-AUC, intent macro F1), predicted as ``routerkit predict`` would; the **combined score** is their
mean, and picks the best checkpoint and drives early stopping. Afterwards every head is calibrated
on its validation split (detector threshold, entity threshold) and evaluated on its test split.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from routerkit import __version__
from routerkit.artifacts import atomic_directory, check_output_dir, write_json, write_metadata
from routerkit.cards import multitask_card
from routerkit.config import MultiTaskConfig, apply_recipe, resolve_schedule
from routerkit.errors import ConfigError, DataError, RouterkitError
from routerkit.inference.backends import TorchBackend
from routerkit.inference.engine import Classifier
from routerkit.inference.heads import HeadSpec, head_kind_of
from routerkit.model_format import MULTITASK_FORMAT, HeadRecord
from routerkit.reproducibility import reproducibility_record
from routerkit.tasks import TASKS, DataOptions, TaskData, TaskSpec, get_task
from routerkit.training.arguments import check_before_data, keep_training_logs, tensorboard_callbacks, training_arguments
from routerkit.training.head_evaluation import evaluate_head_rows, evaluation_for
from routerkit.training.kinds import training_kind
from routerkit.training.rows import class_weight_vector, load_task_data, prepare_train_rows, shape_entities
from routerkit.training.runs import finish_checkpoints, global_batch, is_main_process, prepare_checkpoints
from routerkit.training.sampling import TaskBatchSampler

logger = logging.getLogger(__name__)

#: the combined validation score's name (the mean of the tasks' own metrics)
COMBINED = "combined"

#: the measured multi-task recipe on the tasks' own data (docs/RESULTS.md "multi-task model"); PII's real
#: Presidio rows weighed 3:1 as in its single-task recipe when PII is trained
MULTITASK_RECIPE = dict(max_steps=6000, learning_rate=8e-5, eval_steps=500, eval_strategy="steps", batch_size=16)
MULTITASK_LORA_LEARNING_RATE = 5e-4


def multitask_recipe(tasks: list[TaskSpec]) -> dict:
    recipe = dict(MULTITASK_RECIPE)
    pii = next((t for t in tasks if "oversample" in t.recipe), None)
    if pii is not None:
        recipe["oversample"] = dict(pii.recipe["oversample"])
    return recipe


@dataclass
class TaskPart:
    """One task of a multi-task run: its head, its data, and what its loss is."""

    task: TaskSpec
    head: HeadSpec
    data: TaskData
    train_rows: list[dict]
    class_weights: torch.Tensor | None
    loss_weight: float
    target_fpr: float | None

    @property
    def name(self) -> str:
        return self.head.name


def resolve_tasks(config: MultiTaskConfig) -> list[TaskSpec]:
    names = config.tasks or list(TASKS)
    unknown = [n for n in names if n not in TASKS]
    if unknown:
        raise ConfigError(f"unknown task {unknown[0]!r} in --tasks; known tasks: {', '.join(TASKS)}")
    if len(set(names)) != len(names):
        raise ConfigError(f"--tasks names a task twice: {','.join(names)}")
    for field, values in (("loss_weights", config.loss_weights), ("pooling", config.pooling)):
        stray = sorted(set(values or {}) - set(names))
        if stray:
            raise ConfigError(f"--{field.replace('_', '-')}: {stray[0]!r} is not one of the tasks trained ({', '.join(names)})")
    tasks = [get_task(n) for n in names]
    unpooled = [t.name for t in tasks if t.name in (config.pooling or {}) and not training_kind(t.kind).pooled]
    if unpooled:
        raise ConfigError(f"--pooling: {unpooled[0]!r} is a token task (it reads every token); pooling applies to sequence heads")
    return tasks


def task_class_weights(task: TaskSpec, config: MultiTaskConfig, own_data: bool) -> bool:
    """Whether ``task``'s loss is class-weighted, as its own training decides: the user's choice, else its
    measured recipe's on its own data (jailbreak's recipe is unweighted), else the task's default."""
    if config.class_weights is not None:
        return config.class_weights
    if config.recipe and own_data and "class_weights" in task.recipe:
        return task.recipe["class_weights"]
    return task.class_weights


def assemble_part(task: TaskSpec, config: MultiTaskConfig, options: DataOptions) -> TaskPart:
    """The task's rows as its own training prepares them, and its head."""
    try:
        data = load_task_data(task, options)
    except RouterkitError as exc:
        raise DataError(f"task {task.name!r}: {exc}") from None
    data, labels = shape_entities(task, data, config.entity_types, config.rename_entities, config.span_conventions)
    present = {row.get("source") for row in data.train}
    own = {source: n for source, n in (config.oversample or {}).items() if source in present}
    rows = prepare_train_rows(task, config.model_copy(update={"oversample": own or None}), data.train)
    weighted = task_class_weights(task, config, task.own_data(options))
    weights = class_weight_vector(rows, labels) if weighted and training_kind(task.kind).weighs_classes else None
    target_fpr = (config.target_fpr if config.target_fpr is not None else task.target_fpr) if task.positive_label else None
    head = HeadSpec(name=task.name, kind=head_kind_of(task.kind, task.positive_label), labels=labels, window_rule=task.window_reduce,
                    pooling=(config.pooling or {}).get(task.name, "cls"), positive_label=task.positive_label, output=task.name)
    logger.info("%s: %s (%s); %d training rows used", task.name, data.counts(), data.provenance.get("main"), len(rows))
    return TaskPart(task, head, data, rows, weights, (config.loss_weights or {}).get(task.name, 1.0), target_fpr)


def _check_oversample(config: MultiTaskConfig, parts: list[TaskPart]) -> None:
    sources = {row.get("source") for part in parts for row in part.data.train}
    missing = sorted(set(config.oversample or {}) - sources)
    if missing:
        raise ConfigError(f"oversample: no task has training rows from {', '.join(missing)}")


def encode_part(part: TaskPart, index: int, tokenizer, max_length: int) -> list[dict]:
    """Tokenised training examples of one task, as its kind encodes them, tagged with its index."""
    dataset = training_kind(part.head.kind).encode(part.train_rows, tokenizer, part.head.labels, max_length)
    return [{**row, "task": index} for row in dataset]


class TaskCollator:
    """Pads one task's batch with that task's kind's collator; the batch carries its task index."""

    def __init__(self, tokenizer, parts: list[TaskPart]):
        self.collators = [training_kind(p.head.kind).collator(tokenizer) for p in parts]

    def __call__(self, features: list[dict]) -> dict:
        tasks = {f["task"] for f in features}
        if len(tasks) != 1:
            raise RuntimeError(f"a batch mixes tasks {sorted(tasks)}")
        task = tasks.pop()
        batch = self.collators[task]([{k: v for k, v in f.items() if k != "task"} for f in features])
        batch["task"] = torch.tensor(task)
        return batch


def validation_curve(log_history: list[dict], parts: list[TaskPart]) -> list[dict]:
    """Every evaluation's combined and per-task scores, from the trainer's log history (a resumed run's too)."""
    curve = []
    for entry in log_history:
        if f"eval_{COMBINED}" in entry:
            curve.append({"step": entry["step"], COMBINED: entry[f"eval_{COMBINED}"],
                          **{p.name: entry.get(f"eval_{p.name}_{p.task.best_metric}") for p in parts}})
    return curve


class Validation:
    """Scores every head on its validation split through the inference engine."""

    def __init__(self, parts: list[TaskPart], tokenizer, max_length: int, batch_size: int = 64):
        self.parts = parts
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.batch_size = batch_size

    def __call__(self, model, step: int) -> dict[str, float]:
        classifier = Classifier(TorchBackend(model), self.tokenizer, {}, {p.name: p.head for p in self.parts}, self.max_length)
        scores = {}
        for part in self.parts:
            report = evaluate_head_rows(classifier, part.name, part.data.validation, self.batch_size)
            scores[part.name] = evaluation_for(part.head).validation_score(report, part.task.best_metric)
        combined = float(np.mean(list(scores.values())))
        logger.info("step %d: validation %s %.4f (%s)", step, COMBINED, combined,
                    ", ".join(f"{p.name} {p.task.best_metric} {scores[p.name]:.4f}" for p in self.parts))
        return {f"eval_{COMBINED}": combined, **{f"eval_{p.name}_{p.task.best_metric}": scores[p.name] for p in self.parts}}


def _make_trainer_class():
    from torch.utils.data import DataLoader
    from transformers import Trainer

    class MultiTaskTrainer(Trainer):
        """``Trainer`` over one-task batches: each batch's loss is its head's, weighted; evaluation is :class:`Validation`."""

        def __init__(self, *args, parts: list[TaskPart], batch_sampler: TaskBatchSampler, validation: Validation, **kwargs):
            super().__init__(*args, **kwargs)
            self.parts = parts
            self.batch_sampler = batch_sampler
            self.validation = validation

        def get_train_dataloader(self):
            loader = DataLoader(self.train_dataset, batch_sampler=self.batch_sampler, collate_fn=self.data_collator, num_workers=0)
            return self.accelerator.prepare(loader)

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            part = self.parts[int(inputs.pop("task"))]
            labels = inputs.pop("labels")
            logits = model(**inputs, heads=[part.name])[part.name]
            weight = part.class_weights.to(logits.device) if part.class_weights is not None else None
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), labels.reshape(-1),
                                                     weight=weight, ignore_index=-100) * part.loss_weight
            return (loss, {"logits": logits}) if return_outputs else loss

        def evaluate(self, eval_dataset=None, ignore_keys=None, metric_key_prefix="eval"):
            metrics = self.validation(self.model, self.state.global_step)
            self.log(metrics)
            self.control = self.callback_handler.on_evaluate(self.args, self.state, self.control, metrics)
            return metrics

    return MultiTaskTrainer


def train_multitask(config: MultiTaskConfig, options: DataOptions, output: str | Path, overwrite: bool = False,
                    resume: bool = False) -> dict:
    """Train one encoder with a head per task; write an evaluated format-2 model directory at ``output``.

    ``resume`` and data-parallel runs as :func:`routerkit.training.trainer.train` (``training/runs.py``)."""
    from transformers import EarlyStoppingCallback, set_seed

    from routerkit.modeling.backbones import backbone_reference, load_tokenizer, window_length
    from routerkit.modeling.multitask import build_multitask, save_multitask, wrap_encoder_lora

    output = Path(output)
    check_output_dir(output, overwrite)
    tasks = resolve_tasks(config)
    check_before_data(config, tasks)
    own_data = all(task.own_data(options) for task in tasks)
    config, origins = apply_recipe(config, multitask_recipe(tasks), MULTITASK_LORA_LEARNING_RATE, own_data, "multitask")
    parts = [assemble_part(task, config, options) for task in tasks]
    _check_oversample(config, parts)
    n_train = sum(len(p.train_rows) for p in parts)
    schedule = resolve_schedule(config, n_train, origins)
    counts = {p.name: {**p.data.counts(), "train_used": len(p.train_rows)} for p in parts}
    checkpoints, resume_from = prepare_checkpoints(output, {"config": config.model_dump(), "counts": counts}, resume)
    for name, origin in schedule.origin.items():
        logger.info("  %-24s %-10s %s", name, getattr(schedule, name), origin)

    set_seed(config.seed)
    tokenizer = load_tokenizer(config.backbone, config.trust_remote_code)
    specs = [p.head for p in parts]
    model = build_multitask(config.backbone, specs, config.trust_remote_code)  # refuses a pooling the architecture lacks
    max_length = window_length(config.max_length, max(t.max_length for t in tasks), model.config, tokenizer)
    lora = None
    if config.method == "lora":
        lora = {"r": config.lora_r or 16, "alpha": config.lora_alpha or 32, "dropout": config.lora_dropout}
        model = wrap_encoder_lora(model, lora["r"], lora["alpha"], lora["dropout"], config.lora_target_modules)

    examples, per_task = [], []
    for index, part in enumerate(parts):
        encoded = encode_part(part, index, tokenizer, max_length)
        per_task.append(list(range(len(examples), len(examples) + len(encoded))))
        examples += encoded
    sampler = TaskBatchSampler(per_task, [len(e["input_ids"]) for e in examples], schedule.batch_size, config.sampler,
                               config.sampler_temperature, config.seed, config.group_by_length)
    logger.info("%d batches per epoch, drawn %s: %s", len(sampler), config.sampler,
                ", ".join(f"{p.name} {n}" for p, n in zip(parts, sampler.counts)))
    validation = Validation(parts, tokenizer, max_length)

    callbacks = []
    if schedule.early_stopping_patience > 0:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=schedule.early_stopping_patience))
    callbacks += tensorboard_callbacks(config, checkpoints)
    # every process draws its own batches (possibly of different tasks): heads unused in a step are expected
    args = training_arguments(config, schedule, checkpoints, f"eval_{COMBINED}", find_unused_parameters=True)
    args.remove_unused_columns = False
    trainer = _make_trainer_class()(
        model=model, args=args, train_dataset=examples, eval_dataset=[p.data.validation for p in parts],
        data_collator=TaskCollator(tokenizer, parts), callbacks=callbacks, parts=parts, batch_sampler=sampler, validation=validation,
    )
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=resume_from)
    train_seconds = time.perf_counter() - started
    state = trainer.state
    logger.info("training took %.1f s; best validation %s = %s (%s)", train_seconds, COMBINED, state.best_metric,
                state.best_model_checkpoint)
    if not is_main_process():
        return {}
    curve = validation_curve(state.log_history, parts)

    with atomic_directory(output, overwrite) as staging:
        keep_training_logs(state, checkpoints, staging)
        model = trainer.model
        save_multitask(model, staging)
        tokenizer.save_pretrained(staging)
        if lora is not None:  # the adapter is saved above; merged, the evaluation below runs faster
            model.encoder = model.encoder.merge_and_unload()
        classifier = Classifier(TorchBackend(model), tokenizer, {}, {p.name: p.head for p in parts}, max_length)
        records, metrics = {}, {}
        for part in parts:
            splits = {"validation": part.data.validation, "test": part.data.test}
            evaluation = evaluation_for(part.head)
            reports, calibration = evaluation.evaluate_splits(classifier, part.name, splits, staging / "eval" / part.name,
                                                              f"multitask {part.name}", part.target_fpr)
            records[part.name] = HeadRecord(**part.head.model_dump(exclude={"threshold"}), threshold=calibration.threshold,
                                            calibration=calibration.record or None, task=part.task.name).model_dump()
            metrics[part.name] = {split: evaluation.summary(report) for split, report in reports.items()}
        write_json(staging / "eval" / "validation_curve.json", curve)
        metadata = {
            "format": MULTITASK_FORMAT,
            "backbone": backbone_reference(config.backbone),
            "method": config.method,
            "max_length": int(max_length),
            "heads": records,
            "lora": lora,
            "config": config.model_dump(),
            "schedule": schedule.model_dump(),
            "sampler": {"name": config.sampler, "temperature": config.sampler_temperature,
                        "batches_per_epoch": dict(zip([p.name for p in parts], sampler.counts))},
            "data": {"options": {"data_dir": options.data_dir, "dataset": options.dataset, "extra_data": options.extra_data},
                     "tasks": {p.name: {"counts": counts[p.name], "provenance": p.data.provenance}
                               for p in parts}},
            "training": {
                "seconds": round(train_seconds, 1), "steps": state.global_step, "epochs": state.epoch,
                "best_validation_metric": state.best_metric, "combined_score": f"mean of {', '.join(f'{p.name} {p.task.best_metric}' for p in parts)}",
                "train_loss": result.training_loss, "validation_curve": curve, "resumed_from": resume_from,
                "global_batch": global_batch(schedule.batch_size),
                "routerkit_version": __version__, "torch_version": torch.__version__,
            },
            "metrics": metrics,
            "reproducibility": reproducibility_record(config, origins, schedule.origin, options, counts),
        }
        write_metadata(staging, metadata)
        (staging / "README.md").write_text(multitask_card(metadata), encoding="utf-8")
    finish_checkpoints(output)
    logger.info("saved the multi-task model (%s) to %s", ", ".join(p.name for p in parts), output)
    return metadata
