"""Which written characters each spoken word reads, so word highlighting lands on what the listener sees.

Normalization rewrites some words ("20" → "twenty", "$1.2bn" → "one point two billion dollars", "Xi" →
"Shee") and keeps most as they are. Matching the two token sequences (difflib) pairs the kept words
exactly; every spoken word in a rewritten stretch points at the whole written stretch it came from.
"""

from __future__ import annotations

import difflib
import re

from newscaster.text.phonemes import written_form

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def _key(token: str) -> str:
    return _EDGE_PUNCTUATION.sub("", written_form(token).lower().replace("’", "'"))


def spoken_word_spans(written: str, spoken: str) -> tuple[tuple[int, int], ...]:
    """For each whitespace-separated spoken word, the (start, end) character span it reads in ``written``."""
    written_tokens = [(m.start(), m.end(), _key(m.group())) for m in _TOKEN.finditer(written)]
    spoken_keys = [_key(word) for word in spoken.split()]
    if not written_tokens:
        return tuple((0, 0) for _ in spoken_keys)
    spans: list[tuple[int, int]] = [(0, 0)] * len(spoken_keys)
    matcher = difflib.SequenceMatcher(a=[t[2] for t in written_tokens], b=spoken_keys, autojunk=False)
    for tag, w1, w2, s1, s2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(s2 - s1):
                start, end, _ = written_tokens[w1 + offset]
                spans[s1 + offset] = (start, end)
        elif s2 > s1:
            if w2 > w1:
                span = (written_tokens[w1][0], written_tokens[w2 - 1][1])
            else:  # words the normalizer added ("the" in "the third of March"): point at a neighbour
                neighbour = written_tokens[min(w1, len(written_tokens) - 1)]
                span = (neighbour[0], neighbour[1])
            for index in range(s1, s2):
                spans[index] = span
    return tuple(spans)
