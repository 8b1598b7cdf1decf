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


def augment_rows(rows: list[dict], augmenter, ratio: float, seed: int, add: bool = False) -> list[dict]:
    """Rewrite a seeded ``ratio`` share of rows with ``augmenter`` (the rows keep their labels).

    ``add``: keep the originals and append the rewritten copies (ids suffixed ``#aug``) instead.
    """
    if ratio <= 0 or augmenter is None:
        return rows
    rng = random.Random(seed)
    out, extra = [], []
    for row in rows:
        if rng.random() < ratio:
            rewritten = {**row, "text": augmenter(row["text"], rng), "augmented": True}
            if add:
                extra.append({**rewritten, "id": f"{row.get('id')}#aug"})
            else:
                row = rewritten
        out.append(row)
    return out + extra


# ----------------------------------------------------------------------------------------- detectors

#: Harmless padding for :func:`harmless_padding` (training only; the robustness *evaluation* uses a
#: different word and sentence list, in routerkit.evaluation.detector).
_PAD_WORDS = ("please", "thanks", "ok", "today", "quickly", "also", "really", "hello", "friend", "anyway",
              "cheers", "now", "simple", "kindly", "yes", "great", "cool", "lol", "hmm", "btw")
_PAD_SENTENCES = (
    "Thanks a lot in advance.", "Have a nice day!", "I hope the weather is good where you are.",
    "By the way, I love your answers.", "Let me know if anything is unclear.", "This is for my blog.",
    "My cat is sleeping next to me right now.", "Sorry for any typos, I'm on my phone.",
    "Keep it short if you can.", "I'm asking for a friend.", "Good morning!", "P.S. what a lovely day.",
)


def harmless_padding(text: str, rng: random.Random) -> str:
    """Append or prepend harmless words or sentences, embed the text in chit-chat, or add case/space noise.

    For detectors whose score must not move when an attacker pads a prompt: applied to a share of the
    rows of *both* classes, so that padding and noise carry no label signal.
    """
    choice = rng.random()
    if choice < 0.3:
        words = " ".join(rng.choice(_PAD_WORDS) for _ in range(rng.randint(1, 6)))
        return f"{text} {words}" if rng.random() < 0.7 else f"{words} {text}"
    if choice < 0.55:
        sentence = rng.choice(_PAD_SENTENCES)
        return f"{text} {sentence}" if rng.random() < 0.6 else f"{sentence} {text}"
    if choice < 0.75:
        before, after = rng.sample(_PAD_SENTENCES, 2)
        return f"{before} {text}\n{after}"
    noisy = text.upper() if rng.random() < 0.2 else text.lower() if rng.random() < 0.5 else text
    if rng.random() < 0.6:
        noisy = re.sub(r" ", lambda _: rng.choice((" ", "  ", "\t", " \n")) if rng.random() < 0.15 else " ", noisy)
    return noisy
