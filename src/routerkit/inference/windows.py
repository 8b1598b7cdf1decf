"""Texts -> token windows as arrays: the first layer of inference (windows -> backend -> decode).

A text longer than ``max_length`` tokens becomes overlapping windows; ``stride`` tokens (a quarter of
a window) are shared by consecutive windows. Windows of one call are padded to the longest of them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

MODEL_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


@dataclass(frozen=True)
class Windows:
    #: ``input_ids``, ``attention_mask`` (and ``token_type_ids`` where the tokenizer makes them), int64, windows x tokens
    inputs: dict[str, np.ndarray]
    #: window -> index of its text in the call
    owners: np.ndarray
    #: token heads: character offsets (windows x tokens x 2) and which positions are real, non-special tokens
    offsets: np.ndarray | None = None
    content: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.owners)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        return {name: array[start:stop] for name, array in self.inputs.items()}


class Windower:
    """Tokenises texts into windows. The tokenizer is shared, so calls are serialised by a lock
    (fast tokenizers are not safe to configure from several threads at once)."""

    def __init__(self, tokenizer, max_length: int):
        self.tokenizer = tokenizer
        # the engine cuts each chunk of windows to its longest one, from the right: padding goes there
        self.tokenizer.padding_side = "right"
        self.max_length = int(max_length)
        self.stride = self.max_length // 4
        self._lock = threading.Lock()

    def __call__(self, texts: list[str], all_windows: bool, offsets: bool) -> Windows:
        with self._lock:
            encoded = self.tokenizer(texts, truncation=True, max_length=self.max_length, stride=self.stride if all_windows else 0,
                                     return_overflowing_tokens=all_windows, return_offsets_mapping=offsets,
                                     return_special_tokens_mask=offsets, padding=True, return_tensors="np")
        owners = np.asarray(encoded["overflow_to_sample_mapping"]) if all_windows else np.arange(len(texts))
        inputs = {name: np.asarray(encoded[name], dtype=np.int64) for name in MODEL_INPUTS if name in encoded}
        if not offsets:
            return Windows(inputs, owners)
        content = inputs["attention_mask"].astype(bool) & ~np.asarray(encoded["special_tokens_mask"]).astype(bool)
        return Windows(inputs, owners, np.asarray(encoded["offset_mapping"]), content)
