"""Dynamic micro-batching: concurrent requests to one model become one engine call.

Each served model has one :class:`ModelWorker`. Engine calls run on an executor shared by every
model, one thread by default: on a CPU each call already uses every core, so two calls at once
(of one model or of two) only take the cores from each other, and while one model's group runs the
others' requests gather into bigger groups. Inference never runs on the event loop, so the server
keeps answering while a batch runs. With batching on, a
request joins a queue; the worker takes every request waiting (up to ``max_batch_size`` texts), and
when the model was idle it first waits up to ``max_wait_ms`` for company, but only while requests
come concurrently (the server is answering others, the previous group had several, or more are
queued): a lone client's request does not wait for company that is not coming. One encoder pass then serves
every head any request in the group asked for, and each request gets back exactly its own texts,
decoded with its own thresholds. With batching off, each request is one engine call of its own, on
the same thread.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from routerkit.inference.engine import Classifier

logger = logging.getLogger(__name__)


@dataclass
class Job:
    """One request's share of an engine call: its texts, the heads it reads and their thresholds."""

    texts: list[str]
    heads: tuple[str, ...]
    thresholds: dict[str, float] = field(default_factory=dict)
    future: asyncio.Future | None = None


def run_group(classifier: Classifier, jobs: Sequence[Job], batch_size: int) -> list[dict[str, list]]:
    """One encoder pass over every job's texts; per job, per head, its typed results (engine order)."""
    texts = [text for job in jobs for text in job.texts]
    heads = [name for name in classifier.heads if any(name in job.heads for job in jobs)]
    outputs = classifier.forward(texts, batch_size=batch_size, heads=heads)
    results, start = [], 0
    for job in jobs:
        end = start + len(job.texts)
        mine = {}
        for name in job.heads:
            spec = classifier.heads[name]
            mine[name] = spec.results(outputs[name][start:end], job.texts, job.thresholds.get(name))
        results.append(mine)
        start = end
    return results


class ModelWorker:
    """Runs one classifier's engine calls on its own thread, grouping concurrent requests when enabled."""

    def __init__(self, name: str, classifier: Classifier, *, enabled: bool = True, max_batch_size: int = 32,
                 max_wait_ms: float = 2.0, observe_batch=None, executor: ThreadPoolExecutor | None = None, company=None):
        self.name = name
        self.classifier = classifier
        self.enabled = enabled
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait_ms / 1000.0
        self._observe = observe_batch or (lambda texts, requests: None)
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"engine-{name}")
        self._queue: asyncio.Queue[Job] | None = None
        self._loop_task: asyncio.Task | None = None
        self._lock: asyncio.Lock | None = None
        self._last_group = 0
        #: how many requests the server is answering now (several: more may be on their way to this model)
        self._company = company or (lambda: 0)

    async def start(self) -> None:
        self._lock = asyncio.Lock()
        if self.enabled:
            self._queue = asyncio.Queue()
            self._loop_task = asyncio.create_task(self._batch_loop(), name=f"batcher-{self.name}")

    async def run(self, texts: list[str], heads: Sequence[str], thresholds: dict[str, float] | None = None) -> dict[str, list]:
        """Per head, one result per text (texts already validated: a bad text must not fail a whole group)."""
        job = Job(list(texts), tuple(heads), dict(thresholds or {}))
        if not self.enabled:
            async with self._lock:  # one engine call at a time, in arrival order
                return (await self._call([job]))[0]
        job.future = asyncio.get_running_loop().create_future()
        await self._queue.put(job)
        return await job.future

    async def _call(self, jobs: list[Job]) -> list[dict[str, list]]:
        texts = sum(len(job.texts) for job in jobs)
        self._observe(texts, len(jobs))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, run_group, self.classifier, jobs, self.max_batch_size)

    async def _batch_loop(self) -> None:
        """Take the waiting requests as one group, run it, repeat; ``None`` in the queue ends the loop."""
        while True:
            first = await self._queue.get()
            if first is None:
                return
            group, size, stop = [first], len(first.texts), False
            concurrent = self._last_group > 1 or not self._queue.empty() or self._company() > 1
            deadline = time.monotonic() + (self.max_wait if concurrent else 0.0)
            while size < self.max_batch_size:
                if self._queue.empty():
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    try:
                        job = await asyncio.wait_for(self._queue.get(), remaining)
                    except asyncio.TimeoutError:
                        break
                else:
                    job = self._queue.get_nowait()
                if job is None:
                    stop = True
                    break
                group.append(job)
                size += len(job.texts)
            self._last_group = len(group)
            await self._settle(group)
            if stop:
                return

    async def _settle(self, group: list[Job]) -> None:
        group = [job for job in group if not job.future.done()]  # a client that went away cancelled its future
        if not group:
            return
        try:
            results = await self._call(group)
        except Exception as exc:  # noqa: BLE001
            if len(group) > 1:  # one request's failure must not fail the others: each runs alone
                logger.warning("engine call failed for a group of %d on %s (%s); running each request alone", len(group), self.name, exc)
                for job in group:
                    await self._settle([job])
                return
            logger.exception("engine call failed on %s", self.name)
            if not group[0].future.done():
                group[0].future.set_exception(exc)
            return
        for job, result in zip(group, results):
            if not job.future.done():
                job.future.set_result(result)

    async def stop(self) -> None:
        """Finish every request already queued, then stop its own thread (a shared executor: its owner's)."""
        if self._loop_task is not None and not self._loop_task.done():
            await self._queue.put(None)
            await self._loop_task
        if self._own_executor:
            await asyncio.to_thread(self._executor.shutdown, wait=True)
