"""Load stage: an article file (YAML front matter + Markdown) → `Article`.

Markdown is parsed by markdown-it-py with raw HTML off, so anything that looks like HTML in an
article is shown as text. Each paragraph-level block keeps the line it starts on, for errors and
for `sitegen check`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import SitegenError, Warning_
from .model import Article, Block, Run

REQUIRED = ("title", "date")
OPTIONAL = ("slug", "source", "summary", "draft", "speakers", "pinyin", "script")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SAFE_SCHEMES = ("http:", "https:", "mailto:")

@lru_cache(maxsize=1)
def _markdown():
    """The Markdown parser, made on first use: a build whose articles are all cached never needs it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so an impossible date gets our message, not a traceback."""


class _FastFrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same with libyaml's parser (when PyYAML has it): several times faster. On an error the
    pure-Python parser reads the text again, for its more precise line numbers."""


_FrontMatterLoader.yaml_implicit_resolvers = _FastFrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    """A content file as text: UTF-8 (a BOM is fine), line ends normalised."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SitegenError(path, None, f"cannot read file: {e.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SitegenError(path, line, "not UTF-8 text (save the file as UTF-8)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """(front matter YAML, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SitegenError(path, 1, "missing front matter: the file must start with a line '---'")
    for number, line in enumerate(lines[1:], 2):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]), number + 1
    raise SitegenError(path, 1, "front matter is not closed: add a line '---' after it")


def parse_front_matter(source: str, path: Path) -> dict:
    try:
        try:
            data = yaml.load(source, Loader=_FastFrontMatterLoader)
        except yaml.YAMLError:
            data = yaml.load(source, Loader=_FrontMatterLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening '---'
        problem = getattr(e, "problem", None) or str(e)
        raise SitegenError(path, line, f"invalid YAML in front matter: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SitegenError(path, 2, "front matter must be a mapping of keys to values (title: …, date: …)")
    return data


def key_line(front: str, key: str) -> int:
    """Line in the file of a front matter key (the front matter starts on line 2)."""
    for number, line in enumerate(front.split("\n"), 2):
        if re.match(rf"^{re.escape(str(key))}\s*:", line):
            return number
    return 1


def load_article(path: Path, warnings: list[Warning_] | None = None) -> Article:
    """Read and validate one article file."""
    text = read_text(path)
    front, body, body_line = split_front_matter(text, path)
    meta = parse_front_matter(front, path)
    warnings = warnings if warnings is not None else []

    def fail(key: str, message: str):
        raise SitegenError(path, key_line(front, key), message)

    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            raise SitegenError(path, 1, f"front matter needs '{key}'")
    for key in meta:
        if key not in REQUIRED + OPTIONAL:
            hint = difflib.get_close_matches(str(key), REQUIRED + OPTIONAL, n=1)
            also = f" (did you mean '{hint[0]}'?)" if hint else ""
            warnings.append(Warning_(str(path), key_line(front, key), f"unknown front matter key '{key}'{also}"))

    title = meta["title"]
    if not isinstance(title, str):
        fail("title", "title must be text")
    date = parse_date(meta["date"], lambda m: fail("date", m))
    slug = meta.get("slug") or path.stem
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        if "slug" in meta:
            fail("slug", f"slug {slug!r} must be lowercase letters, digits and hyphens")
        raise SitegenError(path, 1, "the file name must be a slug (lowercase letters, digits, hyphens), or set 'slug'")
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        fail("draft", "draft must be true or false")
    speakers = meta.get("speakers") or []
    if not isinstance(speakers, list) or not all(isinstance(s, str) for s in speakers):
        fail("speakers", "speakers must be a list of names")
    for key in ("summary", "source"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            fail(key, f"{key} must be text")
    script = meta.get("script")
    if script is not None and script not in ("hans", "hant"):
        fail("script", "script must be 'hans' (Simplified) or 'hant' (Traditional)")
    overrides = parse_pinyin_overrides(meta.get("pinyin"), lambda m: fail("pinyin", m))

    blocks = parse_body(body, body_line, path)
    if not any(b.text.strip() for b in blocks):
        raise SitegenError(path, body_line, "the article has no text")
    return Article(
        path=path,
        slug=slug,
        title=title.strip(),
        date=date,
        blocks=blocks,
        title_line=key_line(front, "title"),
        summary=meta.get("summary"),
        source=meta.get("source"),
        draft=draft,
        speakers=speakers,
        pinyin_overrides=overrides,
        meta=meta,
    )


def parse_date(value, fail) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    fail(f"date {value!r} is not a real date (write it as YYYY-MM-DD)")


def parse_pinyin_overrides(value, fail) -> dict[str, list[str]]:
    """The front matter's `pinyin:` mapping (word → syllables), validated by the readings stage."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        fail("pinyin must map words to readings, e.g. 重振: chóng zhèn")
    from .readings import parse_override

    result = {}
    for word, reading in value.items():
        try:
            result[str(word)] = parse_override(str(word), reading)
        except ValueError as e:
            fail(f"pinyin for {word}: {e}")
    return result


def parse_body(body: str, first_line: int, path: Path) -> list[Block]:
    """Markdown → blocks of text runs. Lines are 1-based lines of the file."""
    blocks: list[Block] = []
    kind_stack: list[str] = []
    tokens = _markdown().parse(body)
    for i, token in enumerate(tokens):
        if token.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            kind_stack.append({"blockquote_open": "quote", "bullet_list_open": "ul", "ordered_list_open": "ol"}[token.type])
        elif token.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            kind_stack.pop()
        elif token.type == "inline":
            opener = tokens[i - 1]
            line = first_line + (token.map[0] if token.map else 0)
            if opener.type == "heading_open":
                kind, level = "h", int(opener.tag[1])
            else:
                kind, level = (kind_stack[-1] if kind_stack else "p"), 0
            runs = inline_runs(token.children or [], path, line)
            text_runs, marks = strip_directive_marks(runs)
            if any(r.text for r in text_runs):
                blocks.append(Block(kind=kind, runs=text_runs, line=line, level=level, marks=marks))
        elif token.type in ("code_block", "fence"):
            line = first_line + (token.map[0] if token.map else 0)
            blocks.append(Block(kind="code", runs=[Run(token.content.rstrip("\n"), ("code",))], line=line))
    return blocks


def inline_runs(children, path: Path, line: int) -> list[Run]:
    runs: list[Run] = []
    marks: list[str] = []
    href: str | None = None
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            extra = ("code",) if kind == "code_inline" else ()
            runs.append(Run(child.content, tuple(marks) + extra, href))
        elif kind == "softbreak":
            runs.append(Run("", tuple(marks), href))  # Chinese lines join without a space
        elif kind == "hardbreak":
            runs.append(Run("\n", tuple(marks), href))
        elif kind in ("strong_open", "em_open"):
            marks.append(kind[:-5])
        elif kind in ("strong_close", "em_close"):
            if kind[:-6] in marks:
                marks.remove(kind[:-6])
        elif kind == "link_open":
            href = safe_href(child.attrs.get("href", ""), path, line)
        elif kind == "link_close":
            href = None
        elif kind == "image":
            runs.append(Run(child.content, tuple(marks), href))  # alt text; images are not copied
    return merge_runs(runs)


def safe_href(href: str, path: Path, line: int) -> str:
    """Links may be http(s), mailto or relative; anything else (javascript:, data:) is refused."""
    value = str(href).strip()
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", value)
    if scheme and not value.lower().startswith(SAFE_SCHEMES):
        raise SitegenError(path, line, f"link {value!r}: only http, https, mailto and relative links are allowed")
    return value


def merge_runs(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].marks == run.marks and merged[-1].href == run.href:
            merged[-1] = Run(merged[-1].text + run.text, run.marks, run.href)
        elif run.text:
            merged.append(run)
    return [r for r in merged if r.text]


_MARK_RE = re.compile(r"\{([+-])|([+-])\}")


def strip_directive_marks(runs: list[Run]) -> tuple[list[Run], list[tuple[int, int, bool]]]:
    """Remove {+ … +} (a directive) and {- … -} (not one) markers; return their spans in the text."""
    out: list[Run] = []
    marks: list[tuple[int, int, bool]] = []
    offset = 0
    open_at: tuple[int, bool] | None = None
    for run in runs:
        pieces, last = [], 0
        for m in _MARK_RE.finditer(run.text):
            pieces.append(run.text[last : m.start()])
            offset += m.start() - last
            last = m.end()
            if m.group(1):
                open_at = (offset, m.group(1) == "+")
            elif open_at is not None and open_at[1] == (m.group(2) == "+"):
                marks.append((open_at[0], offset, open_at[1]))
                open_at = None
        pieces.append(run.text[last:])
        offset += len(run.text) - last
        out.append(Run("".join(pieces), run.marks, run.href))
    return [r for r in out if r.text], marks
