"""``routerkit pipeline``: every classifier in one command, resumable (see :mod:`.runner`)."""

from routerkit.pipeline.config import PipelineConfig, load_pipeline_config
from routerkit.pipeline.runner import run_pipeline

__all__ = ["PipelineConfig", "load_pipeline_config", "run_pipeline"]
