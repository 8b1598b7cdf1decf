"""A task's rows as training uses them: read and checked, shaped for the task's kind, the training
split sampled / oversampled / augmented, and class weights. Both trainers, ``routerkit evaluate`` and
the benchmarks read a task's data through here."""

from __future__ import annotations

import logging
import random

import numpy as np
import torch

from routerkit.config import TrainConfig
from routerkit.data.augment import augment_rows
from routerkit.errors import ConfigError, DataError
from routerkit.tasks import DataOptions, TaskData, TaskSpec
from routerkit.training.kinds import training_kind

logger = logging.getLogger(__name__)


def load_task_data(task: TaskSpec, options: DataOptions) -> TaskData:
    """Read the task's data and check every split (labels known, no empty texts)."""
    data = task.load(options)
    for split, rows in (("train", data.train), ("validation", data.validation), ("test", data.test)):
        task.validate_rows(rows, f"{task.name} {split} split")
    if not data.train:
        raise DataError(f"task {task.name!r}: the training split is empty")
    if not data.validation:
        raise DataError(f"task {task.name!r}: the validation split is empty (needed for early stopping)")
    return data


def shape_entities(task: TaskSpec, data: TaskData, entity_types: list[str] | None, rename: dict[str, str] | None,
                   conventions: dict[str, str] | None = None) -> tuple[TaskData, tuple[str, ...]]:
    """The task's rows as its kind trains and scores them (token tasks: annotation conventions and the
    entity types kept / renamed, :func:`routerkit.training.kinds.shape_token_data`; sequence tasks:
    unchanged). Returns the data and its labels."""
    return training_kind(task.kind).shape_data(task, data, entity_types, rename, conventions)


def prepare_train_rows(task: TaskSpec, config: TrainConfig, rows: list[dict]) -> list[dict]:
    if config.max_train_rows and len(rows) > config.max_train_rows:
        rows = random.Random(config.seed).sample(rows, config.max_train_rows)
        logger.info("using a seeded sample of %d training rows", len(rows))
    rows = oversample_rows(rows, config.oversample or {})
    ratio = task.augment_ratio if config.augment_ratio is None else config.augment_ratio
    rows = augment_rows(rows, task.augmenter, ratio, config.seed, add=task.augment_adds)
    if ratio > 0 and task.augmenter is not None:
        logger.info("augmented %d of %d training rows (%s)", sum(r.get("augmented", False) for r in rows), len(rows), task.augmenter.__name__)
    return rows


def oversample_rows(rows: list[dict], times_by_source: dict[str, int]) -> list[dict]:
    """Each row whose ``source`` is in ``times_by_source`` appears that many times (order kept)."""
    if not times_by_source:
        return rows
    known = {row.get("source") for row in rows}
    missing = sorted(set(times_by_source) - known)
    if missing:
        raise ConfigError(f"oversample: no training rows from {', '.join(missing)}; sources present: {', '.join(sorted(map(str, known)))}")
    out = [copy for row in rows for copy in [row] * times_by_source.get(row.get("source"), 1)]
    logger.info("oversampled %s: %d -> %d training rows", times_by_source, len(rows), len(out))
    return out


def class_weight_vector(rows: list[dict], labels: tuple[str, ...]) -> torch.Tensor:
    """Inverse-frequency weights ``n / (K * n_c)``; classes absent from training get weight 1."""
    counts = np.array([sum(r["label"] == label for r in rows) for label in labels], dtype=np.float64)
    weights = np.where(counts > 0, counts.sum() / (len(labels) * np.maximum(counts, 1)), 1.0)
    return torch.tensor(weights, dtype=torch.float32)
