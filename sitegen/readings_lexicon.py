"""The dictionaries behind the ``phrase`` and ``default`` layers, loaded once on first use.

Sources (all shipped by installed packages or this repository; nothing is downloaded):

- ``sitegen/data/pinyin-phrases.txt``: this project's own entries (general words a lexicographer
  would list, e.g. 重振 chóng zhèn) — they win over the package dictionaries.
- pypinyin's phrase dictionary (``pypinyin.constants.PHRASES_DICT``, read, never mutated).
- pypinyin's character dictionary for every character's possible readings and its default.

Dictionary readings are stored in citation tones: pypinyin writes some phrases with 一/不
sandhi (不要 bú yào, 一个 yí gè); those are put back to yī/bù here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import SitegenError
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


class Lexicon:
    def __init__(self) -> None:
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

        self._pinyin_dict = PINYIN_DICT
        self._phrases_dict = PHRASES_DICT
        self.own = read_word_file(PHRASES_FILE)
        self._chars: dict[str, tuple[str, ...]] = {}
        self.char_defaults = self._read_char_defaults()
        self.max_len = max(
            max((len(w) for w in PHRASES_DICT), default=1), max((len(w) for w in self.own), default=1)
        )

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

    def readings(self, char: str) -> tuple[str, ...]:
        """All readings of a character, its default first; () if unknown."""
        cached = self._chars.get(char)
        if cached is not None:
            return cached
        raw = self._pinyin_dict.get(ord(char))
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

    def phrase(self, word: str) -> list[str] | None:
        """Citation reading of a multi-character word, or None when no dictionary lists it."""
        own = self.own.get(word)
        if own is not None:
            return own
        entry = self._phrases_dict.get(word)
        if entry is None:
            return None
        out = []
        for char, options in zip(word, entry):
            try:
                out.append(_citation(char, normalise_syllable(options[0])))
            except ValueError:
                return None
        return out if len(out) == len(word) else None

    def is_word(self, word: str) -> bool:
        return word in self.own or word in self._phrases_dict


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


def tone_base(syllable: str) -> str:
    return split_tone(syllable)[0]
