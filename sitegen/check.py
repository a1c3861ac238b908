"""`sitegen check`: build in memory and report what a curator should fix or review.

Errors: broken internal links and anchors. Warnings: readings decided by the weakest layers
(with the alternatives, to pin in `content/pinyin-overrides.txt`), quoted terms and numbered
formulas without a glossary entry, and the load stage's warnings (unknown keys, …).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import annotate_site, load_site
from .glossary import unglossed
from .render import make_environment, render_site

LINK = re.compile(r'(?:href|src)="([^"]*)"')
ID = re.compile(r'\sid="([^"]+)"')


def check_site(root: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) as printable `path:line: message` lines."""
    root = root.resolve()
    site = load_site(root, drafts=True)
    articles, terms = annotate_site(site)
    pages = render_site(articles, terms, site.glossary, site.config, make_environment(root / "templates"))
    errors = broken_links(pages, site.config.base_path)
    warnings = [str(w) for w in site.warnings]
    for annotated in articles:
        path = annotated.article.path
        for line, word, chosen, alternatives in annotated.review:
            warnings.append(f"{path}:{line}: review reading: {word}: {chosen} (also: {', '.join(alternatives)})")
        for block in annotated.article.blocks:
            for _, _, phrase in unglossed(site.glossary, block.text):
                warnings.append(f"{path}:{block.line}: no glossary entry for {phrase}")
    return errors, warnings


def broken_links(pages: dict[str, bytes], base: str) -> list[str]:
    """Internal links whose page or anchor does not exist, as `public/<page>: message` lines."""
    html = {path: data.decode("utf-8") for path, data in pages.items() if path.endswith(".html")}
    ids = {path: set(ID.findall(text)) for path, text in html.items()}
    problems = []
    for page, text in html.items():
        for link in dict.fromkeys(LINK.findall(text)):
            target = resolve(link, page, base)
            if target is None:
                continue
            path, anchor = target
            if path not in pages:
                problems.append(f"public/{page}: broken link {link}")
            elif anchor and path in ids and anchor not in ids[path]:
                problems.append(f"public/{page}: link {link} points to a missing anchor")
    return problems


def resolve(link: str, page: str, base: str) -> tuple[str, str] | None:
    """The output file and anchor an internal link points to; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    anchor = unquote(parts.fragment)
    if not parts.path:
        return page, anchor
    if not parts.path.startswith("/"):
        path = str(Path(page).parent / parts.path)
    elif parts.path.startswith(base):
        path = parts.path[len(base):]
    else:
        return parts.path, anchor  # outside the site's base path: broken under Pages
    path = unquote(path)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path.removeprefix("./"), anchor
