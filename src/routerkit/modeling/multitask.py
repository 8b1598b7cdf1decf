"""One encoder, several named heads: one forward pass gives every head's logits.

Each head is the architecture's own ``transformers`` classification model (``*ForSequenceClassification``
for sequence and detector heads, ``*ForTokenClassification`` for token heads) whose encoder is
replaced by a view of the shared one. A head therefore computes exactly what that ``transformers``
model computes on the shared encoder's output (BERT: the shared pooler, dropout, classifier;
ModernBERT: CLS or mean pooling, its prediction head, classifier), and ``head_model(name)`` gives back
a plain ``transformers`` model (the encoder merged with that head) that ``pipeline`` loads.

On disk (format 2, :mod:`routerkit.model_format`): ``config.json`` is the encoder's configuration;
full models keep every weight in ``model.safetensors`` (``encoder.*``, ``heads.<name>.*``); LoRA
models keep the encoder's adapter (``adapter_config.json``, ``adapter_model.safetensors``) and the
heads, trained in full, in ``heads.safetensors``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import torch

from routerkit.errors import ConfigError, ModelDirError
from routerkit.inference.heads import HeadSpec
from routerkit.modeling.backbones import lora_targets_for, resolve_backbone

logger = logging.getLogger(__name__)

HEADS_FILE = "heads.safetensors"
WEIGHTS_FILE = "model.safetensors"
#: architectures whose sequence head pools as ``config.classifier_pooling`` says ("cls" or "mean")
MEAN_POOLING = ("modernbert",)


class SharedEncoderView(torch.nn.Module):
    """Stands in for a head model's encoder: returns the output the shared encoder computed for this
    call (kept per thread, so concurrent forward passes do not see each other's)."""

    def __init__(self):
        super().__init__()
        self._local = threading.local()

    @contextlib.contextmanager
    def holding(self, outputs):
        self._local.outputs = outputs
        try:
            yield
        finally:
            self._local.outputs = None

    def forward(self, *args, **kwargs):
        outputs = getattr(self._local, "outputs", None)
        if outputs is None:
            raise RuntimeError("a head's encoder view was called outside MultiTaskModel.forward")
        return outputs


def head_config(encoder_config, spec: HeadSpec):
    """The ``transformers`` configuration of ``spec``'s head model: the encoder's, with the head's labels."""
    config = encoder_config.__class__.from_dict(encoder_config.to_dict())
    config.num_labels = len(spec.labels)
    config.id2label = dict(enumerate(spec.labels))
    config.label2id = {label: i for i, label in enumerate(spec.labels)}
    if spec.is_sequence and config.model_type in MEAN_POOLING:
        config.classifier_pooling = spec.pooling
    config.architectures = None
    return config


def _auto_class(spec: HeadSpec):
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    return AutoModelForSequenceClassification if spec.is_sequence else AutoModelForTokenClassification


def check_pooling(model_type: str, specs: Sequence[HeadSpec]) -> None:
    for spec in specs:
        if spec.is_sequence and spec.pooling == "mean" and model_type not in MEAN_POOLING:
            raise ConfigError(f"head {spec.name!r}: mean pooling needs an architecture whose classification head pools "
                              f"by configuration ({', '.join(MEAN_POOLING)}); {model_type} pools the CLS token")


class MultiTaskModel(torch.nn.Module):
    """``forward`` -> ``{head name: logits}`` (sequence: batch x labels; token: batch x tokens x labels)."""

    def __init__(self, encoder, specs: Sequence[HeadSpec], head_models: dict):
        super().__init__()
        self.encoder = encoder
        self.specs = {spec.name: spec for spec in specs}
        self.view = SharedEncoderView()
        self.heads = torch.nn.ModuleDict(head_models)
        for head in self.heads.values():
            setattr(head, head.base_model_prefix, self.view)

    @property
    def config(self):
        """The encoder's configuration (what the engine reads for the window length)."""
        return self.encoder.config

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(self.specs)

    @property
    def encoder_inputs(self) -> tuple[str, ...]:
        import inspect

        accepted = inspect.signature(self._base_encoder().forward).parameters
        return tuple(n for n in ("input_ids", "attention_mask", "token_type_ids") if n in accepted)

    def _base_encoder(self):
        base = self.encoder
        return base.get_base_model() if hasattr(base, "get_base_model") else base

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, heads: Sequence[str] | None = None):
        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            inputs["token_type_ids"] = token_type_ids
        outputs = self.encoder(**inputs, return_dict=True)
        logits = {}
        with self.view.holding(outputs):
            for name in heads or self.specs:
                logits[name] = self.heads[name](input_ids=input_ids, attention_mask=attention_mask).logits
        return logits

    # -- plain transformers models, one per head ---------------------------------------------------------

    def head_model(self, name: str):
        """A fresh ``transformers`` model: the encoder (adapters merged) with head ``name`` on top."""
        if name not in self.specs:
            raise ConfigError(f"the model has no head {name!r}; its heads: {', '.join(self.specs)}")
        spec = self.specs[name]
        encoder = self._base_encoder()
        if hasattr(self.encoder, "merge_and_unload"):
            raise ConfigError("merge the LoRA adapter first (load the model with merge=True)")
        model = _auto_class(spec).from_config(head_config(encoder.config, spec))
        prefix = model.base_model_prefix
        state = {f"{prefix}.{k}": v for k, v in encoder.state_dict().items()}
        state.update({k: v for k, v in self.heads[name].state_dict().items() if not k.startswith(f"{prefix}.")})
        wanted = model.state_dict()
        missing = sorted(set(wanted) - set(state))
        if missing:
            raise ModelDirError(f"head {name!r}: cannot build a transformers model, missing weights {', '.join(missing[:3])}")
        model.load_state_dict({k: state[k] for k in wanted})
        return model.eval()


def build_multitask(backbone: str, specs: Sequence[HeadSpec], trust_remote_code: bool = False, encoder_config=None) -> MultiTaskModel:
    """A multi-task model on ``backbone`` (pretrained encoder weights, fresh heads); with ``encoder_config``
    nothing is read from ``backbone`` (the weights are loaded afterwards)."""
    from transformers import AutoModel

    try:
        if encoder_config is None:
            encoder = AutoModel.from_pretrained(resolve_backbone(backbone), trust_remote_code=trust_remote_code)
        else:
            encoder = AutoModel.from_config(encoder_config, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot load backbone {backbone!r}: {str(exc).splitlines()[0]}") from None
    check_pooling(encoder.config.model_type, specs)
    heads = {}
    for spec in specs:
        with torch.random.fork_rng():  # the throwaway encoder inside each head model must not move the seed
            model = _auto_class(spec).from_config(head_config(encoder.config, spec), trust_remote_code=trust_remote_code)
        heads[spec.name] = model
    return MultiTaskModel(encoder, specs, heads)


def wrap_encoder_lora(model: MultiTaskModel, r: int, alpha: int, dropout: float, targets: list[str] | None) -> MultiTaskModel:
    """LoRA adapters on the shared encoder; the heads (and BERT's pooler) are trained in full."""
    from peft import LoraConfig, get_peft_model

    encoder = model.encoder
    pooler = ["pooler"] if any(name.split(".")[-1] == "pooler" for name, _ in encoder.named_modules()) else []
    config = LoraConfig(r=r, lora_alpha=alpha, lora_dropout=dropout, target_modules=lora_targets_for(encoder.config.model_type, targets),
                        modules_to_save=pooler or None)
    model.encoder = get_peft_model(encoder, config)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    logger.info("LoRA r=%d alpha=%d on the shared encoder (%s): %d of %d parameters trainable (%.2f%%)",
                r, alpha, config.target_modules, trainable, total, 100 * trainable / total)
    return model


def save_multitask(model: MultiTaskModel, directory: Path) -> None:
    """Weights as safetensors: every weight (full), or the encoder's adapter and the heads (LoRA)."""
    from safetensors.torch import save_file

    directory = Path(directory)
    if hasattr(model.encoder, "peft_config"):
        model.encoder.save_pretrained(directory)
        model.encoder.get_base_model().config.save_pretrained(directory)
        save_file(_contiguous(model.heads.state_dict()), str(directory / HEADS_FILE), metadata={"format": "pt"})
    else:
        model.encoder.config.save_pretrained(directory)
        save_file(_contiguous(model.state_dict()), str(directory / WEIGHTS_FILE), metadata={"format": "pt"})


def _contiguous(state: dict) -> dict:
    return {k: v.detach().contiguous() for k, v in state.items()}


def load_multitask(directory: Path, specs: Sequence[HeadSpec], backbone: str | None, merge: bool = True,
                   trust_remote_code: bool = False) -> MultiTaskModel:
    """The model a format-2 directory holds; LoRA adapters are applied to ``backbone`` (and merged)."""
    from safetensors.torch import load_file
    from transformers import AutoConfig

    directory = Path(directory)
    try:
        config = AutoConfig.from_pretrained(directory, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        raise ModelDirError(f"{directory}: cannot read the encoder's config.json ({str(exc).splitlines()[0]})") from None
    if (directory / "adapter_config.json").exists():
        from peft import PeftModel

        if not backbone:
            raise ModelDirError(f"{directory}: LoRA adapter without a recorded backbone in routerkit.json")
        model = build_multitask(backbone, specs, trust_remote_code)
        model.encoder = PeftModel.from_pretrained(model.encoder, directory)
        _load_into(model.heads, load_file(str(directory / HEADS_FILE)), directory / HEADS_FILE)
        if merge:
            model.encoder = model.encoder.merge_and_unload()
        return model.eval()
    path = directory / WEIGHTS_FILE
    if not path.exists():
        raise ModelDirError(f"{directory}: no {WEIGHTS_FILE}")
    model = build_multitask(str(directory), specs, trust_remote_code, encoder_config=config)
    _load_into(model, load_file(str(path)), path)
    return model.eval()


def _load_into(module: torch.nn.Module, state: dict, path: Path) -> None:
    wanted = module.state_dict()
    missing = sorted(set(wanted) - set(state))
    unexpected = sorted(set(state) - set(wanted))
    if missing or unexpected:
        problem = f"missing {', '.join(missing[:3])}" if missing else f"unexpected {', '.join(unexpected[:3])}"
        raise ModelDirError(f"{path}: weights do not match the heads routerkit.json describes ({problem})")
    module.load_state_dict(state)
