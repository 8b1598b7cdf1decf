"""Merge a LoRA adapter into its backbone: a full model directory that transformers loads as is."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from routerkit.artifacts import atomic_directory, check_output_dir, model_card, read_metadata, write_metadata
from routerkit.errors import ModelDirError
from routerkit.inference.predictor import load_model_tokenizer, load_model
from routerkit.modeling.backbones import is_lora_dir

logger = logging.getLogger(__name__)


def merge_adapter(adapter_dir: str | Path, output: str | Path, overwrite: bool = False, trust_remote_code: bool = False) -> Path:
    adapter_dir, output = Path(adapter_dir), Path(output)
    metadata = read_metadata(adapter_dir)
    if not is_lora_dir(adapter_dir):
        raise ModelDirError(f"{adapter_dir}: not a LoRA adapter directory (no adapter_config.json)")
    check_output_dir(output, overwrite)  # before the (slow) merge
    model = load_model(adapter_dir, metadata, merge=True, trust_remote_code=trust_remote_code)
    tokenizer = load_model_tokenizer(adapter_dir, trust_remote_code)
    with atomic_directory(output, overwrite) as staging:
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        merged = {k: v for k, v in metadata.items() if k not in ("format", "routerkit_version")}
        merged.update(method="full", merged_from={"method": "lora", "adapter_dir": str(adapter_dir)})
        write_metadata(staging, merged)
        (staging / "README.md").write_text(model_card(merged), encoding="utf-8")
        if (adapter_dir / "eval").is_dir():
            shutil.copytree(adapter_dir / "eval", staging / "eval")
    logger.info("merged %s into %s", adapter_dir, output)
    return output
