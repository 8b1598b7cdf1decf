"""The PII token task: alignment rule, BIO decoding properties, windows, training round trip, CLI."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from routerkit.artifacts import read_metadata
from routerkit.cli import main
from routerkit.data.alignment import IGNORE, align_spans, bio_label_set
from routerkit.data.io import read_records
from routerkit.inference.backends import TorchBackend
from routerkit.inference.engine import Classifier, load
from routerkit.inference.heads import heads_from_metadata
from routerkit.inference.spans import decode_entities, mask_text

LABELS = bio_label_set(("PERSON", "EMAIL_ADDRESS"))
LABEL_IDS = {label: i for i, label in enumerate(LABELS)}


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from routerkit.modeling.backbones import resolve_backbone

    return AutoTokenizer.from_pretrained(resolve_backbone("all-MiniLM-L6-v2"))


def test_alignment_labels_every_subtoken_and_ignores_special_tokens(tokenizer):
    text = "Call Zoë Müllerström at zoe.m@example.com 👋 today"
    spans = [{"start": 5, "end": 20, "label": "PERSON"}, {"start": 24, "end": 41, "label": "EMAIL_ADDRESS"}]
    assert text[5:20] == "Zoë Müllerström" and text[24:41] == "zoe.m@example.com"
    encoded = tokenizer(text, return_offsets_mapping=True, return_special_tokens_mask=True)
    labels = align_spans(encoded["offset_mapping"], spans, LABEL_IDS, encoded["special_tokens_mask"])
    assert labels[0] == IGNORE and labels[-1] == IGNORE
    tags = {}
    for (s, e), label in zip(encoded["offset_mapping"], labels):
        if label != IGNORE:
            tags.setdefault(LABELS[label], []).append(text[s:e])
    assert tags["B-PERSON"] == ["Zoë"] and tags["I-PERSON"] == ["Müller", "ström"]  # sub-tokens are I-
    assert len(tags["B-EMAIL_ADDRESS"]) == 1 and "".join(tags["B-EMAIL_ADDRESS"] + tags["I-EMAIL_ADDRESS"]) == "zoe.m@example.com"
    assert tags["O"] == ["Call", "at", "👋", "today"]  # the emoji is one [UNK] token, outside every entity


def _tokens(text: str, cuts: list[int], choices: list[int]):
    """Tokens covering text between sorted cut points (skipping pure-whitespace pieces)."""
    points = sorted({0, len(text), *[c % (len(text) + 1) for c in cuts]})
    tokens = []
    for (start, end), choice in zip(zip(points, points[1:]), choices * (len(points) + 1)):
        if text[start:end].strip():
            probs = np.full(len(LABELS), 0.01)
            probs[choice % len(LABELS)] = 1.0
            tokens.append((start, end, probs / probs.sum()))
    return tokens


@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=80), cuts=st.lists(st.integers(0, 200), max_size=30),
       choices=st.lists(st.integers(0, 10), min_size=1, max_size=30))
def test_decoded_spans_are_exact_and_masking_keeps_the_rest(text, cuts, choices):
    entities = decode_entities(_tokens(text, cuts, choices), LABELS, text)
    last_end = 0
    for entity in entities:
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert text[entity["start"] : entity["end"]] == entity["text"]
        assert entity["start"] >= last_end  # ordered, no overlap
        last_end = entity["end"]
        assert entity["label"] in ("PERSON", "EMAIL_ADDRESS") and 0 < entity["score"] <= 1
    masked = mask_text(text, entities)
    outside, cursor = [], 0
    for entity in entities:
        outside.append(text[cursor : entity["start"]])
        cursor = entity["end"]
    outside.append(text[cursor:])
    remaining = masked
    for piece in outside:  # everything outside the spans survives, in order
        index = remaining.find(piece)
        assert index >= 0
        remaining = remaining[index + len(piece) :]


def _probs(label: str, p: float = 0.9) -> np.ndarray:
    out = np.full(len(LABELS), (1 - p) / (len(LABELS) - 1))
    out[LABEL_IDS[label]] = p
    return out


def test_bio_decoding_rules():
    text = "Ann Lee met Bob at x@y.z"
    tokens = [(0, 3, _probs("I-PERSON")), (4, 7, _probs("I-PERSON", 0.7)),  # I- without B- starts an entity
              (8, 11, _probs("O")), (12, 14, _probs("B-PERSON")), (14, 15, _probs("B-PERSON")),  # touching pieces merge
              (16, 18, _probs("O")), (19, 20, _probs("B-EMAIL_ADDRESS")), (20, 24, _probs("I-EMAIL_ADDRESS"))]
    entities = decode_entities(tokens, LABELS, text)
    assert [(e["label"], e["text"]) for e in entities] == [("PERSON", "Ann Lee"), ("PERSON", "Bob"), ("EMAIL_ADDRESS", "x@y.z")]
    assert entities[0]["score"] == pytest.approx(0.8)  # mean of the tokens' probabilities
    assert [e["text"] for e in decode_entities(tokens, LABELS, text, threshold=0.85)] == ["Bob", "x@y.z"]
    assert mask_text(text, entities) == "[PERSON] met [PERSON] at [EMAIL_ADDRESS]"


def _value(char: str) -> bool:
    import unicodedata

    return char.isalnum() or unicodedata.category(char).startswith("M")


def _in_one_word(left: str, right: str) -> bool:
    """Letters and digits on both sides, neither a character of a script written without spaces."""
    return _value(left) and _value(right) and not ({left, right} & set("王伟上海"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab Z9 .,;!?-@:/'()+%\n🙂👉é王伟上海")), min_size=1, max_size=60),
       cuts=st.lists(st.integers(0, 200), max_size=30), choices=st.lists(st.integers(0, 10), min_size=1, max_size=30))
def test_repaired_spans_follow_words(text, cuts, choices):
    """Rules 2-4 of routerkit.inference.spans: no entity starts or ends inside a run of letters and
    digits (unless a neighbour entity is there), none starts or ends with whitespace, emoji or
    sentence punctuation, every one has a letter or digit."""
    entities = decode_entities(_tokens(text, cuts, choices), LABELS, text)
    for e in entities:
        s, t = e["start"], e["end"]
        assert any(_value(c) for c in e["text"])
        assert not text[s].isspace() and not text[t - 1].isspace()
        assert _value(text[s]) or text[s] in "+(#$€£", e
        assert _value(text[t - 1]) or text[t - 1] in "%/)." , e
        if text[t - 1] == ".":  # only an abbreviation's or an initial's full stop stays
            assert text[s : t - 1].split()[-1].lower() in ("dr", "mr", "st", "co") or len(text[s : t - 1].split()[-1]) == 1, e
        assert not (s and _in_one_word(text[s - 1], text[s])), e  # no fragment of a word, even next to another entity
        assert not (t < len(text) and _in_one_word(text[t - 1], text[t])), e


def test_span_repair_rules():
    from routerkit.inference.spans import repair_spans

    text = "Ask 👉 jürgen@example.de or Bob Jones. Call +1 (212) 555.0186 at 10:00, Dr. Smith's office, 35-year-old, 🙂 ."

    def entity(piece, label):
        i = text.index(piece)
        return {"start": i, "end": i + len(piece), "label": label, "scores": [0.9]}

    found = repair_spans([entity("👉 jürgen@exam", "EMAIL_ADDRESS"), entity("Bob Jones.", "PERSON"),
                          entity("+1 (212) 555", "PHONE_NUMBER"), entity("0186", "PHONE_NUMBER"), entity("10:0", "DATE_TIME"),
                          entity("Dr.", "TITLE"), entity("Smith's", "PERSON"), entity("35", "AGE"), entity("🙂 .", "PERSON")], text)
    assert [(text[e["start"]:e["end"]], e["label"]) for e in found] == [
        ("jürgen@example.de", "EMAIL_ADDRESS"), ("Bob Jones", "PERSON"), ("+1 (212) 555.0186", "PHONE_NUMBER"),
        ("10:00", "DATE_TIME"), ("Dr.", "TITLE"), ("Smith", "PERSON"), ("35", "AGE")]
    assert found[2]["scores"] == [0.9, 0.9]  # the joined entity's score is the mean over both pieces' tokens
    far = "555 x 0186 and 555-Office-0186"
    apart = repair_spans([{"start": 0, "end": 3, "label": "P", "scores": [1]}, {"start": 6, "end": 10, "label": "P", "scores": [1]},
                          {"start": 15, "end": 18, "label": "P", "scores": [1]}, {"start": 26, "end": 30, "label": "P", "scores": [1]}], far)
    assert len(apart) == 4  # whitespace, or more than 3 characters, between them: not one entity
    csv = "id,name\n1042,Fatima"  # two types inside one word: one entity, of the longer part's type
    assert [(csv[e["start"]:e["end"]], e["label"]) for e in repair_spans(
        [{"start": 8, "end": 11, "label": "ID", "scores": [0.6]}, {"start": 11, "end": 12, "label": "PHONE", "scores": [0.9]}], csv)] == [
        ("1042", "ID")]
    chinese = "请帮我写一封邮件给王伟，告诉他"  # no spaces between words: nothing grows across the characters
    wang = chinese.index("王伟")
    assert [chinese[e["start"]:e["end"]] for e in repair_spans([{"start": wang, "end": wang + 2, "label": "PERSON", "scores": [1]}],
                                                                 chinese)] == ["王伟"]


class _EdgeModel(torch.nn.Module):
    """A model that is wrong at window edges: the first and last real tokens of every window read
    PERSON (p 0.9), every other token O (p 0.6). Only the text's own first and last tokens may be
    PERSON when each token is read from the window where it sits most centrally."""

    def __init__(self):
        super().__init__()
        self.config = SimpleNamespace(max_position_embeddings=512)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        probs = torch.full((*input_ids.shape, len(LABELS)), 0.4 / (len(LABELS) - 1))
        probs[..., LABEL_IDS["O"]] = 0.6
        edge = torch.full((len(LABELS),), 0.1 / (len(LABELS) - 1))
        edge[LABEL_IDS["B-PERSON"]] = 0.9
        for row, mask in enumerate(attention_mask):
            last = int(mask.sum()) - 2  # the real tokens are 1 .. last ([CLS] and [SEP] around them)
            for t in (1, 2, last - 1, last):
                probs[row, t] = edge
        return SimpleNamespace(logits=probs.log())


def test_what_is_found_does_not_depend_on_where_window_boundaries_fall(tokenizer):
    metadata = {"task": "pii", "kind": "token", "labels": list(LABELS), "max_length": 32, "entity_threshold": 0.3}
    classifier = Classifier(TorchBackend(_EdgeModel()), tokenizer, metadata, heads_from_metadata(metadata), 32)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma".split()
    for n in (5, 20, 29, 30, 31, 45, 64, 100, 257, 1000):
        text = " ".join(words[i % len(words)] for i in range(n))
        entities = classifier.predict([text])[0].to_dict()["entities"]
        first_two = " ".join(text.split()[:2])
        last_two = " ".join(text.split()[-2:])
        inside = [e for e in entities if e["start"] >= len(first_two) + 1 and e["end"] <= len(text) - len(last_two) - 1]
        assert inside == [], (n, inside)  # no window edge inside the text shows through


class _MarkerModel(torch.nn.Module):
    """Labels the tokens of one chosen word B-PERSON, everything else O (to test windows and offsets)."""

    def __init__(self, marked_ids: set[int]):
        super().__init__()
        self.marked = torch.tensor(sorted(marked_ids))
        self.config = SimpleNamespace(max_position_embeddings=512)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        logits = torch.zeros(*input_ids.shape, len(LABELS))
        logits[..., LABEL_IDS["O"]] = 5.0
        hit = torch.isin(input_ids, self.marked)
        logits[hit] = 0.0
        logits[..., LABEL_IDS["B-PERSON"]][hit] = 5.0
        return SimpleNamespace(logits=logits)


def test_long_text_pii_near_the_end_is_found_with_exact_offsets(tokenizer):
    marked = set(tokenizer("zelda", add_special_tokens=False)["input_ids"])
    metadata = {"task": "pii", "kind": "token", "labels": list(LABELS), "max_length": 64, "entity_threshold": 0.5}
    classifier = Classifier(TorchBackend(_MarkerModel(marked)), tokenizer, metadata, heads_from_metadata(metadata), 64)
    tail = "Ünïcödé 👋 please email zelda now."
    text = ("filler words that mean nothing " * 4000)[: 100_000 - len(tail)] + tail
    assert len(text) == 100_000
    result = [p.to_dict() for p in classifier.predict([text, "zelda"])]
    entities = result[0]["entities"]
    assert [(e["label"], e["text"]) for e in entities] == [("PERSON", "zelda")]
    assert entities[0]["start"] == text.rindex("zelda")
    assert result[0]["masked_text"].endswith("please email [PERSON] now.")
    assert result[1]["entities"][0]["start"] == 0


@pytest.fixture(scope="module")
def pii_model(tiny_bert, tmp_path_factory):
    out = tmp_path_factory.mktemp("pii") / "model"
    args = ["--log-level", "WARNING", "train", "pii", "--output", str(out), "--backbone", tiny_bert,
            "--max-steps", "4", "--batch-size", "8", "--max-length", "32"]
    assert main(args) == 0
    return out


def test_pii_model_directory_and_reports(pii_model):
    from transformers import AutoModelForTokenClassification

    metadata = read_metadata(pii_model)
    assert metadata["kind"] == "token" and len(metadata["labels"]) == 35
    assert metadata["entity_threshold"] in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    report = json.loads((pii_model / "eval" / "test.json").read_text())
    assert {"precision", "recall", "f1", "per_type", "type_confusion", "false_positives"} <= set(report["entities"])
    assert {"seqeval_f1", "token_accuracy"} <= set(report["tokens"])
    assert "## Per entity type" in (pii_model / "eval" / "test.md").read_text()
    model = AutoModelForTokenClassification.from_pretrained(pii_model)
    assert model.config.id2label[1] == "B-AGE"


def test_pii_predict_cli_and_roundtrip(pii_model, tmp_path):
    texts = ["My name is Jürgen Groß, email jurgen@example.de 🙂", "version 2.3.1 costs $19.99"]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"text": t, "id": i}) + "\n" for i, t in enumerate(texts)))
    out = tmp_path / "out.jsonl"
    assert main(["predict", str(pii_model), "--input", str(src), "--output", str(out), "--threshold", "0"]) == 0
    rows = read_records(out)
    assert [r["id"] for r in rows] == [0, 1]
    for row in rows:
        for entity in row["entities"]:
            assert row["text"][entity["start"] : entity["end"]] == entity["text"]
            assert set(entity) == {"start", "end", "label", "score", "text"}
        assert row["masked_text"] == mask_text(row["text"], row["entities"])
    # the saved model gives the in-memory predictions back
    saved = read_records(pii_model / "eval" / "test_predictions.jsonl")[:5]
    again = [p.to_dict() for p in load(pii_model).predict([r["text"] for r in saved])]
    spans = [[(e["label"], e["start"], e["end"]) for e in a["entities"]] for a in again]
    assert spans == [[(e["label"], e["start"], e["end"]) for e in r["entities"]] for r in saved]
    np.testing.assert_allclose([e["score"] for a in again for e in a["entities"]],
                               [e["score"] for r in saved for e in r["entities"]], atol=1e-5)


def test_pii_lora_trains_and_merges(tiny_bert, tmp_path):
    out = tmp_path / "lora"
    args = ["--log-level", "WARNING", "train", "pii", "--output", str(out), "--backbone", tiny_bert, "--method", "lora",
            "--max-steps", "2", "--batch-size", "8", "--max-length", "32"]
    assert main(args) == 0
    metadata = read_metadata(out)
    assert metadata["lora"]["r"] == 32 and metadata["lora"]["alpha"] == 64  # the task's LoRA defaults
    assert (out / "adapter_model.safetensors").exists()
    assert main(["--log-level", "WARNING", "merge", str(out), "--output", str(tmp_path / "merged")]) == 0
    text = ["Contact Dana Scully at dana@fbi.gov"]
    a = load(out).forward(text)["pii"][0]
    b = load(tmp_path / "merged").forward(text)["pii"][0]
    assert [t[:2] for t in a] == [t[:2] for t in b]
    np.testing.assert_allclose(np.stack([t[2] for t in a]), np.stack([t[2] for t in b]), atol=1e-5)


@pytest.mark.parametrize(("record", "message"), [
    ({"text": "Hi Bob", "spans": [{"start": 3, "end": 9, "label": "PERSON"}]}, "row '1': invalid span offsets"),
    ({"text": "Hi Bob", "spans": [{"start": 3, "end": 6, "label": "WIZARD"}]}, "WIZARD"),
    ({"text": "   ", "spans": []}, "non-blank"),
])
def test_evaluate_rejects_bad_labelled_rows(pii_model, tmp_path, capsys, record, message):
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(record) + "\n")
    assert main(["evaluate", str(pii_model), "--input", str(src)]) == 2
    assert message in capsys.readouterr().err


def test_predict_rejects_empty_text(pii_model, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": " \t"}) + "\n")
    assert main(["predict", str(pii_model), "--input", str(src), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "empty text" in capsys.readouterr().err


def test_entity_subset_and_rename_from_configuration(tiny_bert, tmp_path, capsys):
    out = tmp_path / "subset"
    args = ["--log-level", "WARNING", "train", "pii", "--output", str(out), "--backbone", tiny_bert, "--max-steps", "2",
            "--batch-size", "8", "--max-length", "32", "--entity-types", "PERSON,EMAIL_ADDRESS,GPE",
            "--rename-entities", "EMAIL_ADDRESS=EMAIL,GPE=LOCATION"]
    assert main(args) == 0
    metadata = read_metadata(out)
    assert metadata["labels"] == ["O", "B-EMAIL", "I-EMAIL", "B-LOCATION", "I-LOCATION", "B-PERSON", "I-PERSON"]
    report = json.loads((out / "eval" / "test.json").read_text())
    assert set(report["entities"]["per_type"]) <= {"EMAIL", "LOCATION", "PERSON"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Hi Bob", "spans": [{"start": 3, "end": 6, "label": "AGE"}]}) + "\n")
    assert main(["evaluate", str(out), "--input", str(bad)]) == 2
    assert "AGE" in capsys.readouterr().err
    assert main(["train", "pii", "--output", str(tmp_path / "x"), "--entity-types", "WIZARD"]) == 2
    assert "WIZARD" in capsys.readouterr().err


@pytest.fixture(scope="module")
def pii_predictor(pii_model):
    classifier = load(pii_model)
    # every decoded entity kept (threshold 0): the most spans to check
    return lambda texts: [p.to_dict() for p in classifier.predict(texts, threshold=0.0)]


@settings(max_examples=40, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300).filter(str.strip))
def test_model_spans_hold_for_any_text(pii_predictor, text):
    """For any text (any script, emoji, control characters), the real tokenizer + model + decoder give exact spans."""
    result = pii_predictor([text])[0]
    last_end = 0
    for entity in result["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(text)
        assert text[entity["start"] : entity["end"]] == entity["text"]
        assert entity["start"] >= last_end
        last_end = entity["end"]
    assert result["masked_text"] == mask_text(text, result["entities"])
    kept = "".join(text[a:b] for a, b in zip([0] + [e["end"] for e in result["entities"]],
                                              [e["start"] for e in result["entities"]] + [len(text)]))
    assert kept == "".join(piece for piece in _outside(result["masked_text"], result["entities"]))


def _outside(masked: str, entities: list[dict]) -> list[str]:
    """The pieces of ``masked`` between the ``[LABEL]`` placeholders, in order."""
    pieces, rest = [], masked
    for entity in entities:
        placeholder = f"[{entity['label']}]"
        index = rest.index(placeholder)
        pieces.append(rest[:index])
        rest = rest[index + len(placeholder) :]
    return pieces + [rest]
