"""What GitHub Pages needs: base_url everywhere, sitemap, feed, robots, canonical, Open Graph, workflow."""

import re
import xml.etree.ElementTree as ET

import yaml

from sitegen.build import build

from .conftest import ROOT

BASE = "https://user.github.io/repo/"


def build_two(scratch):
    scratch.article("old", "舊文章。", date="2019-01-01", extra="summary: 一篇舊文章\n")
    scratch.article("new", "新文章。", date="2020-01-01")
    build(scratch.root, base_url=BASE)
    return scratch.root / "public"


def test_sitemap_lists_every_page_with_absolute_urls(scratch):
    public = build_two(scratch)
    tree = ET.parse(public / "sitemap.xml")
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = sorted(str(p.parent.relative_to(public)) for p in public.rglob("index.html"))
    assert sorted(loc.removeprefix(BASE).rstrip("/") or "." for loc in locs) == pages
    assert all(loc.startswith(BASE) for loc in locs)


def test_atom_feed_one_entry_per_article_newest_first(scratch):
    public = build_two(scratch)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(public / "feed.xml").getroot()
    links = [e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)]
    assert links == [f"{BASE}articles/new/", f"{BASE}articles/old/"]
    assert feed.find("a:entry/a:updated", ns).text == "2020-01-01T00:00:00Z"


def test_robots_canonical_description_open_graph(scratch):
    public = build_two(scratch)
    assert f"Sitemap: {BASE}sitemap.xml" in (public / "robots.txt").read_text()
    html = (public / "articles/old/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}articles/old/">' in html
    assert '<meta name="description" content="一篇舊文章">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="測試文章">' in html
    assert 'rel="icon" href="/repo/assets/favicon.svg"' in html


def test_404_uses_absolute_links(scratch):
    public = build_two(scratch)
    html = (public / "404.html").read_text(encoding="utf-8")
    links = [link for link in re.findall(r'(?:href|src)="([^"]+)"', html) if not link.startswith("#")]
    assert links and all(link.startswith("/repo/") for link in links)


def test_no_sitemap_without_an_absolute_base_url(scratch):
    scratch.article("a", "文章。")
    build(scratch.root)
    public = scratch.root / "public"
    assert not (public / "sitemap.xml").exists() and (public / "robots.txt").exists()


def test_pages_workflow():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML reads `on` as true
    assert "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    steps = [s.get("uses", s.get("run", "")) for s in workflow["jobs"]["build"]["steps"]]
    text = "\n".join(steps)
    for needed in ["actions/checkout", "actions/setup-python", "actions/configure-pages", "sitegen build --base-url",
                   "actions/upload-pages-artifact"]:
        assert needed in text
    assert any("actions/deploy-pages" in s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"])
