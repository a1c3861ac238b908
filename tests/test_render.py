"""Render stage: ruby markup, both scripts, lang attributes, pages."""

from sitegen.model import Token
from sitegen.markup import char_html, tokens_html
from sitegen.views import BlockView, group_lists, reading_minutes


def test_char_same_in_both_scripts():
    assert char_html("中", "中", "zhōng", "hant") == (
        '<ruby>中<rp>(</rp><rt lang="zh-Latn-pinyin">zhōng</rt><rp>)</rp></ruby>'
    )


def test_char_differing_renders_both_forms_own_first():
    html = char_html("國", "国", "guó", "hant")
    assert html.startswith('<ruby><span class="hant">國</span><span class="hans alt" lang="zh-Hans">国</span>')
    html = char_html("國", "国", "guó", "hans")
    assert '<span class="hans">国</span><span class="hant alt" lang="zh-Hant">國</span>' in html


def test_no_ruby_over_punctuation_latin_digits():
    assert char_html("，", "，", None, "hant") == "，"
    assert char_html("<", "<", None, "hant") == "&lt;"


def test_marks_links_and_terms():
    tokens = [
        Token("重要", "重要", "重要", ["zhòng", "yào"], marks=("strong",)),
        Token("四最", "四最", "四最", ["sì", "zuì"], term="四最"),
        Token("網", "网", "網", ["wǎng"], href="https://example.org/?a=1&b=2"),
    ]
    html = tokens_html(tokens, "hant", term_url=lambda key: f"/glossary/#term-{key}")
    assert html.startswith("<strong><ruby>重")
    assert '<a class="term" href="/glossary/#term-四最" data-term="四最">' in html
    assert '<a href="https://example.org/?a=1&amp;b=2">' in html
    assert html.count("<a") == html.count("</a>") == 2


def test_lists_grouped():
    views = [BlockView("p", "p1", "", None), BlockView("li", "p2", "", "ul"), BlockView("li", "p3", "", "ul")]
    assert [(kind, len(vs)) for kind, vs in group_lists(views)] == [(None, 1), ("ul", 2)]


def test_reading_minutes():
    assert reading_minutes(0, 250) == 1
    assert reading_minutes(1822, 250) == 8
