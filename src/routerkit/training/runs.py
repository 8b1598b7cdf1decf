"""What both trainers share around ``transformers.Trainer``: where a run's checkpoints live, resuming
an interrupted run, and which process writes the model under data-parallel training.

Checkpoints live beside the output, in ``.<name>.checkpoints/`` (one path every process agrees on,
kept when a run is killed): a resumable run saves full checkpoints (weights, optimizer, scheduler,
RNG states) there and, started again with ``resume=True``, continues from the last one. The directory
records the configuration it was written under; a different one is refused rather than mixed in. A
finished run removes it. Under ``torchrun`` / ``accelerate launch`` every process trains, and only
the main process (rank 0) evaluates and writes the model directory.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from routerkit.errors import ConfigError

logger = logging.getLogger(__name__)

RUN_FILE = "run.json"


def world() -> tuple[int, int]:
    """(rank, world size) of this process: (0, 1) unless launched by torchrun / accelerate."""
    return int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))


def is_main_process() -> bool:
    return world()[0] == 0


def checkpoint_dir(output: Path) -> Path:
    return output.with_name(f".{output.name}.checkpoints")


def prepare_checkpoints(output: Path, record: dict, resume: bool) -> tuple[Path, str | None]:
    """The run's checkpoint directory and the checkpoint to resume from (None: from the start).

    ``record`` (the resolved configuration and data counts) is what a resumed run must match.
    Without ``resume`` an earlier run's checkpoints are removed.
    """
    from transformers.trainer_utils import get_last_checkpoint

    directory = checkpoint_dir(Path(output))
    run_file = directory / RUN_FILE
    stored = json.loads(run_file.read_text(encoding="utf-8")) if run_file.is_file() else None
    record = json.loads(json.dumps(record, default=str))  # as it reads back from JSON
    if resume and stored is not None:
        if stored != record:
            changed = sorted(k for k in set(stored) | set(record) if stored.get(k) != record.get(k))
            raise ConfigError(f"{directory}: these checkpoints were written under a different configuration "
                              f"({', '.join(changed)} differ); run without --resume to start again")
        last = get_last_checkpoint(str(directory))
        if last is not None:
            logger.info("resuming from %s", last)
            return directory, last
    if is_main_process():
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        from routerkit.artifacts import write_json

        write_json(run_file, record)
    return directory, None


def finish_checkpoints(output: Path) -> None:
    shutil.rmtree(checkpoint_dir(Path(output)), ignore_errors=True)


def global_batch(per_device: int) -> int:
    """Examples per optimizer step: the per-device batch times the number of processes (no accumulation)."""
    return per_device * world()[1]
