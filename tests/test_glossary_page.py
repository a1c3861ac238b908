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
