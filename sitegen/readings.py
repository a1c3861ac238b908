"""Readings: the pinyin of every Han character of a paragraph, decided in context.

Each character's reading is decided by the strongest layer that has an opinion (``LAYERS``,
strongest first):

``override``  the curator's word → reading pins: per-article front matter (``read(overrides=)``),
              then the site's overrides given to ``Reader`` and the shipped
              ``sitegen/data/pinyin-overrides.txt`` (always loaded). Longest match wins.
``glossary``  a glossary term that carries its own pinyin (``pinned`` spans).
``phrase``    a dictionary word over a segmentation of the text (jieba's word frequencies, read
              through a private Tokenizer, plus every dictionary word): the project's own
              ``sitegen/data/pinyin-phrases.txt`` decides outright; pypinyin's phrases and
              CC-CEDICT (shipped by pypinyin-dict) propose the reading all of them allow. The
              model may move a proposal only when one dictionary alone listed it and the model is
              ≥99.5% sure of another reading (names and literary uses differ from dictionaries).
``grammar``   constructions (``readings_grammar``): 以…为…, 为…服务 / clause-initial 为 (wèi), N为王
              slogans, V得 complements (de), adverbial 地 (de), aspect 着 (zhe) / 睡着, 用不着 (zháo),
              了 le / 受不了 liǎo, 干 'to do' (gàn), 都 in place names (dū). A rule may replace a
              dictionary proposal (以做特为方向 is 以…为, not 特为 tèwèi), never a pin.
``model``     g2pM's shipped BiLSTM (``readings_model``), batched over every open polyphone of
              all texts of a ``read_many`` call, restricted to the character's possible readings,
              cached by sentence. It never runs on characters a dictionary or rule settled.
``default``   the character's own first reading (``sitegen/data/pinyin-chars.txt``, then
              pypinyin's); also the layer of characters that have only one reading.

``review`` (and ``Reader.review``) lists what the weakest layers decided where a real choice
existed, with the word around it and a ready override line, for ``sitegen check``.

Readings are citation tones (GB/T 16159-2012): 一 and 不 keep yī and bù, the neutral tone is
unmarked (``de``, ``zi``, 身子 shēnzi). ``apply_sandhi`` (or ``Reader.spoken``) turns them into
spoken tones; ``format_syllable`` displays them as tone marks, tone numbers or zhuyin.

Text may be in either script: it is read through its Simplified form (``script.to_hans``, same
length; Taiwan-style 著 is read as 着 outside 著名-type words), so offsets and results line up
with the text as given. Heavy resources (dictionaries, jieba's frequencies, the model) load once,
on the first read; constructing a ``Reader`` is cheap. pypinyin's global dictionaries are read,
never modified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .errors import SitegenError
from .readings_syllables import STYLES, apply_sandhi, format_syllable, normalise_syllable  # noqa: F401
from .script import each_converted, is_han, to_hans

__all__ = [
    "LAYERS",
    "STYLES",
    "Reading",
    "Reader",
    "Review",
    "review",
    "WEAK_LAYERS",
    "apply_sandhi",
    "format_syllable",
    "load_overrides",
    "usual_reading",
    "parse_override",
    "DEFAULT_OVERRIDES",
]

LAYERS = ("override", "glossary", "phrase", "grammar", "model", "default")

DEFAULT_OVERRIDES = Path(__file__).parent / "data" / "pinyin-overrides.txt"
# Looking words up one at a time costs about 5 µs per character of varied text, so above about
# 50,000 characters loading the words of all the text's characters at once (≤0.25 s) is cheaper.
BULK_CHARACTERS = 50_000


@dataclass(frozen=True)
class Reading:
    syllable: str | None  # tone-marked citation syllable; None for a non-Han character
    layer: str  # which layer decided it; "" for non-Han
    # the other readings this character could have had: the readings CC-CEDICT and g2pM know for
    # it (not pypinyin's rare and historical ones), without the chosen one; () if unambiguous
    alternatives: tuple[str, ...] = ()
    # for layer "model": the model's probability for its choice among the candidates
    confidence: float | None = field(default=None, compare=False, repr=False)
    # the syllable as a plain interned str (what pages and caches keep), None where syllable is
    plain: str | None = field(default=None, compare=False, repr=False)


WEAK_LAYERS = ("model", "default")


@dataclass(frozen=True)
class Review:
    """A reading a curator may want to confirm and pin (``sitegen check``)."""

    offset: int  # of the character in the text
    char: str
    syllable: str
    layer: str
    alternatives: tuple[str, ...]
    word: str  # the (segmented) word around the character, as written
    word_syllables: tuple[str | None, ...]  # that word's readings
    confidence: float | None

    @property
    def override_line(self) -> str:
        """The line that pins this word as read now, for pinyin-overrides.txt."""
        return f"{self.word}\t{' '.join(s or '?' for s in self.word_syllables)}"

    def __str__(self) -> str:
        return f"{self.word} {' '.join(s or '?' for s in self.word_syllables)}: {self.char} {self.syllable} ({self.layer}; also {', '.join(self.alternatives)})"


def load_in_advance() -> None:
    """Load the dictionaries and the context model now rather than at the first text read."""
    from .readings_lexicon import lexicon
    from .readings_model import context_model

    lexicon()
    context_model()


def review(
    text: str,
    readings: list[Reading],
    words: list[tuple[int, int]],
    *,
    layers: Sequence[str] = WEAK_LAYERS,
    below: float = 0.99,
) -> list[Review]:
    """The readings of ``text`` decided by the weakest layers and really ambiguous.

    Listed: every character decided by a layer in ``layers`` that has alternatives, except model
    decisions at least ``below`` sure (set ``below`` above 1 to list those too).
    """
    word_of: dict[int, tuple[int, int]] = {}
    out = []
    for i, (char, reading) in enumerate(zip(text, readings)):
        if reading.layer not in layers or not reading.alternatives or reading.syllable is None:
            continue
        if reading.layer == "model" and reading.confidence is not None and reading.confidence >= below:
            continue
        if not word_of:  # most texts have nothing to review: map offsets to words only when needed
            word_of = {i: (start, end) for start, end in words for i in range(start, end)}
        start, end = word_of.get(i, (i, i + 1))
        out.append(
            Review(
                i, char, reading.syllable, reading.layer, reading.alternatives, text[start:end],
                tuple(r.syllable for r in readings[start:end]), reading.confidence,
            )
        )  # fmt: skip
    return out


# --- overrides ------------------------------------------------------------------------------


def parse_override(word: str, value: str | list[str]) -> list[str]:
    """Validate one word → reading pin; returns tone-marked syllables; ValueError explains why not."""
    if not isinstance(word, str) or not word.strip():
        raise ValueError("the word to pin is empty")
    word = word.strip()
    if isinstance(value, str):
        syllables = value.split()
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        syllables = [s for v in value for s in v.split()]
    else:
        raise ValueError(f"the reading of {word!r} must be a string of syllables like 'chóng zhèn'")
    han = [c for c in word if is_han(c)]
    if not han or len(han) != len(word):
        raise ValueError(f"{word!r}: only Chinese characters can be pinned")
    if len(syllables) != len(word):
        raise ValueError(
            f"{word!r} has {len(word)} character(s) but {len(syllables)} syllable(s): {' '.join(syllables) or '(none)'}"
        )
    out = []
    for syllable in syllables:
        try:
            out.append(normalise_syllable(syllable))
        except ValueError as e:
            raise ValueError(f"{word!r}: {e}") from None
    return out


_OVERRIDE_LINE = re.compile(r"^(\S+)\s+(.+?)\s*$")


def load_overrides(path: Path) -> dict[str, list[str]]:
    """Read a curator's overrides file: one ``word<TAB or spaces>syl syl …`` per line, # comments.

    Words in either script; syllables tone-marked (chóng) or tone-numbered (chong2, lv4, de5).
    Errors are SitegenError naming the file and line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SitegenError(path, None, "not UTF-8 text") from None
    except OSError as e:
        raise SitegenError(path, None, f"cannot read: {e.strerror or e}") from None
    result: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = _OVERRIDE_LINE.match(line)
        if not match:
            raise SitegenError(path, number, f"expected 'word syllables…', got {line!r}")
        word, value = match.groups()
        try:
            result[word] = parse_override(word, value)
        except ValueError as e:
            raise SitegenError(path, number, str(e)) from None
    return result


@lru_cache(maxsize=1)
def default_overrides() -> dict[str, list[str]]:
    """The shipped overrides (sitegen/data/pinyin-overrides.txt), read once."""
    if not DEFAULT_OVERRIDES.exists():
        return {}
    return load_overrides(DEFAULT_OVERRIDES)


def usual_reading(char: str) -> str | None:
    """A character's default reading (the ``default`` layer's choice); None if it has none."""
    return usual_readings([char])[0]


def usual_readings(chars: Sequence[str]) -> list[str | None]:
    """``usual_reading`` of each character, looked up together."""
    from .readings_lexicon import lexicon

    lex = lexicon()
    hans = each_converted(chars, to_hans)
    lex.prefetch_chars(hans)
    return [options[0] if (options := lex.readings(c)) else None for c in hans]


def _simplified_keys(overrides: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Overrides keyed by both their written and Simplified form (lookups run on Simplified)."""
    out: dict[str, list[str]] = {}
    for word, syllables in (overrides or {}).items():
        if isinstance(syllables, str):
            syllables = syllables.split()
        if len(syllables) != len(word):
            raise ValueError(f"override {word!r}: {len(word)} character(s) but {len(syllables)} syllable(s)")
        out[to_hans(word)] = [normalise_syllable(s) for s in syllables]
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def _hans(text: str) -> str:
    """Simplified form, same length; lone surrogates (which OpenCC cannot take) become '?'."""
    return to_hans(_SURROGATE.sub("?", text))


# --- the reader -----------------------------------------------------------------------------


class Reader:
    """Decides readings; cheap to construct, heavy resources load on first use and are shared."""

    def __init__(self, overrides: dict[str, list[str]] | None = None):
        self._site = {**_simplified_keys(default_overrides()), **_simplified_keys(overrides)}

    def read(
        self,
        text: str,
        *,
        overrides: dict[str, list[str]] | None = None,
        pinned: Sequence[tuple[int, list[str]]] = (),
    ) -> list[Reading]:
        """One Reading per character of text (a paragraph, any script).

        ``overrides``: per-article word → syllables (beat everything). ``pinned``: (start offset,
        syllables) spans of glossary terms carrying their own pinyin, one syllable per character
        from start (a syllable for a non-Han character is ignored).
        """
        return self.read_many([text], overrides=overrides, pinned=[pinned])[0]

    def read_many(
        self,
        texts: list[str],
        *,
        overrides: dict[str, list[str]] | None = None,
        pinned: list[Sequence[tuple[int, list[str]]]] | None = None,
        units: list[Sequence[tuple[int, int]]] | None = None,
    ) -> list[list[Reading]]:
        """Batch form of ``read``: the context model runs once over all texts' open questions.

        ``units``: per text, (start, end) spans to read as words of their own (glossary terms):
        the dictionary words are looked for inside and around them, never across their edges.
        """
        from .readings_engine import decide_many

        article = _simplified_keys(overrides)
        pins = list(pinned) if pinned is not None else [()] * len(texts)
        spans = list(units) if units is not None else [()] * len(texts)
        if len(pins) != len(texts) or len(spans) != len(texts):
            raise ValueError("pinned and units must have one entry per text")
        return decide_many(texts, [_hans(t) for t in texts], article, self._site, pins, spans)

    def prepare(self, texts: Sequence[str]) -> None:
        """Get ready to read these texts: for a large amount, load the segmenter's words for
        their characters at once instead of looking each word up as it comes. Call it before
        forking worker processes, which then share what was loaded."""
        if sum(map(len, texts)) >= BULK_CHARACTERS:
            from .readings_lexicon import lexicon

            chars = set().union(*map(set, texts))
            chars |= set(to_hans("\n".join(chars)))  # the lookups are in Simplified
            lexicon().load_words_starting(chars)

    def review(self, text: str, readings: list[Reading] | None = None, **options) -> list[Review]:
        """``review`` for one text (reads it first unless its readings are given)."""
        readings = readings if readings is not None else self.read(text)
        return review(text, readings, self.words(text), **options)

    def words(self, text: str) -> list[tuple[int, int]]:
        """(start, end) spans of the dictionary words covering text (for ``apply_sandhi``)."""
        from .readings_engine import segment_spans

        return segment_spans(_hans(text))

    def spoken(self, text: str, readings: list[Reading] | None = None) -> list[str | None]:
        """Syllables with tone sandhi applied (一, 不, third-tone runs inside words)."""
        readings = readings if readings is not None else self.read(text)
        return apply_sandhi([r.syllable for r in readings], self.words(text), text=_hans(text))
