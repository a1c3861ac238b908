"""The plain data every stage passes on: load → annotate → render → write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

Script = str  # "hans" (Simplified) or "hant" (Traditional, Taiwan standard)


@dataclass
class Run:
    """A stretch of inline text with one formatting (plain, **strong**, *em*, a link)."""

    text: str
    marks: tuple[str, ...] = ()
    href: str | None = None


@dataclass
class Block:
    """A paragraph-level piece of an article body, as loaded from Markdown."""

    kind: str  # "p", "h", "quote", "li"
    runs: list[Run]
    line: int  # 1-based line in the article file
    level: int = 0  # heading level for "h"
    # author corrections for directives: (start, end, is_directive) spans of text, from {+…+} / {-…-}
    marks: list[tuple[int, int, bool]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Article:
    """One content file, read and validated, not yet annotated."""

    path: Path
    slug: str
    title: str
    date: dt.date
    blocks: list[Block]
    title_line: int = 1
    summary: str | None = None
    source: str | None = None
    draft: bool = False
    speakers: list[str] = field(default_factory=list)
    # word → syllables, from the front matter's `pinyin:` mapping
    pinyin_overrides: dict[str, list[str]] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)


@dataclass(slots=True)  # there are hundreds of thousands of these in a large site
class Token:
    """A word (or a punctuation/Latin run) with its forms in both scripts and its readings."""

    text: str  # as written in the source
    hans: str  # same span, Simplified
    hant: str  # same span, Traditional (Taiwan)
    pinyin: tuple[str | None, ...]  # one per character of text; None where not a Han character
    term: str | None = None  # glossary key this token belongs to
    marks: tuple[str, ...] = ()
    href: str | None = None
    directive: int | None = None  # index into the article's directives, for tokens inside one


@dataclass
class AnnotatedBlock:
    kind: str
    level: int
    line: int
    anchor: str  # id of the block on its page, e.g. "p3"
    tokens: list[Token]

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)


@dataclass
class AnnotatedArticle:
    article: Article
    script: Script  # the script the article was written in
    title: list[Token]
    blocks: list[AnnotatedBlock]
    char_count: int  # Han characters in the body
    directives: list = field(default_factory=list)  # directives.Directive, in text order
    # readings decided by the weakest layers, for `sitegen check`: (line, word, chosen, alternatives)
    review: list[tuple[int, str, str, tuple[str, ...]]] = field(default_factory=list)
    # each block as read, before directives were marked: (kind, runs) → (tokens, review items
    # without their line); the next version of the article reuses the blocks that did not change
    read: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass
class AnnotatedTerm:
    """A glossary entry with its term and expansions annotated like article text."""

    entry: object  # glossary.Entry
    term: list[Token]
    expands: list[list[Token]]
    sort_key: str  # toneless pinyin, for ordering the glossary page


@dataclass
class ArticleOutput:
    """What the render stage makes of one article: its page, and what the site-wide pages
    (home, glossary, directives, search, feed) need from it. Small, so it is cached whole."""

    slug: str
    script: str
    title: str
    date: object  # datetime.date
    summary: str | None
    page: bytes  # articles/<slug>/index.html
    listing: dict  # the home page's entry
    directives: list[dict]  # views.site_records of its directives
    directives_html: str | None  # its section of the directives page
    directives_json: str  # its entries in directives.json, one per line
    occurrences: dict[str, tuple]  # glossary key → (places, concordance lines) (views.occurrences)
    search: tuple  # search.search_entry: its entry in search.json and its characters' usual forms
    terms: set[str]  # glossary keys used in the article
    page_size: int = 0  # bytes of `page` once it is kept apart (a cached page of another size is damaged)
    # digests of the parts site pages are made of ("directives", "term:<key>"): they stand for
    # those parts in the keys of the site pages made before (render.RenderContext.site_page)
    digests: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    """Everything the build read, before annotation (Pelican's "read everything, then write")."""

    root: Path
    config: object  # config.SiteConfig
    articles: list[Article]
    glossary: object  # glossary.Glossary
    pinyin_overrides: dict[str, list[str]]
    fixes: object  # script.Fixes
    warnings: list = field(default_factory=list)
