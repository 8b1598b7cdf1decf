"""Merge a LoRA adapter into its backbone: a full model directory.

A single-task adapter becomes the ``hf`` export (a plain ``transformers`` model); a multi-task one
(format 2) becomes a full multi-task directory: the encoder's adapter merged, the heads as they are.
"""

from __future__ import annotations

from pathlib import Path

from routerkit.artifacts import atomic_directory, check_output_dir, read_metadata, write_metadata
from routerkit.cards import multitask_card
from routerkit.errors import ModelDirError
from routerkit.export.exporter import export, exported_metadata
from routerkit.model_format import is_multihead
from routerkit.modeling.backbones import is_lora_dir


def merge_adapter(adapter_dir: str | Path, output: str | Path, overwrite: bool = False, trust_remote_code: bool = False) -> Path:
    adapter_dir, output = Path(adapter_dir), Path(output)
    if not is_lora_dir(adapter_dir):
        raise ModelDirError(f"{adapter_dir}: not a LoRA adapter directory (no adapter_config.json)")
    metadata = read_metadata(adapter_dir)
    if not is_multihead(metadata):
        export(adapter_dir, output, "hf", overwrite=overwrite, trust_remote_code=trust_remote_code)
        return output
    import shutil

    from routerkit.inference.loading import load_model, load_model_tokenizer
    from routerkit.modeling.multitask import save_multitask

    check_output_dir(output, overwrite)
    model = load_model(adapter_dir, metadata, merge=True, trust_remote_code=trust_remote_code)
    tokenizer = load_model_tokenizer(adapter_dir, trust_remote_code)
    merged = exported_metadata(metadata, adapter_dir, "merged")
    merged.pop("export")
    with atomic_directory(output, overwrite) as staging:
        save_multitask(model, staging)
        tokenizer.save_pretrained(staging)
        write_metadata(staging, merged)
        (staging / "README.md").write_text(multitask_card(merged), encoding="utf-8")
        if (adapter_dir / "eval").is_dir():
            shutil.copytree(adapter_dir / "eval", staging / "eval")
    return output
