"""The reproducibility record every trained model carries (``routerkit.json`` → ``reproducibility``).

What a run needs to be repeated and checked: the resolved configuration with each value's origin
(user, the task's recipe, LoRA default, adaptive schedule, default), the seed, the data (row counts
per split, and the sha256 of every source folder of the data directory or of the dataset file), the
package versions, the thread count and machine, and the git commit of the routerkit source.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import platform
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

PACKAGES = ("routerkit", "torch", "transformers", "peft", "datasets", "accelerate", "tokenizers", "safetensors",
            "scikit-learn", "seqeval", "numpy", "onnx", "onnxruntime")


def reproducibility_record(config, origins: dict[str, str], schedule_origin: dict[str, str], options,
                           counts: dict) -> dict:
    """The record for a run of ``config`` (a TrainConfig) on ``options`` (DataOptions)."""
    import torch

    values = config.model_dump()
    origin = {}
    for name in values:
        if name == "task":
            continue
        origin[name] = origins.get(name) or schedule_origin.get(name) or "default"
    return {
        "seed": config.seed,
        "config": values,
        "origin": origin,
        "data": {"counts": counts, "sources": data_sources(options)},
        "packages": package_versions(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "torch_threads": torch.get_num_threads(),
        "git": git_commit(),
        "command": sys.argv,
    }


def package_versions() -> dict[str, str | None]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


@functools.cache
def git_commit() -> dict | None:
    """The commit of the checkout routerkit runs from (and whether it has uncommitted changes); None outside git.

    Read once per process (the trainers ask as a run starts): the code a process runs is the code it
    imported, so a checkout edited or committed during a long run does not change what is recorded."""
    source = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "uncommitted_changes": bool(dirty)}


def data_sources(options) -> dict:
    """sha256 and file count of each source folder of the data directory, or of the ``--dataset`` file or folder."""
    if options.dataset is not None:
        path = Path(options.dataset)
        return {str(options.dataset): _tree_digest(path) if path.exists() else {"hub_id": options.dataset}}
    if options.data_dir is None:
        return {"embedded demo set": {"routerkit": package_versions()["routerkit"]}}
    return _folder_digests(str(Path(options.data_dir).resolve()))


@functools.lru_cache(maxsize=8)
def _folder_digests(data_dir: str) -> dict:
    root = Path(data_dir)
    return {child.name: _tree_digest(child) for child in sorted(root.iterdir())
            if child.is_dir() and not child.name.startswith(".")}


def _tree_digest(path: Path) -> dict:
    """sha256 over the sorted (relative path, file sha256) pairs of every file under ``path`` (or of the file)."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    outer = hashlib.sha256()
    total = 0
    for file in files:
        inner = hashlib.sha256()
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                inner.update(block)
                total += len(block)
        name = file.name if path.is_file() else file.relative_to(path).as_posix()
        outer.update(f"{name}\0{inner.hexdigest()}\n".encode())
    return {"sha256": outer.hexdigest(), "files": len(files), "bytes": total}

