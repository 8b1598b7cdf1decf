"""Signals and the models that serve them.

The router asks for four signals. Each is served by one head of one model: a multi-task model serves
every head it has from one encoder pass, single-task models serve one signal each. By default a
signal is the head of the same name (a single-task model's head is named after its task); the
configuration's ``signals:`` assigns one explicitly.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from routerkit.artifacts import read_metadata
from routerkit.errors import ConfigError
from routerkit.inference.heads import HeadSpec, heads_from_metadata
from routerkit.serving.batching import ModelWorker
from routerkit.serving.config import ServeConfig

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signal:
    """A signal the service can serve: the head kinds that can give it, and its name in /info/models."""

    name: str
    kinds: tuple[str, ...]
    model_name: str
    description: str


SIGNALS: dict[str, Signal] = {s.name: s for s in (
    Signal("category", ("sequence", "detector"), "category_classifier", "the request's domain (upstream's 'intent')"),
    Signal("pii", ("token",), "pii_classifier", "personal data spans"),
    Signal("jailbreak", ("detector",), "jailbreak_classifier", "jailbreak risk"),
    Signal("intent", ("sequence", "detector"), "tool_intent_classifier", "the request's tool-use category"),
)}


@dataclass(frozen=True)
class Assignment:
    signal: str
    model: Path
    head: HeadSpec


def plan(config: ServeConfig) -> list[Assignment]:
    """Which head of which model serves each signal; read from metadata only (fast: nothing is loaded)."""
    if not config.models and not config.signals:
        raise ConfigError("no model to serve: name one or more model directories (or `models:` in --config)")
    models = list(dict.fromkeys(Path(m).resolve() for m in [*config.models, *(s.model for s in config.signals.values())]))
    heads: dict[Path, dict[str, HeadSpec]] = {}
    for model in models:
        if not model.is_dir():
            raise ConfigError(f"{model}: model directory not found")
        heads[model] = heads_from_metadata(read_metadata(model))
    unknown = [name for name in config.signals if name not in SIGNALS]
    if unknown:
        raise ConfigError(f"unknown signal {unknown[0]!r} in signals:; expected one of {', '.join(SIGNALS)}")
    chosen: dict[str, Assignment] = {}
    for name, source in config.signals.items():
        model_heads = heads[Path(source.model).resolve()]
        head = source.head or (name if name in model_heads else None) or (next(iter(model_heads)) if len(model_heads) == 1 else None)
        if head not in model_heads:
            raise ConfigError(f"signal {name!r}: {source.model} has no head {head!r} (heads: {', '.join(model_heads)})")
        chosen[name] = Assignment(name, Path(source.model).resolve(), model_heads[head])
    explicit = set(config.signals)
    for model in models:
        for head in heads[model].values():
            if head.name in explicit:
                continue
            if head.name not in SIGNALS:
                logger.warning("%s: head %r is not a signal the service knows (%s); not served", model, head.name, ", ".join(SIGNALS))
                continue
            if head.name in chosen:
                raise ConfigError(f"signal {head.name!r} is given by both {chosen[head.name].model} and {model}; "
                                  "say which in the configuration's signals:")
            chosen[head.name] = Assignment(head.name, model, head)
    for assignment in chosen.values():
        wanted = SIGNALS[assignment.signal].kinds
        if assignment.head.kind not in wanted:
            raise ConfigError(f"signal {assignment.signal!r} needs a {' or '.join(wanted)} head; "
                              f"{assignment.model} head {assignment.head.name!r} is a {assignment.head.kind} head")
    if not chosen:
        raise ConfigError("none of the models has a head the service serves (" + ", ".join(SIGNALS) + ")")
    return [chosen[name] for name in SIGNALS if name in chosen]


class Registry:
    """The loaded models (one worker each) and the signal -> (worker, head) map."""

    def __init__(self, config: ServeConfig, assignments: list[Assignment]):
        self.config = config
        self.assignments = assignments
        self.workers: dict[Path, ModelWorker] = {}
        self.signals: dict[str, tuple[ModelWorker, HeadSpec]] = {}
        self.executor = ThreadPoolExecutor(max_workers=config.engine_threads, thread_name_prefix="engine")

    @property
    def models(self) -> list[Path]:
        return list(dict.fromkeys(a.model for a in self.assignments))

    def load(self, observe_batch=None, company=None) -> None:
        """Load every model (slow: run it off the event loop)."""
        from routerkit.inference.engine import load

        several = len(self.models) > 1
        for model in self.models:
            logger.info("loading %s", model)
            # several ONNX sessions in one process: spinning pool threads would take the CPUs from each other
            classifier = load(model, self.config.backend, trust_remote_code=self.config.trust_remote_code,
                              threads=self.config.threads, spin=not several)
            batching = self.config.batching
            self.workers[model] = ModelWorker(model.name, classifier, enabled=batching.enabled,
                                              max_batch_size=batching.max_batch_size, max_wait_ms=batching.max_wait_ms,
                                              executor=self.executor, company=company,
                                              observe_batch=observe_batch and (lambda t, r, m=model.name: observe_batch(m, t, r)))
        for a in self.assignments:
            self.signals[a.signal] = (self.workers[a.model], self.workers[a.model].classifier.heads[a.head.name])

    async def start(self) -> None:
        for worker in self.workers.values():
            await worker.start()

    async def stop(self) -> None:
        for worker in self.workers.values():
            await worker.stop()
        await asyncio.to_thread(self.executor.shutdown, wait=True)  # an engine call still running must not block the loop
