"""Which task each training batch comes from: every batch holds one task's rows.

An epoch has as many batches as the tasks' batches add up to, whatever the sampler; the samplers
differ in how those batches are shared out among the tasks:

* ``proportional``: each task's batches exactly once (task i gets b_i of them): large tasks dominate;
* ``round_robin``: the tasks in turn, equally often (small tasks' rows repeat, large tasks' are cut);
* ``temperature``: task i's share is b_i^(1/T) / sum_j b_j^(1/T): T = 1 is proportional, a large T
  approaches round-robin (T = 2 by default; docs/RESULTS.md).

Within a task, batches are cut from length-sorted groups of 50 batches (less padding, as the
single-task trainer's ``group_by_length``), and a task whose rows run out starts a new shuffled pass.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence

GROUP_BATCHES = 50


def task_shares(batches: Sequence[int], sampler: str, temperature: float) -> list[float]:
    if sampler == "proportional":
        weights = [float(b) for b in batches]
    elif sampler == "round_robin":
        weights = [1.0] * len(batches)
    elif sampler == "temperature":
        weights = [b ** (1.0 / temperature) for b in batches]
    else:
        raise ValueError(f"unknown sampler {sampler!r}")
    total = sum(weights)
    return [w / total for w in weights]


def apportion(total: int, shares: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``shares`` (largest remainders), every share at least 1."""
    raw = [total * s for s in shares]
    counts = [max(1, math.floor(r)) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - math.floor(raw[i]), reverse=True):
        if sum(counts) >= total:
            break
        counts[i] += 1
    return counts


class TaskBatchSampler:
    """Batches of dataset indices, each from one task (``tasks[i]``: the indices of task i's rows)."""

    def __init__(self, tasks: Sequence[Sequence[int]], lengths: Sequence[int], batch_size: int, sampler: str = "temperature",
                 temperature: float = 2.0, seed: int = 42, group_by_length: bool = True):
        if any(not rows for rows in tasks):
            raise ValueError("every task needs training rows")
        self.tasks = [list(rows) for rows in tasks]
        self.lengths = lengths
        self.batch_size = batch_size
        self.group_by_length = group_by_length
        self.seed = seed
        self.epoch = 0
        batches = [math.ceil(len(rows) / batch_size) for rows in self.tasks]
        self.total = sum(batches)
        self.shares = task_shares(batches, sampler, temperature)
        self.counts = apportion(self.total, self.shares)
        self.sampler = sampler

    def __len__(self) -> int:
        return sum(self.counts)

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __iter__(self) -> Iterator[list[int]]:
        rng = random.Random(self.seed * 1_000_003 + self.epoch)
        streams = [self._batches(rows, rng) for rows in self.tasks]
        for task in self._order(rng):
            yield next(streams[task])

    def _order(self, rng: random.Random) -> list[int]:
        if self.sampler == "round_robin":
            left, order = list(self.counts), []
            while any(left):
                for task, n in enumerate(left):
                    if n:
                        order.append(task)
                        left[task] -= 1
            return order
        order = [task for task, n in enumerate(self.counts) for _ in range(n)]
        rng.shuffle(order)
        return order

    def _batches(self, rows: list[int], rng: random.Random) -> Iterator[list[int]]:
        while True:  # a new shuffled pass whenever the task's rows run out
            order = list(rows)
            rng.shuffle(order)
            batches = []
            group = self.batch_size * GROUP_BATCHES
            for start in range(0, len(order), group):
                chunk = order[start : start + group]
                if self.group_by_length:
                    chunk.sort(key=lambda i: self.lengths[i], reverse=True)
                batches += [chunk[i : i + self.batch_size] for i in range(0, len(chunk), self.batch_size)]
            rng.shuffle(batches)
            yield from batches
