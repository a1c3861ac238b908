"""Word segmentation (jieba) that never splits a protected span such as a glossary term."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Sequence

Span = tuple[int, int]


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # loads its dictionary on first use (about a second), so only when needed

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def segment(text: str, protected: Sequence[Span] = ()) -> list[Span]:
    """Word spans covering all of text, in order. Protected spans come back whole.

    text should be Simplified: jieba's dictionary is.
    """
    spans: list[Span] = []
    position = 0
    for start, end in sorted(protected):
        if start < position:
            continue  # overlapping spans: the first one wins
        spans.extend(_segment_plain(text, position, start))
        spans.append((start, end))
        position = end
    spans.extend(_segment_plain(text, position, len(text)))
    return spans


def _segment_plain(text: str, start: int, end: int) -> list[Span]:
    if start >= end:
        return []
    spans, position = [], start
    for word in _tokenizer().cut(text[start:end], HMM=True):
        if not word:
            continue
        spans.append((position, position + len(word)))
        position += len(word)
    if position != end:  # jieba dropped or changed something: fall back to one span per character
        return [(i, i + 1) for i in range(start, end)]
    return spans
