"""Render stage: annotated site → pages (path → bytes), through Jinja2 templates.

Templates lay out pages from prepared data (`views.py`); the annotated text becomes markup in
`markup.py`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .feeds import absolute_root, atom_feed, robots_txt, sitemap_xml
from .markup import LANG, tokens_html
from .model import AnnotatedArticle, AnnotatedTerm
from .search import build_search_index
from .views import (
    add_occurrences,
    article_url,
    block_views,
    directive_records,
    directives_by_article,
    directives_by_theme,
    directives_json,
    group_lists,
    reading_minutes,
    term_views,
)

THEME = Path(__file__).resolve().parent.parent / "templates"
if not THEME.is_dir():  # installed from a wheel: the theme ships as sitegen/templates
    THEME = Path(__file__).resolve().parent / "templates"
ASSETS = ("style.css", "reader.js", "search.js", "favicon.svg")


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


def render_site(annotated: list[AnnotatedArticle], terms: list[AnnotatedTerm], glossary, config,
                environment: Environment, page_cache=None, page_keys: dict[str, str] | None = None) -> dict[str, bytes]:
    """Every page and asset of the site, by path relative to the output folder.

    With `page_cache` (a cache.Cache) and `page_keys` (slug → a key covering everything the article
    page depends on), article pages rendered by an earlier build are reused.
    """
    base = config.base_path
    strings = interface_strings()[config.language]
    articles = sorted(annotated, key=lambda a: (a.article.date, a.article.slug), reverse=True)
    term_url = lambda key: f"{base}glossary/#term-{key}"  # noqa: E731
    glossary_terms = term_views(terms, glossary, base, term_url)
    for article in articles:
        add_occurrences(glossary_terms, article, base)
    root = absolute_root(config.base_url)
    common = dict(
        site=config,
        base=base,
        site_root=root,
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
        folder = path.removesuffix("index.html")
        canonical = f"{root}{folder}" if root and path != "404.html" else None
        html = environment.get_template(template).render(**common, **context, canonical=canonical)
        pages[path] = html.encode("utf-8")

    page("index.html", "index.html", articles=summaries, page_script=None, page_title=config.title)
    for a, summary in zip(articles, summaries):
        path = f"articles/{a.article.slug}/index.html"
        key = page_keys.get(a.article.slug) if page_cache is not None and page_keys else None
        if key and (cached := page_cache.get(key, count=False)) is not None:
            pages[path] = cached
            continue
        used = dict.fromkeys(t.term for b in a.blocks for t in b.tokens if t.term in glossary_terms)
        page(
            f"articles/{a.article.slug}/index.html",
            "article.html",
            article=a.article,
            summary=summary,
            page_script=a.script,
            page_title=a.article.title,
            groups=group_lists(block_views(a.blocks, a.script, term_url, directives[a.article.slug])),
            cards=[glossary_terms[term] for term in used],
        )
        if key:
            page_cache.put(key, pages[path])
    page("glossary/index.html", "glossary.html", terms=list(glossary_terms.values()), page_script=None,
         page_title=strings["glossary"])
    page("directives/index.html", "directives.html", page_script=None, page_title=strings["directives"],
         by_article=directives_by_article(articles, summaries, directives),
         by_theme=directives_by_theme(articles, directives, glossary_terms))
    pages["directives.json"] = directives_json(articles, directives)
    pages["search.json"] = build_search_index(articles)
    page("search/index.html", "search.html", page_script=None, page_title=strings["search"])
    page("404.html", "404.html", page_script=None, page_title=strings["not_found"])
    for name in ASSETS:
        pages[f"assets/{name}"] = (THEME / "assets" / name).read_bytes()
    pages[".nojekyll"] = b""
    pages["robots.txt"] = robots_txt(root)
    if root:
        folders = [p.removesuffix("index.html") for p in pages if p.endswith("index.html")]
        lastmod = {f"articles/{a.article.slug}/": a.article.date for a in articles}
        pages["sitemap.xml"] = sitemap_xml(root, sorted(folders), lastmod)
        pages["feed.xml"] = atom_feed(root, config, articles)
    return pages
