"""Word segmentation that never splits a protected span such as a glossary term.

Words come from the readings stage's segmenter (a unigram model over jieba's word frequencies and
the pinyin dictionaries), so the build loads one set of dictionaries, not two; runs of Latin
letters, digits or spaces are kept together as one token each.
"""

from __future__ import annotations

from typing import Sequence

Span = tuple[int, int]


def segment(text: str, protected: Sequence[Span] = ()) -> list[Span]:
    """Word spans covering all of text, in order. Protected spans come back whole.

    text should be Simplified: the dictionaries are.
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
    from .readings_engine import segment as dictionary_words

    spans: list[Span] = []
    for span in dictionary_words(text, start, end):
        if spans and span[1] - span[0] == 1 and _same_run(text[spans[-1][1] - 1], text[span[0]]):
            spans[-1] = (spans[-1][0], span[1])  # "GDP", "2018", "  " stay whole
        else:
            spans.append(span)
    return spans


def _same_run(previous: str, char: str) -> bool:
    if previous.isascii() and char.isascii():
        return (previous.isalnum() and char.isalnum()) or (previous.isspace() and char.isspace())
    return False
