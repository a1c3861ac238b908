"""Render stage: annotated site → pages (path → bytes), through Jinja2 templates.

The annotated text becomes ruby markup here, in Python (it is the hot path and pure data
formatting); templates lay out pages. Each Han character gets one <ruby> with one <rt>; where
the two scripts differ, the base holds both forms and CSS shows the reader's choice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .model import AnnotatedArticle, AnnotatedBlock, AnnotatedTerm, Token
from .script import detect_script, is_han, to_hans, to_hant

LANG = {"hant": "zh-Hant", "hans": "zh-Hans"}
PINYIN_LANG = "zh-Latn-pinyin"
THEME = Path(__file__).resolve().parent.parent / "templates"
if not THEME.is_dir():  # installed from a wheel: the theme ships as sitegen/templates
    THEME = Path(__file__).resolve().parent / "templates"
ASSETS = ("style.css", "reader.js", "favicon.svg")
BLOCK_TAGS = {"p": "p", "quote": "blockquote", "ul": "li", "ol": "li", "code": "pre"}
MARK_TAGS = {"strong": "strong", "em": "em", "code": "code"}


@lru_cache(maxsize=1)
def interface_strings() -> dict:
    return yaml.safe_load((Path(__file__).parent / "data" / "strings.yaml").read_text(encoding="utf-8"))


def make_environment(site_templates: Path | None) -> Environment:
    """The theme's templates, overridable one by one from the site's own `templates/`."""
    loaders = [FileSystemLoader(str(site_templates))] if site_templates and site_templates.is_dir() else []
    loaders.append(FileSystemLoader(str(THEME)))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# ----------------------------------------------------------------------------- text markup


def char_html(hant: str, hans: str, syllable: str | None, source: str) -> str:
    """One character: ruby with its reading; both script forms where they differ."""
    if hant == hans:
        base = str(escape(hant))
    else:
        own, other = ("hant", "hans") if source == "hant" else ("hans", "hant")
        forms = {"hant": hant, "hans": hans}
        base = (
            f'<span class="{own}">{escape(forms[own])}</span>'
            f'<span class="{other} alt" lang="{LANG[other]}">{escape(forms[other])}</span>'
        )
    if syllable is None:
        return base
    return f'<ruby>{base}<rp>(</rp><rt lang="{PINYIN_LANG}">{escape(syllable)}</rt><rp>)</rp></ruby>'


def tokens_html(tokens: list[Token], source: str, term_url=None, directives: list[dict] | None = None) -> Markup:
    """Markup for a run of tokens, with formatting, links, glossary terms and directives.

    `directives[n]` gives the anchor and speaker markup for tokens with `directive == n`.
    """
    out: list[str] = []
    open_key = None
    open_directive = None
    for token in tokens:
        key = (token.marks, token.href, token.term)
        directive = token.directive if directives is not None else None
        if directive != open_directive or key != open_key:
            if open_key is not None:
                out.append(_close(open_key))
            if directive != open_directive:
                if open_directive is not None:
                    out.append("</span>")
                if directive is not None:
                    d = directives[directive]
                    out.append(f'<span class="directive" id="{d["anchor"]}">{d["marker_html"]}')
                open_directive = directive
            out.append(_open(key, term_url))
            open_key = key
        out.append("".join(char_html(a, b, p, source) for a, b, p in zip(token.hant, token.hans, token.pinyin)))
    if open_key is not None:
        out.append(_close(open_key))
    if open_directive is not None:
        out.append("</span>")
    return Markup("".join(out))


def _open(key, term_url) -> str:
    marks, href, term = key
    parts = [f"<{MARK_TAGS[m]}>" for m in marks if m in MARK_TAGS]
    if href is not None:
        parts.append(f'<a href="{escape(href)}">')
    elif term is not None and term_url is not None:
        parts.append(f'<a class="term" href="{escape(term_url(term))}" data-term="{escape(term)}">')
    return "".join(parts)


def _close(key) -> str:
    marks, href, term = key
    parts = []
    if href is not None or (term is not None):
        parts.append("</a>")
    parts.extend(f"</{MARK_TAGS[m]}>" for m in reversed(marks) if m in MARK_TAGS)
    return "".join(parts)


def script_html(hant: str, hans: str, source: str) -> str:
    """Text in both scripts without pinyin (snippets, notes)."""
    return "".join(char_html(a, b, None, source) for a, b in zip(hant, hans))


_CJK_RUN = None


def mixed_text_html(text: str) -> str:
    """English with Chinese in it (glossary notes): the Chinese switches script with the page."""
    import re

    global _CJK_RUN
    if _CJK_RUN is None:
        _CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e\U00020000-\U0003134f“”]+")
    out, last = [], 0
    for m in _CJK_RUN.finditer(text):
        run = m.group()
        out.append(str(escape(text[last : m.start()])))
        if any(is_han(c) for c in run):
            source = detect_script(run)
            out.append(f'<span class="zh" lang="{LANG[source]}">{script_html(to_hant(run), to_hans(run), source)}</span>')
        else:
            out.append(str(escape(run)))
        last = m.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def note_html(note: str | None, glossary, own_key: str, term_url) -> Markup:
    """A glossary note (inline Markdown, raw HTML off), other entries' terms linked."""
    from markdown_it import MarkdownIt

    from .glossary import find_terms

    if not note:
        return Markup("")
    tokens = MarkdownIt("commonmark", {"html": False}).parseInline(note.strip())[0].children or []
    out, in_link = [], False
    for token in tokens:
        if token.type == "text":
            text, last = token.content, 0
            for m in ([] if in_link else find_terms(glossary, text)):
                if m.key == own_key:
                    continue
                out.append(mixed_text_html(text[last : m.start]))
                out.append(f'<a href="{escape(term_url(m.key))}">{mixed_text_html(text[m.start : m.end])}</a>')
                last = m.end
            out.append(mixed_text_html(text[last:]))
        elif token.type == "link_open":
            href = token.attrs.get("href", "")
            in_link = True
            out.append(f'<a href="{escape(href)}">' if str(href).lower().startswith(("http:", "https:", "mailto:", "/", "#")) else "<a>")
        elif token.type == "link_close":
            in_link = False
            out.append("</a>")
        elif token.type in ("strong_open", "strong_close", "em_open", "em_close"):
            out.append(f"<{'/' if token.type.endswith('close') else ''}{token.tag}>")
        elif token.type == "code_inline":
            out.append(f"<code>{escape(token.content)}</code>")
        elif token.type == "softbreak":
            out.append(" ")
    return Markup("".join(out))


@dataclass
class TermView:
    key: str
    anchor: str  # id on the glossary page
    card: str  # id of its popup card on an article page
    html: Markup  # the term with ruby
    lang: str
    gloss: str
    expands: list[Markup]
    note: Markup
    aliases: Markup
    see: list[tuple[str, str]]  # (key, url)
    source: str | None
    url: str
    occurrences: list[dict]


def term_views(terms: list[AnnotatedTerm], glossary, base: str, term_url) -> dict[str, TermView]:
    views = {}
    for n, t in enumerate(terms, 1):
        entry = t.entry
        source = detect_script(entry.key)
        views[entry.key] = TermView(
            key=entry.key,
            anchor=f"term-{entry.key}",
            card=f"gl-{n}",
            html=tokens_html(t.term, source),
            lang=LANG[source],
            gloss=entry.gloss,
            expands=[tokens_html(x, source) for x in t.expands],
            note=note_html(entry.note, glossary, entry.key, term_url),
            aliases=Markup("、").join(Markup(mixed_text_html(a)) for a in entry.aliases),
            see=[(Markup(mixed_text_html(k)), term_url(k)) for k in entry.see],
            source=entry.source,
            url=term_url(entry.key),
            occurrences=[],
        )
    return views


def add_occurrences(views: dict[str, TermView], article: AnnotatedArticle, base: str, width: int = 14) -> None:
    """The concordance: each place a term occurs, with a little text either side."""
    for block in article.blocks:
        tokens = block.tokens
        for i, token in enumerate(tokens):
            if token.term not in views or (i and tokens[i - 1].term == token.term):
                continue
            end = i
            while end + 1 < len(tokens) and tokens[end + 1].term == token.term:
                end += 1
            before = "".join(t.text for t in tokens[:i])[-width:]
            after = "".join(t.text for t in tokens[end + 1 :])[:width]
            term = "".join(t.text for t in tokens[i : end + 1])
            views[token.term].occurrences.append(dict(
                url=f"{article_url(base, article.article.slug)}#{block.anchor}",
                title=article.article.title,
                lang=LANG[article.script],
                before=Markup(script_html(to_hant(before), to_hans(before), article.script)),
                term=Markup(script_html(to_hant(term), to_hans(term), article.script)),
                after=Markup(script_html(to_hant(after), to_hans(after), article.script)),
            ))


@dataclass
class BlockView:
    tag: str
    anchor: str
    html: Markup
    list_kind: str | None  # "ul"/"ol" for list items, so the template groups them


def block_views(blocks: list[AnnotatedBlock], source: str, term_url, directives: list[dict]) -> list[BlockView]:
    views = []
    for block in blocks:
        tag = f"h{min(block.level + 1, 6)}" if block.kind == "h" else BLOCK_TAGS.get(block.kind, "p")
        list_kind = block.kind if block.kind in ("ul", "ol") else None
        views.append(BlockView(tag, block.anchor, tokens_html(block.tokens, source, term_url, directives), list_kind))
    return views


def directive_records(article: AnnotatedArticle, base: str, strings: dict) -> list[dict]:
    """Each directive of an article: for its marker in the text, the index page and directives.json."""
    records = []
    url = article_url(base, article.article.slug)
    for number, d in enumerate(article.directives, 1):
        block = article.blocks[d.block]
        inside = [t for t in block.tokens if t.directive == number - 1]
        headline = inside[: _tokens_before(inside, len(d.headline))]
        speaker = d.speaker or strings["unknown_speaker"]
        # The speaker is drawn by CSS from attributes, so it is neither copied nor part of the text.
        marker = (f'<a class="dmark" href="{escape(f"{base}directives/#{article.article.slug}-d{number}")}" '
                  f'aria-label="{escape(strings["directive_by"].format(speaker=speaker))}" '
                  f'data-own="{escape(speaker)}" data-hant="{escape(to_hant(speaker))}" data-hans="{escape(to_hans(speaker))}"></a>')
        records.append(dict(
            marker_html=marker,
            anchor=f"d{number}",
            number=number,
            text=d.text,
            headline=d.headline,
            speaker=d.speaker,
            speaker_html=Markup(mixed_text_html(speaker)),
            terms=d.terms,
            url=f"{url}#d{number}",
            index_url=f"{base}directives/#{article.article.slug}-d{number}",
            index_anchor=f"{article.article.slug}-d{number}",
            headline_html=tokens_html(headline, article.script),
            text_html=tokens_html(inside, article.script),
            lang=LANG[article.script],
        ))
    return records


def _tokens_before(tokens: list[Token], length: int) -> int:
    """How many tokens make up the first `length` characters."""
    total = 0
    for count, token in enumerate(tokens):
        if total >= length:
            return count
        total += len(token.text)
    return len(tokens)


def group_lists(views: list[BlockView]) -> list[tuple[str | None, list[BlockView]]]:
    """Consecutive list items become one list: [(None, [p]), ("ul", [li, li]), …]."""
    groups: list[tuple[str | None, list[BlockView]]] = []
    for view in views:
        if view.list_kind and groups and groups[-1][0] == view.list_kind:
            groups[-1][1].append(view)
        else:
            groups.append((view.list_kind, [view]))
    return groups


# ----------------------------------------------------------------------------- directives


def directives_by_article(articles, summaries, directives) -> list[dict]:
    """Newest article first; within it, speakers in the order they first speak."""
    groups = []
    for a, summary in zip(articles, summaries):
        records = directives[a.article.slug]
        if not records:
            continue
        speakers: dict[str | None, list[dict]] = {}
        for record in records:
            speakers.setdefault(record["speaker"], []).append(record)
        groups.append(dict(summary=summary, speakers=[(r[0]["speaker_html"], r) for r in speakers.values()]))
    return groups


def directives_by_theme(articles, directives, glossary_terms) -> list[dict]:
    """Glossary terms that two or more directives mention, most shared first."""
    themes: dict[str, list[dict]] = {}
    for a in articles:
        for record in directives[a.article.slug]:
            for term in record["terms"]:
                themes.setdefault(term, []).append(record)
    shared = [(key, records) for key, records in themes.items() if len(records) >= 2 and key in glossary_terms]
    shared.sort(key=lambda item: (-len(item[1]), item[0]))
    return [dict(term=glossary_terms[key], records=records) for key, records in shared]


def directives_json(articles, directives) -> bytes:
    """public/directives.json: every directive of every article; urls relative to the site root."""
    import json

    items = [
        dict(text=r["text"], headline=r["headline"], speaker=r["speaker"], article=a.article.slug,
             date=a.article.date.isoformat(), url=f"articles/{a.article.slug}/#{r['anchor']}", terms=r["terms"])
        for a in articles
        for r in directives[a.article.slug]
    ]
    return (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------- pages


def reading_minutes(chars: int, speed: int) -> int:
    return max(1, math.ceil(chars / speed))


def article_url(base: str, slug: str) -> str:
    return f"{base}articles/{slug}/"


def render_site(annotated: list[AnnotatedArticle], terms: list[AnnotatedTerm], glossary, config,
                environment: Environment) -> dict[str, bytes]:
    """Every page and asset of the site, by path relative to the output folder."""
    base = config.base_path
    strings = interface_strings()[config.language]
    articles = sorted(annotated, key=lambda a: (a.article.date, a.article.slug), reverse=True)
    term_url = lambda key: f"{base}glossary/#term-{key}"  # noqa: E731
    glossary_terms = term_views(terms, glossary, base, term_url)
    for article in articles:
        add_occurrences(glossary_terms, article, base)
    common = dict(
        site=config,
        base=base,
        t=strings,
        assets={name: f"{base}assets/{name}" for name in ASSETS},
        nav=[(strings["home"], base), (strings["directives"], f"{base}directives/"),
             (strings["glossary"], f"{base}glossary/")],
    )
    directives = {a.article.slug: directive_records(a, base, strings) for a in articles}
    summaries = [
        dict(
            url=article_url(base, a.article.slug),
            title=tokens_html(a.title, a.script),
            title_text=a.article.title,
            lang=LANG[a.script],
            date=a.article.date.isoformat(),
            chars=a.char_count,
            minutes=reading_minutes(a.char_count, config.reading_speed),
            draft=a.article.draft,
        )
        for a in articles
    ]
    pages: dict[str, bytes] = {}

    def page(path: str, template: str, **context) -> None:
        html = environment.get_template(template).render(**common, **context)
        pages[path] = html.encode("utf-8")

    page("index.html", "index.html", articles=summaries, page_script=None, page_title=config.title)
    for a, summary in zip(articles, summaries):
        used = dict.fromkeys(t.term for b in a.blocks for t in b.tokens if t.term in glossary_terms)
        page(
            f"articles/{a.article.slug}/index.html",
            "article.html",
            article=a.article,
            summary=summary,
            page_script=a.script,
            page_title=a.article.title,
            groups=group_lists(block_views(a.blocks, a.script, term_url, directives[a.article.slug])),
            cards=[glossary_terms[key] for key in used],
        )
    page("glossary/index.html", "glossary.html", terms=list(glossary_terms.values()), page_script=None,
         page_title=strings["glossary"])
    page("directives/index.html", "directives.html", page_script=None, page_title=strings["directives"],
         by_article=directives_by_article(articles, summaries, directives),
         by_theme=directives_by_theme(articles, directives, glossary_terms))
    pages["directives.json"] = directives_json(articles, directives)
    page("404.html", "404.html", page_script=None, page_title=strings["not_found"])
    for name in ASSETS:
        pages[f"assets/{name}"] = (THEME / "assets" / name).read_bytes()
    pages[".nojekyll"] = b""
    return pages
