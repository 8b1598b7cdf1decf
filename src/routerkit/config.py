"""Typed, validated training configuration and the seed's adaptive schedule by training-set size."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from routerkit.errors import ConfigError

logger = logging.getLogger(__name__)

DEFAULT_BACKBONE = "all-MiniLM-L6-v2"


class TrainConfig(BaseModel):
    """Everything that decides a training run. ``None`` schedule fields come from the adaptive schedule."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    task: str = Field(description="task name (see `routerkit tasks`)")
    backbone: str = Field(DEFAULT_BACKBONE, description="hub id or local path of the encoder; default: offline all-MiniLM-L6-v2")
    method: Literal["full", "lora"] = Field("full", description="full fine-tuning or LoRA")
    max_length: int | None = Field(None, ge=8, le=8192, description="tokens per window (default: the task's)")
    epochs: float | None = Field(None, gt=0, description="training epochs (adaptive default)")
    batch_size: int | None = Field(None, ge=1, description="per-device batch size (adaptive default)")
    learning_rate: float | None = Field(None, gt=0, lt=1, description="peak learning rate (adaptive default)")
    weight_decay: float | None = Field(None, ge=0, lt=1, description="AdamW weight decay (adaptive default)")
    warmup_ratio: float | None = Field(None, ge=0, lt=1, description="share of steps for LR warm-up (adaptive default)")
    eval_strategy: Literal["epoch", "steps"] | None = Field(None, description="when to evaluate/save (adaptive default)")
    eval_steps: int | None = Field(None, ge=1, description="steps between evaluations (implies eval_strategy=steps unless set)")
    early_stopping_patience: int | None = Field(None, ge=0, description="evaluations without improvement before stopping; 0 disables")
    max_steps: int = Field(-1, description="stop after this many optimizer steps, at least 1 (-1: use epochs)")
    max_train_rows: int | None = Field(None, ge=1, description="use at most this many training rows (seeded sample)")
    seed: int = Field(42, description="random seed for data order, augmentation and initialisation")
    class_weights: bool | None = Field(None, description="weight the loss by inverse class frequency (task default: on for jailbreak and intent)")
    oversample: dict[str, int] | None = Field(None, description="repeat the training rows of a source N times, SOURCE=N[,SOURCE=N...] (e.g. presidio_research=3 weighs the real rows against generated ones)")
    augment_ratio: float | None = Field(None, ge=0, le=1, description="share of training rows rewritten by the task's augmenter")
    target_fpr: float | None = Field(None, gt=0, lt=1, description="detectors: false-positive rate the saved threshold is chosen for on validation (task default 0.01)")
    entity_types: list[str] | None = Field(None, description="token tasks: keep only these entity types (comma-separated; others become O)")
    rename_entities: dict[str, str] | None = Field(None, description="token tasks: rename entity types, OLD=NEW[,OLD=NEW...] (several to one name merges them)")
    span_conventions: dict[str, str] | None = Field(None, description="token tasks: annotation conventions of the training rows, "
                                                    "NAME=CHOICE[,...]: address=split|whole, title=honorifics|all, date_time=phrase|pieces "
                                                    "(defaults first; README 'PII conventions')")
    lora_r: int | None = Field(None, ge=1, description="LoRA rank (task default)")
    lora_alpha: int | None = Field(None, ge=1, description="LoRA alpha (task default)")
    lora_dropout: float = Field(0.1, ge=0, lt=1, description="LoRA dropout")
    lora_target_modules: list[str] | None = Field(None, description="LoRA target module names (default: chosen per architecture)")
    group_by_length: bool = Field(True, description="batch texts of similar length together (much less padding)")
    bf16: bool = Field(False, description="bf16 autocast (only faster on hardware with native bf16; ~10x slower on AVX2-only CPUs)")
    tensorboard: bool = Field(False, description="write TensorBoard logs under OUTPUT/logs")
    trust_remote_code: bool = Field(False, description="allow custom model code from the hub (off by default)")
    recipe: bool = Field(True, description="on the task's own data (--data-dir), start from its measured recipe (docs/RESULTS.md); "
                                           "--no-recipe: the adaptive schedule")

    @field_validator("max_steps")
    @classmethod
    def _check_max_steps(cls, value):
        if value != -1 and value < 1:
            raise ValueError(f"must be at least 1, or -1 to train by epochs; got {value}")
        return value

    @field_validator("lora_target_modules", "entity_types", mode="before")
    @classmethod
    def _split_commas(cls, value):
        return comma_list(value)

    @field_validator("rename_entities", "span_conventions", mode="before")
    @classmethod
    def _parse_renames(cls, value):
        if isinstance(value, str):
            pairs = _key_value_pairs(value)
            if pairs is None or any(not new for _, new in pairs):
                raise ValueError("expected NAME=VALUE[,NAME=VALUE...]")
            value = dict(pairs)
        return value

    @field_validator("oversample", mode="before")
    @classmethod
    def _parse_oversample(cls, value):
        if isinstance(value, str):
            pairs = _key_value_pairs(value, split_at_last=True)
            if pairs is None or any(not times.isdigit() for _, times in pairs):
                raise ValueError("expected SOURCE=N[,SOURCE=N...] with a whole number N")
            value = {source: int(times) for source, times in pairs}
        if isinstance(value, dict) and any(int(times) < 1 for times in value.values()):
            raise ValueError("oversample counts must be at least 1")
        return value


#: the name a multi-task run goes by (``routerkit train multitask``, a pipeline's task list)
MULTITASK = "multitask"


class MultiTaskConfig(TrainConfig):
    """A multi-task run: every TrainConfig field applies to the shared run (``--oversample`` and
    ``--class-weights`` to the tasks they fit); these say which tasks, how batches are drawn from them
    and how their losses are weighed."""

    task: str = Field(MULTITASK, description="always 'multitask'")
    tasks: list[str] | None = Field(None, description="multitask: the tasks, comma-separated (default: all four)")
    sampler: Literal["proportional", "round_robin", "temperature"] = Field(
        "temperature", description="multitask: which task each batch comes from: in proportion to its batches, in turn, "
                                   "or in proportion to batches^(1/T)")
    sampler_temperature: float = Field(2.0, ge=1, description="multitask: T of the temperature sampler (1: proportional)")
    loss_weights: dict[str, float] | None = Field(None, description="multitask: loss weight per task, TASK=W[,TASK=W...] (default 1)")
    pooling: dict[str, Literal["cls", "mean"]] | None = Field(
        None, description="multitask: pooling of sequence heads, TASK=cls|mean[,...] (mean: ModernBERT only; default cls)")

    @field_validator("tasks", mode="before")
    @classmethod
    def _split_tasks(cls, value):
        return comma_list(value)

    @field_validator("loss_weights", mode="before")
    @classmethod
    def _parse_weights(cls, value):
        if isinstance(value, str):
            pairs = _key_value_pairs(value)
            try:
                value = {task: float(weight) for task, weight in pairs or []}
            except ValueError:
                pairs = None
            if pairs is None:
                raise ValueError("expected TASK=W[,TASK=W...] with a number W")
        if isinstance(value, dict) and any(float(w) < 0 for w in value.values()):
            raise ValueError("loss weights must be at least 0")
        return value

    @field_validator("pooling", mode="before")
    @classmethod
    def _parse_pooling(cls, value):
        if isinstance(value, str):
            pairs = _key_value_pairs(value)
            if pairs is None:
                raise ValueError("expected TASK=cls|mean[,TASK=cls|mean...]")
            value = dict(pairs)
        return value


def config_class(task: str) -> type[TrainConfig]:
    """The configuration type of a run named ``task``: a task's own, or the multi-task run's."""
    return MultiTaskConfig if task == MULTITASK else TrainConfig


#: fields only a multi-task run takes
MULTITASK_FIELDS = tuple(sorted(set(MultiTaskConfig.model_fields) - set(TrainConfig.model_fields)))


#: fields only LoRA uses
LORA_FIELDS = ("lora_r", "lora_alpha", "lora_dropout", "lora_target_modules")


@dataclass(frozen=True)
class Applies:
    """Which task-specific options a run takes: token tasks' entity options, detectors' target FPR,
    sequence tasks' class weights (a multi-task run: those of any of its tasks)."""

    token: bool
    detector: bool
    sequence: bool

    @classmethod
    def of(cls, tasks) -> Applies:
        """From task specs (anything with ``kind`` and ``positive_label``)."""
        tasks = list(tasks)
        return cls(token=any(t.kind == "token" for t in tasks), detector=any(t.positive_label for t in tasks),
                   sequence=any(t.kind != "token" for t in tasks))


def inapplicable(values: dict, applies: Applies) -> dict[str, str]:
    """The fields among ``values`` (what a user set) that a run with these tasks would ignore, and why."""
    out = {}
    if values.get("method", "full") != "lora":
        out.update({name: "applies to --method lora only" for name in LORA_FIELDS if name in values})
    if not applies.token:
        out.update({name: "applies to token (PII) tasks only" for name in ("entity_types", "rename_entities", "span_conventions")
                    if name in values})
    if not applies.detector and "target_fpr" in values:
        out["target_fpr"] = "applies to detectors (jailbreak) only"
    if not applies.sequence and values.get("class_weights"):
        out["class_weights"] = "applies to sequence tasks only (a token task's loss is not class-weighted)"
    if values.get("eval_strategy") == "epoch" and "eval_steps" in values:
        out["eval_steps"] = "applies to --eval-strategy steps only"
    return out


def user_values(config: TrainConfig) -> dict:
    """The fields the user set to something other than their default (a config dumped and read back,
    with every field present, sets nothing new)."""
    fields = type(config).model_fields
    return {name: getattr(config, name) for name in config.model_fields_set
            if getattr(config, name) is not None and getattr(config, name) != fields[name].default}


def refuse_inapplicable(config: TrainConfig, applies: Applies) -> None:
    """A ConfigError naming every option the user set that this run would ignore (nothing is silently dropped)."""
    problems = inapplicable(user_values(config), applies)
    if problems:
        raise ConfigError(f"{config.task}: " + "; ".join(f"--{name.replace('_', '-')} {why}" for name, why in problems.items()))


def comma_list(value):
    """``"a, b"`` -> ``["a", "b"]``; anything else as it is (pydantic checks it). The one parser of
    comma-separated lists in configurations (training, pipeline) and options."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    return value


def _key_value_pairs(text: str, split_at_last: bool = False) -> list[tuple[str, str]] | None:
    """``"A=B, C=D"`` -> ``[("A", "B"), ("C", "D")]`` (stripped); None when a part has no ``=`` or no key."""
    pairs = []
    for part in (p for p in text.split(",") if p.strip()):
        key, sep, val = part.rpartition("=") if split_at_last else part.partition("=")
        if not sep or not key.strip():
            return None
        pairs.append((key.strip(), val.strip()))
    return pairs


class Schedule(BaseModel):
    """The resolved optimisation schedule; ``origin`` says which fields were adaptive or overridden."""

    epochs: float
    batch_size: int
    learning_rate: float
    weight_decay: float
    warmup_ratio: float
    eval_strategy: Literal["epoch", "steps"]
    eval_steps: int | None
    early_stopping_patience: int
    size_band: str
    origin: dict[str, str]


# The seed's anti-overfitting defaults by training-set size.
_ADAPTIVE = (
    (1000, "<1000", dict(epochs=2, batch_size=4, learning_rate=1e-5, weight_decay=0.15, warmup_ratio=0.1,
                         eval_strategy="epoch", eval_steps=None, early_stopping_patience=1)),
    (5000, "<5000", dict(epochs=3, batch_size=8, learning_rate=2e-5, weight_decay=0.1, warmup_ratio=0.06,
                         eval_strategy="steps", eval_steps=100, early_stopping_patience=2)),
    (None, ">=5000", dict(epochs=4, batch_size=16, learning_rate=3e-5, weight_decay=0.05, warmup_ratio=0.03,
                          eval_strategy="steps", eval_steps=200, early_stopping_patience=3)),
)


def adaptive_defaults(n_train: int) -> tuple[str, dict]:
    for limit, band, values in _ADAPTIVE:
        if limit is None or n_train < limit:
            return band, dict(values)
    raise AssertionError("unreachable")


def apply_recipe(config: TrainConfig, recipe: dict, lora_learning_rate: float, own_data: bool,
                 where: str) -> tuple[TrainConfig, dict[str, str]]:
    """The configuration a run uses, and where each value the user did not leave unset came from.

    Precedence: what the user set (flags, ``--config``), then the task's measured ``recipe`` when the
    data is the task's own (``own_data``) and ``config.recipe`` is on, then (LoRA) the task's LoRA
    learning rate; fields still unset come from the adaptive schedule or the task's defaults.
    """
    user = set(config.model_fields_set) - {"task"}
    origins = {name: "user" for name in user}
    updates = {}
    if config.recipe and own_data:
        for name, value in recipe.items():
            if name not in user:
                updates[name], origins[name] = value, f"recipe ({where})"
    if config.method == "lora" and "learning_rate" not in user:
        updates["learning_rate"], origins["learning_rate"] = lora_learning_rate, f"LoRA default ({where})"
    if updates:
        logger.info("%s: %s", f"recipe for {where}" if config.recipe and own_data else "LoRA default",
                    ", ".join(f"{k}={v}" for k, v in updates.items()))
    elif recipe and not (config.recipe and own_data):
        logger.info("%s: no recipe (%s): the adaptive schedule", where,
                    "--no-recipe" if not config.recipe else "not the task's own data")
    resolved = build_config(type(config), **{**config.model_dump(exclude_unset=True), **updates, "task": config.task})
    return resolved, origins


def resolve_schedule(config: TrainConfig, n_train: int, origins: dict[str, str] | None = None) -> Schedule:
    """Adaptive defaults for ``n_train`` rows, with every field the config sets taking precedence
    (its origin from ``origins``, as :func:`apply_recipe` returns them; else ``user``)."""
    band, values = adaptive_defaults(n_train)
    origin = {}
    for name in values:
        override = getattr(config, name)
        if override is not None:
            values[name] = override
            origin[name] = (origins or {}).get(name, "user")
        else:
            origin[name] = f"adaptive ({band} rows)"
    if config.eval_steps is not None and config.eval_strategy is None and values["eval_strategy"] != "steps":
        values["eval_strategy"] = "steps"  # an explicit --eval-steps means evaluating every that many steps
        origin["eval_strategy"] = "implied by eval_steps"
    if values["eval_strategy"] == "steps" and values["eval_steps"] is None:
        values["eval_steps"] = 200
    return Schedule(**values, size_band=band, origin=origin)


def build_config(cls: type[TrainConfig] = TrainConfig, **values) -> TrainConfig:
    """Build a TrainConfig (or ``cls``), turning pydantic's errors into one ConfigError line."""
    try:
        return cls(**values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid configuration: {problems}") from None
