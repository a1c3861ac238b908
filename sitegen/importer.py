"""`sitegen import`: a raw source text → `content/articles/<slug>.md`.

The body keeps the source's paragraphs (one per non-empty line) and its words; the only change
is half-width punctuation between Chinese characters, which becomes full-width (,→，).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .errors import SitegenError
from .script import is_han

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# CJK punctuation that may stand on either side of a converted mark, like a Han character.
CJK_OPEN = "“‘「『（《〈【"
CJK_CLOSE = "”’」』）》〉】"


def normalise_punctuation(text: str) -> str:
    """Half-width , ; : ? ! with Chinese on both sides become full-width; nothing else changes."""
    chars = list(text)
    for i, char in enumerate(chars):
        if char in FULL_WIDTH and 0 < i < len(chars) - 1:
            before, after = text[i - 1], text[i + 1]
            if (is_han(before) or before in CJK_CLOSE) and (is_han(after) or after in CJK_OPEN):
                chars[i] = FULL_WIDTH[char]
    return "".join(chars)


def escape_markdown_line(line: str) -> str:
    """Keep a source line a plain paragraph: escape what Markdown would read as syntax."""
    line = re.sub(r"([\\`*_\[\]<>{}])", r"\\\1", line)
    if re.match(r"^\d+[.)]", line):
        line = re.sub(r"^(\d+)([.)])", r"\1\\\2", line)
    elif re.match(r"^(#{1,6}\s|[-+*]\s|>|={3,}|-{3,})", line):
        line = "\\" + line
    return line


def pinyin_slug(title: str, limit: int = 60) -> str:
    """A URL slug from the title's pinyin, without tones: 全省工業強省 → quan-sheng-gong-ye-qiang-sheng."""
    from pypinyin import lazy_pinyin

    from .script import to_hans

    words = [re.sub(r"[^a-z0-9]+", "-", w.lower().replace("ü", "v")).strip("-") for w in lazy_pinyin(to_hans(title))]
    slug = ""
    for word in filter(None, words):
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "article"


def import_text(source: Path, content: Path, title: str, date: str, slug: str | None = None,
                origin: str | None = None, summary: str | None = None, overwrite: bool = False) -> Path:
    """Write the article file and return its path."""
    try:
        the_date = dt.date.fromisoformat(date)
    except ValueError:
        raise SitegenError(None, None, f"--date {date!r} is not a real date (write it as YYYY-MM-DD)") from None
    try:
        raw = source.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise SitegenError(source, None, f"cannot read file: {e.strerror}") from None
    except UnicodeDecodeError:
        raise SitegenError(source, None, "not UTF-8 text (save the file as UTF-8)") from None
    paragraphs = [line.strip() for line in raw.replace("\r\n", "\n").split("\n") if line.strip()]
    if not paragraphs:
        raise SitegenError(source, 1, "the file has no text")
    slug = slug or pinyin_slug(title)
    target = content / "articles" / f"{slug}.md"
    if target.exists() and not overwrite:
        raise SitegenError(target, None, "already exists (choose another --slug, or --force to replace it)")
    meta = {"title": title, "date": the_date, "slug": slug}
    if origin:
        meta["source"] = origin
    if summary:
        meta["summary"] = summary
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    body = "\n\n".join(escape_markdown_line(normalise_punctuation(p)) for p in paragraphs)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    return target
