"""`build()`: load → annotate → render → write, in that order, and nothing else.

Like Pelican, everything is read and checked before anything is written; like MkDocs, the
output appears only when the whole build succeeded: pages go to a temporary folder that then
replaces the output folder, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .annotate import Annotator
from .config import load_config
from .content import load_article
from .errors import BuildFailed, SitegenError, Warning_
from .glossary import load_glossary
from .model import AnnotatedArticle, AnnotatedTerm, Site
from .readings import Reader, load_overrides
from .render import make_environment, render_site
from .script import default_fixes, load_fixes

MARKER = ".sitegen-output"  # marks a folder sitegen made, so it may replace it


@dataclass
class BuildResult:
    output: Path
    pages: int
    articles: int
    warnings: list[Warning_]


def build(root: Path, output: Path | None = None, base_url: str | None = None, drafts: bool = False,
          force: bool = False) -> BuildResult:
    root = root.resolve()
    output = (output or root / "public").resolve()
    check_output_folder(root, output, force)
    site = load_site(root, base_url=base_url, drafts=drafts)
    annotated, terms = annotate_site(site)
    pages = render_site(annotated, terms, site.glossary, site.config, make_environment(root / "templates"))
    write_site(pages, output)
    return BuildResult(output, len(pages), len(annotated), site.warnings)


def load_site(root: Path, base_url: str | None = None, drafts: bool = False) -> Site:
    """Read config, glossary, overrides and every article; report all article errors together."""
    config = load_config(root, base_url)
    content = root / "content"
    glossary, overrides, fixes = load_language_data(content)
    warnings: list[Warning_] = []
    errors: list[SitegenError] = []
    articles = []
    for path in sorted((content / "articles").glob("*.md")):
        try:
            article = load_article(path, warnings)
        except SitegenError as e:
            errors.append(e)
            continue
        if article.draft and not drafts:
            continue
        articles.append(article)
    seen: dict[str, Path] = {}
    for article in articles:
        if article.slug in seen:
            errors.append(SitegenError(article.path, 1, f"slug '{article.slug}' is also used by {seen[article.slug]}"))
        seen[article.slug] = article.path
    if errors:
        raise BuildFailed(errors)
    return Site(root, config, articles, glossary, overrides, fixes, warnings)


def load_language_data(content: Path):
    """The site's glossary, pinyin overrides and conversion fixes (the defaults plus the site's own)."""
    glossary = load_glossary(content / "glossary.yaml")
    site_overrides = content / "pinyin-overrides.txt"
    overrides = load_overrides(site_overrides) if site_overrides.exists() else {}
    site_fixes = content / "conversion-fixes.yaml"
    fixes = default_fixes().merged(load_fixes(site_fixes)) if site_fixes.exists() else default_fixes()
    return glossary, overrides, fixes


def load_site_data(root: Path) -> Annotator:
    """An annotator with the site's language data, for commands that annotate single files."""
    config = load_config(root)
    glossary, overrides, fixes = load_language_data(root / "content")
    return Annotator(glossary, Reader(overrides), fixes, config.tone_sandhi)


def annotate_site(site: Site) -> tuple[list[AnnotatedArticle], list[AnnotatedTerm]]:
    """Every article, and every glossary entry, annotated."""
    annotator = Annotator(site.glossary, Reader(site.pinyin_overrides), site.fixes, site.config.tone_sandhi)
    return [annotator.annotate(article) for article in site.articles], annotator.annotate_glossary()


def check_output_folder(root: Path, output: Path, force: bool) -> None:
    """Refuse to replace the project, its sources, or a folder sitegen did not make."""
    protected = [root, root / "content", root / "templates"]
    for folder in protected:
        if output == folder or folder.is_relative_to(output):
            raise SitegenError(output, None, f"refusing to write the site over {folder}: choose another --output")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists() and not force:
        raise SitegenError(output, None, "the output folder is not empty and was not made by sitegen (use --force to replace it)")


def write_site(pages: dict[str, bytes], output: Path) -> None:
    """Write every page into a temporary folder, then swap it in for the output folder."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        for relative, data in pages.items():
            path = temporary / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (temporary / MARKER).write_text("This folder is written by sitegen build and replaced on every build.\n")
        os.chmod(temporary, 0o755)
        old = None
        if output.exists():
            old = output.parent / f".{output.name}-old-{os.getpid()}"
            output.rename(old)
        temporary.rename(output)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
