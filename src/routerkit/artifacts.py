"""Self-describing model directories: safetensors + JSON, labels inside, atomic writes.

A routerkit model directory holds either a full model that ``transformers`` loads as is
(``config.json`` with ``id2label``/``label2id``, tokenizer files, ``model.safetensors``) or a LoRA
adapter (``adapter_config.json``, ``adapter_model.safetensors``, tokenizer). Both carry
``routerkit.json``: task, labels, method, backbone, window settings, the training config and metrics.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from routerkit import __version__
from routerkit.errors import ModelDirError
from routerkit.model_format import MULTITASK_FORMAT, check_format, parse_document

logger = logging.getLogger(__name__)

METADATA_FILE = "routerkit.json"
#: the manifest of an export that is a directory of model directories (``--format vllm-sr``)
EXPORT_MANIFEST = "routerkit_export.json"
FORMAT_VERSION = 1


def write_json(path: str | Path, data: Any) -> None:
    """Write JSON atomically (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)


@contextlib.contextmanager
def atomic_directory(target: Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a staging directory that replaces ``target`` only if the block succeeds.

    A failure (or Ctrl-C) leaves ``target`` untouched and removes the staging directory:
    there is never a half-written model directory at ``target``. Before the rename every file gets
    the permissions the user's umask gives a new file (safetensors writes weights owner-only, which
    a serving process running as another user could not read).

    ``overwrite`` replaces an existing model directory (or export) only: a file, or a non-empty
    directory without ``routerkit.json`` / ``routerkit_export.json`` (say, a data directory named by
    mistake), is refused.
    """
    target = Path(target)
    check_output_dir(target, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    apply_umask_permissions(staging)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def check_output_dir(target: Path, overwrite: bool) -> None:
    """Raise ModelDirError unless ``target`` is free, or ``overwrite`` and it is a routerkit model (or empty) directory."""
    if not target.exists():
        return
    if not overwrite:
        raise ModelDirError(f"{target}: already exists (pass --overwrite to replace it)")
    ours = (target / METADATA_FILE).is_file() or (target / EXPORT_MANIFEST).is_file()
    if not (target.is_dir() and (not any(target.iterdir()) or ours)):
        raise ModelDirError(f"{target}: exists and is not a routerkit model directory; refusing to replace it")


def apply_umask_permissions(directory: Path) -> None:
    """Give ``directory`` and everything in it the modes ``open``/``mkdir`` would under the umask."""
    umask = os.umask(0)
    os.umask(umask)
    for path in (directory, *directory.rglob("*")):
        if not path.is_symlink():
            path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def write_metadata(directory: Path, metadata: dict) -> None:
    """Write ``routerkit.json``: format 1 (one flat head) unless ``metadata`` names its format (2: named heads)."""
    write_json(directory / METADATA_FILE, {"format": FORMAT_VERSION, "routerkit_version": __version__, **metadata})


def read_metadata(directory: str | Path) -> dict:
    """The model directory's routerkit.json, or metadata derived from a plain transformers config.

    Raises ModelDirError when the directory is missing or carries no labels.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelDirError(f"{directory}: model directory not found")
    meta_path = directory / METADATA_FILE
    if meta_path.exists():
        try:
            metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ModelDirError(f"{meta_path}: invalid JSON ({exc.msg})") from None
        if not isinstance(metadata, dict):
            raise ModelDirError(f"{meta_path}: expected a JSON object")
        if check_format(metadata, str(meta_path)) >= MULTITASK_FORMAT:
            parse_document(metadata, str(meta_path))  # validated here: a bad document fails on load, in one line
            return metadata
        if not metadata.get("labels"):
            raise ModelDirError(f"{meta_path}: no 'labels' list; cannot map model outputs to labels")
        return metadata
    config_path = directory / "config.json"
    if not config_path.exists():
        raise ModelDirError(f"{directory}: not a model directory (no {METADATA_FILE} or config.json)")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    id2label = config.get("id2label") or {}
    labels = [id2label[k] for k in sorted(id2label, key=int)] if id2label else []
    if not labels or all(label == f"LABEL_{i}" for i, label in enumerate(labels)):
        raise ModelDirError(f"{directory}: the model has no labels (no {METADATA_FILE}, and config.json has no named id2label)")
    architectures = " ".join(config.get("architectures") or [])
    kind = "token" if "TokenClassification" in architectures else "sequence"
    return {"task": None, "kind": kind, "labels": labels, "method": "full", "max_length": None}
