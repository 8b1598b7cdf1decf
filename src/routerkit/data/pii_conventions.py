"""PII annotation conventions, explicit and configurable, applied to a token task's training rows.

Sources disagree on where an entity ends: Presidio's research file writes an address sometimes as one
multi-line STREET_ADDRESS span and sometimes as separate building-number / street / secondary
STREET_ADDRESS pieces next to GPE and ZIP_CODE spans; job titles and honorifics share TITLE; a
date-time phrase may come in pieces. A model trained on a mixture learns none of them cleanly. The
rules (defaults first; ``--span-conventions address=whole,title=all,date_time=pieces`` picks the others):

* ``address=split``: the street line is one STREET_ADDRESS span (building number, street and any
  secondary unit such as "Apt. 4", "Suite 700", "Box 12", with the separators between them); the
  city, state and country are GPE spans and the postal code a ZIP_CODE span, each on its own.
  Presidio's split pieces of one street line are joined; a one-span address is cut at its line breaks
  and commas, each piece typed by its text (a postal-code shape, a place with or without a code, a
  street line). ``address=whole``: the street line and the GPE / ZIP_CODE spans that follow it,
  separated only by spaces, commas or line breaks, become one STREET_ADDRESS span.
* ``title=honorifics``: TITLE holds honorifics only (Mr., Ms., Dr., Prof., Madame ...); a job title
  ("nurse", "Head of Marketing") is not personal data by itself and becomes ``O``. ``title=all``: job
  titles stay TITLE.
* ``date_time=phrase``: DATE_TIME pieces of one phrase ("Thursday, October 3 at 4 pm") are one span
  (pieces joined across a comma, a space, "at", "on", "the", "of"). ``date_time=pieces``: as written.
* DOMAIN_NAME (not configurable): a standalone host or URL; the domain inside an e-mail address is
  part of the EMAIL_ADDRESS span, never a DOMAIN_NAME of its own (the spans of a row never overlap).

The conventions apply to the rows a model is trained and validated on (every source, generated rows
included); test rows keep their source's own annotation, so that test figures are comparable with
other tools (docs/RESULTS.md also reports the test split under the conventions).
"""

from __future__ import annotations

import re
from typing import Any

from routerkit.errors import ConfigError

#: convention -> its choices, the default first
CONVENTIONS: dict[str, tuple[str, ...]] = {
    "address": ("split", "whole"),
    "title": ("honorifics", "all"),
    "date_time": ("phrase", "pieces"),
}

HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam", "madame", "mme", "mlle", "lord", "lady",
    "rev", "fr", "herr", "frau", "señor", "señora", "señorita", "sr", "sra", "srta", "don", "doña", "signor",
    "signora", "dott", "m", "monsieur", "mademoiselle", "shri", "smt", "hon", "capt", "col", "gen", "sgt",
})

_ADDRESS_TYPES = ("STREET_ADDRESS", "GPE", "ZIP_CODE")
_GAP = re.compile(r"[\s,>]*")  # ">": the quote marks of a quoted e-mail
_ZIP = (r"\d{4,6}(?:-\d{3,4})?|\d{3} \d{2}|\d{2}-\d{3}|\d{3}-\d{4}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
        r"|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4} ?[A-Z]{2}")
_ZIP_ONLY = re.compile(rf"(?:{_ZIP})")
_ZIP_PLACE = re.compile(rf"(?P<zip>{_ZIP})\s+(?P<place>[^\d\n]+)")
_PLACE_ZIP = re.compile(rf"(?P<place>[^\d\n]+?),?\s+(?P<zip>{_ZIP})")
_SECONDARY = re.compile(r"(apt|apartment|suite|ste|unit|flat|box|p\.?\s?o\.?\s?box|floor|fl|room|rm|building|bldg|"
                        r"psc|cmr|dpo|apo|fpo)\b", re.IGNORECASE)
#: street-type words written after the street's name ("Main St", "Hauptstraße", "Puruntie") ...
_STREET_SUFFIX = re.compile(
    r"\b(street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|court|ct|place|pl|boulevard|blvd|square|sq|terrace|"
    r"close|crescent|parkway|highway|hwy|alley|row|gardens|mews|strasse|straße|str|weg|gasse|platz|allee|vej|"
    r"gade|gatan|vägen|katu|tie|utca|ulica|u)\b\.?|(straße|strasse|weg|gasse|vej|gade|gatan|vägen|katu|tie)\b",
    re.IGNORECASE)
#: ... and before it ("Rue de Provence", "Via Roma")
_STREET_PREFIX = re.compile(r"(rue|via|viale|calle|avenida|rua|avenue|boulevard|piazza|plaza|largo)\b", re.IGNORECASE)
_DATE_GAP = re.compile(r",? ?(?:(?:at|on|the|of|@) )?,? ?")


def resolve_conventions(chosen: dict[str, str] | None) -> dict[str, str]:
    """Every convention's choice (defaults filled in); a ConfigError for an unknown name or choice."""
    out = {name: choices[0] for name, choices in CONVENTIONS.items()}
    for name, value in (chosen or {}).items():
        if name not in CONVENTIONS:
            raise ConfigError(f"--span-conventions: unknown convention {name!r} (known: {', '.join(CONVENTIONS)})")
        if value not in CONVENTIONS[name]:
            raise ConfigError(f"--span-conventions: {name}={value!r}: expected one of {', '.join(CONVENTIONS[name])}")
        out[name] = value
    return out


def apply_conventions(rows: list[dict[str, Any]], chosen: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """``rows`` with their spans rewritten by the conventions (``chosen`` fills in the defaults)."""
    rules = resolve_conventions(chosen)
    out = []
    for row in rows:
        text, spans = row["text"], sorted(row["spans"], key=lambda s: s["start"])
        if rules["title"] == "honorifics":
            spans = [s for s in spans if s["label"] != "TITLE" or is_honorific(text[s["start"]:s["end"]])]
        if rules["date_time"] == "phrase":
            spans = _join(spans, text, "DATE_TIME", _DATE_GAP)
        spans = split_addresses(spans, text) if rules["address"] == "split" else join_addresses(spans, text)
        out.append({**row, "spans": spans})
    return out


def is_honorific(value: str) -> bool:
    return value.strip().rstrip(".").lower() in HONORIFICS


def _join(spans: list[dict], text: str, label: str, gap: re.Pattern) -> list[dict]:
    """Consecutive ``label`` spans whose gap fully matches ``gap`` merged into one."""
    out: list[dict] = []
    for span in spans:
        last = out[-1] if out else None
        if last and last["label"] == label == span["label"] and gap.fullmatch(text[last["end"]:span["start"]]):
            out[-1] = {**last, "end": span["end"]}
        else:
            out.append(dict(span))
    return out


def _blocks(spans: list[dict], text: str) -> list[list[dict]]:
    """Runs of address-type spans separated only by spaces, commas and line breaks."""
    blocks: list[list[dict]] = []
    for span in spans:
        if (blocks and span["label"] in _ADDRESS_TYPES and blocks[-1][-1]["label"] in _ADDRESS_TYPES
                and _GAP.fullmatch(text[blocks[-1][-1]["end"]:span["start"]])):
            blocks[-1].append(span)
        else:
            blocks.append([span])
    return blocks


def join_addresses(spans: list[dict], text: str) -> list[dict]:
    """``address=whole``: a block that starts with a street line becomes one STREET_ADDRESS span."""
    out = []
    for block in _blocks(spans, text):
        if block[0]["label"] == "STREET_ADDRESS":
            out.append({"start": block[0]["start"], "end": block[-1]["end"], "label": "STREET_ADDRESS"})
        else:
            out += block
    return out


def _pieces(span: dict, text: str, first: bool) -> list[dict]:
    """A STREET_ADDRESS span cut at line breaks and commas, each piece typed by its text."""
    out = []
    for match in re.finditer(r"[^\n,]+", text[span["start"]:span["end"]]):
        value = match.group().strip()
        if not value:
            continue
        start = span["start"] + match.start() + (len(match.group()) - len(match.group().lstrip()))
        out += _typed(value, start, first=first and not out)
    return out


def _typed(value: str, start: int, first: bool) -> list[dict]:
    """One address piece: a street line, a postal code, a place, or a place with its code."""
    def piece(offset: int, length: int, label: str) -> dict:
        return {"start": start + offset, "end": start + offset + length, "label": label}

    if value.lower() == "nan":  # an empty field in Presidio's templates
        return []
    if first or _SECONDARY.match(value) or _is_street(value):
        return [piece(0, len(value), "STREET_ADDRESS")]
    if _ZIP_ONLY.fullmatch(value):
        return [piece(0, len(value), "ZIP_CODE")]
    for pattern in (_ZIP_PLACE, _PLACE_ZIP):
        match = pattern.fullmatch(value)
        if match:
            place = match.group("place").strip()
            return sorted([piece(match.start("zip"), len(match.group("zip")), "ZIP_CODE"),
                           piece(match.start("place"), len(place), "GPE")], key=lambda s: s["start"])
    if not re.search(r"\d", value):
        return [piece(0, len(value), "GPE")]
    return [piece(0, len(value), "STREET_ADDRESS")]


def _is_street(value: str) -> bool:
    rest = value.split(None, 1)[1] if " " in value.strip() else ""
    return bool(_STREET_PREFIX.match(value) or _STREET_SUFFIX.search(rest)
                or re.search(r"(straße|strasse|weg|gasse|vej|gade|gatan|vägen|katu|tie)\b", value.split()[0], re.IGNORECASE))


def split_addresses(spans: list[dict], text: str) -> list[dict]:
    """``address=split`` (see the module docstring)."""
    out = []
    for block in _blocks(spans, text):
        if not any(s["label"] == "STREET_ADDRESS" for s in block):
            out += block
            continue
        pieces: list[dict] = []
        for span in block:
            if span["label"] == "STREET_ADDRESS":
                pieces += _pieces(span, text, first=not pieces)
            elif not (span["label"] == "GPE" and text[span["start"]:span["end"]].strip().lower() == "nan"):
                pieces.append(dict(span))
        out += _street_line_joined(pieces, text)
    return out


def _street_line_joined(pieces: list[dict], text: str) -> list[dict]:
    """Consecutive STREET_ADDRESS pieces before the first place or code joined; a bare number typed
    STREET_ADDRESS after a place is its postal code."""
    out: list[dict] = []
    seen_place = False
    for piece in pieces:
        value = text[piece["start"]:piece["end"]]
        if piece["label"] == "STREET_ADDRESS" and seen_place and _ZIP_ONLY.fullmatch(value):
            piece = {**piece, "label": "ZIP_CODE"}
        if piece["label"] == "STREET_ADDRESS" and out and out[-1]["label"] == "STREET_ADDRESS" and not seen_place:
            out[-1] = {**out[-1], "end": piece["end"]}
            continue
        seen_place = seen_place or piece["label"] in ("GPE", "ZIP_CODE")
        out.append(piece)
    return out
