"""The dictionaries behind the ``phrase`` and ``default`` layers, loaded once on first use.

Sources (all shipped by installed packages or this repository; nothing is downloaded; the
packages' tables are read through ``readings_store``, which compiles them once per machine):

- ``sitegen/data/pinyin-phrases.txt``: this project's own entries (general words a lexicographer
  would list, e.g. 重振 chóng zhèn) — they win over the package dictionaries.
- pypinyin's phrase dictionary (``pypinyin.constants.PHRASES_DICT``, read, never mutated).
- CC-CEDICT's words as shipped by pypinyin-dict (``pypinyin_dict.phrase_pinyin_data.cc_cedict``,
  imported as data; its ``load()``, which would mutate pypinyin's global dictionary, is not called).
- pypinyin's character dictionary for every character's possible readings and its default.

Dictionary readings are stored in citation tones: pypinyin writes some phrases with 一/不
sandhi (不要 bú yào, 一个 yí gè); those are put back to yī/bù here.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from .errors import SitegenError
from .readings_store import MAX_WORD, PREFIX
from .readings_syllables import normalise_syllable, split_tone

DATA = Path(__file__).parent / "data"
PHRASES_FILE = DATA / "pinyin-phrases.txt"
CHARS_FILE = DATA / "pinyin-chars.txt"


def _citation(char: str, syllable: str) -> str:
    if char == "一" and syllable in ("yí", "yì"):
        return "yī"
    if char == "不" and syllable == "bú":
        return "bù"
    return syllable


def read_word_file(path: Path) -> dict[str, list[str]]:
    """``word syl syl …`` lines with # comments (the same format as the overrides file)."""
    from .readings import load_overrides
    from .script import to_hans

    if not path.exists():
        return {}
    return {to_hans(w): s for w, s in load_overrides(path).items()}


# CC-CEDICT writes many "may be light" syllables as neutral (书记 shū ji); GB/T 16159 writes the
# neutral tone only where the word must have it. A CC-CEDICT-only neutral tone is kept for these
# always-light suffixes and particles; elsewhere the character is left to the next layers.
LIGHT = set("子们們的了着著么麽吗嗎呢吧啊呀哇哪啦嘛头頭巴得")

SOURCES = ("own", "pypinyin", "cedict")
OWN = 50_000  # the count the segmenter gives the project's own words


class Lexicon:
    """Phrase sources in order of trust, plus character readings."""

    def __init__(self) -> None:
        from .readings_store import store

        self._store = store()
        self.own = read_word_file(PHRASES_FILE)
        self._chars: dict[str, tuple[str, ...]] = {}
        self._entries: dict[str, list] = {}
        self._choices: dict[str, tuple[str, ...]] = {}
        # per word: the toneless syllable of each character CC-CEDICT gave only a dropped neutral tone
        self._light: dict[str, list[str | None]] = {}
        self.char_defaults = self._read_char_defaults()
        self.max_len = MAX_WORD
        # the segmenter's word log-probabilities: the project's own words count as frequent (they
        # are curated: they should win the split), their prefixes as prefixes
        self._own_counts: dict[str, int] = {}
        for word in self.own:
            self._own_counts[word] = OWN
            for size in range(1, len(word)):
                self._own_counts.setdefault(word[:size], 0)
        self.log_probs: dict[str, float | None] = {}
        self.unknown_log_prob = -self._store.log_total  # a character no dictionary lists: count 1
        self._loaded: set[str] = set()  # first characters whose words log_probs holds, all of them

    def load_words_starting(self, chars) -> None:
        """Load the log-probability of every word beginning with one of `chars` at once: cheaper
        than one look-up at a time once the text is more than a few dozen pages."""
        todo = set(chars) - self._loaded
        if not todo:
            return
        self._store.log_probs_starting(todo, self.log_probs)
        for word in self._own_counts:
            if word[0] in todo:
                self.log_probs[word] = self._count_log_prob(word)
        self._loaded |= todo

    def log_prob(self, word: str) -> float | None:
        """log P(word) under the segmenter's unigram model (``log_probs`` memoises it): PREFIX
        when word is only the beginning of longer words, None when no word begins so."""
        result = None if word[0] in self._loaded else self._count_log_prob(word)
        self.log_probs[word] = result
        return result

    def _count_log_prob(self, word: str) -> float | None:
        count = self._store.count(word)
        own = self._own_counts.get(word)
        if own is not None:
            count = max(count or 0, own)
        return None if count is None else PREFIX if count == 0 else math.log(count) + self.unknown_log_prob

    def _read_char_defaults(self) -> dict[str, str]:
        """``char syllable`` lines: the project's choice of a character's default reading."""
        out: dict[str, str] = {}
        if not CHARS_FILE.exists():
            return out
        for number, line in enumerate(CHARS_FILE.read_text(encoding="utf-8").splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            try:
                if len(parts) != 2 or len(parts[0]) != 1:
                    raise ValueError("expected 'character syllable'")
                out[parts[0]] = normalise_syllable(parts[1])
            except ValueError as e:
                raise SitegenError(CHARS_FILE, number, str(e)) from None
        return out

    def prefetch_chars(self, chars) -> None:
        """Get ready to give many characters' readings (one dictionary query, not one each)."""
        self._store.prefetch_chars(c for c in chars if c not in self._chars)

    def readings(self, char: str) -> tuple[str, ...]:
        """All readings of a character, its default first; () if unknown."""
        cached = self._chars.get(char)
        if cached is not None:
            return cached
        raw = self._store.char(char)[0]
        out: list[str] = []
        if raw:
            for syllable in raw.split(","):
                try:
                    syllable = normalise_syllable(syllable)
                except ValueError:
                    continue
                if syllable not in out:
                    out.append(syllable)
        default = self.char_defaults.get(char)
        if default:
            out = [default] + [s for s in out if s != default]
        result = tuple(out)
        self._chars[char] = result
        return result

    def choices(self, char: str) -> tuple[str, ...]:
        """The readings a reader might really meet (``Reading.alternatives``): CC-CEDICT's readings
        of the character, without its "may be light" neutral tones except on the always-light
        characters and without 一/不 sandhi forms; pypinyin's full list for characters it lacks."""
        cached = self._choices.get(char)
        if cached is not None:
            return cached
        out: list[str] = []
        raw = self._store.char(char)[1]
        for syllable in raw.split(",") if raw else []:
            try:
                syllable = normalise_syllable(syllable)
            except ValueError:
                continue
            if split_tone(syllable)[1] == 5 and char not in LIGHT:
                continue
            syllable = _citation(char, syllable)
            if syllable not in out:
                out.append(syllable)
        default = self.char_defaults.get(char)
        if default and default not in out:
            out.insert(0, default)
        result = tuple(out) if out else self.readings(char)
        self._choices[char] = result
        return result

    def is_word(self, word: str) -> bool:
        if word in self.own:
            return True
        _, pypinyin, cedict = self._store.word(word)
        return pypinyin is not None or cedict is not None

    def prefetch(self, words) -> None:
        """Fetch the dictionary entries of many words in one go (see ``Store.prefetch``)."""
        self._store.prefetch(w for w in words if w not in self._entries)

    def entries(self, word: str) -> list[tuple[str, list[tuple[str, ...]]]]:
        cached = self._entries.get(word)
        if cached is None:
            cached = self._entries[word] = self._lookup(word)
        return cached

    def _lookup(self, word: str) -> list[tuple[str, list[tuple[str, ...]]]]:
        """(source, per-character reading options) for each source listing word, most trusted first.

        Options are citation syllables; a character a source gives no usable reading for has ().
        """
        out = []
        own = self.own.get(word)
        if own is not None:
            out.append(("own", [(s,) for s in own]))
        _, *raw = self._store.word(word)
        for name, text in zip(("pypinyin", "cedict"), raw):
            entry = None if text is None else [options.split(",") for options in text.split("|")]
            if entry is None or len(entry) != len(word):
                continue
            chars = []
            light = self._light.setdefault(word, [None] * len(word))
            for k, (char, options) in enumerate(zip(word, entry)):
                norm = []
                for option in options:
                    try:
                        syllable = _citation(char, normalise_syllable(option))
                    except ValueError:
                        continue
                    if name == "cedict" and split_tone(syllable)[1] == 5 and char not in LIGHT:
                        light[k] = split_tone(syllable)[0]  # still vouches for the syllable (头发 fa/fà)
                        continue
                    if syllable not in norm:
                        norm.append(syllable)
                chars.append(tuple(norm))
            out.append((name, chars))
        return out

    def light_base(self, word: str, k: int) -> str | None:
        """The syllable (without tone) CC-CEDICT gives character k of word as a dropped neutral tone."""
        self.entries(word)
        light = self._light.get(word)
        return light[k] if light else None

    def phrase(self, word: str) -> list[str] | None:
        """The most trusted source's first reading of a multi-character word (None if unlisted)."""
        for _, chars in self.entries(word):
            if all(chars):
                return [options[0] for options in chars]
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


def tone_base(syllable: str) -> str:
    return split_tone(syllable)[0]
