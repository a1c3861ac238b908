"""Pinyin syllables: validation, tone-mark/number conversion, display styles and tone sandhi.

Everything here works on single syllables in the canonical form the reading stage uses: tone
marks, lowercase, ``ü`` spelled as ``ü`` and the neutral tone unmarked (``de``, ``zi``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS = {
    "a": "āáǎà",
    "o": "ōóǒò",
    "e": "ēéěè",
    "i": "īíǐì",
    "u": "ūúǔù",
    "ü": "ǖǘǚǜ",
}
_UNMARK = {m: (base, tone + 1) for base, marks in _MARKS.items() for tone, m in enumerate(marks)}
# ê, m, n with tones occur in dictionaries (诶 ê̄, 呣 ḿ, 嗯 ń/ňg); they are spelled with combining marks
_COMBINING = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_PRECOMPOSED_EXTRA = {"ḿ": ("m", 2), "ń": ("n", 2), "ň": ("n", 3), "ǹ": ("n", 4), "ế": ("ê", 2), "ề": ("ê", 4)}

_SYLLABLE_RE = re.compile(r"^[a-zêü]+[1-5]?$")


@lru_cache(maxsize=8192)
def split_tone(syllable: str) -> tuple[str, int]:
    """('zhong', 4) for 'zhòng' or 'zhong4'; tone 5 is the neutral tone. ü stays ü."""
    s = unicodedata.normalize("NFC", syllable.strip().lower())
    s = s.replace("u:", "ü").replace("v", "ü")
    if s and s[-1] in "012345":
        tone = int(s[-1]) or 5
        base = s[:-1]
        if any(c in _UNMARK or c in _PRECOMPOSED_EXTRA for c in base):
            raise ValueError(f"syllable {syllable!r} has both a tone mark and a tone number")
        return base, tone
    tone = 5
    out = []
    for c in unicodedata.normalize("NFD", s):
        if c in _COMBINING:
            if tone != 5:
                raise ValueError(f"syllable {syllable!r} has two tone marks")
            tone = _COMBINING[c]
            continue
        out.append(c)
    base = unicodedata.normalize("NFC", "".join(out))
    # NFD splits ü into u + diaeresis; NFC put it back. ê likewise.
    return base, tone


def _place_mark(base: str, tone: int) -> str:
    if tone == 5:
        return base
    if base in ("m", "n", "ng", "ê", "hm", "hng"):
        index = 0 if base != "hm" and base != "hng" else 1
        combined = base[: index + 1] + "\u0304\u0301\u030c\u0300"[tone - 1] + base[index + 1 :]
        return unicodedata.normalize("NFC", combined)
    # standard rule: a/e take the mark; in "ou" the o; otherwise the last vowel
    for vowel in ("a", "e"):
        if vowel in base:
            i = base.index(vowel)
            return base[:i] + _MARKS[vowel][tone - 1] + base[i + 1 :]
    if "ou" in base:
        i = base.index("ou")
        return base[:i] + _MARKS["o"][tone - 1] + base[i + 1 :]
    for i in range(len(base) - 1, -1, -1):
        if base[i] in _MARKS:
            return base[:i] + _MARKS[base[i]][tone - 1] + base[i + 1 :]
    return base


def join_tone(base: str, tone: int) -> str:
    """'zhòng' for ('zhong', 4); tone 5 leaves the syllable unmarked."""
    return _place_mark(base, tone)


@lru_cache(maxsize=1)
def valid_bases() -> frozenset[str]:
    """Every toneless syllable that pypinyin's character dictionary knows, plus interjections."""
    from .readings_store import store

    return store().bases


def all_bases(pinyin_dict: dict[int, str]) -> frozenset[str]:
    """``valid_bases`` computed from pypinyin's character dictionary (when compiling the store)."""
    bases = {"ê", "m", "n", "ng", "hm", "hng", "r"}
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            try:
                bases.add(split_tone(reading)[0])
            except ValueError:
                pass
    return frozenset(b for b in bases if _SYLLABLE_RE.match(b))


@lru_cache(maxsize=8192)
def _normalise(syllable: str) -> str:
    base, tone = split_tone(syllable)
    if base not in valid_bases():
        raise ValueError(f"{syllable!r} is not a pinyin syllable")
    return join_tone(base, tone)


def normalise_syllable(syllable: str) -> str:
    """Canonical tone-marked form of a tone-marked or tone-numbered syllable; ValueError if invalid."""
    if not isinstance(syllable, str) or not syllable.strip():
        raise ValueError("empty syllable")
    return _normalise(syllable)


def tone_of(syllable: str | None) -> int:
    """1-4, or 5 for the neutral tone; 0 for None."""
    if not syllable:
        return 0
    return split_tone(syllable)[1]


def with_tone(syllable: str, tone: int) -> str:
    return join_tone(split_tone(syllable)[0], tone)


# --- display styles -------------------------------------------------------------------------

STYLES = ("marks", "numbers", "zhuyin")


def format_syllable(syllable: str, style: str) -> str:
    """Display one canonical syllable.

    - ``marks``: as is (``zhòng``, ``lǜ``, ``de``).
    - ``numbers``: tone number after the syllable, neutral tone as ``5``, ü kept as ``ü``
      (``zhong4``, ``lü4``, ``de5``) — every syllable carries a digit, so nothing is ambiguous.
    - ``zhuyin``: bopomofo with its tone marks; first tone unmarked, neutral tone as a leading ˙
      (``ㄓㄨㄥˋ``, ``˙ㄉㄜ``), as Taiwanese textbooks write it.
    """
    if style == "marks":
        return syllable
    base, tone = split_tone(syllable)
    if style == "numbers":
        return f"{base}{tone}"
    if style == "zhuyin":
        return _zhuyin(base, tone)
    raise ValueError(f"unknown pinyin style {style!r} (expected one of {', '.join(STYLES)})")


_NASAL = {"m": "ㄇ", "n": "ㄣ", "ng": "ㄫ", "hm": "ㄏㄇ", "hng": "ㄏㄫ"}


@lru_cache(maxsize=4096)
def _zhuyin(base: str, tone: int) -> str:
    from pypinyin.style.bopomofo import BOPOMOFO_REPLACE, BOPOMOFO_TABLE

    if base == "ê":
        body = "ㄝ"
    elif base == "r":  # erhua 儿 written as a syllable
        body = "ㄦ"
    elif base in _NASAL:  # interjections without a vowel (嗯 ń, 呣 m, 哼 hng)
        body = _NASAL[base]
    else:
        s = base.replace("ü", "v") + "1"
        for find_re, replace in BOPOMOFO_REPLACE:
            s = find_re.sub(replace, s)
        body = "".join(BOPOMOFO_TABLE.get(c, c) for c in s)
    marks = {1: "", 2: "ˊ", 3: "ˇ", 4: "ˋ"}
    if tone == 5:
        return "˙" + body
    return body + marks[tone]


class Syllable(str):
    """A syllable that remembers the (Simplified) character it is the reading of.

    ``Reading.syllable`` is one of these, so ``apply_sandhi`` can tell 一 and 不 from other
    yī/bù syllables without being given the text. It is a ``str`` in every other respect.
    """

    __slots__ = ("char",)

    def __new__(cls, syllable: str, char: str):
        self = super().__new__(cls, syllable)
        self.char = char
        return self

    def __reduce__(self):
        return (Syllable, (str(self), self.char))


# --- tone sandhi ----------------------------------------------------------------------------

_OPENERS = set("，。！？；：、,.!?;:\n“”「」（）() \0")  # \0: a non-syllable when text is unknown
_NUMERALS = set("〇零一二三四五六七八九十百千万萬亿億两兩0123456789０１２３４５６７８９")


def apply_sandhi(
    syllables: list[str | None], words: list[tuple[int, int]], text: str | None = None
) -> list[str | None]:
    """Spoken tones from citation tones.

    - Third-tone runs inside one word: every third tone before another third tone becomes a second
      tone (你好 nǐ hǎo → ní hǎo; 展览馆 → zhán lán guǎn). Words do not affect each other.
    - 不 bù before a fourth tone → bú (不要 bú yào).
    - 一 yī before a fourth tone → yí, before a first, second or third tone → yì (一个 yí gè,
      一天 yì tiān), but it keeps yī as a number: after 第, next to another numeral (十一, 一九),
      at the end of a word (统一, 唯一), in 一月 (January) and in the enumerating 一是…二是…, and
      before anything that is not a syllable.

    The 一/不 rules need to know which syllables are 一 and 不: ``Reading.syllable`` values carry
    their character (``Syllable``), so ``apply_sandhi([r.syllable for r in readings], words)``
    works as is; for plain strings pass ``text`` (the characters, same length). Plain ``yī``/``bù``
    strings without ``text`` would be guesswork, and the function raises ValueError rather than
    apply half the rules.
    """
    if text is None:
        known = [getattr(s, "char", None) for s in syllables]
        if any(s and c is None for s, c in zip(syllables, known)) and any(s in ("yī", "bù") for s in syllables):
            raise ValueError("apply_sandhi needs text= (or Reading syllables) to tell 一 and 不 from other yī/bù")
        text = "".join(c or "\0" for c in known)
    if len(text) != len(syllables):
        raise ValueError("text and syllables must have the same length")
    out = list(syllables)
    word_of: dict[int, tuple[int, int]] = {}
    for start, end in words:
        for i in range(start, end):
            word_of[i] = (start, end)
    n = len(out)
    # third-tone runs within each word (computed on citation tones)
    for start, end in words:
        for i in range(start, min(end, n) - 1):
            if tone_of(syllables[i]) == 3 and tone_of(syllables[i + 1]) == 3:
                out[i] = with_tone(syllables[i], 2)
    for i, char in enumerate(text):
        syl = syllables[i]
        if char not in "一不" or not syl:
            continue
        j = i + 1
        if j >= n or not syllables[j]:
            continue
        following = tone_of(syllables[j])
        if char == "不" and syl == "bù":
            if following == 4:
                out[i] = "bú"
        elif char == "一" and syl == "yī":
            start, end = word_of.get(i, (i, i + 1))
            if end == i + 1 and start < i:  # 统一, 唯一, 万一
                continue
            if (i > 0 and text[i - 1] in _NUMERALS | {"第"}) or text[j] in _NUMERALS:
                continue
            if text[j] == "月" or (i > 0 and text[i - 1] == "月"):  # 一月 January, 五月一日
                continue
            if text[j] == "是" and (i == 0 or text[i - 1] in _OPENERS):  # 一是…，二是…: first
                continue
            if following == 4:
                out[i] = "yí"
            elif following in (1, 2, 3):
                out[i] = "yì"
    return out
