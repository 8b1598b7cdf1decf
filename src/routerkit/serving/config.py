"""The service's configuration: which model serves which signal, batching, limits, authentication.

Read from a YAML file (``routerkit serve --config serve.yaml``) whose keys are the fields below;
command-line flags override it. Every field has a documented default, so an empty file is valid.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from routerkit.errors import ConfigError

API_KEY_ENV = "ROUTERKIT_API_KEY"


class SignalSource(BaseModel):
    """Where one signal comes from: a model directory (one of ``models``) and one of its heads."""

    model_config = ConfigDict(extra="forbid")

    model: Path
    head: str | None = Field(None, description="the model's head (default: the model's only head, or the head named like the signal)")


class BatchingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="group concurrent requests to one model into one engine call")
    max_batch_size: int = Field(32, ge=1, le=1024, description="texts per engine call at most")
    max_wait_ms: float = Field(2.0, ge=0.0, le=1000.0,
                               description="how long an idle model waits for more requests after the first one arrives")


class LimitsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_body_bytes: int = Field(10 * 1024 * 1024, ge=1, description="request body size (upstream's limit: 10 MiB); larger: 413")
    max_batch_texts: int = Field(256, ge=1, description="texts in one /api/v1/classify/batch request")
    max_text_chars: int = Field(20_000, ge=1, description="characters (code points) in one text; long texts are windowed, never truncated")
    max_request_chars: int = Field(200_000, ge=1, description="characters in all the texts of one request (one request must not "
                                                                "hold the engine for long)")


class ServeConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    models: list[Path] = Field(default_factory=list, description="model directories or exports to serve")
    #: explicit assignment, e.g. ``{"jailbreak": {"model": "runs/jb-int8"}}``; unset signals default to the head of that name
    signals: dict[str, SignalSource] = Field(default_factory=dict)
    remote_signal: str | None = Field(None, description="the signal POST /classify answers (default: jailbreak if served, "
                                                        "else the only signal); every signal also has POST /<signal>/classify")
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    backend: Literal["onnx", "torch"] | None = Field(None, description="default: ONNX Runtime for an ONNX export, else PyTorch")
    threads: int | None = Field(None, ge=1, description="ONNX Runtime threads per model (default: every CPU)")
    engine_threads: int = Field(1, ge=1, le=64, description="engine calls that run at once, over all models (CPU: 1; each call "
                                                          "already uses every core)")
    trust_remote_code: bool = False
    api_key: str | None = Field(None, description=f"Bearer token required on classification endpoints (or ${API_KEY_ENV})")
    batching: BatchingConfig = Field(default_factory=BatchingConfig)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    log_format: Literal["json", "text"] = "json"
    graceful_shutdown_s: float = Field(10.0, ge=0.0, description="how long in-flight requests may finish after SIGTERM")

    def resolved_api_key(self) -> str | None:
        key = (self.api_key or os.environ.get(API_KEY_ENV) or "").strip()  # a key file's trailing newline is not part of it
        return key or None


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'config'}: {e['msg']}" for e in exc.errors())


def load_serve_config(path: Path | None, overrides: dict) -> ServeConfig:
    """The YAML file's values (if any), then ``overrides`` (flags the user set) on top."""
    import yaml

    values: dict = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the serve configuration ({exc.strerror or exc})") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML ({exc})") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping of configuration fields, got {type(loaded).__name__}")
        values = dict(loaded or {})
        base = path.resolve().parent  # relative model paths are relative to the configuration file
        values["models"] = [str(base / m) for m in values.get("models") or []]
        for source in (values.get("signals") or {}).values():
            if isinstance(source, dict) and source.get("model") is not None:
                source["model"] = str(base / source["model"])
    for key, value in overrides.items():
        if key in ("batching", "limits"):
            values[key] = {**(values.get(key) or {}), **value}
        elif key == "models":
            values["models"] = list(values.get("models") or []) + [str(v) for v in value]
        else:
            values[key] = value
    try:
        return ServeConfig(**values)
    except ValidationError as exc:
        raise ConfigError(f"{path or 'serve configuration'}: {_problems(exc)}") from None
