"""BIO decoding of token probabilities into character-span entities, and masking.

Tags to spans:

* a token's label is its most probable label; ``O`` ends the current entity;
* ``I-X`` continues an entity of type X; ``I-X`` without one (after ``O`` or another type) starts one;
* ``B-X`` starts a new entity, except right against the end of an X entity (no character between):
  then it is another piece of the same word and merges.

Then the spans are repaired so that they follow the text's words (:func:`repair_spans`):

1. **joined**: two entities of one type at most 3 characters apart, with only ``. - _ / :`` between
   them (``555`` ``.`` ``0186``, ``10`` ``:00``, a word a stray ``O`` token split), are one entity;
2. **whole words**: an entity that starts or ends inside a word grows to the word's edge; a word is a
   run of letters, digits and combining marks joined by ``. @ _ ' ’ &`` (so ``jürgen@example.de`` and
   ``O'Brien`` are one word each; ``35-year-old`` is three, ``SSN:123`` two); it never grows into a
   neighbouring entity, and an entity with no letter or digit does not grow at all (it is dropped);
   in scripts written without spaces (Chinese characters, kana) every character is a word of its own,
   so nothing grows across them; two entities of different types that meet inside a word become one,
   of the type of the longer part (``104`` ``2``: one value, not a fragment);
3. **trimmed**: leading and trailing characters that are not letters, digits or combining marks go
   (whitespace, emoji, sentence punctuation: ``'Bob Jones.'`` -> ``'Bob Jones'``), except a leading
   ``+ # $ € £`` right before a value, a ``(`` whose ``)`` is inside, a trailing ``%`` or ``/`` (a
   URL's), a ``)`` whose ``(`` is inside, and the full stop of an abbreviation or initial that is a word of
   its own (``Dr.``, ``Inc.``, ``J.``, ``U.S.``); a trailing possessive ``'s`` goes too;
4. **dropped**: an entity with no letter or digit left (a lone ``.`` or emoji).

An entity's score is the mean probability of its tokens' labels (a joined entity: over all its
pieces' tokens); entities whose repaired score is below ``threshold`` are dropped. ``start``/``end`` are character offsets of the original text (``text[start:end]`` is the
entity's ``text``), so they are right for non-ASCII text and emoji.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

#: One token of a text: (start, end, probabilities over the labels).
Token = tuple[int, int, np.ndarray]


def decode_entities(tokens: Sequence[Token], labels: Sequence[str], text: str, threshold: float = 0.0,
                    repair: bool = True) -> list[dict]:
    """BIO-decode ``tokens`` (ordered, non-overlapping) into character-span entities (module docstring;
    ``repair=False``: the tags' spans as they are, for comparison: ``benchmarks/pii_decoding.py``)."""
    entities: list[dict] = []
    current: dict | None = None

    def close() -> None:
        if current is not None:
            entities.append(current)

    for start, end, probs in tokens:
        best = int(np.argmax(probs))
        label = labels[best]
        if label == "O":
            close()
            current = None
            continue
        prefix, _, kind = label.partition("-")
        continues = current is not None and current["label"] == kind and (prefix == "I" or start == current["end"])
        if continues:
            current["end"] = end
            current["scores"].append(float(probs[best]))
        else:
            close()
            current = {"start": start, "end": end, "label": kind, "scores": [float(probs[best])]}
    close()
    out = []
    for entity in repair_spans(entities, text) if repair else entities:
        score = float(np.mean(entity.pop("scores")))
        if score >= threshold:
            out.append({**entity, "score": score, "text": text[entity["start"] : entity["end"]]})
    return out


#: rule 1 joins entities at most this many characters apart, the gap made only of ``JOIN_GAP`` characters
#: (a stray token: ``.`` or ``-`` inside a number, ``:`` inside a time; not ``,`` or ``;``, which list values)
MAX_JOIN_GAP = 3
JOIN_GAP = frozenset(".-_/:")
#: characters that join letters and digits into one word for rule 2 (e-mail addresses, hosts, O'Brien, AT&T)
WORD_CONNECTORS = frozenset(".@_'’&")
#: kept at an entity's start when a value follows at once (``+1 212``, ``#48213``, ``$89``; not ``$ 50``)
LEADING_KEPT = frozenset("+#$€£")
#: words whose full stop belongs to them (compared in lower case)
ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "llc",
                           "ave", "rd", "blvd", "mt", "ft", "apt", "ste", "dept", "univ", "vs", "etc"})


def _is_value_char(char: str) -> bool:
    """Letters, digits and combining marks (``é`` written as ``e`` + U+0301)."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _in_word(char: str) -> bool:
    return _is_value_char(char) or char in WORD_CONNECTORS


def _unspaced(char: str) -> bool:
    """A character of a script written without spaces between words (each is a word of its own here)."""
    return unicodedata.name(char, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA"))


def _same_word(left: str, right: str) -> bool:
    """Whether two neighbouring characters belong to one word."""
    return _in_word(left) and _in_word(right) and not (_unspaced(left) or _unspaced(right))


def _has_value(text: str, start: int, end: int) -> bool:
    return any(_is_value_char(c) for c in text[start:end])


def repair_spans(entities: list[dict], text: str) -> list[dict]:
    """The module docstring's rules 1-4 on BIO-decoded ``entities`` (``start``, ``end``, ``label``,
    ``scores``, in text order, not overlapping): spans that follow the text's words."""
    joined: list[dict] = []
    for entity in entities:  # 1: joined
        last = joined[-1] if joined else None
        gap = text[last["end"] : entity["start"]] if last else ""
        if last and last["label"] == entity["label"] and len(gap) <= MAX_JOIN_GAP and all(c in JOIN_GAP for c in gap):
            last["end"] = entity["end"]
            last["scores"] = last["scores"] + entity["scores"]
        else:
            joined.append(dict(entity))
    joined = [e for e in joined if _has_value(text, e["start"], e["end"])]  # 4 first: a lone "." grows into nothing
    for i, entity in enumerate(joined):  # 2: whole words, never into a neighbour
        floor = joined[i - 1]["end"] if i else 0
        ceiling = joined[i + 1]["start"] if i + 1 < len(joined) else len(text)
        start, end = entity["start"], entity["end"]
        while start > floor and _same_word(text[start - 1], text[start]):
            start -= 1
        while end < ceiling and _same_word(text[end - 1], text[end]):
            end += 1
        entity["start"], entity["end"] = start, end
    words: list[dict] = []
    for entity in joined:  # 2: one word, one entity
        last = words[-1] if words else None
        if last and last["end"] == entity["start"] and _same_word(text[entity["start"] - 1], text[entity["start"]]):
            longer = max((last, entity), key=lambda e: (e["end"] - e["start"], float(np.mean(e["scores"]))))
            words[-1] = {**last, "label": longer["label"], "end": entity["end"], "scores": last["scores"] + entity["scores"]}
        else:
            words.append(entity)
    repaired = []
    for entity in words:  # 3: trimmed, 4: dropped
        start, end = _trim(text, entity["start"], entity["end"])
        if start < end and _has_value(text, start, end):
            repaired.append({**entity, "start": start, "end": end})
    return repaired


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not _is_value_char(text[start]):
        char = text[start]
        if (char in LEADING_KEPT and start + 1 < end and not text[start + 1].isspace()) or (char == "(" and ")" in text[start + 1 : end]):
            break
        start += 1
    end = _trim_end(text, start, end)
    if text[start:end].endswith(("'s", "’s")) and end - start > 2:  # a possessive is not part of the name
        end = _trim_end(text, start, end - 2)
    return start, end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and not _is_value_char(text[end - 1]):
        char = text[end - 1]
        if char in "%/" or (char == ")" and "(" in text[start : end - 1]) or (char == "." and _abbreviation_before(text, start, end - 1)):
            break
        end -= 1
    return end


def _abbreviation_before(text: str, start: int, dot: int) -> bool:
    """Whether the word that ends at ``dot`` is an abbreviation (``Dr``) or an initial (``J``, ``U.S``): the
    word starts the entity or follows whitespace (an initial may follow another initial's full stop)."""
    word_start = dot
    while word_start > start and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:dot]
    if not word:
        return False
    initial = len(word) == 1 and word.isupper()
    before = text[word_start - 1] if word_start > start else " "
    if before == "." and initial:
        return True
    return before.isspace() and (word.lower() in ABBREVIATIONS or initial)


def mask_text(text: str, entities: Sequence[dict], template: str = "[{label}]") -> str:
    """``text`` with every entity span replaced by ``[LABEL]``; everything outside the spans is kept."""
    out, last = [], 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        out.append(text[last : entity["start"]])
        out.append(template.format(label=entity["label"]))
        last = entity["end"]
    out.append(text[last:])
    return "".join(out)
