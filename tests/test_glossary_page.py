"""The glossary page of the seed site: every entry, sorted by pinyin, with its occurrences."""

import re

from sitegen.build import load_site
from sitegen.annotate import toneless

from .conftest import ROOT, SEED_SLUG


def test_every_term_listed_in_pinyin_order_with_anchor(seed_site):
    html = (seed_site / "glossary/index.html").read_text(encoding="utf-8")
    glossary = load_site(ROOT).glossary
    ids = re.findall(r'<section class="entry" id="term-([^"]+)"', html)
    assert sorted(ids) == sorted(glossary.entries)
    # order: the toneless pinyin of the headings
    headings = re.findall(r'<section class="entry" id="term-[^"]+".*?<h2[^>]*>(.*?)</h2>', html, re.S)
    keys = [" ".join(re.findall(r"<rt[^>]*>([^<]+)</rt>", h)) for h in headings]
    assert [toneless(k) for k in keys] == sorted(toneless(k) for k in keys)


def test_concordance_lists_occurrences(seed_site):
    html = (seed_site / "glossary/index.html").read_text(encoding="utf-8")
    section = html.split('id="term-四最"', 1)[1].split("</section>", 1)[0]
    assert section.count(f'href="/articles/{SEED_SLUG}/#p') == 2  # 四最 occurs twice in the seed


def test_note_terms_link_to_their_entries(seed_site):
    html = (seed_site / "glossary/index.html").read_text(encoding="utf-8")
    section = html.split('id="term-十九大"', 1)[1].split("</section>", 1)[0]
    assert 'href="/glossary/#term-習近平新時代中國特色社會主義思想"' in section


def test_article_page_carries_cards_for_its_terms_only(seed_site):
    html = (seed_site / f"articles/{SEED_SLUG}/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="card" id="gl-\d+" data-term="([^"]+)"', html)
    terms = set(re.findall(r'<a class="term" href="[^"]+" data-term="([^"]+)"', html))
    assert set(cards) == terms and len(cards) == len(terms)


def test_a_term_with_many_places_gets_a_page_of_its_own(scratch):
    from sitegen.build import build
    from sitegen.check import check_site
    from sitegen.views import PLACES_ON_GLOSSARY

    scratch.write("content/glossary.yaml", "放管服:\n  gloss: streamlining administration\n四最:\n  gloss: the four mosts\n")
    count = PLACES_ON_GLOSSARY + 2
    for n in range(count):
        scratch.article(f"a{n:02d}", f"第{n}篇：深化放管服改革。", date=f"2020-01-{n + 1:02d}")
    scratch.article("b", "實現四最。", date="2019-12-01")
    build(scratch.root)
    public = scratch.root / "public"
    html = (public / "glossary/index.html").read_text(encoding="utf-8")
    section = html.split('id="term-放管服"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r'href="/articles/(a\d\d)/#p1"', section)
    assert shown == [f"a{n:02d}" for n in range(count - 1, count - 1 - PLACES_ON_GLOSSARY, -1)]  # the newest
    assert f"({count})" in section
    link = re.search(r'<p class="more"><a href="(/glossary/fang-guan-fu/)">All (\d+) places', section)
    assert link and int(link.group(2)) == count
    page = (public / "glossary/fang-guan-fu/index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="/articles/(a\d\d)/#p1"', page) == [f"a{n:02d}" for n in range(count - 1, -1, -1)]
    assert 'href="/glossary/#term-放管服"' in page  # back to the entry
    # a term with few places lists them all and has no page of its own
    few = html.split('id="term-四最"', 1)[1].split("</section>", 1)[0]
    assert 'class="more"' not in few and 'href="/articles/b/#p1"' in few
    assert not (public / "glossary/si-zui").exists()
    errors, _ = check_site(scratch.root)
    assert errors == []
