"""Readers for the public datasets, each in its own schema, from a local path or a hub id."""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any

from routerkit.data.io import SUPPORTED_SUFFIXES, read_records, require_field
from routerkit.errors import DataError

logger = logging.getLogger(__name__)


def looks_like_hub_id(source: str) -> bool:
    """``owner/name`` that is not an existing local path (nor a data file name such as ``data/x.jsonl``)."""
    path = Path(source)
    return (not path.exists() and source.count("/") == 1 and not source.startswith((".", "/"))
            and path.suffix.lower() not in SUPPORTED_SUFFIXES)


def load_hub_records(dataset_id: str, split: str, config: str | None = None) -> list[dict[str, Any]]:
    """Load one split of a Hugging Face hub dataset as records (needs network or a warm cache)."""
    try:
        import datasets

        loaded = datasets.load_dataset(dataset_id, config, split=split)
    except Exception as exc:  # network, missing split, offline mode ...
        raise DataError(
            f"cannot load hub dataset {dataset_id!r} (split {split!r}): {str(exc).splitlines()[0]}. "
            "Offline? Download it once, or pass a local file or directory instead."
        ) from None
    return loaded.to_list()


def read_path_records(source: str | Path, prefer: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Read records from a file, or from every data file in a directory.

    In a directory with several files, those whose name contains ``prefer`` (e.g. ``"test"``) are
    read if any exist. Returns ``(where, record)`` pairs, ``where`` naming file and record number.
    """
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file())
        files = [p for p in files if p.name not in ("PROVENANCE.md",)]
        if prefer and any(prefer in p.name for p in files):
            files = [p for p in files if prefer in p.name]
        if not files:
            raise DataError(f"{path}: no data files ({', '.join(SUPPORTED_SUFFIXES)}) in this directory")
    else:
        files = [path]
    pairs = []
    for file in files:
        for index, record in enumerate(read_records(file), start=1):
            pairs.append((f"{file}: record {index}", record))
    return pairs


def read_mmlu_pro(source: str | Path) -> list[dict[str, Any]]:
    """MMLU-Pro rows in its own schema (``question_id``, ``question``, ``category``, ...).

    ``source``: the hub id ``TIGER-Lab/MMLU-Pro`` (its ``test`` split) or a local file / directory.
    """
    if looks_like_hub_id(str(source)):
        pairs = [(f"{source}[test] row {i}", r) for i, r in enumerate(load_hub_records(str(source), "test"))]
    else:
        pairs = read_path_records(source, prefer="test")
    rows = []
    for where, record in pairs:
        question = require_field(record, "question", where)
        category = require_field(record, "category", where)
        qid = require_field(record, "question_id", where)
        if not isinstance(question, str):
            raise DataError(f"{where}: field 'question' must be a string")
        rows.append({"id": str(qid), "text": question, "label": str(category), "source": str(record.get("src", "mmlu_pro"))})
    logger.info("read %d MMLU-Pro rows from %s", len(rows), source)
    return rows


def read_mmlu(source: str | Path, subject_to_label: dict[str, str | None]) -> list[dict[str, Any]]:
    """Original MMLU questions relabelled through ``subject_to_label`` (subjects mapped to None are skipped).

    ``source``: a directory of the original CSVs (``dev/``, ``val/``, ``test/`` with
    ``<subject>_<split>.csv``, no header: question, A, B, C, D, answer) or the hub id ``cais/mmlu``.
    """
    if looks_like_hub_id(str(source)):
        records = []
        for split in ("dev", "validation", "test"):
            for i, r in enumerate(load_hub_records(str(source), split, config="all")):
                records.append((f"{source}[{split}] row {i}", split, r["subject"], r["question"]))
    else:
        root = Path(source)
        files = sorted(root.glob("*/*.csv"))
        if not files:
            raise DataError(f"{root}: no MMLU CSV files (expected dev/, val/, test/ folders of <subject>_<split>.csv)")
        records = []
        for file in files:
            subject, _, split = file.stem.rpartition("_")
            with file.open(encoding="utf-8", newline="") as handle:
                for number, fields in enumerate(csv.reader(handle), start=1):
                    if len(fields) != 6:
                        raise DataError(f"{file}:{number}: expected 6 columns (question, A, B, C, D, answer), got {len(fields)}")
                    records.append((f"{file}:{number}", split, subject, fields[0]))
    rows, unknown = [], set()
    for where, split, subject, question in records:
        if subject not in subject_to_label:
            unknown.add(subject)
            continue
        label = subject_to_label[subject]
        if label is None or not question.strip():
            continue
        rows.append({"id": f"mmlu/{where.rsplit('/', 1)[-1]}", "text": question, "label": label, "source": f"mmlu-{subject}"})
    if unknown:
        raise DataError(f"{source}: MMLU subjects with no category mapping: {', '.join(sorted(unknown))}")
    logger.info("read %d MMLU rows from %s", len(rows), source)
    return rows
