"""Fixed splits and leakage rules from the shared data's SPLITS.md.

``bucket(key) = int(sha256(str(key)).hexdigest(), 16) % 10``: bucket 0 is test, 1 validation, 2-9 train.
Duplicate/leakage checks compare normalised text: lower-cased, white space collapsed, stripped.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from typing import Literal

logger = logging.getLogger(__name__)

Split = Literal["train", "validation", "test"]
SPLITS: tuple[Split, ...] = ("train", "validation", "test")
_WHITESPACE = re.compile(r"\s+")


def bucket(key: object) -> int:
    """The SPLITS.md bucket (0-9) of a key."""
    return int(hashlib.sha256(str(key).encode()).hexdigest(), 16) % 10


def split_of(key: object) -> Split:
    """Bucket 0 → test, 1 → validation, 2-9 → train."""
    b = bucket(key)
    return "test" if b == 0 else "validation" if b == 1 else "train"


def split_rows(rows: Iterable[dict], key: Callable[[dict], object] = lambda row: row["id"]) -> dict[str, list[dict]]:
    """Rows grouped by ``split_of(key(row))``: ``{"train": [...], "validation": [...], "test": [...]}``."""
    parts: dict[str, list[dict]] = {split: [] for split in SPLITS}
    for row in rows:
        parts[split_of(key(row))].append(row)
    return parts


def normalize_text(text: str) -> str:
    """Lower-case, collapse runs of white space to one space, strip."""
    return _WHITESPACE.sub(" ", text.lower()).strip()


def drop_overlap(rows: list[dict], protected: Iterable[dict], what: str) -> list[dict]:
    """Drop rows whose normalised text equals the normalised text of any protected row."""
    banned = {normalize_text(row["text"]) for row in protected}
    kept = [row for row in rows if normalize_text(row["text"]) not in banned]
    if len(kept) != len(rows):
        logger.info("dropped %d %s rows whose text equals a protected row's", len(rows) - len(kept), what)
    return kept


def deduplicate(rows: list[dict], what: str) -> list[dict]:
    """Keep the first row of each normalised text."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        key = normalize_text(row["text"])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    if len(kept) != len(rows):
        logger.info("dropped %d duplicate %s rows", len(rows) - len(kept), what)
    return kept
