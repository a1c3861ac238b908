"""`build()`: load → annotate → render → write, in that order, and nothing else.

Like Pelican, everything is read and checked before anything is written; like MkDocs, the
output appears only when the whole build succeeded: pages go to a temporary folder that then
replaces the output folder, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .annotate import Annotator
from .cache import FOLDER as CACHE_FOLDER, PAGE, Cache, SitePages, fingerprint
from .config import SiteConfig, load_config
from .content import load_article
from .errors import BuildFailed, SitegenError, Warning_, line_starting
from .glossary import Glossary, load_glossary
from .model import AnnotatedArticle, AnnotatedTerm, Article, ArticleOutput, Site
from .readings import Reader, load_overrides
from .output import MARKER, SiteWriter, check_output_folder, page_path
from .render import make_context, make_environment, render_site_pages
from .script import default_fixes, load_converters, load_fixes
from .workers import MIN_PER_WORKER, Helper, Making, Producer, can_fork, worker_count


@dataclass
class BuildResult:
    output: Path
    pages: int
    articles: int
    warnings: list[Warning_]
    cached: int = 0  # articles whose annotation came from the cache
    unchanged: bool = False  # nothing changed: the output was left as it was
    # what the build held in memory: a process that exits next (the CLI) is spared freeing it
    kept: object = field(default=None, repr=False, compare=False)


def build(root: Path, output: Path | None = None, base_url: str | None = None, drafts: bool = False,
          force: bool = False, jobs: int | None = None, use_cache: bool = True, strict: bool = False,
          progress=None) -> BuildResult:
    """Build the site in `root` into `output` (default root/public). `progress(done, total)` is
    called as articles are annotated and rendered."""
    root = root.resolve()
    output = (output or root / "public").resolve()
    check_output_folder(root, output, force)
    inputs = input_fingerprint(root, (str(output), base_url, drafts, strict))
    if use_cache and (previous := previous_build(output, inputs)):
        return previous  # nothing changed since the site in `output` was built
    caches = Caches(root, use_cache)
    # A worker process starts now and loads what annotating needs while this process reads the
    # site; it then makes the changed articles (with this process, when there are many).
    helper = Helper() if jobs != 1 and can_fork() and worth_a_helper(root, caches) else None
    try:
        site = load_site(root, base_url=base_url, drafts=drafts, cache=caches.articles)
    except BaseException:
        helper and helper.close()
        raise
    writer = SiteWriter(output, caches.spare_site)
    try:
        context, outputs, cached = produce_articles(site, caches, jobs, progress, writer, helper)
        site.warnings.extend(unused_data(site, set().union(*(o.terms for o in outputs))))
        if strict and site.warnings:
            raise BuildFailed([SitegenError(w.path, w.line, w.message) for w in site.warnings])
        for relative, data in render_site_pages(outputs, context).items():
            writer.write(relative, data)
        if context.made is not None:
            context.made.save()
        result = BuildResult(output, writer.count, len(outputs), site.warnings, cached, kept=(site, outputs, context))
        writer.commit(json.dumps(dict(
            inputs=inputs if use_cache else None, pages=result.pages, articles=result.articles,
            warnings=[[w.path, w.line, w.message] for w in result.warnings])))
    except BaseException:
        writer.abort()
        raise
    caches.prune()
    return result


def input_fingerprint(root: Path, options: tuple, folders: tuple[str, ...] = ("content", "templates")) -> str:
    """A hash of everything a build reads: content/, templates/, sitegen.toml, options and code."""
    parts: list[bytes | str] = [repr(options)]
    for folder in (root / name for name in folders):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                parts += [str(path.relative_to(root)), path.read_bytes()]
    parts.append(read_bytes(root / "sitegen.toml"))
    return fingerprint(*parts)


def previous_build(output: Path, inputs: str) -> BuildResult | None:
    """The result of the build that made `output`, if it was made from exactly these inputs."""
    try:
        record = json.loads((output / MARKER).read_text(encoding="utf-8"))
        if record["inputs"] != inputs:
            return None
        warnings = [Warning_(*w) for w in record["warnings"]]
        return BuildResult(output, record["pages"], record["articles"], warnings, record["articles"], unchanged=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_site(root: Path, base_url: str | None = None, drafts: bool = False, cache: Cache | None = None) -> Site:
    """Read config, language data and every article; report every problem found, together.
    `cache` keeps parsed articles by file content (a file that did not change is not parsed again)."""
    warnings: list[Warning_] = []
    errors: list[SitegenError] = []

    def attempt(load, fallback):
        try:
            return load()
        except SitegenError as e:
            errors.append(e)
            return fallback

    content = root / "content"
    config = attempt(lambda: load_config(root, base_url, warnings), None) or SiteConfig(base_url=base_url or "/")
    glossary = attempt(lambda: load_parsed_glossary(content / "glossary.yaml", cache), Glossary({}))
    overrides = attempt(lambda: load_site_overrides(content), {})
    fixes = attempt(lambda: load_site_fixes(content), default_fixes())
    warnings.extend(glossary.warnings)
    articles = []
    for path in sorted((content / "articles").glob("*.md")):
        article = attempt(lambda: load_parsed(path, warnings, cache), None)
        if article is not None and (drafts or not article.draft):
            articles.append(article)
    seen: dict[str, Path] = {}
    for article in articles:
        if article.slug in seen:
            errors.append(SitegenError(article.path, 1, f"slug '{article.slug}' is also used by {seen[article.slug]}"))
        seen[article.slug] = article.path
    if errors:
        raise BuildFailed(errors)
    return Site(root, config, articles, glossary, overrides, fixes, warnings)


def read_once(path: Path, cache: Cache | None, read):
    """`read()`, or what it returned for a file at `path` with the same content."""
    if cache is None or not cache.enabled:
        return read()
    try:
        key = fingerprint("parsed", str(path), path.read_bytes())
    except OSError:
        return read()  # which reports the problem, or knows what a missing file means
    found = cache.get(key, count=False)
    if found is None:
        found = read()
        cache.put(key, found)
    return found


def load_parsed(path: Path, warnings: list[Warning_], cache: Cache | None) -> Article:
    """`load_article`, or what it returned for a file with the same content (with its warnings)."""
    def read():
        own: list[Warning_] = []
        return load_article(path, own), own

    article, own = read_once(path, cache, read)
    warnings.extend(own)
    return article


def load_parsed_glossary(path: Path, cache: Cache | None) -> Glossary:
    """`load_glossary`, or what it returned for a file with the same content (reading a glossary
    converts every term to Simplified, which needs OpenCC's dictionaries loaded)."""
    return read_once(path, cache, lambda: load_glossary(path))


def load_language_data(content: Path):
    """The site's glossary, pinyin overrides and conversion fixes (the defaults plus the site's own)."""
    return load_glossary(content / "glossary.yaml"), load_site_overrides(content), load_site_fixes(content)


def load_site_overrides(content: Path) -> dict[str, list[str]]:
    path = content / "pinyin-overrides.txt"
    return load_overrides(path) if path.exists() else {}


def load_site_fixes(content: Path):
    path = content / "conversion-fixes.yaml"
    return default_fixes().merged(load_fixes(path)) if path.exists() else default_fixes()


def load_site_data(root: Path) -> Annotator:
    """An annotator with the site's language data, for commands that annotate single files."""
    config = load_config(root)
    glossary, overrides, fixes = load_language_data(root / "content")
    return Annotator(glossary, Reader(overrides), fixes, config.tone_sandhi)


def worth_a_helper(root: Path, caches: Caches) -> bool:
    """Whether a build will most likely use a helper: after an earlier build (an edit, most
    likely: this process need not load what annotating needs), or for many articles (they share
    them). Not for the first build of a small site, where this process loads it all anyway."""
    if caches.annotations.enabled and caches.annotations.folder.is_dir():
        return True
    folder = root / "content" / "articles"
    return folder.is_dir() and sum(1 for _ in folder.glob("*.md")) >= 2 * MIN_PER_WORKER


class Caches:
    """The caches of a site: parsed articles, annotated articles, and what the render stage made of them."""

    def __init__(self, root: Path, enabled: bool = True):
        self.articles = Cache(root / CACHE_FOLDER / "articles", enabled)
        self.annotations = Cache(root / CACHE_FOLDER / "annotations", enabled)
        self.outputs = Cache(root / CACHE_FOLDER / "pages", enabled)
        self.compiled_templates = root / CACHE_FOLDER / "templates" if enabled else None
        self.spare_site = root / CACHE_FOLDER / "site" if enabled else None  # see SiteWriter

    def prune(self) -> None:
        self.articles.prune()
        self.annotations.prune()
        self.outputs.prune()


def produce_articles(site: Site, caches: Caches, jobs: int | None = None, progress=None,
                     writer: SiteWriter | None = None, helper: Helper | None = None):
    """Each article annotated and rendered: from the caches where nothing it depends on changed,
    the rest in parallel worker processes when there are enough of them. Each page goes to disk
    (`writer`) as soon as it is made, by the process that made it, and is then dropped from memory.
    `helper`: the worker process the build started with (see workers.Helper; closed here in any case).
    Returns (render context, ArticleOutputs in site order, how many needed no annotation)."""
    try:
        return _produce_articles(site, caches, jobs, progress, writer, helper)
    finally:
        helper and helper.close()


def _produce_articles(site, caches, jobs, progress, writer, helper):
    annotator = Annotator(site.glossary, Reader(site.pinyin_overrides), site.fixes, site.config.tone_sandhi)
    environment = make_environment(site.root / "templates", caches.compiled_templates)
    shared = language_key(site)  # (it reads the glossary file: once)
    views_key = fingerprint(shared, repr(site.config), "term-views")
    views = caches.annotations.get(views_key, count=False)
    terms = glossary_terms(site, annotator, caches.annotations, needed=views is None, shared=shared)
    context = make_context(terms, site.glossary, site.config, environment, views)
    if views is None:
        caches.annotations.put(views_key, context.glossary_terms)
    look = fingerprint(input_fingerprint(site.root, ("templates",), folders=("templates",)), repr(site.config))
    if caches.outputs.enabled:
        context.made, context.look = SitePages(caches.outputs), look
    keys = annotation_keys(site, shared)
    output_keys = [fingerprint(look, key) for key in keys]
    latest_keys = [fingerprint(shared, "latest", str(a.path)) for a in site.articles]
    caches.annotations.used.update(keys + latest_keys)  # workers read and write these entries themselves
    caches.outputs.used.update(output_keys + [key + PAGE for key in output_keys])
    pages = [caches.outputs.file(key + PAGE) for key in output_keys]
    outputs: list[ArticleOutput | None] = [None] * len(output_keys)
    missing = [i for i, page in enumerate(pages) if page is None or caches.outputs.file(output_keys[i]) is None]
    producer = Producer(annotator, context, caches, writer.folder if writer else None)
    report = progress or (lambda done, total: None)

    def start(indices: list[int], parallel: bool) -> Making:
        nonlocal helper
        work = [(site.articles[i], keys[i], output_keys[i], latest_keys[i]) for i in indices]
        few = len(work) < 2 * MIN_PER_WORKER
        # a few articles: the helper makes them, unless this process has loaded what they need
        # (it read the glossary's terms); many: the helper and this process share them
        if helper and work and ((few and not annotator.has_read) or (not few and worker_count(jobs, len(work)) <= 2)):
            making, helper = Making(producer, work, jobs, parallel, helper), None  # (it takes work once)
            return making
        if helper:
            helper.close()  # work for more processes: the usual workers, forked now, share what loads below
            helper = None
        if parallel and work:
            load_converters()
        annotator.prepare([item[0] for item in work])  # before workers fork: they share it
        return Making(producer, work, jobs, parallel)

    def collect(indices: list[int], making: Making) -> int:
        """Put the made outputs in place; how many of them needed annotating."""
        annotated_now = 0
        for count, (i, (output, annotated)) in enumerate(zip(indices, making)):
            outputs[i] = output
            annotated_now += annotated
            if writer is not None:
                writer.added(page_path(output))  # the producer wrote the page
            report(count + 1, len(indices))
        return annotated_now

    # Articles to make go to worker processes first (to the helper, if the build started one);
    # meanwhile this process takes the others from the cache.
    making = start(missing, parallel=len(missing) >= 2 * MIN_PER_WORKER or len(missing) < len(keys))
    damaged, to_make = [], set(missing)
    for i, page in enumerate(pages):
        if i not in to_make:
            outputs[i] = caches.outputs.get(output_keys[i], count=False)
            if outputs[i] is None or outputs[i].page_size != page.stat().st_size:
                outputs[i] = None
                damaged.append(i)  # an entry that cannot be read, or a cut page: made again below
            elif writer is not None:
                writer.copy(page, page_path(outputs[i]))
    annotated = collect(missing, making)
    if damaged:
        annotated += collect(damaged, start(damaged, parallel=False))
    return context, outputs, len(outputs) - annotated


def glossary_terms(site: Site, annotator: Annotator, cache: Cache, needed: bool = True,
                   shared: str | None = None) -> list[AnnotatedTerm] | None:
    """The glossary's entries annotated, from the cache when the language data is unchanged
    (when not `needed`, only the cache entry is kept). `shared`: the site's `language_key`."""
    key = fingerprint(shared or language_key(site), "glossary-terms")
    if not needed:
        cache.used.add(key)
        return None
    terms = cache.get(key, count=False)
    if terms is None:
        terms = annotator.annotate_glossary()
        cache.put(key, terms)
    return terms


def annotate_site(site: Site, cache: Cache | None = None) -> tuple[list[AnnotatedArticle], list[AnnotatedTerm]]:
    """Every article and glossary entry annotated, in this process (for `check` and tools)."""
    cache = cache or Cache(site.root / CACHE_FOLDER / "annotations", enabled=False)
    annotator = Annotator(site.glossary, Reader(site.pinyin_overrides), site.fixes, site.config.tone_sandhi)
    articles = []
    for article, key in zip(site.articles, annotation_keys(site)):
        annotated = cache.get(key)
        if annotated is None:
            annotated = annotator.annotate(article)
            cache.put(key, annotated)
        articles.append(annotated)
    return articles, glossary_terms(site, annotator, cache)


def unused_data(site: Site, used: set[str]) -> list[Warning_]:
    """Glossary terms (`used`: the keys that occur) and pinyin overrides that match nothing: usually a typo."""
    from .glossary import normalize

    warnings = []
    for key, entry in site.glossary.entries.items():
        if key not in used and site.articles:
            warnings.append(Warning_(str(site.glossary.path), entry.line, f"glossary term '{key}' occurs in no article"))
    if not site.pinyin_overrides and not any(a.pinyin_overrides for a in site.articles):
        return warnings  # nothing to look for: skip normalising every article's text
    texts = [normalize(a.title + "".join(b.text for b in a.blocks)) for a in site.articles]
    overrides_file = site.root / "content" / "pinyin-overrides.txt"
    unused = [w for w in site.pinyin_overrides if texts and not any(normalize(w) in text for text in texts)]
    if unused:
        listing = overrides_file.read_text(encoding="utf-8-sig")
        warnings += [Warning_(str(overrides_file), line_starting(listing, w), f"override '{w}' occurs in no article")
                     for w in unused]
    for article, text in zip(site.articles, texts):
        for word in article.pinyin_overrides:
            if normalize(word) not in text:
                warnings.append(Warning_(str(article.path), key_line_of(article, "pinyin"),
                                         f"pinyin override '{word}' does not occur in this article"))
    return warnings


def key_line_of(article: Article, key: str) -> int:
    from .content import key_line, read_text, split_front_matter

    front, _, _ = split_front_matter(read_text(article.path), article.path)
    return key_line(front, key)


def language_key(site: Site) -> str:
    """What every article's annotation depends on besides its own file."""
    options = (site.pinyin_overrides, site.fixes, site.config.tone_sandhi)
    return fingerprint(read_bytes(site.glossary.path), repr(options))


def annotation_keys(site: Site, shared: str | None = None) -> list[str]:
    """A cache key per article: its file and the shared language data (`shared`: `language_key`)."""
    shared = shared or language_key(site)
    return [fingerprint(shared, str(a.path), a.path.read_bytes(), repr(a.meta.get("slug")), str(a.draft))
            for a in site.articles]


def read_bytes(path: Path | None) -> bytes:
    return path.read_bytes() if path is not None and path.exists() else b""


