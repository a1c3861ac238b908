"""`sitegen new "標題"`: start `content/articles/<slug>.md` as a draft, front matter filled in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .content import SLUG_RE
from .errors import SitegenError
from .importer import pinyin_slug

PLACEHOLDER = "在這裡寫正文。"  # "write the text here": the build refuses an article without text


def new_article(root: Path, title: str, date: str | None = None, slug: str | None = None) -> Path:
    """Write the new article file and return its path; never replaces an existing file."""
    title = title.strip()
    if not title:
        raise SitegenError(None, None, "the title is empty")
    if date is None:
        the_date = dt.date.today()
    else:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise ValueError
            the_date = dt.date.fromisoformat(date)
        except ValueError:
            raise SitegenError(None, None, f"--date {date!r} is not a real date (write it as YYYY-MM-DD)") from None
    slug = slug or pinyin_slug(title)
    if not SLUG_RE.match(slug):
        raise SitegenError(None, None, f"--slug {slug!r} must be lowercase letters, digits and hyphens")
    target = root / "content" / "articles" / f"{slug}.md"
    if target.exists():
        raise SitegenError(target, None, "already exists (choose another --slug, or edit that file)")
    meta = {"title": title, "date": the_date, "slug": slug, "draft": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as file:  # "x": not even a file made a moment ago
            file.write(f"---\n{front}---\n\n{placeholder(title)}\n")
    except FileExistsError:
        raise SitegenError(target, None, "already exists (choose another --slug, or edit that file)") from None
    return target


def placeholder(title: str) -> str:
    """The placeholder in the title's script, so the article's script is detected as the title's."""
    from .script import detect_script, to_hans

    return to_hans(PLACEHOLDER) if detect_script(title) == "hans" else PLACEHOLDER
