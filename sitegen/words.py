"""Word segmentation that never splits a protected span such as a glossary term.

Words come from the readings stage's segmenter (a unigram model over jieba's word frequencies and
the pinyin dictionaries), so the build loads one set of dictionaries, not two; runs of Latin
letters, digits or spaces are kept together as one token each.
"""

from __future__ import annotations

from typing import Sequence

from .script import HAN_RUN

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
    """Dictionary words over each run of Han characters (the stretches the readings stage split
    too, so it hands over its result); every other character a span of its own, except that runs
    of Latin letters and digits ("GDP", "2018") or of spaces stay whole."""
    if start >= end:
        return []
    from .readings_engine import segment as dictionary_words

    spans: list[Span] = []
    position = start
    for run in HAN_RUN.finditer(text, start, end):
        _add_singles(spans, text, position, run.start())
        spans.extend(dictionary_words(text, run.start(), run.end()))
        position = run.end()
    _add_singles(spans, text, position, end)
    return spans


def _add_singles(spans: list[Span], text: str, start: int, end: int) -> None:
    for k in range(start, end):
        if spans and spans[-1][1] == k and _same_run(text[k - 1], text[k]):
            spans[-1] = (spans[-1][0], k + 1)
        else:
            spans.append((k, k + 1))


def _same_run(previous: str, char: str) -> bool:
    if previous.isascii() and char.isascii():
        return (previous.isalnum() and char.isalnum()) or (previous.isspace() and char.isspace())
    return False
