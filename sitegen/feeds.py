"""What a published site needs besides its pages: sitemap.xml, an Atom feed, robots.txt.

Sitemaps and feeds need absolute URLs, so they are written only when `base_url` is absolute
(`https://user.github.io/repo/`, as the Pages workflow passes it).
"""

from __future__ import annotations

import datetime as dt
from html import escape  # (xml.sax.saxutils pulls in urllib, http and email: 14 ms at every start)

from .model import ArticleOutput


def absolute_root(base_url: str) -> str | None:
    """The site's absolute URL with a trailing slash, or None when base_url is only a path."""
    if base_url.startswith(("http://", "https://")):
        return base_url if base_url.endswith("/") else base_url + "/"
    return None


def sitemap_xml(root: str, paths: list[str], lastmod: dict[str, dt.date]) -> bytes:
    """Every page under the site root: `paths` are folder paths relative to it ("" for home)."""
    rows = []
    for path in paths:
        modified = f"<lastmod>{lastmod[path].isoformat()}</lastmod>" if path in lastmod else ""
        rows.append(f"  <url><loc>{escape(root + path)}</loc>{modified}</url>")
    body = "\n".join(rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}\n</urlset>\n"
    ).encode("utf-8")


def atom_feed(root: str, config, articles: list[ArticleOutput]) -> bytes:
    """One entry per article, newest first (articles arrive sorted)."""
    def stamp(day: dt.date) -> str:
        return f"{day.isoformat()}T00:00:00Z"

    updated = stamp(articles[0].date) if articles else stamp(dt.date(2000, 1, 1))
    author = f"<author><name>{escape(config.author)}</name></author>" if config.author else ""
    entries = []
    for a in articles:
        url = f"{root}articles/{a.slug}/"
        summary = a.summary or a.title
        entries.append(
            "  <entry>\n"
            f"    <title>{escape(a.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{escape(url)}"/>\n'
            f"    <id>{escape(url)}</id>\n"
            f"    <updated>{stamp(a.date)}</updated>\n"
            f"    <summary>{escape(summary)}</summary>\n"
            "  </entry>"
        )
    body = "\n".join(entries)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(config.title)}</title>\n"
        f"  <subtitle>{escape(config.description)}</subtitle>\n"
        f'  <link rel="alternate" type="text/html" href="{escape(root)}"/>\n'
        f'  <link rel="self" type="application/atom+xml" href="{escape(root)}feed.xml"/>\n'
        f"  <id>{escape(root)}</id>\n"
        f"  <updated>{updated}</updated>\n"
        f"  {author}\n"
        f"{body}\n</feed>\n"
    ).encode("utf-8")


def robots_txt(root: str | None) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if root:
        lines.append(f"Sitemap: {root}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
