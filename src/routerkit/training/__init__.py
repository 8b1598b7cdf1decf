"""One trainer for every task, and the multi-task trainer over several."""

from __future__ import annotations

from pathlib import Path


def train_model(config, options, output: str | Path, overwrite: bool = False, resume: bool = False) -> dict:
    """Train ``config`` (a TrainConfig, or a MultiTaskConfig: one encoder, a head per task) into ``output``."""
    from routerkit.config import MultiTaskConfig

    if isinstance(config, MultiTaskConfig):
        from routerkit.training.multitask import train_multitask

        return train_multitask(config, options, output, overwrite=overwrite, resume=resume)
    from routerkit.training.trainer import train

    return train(config, options, output, overwrite=overwrite, resume=resume)
