"""Text augmentation that teaches robustness to how people really type requests.

``chat_style`` turns an exam-style question into something a chat user might send: a conversational
wrapper, lower case, dropped punctuation, and realistic typos (swapped, dropped or doubled letters).
It is applied to a seeded share of *training* rows only.
"""

from __future__ import annotations

import random
import re

_PREFIXES = (
    "hey, ", "hi! ", "quick question: ", "can you help me with this? ", "i need help with this: ",
    "so ", "please help - ", "i was wondering: ", "my homework says: ", "can someone explain this? ",
    "ok so ", "help me understand this: ", "question for you: ", "",
)
_SUFFIXES = (
    " thanks!", " any idea?", " please explain.", " can you walk me through it?", " thx", " ??",
    " explain simply pls", " what do you think?", " i'm confused", "",
)
_WORD = re.compile(r"[A-Za-z]{4,}")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("swap", "drop", "double"))
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def add_typos(text: str, rng: random.Random, rate: float = 0.08) -> str:
    """Misspell about ``rate`` of the words of four or more letters."""
    return _WORD.sub(lambda m: _typo(m.group(0), rng) if rng.random() < rate else m.group(0), text)


def chat_style(text: str, rng: random.Random) -> str:
    """Rewrite one text the way a chat user might type it (seeded by ``rng``)."""
    out = text.strip()
    if rng.random() < 0.5:
        out = out.lower()
    if rng.random() < 0.3:
        out = out.rstrip(".?! ")
    if rng.random() < 0.5:
        out = add_typos(out, rng)
    if rng.random() < 0.6:
        out = rng.choice(_PREFIXES) + out
    if rng.random() < 0.4:
        out = out + rng.choice(_SUFFIXES)
    return out


def augment_rows(rows: list[dict], augmenter, ratio: float, seed: int) -> list[dict]:
    """Rewrite a seeded ``ratio`` share of rows with ``augmenter`` (the rows keep their labels and ids)."""
    if ratio <= 0 or augmenter is None:
        return rows
    rng = random.Random(seed)
    out = []
    for row in rows:
        if rng.random() < ratio:
            row = {**row, "text": augmenter(row["text"], rng), "augmented": True}
        out.append(row)
    return out
