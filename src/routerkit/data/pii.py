"""PII token-classification data: rows with character spans over Presidio entity types.

A PII row is ``{"id": str, "text": str, "spans": [{"start": int, "end": int, "label": str}, ...],
"source": str}``: character offsets into ``text``, ``end`` exclusive, spans sorted by ``start`` and
non-overlapping, labels among :data:`PII_ENTITY_TYPES` (or a subset / renaming chosen with
:func:`select_types`). Token BIO tags are derived from the spans later, with :func:`bio_labels` as
the label set.

Readers:

- :func:`read_presidio`: the Presidio research schema (``full_text``, ``spans`` of ``entity_type``,
  ``entity_value``, ``start_position``, ``end_position``), e.g. ``presidio_research/synth_dataset_v2.json``.
  Row ids are the record's 0-based index in the file (the SPLITS.md key).
- :func:`read_ai4privacy`: the ai4privacy schema (``source_text``, ``privacy_mask``), its labels mapped
  onto the Presidio types through :data:`AI4PRIVACY_LABELS`.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from routerkit.data.alignment import bio_label_set
from routerkit.data.io import read_records, require_field
from routerkit.errors import DataError

logger = logging.getLogger(__name__)

PII_ENTITY_TYPES: tuple[str, ...] = (
    "AGE",
    "CREDIT_CARD",
    "DATE_TIME",
    "DOMAIN_NAME",
    "EMAIL_ADDRESS",
    "GPE",
    "IBAN_CODE",
    "IP_ADDRESS",
    "NRP",
    "ORGANIZATION",
    "PERSON",
    "PHONE_NUMBER",
    "STREET_ADDRESS",
    "TITLE",
    "US_DRIVER_LICENSE",
    "US_SSN",
    "ZIP_CODE",
)

# ai4privacy label -> Presidio entity type. Covers the label names of pii-masking-200k (FIRSTNAME,
# PREFIX, BUILDINGNUMBER, ...), pii-masking-300k / OpenPII (GIVENNAME1, LASTNAME2, TEL, BOD,
# SOCIALNUMBER, POSTCODE, SECADDRESS, ...) and pii-masking-400k / open-pii-masking-500k (GIVENNAME,
# SURNAME, TELEPHONENUM, SOCIALNUM, DRIVERLICENSENUM, BUILDINGNUM, ...). A label with trailing digits
# that is not listed is looked up without them (GIVENNAME3 -> GIVENNAME).
# Choices: street, building number and secondary address all map to STREET_ADDRESS (pieces that touch
# or are separated only by spaces merge into one span, like Presidio's one-span addresses); city,
# state, county and country map to GPE; job titles and honorifics map to TITLE (Presidio's TITLE
# holds both); every national social-security-like number maps to US_SSN and every driver's licence
# to US_DRIVER_LICENSE (the closest Presidio types). Labels not listed here are dropped (their text
# becomes O): USERNAME, PASSWORD, PIN, SEX, GENDER, JOBTYPE, JOBAREA, ACCOUNTNAME, ACCOUNTNUMBER,
# ACCOUNTNUM, AMOUNT, CURRENCY*, BIC, CREDITCARDCVV, CREDITCARDISSUER, CARDISSUER, IDCARD(NUM),
# PASSPORT(NUM), TAXNUM, MAC, USERAGENT, PHONEIMEI, VEHICLEVIN, VEHICLEVRM, BITCOINADDRESS,
# ETHEREUMADDRESS, LITECOINADDRESS, HEIGHT, EYECOLOR, NEARBYGPSCOORDINATE, GEOCOORD,
# ORDINALDIRECTION, MASKEDNUMBER, ...
AI4PRIVACY_LABELS: dict[str, str] = {
    # people
    "FIRSTNAME": "PERSON",
    "MIDDLENAME": "PERSON",
    "LASTNAME": "PERSON",
    "FULLNAME": "PERSON",
    "NAME": "PERSON",
    "GIVENNAME": "PERSON",
    "SURNAME": "PERSON",
    "PREFIX": "TITLE",
    "TITLE": "TITLE",
    "JOBTITLE": "TITLE",
    "AGE": "AGE",
    # contact
    "EMAIL": "EMAIL_ADDRESS",
    "PHONENUMBER": "PHONE_NUMBER",
    "PHONE": "PHONE_NUMBER",
    "TELEPHONENUM": "PHONE_NUMBER",
    "TEL": "PHONE_NUMBER",
    "URL": "DOMAIN_NAME",
    "DOMAIN": "DOMAIN_NAME",
    "IP": "IP_ADDRESS",
    "IPV4": "IP_ADDRESS",
    "IPV6": "IP_ADDRESS",
    # finance
    "CREDITCARDNUMBER": "CREDIT_CARD",
    "CREDITCARD": "CREDIT_CARD",
    "IBAN": "IBAN_CODE",
    # identity numbers
    "SSN": "US_SSN",
    "SOCIALNUM": "US_SSN",
    "SOCIALNUMBER": "US_SSN",
    "DRIVERLICENSE": "US_DRIVER_LICENSE",
    "DRIVERLICENSENUM": "US_DRIVER_LICENSE",
    # dates
    "DOB": "DATE_TIME",
    "DATEOFBIRTH": "DATE_TIME",
    "BOD": "DATE_TIME",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
    # places
    "STREET": "STREET_ADDRESS",
    "STREETADDRESS": "STREET_ADDRESS",
    "BUILDINGNUMBER": "STREET_ADDRESS",
    "BUILDINGNUM": "STREET_ADDRESS",
    "BUILDING": "STREET_ADDRESS",
    "SECONDARYADDRESS": "STREET_ADDRESS",
    "SECADDRESS": "STREET_ADDRESS",
    "CITY": "GPE",
    "STATE": "GPE",
    "COUNTY": "GPE",
    "COUNTRY": "GPE",
    "ZIPCODE": "ZIP_CODE",
    "POSTCODE": "ZIP_CODE",
    "ZIP": "ZIP_CODE",
    # organisations
    "COMPANYNAME": "ORGANIZATION",
    "COMPANY": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "ORGANISATION": "ORGANIZATION",
}

_TRAILING_DIGITS = re.compile(r"\d+$")
_DIGIT_RUN = re.compile(r"\d+")
_LITERAL_NEWLINE = "\\n"  # the two characters backslash + n


def bio_labels(types: Iterable[str] = PII_ENTITY_TYPES) -> tuple[str, ...]:
    """``("O", "B-T1", "I-T1", "B-T2", ...)`` in the order of ``types`` (35 labels for all 17 types)."""
    return bio_label_set(tuple(types))


# --------------------------------------------------------------------------- validation


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_span(span: Any, text: str, labels: set[str] | frozenset[str], where: str) -> None:
    if not isinstance(span, dict):
        raise DataError(f"{where}: span must be an object with start/end/label, got {span!r}")
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    if not (_is_int(start) and _is_int(end)):
        raise DataError(f"{where}: span offsets must be integers, got start={start!r} end={end!r}")
    if not 0 <= start < end <= len(text):
        raise DataError(
            f"{where}: invalid span offsets start={start} end={end} (need 0 <= start < end <= {len(text)}, the text length)"
        )
    if label not in labels:
        raise DataError(f"{where}: unknown label {label!r} for span {start}-{end}; known: {', '.join(sorted(labels))}")


def validate_pii_rows(rows: Iterable[dict[str, Any]], labels: Iterable[str] = PII_ENTITY_TYPES, where: str = "PII rows") -> None:
    """Raise :class:`DataError` naming ``where``, the row id and the offending value on any row that breaks the contract.

    Checks: unique non-empty string ids, non-blank text, integer offsets with
    ``0 <= start < end <= len(text)``, labels in ``labels``, spans sorted by start and non-overlapping.
    """
    known = frozenset(labels)
    seen: set[str] = set()
    for index, row in enumerate(rows):
        row_id = row.get("id") if isinstance(row, dict) else None
        if not isinstance(row_id, str) or not row_id:
            raise DataError(f"{where}: row {index}: 'id' must be a non-empty string, got {row_id!r}")
        here = f"{where}: row {row_id!r}"
        if row_id in seen:
            raise DataError(f"{here}: duplicate id")
        seen.add(row_id)
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DataError(f"{here}: 'text' must be a non-blank string, got {text!r}")
        spans = row.get("spans")
        if spans is None:
            raise DataError(f"{here}: no 'spans': this is not PII data (expected fields: text, spans = [{{start, end, label}}, ...])")
        if not isinstance(spans, list):
            raise DataError(f"{here}: 'spans' must be a list, got {type(spans).__name__}")
        previous: dict[str, Any] | None = None
        for span in spans:
            _check_span(span, text, known, here)
            if previous is not None:
                if span["start"] < previous["start"]:
                    raise DataError(f"{here}: spans not sorted by start ({previous['start']} before {span['start']})")
                if span["start"] < previous["end"]:
                    raise DataError(
                        f"{here}: overlapping spans {previous['label']} {previous['start']}-{previous['end']} "
                        f"and {span['label']} {span['start']}-{span['end']}"
                    )
            previous = span


def _sort_and_check_overlap(spans: list[dict[str, Any]], where: str) -> list[dict[str, Any]]:
    spans = sorted(spans, key=lambda s: (s["start"], s["end"]))
    for first, second in zip(spans, spans[1:]):
        if second["start"] < first["end"]:
            raise DataError(
                f"{where}: overlapping spans {first['label']} {first['start']}-{first['end']} "
                f"and {second['label']} {second['start']}-{second['end']}"
            )
    return spans


# --------------------------------------------------------------------------- Presidio research schema


def _fix_literal_newlines(text: str) -> str:
    """Replace the two characters backslash + ``n`` with space + newline (same length: offsets stay valid)."""
    return text.replace(_LITERAL_NEWLINE, " \n")


def read_presidio(path: str | Path, source: str = "presidio_research", literal_newlines: bool = True) -> list[dict[str, Any]]:
    """Read a Presidio research file (JSON list or JSONL) into PII rows.

    Every span is checked: integer offsets, ``0 <= start < end <= len(full_text)``, a known
    ``entity_type``, and ``full_text[start:end] == entity_value`` exactly when ``entity_value`` is
    given (a difference in letter case only is accepted and counted: presidio-evaluator's
    ``lower_case_ratio`` can lower-case ``entity_value`` but not the text; the offsets rule). Overlapping
    spans are an error. Adjacent spans of one type (Presidio's split addresses,
    e.g. ``083`` + ``254 Damvergi Street``) are kept as they are. Any problem raises
    :class:`DataError` naming the file and the 0-based record index.

    ``literal_newlines``: text generated by presidio-evaluator can hold the two characters
    backslash + ``n`` where a line break was meant; they are replaced by space + newline, which keeps
    every offset valid. ``synth_dataset_v2.json`` holds none (it has real newlines).
    """
    path = Path(path)
    records = read_records(path)
    known = set(PII_ENTITY_TYPES)
    rows = []
    fixed = 0
    case_only: list[int] = []
    for index, record in enumerate(records):
        where = f"{path}: record {index}"
        text = require_field(record, "full_text", where)
        if not isinstance(text, str):
            raise DataError(f"{where}: 'full_text' must be a string, got {type(text).__name__}")
        if literal_newlines and _LITERAL_NEWLINE in text:
            text = _fix_literal_newlines(text)
            fixed += 1
        raw_spans = record.get("spans") or []
        if not isinstance(raw_spans, list):
            raise DataError(f"{where}: 'spans' must be a list, got {type(raw_spans).__name__}")
        spans = [_presidio_span(raw, text, known, where, literal_newlines, case_only, index) for raw in raw_spans]
        rows.append({"id": str(index), "text": text, "spans": _sort_and_check_overlap(spans, where), "source": source})
    validate_pii_rows(rows, known, str(path))
    if case_only:
        logger.warning("%s: %d spans whose entity_value differs from the text in letter case only (records %s); "
                       "kept with the file's offsets", path, len(case_only), sorted(set(case_only))[:10])
    if fixed:
        logger.info("%s: replaced literal '\\n' by a line break in %d records", path, fixed)
    logger.info("read %d Presidio rows (%d spans) from %s", len(rows), sum(len(r["spans"]) for r in rows), path)
    return rows


def _presidio_span(
    raw: Any, text: str, known: set[str], where: str, literal_newlines: bool, case_only: list[int], index: int
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: span must be an object, got {raw!r}")
    entity_type = require_field(raw, "entity_type", where)
    start = require_field(raw, "start_position", where)
    end = require_field(raw, "end_position", where)
    if entity_type not in known:
        raise DataError(f"{where}: unknown entity type {entity_type!r}; known: {', '.join(PII_ENTITY_TYPES)}")
    span = {"start": start, "end": end, "label": entity_type}
    _check_span(span, text, known, where)
    value = raw.get("entity_value")
    if value is not None:
        if literal_newlines and isinstance(value, str):
            value = _fix_literal_newlines(value)
        covered = text[start:end]
        if covered != value and covered.lower() == str(value).lower():
            case_only.append(index)
        elif covered != value:
            raise DataError(
                f"{where}: {entity_type} span {start}-{end} covers {text[start:end]!r} but entity_value is {value!r}"
            )
    return span


# --------------------------------------------------------------------------- ai4privacy schema


def _ai4privacy_type(label: str) -> str | None:
    label = label.strip().upper()
    if label in AI4PRIVACY_LABELS:
        return AI4PRIVACY_LABELS[label]
    return AI4PRIVACY_LABELS.get(_TRAILING_DIGITS.sub("", label))


def _privacy_mask(record: dict[str, Any], where: str) -> list[Any]:
    mask = require_field(record, "privacy_mask", where)
    if isinstance(mask, str):
        try:
            mask = json.loads(mask)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}: 'privacy_mask' is a string but not JSON ({exc.msg})") from None
    if not isinstance(mask, list):
        raise DataError(
            f"{where}: 'privacy_mask' must be a list of {{value, start, end, label}} (got {type(mask).__name__}; "
            "the old placeholder->value mapping has no offsets and cannot be used)"
        )
    return mask


def _trim_age(span: dict[str, Any], text: str) -> dict[str, Any]:
    """Shrink an AGE span to its first run of digits ("58 years" -> "58"), Presidio's convention."""
    match = _DIGIT_RUN.search(text, span["start"], span["end"])
    if match is None:
        return span
    return {**span, "start": match.start(), "end": match.end()}


def _merge_touching(spans: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Merge consecutive same-type spans that touch or are separated only by spaces (FIRSTNAME + LASTNAME)."""
    merged: list[dict[str, Any]] = []
    for span in spans:
        if merged:
            last = merged[-1]
            gap = text[last["end"]:span["start"]]
            if last["label"] == span["label"] and span["start"] >= last["end"] and gap.strip(" ") == "":
                merged[-1] = {**last, "end": span["end"]}
                continue
        merged.append(span)
    return merged


def read_ai4privacy(records_or_path: str | Path | Iterable[dict[str, Any]], source: str = "ai4privacy") -> list[dict[str, Any]]:
    """Rows from the ai4privacy schema: ``source_text`` + ``privacy_mask`` (a list, or a JSON string of one,
    of ``{"value", "start", "end", "label"}``).

    Labels are mapped through :data:`AI4PRIVACY_LABELS`; unmapped labels are dropped (counted and
    logged). Pieces of one mapped type that touch or are separated only by spaces merge into one span
    (``FIRSTNAME`` + ``LASTNAME`` -> one PERSON); AGE spans are shrunk to the number. ``value``, when
    present, must equal ``source_text[start:end]``. Ids: the record's ``id`` / ``uid`` if any, else
    its 0-based index.
    """
    if isinstance(records_or_path, (str, Path)):
        origin = str(records_or_path)
        records = read_records(records_or_path)
    else:
        origin = "ai4privacy records"
        records = list(records_or_path)
    known = set(PII_ENTITY_TYPES)
    dropped: Counter[str] = Counter()
    rows = []
    for index, record in enumerate(records):
        where = f"{origin}: record {index}"
        if not isinstance(record, dict):
            raise DataError(f"{where}: expected an object, got {type(record).__name__}")
        text = require_field(record, "source_text", where)
        if not isinstance(text, str):
            raise DataError(f"{where}: 'source_text' must be a string, got {type(text).__name__}")
        spans = []
        for item in _privacy_mask(record, where):
            span = _ai4privacy_span(item, text, known, where)
            if span["label"] in known:
                spans.append(_trim_age(span, text) if span["label"] == "AGE" else span)
            else:
                dropped[span["label"]] += 1
        spans = _merge_touching(_sort_and_check_overlap(spans, where), text)
        row_id = record.get("id", record.get("uid", index))
        rows.append({"id": str(row_id), "text": text, "spans": spans, "source": source})
    validate_pii_rows(rows, known, origin)
    if dropped:
        logger.info("%s: dropped %d spans with labels outside the Presidio types: %s",
                    origin, sum(dropped.values()), dict(dropped.most_common()))
    logger.info("read %d ai4privacy rows from %s", len(rows), origin)
    return rows


def _ai4privacy_span(item: Any, text: str, known: set[str], where: str) -> dict[str, Any]:
    """One privacy_mask entry as a span; an unmapped label is returned as is (the caller drops it)."""
    if not isinstance(item, dict):
        raise DataError(f"{where}: privacy_mask entry must be an object, got {item!r}")
    label = require_field(item, "label", where)
    start = require_field(item, "start", where)
    end = require_field(item, "end", where)
    mapped = _ai4privacy_type(str(label))
    span = {"start": start, "end": end, "label": mapped or str(label)}
    _check_span(span, text, known | {span["label"]}, where)
    value = item.get("value")
    if value is not None and text[start:end] != value:
        raise DataError(f"{where}: {label} span {start}-{end} covers {text[start:end]!r} but value is {value!r}")
    return span


# --------------------------------------------------------------------------- label selection


def select_types(
    rows: Iterable[dict[str, Any]],
    keep: set[str] | frozenset[str] | None = None,
    rename: Mapping[str, str] | None = None,
    known: Iterable[str] = PII_ENTITY_TYPES,
) -> list[dict[str, Any]]:
    """New rows holding only the spans whose type is in ``keep`` (all when None), renamed through ``rename``.

    Spans of dropped types are removed (their tokens become O). ``keep`` and the keys of ``rename``
    name original types; naming a type outside ``known`` raises :class:`DataError`. Renaming several
    types to one name merges them (e.g. ``{"GPE": "LOCATION", "STREET_ADDRESS": "LOCATION"}``).
    """
    known = tuple(known)
    rename = dict(rename or {})
    for what, names in (("keep", keep or ()), ("rename", rename)):
        unknown = sorted(set(names) - set(known))
        if unknown:
            raise DataError(f"select_types: {what} names unknown entity types {unknown}; known: {', '.join(known)}")
    for old, new in rename.items():
        if not isinstance(new, str) or not new.strip():
            raise DataError(f"select_types: rename of {old!r} must give a non-empty name, got {new!r}")
    kept_types = set(known) if keep is None else set(keep)
    out = []
    for row in rows:
        spans = [{**s, "label": rename.get(s["label"], s["label"])} for s in row["spans"] if s["label"] in kept_types]
        out.append({**row, "spans": spans})
    return out


def selected_labels(
    keep: set[str] | frozenset[str] | None = None,
    rename: Mapping[str, str] | None = None,
    known: Iterable[str] = PII_ENTITY_TYPES,
) -> tuple[str, ...]:
    """The entity types left after :func:`select_types` with the same arguments, in ``known`` order, without repeats."""
    rename = rename or {}
    out: list[str] = []
    for entity_type in known:
        if keep is None or entity_type in keep:
            name = rename.get(entity_type, entity_type)
            if name not in out:
                out.append(name)
    return tuple(out)
