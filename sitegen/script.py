"""Both script forms of a text: OpenCC (official binding) plus an editable fixes file.

Traditional is Taiwan standard (`s2tw`, which keeps vocabulary; `s2twp` would rewrite 優化 as
最佳化); Simplified is `t2s`. Both configurations map a text character for character, so the two
forms line up with the source and a token's span is the same in all three.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import SitegenError, line_starting

DEFAULT_FIXES = Path(__file__).parent / "data" / "conversion-fixes.yaml"
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, when PyYAML was built with it


def load_converters() -> None:
    """Load OpenCC's dictionaries (≈0.06 s) now: before forking worker processes, which then share
    them. (The binding holds the GIL while it loads them: a thread would not overlap the load.)"""
    for config in CONFIGS:
        _converter(config)


CONFIGS = ("s2tw", "t2s")


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc  # the C++ library's binding; loads its dictionaries once

    return opencc.OpenCC(config)


@dataclass
class Fixes:
    """Phrase corrections applied after OpenCC, per target script."""

    hant: dict[str, str] = field(default_factory=dict)
    hans: dict[str, str] = field(default_factory=dict)

    def merged(self, other: "Fixes") -> "Fixes":
        return Fixes({**self.hant, **other.hant}, {**self.hans, **other.hans})


def load_fixes(path: Path) -> Fixes:
    """Read a fixes file; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.load(text, Loader=FAST_LOADER) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise SitegenError(path, mark.line + 1 if mark else None, f"invalid YAML: {e}") from None
    except UnicodeDecodeError:
        raise SitegenError(path, None, "not UTF-8 text") from None
    if not isinstance(data, dict):
        raise SitegenError(path, 1, "expected a mapping with keys 'hant' and 'hans'")
    fixes = Fixes()
    for key, value in data.items():
        if key not in ("hant", "hans"):
            raise SitegenError(path, line_starting(text, key), f"unknown key {key!r} (expected 'hant' or 'hans')")
        if not isinstance(value, dict):
            raise SitegenError(path, line_starting(text, key), f"'{key}' must map phrases to phrases")
        for wrong, right in value.items():
            if not isinstance(wrong, str) or not isinstance(right, str) or len(wrong) != len(right):
                raise SitegenError(
                    path, line_starting(text, str(wrong)), f"fix {wrong!r} → {right!r}: both sides must be text of the same length"
                )
            getattr(fixes, key)[wrong] = right
    return fixes


@lru_cache(maxsize=1)
def default_fixes() -> Fixes:
    return load_fixes(DEFAULT_FIXES)


def _apply_fixes(text: str, fixes: dict[str, str]) -> str:
    """Replace each fix's phrase, longest first at each position, left to right."""
    if not fixes:
        return text
    return _fixes_pattern(tuple(fixes.items())).sub(lambda m: fixes[m.group()], text)


@lru_cache(maxsize=8)
def _fixes_pattern(items: tuple[tuple[str, str], ...]) -> re.Pattern:
    phrases = sorted((wrong for wrong, _ in items), key=len, reverse=True)  # alternation tries longest first
    return re.compile("|".join(map(re.escape, phrases)))


@lru_cache(maxsize=512)  # the stages of one article convert the same paragraphs again
def _convert(text: str, config: str) -> str:
    converted = _converter(config).convert(text)
    if len(converted) != len(text):
        # Never seen with s2tw/t2s, but keep the forms aligned if a dictionary ever changes length.
        converted = "".join(c2 if len(c2 := _converter(config).convert(c)) == 1 else c for c in text)
    return converted


def to_hant(text: str, fixes: Fixes | None = None) -> str:
    """Traditional (Taiwan standard) form of text, same length as text."""
    return _apply_fixes(_convert(text, "s2tw"), (fixes or default_fixes()).hant)


def to_hans(text: str, fixes: Fixes | None = None) -> str:
    """Simplified form of text, same length as text."""
    return _apply_fixes(_convert(text, "t2s"), (fixes or default_fixes()).hans)


def each_converted(chars, convert) -> list[str]:
    """`convert` (to_hans, to_hant) of each character on its own, in one call: a line break between
    them keeps any phrase from spanning two."""
    chars = list(chars)
    if "\n" in chars:
        return [convert(c) for c in chars]
    return convert("\n".join(chars)).split("\n")


# CJK ideograph blocks: URO, Ext A, compatibility, Ext B-I (supplementary planes), and 〇.
_HAN_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
    (0x30000, 0x323AF),
    (0x3007, 0x3007),
)


HAN_RUN = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN_RANGES) + "]+")


def is_han(char: str) -> bool:
    """True for a CJK ideograph (the characters that get pinyin)."""
    if "\u4e00" <= char <= "\u9fff":  # the common case first: this runs for every character
        return True
    code = ord(char)
    return code >= 0x3007 and any(low <= code <= high for low, high in _HAN_RANGES)


def detect_script(*texts: str) -> str:
    """'hant' when the texts have more Traditional-only than Simplified-only characters."""
    traditional_only = simplified_only = 0
    for text in texts:
        hans, hant = _convert(text, "t2s"), _convert(text, "s2tw")
        traditional_only += sum(map(str.__ne__, text, hans))
        simplified_only += sum(map(str.__ne__, text, hant))
    return "hant" if traditional_only > simplified_only else "hans"
