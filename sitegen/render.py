"""Render stage: annotated site → pages (path → bytes), through Jinja2 templates.

Templates lay out pages from prepared data (`views.py`); the annotated text becomes markup in
`markup.py`.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from .feeds import absolute_root, atom_feed, robots_txt, sitemap_xml
from .markup import LANG, tokens_html
from .model import AnnotatedArticle, AnnotatedTerm, ArticleOutput
from .script import FAST_LOADER
from .search import build_search_index, search_entry
from .views import (
    PLACES_ON_GLOSSARY,
    article_url,
    block_views,
    directive_group,
    directive_json_lines,
    directive_records,
    directives_by_month,
    directives_by_theme,
    directives_json,
    glossary_places,
    group_lists,
    month_view,
    occurrences,
    reading_minutes,
    site_records,
    term_views,
)

THEME = Path(__file__).resolve().parent.parent / "templates"
if not THEME.is_dir():  # installed from a wheel: the theme ships as sitegen/templates
    THEME = Path(__file__).resolve().parent / "templates"
ASSETS = ("style.css", "reader.js", "search.js", "favicon.svg")


@lru_cache(maxsize=1)
def interface_strings() -> dict:
    return yaml.load((Path(__file__).parent / "data" / "strings.yaml").read_text(encoding="utf-8"), Loader=FAST_LOADER)


def make_environment(site_templates: Path | None, compiled: Path | None = None) -> Environment:
    """The theme's templates, overridable one by one from the site's own `templates/`.
    `compiled`: a folder to keep compiled templates in between builds (keyed by their source)."""
    loaders = [FileSystemLoader(str(site_templates))] if site_templates and site_templates.is_dir() else []
    loaders.append(FileSystemLoader(str(THEME)))
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    environment = Environment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled is not None else None,
        auto_reload=False,  # one environment per build: no need to stat every template at every use
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.sitegen_folders = (site_templates, compiled)  # to make it again in another process
    return environment


@dataclass
class RenderContext:
    """What every page shares: templates, settings, interface strings, the glossary's views."""

    environment: Environment
    config: object
    strings: dict
    base: str
    root: str | None  # the absolute site URL, when base_url is one
    glossary_terms: dict  # key → views.TermView
    common: dict  # variables every template gets
    cards: dict = field(default_factory=dict)  # key → its popup card's markup (made once per build)
    # site pages made before, by what they were made from: get(key) → a file holding the page, or
    # None; put(key, bytes). `look` names the templates and settings (see `site_page`)
    made: object = None
    look: str = ""
    _views_digest: str | None = None

    def __getstate__(self) -> dict:
        """For another process: the templates' folders instead of the environment (which does not pickle)."""
        state = dict(self.__dict__)
        state["environment"] = state["environment"].sitegen_folders
        state["made"] = None  # site pages are made in the main process
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, environment=make_environment(*state["environment"]))

    def term_url(self, key: str) -> str:
        return f"{self.base}glossary/#term-{key}"

    def page(self, path: str, template: str, **context) -> bytes:
        folder = path.removesuffix("index.html")
        canonical = f"{self.root}{folder}" if self.root and path != "404.html" else None
        html = self.environment.get_template(template).render(**self.common, **context, canonical=canonical)
        return html.encode("utf-8")

    def views_digest(self) -> str:
        """A digest of the glossary's term views (a source of pages that show terms)."""
        if self._views_digest is None:
            self._views_digest = hashlib.sha256(pickle.dumps(self.glossary_terms, protocol=5)).hexdigest()
        return self._views_digest

    def site_page(self, path: str, template: str, sources: list[str] | None = None, more=None,
                  **context) -> bytes | Path:
        """`page`, or the file of the page made before from the same data (most site pages do not
        change when one article does). `sources`: digests (ArticleOutput.digests) of the articles'
        parts the page is made from, which then stand for those parts in its key; the parts come
        from `more()`, called only when the page must be made."""
        def made() -> bytes:
            return self.page(path, template, **context, **(more() if more else {}))

        if self.made is None:
            return made()
        key = hashlib.sha256(pickle.dumps((self.look, path, template, context, sources), protocol=5)).hexdigest()
        data = self.made.get(key)
        if data is None:
            data = made()
            self.made.put(key, data)
        return data


def make_context(terms: list[AnnotatedTerm] | None, glossary, config, environment: Environment,
                 views: dict | None = None) -> RenderContext:
    """`views`: the glossary's term views as a context made before had them (else made from `terms`)."""
    base = config.base_path
    strings = interface_strings()[config.language]
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
    context = RenderContext(environment, config, strings, base, root, {}, common)
    context.glossary_terms = views if views is not None else term_views(terms, glossary, base, context.term_url)
    popup = environment.get_template("_popup.html")
    context.cards = {key: Markup(popup.render(term=view, t=strings)) for key, view in context.glossary_terms.items()}
    return context


def render_article(a: AnnotatedArticle, context: RenderContext) -> ArticleOutput:
    """One article's page, and what the site-wide pages need from it."""
    base, terms = context.base, context.glossary_terms
    listing = dict(
        url=article_url(base, a.article.slug),
        title=tokens_html(a.title, a.script),
        title_text=a.article.title,
        lang=LANG[a.script],
        date=a.article.date.isoformat(),
        chars=a.char_count,
        minutes=reading_minutes(a.char_count, context.config.reading_speed),
        draft=a.article.draft,
    )
    directives = directive_records(a, base, context.strings)
    found = occurrences(a, set(terms), base)
    records = site_records(directives)
    section = context.environment.get_template("_directives_article.html")
    directives_html = section.render(group=directive_group(listing, directives), t=context.strings) \
        if directives else None
    used = dict.fromkeys(t.term for b in a.blocks for t in b.tokens if t.term in terms)
    page = context.page(
        f"articles/{a.article.slug}/index.html",
        "article.html",
        article=a.article,
        summary=listing,
        page_script=a.script,
        page_title=a.article.title,
        groups=group_lists(block_views(a.blocks, a.script, context.term_url, directives)),
        cards=[context.cards[term] for term in used],
    )
    return ArticleOutput(
        slug=a.article.slug,
        script=a.script,
        title=a.article.title,
        date=a.article.date,
        summary=a.article.summary,
        page=page,
        # what crosses between processes and into the cache is plain str (a Markup costs a call to
        # rebuild); render_site_pages marks it safe again
        listing={**listing, "title": str(listing["title"])},
        directives=records,
        directives_json=directive_json_lines(directives, a.article.slug, a.article.date),
        directives_html=directives_html,
        occurrences=found,
        search=search_entry(a),
        terms={t.term for b in a.blocks for t in b.tokens if t.term} | {t.term for t in a.title if t.term},
        digests={"directives": digest(directives_html or ""), "records": digest(repr(records)),
                 **{f"term:{k}": digest(lines) for k, (_, lines) in found.items()}},
    )


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def render_site_pages(outputs: list[ArticleOutput], context: RenderContext) -> dict[str, bytes | Path]:
    """Every file of the site but the article pages: home, glossary, directives, search, feeds, assets
    (a page made before, when the context has them, as the file holding it)."""
    strings, config, root = context.strings, context.config, context.root
    outputs = sorted(outputs, key=lambda o: (o.date, o.slug), reverse=True)
    chunks: dict[str, list[tuple[int, str]]] = {key: [] for key in context.glossary_terms}
    sources: dict[str, list[str]] = {key: [] for key in context.glossary_terms}
    for output in outputs:
        for key, chunk in output.occurrences.items():
            if key in chunks:
                chunks[key].append(chunk)
                sources[key].append(output.digests[f"term:{key}"])
    terms, places = {}, {}
    for key, view in context.glossary_terms.items():
        count = sum(n for n, _ in chunks[key])
        if count > PLACES_ON_GLOSSARY:  # the glossary shows the newest; a page of its own lists all
            places[f"{view.places_url.removeprefix(context.base)}index.html"] = replace(view, occurrences=count), key
        terms[key] = replace(view, occurrences=count, concordance=Markup(glossary_places(chunks[key])),
                             more=strings["all_places"].format(count=count) if count > PLACES_ON_GLOSSARY else None)
    months = directives_by_month(outputs, context.base, strings)
    pages = {
        "index.html": context.site_page("index.html", "index.html",
                                   articles=[{**o.listing, "title": Markup(o.listing["title"])} for o in outputs],
                                   page_script=None, page_title=config.title),
        "glossary/index.html": context.site_page("glossary/index.html", "glossary.html", terms=list(terms.values()),
                                            page_script=None, page_title=strings["glossary"]),
        "directives/index.html": context.site_page(
            "directives/index.html", "directives.html", page_script=None, page_title=strings["directives"],
            months=[{k: m[k] for k in ("url", "label", "counts")} for m in months],
            # the themes: from every article's directives and the glossary's terms
            sources=[o.digests["records"] for o in outputs] + [context.views_digest()],
            more=lambda: dict(by_theme=directives_by_theme(outputs, terms, strings))),
        "directives.json": directives_json(outputs),
        "search.json": build_search_index([o.search for o in outputs]),
        "search/index.html": context.site_page("search/index.html", "search.html", page_script=None,
                                          page_title=strings["search"]),
        "404.html": context.site_page("404.html", "404.html", page_script=None, page_title=strings["not_found"]),
        ".nojekyll": b"",
        "robots.txt": robots_txt(root),
    }
    for month in months:
        pages[month["path"]] = context.site_page(
            month["path"], "directives_month.html", page_script=None, page_title=f"{strings['directives']} · {month['label']}",
            sources=month["sources"], more=lambda month=month: dict(month=month_view(month)))
    for path, (view, key) in places.items():
        pages[path] = context.site_page(
            path, "glossary_term.html", page_script=None, page_title=f"{view.key} · {strings['glossary']}",
            sources=sources[key], more=lambda view=view, key=key: dict(
                term=replace(view, concordance=Markup("\n  ".join(t for _, t in chunks[key])))))
    for name in ASSETS:
        pages[f"assets/{name}"] = (THEME / "assets" / name).read_bytes()
    if root:
        folders = [p.removesuffix("index.html") for p in pages if p.endswith("index.html")]
        folders += [f"articles/{o.slug}/" for o in outputs]
        lastmod = {f"articles/{o.slug}/": o.date for o in outputs}
        pages["sitemap.xml"] = sitemap_xml(root, sorted(folders), lastmod)
        pages["feed.xml"] = atom_feed(root, config, outputs)
    return pages


def render_site(annotated: list[AnnotatedArticle], terms: list[AnnotatedTerm], glossary, config,
                environment: Environment) -> dict[str, bytes]:
    """Every page and asset of the site, by path relative to the output folder (all in memory)."""
    context = make_context(terms, glossary, config, environment)
    outputs = [render_article(a, context) for a in annotated]
    pages = {f"articles/{o.slug}/index.html": o.page for o in outputs}
    pages.update(render_site_pages(outputs, context))
    return pages
