"""Merge a LoRA adapter into its backbone: the ``hf`` export of an adapter directory."""

from __future__ import annotations

from pathlib import Path

from routerkit.errors import ModelDirError
from routerkit.export.exporter import export
from routerkit.modeling.backbones import is_lora_dir


def merge_adapter(adapter_dir: str | Path, output: str | Path, overwrite: bool = False, trust_remote_code: bool = False) -> Path:
    adapter_dir = Path(adapter_dir)
    if not is_lora_dir(adapter_dir):
        raise ModelDirError(f"{adapter_dir}: not a LoRA adapter directory (no adapter_config.json)")
    export(adapter_dir, output, "hf", overwrite=overwrite, trust_remote_code=trust_remote_code)
    return Path(output)
