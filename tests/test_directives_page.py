"""Directives in the built seed site: directives.json, the index page, anchors in the text."""

import json
import re

from sitegen.script import to_hans

from .conftest import SEED_SLUG, eval_path


def gold():
    rows = []
    for line in eval_path("seed-directives.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, substring, speaker = (line.split("\t") + [""])[:3]
        rows.append((kind, substring, speaker.strip()))
    return rows


def test_directives_json_matches_the_seed_gold(seed_site):
    items = json.loads((seed_site / "directives.json").read_text(encoding="utf-8"))
    assert items, "no directives"
    for item in items:
        assert set(item) == {"text", "headline", "speaker", "article", "date", "url", "terms"}
        assert item["article"] == SEED_SLUG and item["date"] == "2018-08-29"
        assert re.fullmatch(rf"articles/{SEED_SLUG}/#d\d+", item["url"])
        assert item["text"].startswith(item["headline"])
    for kind, substring, speaker in gold():
        holders = [i for i in items if to_hans(substring) in to_hans(i["text"])]
        if kind == "must":
            assert len(holders) == 1, substring
            assert holders[0]["speaker"] == speaker, substring
        else:
            assert holders == [], substring


def test_every_directive_has_its_anchor_in_the_text(seed_site):
    items = json.loads((seed_site / "directives.json").read_text(encoding="utf-8"))
    html = (seed_site / f"articles/{SEED_SLUG}/index.html").read_text(encoding="utf-8")
    for item in items:
        anchor = item["url"].split("#")[1]
        assert f'<span class="directive" id="{anchor}">' in html


def test_directives_page_groups_and_links(seed_site):
    html = (seed_site / "directives/index.html").read_text(encoding="utf-8")
    items = json.loads((seed_site / "directives.json").read_text(encoding="utf-8"))
    assert re.findall(r'<li><a href="(/directives/[^"]+/)">2018-08</a>', html) == ["/directives/2018-08/"]
    month = (seed_site / "directives/2018-08/index.html").read_text(encoding="utf-8")
    assert month.count('<a class="go" href="/articles/') == len(items)
    assert "<h2>By theme</h2>" in html
    # the markers in the text and the themes link to each directive on its month's page
    article = (seed_site / f"articles/{SEED_SLUG}/index.html").read_text(encoding="utf-8")
    for target in re.findall(r'class="dmark" href="([^"]+)"', article) + re.findall(r'<a class="zh-plain" href="([^"]+)"', html):
        page, anchor = target.split("#")
        assert page == "/directives/2018-08/" and f'id="{anchor}"' in month
    for page in ["index.html", f"articles/{SEED_SLUG}/index.html", "glossary/index.html"]:
        assert 'href="/directives/"' in (seed_site / page).read_text(encoding="utf-8")


def test_themes_are_shared_terms_then_key_phrases(seed_site):
    import re

    html = (seed_site / "directives/index.html").read_text(encoding="utf-8").split("<h2>By theme</h2>")[1]
    headings = re.findall(r"<h3[^>]*>(.*?)</h3>", html, re.S)
    kinds = ["term" if 'href="/glossary/' in h else "phrase" for h in headings]
    assert kinds and kinds == sorted(kinds, key=lambda k: k != "term")  # terms first
    assert "term" in kinds and "phrase" in kinds
    plain = [re.sub(r"<rt.*?</rt>|<rp>.*?</rp>|<[^>]+>", "", h) for h in headings]
    assert not any(word in p for p in plain for word in ("推動", "推动", "加快", "我們"))
    sections = html.split("<h3")[1:]
    assert all(s.count("<li>") >= 2 for s in sections)  # a theme is shared by two or more


def test_index_shows_each_themes_newest_directives_and_months_have_pages(scratch):
    from sitegen.build import build
    from sitegen.check import check_site

    scratch.write("content/glossary.yaml", "放管服:\n  gloss: streamlining administration\n")
    for n in range(12):
        scratch.article(f"a{n:02d}", f"第{n}篇。要深化放管服改革，再上新水平。", date=f"2020-{1 + n % 3:02d}-{n + 1:02d}")
    build(scratch.root)
    public = scratch.root / "public"
    items = json.loads((public / "directives.json").read_text(encoding="utf-8"))
    assert len(items) == 12
    html = (public / "directives/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<li><a href="/directives/([\d-]+)/">', html) == ["2020-03", "2020-02", "2020-01"]
    theme = html.split("<h2>By theme</h2>")[1].split("</section>")[0]
    assert "12 directives; the 10 newest:" in theme
    newest = sorted(range(12), key=lambda n: (1 + n % 3, n + 1), reverse=True)[:10]  # by date
    assert re.findall(r'href="/directives/2020-0\d/#(a\d\d)-d1"', theme) == [f"a{n:02d}" for n in newest]
    march = (public / "directives/2020-03/index.html").read_text(encoding="utf-8")
    assert march.count('<a class="go" href="/articles/') == 4
    errors, _ = check_site(scratch.root)
    assert errors == []
