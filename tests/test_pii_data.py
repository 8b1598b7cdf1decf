"""PII data layer: Presidio / ai4privacy readers, type selection, row validation and the synthetic generator."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter

import pytest
from conftest import SHARED_DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routerkit.data.pii import (
    AI4PRIVACY_LABELS,
    PII_ENTITY_TYPES,
    bio_labels,
    read_ai4privacy,
    read_presidio,
    select_types,
    selected_labels,
    validate_pii_rows,
)
from routerkit.errors import DataError
from routerkit.tasks import DataOptions, get_task
from routerkit.training.rows import load_task_data

PRESIDIO_FILE = SHARED_DATA / "presidio_research" / "synth_dataset_v2.json"


def _span_texts(row: dict) -> list[tuple[str, str]]:
    return [(row["text"][s["start"]:s["end"]], s["label"]) for s in row["spans"]]


def _write_presidio(tmp_path, records, name="data.json"):
    path = tmp_path / name
    if name.endswith(".jsonl"):
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    else:
        path.write_text(json.dumps(records), encoding="utf-8")
    return path


def _presidio_record(text, *spans):
    return {"full_text": text, "spans": [
        {"entity_type": t, "entity_value": text[a:b], "start_position": a, "end_position": b} for t, a, b in spans]}


# --------------------------------------------------------------------------- labels


def test_entity_types_and_bio_labels():
    assert len(PII_ENTITY_TYPES) == 17 and PII_ENTITY_TYPES[0] == "AGE" and PII_ENTITY_TYPES[-1] == "ZIP_CODE"
    labels = bio_labels()
    assert len(labels) == 35 and labels[:5] == ("O", "B-AGE", "I-AGE", "B-CREDIT_CARD", "I-CREDIT_CARD")
    assert bio_labels(["PERSON"]) == ("O", "B-PERSON", "I-PERSON")
    assert set(AI4PRIVACY_LABELS.values()) <= set(PII_ENTITY_TYPES)


# --------------------------------------------------------------------------- Presidio reader


@pytest.mark.skipif(not PRESIDIO_FILE.exists(), reason="shared data not available")
def test_read_presidio_real_file():
    rows = read_presidio(PRESIDIO_FILE)
    assert len(rows) == 1500
    assert [r["id"] for r in rows[:3]] == ["0", "1", "2"] and rows[-1]["id"] == "1499"
    counts = Counter(s["label"] for r in rows for s in r["spans"])
    assert counts["PERSON"] == 857 and counts["STREET_ADDRESS"] == 598 and counts["US_DRIVER_LICENSE"] == 5
    assert sum(counts.values()) == 2863 and set(counts) == set(PII_ENTITY_TYPES)
    assert sum(not r["spans"] for r in rows) == 113
    validate_pii_rows(rows)
    raw = json.loads(PRESIDIO_FILE.read_text(encoding="utf-8"))
    for row, record in zip(rows, raw):  # text untouched, spans = the file's spans sorted by start
        assert row["text"] == record["full_text"]
        expected = sorted((s["start_position"], s["end_position"], s["entity_type"]) for s in record["spans"])
        assert [(s["start"], s["end"], s["label"]) for s in row["spans"]] == expected


def test_read_presidio_sorts_spans_and_keeps_adjacent(tmp_path):
    text = "Mr. Jan Novak lives at 12 Main St in Oslo"
    record = _presidio_record(text, ("GPE", 37, 41), ("STREET_ADDRESS", 26, 33), ("STREET_ADDRESS", 23, 25),
                              ("PERSON", 4, 13), ("TITLE", 0, 3))
    rows = read_presidio(_write_presidio(tmp_path, [record, _presidio_record("no entities here")], "d.jsonl"))
    assert rows[0]["id"] == "0" and rows[1] == {"id": "1", "text": "no entities here", "spans": [], "source": "presidio_research"}
    assert _span_texts(rows[0]) == [("Mr.", "TITLE"), ("Jan Novak", "PERSON"), ("12", "STREET_ADDRESS"),
                                    ("Main St", "STREET_ADDRESS"), ("Oslo", "GPE")]


@pytest.mark.parametrize(("start", "end"), [(5, 99), (-1, 3), (4, 4), ("0", 3), (2.0, 3)])
def test_read_presidio_invalid_offsets_name_the_record(tmp_path, start, end):
    bad = {"full_text": "call Ann now", "spans": [{"entity_type": "PERSON", "start_position": start, "end_position": end}]}
    path = _write_presidio(tmp_path, [_presidio_record("Ann", ("PERSON", 0, 3)), bad])
    with pytest.raises(DataError, match=rf"{re.escape(path.name)}: record 1: .*(offset|integer)"):
        read_presidio(path)


def test_read_presidio_value_mismatch_unknown_type_overlap(tmp_path):
    wrong_value = {"full_text": "call Ann now", "spans": [
        {"entity_type": "PERSON", "entity_value": "Ann ", "start_position": 5, "end_position": 8}]}
    with pytest.raises(DataError, match=r"record 0: PERSON span 5-8 covers 'Ann' but entity_value is 'Ann '"):
        read_presidio(_write_presidio(tmp_path, [wrong_value]))
    unknown = _presidio_record("I live in Oslo", ("LOCATION", 10, 14))
    with pytest.raises(DataError, match=r"record 1: unknown entity type 'LOCATION'"):
        read_presidio(_write_presidio(tmp_path, [_presidio_record("x"), unknown]))
    overlap = _presidio_record("Jan Novak", ("PERSON", 0, 9), ("PERSON", 4, 9))
    with pytest.raises(DataError, match=r"record 0: overlapping spans PERSON 0-9 and PERSON 4-9"):
        read_presidio(_write_presidio(tmp_path, [overlap]))
    missing = {"spans": []}
    with pytest.raises(DataError, match=r"record 0: missing field 'full_text'"):
        read_presidio(_write_presidio(tmp_path, [missing]))


def test_read_presidio_literal_newline_and_case_only_rules(tmp_path, caplog):
    text = "Leigha Mackay\\n\\nLa Sagne\\nSwitzerland"  # backslash + n, as presidio-evaluator writes it
    record = _presidio_record(text, ("PERSON", 0, 13), ("GPE", 17, 25), ("GPE", 27, 38))
    lowered = {"full_text": "You can tell Cecilie was a fan", "spans": [
        {"entity_type": "PERSON", "entity_value": "cecilie", "start_position": 13, "end_position": 20}]}
    with caplog.at_level(logging.WARNING, logger="routerkit.data.pii"):
        rows = read_presidio(_write_presidio(tmp_path, [record, lowered]))
    assert rows[0]["text"] == "Leigha Mackay \n \nLa Sagne \nSwitzerland"
    assert _span_texts(rows[0]) == [("Leigha Mackay", "PERSON"), ("La Sagne", "GPE"), ("Switzerland", "GPE")]
    assert _span_texts(rows[1]) == [("Cecilie", "PERSON")] and "letter case only" in caplog.text
    assert read_presidio(_write_presidio(tmp_path, [record]), literal_newlines=False)[0]["text"] == text


# --------------------------------------------------------------------------- ai4privacy reader


def _mask(text, *parts):
    out = []
    for value, label in parts:
        start = text.index(value)
        out.append({"value": value, "start": start, "end": start + len(value), "label": label})
    return out


def test_read_ai4privacy_maps_merges_and_drops(caplog):
    t0 = "Hi, I'm Maria  Lopez Garcia, user mlopez88, born 03/04/1990, 34 years old."
    t1 = "Ship to 221B Baker Street, London NW1 6XE. Call Dr. Watson at +44 20 7946 0958."
    records = [
        {"id": "a-1", "source_text": t0, "privacy_mask": _mask(
            t0, ("Maria", "FIRSTNAME"), ("Lopez", "MIDDLENAME"), ("Garcia", "LASTNAME"), ("mlopez88", "USERNAME"),
            ("03/04/1990", "DOB"), ("34 years", "AGE"))},
        {"uid": 7, "source_text": t1, "privacy_mask": json.dumps(_mask(
            t1, ("221B", "BUILDINGNUMBER"), ("Baker Street", "STREET"), ("London", "CITY"), ("NW1 6XE", "ZIPCODE"),
            ("Dr.", "PREFIX"), ("Watson", "LASTNAME1"), ("+44 20 7946 0958", "TELEPHONENUM")))},
    ]
    with caplog.at_level(logging.INFO, logger="routerkit.data.pii"):
        rows = read_ai4privacy(records)
    assert [r["id"] for r in rows] == ["a-1", "7"] and {r["source"] for r in rows} == {"ai4privacy"}
    assert _span_texts(rows[0]) == [("Maria  Lopez Garcia", "PERSON"), ("03/04/1990", "DATE_TIME"), ("34", "AGE")]
    assert _span_texts(rows[1]) == [("221B Baker Street", "STREET_ADDRESS"), ("London", "GPE"), ("NW1 6XE", "ZIP_CODE"),
                                    ("Dr.", "TITLE"), ("Watson", "PERSON"), ("+44 20 7946 0958", "PHONE_NUMBER")]
    assert "dropped 1 spans" in caplog.text and "USERNAME" in caplog.text
    validate_pii_rows(rows)


def test_read_ai4privacy_does_not_merge_across_punctuation_or_types(tmp_path):
    text = "Anna, Bob and Carl Meyer met Dana"
    rows = read_ai4privacy([{"source_text": text, "privacy_mask": _mask(
        text, ("Anna", "FIRSTNAME"), ("Bob", "FIRSTNAME"), ("Carl", "GIVENNAME"), ("Meyer", "SURNAME"), ("Dana", "CITY"))}])
    assert rows[0]["id"] == "0"
    assert _span_texts(rows[0]) == [("Anna", "PERSON"), ("Bob", "PERSON"), ("Carl Meyer", "PERSON"), ("Dana", "GPE")]
    path = tmp_path / "ai.jsonl"
    path.write_text(json.dumps({"source_text": text, "privacy_mask": _mask(text, ("Anna", "FIRSTNAME"))}) + "\n")
    assert _span_texts(read_ai4privacy(path)[0]) == [("Anna", "PERSON")]


def test_read_ai4privacy_errors():
    with pytest.raises(DataError, match=r"record 0: FIRSTNAME span 0-3 covers 'Ann' but value is 'Anna'"):
        read_ai4privacy([{"source_text": "Ann", "privacy_mask": [{"value": "Anna", "start": 0, "end": 3, "label": "FIRSTNAME"}]}])
    with pytest.raises(DataError, match=r"record 1: invalid span offsets start=2 end=10"):
        read_ai4privacy([{"source_text": "a", "privacy_mask": []},
                         {"source_text": "Hi Ann", "privacy_mask": [{"start": 2, "end": 10, "label": "FIRSTNAME"}]}])
    with pytest.raises(DataError, match=r"record 0: 'privacy_mask' must be a list"):
        read_ai4privacy([{"source_text": "Hi Ann", "privacy_mask": {"[FIRSTNAME_1]": "Ann"}}])
    with pytest.raises(DataError, match=r"record 0: missing field 'source_text'"):
        read_ai4privacy([{"privacy_mask": []}])


# --------------------------------------------------------------------------- selection and validation

ROWS = [
    {"id": "r1", "text": "Dr. Ann Lee from Oslo", "spans": [
        {"start": 0, "end": 3, "label": "TITLE"}, {"start": 4, "end": 11, "label": "PERSON"}, {"start": 17, "end": 21, "label": "GPE"}],
     "source": "t"},
    {"id": "r2", "text": "at 5 Elm St", "spans": [{"start": 3, "end": 11, "label": "STREET_ADDRESS"}], "source": "t"},
]


def test_select_types_keep_and_rename():
    kept = select_types(ROWS, keep={"PERSON", "GPE"})
    assert [[s["label"] for s in r["spans"]] for r in kept] == [["PERSON", "GPE"], []]
    renamed = select_types(ROWS, rename={"GPE": "LOCATION", "STREET_ADDRESS": "LOCATION"})
    assert [[s["label"] for s in r["spans"]] for r in renamed] == [["TITLE", "PERSON", "LOCATION"], ["LOCATION"]]
    assert ROWS[0]["spans"][2]["label"] == "GPE"  # input untouched
    assert selected_labels(rename={"GPE": "LOCATION", "STREET_ADDRESS": "LOCATION"}).count("LOCATION") == 1
    assert selected_labels(keep={"PERSON", "GPE"}) == ("GPE", "PERSON")
    validate_pii_rows(renamed, selected_labels(rename={"GPE": "LOCATION", "STREET_ADDRESS": "LOCATION"}))
    with pytest.raises(DataError, match=r"keep names unknown entity types \['CITY'\]"):
        select_types(ROWS, keep={"PERSON", "CITY"})
    with pytest.raises(DataError, match=r"rename names unknown entity types \['LOCATION'\]"):
        select_types(ROWS, rename={"LOCATION": "PLACE"})


@pytest.mark.parametrize(("change", "message"), [
    ({"text": "   "}, r"row 'x': 'text' must be a non-blank string"),
    ({"spans": [{"start": 3, "end": 2, "label": "PERSON"}]}, r"row 'x': invalid span offsets start=3 end=2"),
    ({"spans": [{"start": 0, "end": 40, "label": "PERSON"}]}, r"row 'x': invalid span offsets start=0 end=40"),
    ({"spans": [{"start": 0, "end": True, "label": "PERSON"}]}, r"row 'x': span offsets must be integers"),
    ({"spans": [{"start": 0, "end": 5, "label": "PERSON"}, {"start": 3, "end": 9, "label": "GPE"}]},
     r"row 'x': overlapping spans PERSON 0-5 and GPE 3-9"),
    ({"spans": [{"start": 6, "end": 9, "label": "GPE"}, {"start": 0, "end": 5, "label": "PERSON"}]}, r"row 'x': spans not sorted"),
    ({"spans": [{"start": 0, "end": 5, "label": "NAME"}]}, r"row 'x': unknown label 'NAME'"),
    ({"id": ""}, r"row 0: 'id' must be a non-empty string"),
])
def test_validate_pii_rows_errors(change, message):
    row = {"id": "x", "text": "Alice in Oslo", "spans": [], "source": "t", **change}
    with pytest.raises(DataError, match=rf"^where\.json: {message}"):
        validate_pii_rows([row], PII_ENTITY_TYPES, "where.json")


def test_validate_pii_rows_duplicate_ids():
    validate_pii_rows(ROWS)
    with pytest.raises(DataError, match=r"row 'r1': duplicate id"):
        validate_pii_rows([ROWS[0], ROWS[0]])


# --------------------------------------------------------------------------- synthetic generator

pytest.importorskip("faker")
from routerkit.data.pii_synth import (  # noqa: E402
    EMOJI,
    NEGATIVE_SHARE,
    NEGATIVE_TEMPLATES,
    POSITIVE_TEMPLATES,
    generate_negative_rows,
    generate_pii_rows,
)


@pytest.fixture(scope="module")
def synth_rows():
    return generate_pii_rows(800, seed=0)


def _outside_spans(row: dict) -> str:
    text, out, pos = row["text"], [], 0
    for span in row["spans"]:
        out.append(text[pos:span["start"]])
        pos = span["end"]
    return "\x00".join(out + [text[pos:]])


def test_generator_rows_are_valid_and_deterministic(synth_rows):
    assert len(POSITIVE_TEMPLATES) >= 150 and len(NEGATIVE_TEMPLATES) >= 60
    validate_pii_rows(synth_rows, PII_ENTITY_TYPES, "synthetic")
    assert [r["id"] for r in synth_rows[:2]] == ["synth-0-0", "synth-0-1"]
    assert {r["source"] for r in synth_rows} == {"synthetic"}
    assert all(set(r) == {"id", "text", "spans", "source"} for r in synth_rows)
    assert generate_pii_rows(800, seed=0) == synth_rows
    other = generate_pii_rows(50, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in synth_rows[:50]] and other[0]["id"] == "synth-1-0"
    assert len({r["text"] for r in synth_rows}) == len(synth_rows)
    for row in synth_rows:
        for value, label in _span_texts(row):
            assert value and value == value.strip(), (row, value)
            if label == "AGE":
                assert value.isdigit()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31), n=st.integers(min_value=0, max_value=12))
def test_generator_any_seed_gives_valid_rows(seed, n):
    rows = generate_pii_rows(n, seed=seed)
    assert len(rows) == n and sum(not r["spans"] for r in rows) >= round(n * NEGATIVE_SHARE)
    validate_pii_rows(rows)


def test_generator_covers_all_types_and_formats(synth_rows):
    counts = Counter(label for r in synth_rows for _, label in _span_texts(r))
    assert set(counts) == set(PII_ENTITY_TYPES) and min(counts.values()) >= 10, counts
    values = {label: [v for r in synth_rows for v, lab in _span_texts(r) if lab == label] for label in PII_ENTITY_TYPES}
    assert any(":" in v for v in values["IP_ADDRESS"]) and any(v.count(".") == 3 for v in values["IP_ADDRESS"])
    assert any(" " in v for v in values["CREDIT_CARD"]) and any("-" in v for v in values["CREDIT_CARD"])
    assert any(v.startswith("+") for v in values["PHONE_NUMBER"]) and any("(" in v for v in values["PHONE_NUMBER"])
    assert any(not v.isascii() for v in values["PERSON"])
    assert any(v in ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.") for v in values["TITLE"])
    assert any(re.fullmatch(r"\d{4}", v) for v in values["DATE_TIME"]) and any(re.search(r"[A-Za-z]", v) for v in values["DATE_TIME"])
    assert any(any(e in r["text"] for e in EMOJI) for r in synth_rows)
    assert any(r["text"] == r["text"].lower() and r["spans"] for r in synth_rows)  # lower-cased rows


def test_generator_hard_negatives(synth_rows):
    empty = [r for r in synth_rows if not r["spans"]]
    assert len(empty) == round(800 * NEGATIVE_SHARE)
    negative_text = "\n".join(r["text"] for r in empty)
    for pattern in (r"\bv?\d+\.\d+\.\d+\b", r"[$€£]\d", r"#\d{3,}|ORD-\d+|INC\d+", r"\b[0-9a-f]{7,64}\b",
                    r"\b\d{3}\b", r"\b(Will|May|Bill|Grace|Frank|Mark)\b"):
        assert re.search(pattern, negative_text), pattern
    negatives = generate_negative_rows(40, seed=3)
    assert all(not r["spans"] for r in negatives) and negatives[0]["id"] == "synth-neg-3-0"
    assert negatives == generate_negative_rows(40, seed=3)
    # nothing PII-shaped is left unlabelled in any row
    for row in synth_rows:
        outside = _outside_spans(row)
        assert not re.search(r"[\w.+-]+@[A-Za-z][\w-]*\.[A-Za-z]{2,}", outside), row
        assert not re.search(r"(?<![\d.])\d{1,3}(\.\d{1,3}){3}(?![\d.])", outside), row


def test_generator_writes_other_languages_and_look_alikes(synth_rows):
    """Requests in Chinese / Hindi script, German and Spanish carriers, romanised Chinese names; and
    entity-free non-English requests and look-alikes (dotted file names, log lines, arithmetic)."""
    han, devanagari = re.compile(r"[\u4e00-\u9fff]"), re.compile(r"[\u0900-\u097f]")
    positive = [r for r in synth_rows if r["spans"]]
    for script in (han, devanagari):
        rows = [r for r in positive if script.search(r["text"])]
        assert rows and any(script.search(v) for r in rows for v, label in _span_texts(r) if label == "PERSON"), script
    assert any(re.search(r"\b(Schreib|Ich bin|Meine|Wie)\b", r["text"]) for r in positive)
    assert any(re.search(r"¿|\b(Vivo|Necesito|Redacta)\b", r["text"]) for r in positive)
    assert any(re.search(r"\d+\. (Januar|Februar|März|Mai|Oktober|Dezember)|\d+年\d+月\d+日|\d+ de [a-z]+", v)
               for r in positive for v, label in _span_texts(r) if label == "DATE_TIME")
    negatives = generate_negative_rows(400, seed=5)
    text = "\n".join(r["text"] for r in negatives)
    for pattern in (r"[\u4e00-\u9fff]", r"[\u0900-\u097f]", r"\b(Kannst|Erkläre|Wo finde)\b", r"¿",
                    r"\b\w+\.(final|prod|local|old|bak|dev|spec|module)\.\w+\b", r"\[WARN\]|ERROR|INFO|kernel:", r"\d+ [+*/] \d+"):
        assert re.search(pattern, text), pattern
    assert all(not r["spans"] for r in negatives)


@pytest.mark.skipif(not PRESIDIO_FILE.exists(), reason="shared data not available")
def test_generator_shares_no_phrase_with_the_test_split():
    """The generated training sentences are not the test set's templates: no 5-word phrase outside entities in common."""
    from routerkit.data.splits import split_rows

    def phrases(row):
        text, cursor, pieces = row["text"], 0, []
        for span in row["spans"]:
            pieces.append(text[cursor : span["start"]])
            pieces.append(" \x00 ")
            cursor = span["end"]
        pieces.append(text[cursor:])
        words = re.findall(r"[a-z']+|\x00", "".join(pieces).lower())
        return {tuple(words[i : i + 5]) for i in range(len(words) - 4) if "\x00" not in words[i : i + 5]}

    test = split_rows(read_presidio(PRESIDIO_FILE))["test"]
    test_phrases = set().union(*(phrases(r) for r in test))
    shared = [r["text"] for r in generate_pii_rows(1500, seed=7) if phrases(r) & test_phrases]
    assert not shared, shared[:3]


# ------------------------------------------------------------------------------ annotation conventions

def _marked(text_with_marks: str) -> dict:
    """A row from ``[[TYPE:value]]`` markup (offsets computed, so that they cannot be wrong by hand)."""
    import re as _re

    text, spans, pos = "", [], 0
    for match in _re.finditer(r"\[\[([A-Z_]+):(.*?)\]\]", text_with_marks, flags=_re.S):
        text += text_with_marks[pos:match.start()]
        spans.append({"start": len(text), "end": len(text) + len(match.group(2)), "label": match.group(1)})
        text += match.group(2)
        pos = match.end()
    return {"id": "x", "text": text + text_with_marks[pos:], "spans": spans, "source": "t"}


def _shown(row: dict) -> list[tuple[str, str]]:
    return [(s["label"], row["text"][s["start"]:s["end"]]) for s in row["spans"]]


@pytest.mark.parametrize("marked, split, whole", [
    # Presidio's one-span multi-line address
    ("Ship to [[STREET_ADDRESS:6185 Pfarrgasse 91\n Suite 170\n MITTERLOBMING\n Austria 26759]] today",
     [("STREET_ADDRESS", "6185 Pfarrgasse 91\n Suite 170"), ("GPE", "MITTERLOBMING"), ("GPE", "Austria"), ("ZIP_CODE", "26759")],
     [("STREET_ADDRESS", "6185 Pfarrgasse 91\n Suite 170\n MITTERLOBMING\n Austria 26759")]),
    # Presidio's split pieces, its empty field and a code typed STREET_ADDRESS
    ("[[STREET_ADDRESS:28245]] [[STREET_ADDRESS:Puruntie 82]] [[STREET_ADDRESS:Apt. 595]]\n [[GPE:LAPPEENRANTA]]\n [[GPE:nan]]\n [[STREET_ADDRESS:53650]]",
     [("STREET_ADDRESS", "28245 Puruntie 82 Apt. 595"), ("GPE", "LAPPEENRANTA"), ("ZIP_CODE", "53650")],
     [("STREET_ADDRESS", "28245 Puruntie 82 Apt. 595\n LAPPEENRANTA\n nan\n 53650")]),
    # one line, place with its code, code before the place
    ("at [[STREET_ADDRESS:12 Main Street, Springfield, IL 62704]].",
     [("STREET_ADDRESS", "12 Main Street"), ("GPE", "Springfield"), ("GPE", "IL"), ("ZIP_CODE", "62704")],
     [("STREET_ADDRESS", "12 Main Street, Springfield, IL 62704")]),
    ("[[STREET_ADDRESS:Hauptstraße 12\n80331 München]]",
     [("STREET_ADDRESS", "Hauptstraße 12"), ("ZIP_CODE", "80331"), ("GPE", "München")],
     [("STREET_ADDRESS", "Hauptstraße 12\n80331 München")]),
    ("[[STREET_ADDRESS:Flat 3\nSmith Road\nLondon\nSW1A 1AA]]",
     [("STREET_ADDRESS", "Flat 3\nSmith Road"), ("GPE", "London"), ("ZIP_CODE", "SW1A 1AA")],
     [("STREET_ADDRESS", "Flat 3\nSmith Road\nLondon\nSW1A 1AA")]),
    # already split as the convention wants; places alone are never joined
    ("[[STREET_ADDRESS:88 Columbus Ave, Unit 3]], [[GPE:Boston]], [[GPE:MA]] [[ZIP_CODE:02116]] and [[GPE:Paris]], [[GPE:France]]",
     [("STREET_ADDRESS", "88 Columbus Ave, Unit 3"), ("GPE", "Boston"), ("GPE", "MA"), ("ZIP_CODE", "02116"), ("GPE", "Paris"), ("GPE", "France")],
     [("STREET_ADDRESS", "88 Columbus Ave, Unit 3, Boston, MA 02116"), ("GPE", "Paris"), ("GPE", "France")]),
])
def test_address_conventions(marked, split, whole):
    from routerkit.data.pii_conventions import apply_conventions

    row = _marked(marked)
    assert _shown(apply_conventions([row])[0]) == split
    assert _shown(apply_conventions([row], {"address": "whole"})[0]) == whole
    for mode in ("split", "whole"):
        validate_pii_rows(apply_conventions([row], {"address": mode}))


def test_title_and_date_time_conventions():
    from routerkit.data.pii_conventions import apply_conventions

    row = _marked("[[TITLE:Dr.]] [[PERSON:Ana Ruiz]], our [[TITLE:Head of Marketing]], meets [[TITLE:ms]] [[PERSON:Li]] on "
                  "[[DATE_TIME:Thursday]], [[DATE_TIME:October 3]] at [[DATE_TIME:4 pm]]; back [[DATE_TIME:Monday]] or [[DATE_TIME:2025]]-ish")
    assert _shown(apply_conventions([row])[0]) == [
        ("TITLE", "Dr."), ("PERSON", "Ana Ruiz"), ("TITLE", "ms"), ("PERSON", "Li"),
        ("DATE_TIME", "Thursday, October 3 at 4 pm"), ("DATE_TIME", "Monday"), ("DATE_TIME", "2025")]
    kept = apply_conventions([row], {"title": "all", "date_time": "pieces"})[0]
    assert _shown(kept) == _shown(row)


def test_conventions_are_refused_in_one_line_when_unknown(capsys):
    from routerkit.cli import main

    assert main(["train", "pii", "--output", "/tmp/never-written", "--span-conventions", "adress=whole"]) == 2
    assert "unknown convention 'adress' (known: address, title, date_time)" in capsys.readouterr().err
    assert main(["train", "pii", "--output", "/tmp/never-written", "--span-conventions", "title=jobs"]) == 2
    assert "title='jobs': expected one of honorifics, all" in capsys.readouterr().err
    assert main(["train", "intent", "--output", "/tmp/never-written", "--span-conventions", "title=all"]) == 2
    assert "--span-conventions applies to token (PII) tasks only" in capsys.readouterr().err


def test_training_rows_follow_the_conventions_and_test_rows_keep_their_own(tmp_path):
    from routerkit.data.pii_conventions import is_honorific
    from routerkit.training.rows import shape_entities

    task = get_task("pii")
    data = load_task_data(task, DataOptions())
    shaped, _ = shape_entities(task, data, None, None)
    titles = [r["text"][s["start"]:s["end"]] for r in shaped.train + shaped.validation for s in r["spans"] if s["label"] == "TITLE"]
    assert titles and all(is_honorific(t) for t in titles)
    assert any(not is_honorific(r["text"][s["start"]:s["end"]]) for r in data.train for s in r["spans"] if s["label"] == "TITLE")
    assert shaped.test == data.test and shaped.provenance["span_conventions"]["address"] == "split"
