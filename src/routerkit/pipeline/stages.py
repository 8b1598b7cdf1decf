"""Resumable stages: a stage is finished when its record says so under the same key and its artifact is there.

Each stage (``<task>.train``, ``<task>.export.<format>``) writes its artifact atomically (the model
and export writers do) and only then its record ``OUTPUT/.stages/<stage>.json`` (status ``done`` and
the key: a hash of the stage's resolved configuration). A pipeline started again skips a stage whose
record, key and artifact all agree, and redoes any other: killed before the record, the artifact is
never taken for a finished one. A stage whose key changed starts from scratch (``on_changed``);
training whose key is the same resumes from its checkpoint.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from routerkit.artifacts import EXPORT_MANIFEST, METADATA_FILE, write_json

logger = logging.getLogger(__name__)

STAGES_DIR = ".stages"


def stage_key(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


@dataclass
class StageOutcome:
    name: str
    status: str  # done | reused | failed | not applicable
    seconds: float = 0.0
    artifact: str | None = None
    error: str | None = None


class Stages:
    """The stage records of one pipeline directory."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.directory = self.root / STAGES_DIR

    def record(self, name: str) -> dict | None:
        path = self.directory / f"{name}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None

    def finished(self, name: str, key: str, artifact: Path) -> bool:
        record = self.record(name)
        return (record is not None and record.get("status") == "done" and record.get("key") == key
                and _is_artifact(artifact))

    def run(self, name: str, key: str, artifact: Path, work: Callable[[], object],
            on_changed: Callable[[], None] | None = None) -> StageOutcome:
        """Run ``work`` unless the stage is finished; ``work`` writes ``artifact`` (atomically)."""
        if self.finished(name, key, artifact):
            record = self.record(name) or {}
            logger.info("%s: finished earlier (%s), kept", name, artifact)
            return StageOutcome(name, "reused", record.get("seconds", 0.0), str(artifact))
        previous = self.record(name)
        if previous is not None and previous.get("key") != key and on_changed is not None:
            logger.info("%s: its configuration changed since the last run: starting it again", name)
            on_changed()
        write_json(self.directory / f"{name}.json", {"key": key, "status": "running", "started": time.time()})
        started = time.perf_counter()
        work()
        seconds = round(time.perf_counter() - started, 1)
        write_json(self.directory / f"{name}.json", {"key": key, "status": "done", "seconds": seconds,
                                                     "finished": time.time(), "artifact": str(artifact)})
        return StageOutcome(name, "done", seconds, str(artifact))


def _is_artifact(path: Path) -> bool:
    return (path / METADATA_FILE).is_file() or (path / EXPORT_MANIFEST).is_file()
