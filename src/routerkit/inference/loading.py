"""Reading a model directory's parts: its tokenizer and its PyTorch model (full or LoRA, merged)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from routerkit.errors import DataError, ModelDirError
from routerkit.modeling.backbones import is_lora_dir, load_classifier


_QUIET = threading.Lock()


@contextlib.contextmanager
def _quiet_transformers():
    """transformers' log level is global: one loader at a time lowers and restores it."""
    from transformers.utils import logging as hf_logging

    with _QUIET:
        level = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()
        try:
            yield
        finally:
            hf_logging.set_verbosity(level)


def check_text(text: object, where: str) -> None:
    if not isinstance(text, str):
        raise DataError(f"{where}: 'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise DataError(f"{where}: empty text")


def load_model_tokenizer(model_dir: Path, trust_remote_code: bool = False):
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(model_dir, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        raise ModelDirError(f"{model_dir}: cannot load tokenizer ({str(exc).splitlines()[0]})") from None


def load_model(model_dir: Path, metadata: dict, merge: bool = True, trust_remote_code: bool = False):
    """The model of a routerkit directory; LoRA adapters are applied to their backbone (and merged).
    Format 2: a :class:`~routerkit.modeling.multitask.MultiTaskModel`; format 1: a ``transformers`` model.

    Weights are read from safetensors only (never a pickled ``pytorch_model.bin``); custom model code
    runs only with ``trust_remote_code``.
    """
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    from routerkit.model_format import is_multihead

    if is_multihead(metadata):
        from routerkit.inference.heads import heads_from_metadata
        from routerkit.modeling.multitask import load_multitask

        with _quiet_transformers():
            return load_multitask(model_dir, list(heads_from_metadata(metadata).values()), metadata.get("backbone"),
                                  merge=merge, trust_remote_code=trust_remote_code)
    kind = metadata.get("kind", "sequence")
    if is_lora_dir(model_dir):
        from peft import PeftModel

        if not metadata.get("backbone"):
            raise ModelDirError(f"{model_dir}: LoRA adapter without a recorded backbone in routerkit.json")
        # the base's fresh head is reported "MISSING ... newly initialized"; the adapter's saved head replaces it
        with _quiet_transformers():
            base = load_classifier(metadata["backbone"], kind, tuple(metadata["labels"]), trust_remote_code)
        model = PeftModel.from_pretrained(base, model_dir)
        return model.merge_and_unload() if merge else model
    auto = AutoModelForSequenceClassification if kind == "sequence" else AutoModelForTokenClassification
    try:
        return auto.from_pretrained(model_dir, use_safetensors=True, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        raise ModelDirError(f"{model_dir}: cannot load model ({str(exc).splitlines()[0]})") from None
