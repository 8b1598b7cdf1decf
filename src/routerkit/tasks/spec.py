"""A task is a small declarative spec: name, kind, labels, how to read its data, metrics and defaults."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from routerkit.data.splits import SPLITS
from routerkit.errors import DataError

TaskKind = Literal["sequence", "token"]


@dataclass(frozen=True)
class DataOptions:
    """Where a task reads its data from.

    ``data_dir``: a directory laid out like the shared data (``mmlu_pro/``, ``mmlu/``, ...).
    ``dataset``: a hub id or a file/directory that replaces the task's main source.
    Neither given: the task's small embedded demo set.
    """

    data_dir: Path | None = None
    dataset: str | None = None
    extra_data: bool = True

    @property
    def is_demo(self) -> bool:
        return self.data_dir is None and self.dataset is None

    @classmethod
    def recorded(cls, metadata: dict) -> DataOptions:
        """The data a model was trained on, as its ``routerkit.json`` records it."""
        options = (metadata.get("data") or {}).get("options") or {}
        return cls(data_dir=Path(options["data_dir"]) if options.get("data_dir") else None,
                   dataset=options.get("dataset"), extra_data=options.get("extra_data", True))

    def describe(self) -> str:
        if self.is_demo:
            return "the embedded demo set"
        return str(self.dataset) if self.dataset else str(self.data_dir)


@dataclass
class TaskData:
    """Rows per split (``{"id", "text", "label", "source"}`` for sequence tasks) and what was read."""

    train: list[dict]
    validation: list[dict]
    test: list[dict]
    provenance: dict = field(default_factory=dict)

    def split(self, name: str) -> list[dict]:
        if name not in SPLITS:
            raise DataError(f"unknown split {name!r}; expected one of {', '.join(SPLITS)}")
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        return {name: len(self.split(name)) for name in SPLITS}


@dataclass(frozen=True)
class TaskSpec:
    name: str
    kind: TaskKind
    labels: tuple[str, ...]
    description: str
    load: Callable[[DataOptions], TaskData]
    #: optional task-specific data report (e.g. how labels were derived, rows left out), for `routerkit data`
    describe_data: Callable[[DataOptions], dict] | None = None
    #: metric (key of the evaluation metrics) that picks the best checkpoint
    best_metric: str = "f1"
    max_length: int = 128
    #: how a text longer than ``max_length`` is read: "first" window, "mean" or "max" over windows
    window_reduce: Literal["first", "mean", "max"] = "mean"
    #: share of training rows rewritten by ``augmenter`` (0 disables)
    augment_ratio: float = 0.0
    augmenter: Callable | None = None
    #: True: augmented copies are added next to the originals (detectors); False: rows are rewritten
    augment_adds: bool = False
    #: detectors only: the label whose probability is the risk score; a decision threshold for a target
    #: false-positive rate is chosen on the validation split and saved with the model
    positive_label: str | None = None
    target_fpr: float = 0.01
    #: weight the loss by inverse class frequency unless the configuration says otherwise
    class_weights: bool = False
    lora_r: int = 16
    lora_alpha: int = 32
    #: LoRA's learning rate when the user gives none (an adapter wants ~10-50x full fine-tuning's)
    lora_learning_rate: float = 5e-4
    #: the measured best TrainConfig values on the task's own data (``--data-dir``, docs/RESULTS.md);
    #: fields the user sets win, ``--no-recipe`` or other data (``--dataset``, the demo set)
    #: fall back to the adaptive schedule
    recipe: dict = field(default_factory=dict)
    #: which classifier of the vLLM Semantic Router this task's model fills ("domain", "pii",
    #: "prompt_guard"); None: the router has no slot for it (``routerkit export --format vllm-sr`` refuses)
    vllm_sr_slot: str | None = None

    @property
    def entity_types(self) -> tuple[str, ...]:
        """Token tasks: the entity types behind the ``B-``/``I-`` labels."""
        from routerkit.data.alignment import entity_types_of

        return entity_types_of(self.labels)

    def own_data(self, options: DataOptions) -> bool:
        """Whether ``options`` are the data the recipe was measured on (a data directory, no replacement source)."""
        return options.data_dir is not None and options.dataset is None

    def validate_rows(self, rows: Sequence[dict], where: str) -> None:
        """Raise DataError on rows this task's kind cannot train on: empty texts, labels the task does not
        know, or (token tasks) bad spans."""
        ROW_CHECKS[self.kind](self, rows, where)


def _check_label_rows(task: TaskSpec, rows: Sequence[dict], where: str) -> None:
    known = set(task.labels)
    for row in rows:
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DataError(f"{where}: row {row.get('id')!r} has empty text")
        if row.get("label") not in known:
            raise DataError(
                f"{where}: row {row.get('id')!r} has label {row.get('label')!r}, which task "
                f"{task.name!r} does not know (labels: {', '.join(task.labels)})"
            )


def _check_span_rows(task: TaskSpec, rows: Sequence[dict], where: str) -> None:
    from routerkit.data.pii import validate_pii_rows

    validate_pii_rows(rows, task.entity_types, where)


#: task kind -> the check of its rows
ROW_CHECKS = {"sequence": _check_label_rows, "token": _check_span_rows}
