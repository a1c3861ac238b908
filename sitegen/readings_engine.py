"""The layered decision behind ``Reader.read_many`` (see ``readings.LAYERS``)."""

from __future__ import annotations

from typing import Sequence

from .readings_lexicon import lexicon
from .readings_syllables import normalise_syllable
from .script import is_han


def _max_match(text: str, start: int, end: int, words: dict[str, list[str]], longest: int):
    """Forward maximum matching of ``words`` in text[start:end]; yields (i, word, syllables)."""
    i = start
    while i < end:
        for size in range(min(longest, end - i), 0, -1):
            syllables = words.get(text[i : i + size])
            if syllables is not None:
                yield i, text[i : i + size], syllables
                i += size
                break
        else:
            i += 1


def segment(hans: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Dictionary words (forward maximum matching) covering hans[start:end], singles included."""
    lex = lexicon()
    end = len(hans) if end is None else end
    spans = []
    i = start
    while i < end:
        size = 1
        if is_han(hans[i]):
            for k in range(min(lex.max_len, end - i), 1, -1):
                if lex.is_word(hans[i : i + k]):
                    size = k
                    break
        spans.append((i, i + size))
        i += size
    return spans


def segment_spans(hans: str) -> list[tuple[int, int]]:
    return segment(hans)


class _Sheet:
    """The decisions for one text as they are made, layer by layer."""

    def __init__(self, original: str, hans: str):
        self.original = original
        self.hans = hans
        n = len(hans)
        self.han = [is_han(c) for c in hans]
        self.syllable: list[str | None] = [None] * n
        self.layer = [""] * n
        self.words: list[tuple[int, int]] = []  # segmentation of the undecided stretches

    def open(self, i: int) -> bool:
        return self.han[i] and not self.layer[i]

    def set(self, i: int, syllable: str, layer: str) -> None:
        if self.open(i):
            self.syllable[i] = syllable
            self.layer[i] = layer


def _apply_overrides(sheet: _Sheet, article: dict[str, list[str]], site: dict[str, list[str]]) -> None:
    for words in (article, site):
        if not words:
            continue
        longest = max(len(w) for w in words)
        for i, word, syllables in _max_match(sheet.hans, 0, len(sheet.hans), words, longest):
            if all(sheet.open(i + k) for k in range(len(word))):
                for k, syllable in enumerate(syllables):
                    sheet.set(i + k, syllable, "override")


def _apply_pins(sheet: _Sheet, pins: Sequence[tuple[int, list[str]]]) -> None:
    for start, syllables in pins:
        for k, syllable in enumerate(syllables):
            i = start + k
            if 0 <= i < len(sheet.hans) and sheet.open(i) and syllable:
                sheet.set(i, normalise_syllable(syllable), "glossary")


def _apply_phrases(sheet: _Sheet) -> list[int]:
    """Dictionary words over the undecided stretches; returns the positions still open."""
    lex = lexicon()
    pending = []
    n = len(sheet.hans)
    i = 0
    while i < n:
        if not sheet.open(i):
            i += 1
            continue
        j = i
        while j < n and sheet.open(j):
            j += 1
        for start, end in segment(sheet.hans, i, j):
            sheet.words.append((start, end))
            if end - start > 1:
                syllables = lex.phrase(sheet.hans[start:end])
                if syllables:
                    for k, syllable in enumerate(syllables):
                        sheet.set(start + k, syllable, "phrase")
                    continue
            pending.extend(range(start, end))
        i = j
    return pending


def _apply_defaults(sheet: _Sheet, positions: list[int]) -> None:
    lex = lexicon()
    for i in positions:
        options = lex.readings(sheet.hans[i])
        if options:
            sheet.set(i, options[0], "default")


def decide_many(
    originals: list[str],
    hans_texts: list[str],
    article: dict[str, list[str]],
    site: dict[str, list[str]],
    pins: list[Sequence[tuple[int, list[str]]]],
):
    from .readings import Reading

    lex = lexicon()
    sheets = []
    for original, hans, pin in zip(originals, hans_texts, pins):
        sheet = _Sheet(original, hans)
        _apply_overrides(sheet, article, site)
        _apply_pins(sheet, pin)
        pending = _apply_phrases(sheet)
        _apply_defaults(sheet, pending)
        sheets.append(sheet)
    results = []
    for sheet in sheets:
        out = []
        for i, char in enumerate(sheet.hans):
            syllable = sheet.syllable[i]
            if syllable is None:
                out.append(Reading(None, "default" if sheet.han[i] else ""))
                continue
            alternatives = tuple(s for s in lex.readings(char) if s != syllable)
            out.append(Reading(syllable, sheet.layer[i], alternatives))
        results.append(out)
    return results
