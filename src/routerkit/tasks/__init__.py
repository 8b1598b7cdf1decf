"""Task registry: every task is a :class:`TaskSpec`; one trainer and one CLI serve them all."""

from __future__ import annotations

from routerkit.errors import UnknownTaskError
from routerkit.tasks.category import CATEGORY
from routerkit.tasks.intent import INTENT
from routerkit.tasks.jailbreak import JAILBREAK_TASK
from routerkit.tasks.pii import PII
from routerkit.tasks.spec import DataOptions, TaskData, TaskSpec

TASKS: dict[str, TaskSpec] = {spec.name: spec for spec in (CATEGORY, PII, JAILBREAK_TASK, INTENT)}


def get_task(name: str) -> TaskSpec:
    try:
        return TASKS[name]
    except KeyError:
        raise UnknownTaskError(f"unknown task {name!r}; known tasks: {', '.join(sorted(TASKS))}") from None


__all__ = ["TASKS", "DataOptions", "TaskData", "TaskSpec", "get_task"]
