"""The pipeline's configuration: which models, on which data, trained how, exported to what.

Read from YAML (``routerkit pipeline CONFIG.yaml``); flags override it; unset fields take the
defaults below. Per-task training values go through the same TrainConfig as ``routerkit train``,
so the task recipes, the adaptive schedule and every validation apply unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from routerkit.config import DEFAULT_BACKBONE, MULTITASK, Applies, comma_list, inapplicable
from routerkit.errors import ConfigError
from routerkit.tasks import TASKS, get_task

DEFAULT_TASKS = (*TASKS, MULTITASK)
DEFAULT_EXPORTS = ("onnx", "onnx-int8", "vllm-sr")
#: on the embedded demo sets (no data directory) each model trains this many steps: the demo shows
#: every stage working in a few minutes; its scores mean nothing (README "Quick start")
DEMO_MAX_STEPS = 60


class PipelineConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tasks: list[str] = Field(list(DEFAULT_TASKS), description="models to build, in order: task names and/or 'multitask'")
    data_dir: Path | None = Field(None, description="data directory laid out like the shared data (default: the embedded demo sets)")
    output: Path = Field(Path("runs/pipeline"), description="pipeline directory: one folder per model, summary.md/json, plots")
    backbone: str = Field(DEFAULT_BACKBONE, description="encoder of every model")
    seed: int = Field(42, description="seed of every model")
    methods: dict[str, Literal["full", "lora"]] = Field(default_factory=dict, description="training method per task (default full)")
    train: dict = Field(default_factory=dict, description="TrainConfig fields for every model (e.g. max_steps)")
    overrides: dict[str, dict] = Field(default_factory=dict, description="TrainConfig fields per task, over `train`")
    exports: list[Literal["hf", "onnx", "onnx-int8", "vllm-sr"]] = Field(
        list(DEFAULT_EXPORTS), description="export formats made from every model (vllm-sr: models the router has a slot for)")
    fail_fast: bool = Field(False, description="stop at the first failed stage (default: report it and go on)")

    @field_validator("tasks", mode="before")
    @classmethod
    def _split(cls, value):
        return comma_list(value)

    @field_validator("tasks")
    @classmethod
    def _known(cls, value):
        unknown = [name for name in value if name not in TASKS and name != MULTITASK]
        if unknown:
            raise ValueError(f"unknown task {unknown[0]!r}; known: {', '.join([*TASKS, MULTITASK])}")
        if len(set(value)) != len(value) or not value:
            raise ValueError("name each task once, at least one")
        return value

    @model_validator(mode="after")
    def _shared_values_fit_some_model(self) -> PipelineConfig:
        """A `train:` value that fits none of the models would be dropped from every one: refuse it."""
        unused = {k for k, v in self.train.items() if v is not None}
        for task in self.tasks:
            unused &= self._misfits(task)
        if unused:
            raise ValueError(f"train: {', '.join(sorted(unused))} fits none of the models ({', '.join(self.tasks)})")
        return self

    def _own_values(self, task: str) -> dict:
        """What the pipeline itself sets for ``task``, under `train` and the task's `overrides`."""
        values = {"backbone": self.backbone, "seed": self.seed}
        if self.data_dir is None:
            values["max_steps"] = DEMO_MAX_STEPS
        if task in self.methods:
            values["method"] = self.methods[task]
        return values

    def _misfits(self, task: str) -> set[str]:
        """The shared `train` fields that do not fit ``task`` (--target-fpr on category, LoRA's rank on a full
        fine-tune) and its own `overrides` do not set."""
        own = self.overrides.get(task, {})
        values = {**self._own_values(task), **self.train, **own}
        return set(inapplicable(values, Applies.of(tasks_of(task, own.get("tasks"))))) & (self.train.keys() - own.keys())

    def train_values(self, task: str) -> dict:
        """The TrainConfig fields the pipeline sets for ``task`` (the rest: recipe / adaptive / defaults).
        `train` is shared: a field that does not fit this model is left out of it; one set in its own
        `overrides` is kept, so that training refuses it like the flag."""
        misfits = self._misfits(task)
        return {**self._own_values(task), **{k: v for k, v in self.train.items() if k not in misfits},
                **self.overrides.get(task, {})}


def tasks_of(name: str, multitask_tasks=None) -> list:
    """The task specs a model named ``name`` trains (``multitask``: ``multitask_tasks``, default all four)."""
    if name != MULTITASK:
        return [get_task(name)]
    return [get_task(task) for task in comma_list(multitask_tasks) or TASKS]


def load_pipeline_config(path: Path | None, **flags) -> PipelineConfig:
    """The YAML file's fields (if any), with the flags that are not None over them; one-line errors."""
    values: dict = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the pipeline configuration ({exc})") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping of pipeline fields, got {type(loaded).__name__}")
        values.update(loaded or {})
    values.update({k: v for k, v in flags.items() if v is not None})
    try:
        return PipelineConfig(**values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid pipeline configuration: {problems}") from None
