"""Read records from JSONL / JSON / CSV / parquet files with errors that name the file and line."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from routerkit.errors import DataError

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".jsonl", ".json", ".csv", ".parquet")


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Read a list of dict records from a ``.jsonl``, ``.json``, ``.csv`` or ``.parquet`` file.

    Raises :class:`DataError` naming the file (and line, where there is one) on any problem.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if path.is_dir():
        raise DataError(f"{path}: is a directory, expected a data file ({', '.join(SUPPORTED_SUFFIXES)})")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return [record for _, record in iter_jsonl(path)]
    if suffix == ".json":
        return _read_json(path)
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".parquet":
        return _read_parquet(path)
    raise DataError(f"{path}: unsupported file type {suffix!r}; use one of {', '.join(SUPPORTED_SUFFIXES)}")


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` for every non-blank line of a JSONL file (a UTF-8 BOM is skipped);
    DataError names file:line."""
    with path.open(encoding="utf-8-sig") as handle:
        yield from iter_jsonl_lines(handle, str(path))


def iter_jsonl_lines(lines, where: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """:func:`iter_jsonl` over any iterable of lines (standard input: ``where`` is ``<stdin>``)."""
    try:
        for number, line in enumerate(lines, start=1):
            if number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{where}:{number}: invalid JSON ({exc.msg} at column {exc.colno})") from None
            if not isinstance(record, dict):
                raise DataError(f"{where}:{number}: expected a JSON object, got {type(record).__name__}")
            yield number, record
    except UnicodeDecodeError as exc:
        raise DataError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _read_json(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg} at column {exc.colno})") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if isinstance(data, dict):
        # Accept {"data": [...]} / {"rows": [...]} wrappers as well as a bare list.
        lists = [value for value in data.values() if isinstance(value, list)]
        if len(lists) != 1:
            raise DataError(f"{path}: expected a JSON list of records (or an object holding one list)")
        data = lists[0]
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a JSON list of records, got {type(data).__name__}")
    for index, record in enumerate(data):
        if not isinstance(record, dict):
            raise DataError(f"{path}: record {index}: expected a JSON object, got {type(record).__name__}")
    return data


def _read_csv(path: Path) -> list[dict[str, Any]]:
    csv.field_size_limit(2**31 - 1)  # prompt datasets hold fields far above csv's 128 KiB default
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames:
                raise DataError(f"{path}: empty CSV file (a header row is required)")
            rows = []
            for record in reader:
                if None in record:
                    raise DataError(f"{path}:{reader.line_num}: more fields than the header has")
                rows.append(dict(record))
            return rows
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise DataError(f"{path}: malformed CSV ({exc})") from None


def _read_parquet(path: Path) -> list[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise DataError(f"{path}: cannot read parquet ({exc})") from None


def write_jsonl_stream(stream, records: list[dict[str, Any]]) -> None:
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    stream.flush()


def write_jsonl(path: str | Path, records: list[dict[str, Any]]) -> None:
    """Write records as JSONL atomically (a temporary file renamed into place)."""
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a directory; name the JSONL file to write")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        write_jsonl_stream(handle, records)
    tmp.replace(path)


def require_field(record: dict[str, Any], field: str, where: str) -> Any:
    """Return ``record[field]`` or raise a DataError naming ``where`` (file:line or record)."""
    if field not in record or record[field] is None:
        raise DataError(f"{where}: missing field {field!r} (fields present: {sorted(record)})")
    return record[field]
